"""Figures for the note "Neural networks III: learning" (notes/nn-learning.md).

    nn-learning-loss-curves.svg         minibatch SGD at four learning rates on one problem
    nn-learning-train-val-gap.svg       train vs validation accuracy: large and small gap
    nn-learning-optimizer-paths.svg     SGD, momentum, Nesterov and Adam on a 2-D valley
    nn-learning-lr-schedules.svg        step, exponential, 1/t, cosine and warm-up schedules

Every curve comes from a real computation (seeded), not from a hand-drawn formula,
except the schedules, which are the formulas themselves.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from labs.plotting import wrap_label

LABELS = {
    "iteration": {"en": "iteration", "ko": "반복 횟수"},
    "epoch": {"en": "epoch", "ko": "에포크"},
    "loss": {"en": "training loss", "ko": "훈련 손실"},
    "lr_very_high": {"en": "very high learning rate", "ko": "아주 큰 학습률"},
    "lr_high": {"en": "high learning rate", "ko": "큰 학습률"},
    "lr_good": {"en": "good learning rate", "ko": "알맞은 학습률"},
    "lr_low": {"en": "low learning rate", "ko": "작은 학습률"},
    "diverged": {"en": "diverges", "ko": "발산"},
    "loss_title": {
        "en": "Minibatch SGD on the same problem, four learning rates",
        "ko": "같은 문제, 학습률만 다른 네 번의 미니배치 SGD",
    },
    "accuracy": {"en": "accuracy", "ko": "정확도"},
    "train": {"en": "training", "ko": "훈련"},
    "val": {"en": "validation", "ko": "검증"},
    "gap_big": {
        "en": "150 training images, no regularization:\nlarge gap (overfitting)",
        "ko": "훈련 이미지 150장, 규제 없음:\n큰 격차 (과적합)",
    },
    "gap_small": {
        "en": "1,200 training images, L2 regularization:\nsmall gap",
        "ko": "훈련 이미지 1,200장, L2 규제:\n작은 격차",
    },
    "gap_label": {"en": "gap {:.1f} pp", "ko": "격차 {:.1f}%포인트"},
    "paths_title": {
        "en": "60 steps on $f(x, y) = \\frac{1}{2}(x^2 + 25y^2)$ from the same start",
        "ko": "같은 출발점에서 $f(x, y) = \\frac{1}{2}(x^2 + 25y^2)$ 위를 60걸음",
    },
    "start": {"en": "start", "ko": "출발점"},
    "sgd": {"en": "SGD", "ko": "SGD"},
    "momentum": {"en": "momentum", "ko": "모멘텀"},
    "nesterov": {"en": "Nesterov", "ko": "네스테로프"},
    "adam": {"en": "Adam", "ko": "Adam"},
    "lr": {"en": "learning rate", "ko": "학습률"},
    "step": {"en": "step decay (×0.1 at epochs 30, 60, 80)", "ko": "계단식 감쇠 (30, 60, 80 에포크에서 ×0.1)"},
    "exp": {"en": "exponential decay", "ko": "지수 감쇠"},
    "inv": {"en": "1/t decay", "ko": "1/t 감쇠"},
    "cos": {"en": "cosine", "ko": "코사인"},
    "warm": {"en": "linear warm-up (5 epochs) + cosine", "ko": "선형 워밍업 (5 에포크) + 코사인"},
    "sched_title": {
        "en": "Learning-rate schedules starting from 0.1 (90 epochs)",
        "ko": "0.1에서 시작하는 학습률 스케줄 (90 에포크)",
    },
}

COLORS = {"very_high": "#C44E52", "high": "#DD8452", "good": "#55A868", "low": "#4C72B0"}


def _labels(lang: str) -> dict:
    return {key: forms[lang] for key, forms in LABELS.items()}


# ---------------------------------------------------------------- loss curves
def _sgd_curves():
    """Least squares with minibatch SGD: the curve shapes of real training, in milliseconds."""
    rng = np.random.default_rng(0)
    n, d, batch = 2000, 50, 20
    X = rng.normal(size=(n, d)) * np.linspace(0.3, 1.5, d)
    y = X @ rng.normal(size=d) + rng.normal(size=n)

    def full_loss(w):
        return 0.5 * np.mean((X @ w - y) ** 2)

    curves = {}
    for name, lr in (("very_high", 0.55), ("high", 0.18), ("good", 0.04), ("low", 0.002)):
        w = np.zeros(d)
        losses = [full_loss(w)]
        order = np.random.default_rng(1).permutation(np.tile(np.arange(n), 3))
        for it in range(300):
            idx = order[it * batch:(it + 1) * batch]
            w -= lr * X[idx].T @ (X[idx] @ w - y[idx]) / batch
            loss = full_loss(w)
            losses.append(loss if np.isfinite(loss) and loss < 1e6 else np.nan)
        curves[name] = np.array(losses)
    return curves


def _loss_curves(t: dict, outdir: Path) -> None:
    curves = _sgd_curves()
    fig, ax = plt.subplots(figsize=(6.0, 5.2))
    for name in ("very_high", "high", "good", "low"):
        c = curves[name]
        label = t[f"lr_{name}"]
        if np.isnan(c).any() or c.max() > c[0]:
            label += " — " + t["diverged"]
        ax.plot(np.arange(len(c)), c, color=COLORS[name], lw=1.8, label=label)
    ax.set_yscale("log")
    ax.set_ylim(0.4, curves["low"][0] * 1.5)
    ax.set_xlim(0, 300)
    ax.set_xlabel(t["iteration"])
    ax.set_ylabel(t["loss"])
    ax.set_title(wrap_label(t["loss_title"]))
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(outdir / "nn-learning-loss-curves.svg")
    plt.close(fig)


# ---------------------------------------------------------------- train/val gap
def _train_mlp(X, y, Xv, yv, hidden, reg, epochs, seed):
    """A two-layer ReLU net trained by full-batch gradient descent with momentum."""
    rng = np.random.default_rng(seed)
    d, k = X.shape[1], 10
    W1 = rng.normal(size=(d, hidden)) * np.sqrt(2.0 / d)
    b1 = np.zeros(hidden)
    W2 = rng.normal(size=(hidden, k)) * np.sqrt(1.0 / hidden)
    b2 = np.zeros(k)
    params = [W1, b1, W2, b2]
    vel = [np.zeros_like(p) for p in params]

    def forward(A):
        h = np.maximum(0, A @ W1 + b1)
        return h, h @ W2 + b2

    train_acc, val_acc = [], []
    for _ in range(epochs):
        h, s = forward(X)
        train_acc.append(np.mean(s.argmax(axis=1) == y))  # accuracy before this step's update
        val_acc.append(np.mean(forward(Xv)[1].argmax(axis=1) == yv))
        s = s - s.max(axis=1, keepdims=True)
        p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
        p[np.arange(len(y)), y] -= 1
        ds = p / len(y)
        dW2 = h.T @ ds + reg * W2
        db2 = ds.sum(axis=0)
        dh = ds @ W2.T * (h > 0)
        dW1 = X.T @ dh + reg * W1
        db1 = dh.sum(axis=0)
        for p_, v, g in zip(params, vel, (dW1, db1, dW2, db2)):
            v *= 0.9
            v -= 0.05 * g
            p_ += v
    return np.array(train_acc), np.array(val_acc)


def _train_val_gap(t: dict, outdir: Path) -> None:
    from sklearn.datasets import load_digits

    digits = load_digits()
    X = digits.data / 16.0
    X = X - X.mean(axis=0)
    y = digits.target
    order = np.random.default_rng(0).permutation(len(y))
    val, pool = order[:400], order[400:]
    runs = [
        (t["gap_big"], pool[:150], 0.0),
        (t["gap_small"], pool[:1200], 3e-3),
    ]
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    with threadpool_limits(limits=1):  # small matrices: threads only add overhead on a busy machine
        curves = [_train_mlp(X[idx], y[idx], X[val], y[val], hidden=100, reg=reg, epochs=120, seed=0)
                  for _, idx, reg in runs]
    fig, axes = plt.subplots(2, 1, figsize=(6.0, 7.4), sharex=True)  # phones: stacked
    for ax, (title, idx, reg), (tr, va) in zip(axes, runs, curves):
        ep = np.arange(1, len(tr) + 1)
        ax.plot(ep, tr, color="#4C72B0", lw=1.8, label=t["train"])
        ax.plot(ep, va, color="#C44E52", lw=1.8, label=t["val"])
        ax.annotate("", xy=(ep[-1] + 3, va[-1]), xytext=(ep[-1] + 3, tr[-1]),
                    arrowprops={"arrowstyle": "<->", "color": "black", "lw": 1.0}, annotation_clip=False)
        ax.text(ep[-1] + 1, va[-1] - 0.03, t["gap_label"].format(100 * (tr[-1] - va[-1])),
                ha="right", va="top")
        ax.set_title(wrap_label(title))
        ax.set_ylabel(t["accuracy"])
        ax.set_ylim(0.5, 1.02)
        ax.set_xlim(0, len(tr) + 6)
        ax.spines[["top", "right"]].set_visible(False)
    axes[1].set_xlabel(t["epoch"])
    axes[0].legend(frameon=False, loc="lower center", ncol=2)
    fig.tight_layout()
    fig.savefig(outdir / "nn-learning-train-val-gap.svg")
    plt.close(fig)


# ---------------------------------------------------------------- optimizer paths
def _paths():
    curv = np.array([1.0, 25.0])

    def grad(p):
        return curv * p

    start = np.array([-9.0, 1.6])
    steps = 60

    def run(rule):
        p, state, path = start.copy(), {}, [start.copy()]
        for t in range(1, steps + 1):
            p = rule(p, state, t)
            path.append(p.copy())
        return np.array(path)

    def sgd(p, s, t, lr=0.07):
        return p - lr * grad(p)

    def momentum(p, s, t, lr=0.02, mu=0.8):
        s["v"] = mu * s.get("v", 0.0) - lr * grad(p)
        return p + s["v"]

    def nesterov(p, s, t, lr=0.02, mu=0.8):
        v_prev = s.get("v", 0.0)
        s["v"] = mu * v_prev - lr * grad(p + mu * v_prev)
        return p + s["v"]

    def adam(p, s, t, lr=0.5, b1=0.9, b2=0.999, eps=1e-8):
        g = grad(p)
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g ** 2
        return p - lr * (s["m"] / (1 - b1 ** t)) / (np.sqrt(s["v"] / (1 - b2 ** t)) + eps)

    return start, curv, {"sgd": run(sgd), "momentum": run(momentum),
                         "nesterov": run(nesterov), "adam": run(adam)}


def _optimizer_paths(t: dict, outdir: Path) -> None:
    start, curv, paths = _paths()
    xs, ys = np.meshgrid(np.linspace(-10, 3, 300), np.linspace(-2.2, 2.2, 200))
    f = 0.5 * (curv[0] * xs ** 2 + curv[1] * ys ** 2)
    fig, ax = plt.subplots(figsize=(6.0, 4.4))
    ax.contour(xs, ys, f, levels=np.geomspace(0.05, 60, 14), colors="#BBBBBB", linewidths=0.8)
    styles = {"sgd": ("#4C72B0", "o"), "momentum": ("#DD8452", "s"),
              "nesterov": ("#55A868", "^"), "adam": ("#8172B3", "D")}
    for name, path in paths.items():
        color, marker = styles[name]
        ax.plot(path[:, 0], path[:, 1], color=color, lw=1.4, marker=marker, ms=3, label=t[name])
    ax.plot(*start, "ko", ms=6)
    ax.annotate(t["start"], start, textcoords="offset points", xytext=(6, 6))
    ax.plot(0, 0, "k*", ms=11)
    ax.set_title(wrap_label(t["paths_title"]))
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_aspect("equal")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2)
    fig.tight_layout()
    fig.savefig(outdir / "nn-learning-optimizer-paths.svg")
    plt.close(fig)


# ---------------------------------------------------------------- schedules
def schedules(epochs: int = 90, lr0: float = 0.1) -> dict:
    e = np.arange(epochs + 1, dtype=float)
    step = lr0 * 0.1 ** ((e >= 30).astype(int) + (e >= 60) + (e >= 80))
    exp = lr0 * np.exp(-0.04 * e)
    inv = lr0 / (1 + 0.1 * e)
    cos = 0.5 * lr0 * (1 + np.cos(np.pi * e / epochs))
    warm_n = 5
    after = np.clip(e - warm_n, 0, None) / (epochs - warm_n)
    warm = np.where(e < warm_n, lr0 * e / warm_n, 0.5 * lr0 * (1 + np.cos(np.pi * after)))
    return {"e": e, "step": step, "exp": exp, "inv": inv, "cos": cos, "warm": warm}


def _lr_schedules(t: dict, outdir: Path) -> None:
    s = schedules()
    fig, ax = plt.subplots(figsize=(6.0, 6.2))
    colors = {"step": "#4C72B0", "exp": "#DD8452", "inv": "#55A868", "cos": "#C44E52", "warm": "#8172B3"}
    for key in ("step", "exp", "inv", "cos", "warm"):
        ax.plot(s["e"], s[key], color=colors[key], lw=1.8,
                drawstyle="steps-post" if key == "step" else "default",
                ls="--" if key == "warm" else "-", label=t[key])
    ax.set_xlabel(t["epoch"])
    ax.set_ylabel(t["lr"])
    ax.set_title(wrap_label(t["sched_title"]))
    ax.set_xlim(0, 90)
    ax.set_ylim(0, 0.105)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.15))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(outdir / "nn-learning-lr-schedules.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    t = _labels(lang)
    outdir = Path(outdir)
    _loss_curves(t, outdir)
    _train_val_gap(t, outdir)
    _optimizer_paths(t, outdir)
    _lr_schedules(t, outdir)
