"""Looking inside a trained ConvNet, for the understanding lab (notes: "Visualizing and understanding ConvNets").

* `input_gradient(model, X, y, device, target=None)`: gradient of the loss (or, with `target`, of one
  class score) with respect to the input images, as a NumPy array shaped like `X`.
* `saliency_maps(model, X, classes, device)`: Simonyan et al.'s saliency, max over channels of
  |d score / d pixel|, one (H, W) map per image.
* `occlusion_map(score_fn, image, size, stride=1, fill=0.0)`: how much a score drops when a
  size × size patch (kept inside the image) is set to `fill`, one value per patch position.
  `class_score_fn(model, c, device)` turns a model into the `score_fn` it needs.
* `fgsm_perturb(x, grad, eps)`: the fast gradient sign method, clipped to the pixel range [0, 1];
  `fgsm_accuracy(model, X, y, epsilons, device)`: accuracy on FGSM images for every ε.
* `class_visualization(model, classes, device, ...)`: gradient ascent on the pixels of one image per
  class to raise that class's score, with an L2 penalty and an optional blur every few steps.
* `penultimate_features(model, X, device)` and `embed_2d(features, method)`: the last hidden layer's
  features of a `labs.conv.SmallCNN` and their 2-D PCA or t-SNE embedding.
* `plot_*`: the lab's figures, with labels from `LABELS` in the page's language.

Images are float arrays (N, C, H, W) in [0, 1], as `labs.data` returns them.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from . import runtime, train

LABELS = {
    **train.LABELS,
    "image": {"en": "image", "ko": "이미지"},
    "saliency": {"en": "saliency", "ko": "현저성"},
    "saliency_title": {"en": "Saliency maps: size of the gradient of the true class's score",
                       "ko": "현저성 맵: 정답 클래스 점수의 그래디언트 크기"},
    "occlusion": {"en": "occlusion", "ko": "가림"},
    "occlusion_title": {"en": "Occlusion maps: drop of the true class's score",
                        "ko": "가림 맵: 정답 클래스 점수가 줄어든 양"},
    "true": {"en": "true", "ko": "정답"},
    "pred": {"en": "pred", "ko": "예측"},
    "epsilon": {"en": "ε (largest change of a pixel)", "ko": "ε (픽셀 하나가 바뀌는 최대 크기)"},
    "fgsm_title": {"en": "Test accuracy under FGSM", "ko": "FGSM 공격을 받은 테스트 정확도"},
    "fgsm": {"en": "FGSM (sign of the gradient)", "ko": "FGSM (그래디언트의 부호)"},
    "random": {"en": "random signs, same ε", "ko": "같은 ε의 무작위 부호"},
    "clean": {"en": "clean", "ko": "원본"},
    "adv_title": {"en": "FGSM examples (ε = {eps}):\npredictions for the clean and perturbed images",
                  "ko": "FGSM 예제 (ε = {eps}):\n원본과 섭동된 이미지에 대한 예측"},
    "perturbed": {"en": "perturbed", "ko": "섭동"},
    "classvis_title": {"en": "Class visualizations by gradient ascent\n({reg})",
                       "ko": "경사 상승법으로 만든 클래스 시각화\n({reg})"},
    "with_reg": {"en": "L2 penalty and blur", "ko": "L2 페널티와 흐림"},
    "without_reg": {"en": "no regularization", "ko": "정규화 없음"},
    "class": {"en": "class {}", "ko": "클래스 {}"},
    "pca_title": {"en": "PCA,\nlast hidden layer", "ko": "PCA,\n마지막 은닉층"},
    "tsne_title": {"en": "t-SNE,\nlast hidden layer", "ko": "t-SNE,\n마지막 은닉층"},
    "pixels_title": {"en": "PCA,\nraw pixels", "ko": "PCA,\n원래 픽셀"},
    "component": {"en": "component {}", "ko": "성분 {}"},
}


def _threads(device):
    """One PyTorch CPU thread in fast mode on the CPU, as `train.fit` does (see labs/train.py)."""
    return train.cpu_threads(1 if torch.device(device).type == "cpu" and not runtime.is_full() else None)


def _as_tensor(X, device) -> torch.Tensor:
    return torch.as_tensor(np.asarray(X, dtype=np.float32), device=device)


def input_gradient(model: nn.Module, X, y, device, target=None, batch_size: int = 500) -> np.ndarray:
    """d loss / d X (cross-entropy with labels `y`), or, when `target` (class ids) is given, d score_target / d X.

    Computed in eval mode (dropout off) with the weights left untouched; returns an array shaped like X.
    """
    was_training = model.training
    model.eval()
    with _threads(device):
        grads = _input_gradients(model, X, y, device, target, batch_size)
    model.train(was_training)
    return np.concatenate(grads)


def _input_gradients(model, X, y, device, target, batch_size) -> list:
    grads = []
    for start in range(0, len(X), batch_size):
        x = _as_tensor(X[start:start + batch_size], device).requires_grad_(True)
        scores = model(x)
        if target is None:
            labels = torch.as_tensor(np.asarray(y[start:start + batch_size]), device=device)
            objective = nn.functional.cross_entropy(scores, labels, reduction="sum")
        else:
            t = torch.as_tensor(np.asarray(target[start:start + batch_size]), device=device)
            objective = scores.gather(1, t[:, None]).sum()
        (grad,) = torch.autograd.grad(objective, x)
        grads.append(grad.detach().cpu().numpy())
    return grads


def saliency_maps(model: nn.Module, X, classes, device) -> np.ndarray:
    """Saliency of each image for its class in `classes`: max over channels of |d s_c / d x|, shape (N, H, W)."""
    grad = input_gradient(model, X, None, device, target=classes)
    return np.abs(grad).max(axis=1)


def occlusion_map(score_fn, image, size: int, stride: int = 1, fill: float = 0.0) -> np.ndarray:
    """Score drop score(image) − score(image with one patch set to `fill`), for every patch position.

    `image` is (C, H, W); `score_fn` maps a batch (N, C, H, W) to N scores. The size × size patch stays
    inside the image, its top-left corner at (i·stride, j·stride): the map has
    (H − size) // stride + 1 rows and (W − size) // stride + 1 columns. Positive values: hiding the
    patch lowered the score, so the region supported it.
    """
    H, W = image.shape[1:]
    rows, cols = (H - size) // stride + 1, (W - size) // stride + 1
    batch = np.repeat(image[None], rows * cols, axis=0)
    for i in range(rows):
        for j in range(cols):
            batch[i * cols + j, :, i * stride:i * stride + size, j * stride:j * stride + size] = fill
    base = np.asarray(score_fn(image[None]), dtype=np.float64)[0]
    occluded = np.asarray(score_fn(batch), dtype=np.float64)
    return (base - occluded).reshape(rows, cols)


def class_score_fn(model: nn.Module, c: int, device):
    """A NumPy function batch (N, C, H, W) -> N scores of class `c` (eval mode, no gradients)."""
    def score(batch):
        was_training = model.training
        model.eval()
        with torch.no_grad(), _threads(device):
            out = model(_as_tensor(batch, device))[:, c].cpu().numpy()
        model.train(was_training)
        return out
    return score


def fgsm_perturb(x, grad, eps: float):
    """The fast gradient sign method: x + eps · sign(grad), clipped to the pixel range [0, 1]."""
    return np.clip(x + eps * np.sign(grad), 0.0, 1.0)


def fgsm_accuracy(model: nn.Module, X, y, epsilons, device, perturb=fgsm_perturb, seed: int = 0) -> dict:
    """Accuracy on perturbed copies of X for every ε: {"fgsm": [...], "random": [...]}.

    "fgsm" uses `perturb(X, d loss / d X, ε)`; "random" replaces the gradient by random signs (a
    perturbation of the same size in a random direction), the control of the linearity argument.
    """
    grad = input_gradient(model, X, y, device)
    noise = np.random.default_rng(seed).choice([-1.0, 1.0], size=np.shape(X)).astype(np.float32)
    out = {"fgsm": [], "random": []}
    for eps in epsilons:
        for key, direction in (("fgsm", grad), ("random", noise)):
            X_adv = np.asarray(perturb(X, direction, eps), dtype=np.float32)
            with _threads(device):
                pred = train.predict(model, X_adv, device)
            out[key].append(float((pred == np.asarray(y)).mean()))
    return out


def _blur(img: torch.Tensor) -> torch.Tensor:
    """A 3×3 Gaussian blur of a batch (N, C, H, W), channel by channel."""
    k = torch.tensor([1.0, 2.0, 1.0], device=img.device)
    kernel = (k[:, None] * k[None, :] / 16.0).expand(img.shape[1], 1, 3, 3)
    return nn.functional.conv2d(img, kernel, padding=1, groups=img.shape[1])


def class_visualization(model: nn.Module, classes, device, image_shape=(1, 28, 28), steps: int = 200,
                        lr: float = 0.1, l2: float = 1e-2, blur_every: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gradient ascent on one image per class: I_c <- I_c + lr · (d s_c / d I_c − 2 · l2 · I_c), from zeros.

    `classes` is a sequence of class ids; all images are optimised together as one batch (each one
    only for its own class score). With `blur_every` > 0 the images are blurred (3×3 Gaussian) every
    that many steps, an image prior in the spirit of Yosinski et al. (2015). Returns the images
    (len(classes), C, H, W) and their final class scores.
    """
    classes = torch.as_tensor(np.atleast_1d(np.asarray(classes)), device=device)
    was_training = model.training
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    img = torch.zeros((len(classes), *image_shape), device=device)
    with _threads(device):
        try:
            for step in range(1, steps + 1):
                img.requires_grad_(True)
                score = model(img).gather(1, classes[:, None]).sum()
                (grad,) = torch.autograd.grad(score, img)
                with torch.no_grad():
                    img = img + lr * (grad - 2 * l2 * img)
                    if blur_every and step % blur_every == 0:
                        img = _blur(img)
            with torch.no_grad():
                final = model(img).gather(1, classes[:, None])[:, 0].cpu().numpy()
        finally:
            for p in model.parameters():
                p.requires_grad_(True)
            model.train(was_training)
    return img.detach().cpu().numpy(), final


