"""Figures for the chapter "Neural networks II: data and loss" (notes/nn-data-loss.md).

    nn-data-loss-preprocessing.svg  2-D data: raw, mean-centered, standardized, PCA-rotated, whitened
    nn-data-loss-init.svg           histograms of tanh/ReLU activations in layers 1..10 under four initializations
    nn-data-loss-dropout.svg        one network, two random dropout masks, and the full network at test time
    nn-data-loss-norms.svg          which values share one mean and variance in batch, layer, instance and group norm

`make(lang, outdir)` writes all three with labels in `lang` ("en" or "ko").
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from labs.plotting import wrap_label

TEXT = {
    "en": {
        "raw": "original data",
        "centered": "mean subtracted",
        "standardized": "standardized",
        "rotated": "PCA: decorrelated",
        "whitened": "whitened",
        "layer": "layer {k}",
        "std": "std {s:.2g}",
        "small": "tanh, std 0.01",
        "large": "tanh, std 1",
        "xavier": "tanh, Xavier",
        "he": "ReLU, He",
        "activation": "activation value",
        "zeros": "{z:.0%} at 0",
        "mask1": "training step t",
        "mask2": "training step t + 1",
        "test": "test time: all units",
        "test_note": "(inverted dropout: no rescaling)",
        "kept": "kept unit",
        "dropped": "dropped unit",
    },
    "ko": {
        "raw": "원래 데이터",
        "centered": "평균 빼기",
        "standardized": "표준화",
        "rotated": "PCA: 상관 제거",
        "whitened": "백색화",
        "layer": "{k}층",
        "std": "표준 편차 {s:.2g}",
        "small": "tanh, 표준 편차 0.01",
        "large": "tanh, 표준 편차 1",
        "xavier": "tanh, 자비에",
        "he": "ReLU, He",
        "activation": "활성값",
        "zeros": "{z:.0%}가 0",
        "mask1": "훈련 단계 t",
        "mask2": "훈련 단계 t + 1",
        "test": "테스트: 모든 유닛 사용",
        "test_note": "(역 드롭아웃: 배율 조정 없음)",
        "kept": "남은 유닛",
        "dropped": "꺼진 유닛",
    },
}


def preprocessing_figure(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    rng = np.random.default_rng(7)
    n = 400
    # correlated 2-D data, far from the origin and with very different scales per feature
    latent = rng.normal(size=(n, 2)) * [3.0, 1.0]
    angle = np.deg2rad(35)
    R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    X = latent @ R.T * [1.0, 0.4] + [5.0, 3.0]

    centered = X - X.mean(0)
    standardized = centered / X.std(0)
    cov = centered.T @ centered / n
    evals, evecs = np.linalg.eigh(cov)
    order = np.argsort(evals)[::-1]
    evals, evecs = evals[order], evecs[:, order]
    rotated = centered @ evecs
    whitened = rotated / np.sqrt(evals + 1e-5)

    panels = [(t["raw"], X), (t["centered"], centered), (t["standardized"], standardized),
              (t["rotated"], rotated), (t["whitened"], whitened)]
    fig, axes = plt.subplots(3, 2, figsize=(6.0, 9.4))  # phones: two panels a row
    axes = axes.ravel()
    axes[-1].axis("off")
    color = rotated[:, 0]  # the same point keeps its color in every panel
    for ax, (title, data) in zip(axes, panels):
        ax.scatter(data[:, 0], data[:, 1], c=color, cmap="viridis", s=8, alpha=0.8)
        ax.axhline(0, color="0.5", lw=0.8)
        ax.axvline(0, color="0.5", lw=0.8)
        ax.set_title(title)
        ax.set_xlim(-9, 11)
        ax.set_ylim(-9, 11)
        ax.set_aspect("equal")
        ax.grid(alpha=0.25)
    fig.tight_layout()
    fig.savefig(outdir / "nn-data-loss-preprocessing.svg")
    plt.close(fig)


def _layer_activations(nonlin, std_fn, layers=10, width=256, batch=1000, seed=0):
    rng = np.random.default_rng(seed)
    h = rng.normal(size=(batch, width))
    out = []
    for _ in range(layers):
        W = rng.normal(0, std_fn(width, width), (width, width))
        h = nonlin(h @ W)
        out.append(h)
    return out


def init_figure(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    relu = lambda z: np.maximum(0, z)
    schemes = [
        (t["small"], np.tanh, lambda i, o: 0.01, (-1, 1)),
        (t["large"], np.tanh, lambda i, o: 1.0, (-1, 1)),
        (t["xavier"], np.tanh, lambda i, o: np.sqrt(2 / (i + o)), (-1, 1)),
        (t["he"], relu, lambda i, o: np.sqrt(2 / i), (0, 4)),
    ]
    shown = [1, 4, 7, 10]
    fig, axes = plt.subplots(len(schemes), len(shown), figsize=(5.7, 8.4))
    for row, (name, f, std_fn, xlim) in enumerate(schemes):
        acts = _layer_activations(f, std_fn)
        for col, k in enumerate(shown):
            ax = axes[row, col]
            a = acts[k - 1].ravel()
            bins = np.linspace(*xlim, 41)
            ax.hist(np.clip(a, *xlim), bins=bins, color=f"C{row}", density=True)
            ax.set_yticks([])
            ax.set_xlim(*xlim)
            ax.set_xticks([xlim[0], xlim[1]])
            note = t["std"].format(s=a.std())
            if f is relu:  # the spike at 0 would flatten everything else: clip it and say how big it is
                ax.set_ylim(0, 1.0)
                note += "\n" + t["zeros"].format(z=np.mean(a == 0))
            ax.text(0.97, 0.93, note, transform=ax.transAxes, ha="right", va="top", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})
            if row == 0:
                ax.set_title(t["layer"].format(k=k))
            if col == 0:
                ax.set_ylabel(wrap_label(name, share=0.3))
    fig.supxlabel(t["activation"])
    fig.tight_layout()
    fig.savefig(outdir / "nn-data-loss-init.svg")
    plt.close(fig)


def _draw_net(ax, masks, title, note=None):
    sizes = [4, 6, 6, 3]
    xs = [0.0, 1.6, 3.2, 4.8]
    pos = [[(x, (i - (n - 1) / 2) * 0.8) for i in range(n)] for x, n in zip(xs, sizes)]
    alive = [np.ones(sizes[0], bool), masks[0], masks[1], np.ones(sizes[3], bool)]
    for l in range(3):
        for i, (x0, y0) in enumerate(pos[l]):
            for j, (x1, y1) in enumerate(pos[l + 1]):
                on = alive[l][i] and alive[l + 1][j]
                ax.plot([x0, x1], [y0, y1], color="0.45" if on else "0.88", lw=0.9 if on else 0.6,
                        zorder=1)
    colors = ["#9ecae1", "#a1d99b", "#a1d99b", "#fdae6b"]
    for l in range(4):
        for i, (x, y) in enumerate(pos[l]):
            if alive[l][i]:
                ax.add_patch(plt.Circle((x, y), 0.2, facecolor=colors[l], edgecolor="0.2", lw=1.1, zorder=2))
            else:
                ax.add_patch(plt.Circle((x, y), 0.2, facecolor="white", edgecolor="0.7", lw=1.0,
                                        ls="--", zorder=2))
                ax.plot([x - 0.13, x + 0.13], [y - 0.13, y + 0.13], color="C3", lw=1.5, zorder=3)
                ax.plot([x - 0.13, x + 0.13], [y + 0.13, y - 0.13], color="C3", lw=1.5, zorder=3)
    ax.set_title(wrap_label(title, share=0.5))
    if note:
        ax.text(2.4, -2.6, wrap_label(note, share=0.5), ha="center", va="top", color="0.35")
    ax.set_xlim(-0.5, 5.3)
    ax.set_ylim(-3.0, 2.5)
    ax.set_aspect("equal")
    ax.axis("off")


def dropout_figure(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    rng = np.random.default_rng(4)
    fig, axes = plt.subplots(2, 2, figsize=(6.0, 6.8))  # phones: two networks a row
    axes = axes.ravel()
    for ax, title in zip(axes[:2], (t["mask1"], t["mask2"])):
        masks = [rng.random(6) < 0.5, rng.random(6) < 0.5]
        for m in masks:  # keep at least two units per layer so that the picture stays readable
            m[rng.choice(np.flatnonzero(~m), size=max(0, 2 - m.sum()), replace=False)] = True
        _draw_net(ax, masks, title)
    _draw_net(axes[2], [np.ones(6, bool), np.ones(6, bool)], t["test"], t["test_note"])
    handles = [plt.Line2D([], [], marker="o", ls="", markersize=11, markerfacecolor="#a1d99b",
                          markeredgecolor="0.2", label=t["kept"]),
               plt.Line2D([], [], marker="X", ls="", markersize=10, color="C3", label=t["dropped"])]
    axes[3].axis("off")
    axes[3].legend(handles=handles, loc="center", frameon=False)
    fig.tight_layout()
    fig.savefig(outdir / "nn-data-loss-dropout.svg")
    plt.close(fig)


# Labels of the normalization figure (drawn for phones: every text at least NORM_FONT points on a
# figure at most NORM_WIDTH inches wide).
NORM_WIDTH, NORM_FONT = 5.6, 15
NORM_TEXT = {
    "en": {"batch": "batch norm", "layer": "layer norm", "instance": "instance norm",
           "group": "group norm, G = 2", "examples": "N", "channels": "channels C",
           "note": "orange: one mean and variance\n(each cell: an H × W map)"},
    "ko": {"batch": "배치 정규화", "layer": "층 정규화", "instance": "인스턴스 정규화",
           "group": "그룹 정규화, G = 2", "examples": "N", "channels": "채널 C",
           "note": "주황색: 평균과 분산 하나\n(칸 하나: H × W 맵 하나)"},
}


def norms_figure(lang: str, outdir: Path) -> None:
    """An N x C grid per method; the orange cells are normalized together (each cell is an H x W map)."""
    from matplotlib.patches import Rectangle

    t = NORM_TEXT[lang]
    n, c = 4, 6
    shared = {  # (rows, columns) that share one mean and variance, for example 0 / channel 0
        "batch": (range(n), range(1)),
        "layer": (range(1), range(c)),
        "instance": (range(1), range(1)),
        "group": (range(1), range(c // 2)),
    }
    fig, ax = plt.subplots(figsize=(NORM_WIDTH, 5.4))
    for k, (name, (rows, cols)) in enumerate(shared.items()):
        x0, y0 = (k % 2) * 9.2, -(k // 2) * 8.2
        for i in range(n):
            for j in range(c):
                orange = i in rows and j in cols
                ax.add_patch(Rectangle((x0 + j, y0 - i - 1), 1, 1, lw=0.9, edgecolor="#555555",
                                       facecolor="#DD8452" if orange else "#EAF0F8"))
        ax.text(x0 + c / 2, y0 + 1.9, t[name], ha="center", va="bottom", fontsize=NORM_FONT)
        ax.text(x0 + c / 2, y0 + 0.2, t["channels"], ha="center", va="bottom", fontsize=NORM_FONT)
        ax.text(x0 - 0.3, y0 - n / 2, t["examples"], ha="right", va="center", fontsize=NORM_FONT)
    ax.text(-1.3, -8.2 - n - 0.6, t["note"], ha="left", va="top", fontsize=NORM_FONT)
    ax.set_xlim(-1.5, 15.5)
    ax.set_ylim(-16.2, 3.6)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(outdir / "nn-data-loss-norms.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    outdir = Path(outdir)
    preprocessing_figure(lang, outdir)
    init_figure(lang, outdir)
    dropout_figure(lang, outdir)
    norms_figure(lang, outdir)
