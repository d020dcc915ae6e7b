"""Figures for the note "Convolutional networks" (notes/convnets.md).

    convnets-sliding-window.svg     a 3x3 filter on a 5x5 input, one window worked out in numbers
    convnets-output-size.svg        1-D view of (W - F + 2P)/S + 1 for stride 1 and stride 2
    convnets-max-pooling.svg        2x2 max and average pooling with stride 2 on a 4x4 input
    convnets-receptive-field.svg    three stacked 3-wide layers see 7 inputs
    convnets-backward.svg           1-D backward pass: dx a full convolution with the flipped filter, dw a correlation
    convnets-transposed.svg         1-D transposed convolution, stride 2: scaled filter copies that overlap and add

The numbers in the first two figures are the same as in the page's code cells.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle

from labs.plotting import FIGURE_WIDTH_IN, font_pt, wrap_label

FONT = font_pt()  # the smallest text that reads on a phone (14 pt on a 6-inch figure)

# The tiny example shared with the code cell of the page.
X = np.array([[1, 2, 0, 1, 3],
              [0, 1, 3, 2, 1],
              [2, 0, 1, 0, 2],
              [1, 3, 2, 1, 0],
              [0, 1, 1, 2, 1]])
W = np.array([[1, 0, -1],
              [1, 0, -1],
              [1, 0, -1]])
ROW = np.array([2, 1, 0, 3, 1])     # 1-D input of the output-size figure
ROW_W = np.array([1, 2, -1])        # 1-D filter of the output-size figure
POOL = np.array([[1, 4, 2, 0],
                 [3, 2, 1, 1],
                 [0, 1, 5, 2],
                 [2, 6, 3, 4]])

LABELS = {
    "input": {"en": "input (5×5)", "ko": "입력 (5×5)"},
    "filter": {"en": "filter (3×3)", "ko": "필터 (3×3)"},
    "output": {"en": "output (3×3)", "ko": "출력 (3×3)"},
    "window": {"en": "window at row 1, column 2 (counting from 0)", "ko": "1행 2열(0부터 셈) 위치의 창"},
    "slide_title": {
        "en": "Convolution, stride 1, no padding: each output is a dot product of the filter with one window",
        "ko": "스트라이드 1, 패딩 없는 합성곱: 출력 하나는 필터와 창 하나의 내적이다",
    },
    "padded": {"en": "input, W = 5, padded with P = 1", "ko": "입력 W = 5, 패딩 P = 1"},
    "stride1": {"en": "stride S = 1: (5 - 3 + 2)/1 + 1 = 5 outputs",
                "ko": "스트라이드 S = 1: (5 - 3 + 2)/1 + 1 = 출력 5개"},
    "stride2": {"en": "stride S = 2: (5 - 3 + 2)/2 + 1 = 3 outputs",
                "ko": "스트라이드 S = 2: (5 - 3 + 2)/2 + 1 = 출력 3개"},
    "weights": {"en": "filter weights (1, 2, -1), F = 3", "ko": "필터 가중치 (1, 2, -1), F = 3"},
    "pool_in": {"en": "input (4×4)", "ko": "입력 (4×4)"},
    "max": {"en": "max pooling", "ko": "최대 풀링"},
    "avg": {"en": "average pooling", "ko": "평균 풀링"},
    "pool_title": {
        "en": "2×2 pooling with stride 2: each colour block becomes one number",
        "ko": "2×2 풀링, 스트라이드 2: 같은 색 블록 하나가 숫자 하나가 된다",
    },
    "rf_layer": {"en": "layer {}", "ko": "{}층"},
    "rf_input": {"en": "input", "ko": "입력"},
    "rf_title": {
        "en": "Three stacked layers of 3-wide filters: one top neuron sees 7 inputs",
        "ko": "폭 3 필터 층을 세 번 쌓으면 맨 위 뉴런 하나가 입력 7개를 본다",
    },
}

# Labels of the figures added for the backward pass and the transposed convolution (drawn for phones:
# every text at least PHONE_FONT points on a figure at most PHONE_WIDTH inches wide).
PHONE_WIDTH, PHONE_FONT = 5.6, 15
DY = np.array([1, -1, 2])           # upstream gradient of the backward-pass figure
UP_IN = np.array([1, -1, 2])        # input of the transposed-convolution figure
NEW_LABELS = {
    "bw_forward": {"en": "forward: y = x * w", "ko": "순방향: y = x * w"},
    "bw_dx": {"en": "input gradient: padded dy * flip(w)", "ko": "입력 그래디언트: 패딩한 dy * flip(w)"},
    "bw_dw": {"en": "weight gradient: x * dy", "ko": "가중치 그래디언트: x * dy"},
    "tr_in": {"en": "input z (3)", "ko": "입력 z (3)"},
    "tr_sum": {"en": "sum: output (7)", "ko": "합: 출력 (7)"},
    "tr_title": {"en": "Stride 2: each z[i] pastes z[i]·w,\nshifted by 2; overlaps add",
                 "ko": "스트라이드 2: z[i]마다 z[i]·w를\n2칸씩 옮겨 붙이고, 겹치면 더한다"},
}

BLUE, ORANGE, GREEN, RED, GREY = "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#DDDDDD"
POOL_COLORS = ("#C9D6EA", "#F4D3B5", "#CDE5C6", "#F0C2C3")


def _labels(lang: str) -> dict:
    return {key: forms[lang] for key, forms in LABELS.items()}


def correlate(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation (what deep-learning libraries call convolution)."""
    f = w.shape[0]
    n = x.shape[0] - f + 1
    return np.array([[np.sum(x[i:i + f, j:j + f] * w) for j in range(n)] for i in range(n)])


