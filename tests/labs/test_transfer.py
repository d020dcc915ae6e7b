"""Tests of labs/transfer.py: digit splits, per-class samples, the network's split into backbone and head,
what each adaptation strategy trains (and leaves alone), and the comparison's table and plot."""
import copy

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch

from labs import transfer
from labs.i18n import labels


def blobs(n_per_class=12, classes=5, seed=0):
    """Tiny 1×8×8 'images': each class lights up its own row, plus noise. Easy for any of the strategies."""
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(classes), n_per_class)
    X = 0.1 * rng.standard_normal((len(y), 1, 8, 8)).astype(np.float32)
    X[np.arange(len(y)), 0, y % 8, :] += 1.0
    return X, y.astype(np.int64)


def test_split_digits_keeps_the_classes_and_renumbers_them():
    y = np.array([0, 5, 7, 3, 9, 5, 1, 6, 8])
    X = np.arange(len(y))[:, None]
    X_t, y_t = transfer.split_digits(X, y, range(5, 10))
    assert X_t[:, 0].tolist() == [1, 2, 4, 5, 7, 8]
    assert y_t.tolist() == [0, 2, 4, 0, 1, 3]
    with pytest.raises(ValueError, match=r"no images of class\(es\) \[2, 4\]"):
        transfer.split_digits(X, y, [5, 2, 4])
    with pytest.raises(ValueError, match="distinct"):
        transfer.split_digits(X, y, [5, 5])


def test_per_class_takes_n_of_each_class_capped_and_nested():
    y = np.array([0] * 20 + [1] * 7 + [2] * 30)
    X = np.arange(len(y))
    _, y5 = transfer.per_class(X, y, 5, seed=3)
    assert np.bincount(y5).tolist() == [5, 5, 5]
    _, y10 = transfer.per_class(X, y, 10, seed=3)
    assert np.bincount(y10).tolist() == [10, 7, 10]  # class 1 has only 7
    small, _ = transfer.per_class(X, y, 5, seed=3)
    large, _ = transfer.per_class(X, y, 10, seed=3)
    assert set(small) <= set(large)
    other, _ = transfer.per_class(X, y, 5, seed=4)
    assert set(other) != set(small)
    with pytest.raises(ValueError):
        transfer.per_class(X, y, 0)


def test_digitnet_shapes_and_backbone_head_split():
    net = transfer.DigitNet(num_classes=5, channels=(4, 6))
    x = torch.zeros(3, 1, 28, 28)
    assert net.backbone(x).shape == (3, 6 * 7 * 7)
    assert net(x).shape == (3, 5)
    hidden = transfer.DigitNet(num_classes=3, channels=(4, 6), hidden=16, image_size=8)
    assert hidden(torch.zeros(2, 1, 8, 8)).shape == (2, 3) and hidden.head.in_features == 16
    with pytest.raises(ValueError, match="divisible by 4"):
        transfer.DigitNet(image_size=30)


def test_freeze_backbone_freezes_parameters_and_batch_norm_statistics():
    torch.manual_seed(0)
    net = transfer.freeze_backbone(transfer.DigitNet(channels=(4, 6)))
    assert not any(p.requires_grad for p in net.backbone.parameters())
    assert all(p.requires_grad for p in net.head.parameters())
    bn = net.backbone[1]
    before = bn.running_mean.clone()
    net.backbone(torch.randn(8, 1, 28, 28) + 3.0)
    assert torch.equal(bn.running_mean, before)  # eval mode: the stored statistics are used, not replaced


def test_requires_grad_alone_lets_batch_norm_statistics_drift():
    """The pitfall the notes describe: without eval() a 'frozen' backbone still changes."""
    torch.manual_seed(0)
    net = transfer.DigitNet(channels=(4, 6))
    for p in net.backbone.parameters():
        p.requires_grad = False
    before = net.backbone[1].running_mean.clone()
    net.train()
    net.backbone(torch.randn(8, 1, 28, 28) + 3.0)
    assert not torch.equal(net.backbone[1].running_mean, before)


def _max_change(a, b):
    return max(float((p - q).detach().abs().max()) for p, q in zip(a.parameters(), b.parameters()))


