"""Figures for the chapter "Neural networks I: architecture" (notes/nn-architecture.md).

    nn-architecture-activations.svg  the five activation functions and their derivatives
    nn-architecture-network.svg      a drawn 3-layer fully-connected network (4-5-3-2)
    nn-architecture-capacity.svg     decision boundaries of small vs large nets, with and without L2

`make(lang, outdir)` writes all three with labels in `lang` ("en" or "ko").
"""
from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from labs.plotting import wrap_label

TEXT = {
    "en": {
        "sigmoid": "sigmoid",
        "function": "activation",
        "derivative": "derivative",
        "maxout": "maxout (k = 2)",
        "leaky": "leaky ReLU (α = 0.1)",
        "input": "input layer",
        "hidden1": "hidden layer 1",
        "hidden2": "hidden layer 2",
        "output": "output layer",
        "units": "{n} units",
        "hidden_units": "{n} hidden units",
        "reg": "100 hidden units, λ = {lam:g}",
        "class": "class {k}",
        "acc": "train {a:.0%} / test {b:.0%}",
    },
    "ko": {
        "sigmoid": "시그모이드",
        "function": "활성화 함수",
        "derivative": "도함수",
        "maxout": "맥스아웃 (k = 2)",
        "leaky": "leaky ReLU (α = 0.1)",
        "input": "입력층",
        "hidden1": "은닉층 1",
        "hidden2": "은닉층 2",
        "output": "출력층",
        "units": "유닛 {n}개",
        "hidden_units": "은닉 유닛 {n}개",
        "reg": "은닉 유닛 100개, λ = {lam:g}",
        "class": "클래스 {k}",
        "acc": "훈련 {a:.0%} / 테스트 {b:.0%}",
    },
}


def _activations():
    """(name, f, f') for the five functions; maxout uses two fixed lines on a scalar input."""
    sig = lambda z: 1.0 / (1.0 + np.exp(-z))
    a = 0.1  # leaky slope, larger than the usual 0.01 so that it is visible in the plot
    w1, b1, w2, b2 = -0.5, -0.5, 1.0, 0.0
    return [
        ("sigmoid", sig, lambda z: sig(z) * (1 - sig(z))),
        ("tanh", np.tanh, lambda z: 1 - np.tanh(z) ** 2),
        ("ReLU", lambda z: np.maximum(0, z), lambda z: (z > 0).astype(float)),
        ("leaky", lambda z: np.where(z > 0, z, a * z), lambda z: np.where(z > 0, 1.0, a)),
        ("maxout", lambda z: np.maximum(w1 * z + b1, w2 * z + b2),
         lambda z: np.where(w1 * z + b1 > w2 * z + b2, w1, w2)),
    ]