def _grid(ax, x0, y0, values, colors=None, highlight=None, fontsize=None, text_color="black"):
    """Draw a table of numbers with its top-left corner at (x0, y0); rows go down."""
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            face = colors[i][j] if colors is not None else "white"
            ax.add_patch(Rectangle((x0 + j, y0 - i - 1), 1, 1, facecolor=face, edgecolor="#555555", lw=0.8))
            ax.text(x0 + j + 0.5, y0 - i - 0.5, f"{values[i, j]:g}", ha="center", va="center",
                    fontsize=fontsize or FONT + 1, color=text_color)
    if highlight is not None:
        (r, c, h, w_), color = highlight
        ax.add_patch(Rectangle((x0 + c, y0 - r - h), w_, h, fill=False, edgecolor=color, lw=2.6))


def _diagram(height_in, xlim, ylim):
    """A 6-inch-wide figure for a drawing in data units (equal aspect, no axes)."""
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, height_in))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def _save(fig, path):
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _sliding_window(t: dict, outdir: Path) -> None:
    out = correlate(X, W)
    r, c = 1, 2
    window = X[r:r + 3, c:c + 3]
    # Phone layout: input * filter on top, = output under the filter, the worked sum below.
    fig, ax = _diagram(6.5, (-0.2, 10.2), (-5.5, 5.9))
    in_colors = [["#EAF0F8" if r <= i < r + 3 and c <= j < c + 3 else "white" for j in range(5)] for i in range(5)]
    _grid(ax, 0, 5, X, colors=in_colors, highlight=((r, c, 3, 3), ORANGE))
    ax.text(2.5, 5.3, t["input"], ha="center")
    ax.text(6.0, 3.5, "*", ha="center", va="center", fontsize=24)
    _grid(ax, 7, 5, W, colors=[["#FBE9DA"] * 3] * 3)
    ax.text(8.5, 5.3, t["filter"], ha="center")
    ax.text(6.0, -1.0, "=", ha="center", va="center", fontsize=24)
    out_colors = [["#FBE9DA" if (i, j) == (r, c) else "white" for j in range(3)] for i in range(3)]
    _grid(ax, 7, 0.5, out, colors=out_colors, highlight=((r, c, 1, 1), ORANGE))
    ax.text(8.5, 0.8, t["output"], ha="center")
    rows = [" + ".join(f"{a}·{b}".replace("·-", "·(-") + (")" if b < 0 else "") for a, b in zip(wr, fr))
            for wr, fr in zip(window, W)]
    ax.text(0, -0.6, wrap_label(t["window"] + ":", share=0.5) + "\n" + "\n+ ".join(rows) + f"\n= {out[r, c]:g}",
            ha="left", va="top", color="#333333", linespacing=1.35)
    ax.set_title(wrap_label(t["slide_title"]))
    _save(fig, outdir / "convnets-sliding-window.svg")


def _output_size(t: dict, outdir: Path) -> None:
    padded = np.concatenate([[0], ROW, [0]])
    fig, axes = plt.subplots(2, 1, figsize=(FIGURE_WIDTH_IN, 6.6))
    for ax, stride, title in zip(axes, (1, 2), (t["stride1"], t["stride2"])):
        colors = [[GREY] + ["white"] * 5 + [GREY]]
        _grid(ax, 0, 3, padded[None, :], colors=colors)
        n_out = (len(ROW) - 3 + 2) // stride + 1
        outs = [int(np.dot(padded[k * stride:k * stride + 3], ROW_W)) for k in range(n_out)]
        x_off = (7 - n_out) / 2
        palette = (BLUE, ORANGE, GREEN, RED, "#8172B3")
        for k, v in enumerate(outs):
            color = palette[k % len(palette)]
            left = k * stride
            y_br = 3.2 + 0.2 * k
            ax.plot([left + 0.1, left + 2.9], [y_br, y_br], color=color, lw=2.2)
            ax.add_patch(Rectangle((x_off + k, -0.2), 1, 1, facecolor="white", edgecolor=color, lw=2.0))
            ax.text(x_off + k + 0.5, 0.3, f"{v:g}", ha="center", va="center", fontsize=FONT + 1)
            ax.plot([left + 1.5, x_off + k + 0.5], [2.0, 0.8], color=color, lw=1.0, alpha=0.8)
        ax.set_title(wrap_label(title), loc="left")
        ax.set_xlim(-0.3, 7.3)
        ax.set_ylim(-0.5, 4.3)
        ax.set_aspect("equal")
        ax.axis("off")
    axes[1].text(0, -0.7, t["padded"] + "\n" + t["weights"], ha="left", va="top", color="#444444", linespacing=1.4)
    fig.tight_layout()
    fig.savefig(outdir / "convnets-output-size.svg")
    plt.close(fig)