def test_train_steps_with_backbone_lr_zero_changes_only_the_head():
    X, y = blobs(classes=5)
    torch.manual_seed(0)
    net = transfer.DigitNet(channels=(4, 6), image_size=8)
    start = copy.deepcopy(net)
    transfer.train_steps(net, X, y, steps=5, lr=1e-2, backbone_lr=0, device="cpu")
    assert _max_change(net.backbone, start.backbone) == 0.0
    for name in ("running_mean", "running_var"):
        assert torch.equal(getattr(net.backbone[1], name), getattr(start.backbone[1], name))
    assert _max_change(net.head, start.head) > 0
    full = copy.deepcopy(start)
    transfer.train_steps(full, X, y, steps=5, lr=1e-2, device="cpu")
    assert _max_change(full.backbone, start.backbone) > 0
    with pytest.raises(ValueError, match="steps"):
        transfer.train_steps(full, X, y, steps=0, lr=1e-2, device="cpu")


def test_train_steps_is_reproducible_with_a_seed():
    X, y = blobs()
    runs = []
    for _ in range(2):
        torch.manual_seed(1)
        net = transfer.DigitNet(channels=(4, 6), image_size=8)
        transfer.train_steps(net, X, y, steps=4, lr=1e-2, device="cpu", seed=7)
        runs.append(net.head.weight.detach().clone())
    assert torch.equal(runs[0], runs[1])


def test_adapt_leaves_the_pretrained_model_untouched_and_learns_the_easy_task():
    X, y = blobs(n_per_class=20, classes=5, seed=0)
    X_test, y_test = blobs(n_per_class=10, classes=5, seed=1)
    pretrained = transfer.pretrain(X, y, epochs=2, device="cpu", channels=(4, 6), image_size=8)
    snapshot = copy.deepcopy(pretrained.state_dict())
    for strategy in transfer.STRATEGIES:
        acc = transfer.adapt(strategy, pretrained, X, y, X_test, y_test, steps=60, device="cpu", seed=0,
                             lr=1e-2, backbone_lr=1e-3)
        assert 0.6 <= acc <= 1.0, (strategy, acc)  # chance is 0.2
    for key, value in pretrained.state_dict().items():
        assert torch.equal(value, snapshot[key]), key
    with pytest.raises(ValueError, match="unknown strategy"):
        transfer.adapt("distill", pretrained, X, y, X_test, y_test, steps=1, device="cpu")


def test_extract_features_uses_stored_statistics_and_restores_the_mode():
    torch.manual_seed(0)
    net = transfer.DigitNet(channels=(4, 6), image_size=8)
    net.backbone.train()
    X, _ = blobs()
    a = transfer.extract_features(net.backbone, X[:5], "cpu")
    b = transfer.extract_features(net.backbone, X[:1], "cpu")
    assert np.allclose(a[:1], b, atol=1e-6)  # per image: no batch statistics involved
    assert net.backbone.training


def test_compare_table_and_plot_in_both_languages():
    X, y = blobs(n_per_class=8, classes=3)
    X_test, y_test = blobs(n_per_class=4, classes=3, seed=1)
    pretrained = transfer.pretrain(X, y, epochs=1, device="cpu", channels=(4, 6), image_size=8)
    result = transfer.compare(pretrained, X, y, X_test, y_test, sizes=(2, 50), seeds=(0, 1), steps=3)
    assert result.used == {2: 2, 50: 8}  # capped at the 8 images per class there are
    assert set(result.results) == {(s, n) for s in transfer.STRATEGIES for n in (2, 50)}
    assert all(len(v) == 2 for v in result.results.values())
    mean, std = result.summary("probe", 2)
    assert mean == pytest.approx(np.mean(result.results[("probe", 2)])) and std >= 0
    for lang, word in (("en", "linear probe"), ("ko", "선형 프로브")):
        L = labels(transfer.LABELS, lang)
        table = result.table(L)
        assert word in table.splitlines()[0] and " ± " in table and table.splitlines()[2].split()[0] == "8"
        fig = result.plot(L)
        ax = fig.axes[0]
        assert ax.get_xlabel() == L["labels_axis"] and len(ax.get_legend().get_texts()) == 3
        matplotlib.pyplot.close(fig)
