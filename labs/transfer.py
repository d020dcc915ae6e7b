"""Transfer learning on digits for the transfer-learning lab: pretrain on 0-4, adapt to 5-9.

* `split_digits(data, classes)`: the images of some digit classes, labels renumbered 0, 1, ...
* `per_class(X, y, n, seed)`: the first `n` images of every class in a seeded random order (capped at
  what a class has): the "n labels per class" training sets.
* `DigitNet`: a small ConvNet split into `backbone` (conv-BN-ReLU-pool twice, optionally a hidden fully
  connected layer) and `head` (one linear layer to the class scores).
* `train_steps(model, X, y, ...)`: a fixed number of Adam steps on random mini-batches, with its own
  learning rate for the backbone (discriminative rates; 0 leaves the backbone out of the optimiser).
* `extract_features(backbone, X, device)`: the backbone's outputs in evaluation mode, for a linear probe.
* `freeze_backbone(model)`: the backbone's parameters stop training and its batch-norm layers use
  their stored statistics (the lab's exercise).
* `adapt(strategy, pretrained, X, y, ...)`: one run of "scratch", "probe" or "finetune" -> test accuracy.
* `compare(...)` -> `Comparison`: every strategy x labels per class x seed; `table()` and `plot()`.

Every run is seeded: the same seed gives the same sample of labelled images, the same initial head
and the same mini-batches to all three strategies, so they differ only in what they do with the
pretrained backbone.
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from . import runtime
from .train import cpu_threads

STRATEGIES = ("scratch", "probe", "finetune")

LABELS = {
    "scratch": {"en": "from scratch", "ko": "처음부터 훈련"},
    "probe": {"en": "linear probe", "ko": "선형 프로브"},
    "finetune": {"en": "fine-tuning", "ko": "미세 조정"},
    "labels_axis": {"en": "labelled images per class (log scale)", "ko": "클래스당 레이블 달린 이미지 수 (로그 눈금)"},
    "accuracy_axis": {"en": "test accuracy on digits 5–9", "ko": "숫자 5–9 테스트 정확도"},
    "title": {"en": "Adapting to digits 5–9: mean ± std over seeds",
              "ko": "숫자 5–9에 적응: 시드별 평균 ± 표준 편차"},
    "per_class": {"en": "per class", "ko": "클래스당"},
    "seeds": {"en": "seeds", "ko": "시드"},
    "pretrain": {"en": "pretraining on digits {}: {} images, {} epochs, {:.1f} s; test accuracy {:.4f}",
                 "ko": "숫자 {} 사전 훈련: 이미지 {}장, 에포크 {}번, {:.1f}초, 테스트 정확도 {:.4f}"},
}


def split_digits(X: np.ndarray, y: np.ndarray, classes) -> tuple[np.ndarray, np.ndarray]:
    """The images whose label is in `classes`, relabelled by position in `classes` (5..9 -> 0..4)."""
    classes = list(classes)
    if len(set(classes)) != len(classes) or not classes:
        raise ValueError(f"classes must be distinct and not empty, got {classes}")
    missing = [c for c in classes if not np.any(y == c)]
    if missing:
        raise ValueError(f"no images of class(es) {missing} in the data (labels present: {sorted(set(y.tolist()))})")
    keep = np.isin(y, classes)
    lookup = {c: i for i, c in enumerate(classes)}
    return X[keep], np.array([lookup[int(c)] for c in y[keep]], dtype=np.int64)


def per_class(X: np.ndarray, y: np.ndarray, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`n` images of every class (all of a class's images when it has fewer), in a seeded random order.

    Nested: for one seed, the 10 images per class are among the 50, which are among the 500.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    rng = np.random.default_rng(seed)
    picked = [rng.permutation(np.flatnonzero(y == c))[:n] for c in np.unique(y)]
    idx = np.sort(np.concatenate(picked))
    return X[idx], y[idx]


class DigitNet(nn.Module):
    """backbone: [conv 3×3 -> BN -> ReLU -> max-pool 2×2] × 2 -> flatten (-> FC to `hidden` -> ReLU);
    head: one linear layer to the class scores.

    For 1×28×28 digits the poolings give 28 -> 14 -> 7, so with `hidden=0` (the default) the backbone's
    features are the c2 × 7 × 7 numbers of the last convolutional block.
    """

    def __init__(self, num_classes: int = 5, channels: tuple = (8, 16), hidden: int = 0,
                 image_size: int = 28, in_channels: int = 1):
        super().__init__()
        if image_size % 4:
            raise ValueError(f"image_size must be divisible by 4 (two 2×2 poolings), not {image_size}")
        c1, c2 = channels
        layers = [nn.Conv2d(in_channels, c1, 3, padding=1), nn.BatchNorm2d(c1), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Conv2d(c1, c2, 3, padding=1), nn.BatchNorm2d(c2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten()]
        features = c2 * (image_size // 4) ** 2
        if hidden:
            layers += [nn.Linear(features, hidden), nn.ReLU()]
            features = hidden
        self.backbone = nn.Sequential(*layers)
        self.head = nn.Linear(features, num_classes)
        self.config = {"channels": (c1, c2), "hidden": hidden, "image_size": image_size, "in_channels": in_channels}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))


def freeze_backbone(model: nn.Module) -> nn.Module:
    """Freeze `model.backbone` for a linear probe: no parameter of it trains any more, and its
    batch-norm layers normalise with their stored (pretrained) statistics instead of each batch's.
    The head stays trainable and in its current mode. Returns the model (changed in place)."""
    for p in model.backbone.parameters():
        p.requires_grad = False
    model.backbone.eval()
    return model


def _new_head(model: nn.Module, num_classes: int, seed: int) -> None:
    torch.manual_seed(seed)
    model.head = nn.Linear(model.head.in_features, num_classes)


def train_steps(model: nn.Module, X: np.ndarray, y: np.ndarray, *, steps: int, lr: float, device,
                backbone_lr: float | None = None, batch_size: int = 32, seed: int = 0) -> nn.Module:
    """`steps` Adam updates on mini-batches drawn at random (seeded) from (X, y).

    `backbone_lr` (default: `lr`) is the backbone's own learning rate; with 0 the backbone is left out
    of the optimiser and kept in evaluation mode, so nothing in it changes, batch-norm statistics
    included. A model without a `backbone` trains as a whole at `lr`.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, not {steps}")
    device = torch.device(device)
    model.to(device).train()
    backbone = getattr(model, "backbone", None)
    backbone_lr = lr if backbone_lr is None else backbone_lr
    if backbone is None:
        groups = [{"params": list(model.parameters()), "lr": lr}]
    else:
        groups = [{"params": list(model.head.parameters()), "lr": lr}]
        if backbone_lr > 0:
            groups.append({"params": list(backbone.parameters()), "lr": backbone_lr})
        else:
            freeze_backbone(model)
    optimizer = torch.optim.Adam(groups)
    Xt = torch.as_tensor(X)
    yt = torch.as_tensor(y)
    gen = torch.Generator().manual_seed(seed)
    loss_fn = nn.CrossEntropyLoss()
    batch_size = min(batch_size, len(Xt))
    threads = 1 if device.type == "cpu" and not runtime.is_full() else None
    with cpu_threads(threads):
        for _ in range(steps):
            idx = torch.randint(0, len(Xt), (batch_size,), generator=gen)
            xb, yb = Xt[idx].to(device), yt[idx].to(device)
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(xb), yb).backward()
            optimizer.step()
    model.eval()
    return model