def penultimate_features(model: nn.Module, X, device, batch_size: int = 500) -> np.ndarray:
    """The input of the last linear layer of a `labs.conv.SmallCNN` (its last hidden layer), eval mode."""
    head = model.classifier[:-1]
    was_training = model.training
    model.eval()
    out = []
    with torch.no_grad(), _threads(device):
        for start in range(0, len(X), batch_size):
            out.append(head(model.features(_as_tensor(X[start:start + batch_size], device))).cpu().numpy())
    model.train(was_training)
    return np.concatenate(out)


def embed_2d(features, method: str = "pca", seed: int = 0) -> np.ndarray:
    """2-D embedding of row vectors: "pca" (linear) or "tsne" (scikit-learn's TSNE, PCA initialisation)."""
    features = np.asarray(features, dtype=np.float64).reshape(len(features), -1)
    if method == "pca":
        from sklearn.decomposition import PCA

        return PCA(n_components=2, random_state=seed).fit_transform(features)
    if method == "tsne":
        from sklearn.manifold import TSNE

        return TSNE(n_components=2, init="pca", perplexity=30, max_iter=500, random_state=seed).fit_transform(features)
    raise ValueError(f"method must be 'pca' or 'tsne', not {method!r}")


def knn_agreement(points, y, k: int = 10) -> float:
    """Fraction of each point's k nearest neighbours (L2) that share its label, averaged over points."""
    points = np.asarray(points, dtype=np.float64)
    sq = (points ** 2).sum(axis=1)
    d = sq[:, None] + sq[None, :] - 2 * points @ points.T
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1)[:, :k]
    return float((np.asarray(y)[nearest] == np.asarray(y)[:, None]).mean())


