"""Attention written out, and a small Vision Transformer, for the Transformer lab.

* `attention_numpy(Q, K, V, mask=None)`: the same formula in NumPy for one set of queries (the
  lab's exercise checks a student's version against it).
* `scaled_dot_product_attention(q, k, v, mask=None)`: softmax(q kᵀ / √d_k + mask) v, returning the
  output and the weights; `mask` is boolean (True = may attend), broadcast over the leading axes.
* `MultiHeadAttention`: the projections, the split into heads, attention and the output
  projection, with the same parameter layout as `torch.nn.MultiheadAttention`
  (`in_proj_weight` holds W_Q, W_K, W_V stacked; `out_proj`), so weights can be copied across.
* `TransformerBlock`: pre-norm block, x + MHA(LN(x)), then x + MLP(LN(x)).
* `VisionTransformer`: patch embedding (a convolution with kernel = stride = patch size), a class
  token, learned position embeddings, blocks, and a linear head on the class token's output.
  `class_token_attention` returns the last block's attention of the class token to the patches.
* `make_model("ViT" | "CNN", data)`, `train_model(name, data, device, seed)`: the lab's comparison,
  a ViT and a SmallCNN of about the same parameter count (sizes per run mode), trained with the same
  mini-batches; `booktools.bench vit_seeds` repeats it over seeds.
* `ink_attention_share`: how much of the class token's attention goes to patches that contain ink.
* `plot_validation_accuracy`: the validation accuracy of several trained models, epoch by epoch.
* `plot_attention_maps`: test images with the class token's attention drawn over them.

Tensors are (batch, tokens, features) as with `batch_first=True` in PyTorch.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from . import train
from .runtime import pick, seed_everything

LABELS = {
    **train.LABELS,
    "attention_title": {"en": "Where the class token looks (last block, mean over heads)",
                        "ko": "클래스 토큰이 보는 곳 (마지막 블록, 헤드 평균)"},
    "image": {"en": "image", "ko": "이미지"},
    "attention": {"en": "attention", "ko": "어텐션"},
    "pred": {"en": "pred", "ko": "예측"},
    "compare_title": {"en": "Validation accuracy per epoch", "ko": "에포크별 검증 정확도"},
    "vit": {"en": "ViT", "ko": "ViT"},
    "cnn": {"en": "CNN", "ko": "CNN"},
}


def attention_numpy(Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: np.ndarray | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """softmax(Q Kᵀ / √d_k) V in NumPy; Q (n, d_k), K (m, d_k), V (m, d_v); returns (out (n, d_v), weights (n, m)).

    `mask` (n, m) is boolean, True where query i may look at key j; masked weights are exactly 0.
    The row maximum is subtracted before `exp`, so large scores do not overflow.
    """
    scores = Q @ K.T / np.sqrt(K.shape[1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    scores = scores - scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=1, keepdims=True)
    return weights @ V, weights


def scaled_dot_product_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                                 mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(q kᵀ / √d_k) v over the last two axes; returns (output, weights).

    q: (..., n, d_k), k: (..., m, d_k), v: (..., m, d_v); mask: boolean, broadcastable to
    (..., n, m), True where a query may look at a key. Every query must see at least one key.
    """
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"queries and keys need the same length d_k, got {q.shape[-1]} and {k.shape[-1]}")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(f"need one value per key, got {k.shape[-2]} keys and {v.shape[-2]} values")
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


class MultiHeadAttention(nn.Module):
    """Multi-head attention with PyTorch's parameter layout (`in_proj_weight`, `in_proj_bias`, `out_proj`)."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        if dim % heads:
            raise ValueError(f"dim ({dim}) must be divisible by the number of heads ({heads})")
        self.dim, self.heads = dim, heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * dim, dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * dim))
        self.out_proj = nn.Linear(dim, dim)
        nn.init.xavier_uniform_(self.in_proj_weight)
        nn.init.zeros_(self.out_proj.bias)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        B, n, _ = x.shape                                   # (B, n, d) -> (B, h, n, d/h)
        return x.reshape(B, n, self.heads, self.dim // self.heads).transpose(1, 2)

    def forward(self, query, key, value, mask=None) -> tuple[torch.Tensor, torch.Tensor]:
        """Returns (output (B, n, d), weights (B, h, n, m)); `mask` as in `scaled_dot_product_attention`."""
        w_q, w_k, w_v = self.in_proj_weight.chunk(3)
        b_q, b_k, b_v = self.in_proj_bias.chunk(3)
        q = self._split(query @ w_q.T + b_q)
        k = self._split(key @ w_k.T + b_k)
        v = self._split(value @ w_v.T + b_v)
        out, weights = scaled_dot_product_attention(q, k, v, mask)
        B, _, n, _ = out.shape
        out = out.transpose(1, 2).reshape(B, n, self.dim)      # concatenate the heads
        return self.out_proj(out), weights


class TransformerBlock(nn.Module):
    """Pre-norm block: x + MHA(LN(x)), then x + MLP(LN(x)); keeps the last attention weights."""

    def __init__(self, dim: int, heads: int, mlp_ratio: int = 2):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_ratio * dim), nn.GELU(), nn.Linear(mlp_ratio * dim, dim))
        self.last_weights = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.norm1(x)
        a, self.last_weights = self.attn(h, h, h)
        x = x + a
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    """A small ViT: patches -> tokens, class token, position embeddings, `depth` blocks, linear head."""

    def __init__(self, image_size: int = 28, patch: int = 7, in_channels: int = 1, num_classes: int = 10,
                 dim: int = 64, depth: int = 2, heads: int = 4, mlp_ratio: int = 2):
        super().__init__()
        if image_size % patch:
            raise ValueError(f"image_size ({image_size}) must be divisible by the patch size ({patch})")
        self.side = image_size // patch                       # patches per row and per column
        self.num_patches = self.side ** 2
        self.embed = nn.Conv2d(in_channels, dim, kernel_size=patch, stride=patch)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.randn(1, self.num_patches + 1, dim) * 0.02)
        self.blocks = nn.ModuleList(TransformerBlock(dim, heads, mlp_ratio) for _ in range(depth))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def tokens(self, x: torch.Tensor) -> torch.Tensor:
        """(B, C, H, W) -> (B, 1 + N, dim): the class token and one token per patch, with positions."""
        patches = self.embed(x).flatten(2).transpose(1, 2)    # (B, dim, H/P, W/P) -> (B, N, dim)
        cls = self.cls.expand(x.shape[0], -1, -1)
        return torch.cat([cls, patches], dim=1) + self.pos

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        t = self.tokens(x)
        for block in self.blocks:
            t = block(t)
        return self.head(self.norm(t[:, 0]))

    @torch.no_grad()
    def class_token_attention(self, x: torch.Tensor) -> torch.Tensor:
        """(B, side, side): the last block's attention of the class token to each patch, mean over heads."""
        self.eval()
        self(x)
        weights = self.blocks[-1].last_weights                 # (B, h, 1 + N, 1 + N)
        return weights[:, :, 0, 1:].mean(dim=1).reshape(-1, self.side, self.side)


