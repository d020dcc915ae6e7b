"""Tests of labs/conv.py: output sizes, loop/im2col convolutions against PyTorch, pooling, SmallCNN."""
import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from labs import conv, data, train
from labs.i18n import labels
from labs.plotting import use_korean_font
from labs.runtime import seed_everything


@pytest.mark.parametrize("W, F_, P, S, expected", [
    (7, 3, 0, 1, 5), (7, 3, 0, 2, 3), (7, 3, 1, 3, 3), (32, 3, 1, 1, 32), (32, 5, 0, 1, 28),
    (227, 11, 0, 4, 55), (224, 2, 0, 2, 112), (5, 5, 0, 1, 1), (4, 2, 0, 2, 2),
])
def test_conv_output_size(W, F_, P, S, expected):
    assert conv.conv_output_size(W, F_, P, S) == expected


def test_conv_output_size_rejects_configurations_that_do_not_fit():
    with pytest.raises(ValueError, match="not an integer.*padding P=1 would fit"):
        conv.conv_output_size(7, 3, 0, 3)
    with pytest.raises(ValueError, match=r"54\.25 is not an integer"):
        conv.conv_output_size(224, 11, 0, 4)  # AlexNet as described in the paper
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv.conv_output_size(3, 5, 0, 1)
    for bad in [(0, 3, 0, 1), (7, 3, -1, 1), (7, 3, 0, 0), (7.5, 3, 0, 1)]:
        with pytest.raises(ValueError):
            conv.conv_output_size(*bad)


def torch_conv(x, w, b, stride, pad):
    with torch.no_grad():
        return F.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b),
                        stride=stride, padding=pad).numpy()


@pytest.mark.parametrize("shape, filters, stride, pad", [
    ((2, 3, 7, 7), (4, 3, 3, 3), 1, 0),
    ((2, 3, 7, 7), (4, 3, 3, 3), 2, 1),
    ((1, 2, 9, 5), (3, 2, 3, 1), 2, 0),   # rectangular input and filter
    ((3, 1, 8, 8), (2, 1, 5, 5), 1, 2),
    ((1, 4, 6, 6), (5, 4, 1, 1), 1, 0),   # 1×1 convolution
])
def test_naive_and_im2col_convolutions_match_pytorch(shape, filters, stride, pad):
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal(shape), rng.standard_normal(filters), rng.standard_normal(filters[0])
    expected = torch_conv(x, w, b, stride, pad)
    naive = conv.conv_forward_naive(x, w, b, stride, pad)
    fast = conv.conv_forward_im2col(x, w, b, stride, pad)
    assert naive.shape == fast.shape == expected.shape
    np.testing.assert_allclose(naive, expected, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(fast, expected, rtol=1e-10, atol=1e-10)


def test_convolution_rejects_mismatched_channels_and_bad_strides():
    x, w, b = np.zeros((1, 3, 7, 7)), np.zeros((2, 2, 3, 3)), np.zeros(2)
    with pytest.raises(ValueError, match="channels"):
        conv.conv_forward_naive(x, w, b)
    with pytest.raises(ValueError, match="channels"):
        conv.conv_forward_im2col(x, w, b)
    with pytest.raises(ValueError, match="not an integer"):
        conv.conv_forward_naive(x, np.zeros((2, 3, 3, 3)), b, stride=3)


def test_im2col_layout():
    x = np.arange(2 * 1 * 3 * 3, dtype=float).reshape(2, 1, 3, 3)
    cols = conv.im2col(x, 2, 2, stride=1, pad=0)
    assert cols.shape == (4, 2 * 2 * 2)
    # first column: the top-left 2×2 window of image 0, read row by row
    np.testing.assert_array_equal(cols[:, 0], [0, 1, 3, 4])
    # first column of image 1 starts after image 0's four output positions
    np.testing.assert_array_equal(cols[:, 4], [9, 10, 12, 13])


def test_max_pool_naive_matches_pytorch():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3, 8, 6))
    for size, stride in [(2, 2), (3, 1), (2, 1)]:
        expected = F.max_pool2d(torch.from_numpy(x), size, stride).numpy()
        np.testing.assert_array_equal(conv.max_pool_naive(x, size, stride), expected)


