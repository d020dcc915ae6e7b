"""Figures for the note "Linear classification" (notes/linear-classification.md).

    linear-classification-hyperplanes.svg  a 3-class linear classifier in 2-D: zero-score lines,
                                           weight vectors and the argmax decision regions
    linear-classification-losses.svg       hinge vs cross-entropy loss as a function of the margin
    linear-classification-softmax.svg      scores -> exponentials -> probabilities for the worked example (correct class: cat)

All numbers are made up for the book; the data are synthetic with a fixed seed.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from labs.plotting import wrap_label

LABELS = {
    "classes": {"en": ["cat", "dog", "ship"], "ko": ["고양이", "개", "배"]},
    "zero_line": {"en": "score = 0 for class", "ko": "점수가 0인 직선:"},
    "hyper_title": {"en": "A 3-class linear classifier on 2-D inputs",
                    "ko": "2차원 입력에 대한 3-클래스 선형 분류기"},
    "margin": {"en": r"margin $m = s_{y} - s_{j}$ (correct score minus other score)",
               "ko": r"마진 $m = s_{y} - s_{j}$ (정답 클래스 점수 - 다른 클래스 점수)"},
    "loss": {"en": "loss", "ko": "손실"},
    "zero_one": {"en": "0-1 loss (misclassified or not)", "ko": "0-1 손실 (틀렸는지 여부)"},
    "hinge": {"en": r"hinge: $\max(0,\, 1 - m)$", "ko": r"힌지: $\max(0,\, 1 - m)$"},
    "ce": {"en": r"cross-entropy: $\log(1 + e^{-m})$", "ko": r"교차 엔트로피: $\log(1 + e^{-m})$"},
    "loss_title": {"en": "Two classes: loss as a function of the margin m",
                   "ko": "클래스가 둘일 때 마진 m에 따른 손실"},
    "scores": {"en": "scores s", "ko": "점수 s"},
    "exps": {"en": r"$e^{s}$ (unnormalized)", "ko": r"$e^{s}$ (정규화 전)"},
    "probs": {"en": "probabilities", "ko": "확률"},
    "correct": {"en": "correct class: cat", "ko": "정답 클래스: 고양이"},
}

COLORS = ["#4C72B0", "#DD8452", "#55A868"]
LIGHT = ListedColormap(["#DCE4F0", "#F7E0D0", "#D8ECDB"])

W = np.array([[0.0, 1.6], [-1.4, -0.8], [1.4, -0.8]])
B = np.array([0.0, 0.3, -0.3])


def _hyperplanes(t, outdir):
    rng = np.random.default_rng(3)
    centers = 1.5 * np.array([[0.0, 1.0], [-0.87, -0.5], [0.87, -0.5]])
    X = np.concatenate([c + 0.45 * rng.standard_normal((25, 2)) for c in centers])
    y = np.repeat(np.arange(3), 25)

    lim = 3.0
    g = np.linspace(-lim, lim, 300)
    gx, gy = np.meshgrid(g, g)
    scores = np.stack([gx, gy], -1) @ W.T + B
    fig, ax = plt.subplots(figsize=(6.0, 7.2))
    ax.pcolormesh(gx, gy, scores.argmax(-1), cmap=LIGHT, shading="auto", rasterized=True)
    names = t["classes"]
    for j in range(3):
        w, b = W[j], B[j]
        # Points with w.x + b = 0: start at the closest point to the origin, walk along the normal's perpendicular.
        p0 = -b * w / (w @ w)
        d = np.array([-w[1], w[0]]) / np.linalg.norm(w)
        line = p0 + np.outer(np.linspace(-6, 6, 2), d)
        ax.plot(line[:, 0], line[:, 1], "--", color=COLORS[j], lw=1.8,
                label=f"{t['zero_line']} {names[j]}")
        ax.annotate("", xy=p0 + 0.8 * w / np.linalg.norm(w), xytext=p0,
                    arrowprops={"arrowstyle": "->", "color": COLORS[j], "lw": 2.2})
        m = y == j
        ax.scatter(X[m, 0], X[m, 1], s=22, color=COLORS[j], edgecolor="black", linewidth=0.4)
        ax.text(*(1.02 * centers[j] * 1.55), names[j], color=COLORS[j],
                fontweight="bold", ha="center", va="center")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel(r"$x_1$")
    ax.set_ylabel(r"$x_2$")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    ax.set_title(wrap_label(t["hyper_title"]))
    fig.tight_layout()
    fig.savefig(outdir / "linear-classification-hyperplanes.svg")
    plt.close(fig)


def _losses(t, outdir):
    m = np.linspace(-3, 4, 400)
    fig, ax = plt.subplots(figsize=(6.0, 5.6))
    ax.plot(m, (m < 0).astype(float), color="gray", lw=1.5, ls=":", label=t["zero_one"])
    ax.plot(m, np.maximum(0, 1 - m), color=COLORS[0], lw=2.5, label=t["hinge"])
    ax.plot(m, np.logaddexp(0, -m), color=COLORS[1], lw=2.5, label=t["ce"])
    ax.axvline(0, color="black", lw=0.6)
    ax.axvline(1, color=COLORS[0], lw=0.8, ls="--")
    ax.set_xlabel(wrap_label(t["margin"]))
    ax.set_ylabel(t["loss"])
    ax.set_ylim(-0.1, 4.0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), frameon=False)
    ax.grid(alpha=0.3)
    ax.set_title(wrap_label(t["loss_title"]))
    fig.tight_layout()
    fig.savefig(outdir / "linear-classification-losses.svg")
    plt.close(fig)


def _softmax(t, outdir):
    s = np.array([0.3, 1.7, -0.75])
    e = np.exp(s)
    p = e / e.sum()
    names = t["classes"]
    fig, axes = plt.subplots(1, 3, figsize=(6.0, 3.4))
    for ax, values, title, fmt in zip(axes, (s, e, p), (t["scores"], t["exps"], t["probs"]),
                                      ("{:g}", "{:.2f}", "{:.3f}")):
        bars = ax.bar(names, values, color=COLORS)
        bars[0].set_edgecolor("black")
        bars[0].set_linewidth(2.0)
        ax.axhline(0, color="black", lw=0.6)
        for bar, v in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, v + (0.04 if v >= 0 else -0.04) * np.abs(values).max(),
                    fmt.format(v), ha="center", va="bottom" if v >= 0 else "top")
        lo = min(0.0, values.min()) * 1.9
        ax.set_ylim(lo, values.max() * 1.25)
        ax.set_title(title)
    fig.text(0.5, 0.01, t["correct"], ha="center")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.savefig(outdir / "linear-classification-softmax.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    t = {key: forms[lang] for key, forms in LABELS.items()}
    _hyperplanes(t, outdir)
    _losses(t, outdir)
    _softmax(t, outdir)