def plot_attention_maps(model: VisionTransformer, X: np.ndarray, device, L: dict, n: int = 6):
    """The first `n` images of X, each above the class token's attention (upsampled to the image size)."""
    import matplotlib.pyplot as plt

    x = torch.as_tensor(X[:n], dtype=torch.float32, device=device)
    maps = model.class_token_attention(x).cpu().numpy()
    preds = model(x).argmax(dim=1).cpu().numpy()
    fig, axes = plt.subplots(2, n, figsize=(1.6 * n, 3.8))
    for i in range(n):
        axes[0, i].imshow(X[i, 0], cmap="gray_r")
        axes[0, i].set_title(f"{L['pred']} {preds[i]}", fontsize=11)
        axes[1, i].imshow(X[i, 0], cmap="gray_r")
        up = np.kron(maps[i], np.ones((X.shape[-1] // maps.shape[-1],) * 2))
        axes[1, i].imshow(up, cmap="inferno", alpha=0.6)
        for ax in axes[:, i]:
            ax.set_xticks([])
            ax.set_yticks([])
    axes[0, 0].set_ylabel(L["image"])
    axes[1, 0].set_ylabel(L["attention"])
    fig.suptitle(L["attention_title"])
    fig.tight_layout()
    return fig


def plot_validation_accuracy(histories: dict, L: dict):
    """One line per model: {label: History}, validation accuracy per epoch."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.8))
    for label, history in histories.items():
        ax.plot(np.arange(1, history.epochs + 1), history.val_acc, "o-", ms=3, label=label)
    ax.set_xlabel(L["epoch"])
    ax.set_ylabel(L["accuracy"])
    ax.set_title(L["compare_title"])
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def make_model(name: str, data) -> nn.Module:
    """The lab's "ViT" (7 × 7 patches) or "CNN" (`labs.conv.SmallCNN`), sized to about the same parameter count."""
    from .conv import SmallCNN

    if name == "ViT":
        C, H, _ = data.image_shape
        return VisionTransformer(image_size=H, patch=7, in_channels=C, num_classes=len(data.classes),
                                 dim=pick(fast=48, full=64), depth=pick(fast=2, full=4), heads=4, mlp_ratio=2)
    if name == "CNN":
        return SmallCNN.for_data(data, channels=pick(fast=(8, 16), full=(16, 32)), hidden=pick(fast=48, full=80))
    raise ValueError(f"unknown model {name!r}: use 'ViT' or 'CNN'")


def train_model(name: str, data, device, seed: int = 0, epochs: int | None = None, progress: bool = False):
    """Train `make_model(name)` with the lab's recipe; returns (model, history, test accuracy).

    ViT: AdamW, learning rate 3e-3, weight decay 0.01; CNN: Adam, 1e-3; both cosine-annealed, batches of
    64, 10 % of the training set held out for validation, `epochs` (default 6 fast, 15 full).
    """
    epochs = epochs or pick(fast=6, full=15)
    seed_everything(seed)
    model = make_model(name, data).to(device)
    if name == "ViT":
        optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    seed_everything(seed)
    loaders = train.make_loaders(data, val_fraction=0.1, batch_size=64, seed=seed)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    history = train.fit(model, loaders.train, loaders.val, epochs=epochs, optimizer=optimizer, device=device,
                        scheduler=scheduler, progress=progress)
    _, test_acc = train.evaluate(model, loaders.test, device)
    return model, history, test_acc


def ink_attention_share(model: VisionTransformer, X: np.ndarray, device, threshold: float = 1.0
                        ) -> tuple[float, float]:
    """(share of patches with ink, share of the class token's patch attention they get) over images X.

    A patch "has ink" when its pixel values (in [0, 1]) sum to more than `threshold`.
    """
    maps = model.class_token_attention(torch.as_tensor(X, dtype=torch.float32, device=device)).cpu().numpy()
    side, size = model.side, X.shape[-1] // model.side
    ink = X[:, 0].reshape(len(X), side, size, side, size).sum(axis=(2, 4)) > threshold
    return float(ink.mean()), float((maps * ink).sum() / maps.sum())