@pytest.mark.parametrize("shape", [(1, 8, 8), (1, 28, 28), (3, 32, 32)])
def test_small_cnn_fits_each_data_shape(shape):
    model = conv.SmallCNN(in_channels=shape[0], image_size=shape[1], num_classes=10)
    out = model(torch.zeros(5, *shape))
    assert out.shape == (5, 10)
    side = shape[1] // 4
    expected = (32 * (shape[0] * 9 + 1) + 64 * (32 * 9 + 1) + 64 * side * side * 128 + 128 + 128 * 10 + 10)
    assert train.count_parameters(model) == expected


def test_small_cnn_options():
    no_hidden = conv.SmallCNN(1, 8, hidden=0)
    assert no_hidden(torch.zeros(2, 1, 8, 8)).shape == (2, 10)
    assert train.count_parameters(no_hidden) == 320 + 18496 + 256 * 10 + 10
    with_dropout = conv.SmallCNN(1, 8, dropout=0.5)
    assert any(isinstance(m, torch.nn.Dropout) for m in with_dropout.modules())
    with pytest.raises(ValueError, match="divisible by 4"):
        conv.SmallCNN(1, 30)
    d = data.load_digits()
    model = conv.SmallCNN.for_data(d, channels=(8, 16), hidden=32)
    assert model(torch.as_tensor(d.X_test[:3])).shape == (3, len(d.classes))


def test_random_crop_flip():
    seed_everything(0)
    x = torch.rand(16, 3, 8, 8)
    assert torch.equal(conv.random_crop_flip(x, pad=0, flip=False), x)
    flipped = conv.random_crop_flip(x, pad=0, flip=True)
    mirrored = [torch.equal(flipped[i], x[i].flip(2)) for i in range(16)]
    assert all(m or torch.equal(flipped[i], x[i]) for i, m in enumerate(mirrored))
    assert 0 < sum(mirrored) < 16
    cropped = conv.random_crop_flip(x, pad=2, flip=False)
    assert cropped.shape == x.shape
    padded = F.pad(x, (2, 2, 2, 2))
    for i in range(16):  # every crop is an 8×8 window of the zero-padded image
        windows = padded[i].unfold(1, 8, 1).unfold(2, 8, 1)  # (C, 5, 5, 8, 8)
        assert any(torch.equal(windows[:, r, c], cropped[i]) for r in range(5) for c in range(5))


def test_time_conv_reports_three_positive_times():
    times = conv.time_conv(N=1, C=2, H=8, W=8, F=3, K=3, repeats=1)
    assert set(times) == {"naive", "im2col", "torch"}
    assert all(t > 0 for t in times.values())


def test_plot_misclassified_titles():
    use_korean_font()
    X = np.zeros((5, 1, 8, 8), dtype=np.float32)
    y_true = np.array([0, 1, 2, 3, 4])
    y_pred = np.array([0, 7, 2, 9, 4])
    fig = conv.plot_misclassified(X, y_true, y_pred, [str(i) for i in range(10)], labels(conv.LABELS, "ko"), cols=4)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["7 / 1", "9 / 3"]
    matplotlib.pyplot.close(fig)


def test_small_cnn_learns_the_digits():
    seed_everything(0)
    d = data.load_digits()
    loaders = train.make_loaders(d, val_fraction=0.1, batch_size=32, seed=0)
    model = conv.SmallCNN.for_data(d, channels=(16, 32), hidden=64)
    history = train.fit(model, loaders.train, loaders.val, epochs=4, device=torch.device("cpu"), progress=False,
                        optimizer=torch.optim.Adam(model.parameters(), lr=3e-3))
    assert history.val_acc[-1] > 0.9
