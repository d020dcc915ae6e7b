"""A small, shared PyTorch training loop for the labs (MLP, convnet, RNN).

The whole API:

* `ArrayLoader(X, y, batch_size, shuffle=False, seed=0)`: mini-batches of `(x, y)` CPU tensors from
  in-memory arrays (much lighter than `torch.utils.data.DataLoader` for data that fits in memory);
  reshuffled every epoch from its own seeded generator, so runs are reproducible.
* `make_loaders(data, val_fraction=0.1, batch_size=64, seed=0)` -> `Loaders(train, val, test)`: a
  stratified validation split of an `labs.data.ImageData` training set (`val` is None when
  `val_fraction == 0`) and a loader for its test set.
* `fit(model, train_loader, val_loader, *, epochs, optimizer, device, ...)` -> `History`: trains for
  a fixed number of epochs with a tqdm bar per epoch; records per-epoch training loss/accuracy,
  validation loss/accuracy and wall seconds.
* `evaluate(model, loader, device)` -> `(mean loss, accuracy)`, always in `model.eval()` mode.
* `predict(model, X, device)` -> predicted class ids of a NumPy array of inputs.
* `count_parameters(model)` and `summary(model, input_shape)`: trainable parameter count and a
  per-layer table (name, output shape, parameters) as text.
* `plot_history(history, L)`: loss and accuracy curves, training vs validation, one figure with two
  panels; `L` holds the plot labels (`labels(train.LABELS, LANG)` or any lab table that contains
  the same keys).

Any iterable of `(inputs, targets)` batches works as a loader for `fit` and `evaluate`, including a
`DataLoader`; tensors are moved to `device` batch by batch.

CPU threads: in fast mode `fit` trains on the CPU with a single PyTorch thread (`cpu_threads`) and
restores the previous setting afterwards. The fast-mode models are so small that a second thread
gains nothing, while several multi-threaded processes sharing two cores (the two languages of the
book build in parallel) wait on each other at every operation: on a two-core machine that other jobs
were also using, the MLP lab's two notebooks executed side by side took 760 s each with two threads
and 22 s with one. `cpu_threads(n)` is the context manager that does this; use it elsewhere too.
"""
from __future__ import annotations

import contextlib
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import torch
from torch import nn

from . import runtime

with warnings.catch_warnings():  # without ipywidgets tqdm.auto warns once and falls back to text bars
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

LABELS = {
    "epoch": {"en": "epoch", "ko": "에포크"},
    "loss": {"en": "loss (cross-entropy)", "ko": "손실 (교차 엔트로피)"},
    "accuracy": {"en": "accuracy", "ko": "정확도"},
    "train": {"en": "training", "ko": "훈련"},
    "validation": {"en": "validation", "ko": "검증"},
    "loss_title": {"en": "Loss per epoch", "ko": "에포크별 손실"},
    "accuracy_title": {"en": "Accuracy per epoch", "ko": "에포크별 정확도"},
}

Batch = tuple[torch.Tensor, torch.Tensor]


