"""The MNIST progression of the Korean lecture series "모두를 위한 딥러닝" (Deep Learning Zero to All), in PyTorch.

The series' TensorFlow labs (github.com/hunkim/DeepLearningZeroToAll, files lab-07-4 ... lab-11-1)
train a sequence of ever better MNIST classifiers and record the test accuracy each reached in a
comment at the end of the file. `STEPS` lists those steps with the published numbers; `run_step`
trains one of them with our shared loop (`labs.train.fit`) and `run_progression` runs them all.

* `softmax_regression(in_features, num_classes, init)`: one linear layer; softmax lives in the loss.
* `mlp(hidden, depth, init="normal"|"xavier"|"he", dropout=0.0, in_features, num_classes)`:
  `depth` hidden layers of `hidden` ReLU units. `init="normal"` draws every weight *and* bias from
  N(0, 1), like the lecture's `tf.random_normal`; that scale is far too large for wide layers and is
  what makes this step worse. "xavier" (Glorot uniform) and "he" (Kaiming normal, for ReLU) scale
  the weights by the layer's fan-in/fan-out and start the biases at zero.
* `Step`, `STEPS`, `run_step`, `run_progression`, `format_results`, `plot_curves`, `LABELS`.

The lecture trains with mini-batches of 100 for 15 epochs (50 for softmax + Adam), plain gradient
descent with learning rate 0.1 for the first softmax model and Adam with learning rate 0.001 for
everything else; full mode (`LABS_MODE=full`) does the same on the real MNIST. Fast mode runs the
same steps on scikit-learn's 8×8 digits (64 inputs) with a smaller batch and its own epoch count.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from . import runtime, train

SOURCE_REPO = "github.com/hunkim/DeepLearningZeroToAll"

LABELS = {
    **train.LABELS,
    "test_accuracy": {"en": "test accuracy", "ko": "테스트 정확도"},
    "train_loss": {"en": "training loss (log scale)", "ko": "훈련 손실 (로그 눈금)"},
    "curves_acc_title": {"en": "Test accuracy per epoch, all steps", "ko": "단계별 에포크당 테스트 정확도"},
    "curves_loss_title": {"en": "Training loss per epoch, all steps", "ko": "단계별 에포크당 훈련 손실"},
    "softmax-gd": {"en": "softmax, GD", "ko": "소프트맥스, 경사 하강법"},
    "mlp-normal": {"en": "MLP 2×256, N(0,1) init", "ko": "MLP 2×256, N(0,1) 초기화"},
    "mlp-xavier": {"en": "MLP 2×256, Xavier init", "ko": "MLP 2×256, 자비에 초기화"},
    "mlp-he": {"en": "MLP 2×256, He init", "ko": "MLP 2×256, He 초기화"},
    "deep": {"en": "MLP 4×512, no dropout", "ko": "MLP 4×512, 드롭아웃 없음"},
    "deep-dropout": {"en": "MLP 4×512, dropout 0.3", "ko": "MLP 4×512, 드롭아웃 0.3"},
    "softmax-adam": {"en": "softmax, Adam", "ko": "소프트맥스, Adam"},
    "cnn": {"en": "small CNN", "ko": "작은 CNN"},
}

INITS = ("normal", "xavier", "he")


def init_weights(model: nn.Module, init: str) -> nn.Module:
    """Re-initialise every `nn.Linear` of `model` in place ("normal", "xavier" or "he"); returns it."""
    if init not in INITS:
        raise ValueError(f"init must be one of {INITS}, not {init!r}")
    for module in model.modules():
        if isinstance(module, nn.Linear):
            if init == "normal":        # tf.random_normal: mean 0, standard deviation 1, biases too
                nn.init.normal_(module.weight, 0.0, 1.0)
                nn.init.normal_(module.bias, 0.0, 1.0)
            elif init == "xavier":      # Glorot & Bengio (2010), uniform version
                nn.init.xavier_uniform_(module.weight)
                nn.init.zeros_(module.bias)
            else:                       # He et al. (2015), for ReLU layers
                nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
                nn.init.zeros_(module.bias)
    return model


def softmax_regression(in_features: int = 784, num_classes: int = 10, init: str = "normal") -> nn.Sequential:
    """Softmax regression: flatten -> one linear layer of class scores (softmax is in the loss)."""
    return init_weights(nn.Sequential(nn.Flatten(), nn.Linear(in_features, num_classes)), init)


def mlp(hidden: int = 256, depth: int = 2, init: str = "normal", dropout: float = 0.0, *,
        in_features: int = 784, num_classes: int = 10) -> nn.Sequential:
    """Flatten -> `depth` × [linear -> ReLU (-> dropout)] -> linear class scores.

    `dropout` is the probability of *dropping* a unit (PyTorch's convention); the lecture's
    `keep_prob=0.7` is `dropout=0.3`. Dropout acts only in `model.train()` mode.
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1, not {depth}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), not {dropout}")
    layers: list[nn.Module] = [nn.Flatten()]
    width = in_features
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), nn.ReLU()]
        if dropout:
            layers.append(nn.Dropout(dropout))
        width = hidden
    layers.append(nn.Linear(width, num_classes))
    return init_weights(nn.Sequential(*layers), init)


