"""Figures for the optimization note (book/<lang>/notes/optimization.md).

    optimization-loss-landscape.svg     1-D and 2-D slices of a multiclass SVM loss
    optimization-finite-differences.svg error of forward / centered differences vs step size
    optimization-learning-rates.svg     gradient-descent paths on a 2-D quadratic

Everything is computed here from synthetic data; labels follow `lang`.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker

TEXT = {
    "en": {
        "one_title": "One example, one direction",
        "all_title": "Average over 300 examples",
        "two_title": "Two directions (all examples)",
        "a": "step $a$ along direction $D_1$",
        "b": "step $b$ along direction $D_2$",
        "loss": "loss",
        "fd_x": "step size $h$",
        "fd_y": "absolute error of the estimate",
        "forward": "forward difference",
        "centered": "centered difference",
        "slope1": "slope 1",
        "slope2": "slope 2",
        "roundoff": "round-off dominates",
        "truncation": "truncation dominates",
        "lr_titles": ["$\\eta = 0.02$: too small", "$\\eta = 0.17$: about right",
                      "$\\eta = 0.205$: too large"],
        "w1": "$w_1$",
        "w2": "$w_2$",
        "curve_title": "Loss per step",
        "step": "step",
        "start": "start",
    },
    "ko": {
        "one_title": "예제 하나, 방향 하나",
        "all_title": "예제 300개의 평균",
        "two_title": "두 방향 (전체 예제)",
        "a": "$D_1$ 방향 이동 거리 $a$",
        "b": "$D_2$ 방향 이동 거리 $b$",
        "loss": "손실",
        "fd_x": "스텝 크기 $h$",
        "fd_y": "추정값의 절대 오차",
        "forward": "전진 차분",
        "centered": "중앙 차분",
        "slope1": "기울기 1",
        "slope2": "기울기 2",
        "roundoff": "반올림 오차 우세",
        "truncation": "절단 오차 우세",
        "lr_titles": ["$\\eta = 0.02$: 너무 작다", "$\\eta = 0.17$: 적당하다",
                      "$\\eta = 0.205$: 너무 크다"],
        "w1": "$w_1$",
        "w2": "$w_2$",
        "curve_title": "단계별 손실",
        "step": "단계",
        "start": "시작점",
    },
}


def _power_labels(axis) -> None:
    """Label a log axis as $10^{k}$ in math text (the body font has no minus sign glyph)."""
    axis.set_major_locator(ticker.LogLocator(base=10))
    axis.set_major_formatter(ticker.FuncFormatter(
        lambda v, _: f"$10^{{{round(np.log10(v))}}}$" if v > 0 else ""))
    axis.set_minor_formatter(ticker.NullFormatter())


# ---------------------------------------------------------------------------
# 1. Loss landscape slices of a multiclass SVM loss on toy data
# ---------------------------------------------------------------------------
def _svm_loss(W, X, y, delta=1.0):
    """Mean multiclass SVM loss; W is (C, D), X is (N, D), y is (N,)."""
    scores = X @ W.T
    correct = scores[np.arange(len(y)), y][:, None]
    margins = np.maximum(0.0, scores - correct + delta)
    margins[np.arange(len(y)), y] = 0.0
    return margins.sum(axis=1).mean()


def _toy_problem(seed=3):
    rng = np.random.default_rng(seed)
    C, D, N = 4, 12, 300
    centers = rng.normal(0.0, 1.0, size=(C, D))
    y = rng.integers(0, C, size=N)
    X = centers[y] + rng.normal(0.0, 1.2, size=(N, D))
    W = rng.normal(0.0, 0.3, size=(C, D))
    D1 = rng.normal(0.0, 1.0, size=(C, D))
    D2 = rng.normal(0.0, 1.0, size=(C, D))
    D1 /= np.linalg.norm(D1)
    D2 -= (D2 * D1).sum() * D1  # make the two directions orthogonal
    D2 /= np.linalg.norm(D2)
    return X, y, W, D1, D2


def loss_landscape(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    X, y, W, D1, D2 = _toy_problem()
    a = np.linspace(-6, 6, 401)
    one = [_svm_loss(W + ai * D1, X[:1], y[:1]) for ai in a]
    avg = [_svm_loss(W + ai * D1, X, y) for ai in a]
    grid = np.linspace(-6, 6, 81)
    A, B = np.meshgrid(grid, grid)
    Z = np.array([[_svm_loss(W + ai * D1 + bi * D2, X, y) for ai in grid] for bi in grid])

    # phones: the three views stacked, each as wide as the column
    fig, axes = plt.subplots(3, 1, figsize=(6.0, 11.0), gridspec_kw={"height_ratios": [1, 1, 1.7]})
    axes[0].plot(a, one, color="tab:blue")
    axes[0].set_title(t["one_title"])
    axes[1].plot(a, avg, color="tab:blue")
    axes[1].set_title(t["all_title"])
    for ax in axes[:2]:
        ax.set_xlabel(t["a"])
        ax.set_ylabel(t["loss"])
        ax.grid(alpha=0.3)
    cs = axes[2].contourf(A, B, Z, levels=20, cmap="viridis")
    axes[2].contour(A, B, Z, levels=20, colors="white", linewidths=0.3)
    i = np.unravel_index(np.argmin(Z), Z.shape)
    axes[2].plot(A[i], B[i], marker="*", color="white", markersize=12)
    axes[2].set_title(t["two_title"])
    axes[2].set_xlabel(t["a"])
    axes[2].set_ylabel(t["b"])
    axes[2].set_aspect("equal")
    fig.colorbar(cs, ax=axes[2], label=t["loss"])
    fig.tight_layout()
    fig.savefig(outdir / "optimization-loss-landscape.svg")
    plt.close(fig)


# ---------------------------------------------------------------------------
# 2. Finite-difference error as a function of the step size
# ---------------------------------------------------------------------------
def finite_differences(lang: str, outdir: Path) -> None:
    t = TEXT[lang]

    def f(x):
        return np.exp(x) * np.sin(3 * x)

    def df(x):
        return np.exp(x) * (np.sin(3 * x) + 3 * np.cos(3 * x))

    x0 = 0.7
    h = np.logspace(-15, -0.5, 300)
    exact = df(x0)
    forward = np.abs((f(x0 + h) - f(x0)) / h - exact)
    centered = np.abs((f(x0 + h) - f(x0 - h)) / (2 * h) - exact)
    forward = np.maximum(forward, 1e-17)
    centered = np.maximum(centered, 1e-17)

    fig, ax = plt.subplots(figsize=(6.0, 4.8))
    ax.loglog(h, forward, color="tab:orange", lw=1.2, label=t["forward"])
    ax.loglog(h, centered, color="tab:blue", lw=1.2, label=t["centered"])
    # guide lines for the truncation error O(h) and O(h^2)
    hh = np.logspace(-5, -1, 10)
    ax.loglog(hh, 3 * hh, "--", color="tab:orange", lw=0.8)
    ax.loglog(hh, 1.5 * hh ** 2, "--", color="tab:blue", lw=0.8)
    ax.text(2e-4, 1e-1, t["slope1"], color="tab:orange", ha="right")
    ax.text(2e-3, 1.5e-7, t["slope2"], color="tab:blue")
    ax.text(1e-15, 5e0, t["roundoff"], color="0.3", ha="left", va="bottom")
    ax.text(0.3, 5e0, t["truncation"], color="0.3", ha="right", va="bottom")
    _power_labels(ax.xaxis)
    _power_labels(ax.yaxis)
    ax.set_xlabel(t["fd_x"])
    ax.set_ylabel(t["fd_y"])
    ax.set_ylim(1e-12, 1e3)
    ax.grid(alpha=0.3, which="major")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1, frameon=False)
    fig.tight_layout()
    fig.savefig(outdir / "optimization-finite-differences.svg")
    plt.close(fig)


# ---------------------------------------------------------------------------
# 3. Gradient descent on an elongated quadratic with three learning rates
# ---------------------------------------------------------------------------
CURV = np.array([1.0, 10.0])  # f(w) = 0.5 * (1 * w1^2 + 10 * w2^2)


def _quad(w):
    return 0.5 * (CURV * w ** 2).sum(axis=-1)


def _gd_path(lr, steps=30, start=(-4.5, 1.6)):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * CURV * w
        path.append(w.copy())
    return np.array(path)


def learning_rates(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    rates = [0.02, 0.17, 0.205]
    colors = ["tab:blue", "tab:green", "tab:red"]
    g1 = np.linspace(-5, 5, 200)
    g2 = np.linspace(-3, 3, 200)
    G1, G2 = np.meshgrid(g1, g2)
    Z = _quad(np.stack([G1, G2], axis=-1))

    # phones: a 2 x 2 grid, three paths and the loss curves
    fig, axes = plt.subplots(2, 2, figsize=(6.0, 5.6))
    axes = axes.ravel()
    for ax, lr, color, title in zip(axes[:3], rates, colors, t["lr_titles"]):
        ax.contour(G1, G2, Z, levels=np.geomspace(0.05, 60, 12), colors="0.6", linewidths=0.6)
        p = _gd_path(lr)
        ax.plot(p[:, 0], p[:, 1], "-o", color=color, markersize=2.5, lw=1)
        ax.plot(*p[0], "s", color="black", markersize=5)
        ax.annotate(t["start"], p[0], textcoords="offset points", xytext=(2, 5))
        ax.plot(0, 0, "*", color="black", markersize=9)
        ax.set_xlim(-5, 5)
        ax.set_ylim(-3, 3)
        ax.set_aspect("equal")
        ax.set_title(title)
        ax.set_xlabel(t["w1"])
        ax.set_ylabel(t["w2"])
    ax = axes[3]
    for lr, color in zip(rates, colors):
        p = _gd_path(lr)
        ax.semilogy(_quad(p), color=color, label=f"$\\eta = {lr}$")
    _power_labels(ax.yaxis)
    ax.set_title(t["curve_title"])
    ax.set_xlabel(t["step"])
    ax.set_ylabel(t["loss"])
    ax.grid(alpha=0.3)
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=3, frameon=False)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(outdir / "optimization-learning-rates.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    loss_landscape(lang, outdir)
    finite_differences(lang, outdir)
    learning_rates(lang, outdir)
