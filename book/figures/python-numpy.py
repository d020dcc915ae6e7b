"""Figures for the note "Python and NumPy for this course" (notes/python-numpy.md).

    python-numpy-broadcasting.svg   how broadcasting stretches size-1 and missing axes
    python-numpy-reductions.svg     sum along axis 0 and axis 1 of a (2, 3) score matrix, with keepdims
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from labs.plotting import wrap_label

LABELS = {
    "row_case": {
        "en": "shapes (4, 3) and (3,) give (4, 3)",
        "ko": "모양 (4, 3)과 (3,)을 더하면 (4, 3)",
    },
    "outer_case": {
        "en": "shapes (4, 1) and (1, 3) give (4, 3)",
        "ko": "모양 (4, 1)과 (1, 3)을 더하면 (4, 3)",
    },
    "stored": {"en": "stored values", "ko": "실제로 저장된 값"},
    "virtual": {"en": "virtual copies (no memory used)", "ko": "가상의 복사본 (메모리를 쓰지 않음)"},
    "axis0": {"en": "S.sum(axis=0): down each column, shape (3,)",
              "ko": "S.sum(axis=0): 각 열을 따라 아래로, 모양 (3,)"},
    "axis1": {"en": "S.sum(axis=1, keepdims=True):\nalong each row, shape (2, 1)",
              "ko": "S.sum(axis=1, keepdims=True):\n각 행을 따라, 모양 (2, 1)"},
    "matrix": {"en": "S, shape (2, 3): 2 examples × 3 classes", "ko": "S, 모양 (2, 3): 예제 2개 × 클래스 3개"},
    "reduce_title": {"en": "Reductions: the named axis disappears (or keeps size 1)",
                     "ko": "축을 따라 모으기: 지정한 축이 사라진다(또는 크기 1로 남는다)"},
    "title": {
        "en": "Broadcasting: size-1 axes are stretched to match",
        "ko": "브로드캐스팅: 크기가 1인 축을 늘려 모양을 맞춘다",
    },
}

STORED = "#4C72B0"
VIRTUAL = "#C9D6EA"


def _grid(ax, x0, y0, values, stored_mask, fmt="{:g}"):
    """Draw a table of numbers; cells where stored_mask is False are drawn as virtual copies."""
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            stored = stored_mask[i, j]
            ax.add_patch(Rectangle((x0 + j, y0 - i), 1, 1,
                                   facecolor=STORED if stored else VIRTUAL,
                                   edgecolor="black" if stored else "#7F8FA6",
                                   linestyle="-" if stored else "--", linewidth=1.0))
            ax.text(x0 + j + 0.5, y0 - i + 0.5, fmt.format(values[i, j]), ha="center", va="center", color="white" if stored else "#2F3B52")


def _row(ax, y0, a, a_mask, b, b_mask, label):
    _grid(ax, 0, y0, a, a_mask)
    ax.text(3.5, y0 - 1.0, "+", fontsize=20, ha="center", va="center")
    _grid(ax, 4, y0, b, b_mask)
    ax.text(7.5, y0 - 1.0, "=", fontsize=20, ha="center", va="center")
    _grid(ax, 8, y0, a + b, np.ones_like(a, dtype=bool))
    ax.text(5.5, y0 + 1.4, wrap_label(label), ha="center", va="center")


def make(lang: str, outdir: Path) -> None:
    t = {key: forms[lang] for key, forms in LABELS.items()}
    fig, ax = plt.subplots(figsize=(6.0, 7.6))

    # Case 1: a matrix plus a row vector; the row is repeated down the rows.
    a = np.arange(0, 120, 10).reshape(4, 3).astype(float)
    b = np.tile(np.array([1.0, 2.0, 3.0]), (4, 1))
    b_mask = np.zeros((4, 3), dtype=bool)
    b_mask[0] = True
    _row(ax, 8.5, a, np.ones((4, 3), dtype=bool), b, b_mask, t["row_case"])

    # Case 2: a column plus a row; both are stretched (an "outer sum").
    col = np.tile(np.array([[0.0], [10.0], [20.0], [30.0]]), (1, 3))
    col_mask = np.zeros((4, 3), dtype=bool)
    col_mask[:, 0] = True
    row = np.tile(np.array([1.0, 2.0, 3.0]), (4, 1))
    row_mask = np.zeros((4, 3), dtype=bool)
    row_mask[0] = True
    _row(ax, 3.0, col, col_mask, row, row_mask, t["outer_case"])

    ax.add_patch(Rectangle((0.2, -1.6), 0.6, 0.6, facecolor=STORED, edgecolor="black"))
    ax.text(1.0, -1.3, t["stored"], va="center")
    ax.add_patch(Rectangle((0.2, -2.6), 0.6, 0.6, facecolor=VIRTUAL, edgecolor="#7F8FA6", linestyle="--"))
    ax.text(1.0, -2.3, t["virtual"], va="center")

    ax.set_xlim(-0.3, 11.3)
    ax.set_ylim(-2.9, 10.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(wrap_label(t["title"]))
    fig.tight_layout()
    fig.savefig(outdir / "python-numpy-broadcasting.svg")
    plt.close(fig)
    _reductions(lang, outdir)


def _reductions(lang: str, outdir: Path) -> None:
    t = {key: forms[lang] for key, forms in LABELS.items()}
    S = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    fig, ax = plt.subplots(figsize=(6.0, 5.4))
    everything = np.ones_like(S, dtype=bool)
    _grid(ax, 0, 3, S, everything)
    ax.text(0, 4.15, wrap_label(t["matrix"], share=0.9), ha="left", va="bottom")
    # axis=0: one value per column, drawn under the matrix
    _grid(ax, 0, 0, S.sum(axis=0, keepdims=True), np.ones((1, 3), dtype=bool), fmt="{:.1f}")
    for j in range(3):
        ax.annotate("", xy=(j + 0.5, 1.05), xytext=(j + 0.5, 1.95),
                    arrowprops={"arrowstyle": "->", "color": "#2F3B52", "lw": 1.2})
    ax.text(0, -0.2, wrap_label(t["axis0"], share=0.6), ha="left", va="top")
    # axis=1: one value per row, drawn to the right of the matrix
    _grid(ax, 5, 3, S.sum(axis=1, keepdims=True), np.ones((2, 1), dtype=bool), fmt="{:.1f}")
    for i in range(2):
        ax.annotate("", xy=(4.95, 3.5 - i), xytext=(3.1, 3.5 - i),
                    arrowprops={"arrowstyle": "->", "color": "#2F3B52", "lw": 1.2})
    ax.text(6.2, 2.0, wrap_label(t["axis1"].replace("\n", " "), share=0.4), ha="left", va="center")
    ax.set_xlim(-0.3, 10.3)
    ax.set_ylim(-1.9, 5.5)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(wrap_label(t["reduce_title"]))
    fig.tight_layout()
    fig.savefig(outdir / "python-numpy-reductions.svg")
    plt.close(fig)
