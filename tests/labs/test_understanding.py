"""labs.understanding: gradients, saliency, occlusion, FGSM, class visualization and embeddings, checked
against closed forms on linear models and against PyTorch's autograd."""
import numpy as np
import pytest
import torch
from torch import nn

from labs import understanding as U
from labs.conv import SmallCNN


class Linear(nn.Module):
    """Scores W x + b of flattened (N, 1, 4, 4) images: every input gradient is known in closed form."""

    def __init__(self, seed=0):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.W = nn.Parameter(torch.randn(3, 16, generator=g))
        self.b = nn.Parameter(torch.randn(3, generator=g))

    def forward(self, x):
        return x.flatten(1) @ self.W.T + self.b


def images(n=5, seed=0, shape=(1, 4, 4)):
    return np.random.default_rng(seed).random((n, *shape)).astype(np.float32)


def test_input_gradient_of_a_class_score_is_the_weight_row():
    model, X = Linear(), images()
    target = np.array([0, 1, 2, 1, 0])
    grad = U.input_gradient(model, X, None, "cpu", target=target)
    expected = model.W.detach().numpy()[target].reshape(X.shape)
    np.testing.assert_allclose(grad, expected, rtol=1e-6)


def test_input_gradient_of_the_loss_matches_autograd_and_batches():
    torch.manual_seed(0)
    model = SmallCNN(in_channels=1, image_size=8, channels=(4, 8), hidden=16)
    X, y = images(7, shape=(1, 8, 8)), np.array([0, 1, 2, 3, 4, 5, 6])
    got = U.input_gradient(model, X, y, "cpu", batch_size=3)
    assert all(p.grad is None for p in model.parameters())  # no weight gradients accumulated
    x = torch.tensor(X, requires_grad=True)
    nn.functional.cross_entropy(model(x), torch.tensor(y), reduction="sum").backward()
    np.testing.assert_allclose(got, x.grad.numpy(), rtol=1e-5, atol=1e-7)


def test_saliency_is_the_largest_absolute_gradient_over_channels():
    model, X = Linear(), images(2)
    sal = U.saliency_maps(model, X, np.array([2, 0]), "cpu")
    assert sal.shape == (2, 4, 4)
    np.testing.assert_allclose(sal[0], np.abs(model.W.detach().numpy()[2]).reshape(4, 4), rtol=1e-6)