@torch.no_grad()
def extract_features(backbone: nn.Module, X: np.ndarray, device, batch_size: int = 1000) -> np.ndarray:
    """The backbone's output for every image, computed in evaluation mode (stored BN statistics)."""
    was_training = backbone.training
    backbone.eval()
    out = [backbone(torch.as_tensor(X[i:i + batch_size]).to(device)).cpu()
           for i in range(0, len(X), batch_size)]
    backbone.train(was_training)
    return torch.cat(out).numpy()


@torch.no_grad()
def accuracy(model: nn.Module, X: np.ndarray, y: np.ndarray, device, batch_size: int = 1000) -> float:
    """Fraction of correct predictions, in evaluation mode."""
    model.eval()
    correct = 0
    for i in range(0, len(X), batch_size):
        scores = model(torch.as_tensor(X[i:i + batch_size]).to(device))
        correct += int((scores.argmax(1).cpu() == torch.as_tensor(y[i:i + batch_size])).sum())
    return correct / len(X)


def pretrain(X: np.ndarray, y: np.ndarray, *, epochs: int, device, seed: int = 0, lr: float = 1e-3,
             batch_size: int = 32, **net) -> DigitNet:
    """A DigitNet trained on (X, y) for `epochs` passes' worth of random mini-batches."""
    torch.manual_seed(seed)
    model = DigitNet(num_classes=int(y.max()) + 1, **net)
    steps = epochs * -(-len(X) // batch_size)
    return train_steps(model, X, y, steps=steps, lr=lr, device=device, batch_size=batch_size, seed=seed)


def adapt(strategy: str, pretrained: DigitNet, X: np.ndarray, y: np.ndarray, X_test: np.ndarray,
          y_test: np.ndarray, *, steps: int, device, seed: int = 0, lr: float = 1e-3,
          backbone_lr: float = 1e-4, probe_lr: float = 1e-2) -> float:
    """One adaptation run; returns the test accuracy.

    * "scratch": a DigitNet of the same shape with random weights, everything trained at `lr`;
    * "probe": the pretrained backbone frozen (features computed once, in evaluation mode) and a new
      linear head trained on those features at `probe_lr`;
    * "finetune": the pretrained backbone at `backbone_lr` and a new head at `lr` (discriminative rates).

    The new head is initialised from `seed` in all three, and the mini-batches come from `seed` too.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; use one of {STRATEGIES}")
    num_classes = int(max(y.max(), y_test.max())) + 1
    device = torch.device(device)
    if strategy == "probe":
        backbone = copy.deepcopy(pretrained.backbone).to(device)
        F_train, F_test = extract_features(backbone, X, device), extract_features(backbone, X_test, device)
        torch.manual_seed(seed)
        head = nn.Linear(F_train.shape[1], num_classes)
        train_steps(head, F_train, y, steps=steps, lr=probe_lr, device=device, seed=seed)
        return accuracy(head, F_test, y_test, device)
    if strategy == "scratch":
        torch.manual_seed(seed + 10_000)
        model = DigitNet(num_classes=num_classes, **pretrained.config)
        _new_head(model, num_classes, seed)
        train_steps(model, X, y, steps=steps, lr=lr, device=device, seed=seed)
    else:
        model = copy.deepcopy(pretrained)
        _new_head(model, num_classes, seed)
        train_steps(model, X, y, steps=steps, lr=lr, backbone_lr=backbone_lr, device=device, seed=seed)
    return accuracy(model, X_test, y_test, device)


@dataclass
class Comparison:
    """Test accuracies: `results[(strategy, n)]` is the list over seeds; `sizes` the labels per class asked
    for and `used` the number each really got (capped by the data)."""
    sizes: tuple
    used: dict
    seeds: tuple
    results: dict = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self, strategy: str, n: int) -> tuple[float, float]:
        """Mean and standard deviation over the seeds."""
        values = np.asarray(self.results[(strategy, n)], dtype=float)
        return float(values.mean()), float(values.std())

    def table(self, L: dict) -> str:
        """One row per number of labels, one column per strategy: mean ± std of the test accuracy."""
        head = f"{L['per_class']:>10}" + "".join(f"  {L[s]:>17}" for s in STRATEGIES)
        lines = [head]
        for n in self.sizes:
            cells = "".join("  {:>17}".format("{:.3f} ± {:.3f}".format(*self.summary(s, n))) for s in STRATEGIES)
            lines.append(f"{self.used[n]:>10}" + cells)
        lines.append(f"({len(self.seeds)} {L['seeds']}: {', '.join(map(str, self.seeds))})")
        return "\n".join(lines)

    def plot(self, L: dict):
        """Test accuracy against labels per class (log scale), one line per strategy, std as error bars."""
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6.0, 4.2))
        xs = [self.used[n] for n in self.sizes]
        for k, (strategy, marker) in enumerate(zip(STRATEGIES, ("o", "s", "^"))):
            stats = [self.summary(strategy, n) for n in self.sizes]
            nudge = 1.06 ** (k - 1)  # side by side, so that the error bars do not hide each other
            ax.errorbar([x * nudge for x in xs], [m for m, _ in stats], yerr=[s for _, s in stats], marker=marker,
                        capsize=4, label=L[strategy])
        ax.set_xscale("log")
        ax.set_xticks(xs, [str(x) for x in xs])
        ax.minorticks_off()
        ax.set_xlabel(L["labels_axis"])
        ax.set_ylabel(L["accuracy_axis"])
        ax.set_title(L["title"])
        ax.legend()
        ax.grid(alpha=0.3)
        return fig


def compare(pretrained: DigitNet, X: np.ndarray, y: np.ndarray, X_test: np.ndarray, y_test: np.ndarray, *,
            sizes=(10, 50, 500), seeds=(0, 1, 2), steps: int = 150, device="cpu", **kwargs) -> Comparison:
    """Every strategy at every number of labels per class, once per seed."""
    start = time.perf_counter()
    counts = np.bincount(y)
    used = {n: int(min(n, counts[counts > 0].min())) for n in sizes}
    result = Comparison(tuple(sizes), used, tuple(seeds))
    for n in sizes:
        for seed in seeds:
            X_n, y_n = per_class(X, y, n, seed=seed)
            for strategy in STRATEGIES:
                acc = adapt(strategy, pretrained, X_n, y_n, X_test, y_test, steps=steps, device=device, seed=seed,
                            **kwargs)
                result.results.setdefault((strategy, n), []).append(acc)
    result.seconds = time.perf_counter() - start
    return result