def activations_figure(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    z = np.linspace(-4, 4, 801)
    acts = _activations()
    # phones: one row per function, the function on the left and its derivative on the right
    fig, axes = plt.subplots(5, 2, figsize=(6.0, 11.0), sharex=True)
    for col, (name, f, df) in enumerate(acts):
        title = {"sigmoid": t["sigmoid"], "leaky": t["leaky"], "maxout": t["maxout"]}.get(name, name)
        top, bottom = axes[col, 0], axes[col, 1]
        top.plot(z, f(z), color="C0", lw=2)
        d = df(z)
        jumps = np.flatnonzero(np.abs(np.diff(d)) > 0.05)  # break the line at discontinuities
        d = d.copy()
        d[jumps] = np.nan
        bottom.plot(z, d, color="C3", lw=2)
        top.set_ylabel(title.replace(" (", "\n("))
        for ax in (top, bottom):
            ax.axhline(0, color="0.7", lw=0.8, zorder=0)
            ax.axvline(0, color="0.7", lw=0.8, zorder=0)
            ax.grid(alpha=0.25)
        bottom.set_ylim(-0.7, 1.2)
    axes[0, 0].set_title(t["function"])
    axes[0, 1].set_title(t["derivative"])
    for ax in axes[-1]:
        ax.set_xlabel("z")
    fig.tight_layout()
    fig.savefig(outdir / "nn-architecture-activations.svg")
    plt.close(fig)


def network_figure(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    sizes = [4, 5, 3, 2]
    names = [t["input"], t["hidden1"], t["hidden2"], t["output"]]
    colors = ["#9ecae1", "#a1d99b", "#a1d99b", "#fdae6b"]
    xs = [0.0, 2.2, 4.4, 6.6]
    fig, ax = plt.subplots(figsize=(6.0, 4.6))
    pos = []
    for x, n in zip(xs, sizes):
        ys = (np.arange(n) - (n - 1) / 2) * 0.9
        pos.append([(x, y) for y in ys])
    for left, right in itertools.pairwise(pos):
        for (x0, y0) in left:
            for (x1, y1) in right:
                ax.plot([x0, x1], [y0, y1], color="0.55", lw=0.8, zorder=1)
    for layer, (coords, color) in enumerate(zip(pos, colors)):
        for (x, y) in coords:
            ax.add_patch(plt.Circle((x, y), 0.22, facecolor=color, edgecolor="0.2", lw=1.2, zorder=2))
    for x, n, name in zip(xs, sizes, names):
        ax.text(x, 3.05, wrap_label(name, share=0.2), ha="center", va="bottom")
        ax.text(x, 2.45, t["units"].format(n=n), ha="center", va="bottom", color="0.35")
    labels = ["$W_1, b_1$", "$W_2, b_2$", "$W_3, b_3$"]
    for i, lab in enumerate(labels):
        ax.text((xs[i] + xs[i + 1]) / 2, -2.75, lab, ha="center", va="top")
    ax.set_xlim(-0.8, 7.4)
    ax.set_ylim(-3.3, 4.4)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(outdir / "nn-architecture-network.svg")
    plt.close(fig)


def _toy_data(rng, n=70):
    """Two noisy interleaved half-moons in 2-D, n points per class (raw coordinates)."""
    t = rng.uniform(0, np.pi, n)
    a = np.stack([np.cos(t), np.sin(t)], 1)
    b = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1)
    X = np.concatenate([a, b]) + rng.normal(0, 0.3, (2 * n, 2))
    y = np.repeat([0, 1], n)
    return X, y


def _train(X, y, hidden, lam, seed, steps=4000, lr=0.5):
    """Full-batch gradient descent with momentum on a 2-layer ReLU net with softmax loss."""
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, np.sqrt(2 / 2), (2, hidden))
    b1 = np.zeros(hidden)
    W2 = rng.normal(0, np.sqrt(1 / hidden), (hidden, 2))
    b2 = np.zeros(2)
    params = [W1, b1, W2, b2]
    vel = [np.zeros_like(p) for p in params]
    n = len(y)
    for _ in range(steps):
        h = np.maximum(0, X @ W1 + b1)
        s = h @ W2 + b2
        s -= s.max(1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(1, keepdims=True)
        ds = p.copy()
        ds[np.arange(n), y] -= 1
        ds /= n
        dW2 = h.T @ ds + lam * W2
        db2 = ds.sum(0)
        dh = ds @ W2.T * (h > 0)
        dW1 = X.T @ dh + lam * W1
        db1 = dh.sum(0)
        for v, prm, g in zip(vel, params, (dW1, db1, dW2, db2)):
            v *= 0.9
            v -= lr * g
            prm += v
    return params


def capacity_figure(lang: str, outdir: Path) -> None:
    t = TEXT[lang]
    X, y = _toy_data(np.random.default_rng(3))
    Xt, yt = _toy_data(np.random.default_rng(99), n=1000)  # fresh points from the same distribution
    mean, std = X.mean(0), X.std(0)   # standardise both sets with the *training* statistics
    X, Xt = (X - mean) / std, (Xt - mean) / std
    g = np.linspace(-2.6, 2.6, 200)
    gx, gy = np.meshgrid(g, g)
    grid = np.stack([gx.ravel(), gy.ravel()], 1)
    settings = [(3, 0.0), (10, 0.0), (100, 0.0), (100, 1e-3), (100, 1e-2), (100, 1e-1)]
    fig, axes = plt.subplots(3, 2, figsize=(6.0, 10.4))  # phones: two panels a row
    for ax, (hidden, lam) in zip(axes.ravel(), settings):
        W1, b1, W2, b2 = _train(X, y, hidden, lam, seed=0)
        def net(P, W1=W1, b1=b1, W2=W2, b2=b2):
            return (np.maximum(0, P @ W1 + b1) @ W2 + b2).argmax(1)

        pred = net(grid).reshape(gx.shape)
        acc = t["acc"].format(a=np.mean(net(X) == y), b=np.mean(net(Xt) == yt))
        ax.contourf(gx, gy, pred, levels=[-0.5, 0.5, 1.5], colors=["#c6dbef", "#fdd0a2"], alpha=0.9)
        ax.contour(gx, gy, pred, levels=[0.5], colors="0.25", linewidths=1)
        for k, (c, m) in enumerate([("C0", "o"), ("C1", "s")]):
            ax.scatter(*X[y == k].T, s=12, c=c, marker=m, edgecolors="white", linewidths=0.4,
                       label=t["class"].format(k=k))
        title = t["hidden_units"].format(n=hidden) if lam == 0 else t["reg"].format(lam=lam)
        ax.set_title(wrap_label(title, share=0.5) + "\n" + acc)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_aspect("equal")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="lower center", ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(outdir / "nn-architecture-capacity.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    outdir = Path(outdir)
    activations_figure(lang, outdir)
    network_figure(lang, outdir)
    capacity_figure(lang, outdir)
