"""The k-nearest-neighbor lab: L2 distances three ways, k-NN prediction, cross-validation of k.

Everything here is plain NumPy. Images are flattened to rows of a matrix, so a data set of
N images becomes an (N, D) array with D = C·H·W. The three distance functions compute the
same (n_test, n_train) matrix of Euclidean (L2) distances:

* `distances_two_loops`: one Python iteration per (test, train) pair;
* `distances_one_loop`: one iteration per test row, broadcasting over all training rows;
* `distances_no_loops`: no Python loop at all, using ‖a − b‖² = ‖a‖² − 2a·b + ‖b‖²,
  whose middle term is a single matrix product (BLAS).
"""
from __future__ import annotations

import time

import numpy as np

from .i18n import CLASS_LABELS, class_names
from .progress import progress_bar

LABELS = {
    "samples_title": {"en": "Training samples per class", "ko": "클래스별 훈련 샘플"},
    "k": {"en": "k (number of neighbors)", "ko": "k (이웃 수)"},
    "cv_accuracy": {"en": "Cross-validation accuracy", "ko": "교차 검증 정확도"},
    "cv_title": {"en": "5-fold cross-validation of k", "ko": "k의 5겹 교차 검증"},
    "fold": {"en": "one fold", "ko": "폴드 하나"},
    "mean_std": {"en": "mean ± std over folds", "ko": "폴드 평균 ± 표준 편차"},
    "true_label": {"en": "True class", "ko": "실제 클래스"},
    "predicted_label": {"en": "Predicted class", "ko": "예측 클래스"},
    "confusion_title": {"en": "Confusion matrix on the test set (k = {k})",
                        "ko": "테스트 세트의 혼동 행렬 (k = {k})"},
    "distance_title": {"en": "L2 distances: test images (rows) × training images (columns)",
                       "ko": "L2 거리: 테스트 이미지(행) × 훈련 이미지(열)"},
    "test_index": {"en": "Test image", "ko": "테스트 이미지"},
    "train_index": {"en": "Training image", "ko": "훈련 이미지"},
    **CLASS_LABELS,
}


def flatten(X: np.ndarray) -> np.ndarray:
    """(N, C, H, W) images → (N, C·H·W) float64 rows."""
    return np.asarray(X, dtype=np.float64).reshape(len(X), -1)


# ---------------------------------------------------------------------------------------------
# Distances
# ---------------------------------------------------------------------------------------------

def distances_two_loops(X_test: np.ndarray, X_train: np.ndarray, *, progress: bool | None = None) -> np.ndarray:
    """L2 distances with a Python loop over test rows and another over training rows."""
    n_test, n_train = len(X_test), len(X_train)
    dists = np.zeros((n_test, n_train))
    for i in progress_bar(range(n_test), desc="two loops", show=progress):
        for j in range(n_train):
            diff = X_test[i] - X_train[j]
            dists[i, j] = np.sqrt(np.sum(diff * diff))
    return dists


def distances_one_loop(X_test: np.ndarray, X_train: np.ndarray, *, progress: bool | None = None) -> np.ndarray:
    """L2 distances with one loop over test rows; each row is broadcast against all of X_train."""
    dists = np.zeros((len(X_test), len(X_train)))
    for i in progress_bar(range(len(X_test)), desc="one loop", show=progress):
        diff = X_train - X_test[i]              # (n_train, D) by broadcasting
        dists[i] = np.sqrt(np.sum(diff * diff, axis=1))
    return dists


def distances_no_loops(X_test: np.ndarray, X_train: np.ndarray) -> np.ndarray:
    """L2 distances without Python loops: ‖a − b‖² = ‖a‖² − 2 a·b + ‖b‖²."""
    test_sq = np.sum(X_test * X_test, axis=1)[:, None]      # (n_test, 1)
    train_sq = np.sum(X_train * X_train, axis=1)[None, :]   # (1, n_train)
    cross = X_test @ X_train.T                              # (n_test, n_train): one BLAS call
    sq = test_sq - 2.0 * cross + train_sq
    np.maximum(sq, 0.0, out=sq)  # round-off can make a few tiny squared distances negative
    return np.sqrt(sq)


