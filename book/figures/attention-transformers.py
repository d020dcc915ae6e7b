"""Figures for the note "Attention and Transformers" (notes/attention-transformers.md).

    attention-shapes.svg     scaled dot-product attention as matrices with their shapes
    attention-masks.svg      attention weights of one random example: no mask, padding mask, causal mask
    attention-block.svg      a pre-norm Transformer block: LN, multi-head attention, LN, MLP, two residuals
    attention-vit.svg        a Vision Transformer: patches, patch embedding, class token, positions, encoder

Text is at least 14 pt on figures at most 6 inches wide, so it stays readable on a phone (≥ 11 CSS px
when the figure is shown 390 px wide).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from labs.i18n import labels

FS = 14  # the smallest font size used, in points

LABELS = {
    "queries": {"en": "queries", "ko": "쿼리"},
    "keys": {"en": "keys", "ko": "키"},
    "values": {"en": "values", "ko": "값"},
    "scores": {"en": "scores", "ko": "점수"},
    "weights": {"en": "weights\n(rows sum to 1)", "ko": "가중치\n(행의 합 1)"},
    "output": {"en": "output", "ko": "출력"},
    "no_mask": {"en": "no mask", "ko": "마스크 없음"},
    "padding": {"en": "padding mask", "ko": "패딩 마스크"},
    "causal": {"en": "causal mask", "ko": "인과 마스크"},
    "query_axis": {"en": "query position", "ko": "쿼리 위치"},
    "key_axis": {"en": "key position", "ko": "키 위치"},
    "mha": {"en": "multi-head\nattention", "ko": "멀티헤드\n어텐션"},
    "mlp": {"en": "MLP", "ko": "MLP"},
    "ln": {"en": "layer norm", "ko": "층 정규화"},
    "tokens_in": {"en": "tokens in: (N, d)", "ko": "입력 토큰: (N, d)"},
    "tokens_out": {"en": "tokens out: (N, d)", "ko": "출력 토큰: (N, d)"},
    "repeat": {"en": "× L blocks", "ko": "블록 L개 반복"},
    "image": {"en": "image, 16 patches", "ko": "이미지, 패치 16개"},
    "embed": {"en": "patch embedding\n(one linear map)", "ko": "패치 임베딩\n(선형 사상 하나)"},
    "cls": {"en": "class token", "ko": "클래스 토큰"},
    "pos": {"en": "+ position embeddings", "ko": "+ 위치 임베딩"},
    "encoder": {"en": "Transformer encoder (L blocks)", "ko": "트랜스포머 인코더 (블록 L개)"},
    "head": {"en": "linear head $\\rightarrow$ class scores", "ko": "선형 헤드 $\\rightarrow$ 클래스 점수"},
}

QCOL = "#E8A0A0"
KCOL = "#9CCB9C"
VCOL = "#9DB8E0"
SCOL = "#F2D08A"
LINE = "#333333"



def _matrix(ax, x, y, w, h, color, label, shape, fs=FS):
    """A matrix drawn as a grid of w × h cells with its lower-left corner at (x, y)."""
    ax.add_patch(Rectangle((x, y), w, h, facecolor=color, edgecolor=LINE, linewidth=1.2))
    for i in range(1, w):
        ax.plot([x + i, x + i], [y, y + h], color="white", linewidth=0.8)
    for j in range(1, h):
        ax.plot([x, x + w], [y + j, y + j], color="white", linewidth=0.8)
    ax.text(x + w / 2, y + h + 0.35, label, ha="center", va="bottom", fontsize=fs)
    ax.text(x + w / 2, y - 0.35, shape, ha="center", va="top", fontsize=fs)


def _arrow(ax, start, end, lw=1.4, rad=0.0):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color=LINE, linewidth=lw,
                                 connectionstyle=f"arc3,rad={rad}", shrinkA=0, shrinkB=0))


# ---------------------------------------------------------------------------------------------
def shapes(lang: str, outdir: Path) -> None:
    """Two rows: Q K^T -> scores -> softmax; weights times V -> output. n = 4 queries, m = 5 keys."""
    t = labels(LABELS, lang)
    fig, ax = plt.subplots(figsize=(6, 6.4))
    # row 1: Q (4 x 3) times K^T (3 x 5) = S (4 x 5)
    _matrix(ax, 0, 7, 3, 4, QCOL, "$Q$", "$n \\times d_k$")
    ax.text(3.6, 9, "×", ha="center", va="center", fontsize=20)
    _matrix(ax, 4.2, 7.5, 5, 3, KCOL, "$K^{\\top}$", "$d_k \\times m$")
    ax.text(9.8, 9, "=", ha="center", va="center", fontsize=20)
    _matrix(ax, 10.4, 7, 5, 4, SCOL, t["scores"], "$n \\times m$")
    # arrow down: softmax of each row after dividing by sqrt(d_k)
    _arrow(ax, (12.9, 6.1), (12.9, 4.9))
    ax.text(13.2, 5.5, "$\\mathrm{softmax}(\\cdot / \\sqrt{d_k})$", ha="left", va="center", fontsize=FS)
    # row 2: A (4 x 5) times V (5 x 3) = output (4 x 3)
    weights = np.array([[0.6, 0.2, 0.1, 0.05, 0.05], [0.1, 0.7, 0.1, 0.05, 0.05],
                        [0.05, 0.05, 0.2, 0.6, 0.1], [0.2, 0.2, 0.2, 0.2, 0.2]])
    ax.imshow(weights, extent=(10.4, 15.4, 0.4, 4.4), cmap="Oranges", vmin=0, vmax=0.8, zorder=2)
    ax.add_patch(Rectangle((10.4, 0.4), 5, 4, facecolor="none", edgecolor=LINE, linewidth=1.2, zorder=3))
    ax.text(12.9, -0.0, t["weights"], ha="center", va="top", fontsize=FS)
    ax.text(9.8, 2.4, "×", ha="center", va="center", fontsize=20)
    _matrix(ax, 6.3, -0.1, 3, 5, VCOL, "$V$", "$m \\times d_v$")
    ax.text(5.4, 2.4, "=", ha="center", va="center", fontsize=20)
    _matrix(ax, 1.5, 0.4, 3, 4, "#C9B3E0", t["output"], "$n \\times d_v$")
    ax.set_xlim(-0.5, 19.6)
    ax.set_ylim(-2.6, 12.2)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(outdir / "attention-shapes.svg")
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
def masked_weights(scores: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Row softmax of `scores` where `mask` is True; masked entries get weight 0."""
    s = np.where(mask, scores, -np.inf)
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)


