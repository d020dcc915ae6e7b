"""Convolution from scratch (NumPy) and a small convolutional network (PyTorch) for the convnet lab.

* `conv_output_size(W, F, P, S)`: the spatial output size (W - F + 2P) / S + 1, with a clear error
  when the filter does not tile the padded input.
* `conv_forward_naive`: the convolutional layer's forward pass with Python loops over output
  positions; `im2col` + `conv_forward_im2col`: the same as one matrix product; `max_pool_naive`.
* `SmallCNN`: [conv 3×3 -> ReLU -> max-pool 2×2] × 2 -> fully connected layers; its input channels
  and image size are parameters (1×8×8 digits, 1×28×28 MNIST, 3×32×32 CIFAR-10).
* `random_crop_flip`: light data augmentation in plain torch (no torchvision needed).
* `time_conv`: seconds of the naive, im2col and PyTorch convolutions on the same input.
* `plot_misclassified`: a grid of wrongly classified images with predicted and true labels.

Arrays are laid out (N, C, H, W) for images and (F, C, HH, WW) for filters, as in PyTorch.
"""
from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from . import train

LABELS = {
    **train.LABELS,
    "misclassified_title": {"en": "Misclassified test images (predicted / true)",
                            "ko": "잘못 분류된 테스트 이미지 (예측 / 정답)"},
    "pred": {"en": "pred", "ko": "예측"},
    "true": {"en": "true", "ko": "정답"},
    "none_wrong": {"en": "No misclassified images", "ko": "잘못 분류된 이미지 없음"},
}


def conv_output_size(W: int, F: int, P: int = 0, S: int = 1) -> int:
    """Output width (or height) of a convolution or pooling window: (W - F + 2P) / S + 1.

    W: input size, F: filter (receptive field) size, P: zero padding on each side, S: stride.
    Raises ValueError when the numbers don't describe a valid layer, in particular when the filter
    does not fit the padded input a whole number of times (PyTorch would silently drop the rest).
    """
    for name, value in (("W", W), ("F", F), ("P", P), ("S", S)):
        if int(value) != value:
            raise ValueError(f"{name} must be an integer, not {value!r}")
    if W < 1 or F < 1 or S < 1 or P < 0:
        raise ValueError(f"need W >= 1, F >= 1, S >= 1 and P >= 0; got W={W}, F={F}, P={P}, S={S}")
    span = W - F + 2 * P
    if span < 0:
        raise ValueError(f"filter F={F} is larger than the padded input W + 2P = {W + 2 * P}")
    if span % S:
        fits = [p for p in range(P, P + S) if (W - F + 2 * p) % S == 0]
        hint = f"; padding P={fits[0]} would fit" if fits else ""
        raise ValueError(f"(W - F + 2P) / S + 1 = ({W} - {F} + 2*{P}) / {S} + 1 = {span / S + 1:.2f} "
                         f"is not an integer: a {F}-wide filter with stride {S} does not tile an input of "
                         f"width {W} padded by {P}{hint}")
    return span // S + 1


def _pad(x: np.ndarray, pad: int) -> np.ndarray:
    return np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))) if pad else x


def conv_forward_naive(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0) -> np.ndarray:
    """Convolutional layer, forward pass, with loops: out[n, f, i, j] = <window, w[f]> + b[f].

    x: (N, C, H, W) inputs, w: (F, C, HH, WW) filters, b: (F,) biases. Returns (N, F, H', W').
    """
    N, C, H, W = x.shape
    F, C_w, HH, WW = w.shape
    if C_w != C:
        raise ValueError(f"filters have {C_w} channels but the input has {C}")
    H_out, W_out = conv_output_size(H, HH, pad, stride), conv_output_size(W, WW, pad, stride)
    xp = _pad(x, pad)
    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w, b))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    window = xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out


def im2col(x: np.ndarray, HH: int, WW: int, stride: int = 1, pad: int = 0) -> np.ndarray:
    """All receptive fields of `x` as columns: shape (C*HH*WW, N*H'*W').

    Row (c, di, dj) holds input channel c at offset (di, dj) inside the window, for every output
    position (n, i, j); the loop runs over the HH*WW offsets only, not over output positions.
    """
    N, C, H, W = x.shape
    H_out, W_out = conv_output_size(H, HH, pad, stride), conv_output_size(W, WW, pad, stride)
    xp = _pad(x, pad)
    cols = np.empty((C, HH, WW, N, H_out, W_out), dtype=x.dtype)
    for di in range(HH):
        for dj in range(WW):
            patch = xp[:, :, di:di + stride * H_out:stride, dj:dj + stride * W_out:stride]
            cols[:, di, dj] = patch.transpose(1, 0, 2, 3)
    return cols.reshape(C * HH * WW, N * H_out * W_out)


def conv_forward_im2col(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0) -> np.ndarray:
    """The same convolution as `conv_forward_naive`, as one matrix product (F, C*HH*WW) @ im2col."""
    N, C, H, W = x.shape
    F, C_w, HH, WW = w.shape
    if C_w != C:
        raise ValueError(f"filters have {C_w} channels but the input has {C}")
    H_out, W_out = conv_output_size(H, HH, pad, stride), conv_output_size(W, WW, pad, stride)
    out = w.reshape(F, -1) @ im2col(x, HH, WW, stride, pad) + b.reshape(F, 1)
    return out.reshape(F, N, H_out, W_out).transpose(1, 0, 2, 3)


