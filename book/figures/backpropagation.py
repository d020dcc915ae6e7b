"""Figures for the backpropagation note (book/<lang>/notes/backpropagation.md).

    backpropagation-simple-graph.svg   the graph of f(x, y, z) = (x + y) z with forward / backward values
    backpropagation-sigmoid-graph.svg  a sigmoid neuron broken into primitive gates
    backpropagation-gate-patterns.svg  add distributes, multiply swaps, max routes

Forward values are drawn in green above each wire, gradients in red below it.
The numbers are computed here, not typed in, so they always match the note.
"""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch

from labs.plotting import FIGURE_WIDTH_IN, font_pt

FONT = font_pt()  # the smallest text that reads on a phone (14 pt on a 6-inch figure)

GREEN = "#1a7f37"
RED = "#c62828"
NODE_R = 0.32

TEXT = {
    "en": {
        "forward": "forward-pass value",
        "backward": "gradient of $f$ (backward pass)",
        "add": "add gate: distributes",
        "mul": "multiply gate: swaps",
        "max": "max gate: routes",
        "upstream": "upstream gradient",
    },
    "ko": {
        "forward": "순방향 계산 값",
        "backward": "$f$의 그래디언트 (역방향 계산)",
        "add": "덧셈 게이트: 그대로 나눠 준다",
        "mul": "곱셈 게이트: 서로 바꿔 곱한다",
        "max": "최댓값 게이트: 한쪽으로만 보낸다",
        "upstream": "상류 그래디언트",
    },
}


def fmt(v: float) -> str:
    """Compact number for a wire label; an ASCII hyphen as minus (the font has no U+2212)."""
    if abs(v - round(v)) < 1e-9:
        return f"{round(v)}"
    return f"{v:.3g}"


