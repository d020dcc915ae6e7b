"""Linear classifiers: softmax (cross-entropy) and multiclass SVM (hinge) losses, trained by SGD.

Conventions (as in the course assignment): an example is a row x of X (N, D) whose last
column is the constant 1 of the bias trick, W is (D, C), the scores are X @ W and the labels
y are integers 0..C−1. Every loss function returns (loss, dW) where

    loss = (1/N) Σ_i L_i + reg · Σ W²      and      dW = ∂loss/∂W,

so the L2 penalty is reg·‖W‖² (gradient 2·reg·W), applied to the whole W including the bias row.
The `*_naive` functions loop over examples and classes; the `*_vectorized` ones use no Python
loop and must give the same numbers.
"""
from __future__ import annotations

import numpy as np

from .i18n import CLASS_LABELS, class_names
from .progress import progress_bar

DELTA = 1.0  # the SVM margin Δ

LABELS = {
    "iteration": {"en": "Iteration", "ko": "반복"},
    "loss": {"en": "Loss", "ko": "손실"},
    "loss_title": {"en": "Mini-batch SGD: training loss ({name})", "ko": "미니배치 SGD: 훈련 손실 ({name})"},
    "epoch": {"en": "Epoch", "ko": "에포크"},
    "accuracy": {"en": "Accuracy", "ko": "정확도"},
    "train": {"en": "training", "ko": "훈련"},
    "val": {"en": "validation", "ko": "검증"},
    "acc_title": {"en": "Accuracy per epoch ({name})", "ko": "에포크별 정확도 ({name})"},
    "softmax": {"en": "softmax", "ko": "소프트맥스"},
    "svm": {"en": "multiclass SVM", "ko": "다중 클래스 SVM"},
    "templates_title": {"en": "Learned weights as class templates ({name})",
                        "ko": "클래스 템플릿으로 본 학습된 가중치 ({name})"},
    "learning_rate": {"en": "learning rate", "ko": "학습률"},
    "regularization": {"en": "regularization strength", "ko": "규제 강도"},
    "search_title": {"en": "Validation accuracy ({name})", "ko": "검증 정확도 ({name})"},
    **CLASS_LABELS,
}




# ---------------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------------

def softmax_loss_naive(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float):
    """Cross-entropy loss of the softmax classifier and its gradient, with explicit loops."""
    N, C = X.shape[0], W.shape[1]
    loss = 0.0
    dW = np.zeros_like(W)
    for i in range(N):
        scores = X[i] @ W
        scores = scores - np.max(scores)          # shift for numerical stability; same probabilities
        exp_scores = np.exp(scores)
        total = np.sum(exp_scores)
        loss += np.log(total) - scores[y[i]]      # −log p_{y_i}
        for j in range(C):
            p_j = exp_scores[j] / total
            dW[:, j] += (p_j - (j == y[i])) * X[i]
    loss = loss / N + reg * np.sum(W * W)
    dW = dW / N + 2.0 * reg * W
    return loss, dW


def softmax_loss_vectorized(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float):
    """Cross-entropy loss of the softmax classifier and its gradient, without loops."""
    N = X.shape[0]
    scores = X @ W
    scores = scores - scores.max(axis=1, keepdims=True)
    log_probs = scores - np.log(np.sum(np.exp(scores), axis=1, keepdims=True))  # log-sum-exp
    rows = np.arange(N)
    loss = -np.mean(log_probs[rows, y]) + reg * np.sum(W * W)
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1.0
    dW = X.T @ dscores / N + 2.0 * reg * W
    return loss, dW


def svm_loss_naive(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float, delta: float = DELTA):
    """Multiclass SVM (hinge) loss Σ_{j≠y_i} max(0, s_j − s_{y_i} + Δ) and its gradient, with loops."""
    N, C = X.shape[0], W.shape[1]
    loss = 0.0
    dW = np.zeros_like(W)
    for i in range(N):
        scores = X[i] @ W
        correct = scores[y[i]]
        for j in range(C):
            if j == y[i]:
                continue
            margin = scores[j] - correct + delta
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = loss / N + reg * np.sum(W * W)
    dW = dW / N + 2.0 * reg * W
    return loss, dW


def svm_loss_vectorized(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float, delta: float = DELTA):
    """Multiclass SVM (hinge) loss and its gradient, without loops."""
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W
    correct = scores[rows, y][:, None]
    margins = np.maximum(0.0, scores - correct + delta)
    margins[rows, y] = 0.0
    loss = np.sum(margins) / N + reg * np.sum(W * W)
    active = (margins > 0).astype(X.dtype)        # 1 where class j violates the margin
    active[rows, y] = -np.sum(active, axis=1)     # the correct class gets −(number of violations)
    dW = X.T @ active / N + 2.0 * reg * W
    return loss, dW