def masks(lang: str, outdir: Path) -> None:
    t = labels(LABELS, lang)
    n = 6
    rng = np.random.default_rng(3)
    scores = rng.normal(scale=1.2, size=(n, n))
    full = np.ones((n, n), dtype=bool)
    padding = full.copy()
    padding[:, 4:] = False               # the last two positions are padding
    causal = np.tril(full)
    fig, axes = plt.subplots(1, 3, figsize=(6, 2.9))
    for ax, mask, title in zip(axes, (full, padding, causal), ("no_mask", "padding", "causal")):
        w = masked_weights(scores, mask)
        ax.imshow(w, cmap="Oranges", vmin=0, vmax=1)
        blocked = np.ma.masked_where(mask, np.ones_like(w))
        ax.imshow(blocked, cmap="Greys", vmin=0, vmax=2.5, alpha=0.9)
        ax.set_title(t[title], fontsize=FS)
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0].set_ylabel(t["query_axis"], fontsize=FS)
    axes[1].set_xlabel(t["key_axis"], fontsize=FS)
    fig.subplots_adjust(left=0.06, right=0.99, top=0.86, bottom=0.14, wspace=0.12)
    fig.savefig(outdir / "attention-masks.svg")
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
def _box(ax, x, y, w, h, color, text, fs=FS):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.12",
                                facecolor=color, edgecolor=LINE, linewidth=1.2))
    ax.text(x, y, text, ha="center", va="center", fontsize=fs)


def _plus(ax, x, y):
    ax.add_patch(plt.Circle((x, y), 0.28, facecolor="white", edgecolor=LINE, linewidth=1.2, zorder=3))
    ax.text(x, y, "+", ha="center", va="center", fontsize=16, zorder=4)