def draw_graph(ax, nodes: dict, edges: list, fontsize: int = FONT + 1) -> None:
    """nodes: name -> (x, y, label, kind), kind "op" (circle) or "leaf" (bare text);
    edges: (src, dst, forward_value, gradient) drawn as arrows from src to dst."""
    for (x, y, label, kind) in nodes.values():
        if kind == "op":
            ax.add_patch(Circle((x, y), NODE_R, facecolor="#eef2f7", edgecolor="#34495e", lw=1.4, zorder=3))
            ax.text(x, y, label, ha="center", va="center", fontsize=fontsize, zorder=4)
        else:
            ax.text(x, y, label, ha="center", va="center", fontsize=fontsize + 1, zorder=4)
    for src, dst, fwd, bwd in edges:
        x0, y0, _, k0 = nodes[src]
        x1, y1, _, k1 = nodes[dst]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        ux, uy = dx / length, dy / length
        s0 = NODE_R if k0 == "op" else 0.28
        s1 = NODE_R if k1 == "op" else 0.28
        start = (x0 + ux * s0, y0 + uy * s0)
        end = (x1 - ux * s1, y1 - uy * s1)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12,
                                     color="#34495e", lw=1.2, zorder=2))
        at = 0.4 if k0 == "leaf" else 0.5  # wires from inputs converge: label them nearer the input
        mx = start[0] + at * (end[0] - start[0])
        my = start[1] + at * (end[1] - start[1])
        # offset perpendicular to the wire: forward value on the upper side, gradient below
        nx, ny = -uy, ux
        if ny < 0:
            nx, ny = -nx, -ny
        off = 0.17
        side = {"ha": "center"}
        if abs(ux) < 0.3:  # a vertical wire: forward value on its right, gradient on its left
            nx, ny, off = 1.0, 0.0, 0.12
            side = {"ha": "left"}
        if fwd is not None:
            ax.text(mx + nx * off, my + ny * off, fmt(fwd), color=GREEN, va="center", **side,
                    fontsize=fontsize - 1, zorder=5,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
        if bwd is not None:
            ax.text(mx - nx * off, my - ny * off, fmt(bwd), color=RED, va="center",
                    ha={"left": "right"}.get(side["ha"], "center"),
                    fontsize=fontsize - 1, zorder=5,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    ax.set_aspect("equal")
    ax.axis("off")


def legend(ax, t, loc="upper center", anchor=(0.5, 0.0)) -> None:
    """The colour key, by default centred below the drawing."""
    handles = [Line2D([], [], color=GREEN, lw=0, marker="s", label=t["forward"]),
               Line2D([], [], color=RED, lw=0, marker="s", label=t["backward"])]
    ax.legend(handles=handles, loc=loc, bbox_to_anchor=anchor, frameon=False)


# ---------------------------------------------------------------------------
# The two worked examples of the note (values computed, not typed)
# ---------------------------------------------------------------------------
def simple_values(x=3.0, y=-1.0, z=-2.0):
    q = x + y
    f = q * z
    df = 1.0
    dq, dz = z * df, q * df
    dx, dy = dq, dq
    return {"x": x, "y": y, "z": z, "q": q, "f": f, "df": df, "dq": dq, "dz": dz, "dx": dx, "dy": dy}


def sigmoid_values(w0=0.5, x0=4.0, w1=-1.5, x1=2.0, w2=3.0):
    p0, p1 = w0 * x0, w1 * x1
    u = p0 + p1
    s = u + w2
    n = -s
    e = math.exp(n)
    d = 1.0 + e
    f = 1.0 / d
    df = 1.0
    dd = -1.0 / d ** 2 * df
    de = dd
    dn = e * de
    ds = -dn
    du, dw2 = ds, ds
    dp0, dp1 = du, du
    return {"w0": w0, "x0": x0, "w1": w1, "x1": x1, "w2": w2, "p0": p0, "p1": p1, "u": u, "s": s, "n": n, "e": e, "d": d, "f": f,
                "df": df, "dd": dd, "de": de, "dn": dn, "ds": ds, "du": du, "dw2": dw2, "dp0": dp0, "dp1": dp1,
                "dw0": x0 * dp0, "dx0": w0 * dp0, "dw1": x1 * dp1, "dx1": w1 * dp1}


def simple_graph(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    v = simple_values()
    nodes = {
        "x": (0.0, 2.7, "$x$", "leaf"),
        "y": (0.0, 1.0, "$y$", "leaf"),
        "z": (0.0, -0.5, "$z$", "leaf"),
        "add": (2.2, 1.85, "$+$", "op"),
        "mul": (4.4, 0.75, r"$\times$", "op"),
        "out": (6.2, 0.75, "$f$", "leaf"),
    }
    edges = [
        ("x", "add", v["x"], v["dx"]),
        ("y", "add", v["y"], v["dy"]),
        ("add", "mul", v["q"], v["dq"]),
        ("z", "mul", v["z"], v["dz"]),
        ("mul", "out", v["f"], v["df"]),
    ]
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 4.2))
    draw_graph(ax, nodes, edges)
    ax.text(3.3, 1.75, "$q$", color="0.35")
    ax.set_xlim(-0.5, 6.6)
    ax.set_ylim(-1.0, 3.0)
    legend(ax, t)
    fig.tight_layout()
    fig.savefig(outdir / "backpropagation-simple-graph.svg")
    plt.close(fig)


def sigmoid_graph(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    v = sigmoid_values()
    nodes = {
        "w0": (0.0, 5.0, "$w_0$", "leaf"),
        "x0": (0.0, 3.5, "$x_0$", "leaf"),
        "w1": (0.0, 2.0, "$w_1$", "leaf"),
        "x1": (0.0, 0.5, "$x_1$", "leaf"),
        "w2": (0.0, -1.0, "$w_2$", "leaf"),
        "m0": (2.1, 4.25, r"$\times$", "op"),
        "m1": (2.1, 1.25, r"$\times$", "op"),
        "a0": (3.8, 2.75, "$+$", "op"),
        "a1": (5.4, 1.0, "$+$", "op"),
        # phones: the chain after the last addition runs down the right-hand side
        "neg": (7.0, 1.0, r"$\times\!-\!1$", "op"),
        "exp": (7.0, -0.8, "exp", "op"),
        "inc": (7.0, -2.6, "$+1$", "op"),
        "inv": (7.0, -4.4, "$1/x$", "op"),
        "out": (7.0, -6.0, "$f$", "leaf"),
    }
    edges = [
        ("w0", "m0", v["w0"], v["dw0"]),
        ("x0", "m0", v["x0"], v["dx0"]),
        ("w1", "m1", v["w1"], v["dw1"]),
        ("x1", "m1", v["x1"], v["dx1"]),
        ("m0", "a0", v["p0"], v["dp0"]),
        ("m1", "a0", v["p1"], v["dp1"]),
        ("a0", "a1", v["u"], v["du"]),
        ("w2", "a1", v["w2"], v["dw2"]),
        ("a1", "neg", v["s"], v["ds"]),
        ("neg", "exp", v["n"], v["dn"]),
        ("exp", "inc", v["e"], v["de"]),
        ("inc", "inv", v["d"], v["dd"]),
        ("inv", "out", v["f"], v["df"]),
    ]
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, 8.6))
    draw_graph(ax, nodes, edges)
    ax.set_xlim(-0.5, 8.0)
    ax.set_ylim(-6.4, 5.4)
    legend(ax, t, loc="lower left", anchor=(0.0, 0.1))
    fig.tight_layout()
    fig.savefig(outdir / "backpropagation-sigmoid-graph.svg")
    plt.close(fig)


def gate_patterns(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    x, y, up = 2.0, -1.0, 3.0
    gates = [
        ("add", "$+$", x + y, (up, up)),
        ("mul", r"$\times$", x * y, (y * up, x * up)),
        ("max", "max", max(x, y), (up if x >= y else 0.0, up if y > x else 0.0)),
    ]
    fig, axes = plt.subplots(3, 1, figsize=(FIGURE_WIDTH_IN * 0.8, 7.8))
    for ax, (key, label, out, (dx, dy)) in zip(axes, gates):
        nodes = {
            "x": (0.0, 1.4, "$x$", "leaf"),
            "y": (0.0, 0.0, "$y$", "leaf"),
            "g": (1.9, 0.7, label, "op"),
            "out": (3.7, 0.7, "", "leaf"),
        }
        edges = [("x", "g", x, dx), ("y", "g", y, dy), ("g", "out", out, up)]
        draw_graph(ax, nodes, edges)
        ax.text(3.9, 0.2, t["upstream"], color=RED, ha="right", va="top")
        ax.set_xlim(-0.4, 4.3)
        ax.set_ylim(-0.6, 2.0)
        ax.set_title(t[key])
    legend(axes[-1], t, anchor=(0.5, -0.05))
    fig.tight_layout()
    fig.savefig(outdir / "backpropagation-gate-patterns.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    simple_graph(lang, outdir)
    sigmoid_graph(lang, outdir)
    gate_patterns(lang, outdir)