class ArrayLoader:
    """Mini-batches `(x, y)` of CPU tensors taken from arrays that fit in memory.

    With `shuffle=True` every pass (epoch) visits the examples in a new order drawn from a generator
    seeded with `seed`, so two runs with the same seed see the same batches.
    """

    def __init__(self, X, y, batch_size: int, *, shuffle: bool = False, seed: int = 0,
                 drop_last: bool = False):
        self.X = torch.as_tensor(np.asarray(X))
        self.y = torch.as_tensor(np.asarray(y))
        if len(self.X) != len(self.y):
            raise ValueError(f"X has {len(self.X)} examples but y has {len(self.y)}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.generator = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        n = len(self.X)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        n = len(self.X)
        order = torch.randperm(n, generator=self.generator) if self.shuffle else None
        for k in range(len(self)):
            if order is None:
                sl = slice(k * self.batch_size, (k + 1) * self.batch_size)
                yield self.X[sl], self.y[sl]
            else:
                idx = order[k * self.batch_size:(k + 1) * self.batch_size]
                yield self.X[idx], self.y[idx]

    @property
    def num_examples(self) -> int:
        return len(self.X)


class Loaders(NamedTuple):
    train: ArrayLoader
    val: ArrayLoader | None
    test: ArrayLoader


def make_loaders(data, val_fraction: float = 0.1, batch_size: int = 64, seed: int = 0) -> Loaders:
    """Training/validation/test loaders for an `ImageData`.

    The validation set is a stratified `val_fraction` of the *training* set (the test set stays
    untouched until the end); `val_fraction=0` gives `val=None`. Only the training loader shuffles.
    """
    if not 0 <= val_fraction < 1:
        raise ValueError(f"val_fraction must be in [0, 1), not {val_fraction}")
    X, y = data.X_train, data.y_train
    if val_fraction > 0:
        from sklearn.model_selection import train_test_split

        X_fit, X_val, y_fit, y_val = train_test_split(
            X, y, test_size=val_fraction, random_state=seed, stratify=y)
        val = ArrayLoader(X_val, y_val, max(batch_size, 256))
    else:
        X_fit, y_fit, val = X, y, None
    train = ArrayLoader(X_fit, y_fit, batch_size, shuffle=True, seed=seed)
    test = ArrayLoader(data.X_test, data.y_test, max(batch_size, 256))
    return Loaders(train, val, test)


@dataclass
class History:
    """What `fit` measured, one entry per epoch (validation lists stay empty without a val loader)."""
    train_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    seconds: list = field(default_factory=list)   # wall-clock seconds of each epoch

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    @property
    def total_seconds(self) -> float:
        return float(sum(self.seconds))

    def table(self) -> str:
        """The history as a text table, one row per epoch."""
        lines = [f"{'epoch':>5}  {'train loss':>10}  {'train acc':>9}  {'val loss':>9}  {'val acc':>8}  {'s':>6}"]
        for e in range(self.epochs):
            vl = f"{self.val_loss[e]:9.4f}" if e < len(self.val_loss) else f"{'-':>9}"
            va = f"{self.val_acc[e]:8.4f}" if e < len(self.val_acc) else f"{'-':>8}"
            lines.append(f"{e + 1:5d}  {self.train_loss[e]:10.4f}  {self.train_acc[e]:9.4f}  {vl}  {va}  "
                         f"{self.seconds[e]:6.2f}")
        return "\n".join(lines)


class _NotebookLine:
    """A file-like target for text progress bars inside a Jupyter kernel without ipywidgets.

    Each bar update replaces one output (an IPython display updated by id) instead of appending
    carriage-return text, so live notebooks show one moving line and executed notebooks (and the
    built book) keep only the bar's final state. Blank writes (a bar clearing itself) are ignored.
    """

    encoding = "utf-8"  # tqdm draws Unicode blocks only when the target declares an encoding

    def __init__(self):
        self.handle = None

    def write(self, text: str) -> None:
        from IPython.display import Pretty, display

        line = text.replace("\r", "").strip()
        if not line:
            return
        if self.handle is None:
            self.handle = display(Pretty(line), display_id=True)
        else:
            self.handle.update(Pretty(line))

    def flush(self) -> None:
        pass


def _in_notebook() -> bool:
    if "ipykernel" not in sys.modules:
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _progress_target():
    """Where text progress bars go: one updating notebook output, or stdout in a terminal.

    With ipywidgets installed, `tqdm.auto` draws widget bars and ignores this target.
    """
    return _NotebookLine() if _in_notebook() else sys.stdout


@contextlib.contextmanager
def cpu_threads(n: int | None):
    """Run the body with `n` PyTorch CPU threads (None: unchanged); the old setting is restored."""
    if n is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _correct(scores: torch.Tensor, targets: torch.Tensor) -> int:
    return int((scores.argmax(dim=1) == targets).sum())


def evaluate(model: nn.Module, loader: Iterable[Batch], device, loss_fn: Callable | None = None
             ) -> tuple[float, float]:
    """Mean loss and accuracy of `model` over `loader`, in eval mode (dropout off), without gradients.

    The model's previous train/eval mode is restored afterwards.
    """
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    was_training = model.training
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            scores = model(xb)
            total_loss += float(loss_fn(scores, yb)) * len(yb)
            correct += _correct(scores, yb)
            count += len(yb)
    model.train(was_training)
    if count == 0:
        raise ValueError("the loader yielded no examples")
    return total_loss / count, correct / count


def fit(model: nn.Module, train_loader: Iterable[Batch], val_loader: Iterable[Batch] | None, *,
        epochs: int, optimizer: torch.optim.Optimizer, device, loss_fn: Callable | None = None,
        progress: bool = True, augment: Callable | None = None, scheduler=None) -> History:
    """Train `model` for `epochs` passes over `train_loader`; returns the per-epoch `History`.

    * `loss_fn` defaults to `nn.CrossEntropyLoss()` (the model outputs unnormalised class scores).
    * Training loss/accuracy are averages over the epoch's batches as they were trained (dropout on,
      weights still changing); validation numbers come from `evaluate` after the epoch.
    * `augment(x)`, if given, transforms each training batch on `device` (never validation data).
    * `scheduler`, if given, is stepped once at the end of every epoch.
    * In fast mode on the CPU the loop runs on one thread (see the module docstring).
    * `progress=True` shows a tqdm bar per epoch; at the end of the epoch its postfix shows the
      epoch's numbers. In a terminal each bar is erased when its epoch ends; in a notebook all bars
      share one output line that is updated in place, so an executed notebook keeps only the last
      epoch's bar.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, not {epochs}")
    device = torch.device(device)
    threads = 1 if device.type == "cpu" and not runtime.is_full() else None
    with cpu_threads(threads):
        return _fit(model, train_loader, val_loader, epochs, optimizer, device, loss_fn or nn.CrossEntropyLoss(),
                    progress, augment, scheduler)


def _fit(model, train_loader, val_loader, epochs, optimizer, device, loss_fn, progress, augment, scheduler):
    model.to(device)
    history = History()
    target = _progress_target() if progress else sys.stdout
    for epoch in range(epochs):
        start = time.perf_counter()
        model.train()
        total_loss, correct, count = 0.0, 0, 0
        total = len(train_loader) if hasattr(train_loader, "__len__") else None
        bar = tqdm(total=total, desc=f"epoch {epoch + 1}/{epochs}", unit="batch", leave=False,
                   file=target, disable=not progress, mininterval=0.5)
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            if augment is not None:
                xb = augment(xb)
            optimizer.zero_grad(set_to_none=True)
            scores = model(xb)
            loss = loss_fn(scores, yb)
            loss.backward()
            optimizer.step()
            total_loss += float(loss.detach()) * len(yb)
            correct += _correct(scores.detach(), yb)
            count += len(yb)
            bar.update(1)
        if count == 0:
            raise ValueError("the training loader yielded no examples")
        history.train_loss.append(total_loss / count)
        history.train_acc.append(correct / count)
        postfix = {"loss": f"{total_loss / count:.4f}", "acc": f"{correct / count:.4f}"}
        if val_loader is not None:
            val_loss, val_acc = evaluate(model, val_loader, device, loss_fn)
            history.val_loss.append(val_loss)
            history.val_acc.append(val_acc)
            postfix.update(val_loss=f"{val_loss:.4f}", val_acc=f"{val_acc:.4f}")
        if scheduler is not None:
            scheduler.step()
        history.seconds.append(time.perf_counter() - start)
        bar.set_postfix(postfix, refresh=True)
        bar.close()
    return history


def predict(model: nn.Module, X, device, batch_size: int = 512) -> np.ndarray:
    """Predicted class ids (NumPy int64) of the inputs `X` (array or tensor), in eval mode."""
    X = torch.as_tensor(np.asarray(X))
    was_training = model.training
    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(X), batch_size):
            out.append(model(X[start:start + batch_size].to(device)).argmax(dim=1).cpu())
    model.train(was_training)
    return torch.cat(out).numpy() if out else np.zeros(0, dtype=np.int64)


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    """Number of (trainable) scalar parameters in `model`."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def summary(model: nn.Module, input_shape: tuple, *, dtype: torch.dtype = torch.float32) -> str:
    """A per-layer table of `model` for one input of shape `input_shape` (without the batch axis).

    One row per leaf module in call order: name, type, output shape (without the batch axis) and its
    own parameter count; the last lines give the totals. The model is run once on zeros, in eval mode.
    """
    rows = []
    hooks = []

    def hook(name):
        def record(module, inputs, output):
            out = output[0] if isinstance(output, (tuple, list)) else output
            shape = tuple(out.shape[1:]) if hasattr(out, "shape") else ()
            params = sum(p.numel() for p in module.parameters(recurse=False))
            rows.append((name, type(module).__name__, shape, params))
        return record

    for name, module in model.named_modules():
        if name and not any(True for _ in module.children()):
            hooks.append(module.register_forward_hook(hook(name)))
    try:
        param = next(model.parameters(), None)
        device = param.device if param is not None else torch.device("cpu")
        was_training = model.training
        model.eval()
        with torch.no_grad():
            model(torch.zeros((1, *input_shape), dtype=dtype, device=device))
        model.train(was_training)
    finally:
        for h in hooks:
            h.remove()
    header = ("layer", "type", "output shape", "parameters")
    cells = [(n, t, str(s), f"{p:,}") for n, t, s, p in rows]
    widths = [max(len(header[i]), *(len(c[i]) for c in cells)) if cells else len(header[i]) for i in range(4)]
    fmt = lambda c: "  ".join(c[i].ljust(widths[i]) if i < 3 else c[i].rjust(widths[i])
                              for i in range(4))
    rule = "-" * len(fmt(header))
    total = count_parameters(model, trainable_only=False)
    trainable = count_parameters(model)
    lines = [f"input shape: {tuple(input_shape)}", fmt(header), rule, *(fmt(c) for c in cells), rule,
             f"total parameters: {total:,} (trainable: {trainable:,})"]
    return "\n".join(lines)


def plot_history(history: History, L: dict, title: str | None = None):
    """Two panels, loss and accuracy per epoch, training vs validation. Returns the figure."""
    import matplotlib.pyplot as plt

    epochs = np.arange(1, history.epochs + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.8))
    ax_loss.plot(epochs, history.train_loss, "o-", ms=3, label=L["train"])
    ax_acc.plot(epochs, history.train_acc, "o-", ms=3, label=L["train"])
    if history.val_loss:
        ax_loss.plot(epochs, history.val_loss, "s-", ms=3, label=L["validation"])
        ax_acc.plot(epochs, history.val_acc, "s-", ms=3, label=L["validation"])
    for ax, key in ((ax_loss, "loss"), (ax_acc, "accuracy")):
        ax.set_xlabel(L["epoch"])
        ax.set_ylabel(L[key])
        ax.set_title(L[f"{key}_title"])
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
