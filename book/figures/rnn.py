"""Figures for the note "Recurrent neural networks" (notes/rnn.md).

    rnn-sequence-tasks.svg   one-to-one, one-to-many, many-to-one and the two many-to-many set-ups
    rnn-unrolled.svg         a vanilla RNN with its loop, and the same network unrolled over "hihell"
    rnn-gradient-norm.svg    norm of the product of Jacobians d h_T / d h_{T-k} for a tanh RNN
    rnn-lstm-cell.svg        an LSTM cell: gates, cell state and hidden state
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from labs.i18n import labels
from labs.plotting import wrap_label

LABELS = {
    "one_to_one": {"en": "one to one", "ko": "일대일"},
    "one_to_many": {"en": "one to many", "ko": "일대다"},
    "many_to_one": {"en": "many to one", "ko": "다대일"},
    "many_to_many_seq": {"en": "many to many\n(encoder-decoder)", "ko": "다대다\n(인코더-디코더)"},
    "many_to_many_sync": {"en": "many to many\n(one output per input)", "ko": "다대다\n(입력마다 출력)"},
    "ex_one_to_one": {"en": "image classification", "ko": "이미지 분류"},
    "ex_one_to_many": {"en": "image captioning", "ko": "이미지 캡셔닝"},
    "ex_many_to_one": {"en": "sentiment of a review", "ko": "리뷰의 감성 분류"},
    "ex_seq": {"en": "machine translation", "ko": "기계 번역"},
    "ex_sync": {"en": "labelling video frames", "ko": "비디오 프레임 분류"},
    "input": {"en": "input", "ko": "입력"},
    "hidden": {"en": "hidden state", "ko": "은닉 상태"},
    "output": {"en": "output", "ko": "출력"},
    "folded": {"en": "RNN with a loop", "ko": "순환이 있는 RNN"},
    "unrolled": {"en": "unrolled over six time steps (the same weights at every step)",
                 "ko": "여섯 타임 스텝으로 펼친 모습 (모든 스텝이 같은 가중치를 쓴다)"},
    "target": {"en": "target", "ko": "정답"},
    "grad_title": {"en": "How far back a gradient reaches in a tanh RNN",
                   "ko": "tanh RNN에서 그래디언트가 얼마나 먼 과거까지 전달되는가"},
    "grad_x": {"en": "number of steps back, k", "ko": "거슬러 올라간 스텝 수 k"},
    "grad_y": {"en": r"norm of $\partial h_T / \partial h_{T-k}$", "ko": r"$\partial h_T / \partial h_{T-k}$의 노름"},
    "radius": {"en": r"spectral radius of $W_{hh}$ = {r}", "ko": r"$W_{hh}$의 스펙트럼 반지름 = {r}"},
    "explode": {"en": "explodes", "ko": "폭주"},
    "vanish": {"en": "vanishes", "ko": "소실"},
    "cell_state": {"en": "cell state", "ko": "셀 상태"},
    "forget": {"en": "forget", "ko": "망각"},
    "input_gate": {"en": "input", "ko": "입력"},
    "candidate": {"en": "candidate", "ko": "후보"},
    "output_gate": {"en": "output", "ko": "출력"},
    "highway": {"en": "only elementwise × and + on this path", "ko": "이 경로에는 원소별 ×와 +만 있다"},
}

INPUT = "#E8A0A0"
HIDDEN = "#9CCB9C"
OUTPUT = "#9DB8E0"
GATE = "#F2D08A"
LINE = "#333333"



def _box(ax, x, y, color, w=0.7, h=0.55, text=None, fontsize=None):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=color, edgecolor=LINE, linewidth=1.0))
    if text:
        ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def _arrow(ax, start, end, color=LINE, rad=0.0, lw=1.2, style="-|>"):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=10, color=color, linewidth=lw,
                                 connectionstyle=f"arc3,rad={rad}", shrinkA=0, shrinkB=0))


# ---------------------------------------------------------------------------------------------
def sequence_tasks(lang: str, outdir: Path) -> None:
    t = labels(LABELS, lang)
    # (title, example, inputs per step, outputs per step) with 1 = present at that step
    panels = [
        ("one_to_one", "ex_one_to_one", [1], [1]),
        ("one_to_many", "ex_one_to_many", [1, 0, 0, 0], [1, 1, 1, 1]),
        ("many_to_one", "ex_many_to_one", [1, 1, 1, 1], [0, 0, 0, 1]),
        ("many_to_many_seq", "ex_seq", [1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]),
        ("many_to_many_sync", "ex_sync", [1, 1, 1, 1], [1, 1, 1, 1]),
    ]
    # phones: three rows of panels, each panel as wide as its number of steps
    fig = plt.figure(figsize=(6.0, 8.4))
    grid = fig.add_gridspec(3, 10)
    slots = [grid[0, 0:3], grid[0, 3:10], grid[1, 0:5], grid[2, 1:9], grid[1, 5:10]]
    axes = [fig.add_subplot(slot) for slot in slots]
    for ax, (title, example, ins, outs) in zip(axes, panels):
        n = len(ins)
        for i in range(n):
            x = i
            _box(ax, x, 1.0, HIDDEN)
            if ins[i]:
                _box(ax, x, 0.0, INPUT)
                _arrow(ax, (x, 0.28), (x, 0.72))
            if outs[i]:
                _box(ax, x, 2.0, OUTPUT)
                _arrow(ax, (x, 1.28), (x, 1.72))
            if i > 0:
                _arrow(ax, (x - 0.65, 1.0), (x - 0.35, 1.0))
        ax.set_xlim(-0.7 - (2 - n) * 0.5 if n < 2 else -0.7, (n - 1) + 0.7 + ((2 - n) * 0.5 if n < 2 else 0))
        ax.set_ylim(-0.8, 3.2)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(t[title])
        ax.text((n - 1) / 2, -0.55, t[example], ha="center", va="center", style="italic")
    # a legend drawn as coloured boxes in the first panel's margin
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor=LINE) for c in (INPUT, HIDDEN, OUTPUT)]
    fig.legend(handles, [t["input"], t["hidden"], t["output"]], loc="lower center", ncol=3, frameon=False)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.93, bottom=0.07, wspace=0.3, hspace=0.55)
    fig.savefig(outdir / "rnn-sequence-tasks.svg")
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
def unrolled(lang: str, outdir: Path) -> None:
    t = labels(LABELS, lang)
    inputs, targets = "hihell", "ihello"
    fig, ax = plt.subplots(figsize=(6.0, 6.6))
    # phones: the folded network on top, the same network unrolled below it
    fx, fy = 4.4, 4.4
    _box(ax, fx, fy, INPUT, text="$x_t$")
    _box(ax, fx, fy + 1.2, HIDDEN, text="$h_t$")
    _box(ax, fx, fy + 2.4, OUTPUT, text="$y_t$")
    _arrow(ax, (fx, fy + 0.28), (fx, fy + 0.92))
    _arrow(ax, (fx, fy + 1.48), (fx, fy + 2.12))
    ax.add_patch(FancyArrowPatch((fx + 0.35, fy + 1.3), (fx + 0.35, fy + 1.1), connectionstyle="arc3,rad=-2.2",
                                 arrowstyle="-|>", mutation_scale=10, color=LINE, linewidth=1.2))
    ax.text(fx + 0.9, fy + 1.2, "$W_{hh}$", ha="left", va="center")
    ax.text(fx - 0.1, fy + 0.6, "$W_{xh}$", ha="right", va="center")
    ax.text(fx - 0.1, fy + 1.8, "$W_{hy}$", ha="right", va="center")
    ax.text(fx + 2.0, fy + 2.4, wrap_label(t["folded"], share=0.35), ha="left", va="center")
    ax.text(fx, 3.75, "=", ha="center", va="center", fontsize=22, rotation=90)
    # unrolled network
    x0, dx = 3.2, 1.45
    _box(ax, x0 - 1.05, 1.2, "#EEEEEE", w=0.55, text="$h_0$")
    for i, (a, b) in enumerate(zip(inputs, targets)):
        x = x0 + i * dx
        _box(ax, x, 0.0, INPUT, text=f"“{a}”")
        _box(ax, x, 1.2, HIDDEN, text=f"$h_{i + 1}$")
        _box(ax, x, 2.4, OUTPUT, text=f"$y_{i + 1}$")
        ax.text(x, 3.05, f"“{b}”", ha="center", va="center", color="#1F4E8C")
        _arrow(ax, (x, 0.28), (x, 0.92))
        _arrow(ax, (x, 1.48), (x, 2.12))
        prev = x0 - 1.05 + 0.28 if i == 0 else x - dx + 0.35
        _arrow(ax, (prev, 1.2), (x - 0.35, 1.2))
        if i == 0:
            ax.text((prev + x - 0.35) / 2, 1.35, "$W_{hh}$", ha="center", va="bottom")
            ax.text(x + 0.08, 0.6, "$W_{xh}$", ha="left", va="center")
            ax.text(x + 0.08, 1.8, "$W_{hy}$", ha="left", va="center")
    last = x0 + (len(inputs) - 1) * dx
    ax.text(last + 0.55, 3.05, t["target"], ha="left", va="center", color="#1F4E8C")
    ax.text(last + 0.55, 0.0, t["input"], ha="left", va="center")
    ax.text((x0 + last) / 2 - 0.5, -0.5, wrap_label(t["unrolled"]), ha="center", va="top")
    ax.set_xlim(x0 - 1.5, last + 1.7)
    ax.set_ylim(-1.6, fy + 2.8)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.98, bottom=0.02)
    fig.savefig(outdir / "rnn-unrolled.svg")
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
def jacobian_norms(radius: float, hidden: int = 100, steps: int = 61, input_scale: float = 0.05,
                   seed: int = 0) -> np.ndarray:
    """Spectral norms of d h_T / d h_{T-k}, k = 1..steps-1, for h_t = tanh(W h_{t-1} + x_t).

    W is a random Gaussian matrix rescaled to the given spectral radius (largest |eigenvalue|);
    the inputs are small random vectors, so the states stay in tanh's nearly linear range.
    """
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(hidden, hidden)) / np.sqrt(hidden)
    W *= radius / np.max(np.abs(np.linalg.eigvals(W)))
    xs = input_scale * rng.normal(size=(steps, hidden))
    h = np.zeros(hidden)
    states = []
    for x in xs:
        h = np.tanh(W @ h + x)
        states.append(h)
    product = np.eye(hidden)
    norms = []
    for k in range(1, steps):
        t = steps - k                           # d h_t / d h_{t-1} = diag(1 - h_t^2) W
        product = product @ (np.diag(1 - states[t] ** 2) @ W)
        norms.append(np.linalg.norm(product, 2))
    return np.array(norms)


def _log_label(value, _pos):
    exponent = round(float(np.log10(value)))
    return f"{value:g}" if -2 <= exponent <= 2 else f"1e{exponent}"


def gradient_norm(lang: str, outdir: Path) -> None:
    t = labels(LABELS, lang)
    fig, ax = plt.subplots(figsize=(6.0, 6.4))
    colors = {0.7: "#2B6CB0", 0.9: "#63A4D8", 1.1: "#E8964A", 1.3: "#C0392B"}
    for radius, color in colors.items():
        norms = jacobian_norms(radius)
        ax.plot(np.arange(1, len(norms) + 1), norms, color=color, linewidth=1.8,
                label=t["radius"].replace("{r}", str(radius)))
    ax.axhline(1.0, color="gray", linewidth=0.8, linestyle="--")
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
    ax.yaxis.set_major_formatter(FuncFormatter(_log_label))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(t["grad_x"])
    ax.set_ylabel(t["grad_y"])
    ax.set_title(wrap_label(t["grad_title"]))
    ax.text(58, 150, t["explode"], ha="right", va="center", color="#C0392B")
    ax.text(58, 3e-8, t["vanish"], ha="right", va="center", color="#2B6CB0")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), frameon=False)
    fig.tight_layout()
    fig.savefig(outdir / "rnn-gradient-norm.svg")
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
def _op(ax, x, y, symbol):
    ax.add_patch(Circle((x, y), 0.22, facecolor="white", edgecolor=LINE, linewidth=1.1, zorder=3))
    ax.text(x, y, symbol, ha="center", va="center", zorder=4)


def lstm_cell(lang: str, outdir: Path) -> None:
    t = labels(LABELS, lang)
    fig, ax = plt.subplots(figsize=(6.0, 5.4))
    # cell body
    ax.add_patch(FancyBboxPatch((0.6, -0.2), 7.8, 4.2, boxstyle="round,pad=0.05,rounding_size=0.3",
                                facecolor="#F7F7F7", edgecolor="#999999", linewidth=1.0))
    top, bottom = 3.4, 0.4
    # cell state highway along the top
    ax.annotate("", xy=(9.3, top), xytext=(-0.3, top),
                arrowprops={"arrowstyle": "-|>", "color": "#1F4E8C", "linewidth": 2.4, "mutation_scale": 14})
    ax.text(-0.35, top, "$c_{t-1}$", ha="right", va="center")
    ax.text(9.35, top, "$c_t$", ha="left", va="center")
    ax.text(4.0, top + 0.45, wrap_label(t["cell_state"] + ": " + t["highway"], share=0.75), ha="center", va="bottom",
            color="#1F4E8C")
    _op(ax, 2.0, top, "×")
    _op(ax, 4.2, top, "+")
    # input line along the bottom: [h_{t-1}, x_t]
    ax.annotate("", xy=(6.9, bottom), xytext=(-0.3, bottom),
                arrowprops={"arrowstyle": "-", "color": LINE, "linewidth": 1.4})
    ax.text(-0.35, bottom, "$h_{t-1}$", ha="right", va="center")
    ax.annotate("", xy=(1.0, bottom), xytext=(1.0, -0.75),
                arrowprops={"arrowstyle": "-", "color": LINE, "linewidth": 1.4})
    ax.text(1.0, -0.95, "$x_t$", ha="center", va="center")
    # gates
    gates = [(2.0, "$\\sigma$", "$f_t$", t["forget"]), (3.4, "$\\sigma$", "$i_t$", t["input_gate"]),
             (4.2, "tanh", "$g_t$", t["candidate"]), (5.6, "$\\sigma$", "$o_t$", t["output_gate"])]
    for x, fn, name, label in gates:
        _box(ax, x, 1.3, GATE, w=0.62, h=0.5, text=fn)
        ax.annotate("", xy=(x, 1.05), xytext=(x, bottom),
                    arrowprops={"arrowstyle": "-|>", "color": LINE, "linewidth": 1.2, "mutation_scale": 10})
        ax.text(x + 0.36, 1.72, name, ha="left", va="center")

    # forget gate multiplies the old cell state
    _arrow(ax, (2.0, 1.55), (2.0, top - 0.22))
    # input gate times candidate, added to the cell state
    _op(ax, 3.8, 2.35, "×")
    _arrow(ax, (3.4, 1.55), (3.65, 2.18))
    _arrow(ax, (4.2, 1.55), (3.95, 2.18))
    _arrow(ax, (3.95, 2.52), (4.2, top - 0.22))
    # output: o_t * tanh(c_t)
    _box(ax, 6.9, 2.6, HIDDEN, w=0.62, h=0.45, text="tanh")
    _arrow(ax, (6.9, top), (6.9, 2.83))
    _op(ax, 6.9, 1.3, "×")
    _arrow(ax, (6.9, 2.37), (6.9, 1.52))
    _arrow(ax, (5.91, 1.3), (6.68, 1.3))
    ax.annotate("", xy=(9.3, 1.3), xytext=(7.12, 1.3),
                arrowprops={"arrowstyle": "-|>", "color": LINE, "linewidth": 1.4, "mutation_scale": 12})
    ax.text(9.35, 1.3, "$h_t$", ha="left", va="center")
    ax.annotate("", xy=(7.9, 4.6), xytext=(7.9, 1.3),
                arrowprops={"arrowstyle": "-|>", "color": LINE, "linewidth": 1.2, "mutation_scale": 10})
    ax.text(7.95, 4.6, "$h_t$", ha="left", va="bottom")
    # the gates' names as a key under the cell (too narrow a phone column to write them inside)
    key = [f"{name} {label}" for _x, _fn, name, label in gates]
    ax.text(1.6, -0.75, "   ".join(key[:2]) + "\n" + "   ".join(key[2:]), ha="left", va="top", color="#555555",
            linespacing=1.4)
    ax.set_xlim(-1.2, 10.0)
    ax.set_ylim(-2.0, 5.5)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    fig.savefig(outdir / "rnn-lstm-cell.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    outdir = Path(outdir)
    sequence_tasks(lang, outdir)
    unrolled(lang, outdir)
    gradient_norm(lang, outdir)
    lstm_cell(lang, outdir)