LOSSES = {"softmax": softmax_loss_vectorized, "svm": svm_loss_vectorized}


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

def add_bias_column(X: np.ndarray, shift=None, dtype=None) -> np.ndarray:
    """The bias trick: append a constant-1 feature so that b becomes the last row of W.

    With `shift` (the mean image), the result is [X − shift, 1], written straight into the
    new array (no full-size temporary: CIFAR-10 in float64 is 1.2 GB).
    """
    out = np.empty((len(X), X.shape[1] + 1), dtype=dtype or X.dtype)
    if shift is None:
        out[:, :-1] = X
    else:
        np.subtract(X, shift, out=out[:, :-1])
    out[:, -1] = 1.0
    return out


def _bias_rows_in_place(images: np.ndarray, n_rows: int, shift: np.ndarray) -> np.ndarray:
    """[images[:n_rows] − shift, 1] as an (n_rows, D + 1) array written into the buffer of `images` (N, D).

    Needs N·D ≥ n_rows·(D + 1). The rows move from the last to the first: a row's new place never
    overlaps a row that has not moved yet. The contents of `images` are destroyed.
    """
    D = images.shape[1]
    flat = images.reshape(-1)
    out = flat[: n_rows * (D + 1)].reshape(n_rows, D + 1)
    for i in range(n_rows - 1, -1, -1):
        row = flat[i * D:(i + 1) * D] - shift       # a new array: safe even where old and new place overlap
        out[i, :D] = row
        out[i, D] = 1.0
    return out


def prepare_data(data, *, num_dev: int = 500, seed: int = 0, dtype=np.float32, dev_dtype=np.float64,
                 reuse_memory: bool = False) -> dict:
    """Flatten, split and preprocess an `ImageData` for the linear classifiers.

    CIFAR-10 is split as in the course: 49,000 training, 1,000 validation (the last training
    images) and 1,000 test images. Any other data set (the offline digits) keeps its test set
    and moves 200 training images to validation. The mean training image is subtracted from
    every split, then the bias column is appended. `dev` is a random subset of the training
    set for quick loss and gradient checks.

    The training, validation and test matrices are `dtype` (float32 by default: CIFAR-10's
    49,000 × 3,073 matrix takes 0.6 GB, twice that in float64); `dev` is `dev_dtype` (float64 by
    default, which numerical gradient checks need). Each matrix is written once, with no
    full-size temporary.

    `reuse_memory=True` builds the training matrix inside the memory of `data.X_train` instead of
    a new array, and sets `data.X_train` to None: the images are consumed. For full-size CIFAR-10
    this saves 0.6 GB (the lab's peak stays under 1.5 GB). It needs `data.X_train` to be a
    contiguous `dtype` array; otherwise a new array is made as usual.
    """
    X = np.asarray(data.X_train).reshape(len(data.X_train), -1)
    y = np.asarray(data.y_train)
    X_test = np.asarray(data.X_test).reshape(len(data.X_test), -1)
    y_test = np.asarray(data.y_test)
    if data.name == "cifar10":
        num_train, num_val, num_test = 49_000, 1_000, 1_000
    else:
        num_val = 200
        num_train, num_test = len(X) - num_val, len(X_test)
    X_train, y_train = X[:num_train], y[:num_train]
    X_val, y_val = X[num_train:num_train + num_val], y[num_train:num_train + num_val]
    X_test, y_test = X_test[:num_test], y_test[:num_test]
    rng = np.random.default_rng(seed)
    dev = rng.choice(num_train, size=min(num_dev, num_train), replace=False)
    mean_image = X_train.mean(axis=0, dtype=np.float64)
    split = {"mean_image": mean_image.astype(dtype), "image_shape": tuple(data.X_train.shape[1:]),
             "classes": tuple(data.classes)}
    # the small matrices first: with reuse_memory the training images are overwritten last
    for name, (Xs, ys) in {"dev": (X_train[dev], y_train[dev]), "val": (X_val, y_val),
                           "test": (X_test, y_test)}.items():
        kind = dev_dtype if name == "dev" else dtype
        split[f"X_{name}"] = add_bias_column(Xs, mean_image.astype(kind), kind)
        split[f"y_{name}"] = ys
    reusable = (reuse_memory and X.dtype == np.dtype(dtype) and X.flags.c_contiguous
                and np.shares_memory(X, data.X_train) and X.size >= num_train * (X.shape[1] + 1))
    if reusable:
        data.X_train = None
        split["X_train"] = _bias_rows_in_place(X, num_train, mean_image.astype(dtype))
    else:
        split["X_train"] = add_bias_column(X_train, mean_image.astype(dtype), dtype)
    split["y_train"] = y_train
    return split