def _max_pooling(t: dict, outdir: Path) -> None:
    blocks = [[POOL_COLORS[(i // 2) * 2 + j // 2] for j in range(4)] for i in range(4)]
    mx = POOL.reshape(2, 2, 2, 2).max(axis=(1, 3))
    av = POOL.reshape(2, 2, 2, 2).mean(axis=(1, 3))
    small = [[POOL_COLORS[i * 2 + j] for j in range(2)] for i in range(2)]
    fig, ax = _diagram(4.6, (-0.3, 8.6), (-1.0, 4.8))
    _grid(ax, 0, 4, POOL, colors=blocks)
    ax.text(2, 4.3, t["pool_in"], ha="center")
    _grid(ax, 6.5, 4, mx, colors=small)
    ax.text(7.5, 4.3, t["max"], ha="center")
    _grid(ax, 6.5, 1.2, av, colors=small)
    ax.text(7.5, 1.5, t["avg"], ha="center")
    for y_to in (3.0, 0.2):
        ax.add_patch(FancyArrowPatch((4.3, 2.0), (6.3, y_to), arrowstyle="-|>", mutation_scale=14,
                                     color="#555555", lw=1.2))
    ax.set_title(wrap_label(t["pool_title"]))
    _save(fig, outdir / "convnets-max-pooling.svg")


def _receptive_field(t: dict, outdir: Path) -> None:
    n = 9
    center = n // 2
    levels = 4
    fig, ax = _diagram(4.6, (-2.6, n - 0.5), (-1.6, levels * 1.3 - 0.5))
    for lvl in range(levels):
        reach = levels - 1 - lvl          # half-width of the cone at this level
        for k in range(n):
            inside = abs(k - center) <= reach
            face = (ORANGE if lvl == levels - 1 else "#F4D3B5") if inside else "white"
            ax.add_patch(plt.Circle((k, lvl * 1.3), 0.3, facecolor=face, edgecolor="#555555", lw=0.8))
            if lvl > 0 and abs(k - center) <= reach:
                for dk in (-1, 0, 1):
                    ax.plot([k, k + dk], [lvl * 1.3 - 0.3, (lvl - 1) * 1.3 + 0.3], color="#999999", lw=0.8)
        name = t["rf_input"] if lvl == 0 else t["rf_layer"].format(lvl)
        ax.text(-0.6, lvl * 1.3, name, ha="right", va="center")
    ax.annotate("", xy=(center - 3 - 0.4, -0.65), xytext=(center + 3 + 0.4, -0.65),
                arrowprops={"arrowstyle": "<->", "color": RED, "lw": 1.4})
    ax.text(center, -0.85, "7", ha="center", va="top", color=RED)
    ax.set_title(wrap_label(t["rf_title"]))
    _save(fig, outdir / "convnets-receptive-field.svg")


def _row(ax, x0, y0, values, color="white", edge="#555555", fontsize=PHONE_FONT, dim=()):
    """One row of numbered cells with its left edge at x0 and its bottom at y0; cells in `dim` greyed."""
    for k, v in enumerate(values):
        face = GREY if k in dim else color
        ax.add_patch(Rectangle((x0 + k, y0), 1, 1, facecolor=face, edgecolor=edge, lw=0.9))
        ax.text(x0 + k + 0.5, y0 + 0.5, f"{v:g}", ha="center", va="center", fontsize=fontsize)


def _window(ax, x0, y0, width, color):
    ax.add_patch(Rectangle((x0, y0), width, 1, fill=False, edgecolor=color, lw=3.0))


def _backward(lang: str, outdir: Path) -> None:
    t = {key: forms[lang] for key, forms in NEW_LABELS.items()}
    y = np.correlate(ROW, ROW_W, mode="valid")                  # forward: (4, -2, 5)
    dy_pad = np.concatenate([[0, 0], DY, [0, 0]])
    dx = np.correlate(dy_pad, ROW_W[::-1], mode="valid")         # full convolution: 5 numbers
    dw = np.correlate(ROW, DY, mode="valid")                     # 3 numbers
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH, 7.4))
    panels = [  # (title, top row, its left edge, greyed cells, bottom row, its left edge, filter, window width)
        (t["bw_forward"], ROW, 1, (), y, 2, ("w", ROW_W), 3),
        (t["bw_dx"], dy_pad, 0, (0, 1, 5, 6), dx, 1, ("flip(w)", ROW_W[::-1]), 3),
        (t["bw_dw"], ROW, 1, (), dw, 2, ("dy", DY), 3),
    ]
    for p, (title, top, left, dim, bottom, b_left, (f_name, f_vals), width) in enumerate(panels):
        base = -p * 4.6
        ax.text(0, base + 3.1, title, ha="left", va="bottom", fontsize=PHONE_FONT)
        _row(ax, left, base + 1.6, top, dim=dim)
        _window(ax, left, base + 1.6, width, ORANGE)
        _row(ax, b_left, base, bottom, color="#FBE9DA")
        _window(ax, b_left, base, 1, ORANGE)
        label = f"{f_name} = (" + ", ".join(f"{v:g}" for v in f_vals) + ")"
        ax.text(b_left + len(bottom) + 0.4, base + 0.5, label, ha="left", va="center", fontsize=PHONE_FONT,
                color=BLUE)
        ax.plot([left + width / 2, b_left + 0.5], [base + 1.6, base + 1.0], color=ORANGE, lw=1.6)
    ax.set_xlim(-0.2, 11.5)
    ax.set_ylim(-2 * 4.6 - 0.3, 4.4)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(outdir / "convnets-backward.svg")
    plt.close(fig)


def _transposed(lang: str, outdir: Path) -> None:
    t = {key: forms[lang] for key, forms in NEW_LABELS.items()}
    stride, n_out = 2, (len(UP_IN) - 1) * 2 + len(ROW_W)
    total = np.zeros(n_out)
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH, 6.2))
    ax.text(0, 7.3, t["tr_title"], ha="left", va="bottom", fontsize=PHONE_FONT)
    _row(ax, 2, 5.6, UP_IN, color="#EAF0F8")
    ax.text(5.3, 6.1, t["tr_in"], ha="left", va="center", fontsize=PHONE_FONT)
    ax.text(5.3, 4.9, "w = (" + ", ".join(f"{v:g}" for v in ROW_W) + ")", ha="left", va="center",
            fontsize=PHONE_FONT, color=BLUE)
    palette = (BLUE, GREEN, RED)
    for i, z in enumerate(UP_IN):
        copy = z * ROW_W
        total[i * stride:i * stride + len(ROW_W)] += copy
        y0 = 3.0 - 1.2 * i
        _row(ax, i * stride, y0, copy, color="white", edge=palette[i])
        ax.plot([2 + i + 0.5, i * stride + 1.5], [5.6, y0 + 1.0], color=palette[i], lw=1.4)
    ax.plot([-0.2, n_out + 0.2], [0.25, 0.25], color="#555555", lw=1.2)
    _row(ax, 0, -1.0, total, color="#FBE9DA")
    ax.text(0, -1.4, t["tr_sum"], ha="left", va="top", fontsize=PHONE_FONT)
    ax.set_xlim(-0.3, 10.0)
    ax.set_ylim(-2.6, 8.9)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(outdir / "convnets-transposed.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    t = _labels(lang)
    outdir = Path(outdir)
    _sliding_window(t, outdir)
    _output_size(t, outdir)
    _max_pooling(t, outdir)
    _receptive_field(t, outdir)
    _backward(lang, outdir)
    _transposed(lang, outdir)