def max_pool_naive(x: np.ndarray, size: int = 2, stride: int = 2) -> np.ndarray:
    """Max pooling with loops over output positions; each window is reduced over all (N, C) at once."""
    N, C, H, W = x.shape
    H_out, W_out = conv_output_size(H, size, 0, stride), conv_output_size(W, size, 0, stride)
    out = np.empty((N, C, H_out, W_out), dtype=x.dtype)
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].max(axis=(2, 3))
    return out


class SmallCNN(nn.Module):
    """[conv 3×3 (padding 1) -> ReLU -> max-pool 2×2] × 2 -> fully connected -> class scores.

    `in_channels` and `image_size` (height = width, divisible by 4) fit the network to the data:
    1×8×8 digits, 1×28×28 MNIST or 3×32×32 CIFAR-10. `hidden=0` drops the hidden FC layer
    (conv features go straight to the class scores). Dropout, if any, acts before the last layer.
    """

    def __init__(self, in_channels: int = 1, image_size: int = 28, num_classes: int = 10,
                 channels: tuple = (32, 64), hidden: int = 128, dropout: float = 0.0):
        super().__init__()
        if image_size % 4:
            raise ValueError(f"image_size must be divisible by 4 (two 2×2 poolings), not {image_size}")
        c1, c2 = channels
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, c1, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )
        flat = c2 * (image_size // 4) ** 2
        layers: list[nn.Module] = [nn.Flatten()]
        if hidden:
            layers += [nn.Linear(flat, hidden), nn.ReLU()]
        if dropout:
            layers.append(nn.Dropout(dropout))
        layers.append(nn.Linear(hidden or flat, num_classes))
        self.classifier = nn.Sequential(*layers)

    @classmethod
    def for_data(cls, data, **kwargs) -> SmallCNN:
        """A SmallCNN sized for an `ImageData` (channels, image size, number of classes)."""
        C, H, W = data.image_shape
        if H != W:
            raise ValueError(f"SmallCNN expects square images, got {H}×{W}")
        return cls(in_channels=C, image_size=H, num_classes=len(data.classes), **kwargs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def random_crop_flip(x: torch.Tensor, pad: int = 4, flip: bool = True) -> torch.Tensor:
    """Light augmentation of a batch (N, C, H, W), on its own device, with torch's global RNG.

    Each image is zero-padded by `pad`, cropped back to H×W at a random offset (a shift of up to
    `pad` pixels) and, if `flip`, mirrored left-right with probability 1/2. Only for data whose
    classes survive these changes (CIFAR-10 objects yes; digits are not mirror-symmetric).
    """
    N, C, H, W = x.shape
    dev = x.device
    if pad:
        xp = nn.functional.pad(x, (pad, pad, pad, pad))
        oy = torch.randint(0, 2 * pad + 1, (N,), device=dev)
        ox = torch.randint(0, 2 * pad + 1, (N,), device=dev)
        rows = (oy[:, None] + torch.arange(H, device=dev))[:, None, :, None]
        cols = (ox[:, None] + torch.arange(W, device=dev))[:, None, None, :]
        n_idx = torch.arange(N, device=dev)[:, None, None, None]
        c_idx = torch.arange(C, device=dev)[None, :, None, None]
        x = xp[n_idx, c_idx, rows, cols]
    if flip:
        mirror = torch.rand(N, device=dev) < 0.5
        x = torch.where(mirror[:, None, None, None], x.flip(3), x)
    return x


def _best_time(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def time_conv(N: int = 4, C: int = 3, H: int = 32, W: int = 32, F: int = 16, K: int = 3,
              stride: int = 1, pad: int = 1, repeats: int = 3, seed: int = 0) -> dict:
    """Best-of-`repeats` seconds of one forward convolution, three ways, on the same float64 input.

    Returns {"naive": s, "im2col": s, "torch": s} (PyTorch on the CPU, `torch.nn.functional.conv2d`).
    PyTorch runs on one CPU thread, like the NumPy loops, so the comparison is about the
    algorithms and not about how many cores the machine has.
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, C, H, W))
    w = rng.standard_normal((F, C, K, K))
    b = rng.standard_normal(F)
    xt, wt, bt = torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b)
    with torch.no_grad(), train.cpu_threads(1):
        return {
            "naive": _best_time(lambda: conv_forward_naive(x, w, b, stride, pad), repeats),
            "im2col": _best_time(lambda: conv_forward_im2col(x, w, b, stride, pad), repeats),
            "torch": _best_time(lambda: nn.functional.conv2d(xt, wt, bt, stride=stride, padding=pad), repeats),
        }


def plot_misclassified(X: np.ndarray, y_true: np.ndarray, y_pred: np.ndarray, classes, L: dict,
                       n: int = 16, cols: int = 4):
    """A grid of the first `n` misclassified images, each titled "predicted / true". Returns the figure."""
    import matplotlib.pyplot as plt

    wrong = np.flatnonzero(np.asarray(y_true) != np.asarray(y_pred))[:n]
    rows = max(1, -(-len(wrong) // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.5 * cols, 1.75 * rows + 0.5), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, k in zip(axes.flat, wrong):
        img = np.asarray(X[k])
        if img.shape[0] == 1:
            ax.imshow(img[0], cmap="gray_r", vmin=0, vmax=1)
        else:
            ax.imshow(np.clip(img.transpose(1, 2, 0), 0, 1))
        pred, true = classes[y_pred[k]], classes[y_true[k]]  # long names on two lines (phones)
        ax.set_title(f"{pred} / {true}" if len(pred) + len(true) <= 9 else f"{pred} /\n{true}", color="tab:red")
    if len(wrong) == 0:
        axes.flat[0].text(0, 0.5, L["none_wrong"])
    fig.suptitle(L["misclassified_title"])
    fig.tight_layout()
    return fig