def initial_score_std(model: nn.Module, X, n: int = 256) -> float:
    """Standard deviation of the class scores `model` gives the first `n` inputs of `X`, untrained.

    Well-scaled initialisations give scores of order 1; N(0, 1) weights give hundreds.
    """
    was_training = model.training
    model.eval()
    with torch.no_grad():
        param = next(model.parameters())
        scores = model(torch.as_tensor(np.asarray(X[:n])).to(param.device))
    model.train(was_training)
    return float(scores.std())


@dataclass(frozen=True)
class Step:
    """One step of the progression: which model, which optimiser, and what the lecture reported."""
    key: str
    model: str                  # "softmax", "mlp" or "cnn"
    model_args: dict = field(default_factory=dict)
    optimizer: str = "adam"     # "sgd" (plain gradient descent) or "adam"
    lr: float = 1e-3
    epochs: int = 15            # the lecture's epoch count (full mode)
    published: float | None = None
    source: str = ""            # the lab file whose closing comment holds `published`


STEPS = (
    Step("softmax-gd", "softmax", {"init": "normal"}, "sgd", 0.1, 15, 0.8951, "lab-07-4-mnist_introduction"),
    Step("mlp-normal", "mlp", {"hidden": 256, "depth": 2, "init": "normal"}, "adam", 1e-3, 15, 0.9455,
         "lab-10-2-mnist_nn"),
    Step("mlp-xavier", "mlp", {"hidden": 256, "depth": 2, "init": "xavier"}, "adam", 1e-3, 15, 0.9783,
         "lab-10-3-mnist_nn_xavier"),
    Step("mlp-he", "mlp", {"hidden": 256, "depth": 2, "init": "he"}, "adam", 1e-3, 15, None, ""),
    Step("deep", "mlp", {"hidden": 512, "depth": 4, "init": "xavier"}, "adam", 1e-3, 15, 0.9742,
         "lab-10-4-mnist_nn_deep"),
    Step("deep-dropout", "mlp", {"hidden": 512, "depth": 4, "init": "xavier", "dropout": 0.3}, "adam", 1e-3, 15,
         0.9804, "lab-10-5-mnist_nn_dropout"),
    Step("softmax-adam", "softmax", {"init": "normal"}, "adam", 1e-3, 50, 0.9194, "lab-10-1-mnist_softmax"),
    Step("cnn", "cnn", {"channels": (32, 64), "hidden": 128}, "adam", 1e-3, 15, 0.9885, "lab-11-1-mnist_cnn"),
)
STEP_BY_KEY = {step.key: step for step in STEPS}

# Fast mode (8×8 digits, 1,347 training images) keeps the lecture's epochs but uses batches of 16:
# ~85 updates per epoch instead of MNIST's 600 with batches of 100. With batches of 32 the softmax +
# Adam step (learning rate 0.001, weights starting from N(0, 1)) gets too few updates to get anywhere.
FAST_BATCH_SIZE = 16
FULL_BATCH_SIZE = 100


def build_model(step: Step, data) -> nn.Module:
    """The model of `step`, sized for the images of `data` (an `ImageData`)."""
    in_features = int(np.prod(data.image_shape))
    num_classes = len(data.classes)
    if step.model == "softmax":
        return softmax_regression(in_features, num_classes, **step.model_args)
    if step.model == "mlp":
        return mlp(**step.model_args, in_features=in_features, num_classes=num_classes)
    if step.model == "cnn":
        from .conv import SmallCNN

        return SmallCNN.for_data(data, **step.model_args)
    raise ValueError(f"unknown model kind {step.model!r}")