def test_occlusion_of_a_linear_score_is_the_sum_of_weight_times_pixel_over_the_patch():
    rng = np.random.default_rng(1)
    w, x = rng.standard_normal((2, 6, 5)), rng.random((2, 6, 5))
    score = lambda batch: (batch * w).sum(axis=(1, 2, 3))
    occ = U.occlusion_map(score, x, size=2, stride=2)
    assert occ.shape == (3, 2)
    for i in range(3):
        for j in range(2):
            patch = np.s_[:, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
            assert occ[i, j] == pytest.approx((w[patch] * x[patch]).sum())
    # with a fill value the drop is the sum of w * (x - fill)
    occ_grey = U.occlusion_map(score, x, size=2, stride=2, fill=0.5)
    assert occ_grey[1, 1] == pytest.approx((w[:, 2:4, 2:4] * (x[:, 2:4, 2:4] - 0.5)).sum())


def test_fgsm_moves_every_pixel_by_eps_along_the_sign_and_clips():
    x = np.array([0.5, 0.5, 0.02, 0.99, 0.3])
    grad = np.array([2.0, -0.001, -1.0, 1.0, 0.0])
    np.testing.assert_allclose(U.fgsm_perturb(x, grad, 0.1), [0.6, 0.4, 0.0, 1.0, 0.3])


def test_fgsm_hurts_a_linear_classifier_more_than_random_signs():
    rng = np.random.default_rng(0)
    model = Linear(seed=3)
    X = rng.random((200, 1, 4, 4)).astype(np.float32)
    with torch.no_grad():
        y = model(torch.tensor(X)).argmax(1).numpy()       # labels the model gets all right
    acc = U.fgsm_accuracy(model, X, y, [0.0, 0.2], "cpu")
    assert acc["fgsm"][0] == acc["random"][0] == 1.0
    assert acc["fgsm"][1] < acc["random"][1]


def test_fgsm_accuracy_uses_the_given_perturbation():
    model, X = Linear(), images(10)
    y = np.zeros(10, dtype=int)
    identity = U.fgsm_accuracy(model, X, y, [0.5], "cpu", perturb=lambda x, g, e: x)
    clean = float((model(torch.tensor(X)).argmax(1).numpy() == y).mean())
    assert identity["fgsm"] == identity["random"] == [clean]


def test_class_visualization_of_a_linear_score_reaches_the_scaled_template():
    model = Linear()
    imgs, scores = U.class_visualization(model, [1, 2], "cpu", image_shape=(1, 4, 4), steps=200, lr=0.1, l2=1.0)
    assert imgs.shape == (2, 1, 4, 4) and scores.shape == (2,)
    for img, score, c in zip(imgs, scores, (1, 2)):   # each image only follows its own class score
        w = model.W.detach().numpy()[c].reshape(1, 4, 4)
        np.testing.assert_allclose(img, w / 2.0, rtol=1e-4, atol=1e-5)   # argmax of w·I − ‖I‖² is w / 2
        assert score == pytest.approx(float((w * w).sum() / 2 + model.b[c].item()), rel=1e-4)
    assert all(p.requires_grad for p in model.parameters())


def test_class_visualization_without_penalty_keeps_growing():
    model = Linear()
    short, s1 = U.class_visualization(model, [0], "cpu", image_shape=(1, 4, 4), steps=10, lr=0.1, l2=0.0)
    long, s2 = U.class_visualization(model, [0], "cpu", image_shape=(1, 4, 4), steps=100, lr=0.1, l2=0.0)
    assert s2[0] > s1[0] and np.abs(long).max() > 5 * np.abs(short).max()


def test_blur_spreads_a_point_with_gaussian_weights():
    img = torch.zeros(1, 1, 5, 5)
    img[0, 0, 2, 2] = 16.0
    out = U._blur(img)
    assert out[0, 0, 2, 2] == pytest.approx(4.0) and out[0, 0, 1, 1] == pytest.approx(1.0)
    assert out.sum() == pytest.approx(16.0)


def test_penultimate_features_feed_the_last_layer():
    torch.manual_seed(0)
    model = SmallCNN(in_channels=1, image_size=8, channels=(4, 8), hidden=12)
    X = images(6, shape=(1, 8, 8))
    feats = U.penultimate_features(model, X, "cpu", batch_size=4)
    assert feats.shape == (6, 12) and (feats >= 0).all()      # after the hidden ReLU
    with torch.no_grad():
        np.testing.assert_allclose(model.classifier[-1](torch.tensor(feats)).numpy(),
                                   model(torch.tensor(X)).numpy(), rtol=1e-5, atol=1e-6)


def test_embeddings_and_neighbour_agreement():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 20)
    feats = rng.standard_normal((60, 10)) * 0.1 + np.eye(10)[y] * 5
    for method in ("pca", "tsne"):
        points = U.embed_2d(feats, method)
        assert points.shape == (60, 2)
        assert U.knn_agreement(points, y, k=5) == 1.0
    shuffled = rng.permutation(y)
    assert U.knn_agreement(feats, shuffled, k=5) < 0.6
    with pytest.raises(ValueError, match="'pca' or 'tsne'"):
        U.embed_2d(feats, "umap")


def test_labels_exist_in_both_languages():
    from labs.i18n import labels
    assert labels(U.LABELS, "ko")["fgsm_title"] != labels(U.LABELS, "en")["fgsm_title"]
