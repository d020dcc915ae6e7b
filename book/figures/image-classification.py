"""Figures for the note "Image classification" (notes/image-classification.md).

    image-classification-distances.svg         points at distance 1 from the origin under L1 and L2
    image-classification-decision-regions.svg  1-NN vs 5-NN decision regions on a noisy 2-D toy set
    image-classification-cross-validation.svg  5-fold cross-validation accuracy as a function of k

All data are synthetic and generated here with a fixed seed.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from labs.plotting import wrap_label

LABELS = {
    "l1": {"en": r"L1 (Manhattan): $|x_1| + |x_2| = 1$", "ko": r"L1(맨해튼): $|x_1| + |x_2| = 1$"},
    "l2": {"en": r"L2 (Euclidean): $\sqrt{x_1^2 + x_2^2} = 1$", "ko": r"L2(유클리드): $\sqrt{x_1^2 + x_2^2} = 1$"},
    "dist_title": {"en": "All points at distance 1 from the origin",
                   "ko": "원점에서 거리가 1인 점들"},
    "nn1": {"en": "1-nearest neighbor", "ko": "최근접 이웃 1개 (k = 1)"},
    "nn5": {"en": "5-nearest neighbors", "ko": "최근접 이웃 5개 (k = 5)"},
    "train": {"en": "training points", "ko": "훈련 데이터"},
    "k": {"en": "number of neighbors k", "ko": "이웃 수 k"},
    "acc": {"en": "validation accuracy", "ko": "검증 정확도"},
    "fold": {"en": "one fold", "ko": "폴드 하나"},
    "mean": {"en": "mean over 5 folds (± 1 std)", "ko": "5개 폴드의 평균 (± 1 표준 편차)"},
    "best": {"en": "best k", "ko": "가장 좋은 k"},
    "cv_title": {"en": "5-fold cross-validation on a 2-D toy set",
                 "ko": "2차원 예제 데이터의 5겹 교차 검증"},
}

COLORS = ["#4C72B0", "#DD8452", "#55A868"]
LIGHT = ListedColormap(["#C9D6EA", "#F5D3BC", "#C7E3CC"])


def toy_data(n_per_class: int = 60, seed: int = 0):
    """Three overlapping Gaussian blobs plus a few mislabeled points (label noise)."""
    rng = np.random.default_rng(seed)
    centers = np.array([[-1.0, 0.0], [1.0, 0.8], [0.6, -1.2]])
    X = np.concatenate([c + 0.65 * rng.standard_normal((n_per_class, 2)) for c in centers])
    y = np.repeat(np.arange(3), n_per_class)
    flip = rng.choice(len(y), size=len(y) // 12, replace=False)
    y[flip] = rng.integers(0, 3, size=flip.size)
    return X, y


def knn_predict(X_train, y_train, X_query, k):
    """Majority vote of the k nearest training points (L2 distance); ties go to the smaller label."""
    d2 = ((X_query[:, None, :] - X_train[None, :, :]) ** 2).sum(-1)
    nearest = np.argsort(d2, axis=1, kind="stable")[:, :k]
    votes = y_train[nearest]
    counts = np.stack([(votes == c).sum(1) for c in range(3)], axis=1)
    return counts.argmax(1)


def _distances(t, outdir):
    fig, ax = plt.subplots(figsize=(5.0, 6.0))
    theta = np.linspace(0, 2 * np.pi, 400)
    ax.plot(np.cos(theta), np.sin(theta), color=COLORS[0], lw=2.5, label=t["l2"])
    diamond = np.array([[1, 0], [0, 1], [-1, 0], [0, -1], [1, 0]])
    ax.plot(diamond[:, 0], diamond[:, 1], color=COLORS[1], lw=2.5, label=t["l1"])
    ax.axhline(0, color="gray", lw=0.8)
    ax.axvline(0, color="gray", lw=0.8)
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.set_xlabel(r"$x_1$")
    ax.set_ylabel(r"$x_2$")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), frameon=False)
    ax.set_title(wrap_label(t["dist_title"], 5.0))
    fig.tight_layout()
    fig.savefig(outdir / "image-classification-distances.svg")
    plt.close(fig)


def _regions(t, outdir):
    X, y = toy_data()
    xs = np.linspace(-2.8, 2.8, 160)
    ys = np.linspace(-2.8, 2.8, 160)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    fig, axes = plt.subplots(1, 2, figsize=(6.0, 3.4), layout="constrained")
    for ax, k, title in zip(axes, (1, 5), (t["nn1"], t["nn5"])):
        pred = knn_predict(X, y, grid, k).reshape(gx.shape)
        ax.pcolormesh(gx, gy, pred, cmap=LIGHT, shading="auto", rasterized=True)
        for c in range(3):
            m = y == c
            ax.scatter(X[m, 0], X[m, 1], s=16, color=COLORS[c], edgecolor="black", linewidth=0.4)
        ax.set_title(wrap_label(title, share=0.5))
        ax.set_xlim(-2.8, 2.8)
        ax.set_ylim(-2.8, 2.8)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.savefig(outdir / "image-classification-decision-regions.svg")
    plt.close(fig)


def _cross_validation(t, outdir):
    X, y = toy_data(n_per_class=50, seed=1)
    rng = np.random.default_rng(2)
    order = rng.permutation(len(y))
    folds = np.array_split(order, 5)
    ks = [1, 3, 5, 7, 9, 11, 15, 21, 31, 45, 61, 81]
    acc = np.zeros((5, len(ks)))
    for f in range(5):
        val = folds[f]
        train = np.concatenate([folds[g] for g in range(5) if g != f])
        for j, k in enumerate(ks):
            acc[f, j] = (knn_predict(X[train], y[train], X[val], k) == y[val]).mean()
    mean, std = acc.mean(0), acc.std(0)
    best = int(np.argmax(mean))

    fig, ax = plt.subplots(figsize=(6.0, 5.0))
    for f in range(5):
        ax.scatter(ks, acc[f], s=14, color="gray", alpha=0.6, label=t["fold"] if f == 0 else None)
    ax.errorbar(ks, mean, yerr=std, color=COLORS[0], marker="o", capsize=3, lw=2, label=t["mean"])
    ax.scatter([ks[best]], [mean[best]], s=160, facecolor="none", edgecolor=COLORS[1], lw=2.5,
               zorder=5, label=f"{t['best']} = {ks[best]}")
    ax.set_xscale("log")
    shown = [1, 3, 7, 15, 31, 81]  # every k is measured; a phone has room for six labels
    ax.set_xticks(shown)
    ax.set_xticklabels([str(k) for k in shown])
    ax.minorticks_off()
    ax.set_xlabel(t["k"])
    ax.set_ylabel(t["acc"])
    ax.set_title(wrap_label(t["cv_title"]))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(outdir / "image-classification-cross-validation.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    t = {key: forms[lang] for key, forms in LABELS.items()}
    _distances(t, outdir)
    _regions(t, outdir)
    _cross_validation(t, outdir)