def make_optimizer(step: Step, model: nn.Module) -> torch.optim.Optimizer:
    """The step's optimizer over `model`'s parameters.

    On CPU and CUDA PyTorch's *fused* implementation is used: the same update rule computed for all
    parameters at once, which makes the many small updates of these runs several times cheaper.
    """
    kinds = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}
    if step.optimizer not in kinds:
        raise ValueError(f"unknown optimizer {step.optimizer!r}")
    params = list(model.parameters())
    if params and params[0].device.type in ("cpu", "cuda"):
        try:
            return kinds[step.optimizer](params, lr=step.lr, fused=True)
        except (RuntimeError, TypeError, ValueError):  # an older PyTorch without fused kernels here
            pass
    return kinds[step.optimizer](params, lr=step.lr)


@dataclass
class StepResult:
    """One row of the results table, plus the training history behind it."""
    key: str
    accuracy: float             # our final test accuracy
    published: float | None     # the lecture's number (MNIST), None where it has none
    source: str
    epochs: int
    history: train.History = field(repr=False, default=None)

    def as_row(self) -> tuple:
        return (self.key, self.accuracy, self.published, self.source)


def run_step(step: Step | str, data, device, epochs: int | None = None, *, batch_size: int | None = None,
             seed: int = 0, progress: bool = True) -> StepResult:
    """Train one step on `data` and return its `StepResult` (final test accuracy and history).

    Defaults follow the mode: the lecture's epochs and batch size 100 in full mode, `FAST_EPOCHS`
    and `FAST_BATCH_SIZE` in fast mode. After each epoch the *test* set is evaluated, only to draw
    the per-epoch curves (the lecture reports test accuracy after a fixed number of epochs; nothing
    here is chosen by looking at the test set).
    """
    step = STEP_BY_KEY[step] if isinstance(step, str) else step
    epochs = epochs or step.epochs
    batch_size = batch_size or runtime.pick(fast=FAST_BATCH_SIZE, full=FULL_BATCH_SIZE)
    runtime.seed_everything(seed)
    loaders = train.make_loaders(data, val_fraction=0.0, batch_size=batch_size, seed=seed)
    model = build_model(step, data).to(device)
    history = train.fit(model, loaders.train, loaders.test, epochs=epochs,
                        optimizer=make_optimizer(step, model), device=device, progress=progress)
    return StepResult(step.key, history.val_acc[-1], step.published,
                      f"{SOURCE_REPO} {step.source}" if step.source else "", epochs, history)


def run_progression(data, device, steps=STEPS, epochs: int | None = None, *, batch_size: int | None = None,
                    seed: int = 0, progress: bool = True) -> list[StepResult]:
    """`run_step` for every step in `steps` (keys or `Step`s), in order; the rows of the results table."""
    return [run_step(step, data, device, epochs, batch_size=batch_size, seed=seed, progress=progress)
            for step in steps]


def format_results(results: list[StepResult]) -> str:
    """The results as a text table next to the published MNIST numbers, with their source files."""
    header = f"{'step':<14} {'ours':>7} {'published':>10}  source"
    lines = [header, "-" * (len(header) + 40)]
    for r in results:
        pub = f"{r.published:.4f}" if r.published is not None else "-"
        lines.append(f"{r.key:<14} {r.accuracy:7.4f} {pub:>10}  {r.source or '-'}")
    return "\n".join(lines)


def plot_curves(results: list[StepResult], L: dict, metric: str = "val_acc"):
    """All steps in one plot: per-epoch test accuracy (`metric="val_acc"`) or training loss
    (`metric="train_loss"`, log scale). Returns the figure."""
    import matplotlib.pyplot as plt

    if metric not in ("val_acc", "train_loss"):
        raise ValueError(f"metric must be 'val_acc' or 'train_loss', not {metric!r}")
    fig, ax = plt.subplots(figsize=(8, 4.5))
    markers = "os^vD<>px*"
    for k, r in enumerate(results):
        values = getattr(r.history, metric)
        ax.plot(np.arange(1, len(values) + 1), values, marker=markers[k % len(markers)], ms=3,
                label=L.get(r.key, r.key))
    ax.set_xlabel(L["epoch"])
    if metric == "val_acc":
        ax.set_ylabel(L["test_accuracy"])
        ax.set_title(L["curves_acc_title"])
        low = min(min(r.history.val_acc) for r in results)
        ax.set_ylim(max(0.0, math.floor(low * 10) / 10), 1.0)
    else:
        from matplotlib.ticker import FuncFormatter, NullFormatter

        ax.set_yscale("log")
        # plain tick labels ("0.01", "100"): the default 10^k labels need a minus sign that the
        # Korean font lacks
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel(L["train_loss"])
        ax.set_title(L["curves_loss_title"])
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    return fig