# ---------------------------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------------------------

def _image(ax, img, cmap="gray_r", **kwargs):
    img = np.asarray(img)
    ax.imshow(img[0] if img.ndim == 3 and img.shape[0] == 1 else
              (img.transpose(1, 2, 0) if img.ndim == 3 else img), cmap=cmap, **kwargs)
    ax.set_xticks([])
    ax.set_yticks([])


def plot_maps(images, maps, labels, L: dict, title_key: str, row_key: str):
    """Images on the top row, one map per image below (saliency or occlusion)."""
    import matplotlib.pyplot as plt

    n = len(images)
    fig, axes = plt.subplots(2, n, figsize=(1.5 * n, 4.0))
    for k in range(n):
        _image(axes[0, k], images[k])
        axes[0, k].set_title(str(labels[k]))
        _image(axes[1, k], maps[k], cmap="viridis")
    axes[0, 0].set_ylabel(L["image"])
    axes[1, 0].set_ylabel(L[row_key])
    fig.suptitle(L[title_key])
    fig.tight_layout()
    return fig


def plot_fgsm(epsilons, accuracies: dict, L: dict):
    """Accuracy against ε for FGSM and for random signs of the same size."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(epsilons, accuracies["fgsm"], "o-", label=L["fgsm"], color="#C44E52")
    ax.plot(epsilons, accuracies["random"], "s--", label=L["random"], color="#4C72B0")
    ax.set_xlabel(L["epsilon"])
    ax.set_ylabel(L["accuracy"])
    ax.set_ylim(0, 1.02)
    ax.set_title(L["fgsm_title"])
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_adversarial(X, X_adv, clean_pred, adv_pred, eps: float, L: dict):
    """Clean images (top) and their FGSM versions (bottom), each titled with the prediction."""
    import matplotlib.pyplot as plt

    n = len(X)
    fig, axes = plt.subplots(2, n, figsize=(1.5 * n, 4.6))
    for k in range(n):
        _image(axes[0, k], X[k], vmin=0, vmax=1)
        axes[0, k].set_title(f"{L['pred']} {clean_pred[k]}")
        _image(axes[1, k], X_adv[k], vmin=0, vmax=1)
        axes[1, k].set_title(f"{L['pred']} {adv_pred[k]}", color="#C44E52" if adv_pred[k] != clean_pred[k] else "black")
    axes[0, 0].set_ylabel(L["clean"])
    axes[1, 0].set_ylabel(L["perturbed"])
    fig.suptitle(L["adv_title"].format(eps=eps))
    fig.tight_layout()
    return fig


def plot_class_visualizations(images, L: dict, regularized: bool):
    """One image per class, in a 2 × 5 grid."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 5, figsize=(7.5, 4.6))
    for c, ax in enumerate(axes.ravel()):
        _image(ax, images[c], cmap="gray")
        ax.set_title(L["class"].format(c))
    fig.suptitle(L["classvis_title"].format(reg=L["with_reg" if regularized else "without_reg"]))
    fig.tight_layout()
    return fig


def plot_embeddings(embeddings: dict, y, L: dict):
    """Side-by-side scatter plots of 2-D embeddings ({title_key: points}), coloured by class."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(embeddings), figsize=(3.3 * len(embeddings), 4.0))
    axes = np.atleast_1d(axes)
    y = np.asarray(y)
    for ax, (key, points) in zip(axes, embeddings.items()):
        for c in range(10):
            sel = y == c
            ax.scatter(points[sel, 0], points[sel, 1], s=6, color=plt.cm.tab10(c), alpha=0.7)
            cx, cy = np.median(points[sel], axis=0)
            ax.text(cx, cy, str(c), fontsize=16, weight="bold", ha="center", va="center",
                    color=plt.cm.tab10(c), bbox={"facecolor": "white", "alpha": 0.7, "pad": 1, "edgecolor": "none"})
        ax.set_title(L[key])
        ax.set_xlabel(L["component"].format(1))
        if ax is axes[0]:
            ax.set_ylabel(L["component"].format(2))
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig
