"""Figures for the note "Transfer learning and fine-tuning" (notes/transfer-learning.md).

    transfer-learning-strategies.svg    from scratch, linear probe, fine-tuning: which layers learn
    transfer-learning-quadrants.svg     data set size x similarity: the four regimes
    transfer-learning-lr.svg            discriminative per-layer rates; warm-up then cosine decay
    transfer-learning-augment.svg       crop, flip, colour jitter, cutout and mixup on one image

The images of the last figure are drawn by this script (simple shapes), seeded; the schedule is
the formula of the page.

Phone readability: every text is at least 0.032 times the figure's width (issue #25), so the
figures are narrow (5.2-6 inches) and their text large (at least 14 pt).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyBboxPatch, Rectangle

LABELS = {
    "scratch": {"en": "from scratch", "ko": "처음부터 훈련"},
    "probe": {"en": "linear probe", "ko": "선형 프로브"},
    "finetune": {"en": "fine-tuning", "ko": "미세 조정"},
    "block": {"en": "block {}", "ko": "블록 {}"},
    "head": {"en": "new head", "ko": "새 헤드"},
    "random": {"en": "random init, trained", "ko": "무작위 초기화, 훈련"},
    "frozen": {"en": "pretrained, frozen", "ko": "사전 훈련, 동결"},
    "tuned": {"en": "pretrained, trained", "ko": "사전 훈련, 훈련"},
    "small": {"en": "small", "ko": "적음"},
    "large": {"en": "large", "ko": "많음"},
    "similar": {"en": "similar", "ko": "비슷함"},
    "different": {"en": "different", "ko": "다름"},
    "size_axis": {"en": "target data set size", "ko": "목표 데이터 양"},
    "sim_axis": {"en": "similarity to the pretraining data", "ko": "사전 훈련 데이터와의 유사성"},
    "q_small_similar": {"en": "linear probe\n(or tune the top)", "ko": "선형 프로브\n(또는 위층만 조정)"},
    "q_large_similar": {"en": "fine-tune\neverything", "ko": "전체를\n미세 조정"},
    "q_small_different": {"en": "probe earlier\nlayers; augment", "ko": "앞쪽 층 특징으로\n프로브, 증강"},
    "q_large_different": {"en": "fine-tune all,\nor from scratch", "ko": "전체 미세 조정\n또는 처음부터"},
    "layer_axis": {"en": "layer group", "ko": "층 묶음"},
    "lr_axis": {"en": "learning rate", "ko": "학습률"},
    "step_axis": {"en": "step", "ko": "스텝"},
    "per_layer": {"en": "per-layer rates", "ko": "층별 학습률"},
    "schedule": {"en": "warm-up, then cosine", "ko": "워밍업 후 코사인"},
    "warm": {"en": "warm-up", "ko": "워밍업"},
    "original": {"en": "original", "ko": "원본"},
    "crop": {"en": "random crop", "ko": "무작위 자르기"},
    "flip": {"en": "flip", "ko": "좌우 뒤집기"},
    "jitter": {"en": "color jitter", "ko": "색 지터"},
    "cutout": {"en": "cutout", "ko": "컷아웃"},
    "mixup": {"en": "mixup, λ = 0.6", "ko": "믹스업, λ = 0.6"},
}

BLUE, LIGHT_BLUE, ORANGE, GREY = "#4C72B0", "#A9C1E3", "#DD8452", "#CCCCCC"
FONT = 15          # pt; the figures are at most 6 inches (432 pt) wide: 15 / 432 = 0.035


def _labels(lang: str) -> dict:
    return {key: forms[lang] for key, forms in LABELS.items()}


def _block(ax, x, y, w, h, face, text, hatch=None):
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=face, edgecolor="#333333", lw=1.0, hatch=hatch))
    ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=FONT)


def _strategies(t: dict, outdir: Path) -> None:
    fig, ax = plt.subplots(figsize=(6.0, 5.6))
    columns = (("scratch", [GREY] * 3 + [ORANGE]), ("probe", [BLUE] * 3 + [ORANGE]),
               ("finetune", [LIGHT_BLUE] * 3 + [ORANGE]))
    w, h, gap = 1.7, 0.62, 0.14
    for c, (key, faces) in enumerate(columns):
        x = c * 2.0
        for k, face in enumerate(faces):
            y = k * (h + gap)
            text = t["head"] if k == 3 else t["block"].format(k + 1)
            _block(ax, x, y, w, h, face, text)
        ax.text(x + w / 2, 4 * (h + gap) + 0.05, t[key], ha="center", va="bottom", fontsize=FONT + 1,
                fontweight="bold")
    legend = ((GREY, t["random"]), (BLUE, t["frozen"]), (LIGHT_BLUE, t["tuned"]))
    for k, (face, text) in enumerate(legend):
        y = -0.75 - k * 0.55
        ax.add_patch(Rectangle((0.0, y), 0.4, 0.38, facecolor=face, edgecolor="#333333"))
        ax.text(0.55, y + 0.19, text, ha="left", va="center", fontsize=FONT)
    ax.set_xlim(-0.1, 5.8)
    ax.set_ylim(-2.0, 3.7)
    ax.axis("off")
    fig.savefig(outdir / "transfer-learning-strategies.svg")
    plt.close(fig)


def _quadrants(t: dict, outdir: Path) -> None:
    fig, ax = plt.subplots(figsize=(5.6, 5.0))
    cells = {(0, 1): ("q_small_similar", "#CDE5C6"), (1, 1): ("q_large_similar", "#C9D6EA"),
             (0, 0): ("q_small_different", "#F0C2C3"), (1, 0): ("q_large_different", "#F4D3B5")}
    for (i, j), (key, face) in cells.items():
        ax.add_patch(Rectangle((i, j), 1, 1, facecolor=face, edgecolor="white", lw=3))
        ax.text(i + 0.5, j + 0.5, t[key], ha="center", va="center", fontsize=FONT)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], [t["small"], t["large"]], fontsize=FONT)
    ax.set_yticks([0.5, 1.5], [t["different"], t["similar"]], fontsize=FONT)
    ax.set_xlabel(t["size_axis"], fontsize=FONT)
    ax.set_ylabel(t["sim_axis"], fontsize=FONT, labelpad=8)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_aspect("equal")
    fig.savefig(outdir / "transfer-learning-quadrants.svg")
    plt.close(fig)


def lr_schedule(step: np.ndarray, peak: float, warmup: int, total: int) -> np.ndarray:
    """Linear warm-up to `peak` over `warmup` steps, then cosine decay to 0 at `total`."""
    step = np.asarray(step, dtype=float)
    warm = peak * np.minimum(1.0, (step + 1) / warmup)
    progress = np.clip((step - warmup) / max(1, total - warmup), 0.0, 1.0)
    return np.where(step < warmup, warm, peak * 0.5 * (1 + np.cos(np.pi * progress)))


def _learning_rates(t: dict, outdir: Path) -> None:
    head_lr, gamma, groups = 1e-3, 0.5, 5
    rates = head_lr * gamma ** np.arange(groups - 1, -1, -1)
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(5.6, 6.4))
    names = [str(k) for k in range(1, groups)] + [t["head"]]
    ax1.bar(range(groups), rates * 1e3, color=[LIGHT_BLUE] * (groups - 1) + [ORANGE], edgecolor="#333333")
    ax1.set_xticks(range(groups), names, fontsize=FONT)
    ax1.tick_params(axis="y", labelsize=FONT)
    ax1.set_xlabel(t["layer_axis"], fontsize=FONT)
    ax1.set_ylabel(t["lr_axis"] + " (×10⁻³)", fontsize=FONT)
    ax1.set_title(t["per_layer"] + ", γ = 0.5", fontsize=FONT)
    steps = np.arange(1000)
    ax2.plot(steps, lr_schedule(steps, 1e-3, 100, 1000) * 1e3, color=BLUE, lw=2.2)
    ax2.axvspan(0, 100, color=ORANGE, alpha=0.25)
    ax2.text(110, 0.08, t["warm"], ha="left", va="bottom", fontsize=FONT, color="#8A4B1F")
    ax2.set_xlabel(t["step_axis"], fontsize=FONT)
    ax2.set_ylabel(t["lr_axis"] + " (×10⁻³)", fontsize=FONT)
    ax2.set_title(t["schedule"], fontsize=FONT)
    ax2.tick_params(labelsize=FONT)
    ax2.set_ylim(0, 1.1)
    fig.tight_layout(h_pad=1.5)
    fig.savefig(outdir / "transfer-learning-lr.svg")
    plt.close(fig)


def scene(size: int = 48, kind: int = 0) -> np.ndarray:
    """A small RGB picture in [0, 1]: kind 0 a sun and a house, kind 1 a tree on grass."""
    yy, xx = np.mgrid[0:size, 0:size] / size
    img = np.zeros((size, size, 3))
    img[..., 0], img[..., 1], img[..., 2] = 0.55 + 0.3 * yy, 0.75 + 0.15 * yy, 0.95 - 0.1 * yy  # sky
    if kind == 0:
        sun = (xx - 0.22) ** 2 + (yy - 0.22) ** 2 < 0.013
        img[sun] = (1.0, 0.85, 0.2)
        house = (xx > 0.45) & (xx < 0.85) & (yy > 0.5) & (yy < 0.9)
        img[house] = (0.8, 0.25, 0.2)
        roof = (yy > 0.28) & (yy <= 0.5) & (np.abs(xx - 0.65) < (yy - 0.28) * 1.0)
        img[roof] = (0.45, 0.2, 0.1)
    else:
        grass = yy > 0.7
        img[grass] = (0.3, 0.65, 0.25)
        trunk = (np.abs(xx - 0.5) < 0.05) & (yy > 0.45) & (yy <= 0.7)
        img[trunk] = (0.45, 0.3, 0.15)
        crown = (xx - 0.5) ** 2 + (yy - 0.33) ** 2 < 0.04
        img[crown] = (0.15, 0.5, 0.2)
    return img


def _augment(t: dict, outdir: Path) -> None:
    rng = np.random.default_rng(0)
    img, other = scene(kind=0), scene(kind=1)
    size = img.shape[0]
    crop = img[6:6 + 36, 10:10 + 36]
    crop = np.kron(crop, np.ones((4, 4, 1)))[::3, ::3]          # resized back to 48 px
    flip = img[:, ::-1]
    gray = img.mean(axis=2, keepdims=True)
    jitter = np.clip(1.25 * (0.6 * img + 0.4 * gray) + 0.05 * np.array([1.0, -0.5, -1.0]), 0, 1)
    jitter = np.clip(jitter[..., [1, 2, 0]] * 0.3 + jitter * 0.7, 0, 1)   # some hue change
    cut = img.copy()
    cy, cx = rng.integers(10, size - 10, 2)
    cut[cy - 9:cy + 9, cx - 9:cx + 9] = 0.0
    mix = 0.6 * img + 0.4 * other
    panels = ((img, "original"), (crop, "crop"), (flip, "flip"), (jitter, "jitter"), (cut, "cutout"),
              (mix, "mixup"))
    fig, axes = plt.subplots(2, 3, figsize=(6.0, 4.8))
    for ax, (picture, key) in zip(axes.ravel(), panels):
        ax.imshow(picture, interpolation="nearest")
        ax.set_title(t[key], fontsize=FONT)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout(h_pad=0.6, w_pad=0.4)
    fig.savefig(outdir / "transfer-learning-augment.svg")
    plt.close(fig)


def make(lang: str, outdir: Path) -> None:
    t = _labels(lang)
    outdir = Path(outdir)
    _strategies(t, outdir)
    _quadrants(t, outdir)
    _learning_rates(t, outdir)
    _augment(t, outdir)