def time_distances(n_train: int, n_test: int, dim: int, repeats: int = 1, *, seed: int = 0) -> dict:
    """Seconds (best of `repeats`) of the three variants and of a bare matrix product.

    The inputs are random numbers of the requested shapes: the run time depends only on the
    shapes, not on the values. `"matmul"` times `X_test @ X_train.T` alone, the BLAS call that
    `distances_no_loops` cannot beat.
    """
    rng = np.random.default_rng(seed)
    X_train = rng.random((n_train, dim))
    X_test = rng.random((n_test, dim))
    variants = {
        "two_loops": lambda: distances_two_loops(X_test, X_train, progress=False),
        "one_loop": lambda: distances_one_loop(X_test, X_train, progress=False),
        "no_loops": lambda: distances_no_loops(X_test, X_train),
        "matmul": lambda: X_test @ X_train.T,
    }
    seconds = {}
    for name, fn in variants.items():
        best = float("inf")
        for _ in range(max(1, repeats)):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        seconds[name] = best
    return seconds


# ---------------------------------------------------------------------------------------------
# Prediction
# ---------------------------------------------------------------------------------------------

def predict_labels(dists: np.ndarray, y_train: np.ndarray, k: int = 1) -> np.ndarray:
    """Majority vote of the k nearest training labels for each row of `dists`.

    Ties between labels go to the smallest label (as `np.argmax` over the vote counts does).
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    y_train = np.asarray(y_train)
    k = min(k, dists.shape[1])
    if k == 1:
        nearest = np.argmin(dists, axis=1)[:, None]
    else:
        nearest = np.argpartition(dists, k - 1, axis=1)[:, :k]
    votes = y_train[nearest]                                  # (n_test, k)
    n_classes = int(y_train.max()) + 1
    counts = np.zeros((len(dists), n_classes), dtype=np.int64)
    np.add.at(counts, (np.arange(len(dists))[:, None], votes), 1)
    return np.argmax(counts, axis=1)


class KNearestNeighbor:
    """k-NN with L2 distance: `train` memorises the data, `predict` votes among neighbors."""

    def __init__(self):
        self.X_train = None
        self.y_train = None

    def train(self, X: np.ndarray, y: np.ndarray) -> KNearestNeighbor:
        self.X_train = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
        self.y_train = np.asarray(y)
        return self

    def compute_distances(self, X: np.ndarray, method: str = "no_loops") -> np.ndarray:
        if self.X_train is None:
            raise RuntimeError("call train(X, y) before predicting")
        X = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
        functions = {"two_loops": distances_two_loops, "one_loop": distances_one_loop,
                     "no_loops": distances_no_loops}
        if method not in functions:
            raise ValueError(f"unknown method {method!r}; use one of {sorted(functions)}")
        return functions[method](X, self.X_train)

    def predict(self, X: np.ndarray, k: int = 1, method: str = "no_loops") -> np.ndarray:
        return predict_labels(self.compute_distances(X, method), self.y_train, k)


def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def cross_validate_k(X: np.ndarray, y: np.ndarray, ks, folds: int = 5, *,
                     progress: bool | None = None) -> np.ndarray:
    """Accuracy of k-NN for every k in `ks` on each of `folds` folds: an array (len(ks), folds).

    The training data is cut into `folds` consecutive parts; each part is the validation set
    once while the others are the training set. Distances are computed once per fold and
    reused for every k.
    """
    X = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
    y = np.asarray(y)
    ks = list(ks)
    X_folds = np.array_split(X, folds)
    y_folds = np.array_split(y, folds)
    accuracies = np.zeros((len(ks), folds))
    for f in progress_bar(range(folds), desc="folds", show=progress):
        X_tr = np.concatenate([X_folds[i] for i in range(folds) if i != f])
        y_tr = np.concatenate([y_folds[i] for i in range(folds) if i != f])
        dists = distances_no_loops(X_folds[f], X_tr)
        for row, k in enumerate(ks):
            accuracies[row, f] = accuracy(y_folds[f], predict_labels(dists, y_tr, k))
    return accuracies


def best_k(ks, accuracies: np.ndarray) -> int:
    """The k with the highest mean cross-validation accuracy (the smallest such k on ties)."""
    means = np.asarray(accuracies).mean(axis=1)
    return int(list(ks)[int(np.argmax(means))])


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """Counts[i, j] = number of examples of true class i predicted as class j."""
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    if num_classes is None:
        num_classes = int(max(y_true.max(), y_pred.max())) + 1
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


# ---------------------------------------------------------------------------------------------
# Plots (labels come from LABELS in the page's language)
# ---------------------------------------------------------------------------------------------

def to_display(image: np.ndarray) -> np.ndarray:
    """(C, H, W) in [0, 1] → what `imshow` wants: (H, W) for one channel, (H, W, 3) for color."""
    image = np.asarray(image)
    if image.shape[0] == 1:
        return image[0]
    return np.clip(np.transpose(image, (1, 2, 0)), 0.0, 1.0)


def plot_samples(X: np.ndarray, y: np.ndarray, classes, L: dict, per_class: int = 7, seed: int = 0):
    """A grid with one column per class and `per_class` random training images in each."""
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(seed)
    n_classes = len(classes)
    # one row per class, its name on the left: 6 inches wide, so the names read on a phone
    side = (6.0 - 1.6) / per_class
    fig, axes = plt.subplots(n_classes, per_class, figsize=(6.0, side * n_classes + 0.6), squeeze=False)
    for c in range(n_classes):
        chosen = rng.choice(np.flatnonzero(y == c), size=per_class, replace=False)
        for r, idx in enumerate(chosen):
            ax = axes[c, r]
            ax.imshow(to_display(X[idx]), cmap="gray_r" if X.shape[1] == 1 else None,
                      interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_ylabel(class_names(classes, L)[c], rotation=0, ha="right", va="center")
    fig.suptitle(L["samples_title"])
    fig.tight_layout()
    return fig


def plot_distances(dists: np.ndarray, L: dict):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3))
    image = ax.imshow(dists, aspect="auto", cmap="viridis", interpolation="nearest")
    ax.set_xlabel(L["train_index"])
    ax.set_ylabel(L["test_index"])
    ax.set_title(L["distance_title"])
    fig.colorbar(image, ax=ax)
    fig.tight_layout()
    return fig


def plot_cross_validation(ks, accuracies: np.ndarray, L: dict):
    """Every fold's accuracy as a dot, with the mean ± standard deviation as error bars."""
    import matplotlib.pyplot as plt

    ks = np.asarray(list(ks))
    fig, ax = plt.subplots(figsize=(7, 4))
    for f in range(accuracies.shape[1]):
        ax.scatter(ks, accuracies[:, f], s=12, color="0.6", label=L["fold"] if f == 0 else None)
    ax.errorbar(ks, accuracies.mean(axis=1), yerr=accuracies.std(axis=1), color="C0",
                marker="o", capsize=3, label=L["mean_std"])
    ax.set_xscale("log")
    ax.set_xticks(ks)
    ax.set_xticklabels([str(k) for k in ks])
    ax.minorticks_off()
    ax.set_xlabel(L["k"])
    ax.set_ylabel(L["cv_accuracy"])
    ax.set_title(L["cv_title"])
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_confusion(counts: np.ndarray, classes, L: dict, k: int):
    import matplotlib.pyplot as plt

    n = len(classes)
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    image = ax.imshow(counts, cmap="Blues")
    threshold = counts.max() / 2
    for i in range(n):
        for j in range(n):
            ax.text(j, i, str(counts[i, j]), ha="center", va="center",
                    color="white" if counts[i, j] > threshold else "black")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    names = class_names(classes, L)
    ax.set_xticklabels(names, rotation=45, ha="right")
    ax.set_yticklabels(names)
    ax.set_xlabel(L["predicted_label"])
    ax.set_ylabel(L["true_label"])
    ax.set_title(L["confusion_title"].format(k=k))
    fig.colorbar(image, ax=ax)
    fig.tight_layout()
    return fig