def block(lang: str, outdir: Path) -> None:
    t = labels(LABELS, lang)
    fig, ax = plt.subplots(figsize=(5, 7.2))
    x = 2.0
    ax.text(x, -0.55, t["tokens_in"], ha="center", va="top", fontsize=FS)
    # main path
    _arrow(ax, (x, -0.4), (x, 0.75))
    _box(ax, x, 1.1, 2.6, 0.7, "#E6E6E6", t["ln"])
    _arrow(ax, (x, 1.45), (x, 2.0))
    _box(ax, x, 2.6, 2.6, 1.1, KCOL, t["mha"])
    _arrow(ax, (x, 3.15), (x, 3.72))
    _plus(ax, x, 4.0)
    _arrow(ax, (x, 4.28), (x, 4.95))
    _box(ax, x, 5.3, 2.6, 0.7, "#E6E6E6", t["ln"])
    _arrow(ax, (x, 5.65), (x, 6.15))
    _box(ax, x, 6.6, 2.6, 0.8, VCOL, t["mlp"])
    _arrow(ax, (x, 7.0), (x, 7.62))
    _plus(ax, x, 7.9)
    _arrow(ax, (x, 8.18), (x, 8.9))
    ax.text(x, 9.05, t["tokens_out"], ha="center", va="bottom", fontsize=FS)
    # residual paths on the left
    for y0, y1 in ((0.3, 4.0), (4.6, 7.9)):
        ax.plot([x, x - 1.8, x - 1.8], [y0, y0, y1], color="#1F4E8C", linewidth=2.0)
        _arrow(ax, (x - 1.8, y1), (x - 0.28, y1), lw=2.0)
    # the repeat bracket on the right
    ax.plot([3.6, 3.8, 3.8, 3.6], [0.3, 0.3, 8.3, 8.3], color="#777777", linewidth=1.2)
    ax.text(3.95, 4.3, t["repeat"], ha="left", va="center", fontsize=FS, rotation=90)
    ax.set_xlim(-0.2, 4.6)
    ax.set_ylim(-1.2, 9.8)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(outdir / "attention-block.svg")
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
def toy_digit() -> np.ndarray:
    """A 16 × 16 image of a hand-drawn-looking seven (drawn here, not taken from a data set)."""
    img = np.zeros((16, 16))
    img[3:5, 3:13] = 1.0                        # the top bar
    for r in range(5, 14):                      # the diagonal stroke
        c = 12 - (r - 5) * 0.7
        img[r, int(c) - 1:int(c) + 1] = 1.0
    img[8, 6:10] = 0.7                          # a small cross bar
    return img


def vit(lang: str, outdir: Path) -> None:
    t = labels(LABELS, lang)
    img = toy_digit()
    fig, ax = plt.subplots(figsize=(6, 7.0))
    # the image with its 4 x 4 patch grid, top left
    ax.imshow(img, extent=(0, 4, 7.2, 11.2), cmap="gray_r", vmin=0, vmax=1)
    for i in range(5):
        ax.plot([i, i], [7.2, 11.2], color="#C0392B", linewidth=1.2)
        ax.plot([0, 4], [7.2 + i, 7.2 + i], color="#C0392B", linewidth=1.2)
    ax.text(2.0, 11.45, t["image"], ha="center", va="bottom", fontsize=FS)
    # the patches as a row of tokens
    _arrow(ax, (4.3, 9.2), (5.4, 9.2))
    _box(ax, 7.6, 9.2, 4.0, 1.3, "#E6E6E6", t["embed"])
    _arrow(ax, (7.6, 8.5), (7.6, 7.45))
    y = 6.8
    xs = np.linspace(2.2, 10.6, 8)
    ax.add_patch(Rectangle((0.3, y - 0.4), 0.8, 0.8, facecolor=SCOL, edgecolor=LINE, linewidth=1.2))
    ax.text(0.7, y, "*", ha="center", va="center", fontsize=FS)
    ax.text(0.7, y - 0.6, t["cls"], ha="left", va="top", fontsize=FS)
    for k, xk in enumerate(xs):
        ax.add_patch(Rectangle((xk - 0.4, y - 0.4), 0.8, 0.8, facecolor=VCOL, edgecolor=LINE, linewidth=1.2))
        ax.text(xk, y, str(k + 1) if k < 7 else "16", ha="center", va="center", fontsize=FS)
    ax.text((xs[6] + xs[7]) / 2, y - 0.75, "…", ha="center", va="center", fontsize=FS)
    ax.text(11.3, y + 0.8, t["pos"], ha="right", va="bottom", fontsize=FS)
    # encoder
    _arrow(ax, (6.0, 5.3), (6.0, 4.55))
    _box(ax, 6.0, 3.9, 11.0, 1.2, KCOL, t["encoder"])
    _arrow(ax, (0.7, 3.25), (0.7, 2.1))
    _box(ax, 4.2, 1.5, 7.6, 1.0, "#C9B3E0", t["head"])
    ax.set_xlim(-0.3, 12.0)
    ax.set_ylim(0.7, 12.4)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(outdir / "attention-vit.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    outdir = Path(outdir)
    shapes(lang, outdir)
    masks(lang, outdir)
    block(lang, outdir)
    vit(lang, outdir)