# ---------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------

def sgd_step(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float, learning_rate: float,
             loss_fn=softmax_loss_vectorized):
    """One step of gradient descent on the mini-batch (X, y): returns (new W, loss before the step).

    `loss_fn(W, X, y, reg)` returns (loss, dW); the step moves W against the gradient,
    W − learning_rate · dW. The input W is not modified.
    """
    loss, dW = loss_fn(W, X, y, reg)
    return W - learning_rate * dW, loss


class LinearClassifier:
    """A linear classifier f(x) = x W trained with mini-batch stochastic gradient descent.

    `loss` is "softmax" (cross-entropy) or "svm" (multiclass hinge loss).
    """

    def __init__(self, loss: str = "softmax", seed: int = 0):
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; use one of {sorted(LOSSES)}")
        self.loss_name = loss
        self.loss_fn = LOSSES[loss]
        self.seed = seed
        self.W = None

    def train(self, X: np.ndarray, y: np.ndarray, *, learning_rate: float = 1e-3, reg: float = 1e-5,
              num_iters: int = 100, batch_size: int = 200, X_val=None, y_val=None,
              progress: bool | None = None) -> dict:
        """Run `num_iters` SGD steps on mini-batches drawn with replacement.

        Returns a history: the loss of every step, and the training / validation accuracy after
        every epoch (every N / batch_size steps), with the step at which each was measured.
        """
        rng = np.random.default_rng(self.seed)
        N, D = X.shape
        C = int(np.max(y)) + 1
        if self.W is None:
            self.W = 0.001 * rng.standard_normal((D, C)).astype(X.dtype)
        per_epoch = max(1, N // batch_size)
        history = {"loss": [], "epoch_step": [], "train_acc": [], "val_acc": []}
        for step in progress_bar(range(1, num_iters + 1), desc=f"SGD ({self.loss_name})", show=progress):
            batch = rng.integers(0, N, size=batch_size)
            self.W, loss = sgd_step(self.W, X[batch], y[batch], reg, learning_rate, self.loss_fn)
            history["loss"].append(float(loss))
            if step % per_epoch == 0 or step == num_iters:
                history["epoch_step"].append(step)
                history["train_acc"].append(self.accuracy(X, y))
                history["val_acc"].append(self.accuracy(X_val, y_val) if X_val is not None else np.nan)
        return history

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.argmax(X @ self.W, axis=1)

    def accuracy(self, X: np.ndarray, y: np.ndarray) -> float:
        return float(np.mean(self.predict(X) == y))


def search_hyperparameters(loss: str, split: dict, learning_rates, regs, *, num_iters: int,
                           batch_size: int = 200, seed: int = 0, progress: bool | None = None):
    """Train one classifier per (learning rate, regularization) pair; pick the best on validation.

    Returns (results, best) where results maps (lr, reg) → (train accuracy, validation accuracy)
    and best is a dict with the winning lr, reg, classifier and its history. Among pairs with the
    same validation accuracy the stronger regularization wins (then the smaller learning rate):
    on a plateau, the simpler model.
    """
    results, best = {}, None
    grid = [(lr, reg) for lr in learning_rates for reg in regs]
    for lr, reg in progress_bar(grid, desc=f"search ({loss})", show=progress):
        clf = LinearClassifier(loss, seed=seed)
        history = clf.train(split["X_train"], split["y_train"], learning_rate=lr, reg=reg,
                            num_iters=num_iters, batch_size=batch_size,
                            X_val=split["X_val"], y_val=split["y_val"], progress=False)
        train_acc, val_acc = history["train_acc"][-1], history["val_acc"][-1]
        results[(lr, reg)] = (train_acc, val_acc)
        if best is None or val_acc > best["val_acc"] or (val_acc == best["val_acc"] and reg > best["reg"]):
            best = {"lr": lr, "reg": reg, "val_acc": val_acc, "classifier": clf, "history": history}
    return results, best


def format_search_table(results: dict) -> str:
    lines = [f"{'learning rate':>14} {'reg':>10} {'train acc':>10} {'val acc':>9}"]
    for (lr, reg), (train_acc, val_acc) in sorted(results.items()):
        lines.append(f"{lr:>14.1e} {reg:>10.1e} {train_acc:>10.3f} {val_acc:>9.3f}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Plots (labels come from LABELS in the page's language)
# ---------------------------------------------------------------------------------------------

def plot_training(history: dict, L: dict, name: str):
    """Loss per SGD step (left) and training / validation accuracy per epoch (right)."""
    import matplotlib.pyplot as plt

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.6))
    losses = np.asarray(history["loss"])
    ax_loss.plot(np.arange(1, len(losses) + 1), losses, lw=0.8, color="C0", alpha=0.6)
    window = max(1, len(losses) // 30)
    if window > 1:
        smooth = np.convolve(losses, np.ones(window) / window, mode="valid")
        ax_loss.plot(np.arange(window, len(losses) + 1), smooth, color="C0", lw=2)
    ax_loss.set_xlabel(L["iteration"])
    ax_loss.set_ylabel(L["loss"])
    ax_loss.set_title(L["loss_title"].format(name=L[name]))
    ax_loss.grid(alpha=0.3)
    epochs = np.arange(1, len(history["epoch_step"]) + 1)
    few = len(epochs) <= 30
    ax_acc.plot(epochs, history["train_acc"], marker="o" if few else None, label=L["train"])
    ax_acc.plot(epochs, history["val_acc"], marker="s" if few else None, label=L["val"])
    ax_acc.set_xlabel(L["epoch"])
    ax_acc.set_ylabel(L["accuracy"])
    ax_acc.set_title(L["acc_title"].format(name=L[name]))
    ax_acc.legend()
    ax_acc.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_search(results: dict, L: dict, name: str):
    """Validation accuracy over the (learning rate, regularization) grid as a heat map."""
    import matplotlib.pyplot as plt

    lrs = sorted({lr for lr, _ in results})
    regs = sorted({reg for _, reg in results})
    grid = np.array([[results[(lr, reg)][1] for reg in regs] for lr in lrs])
    fig, ax = plt.subplots(figsize=(5, 3.6))
    image = ax.imshow(grid, cmap="viridis", origin="lower")
    middle = (grid.min() + grid.max()) / 2
    for i in range(len(lrs)):
        for j in range(len(regs)):
            ax.text(j, i, f"{grid[i, j]:.3f}", ha="center", va="center",
                    color="black" if grid[i, j] > middle else "white")
    ax.set_xticks(range(len(regs)))
    ax.set_xticklabels([f"{r:.0e}" for r in regs])
    ax.set_yticks(range(len(lrs)))
    ax.set_yticklabels([f"{lr:.0e}" for lr in lrs])
    ax.set_xlabel(L["regularization"])
    ax.set_ylabel(L["learning_rate"])
    ax.set_title(L["search_title"].format(name=L[name]))
    fig.colorbar(image, ax=ax)
    fig.tight_layout()
    return fig


def weight_templates(W: np.ndarray, image_shape: tuple) -> np.ndarray:
    """The rows of W without the bias row, one (C, H, W) image per class, scaled to [0, 1]."""
    templates = W[:-1].T.reshape((W.shape[1],) + tuple(image_shape))
    low = templates.min(axis=tuple(range(1, templates.ndim)), keepdims=True)
    high = templates.max(axis=tuple(range(1, templates.ndim)), keepdims=True)
    return (templates - low) / np.maximum(high - low, 1e-12)


def plot_templates(W: np.ndarray, image_shape: tuple, classes, L: dict, name: str):
    import matplotlib.pyplot as plt

    templates = weight_templates(W, image_shape)
    cols = -(-len(classes) // 2)  # two rows: 6 inches wide, so the class names read on a phone
    fig, axes = plt.subplots(2, cols, figsize=(6.0, 2 * 6.0 / cols + 0.8), squeeze=False)
    for ax in axes.flat[len(classes):]:
        ax.axis("off")
    for c, ax in zip(range(len(classes)), axes.flat):
        image = templates[c]
        if image.shape[0] == 1:
            ax.imshow(image[0], cmap="gray", interpolation="nearest")
        else:
            ax.imshow(np.transpose(image, (1, 2, 0)), interpolation="nearest")
        ax.set_title(class_names(classes, L)[c])
        ax.axis("off")
    fig.suptitle(L["templates_title"].format(name=L[name]))
    fig.tight_layout()
    return fig
