"""Tests of labs/linear.py and labs/gradcheck.py: losses, gradients, sanity checks, SGD on digits."""
import math

import numpy as np
import pytest

from labs import data, gradcheck, linear

LOSS_PAIRS = [(linear.softmax_loss_naive, linear.softmax_loss_vectorized),
              (linear.svm_loss_naive, linear.svm_loss_vectorized)]


@pytest.fixture(scope="module")
def split():
    return linear.prepare_data(data.load_digits())


def small_problem(seed=0, N=40, D=15, C=5):
    """Random inputs for checking the calculus (not a data set)."""
    rng = np.random.default_rng(seed)
    X = linear.add_bias_column(rng.normal(size=(N, D)))
    y = rng.integers(0, C, size=N)
    W = 0.1 * rng.normal(size=(D + 1, C))
    return W, X, y


def test_prepare_data_bias_trick_and_mean_subtraction(split):
    assert split["X_train"].shape[1] == 8 * 8 + 1
    for name in ("train", "val", "test", "dev"):
        assert np.all(split[f"X_{name}"][:, -1] == 1.0)
        # float32 for the big matrices (CIFAR-10 in float64 would not fit in 1.5 GB), float64 for the
        # gradient checks on the dev subset
        assert split[f"X_{name}"].dtype == (np.float64 if name == "dev" else np.float32)
    np.testing.assert_allclose(split["X_train"][:, :-1].mean(axis=0), 0.0, atol=1e-6)
    assert len(split["X_val"]) == 200 and len(split["X_test"]) == 450


@pytest.mark.parametrize("naive, vectorized", LOSS_PAIRS)
@pytest.mark.parametrize("reg", [0.0, 0.05])
def test_naive_equals_vectorized(split, naive, vectorized, reg):
    rng = np.random.default_rng(3)
    W = 0.01 * rng.standard_normal((split["X_dev"].shape[1], 10))
    loss_n, grad_n = naive(W, split["X_dev"], split["y_dev"], reg)
    loss_v, grad_v = vectorized(W, split["X_dev"], split["y_dev"], reg)
    assert loss_n == pytest.approx(loss_v, rel=1e-12)
    np.testing.assert_allclose(grad_v, grad_n, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("naive, vectorized", LOSS_PAIRS)
def test_analytic_gradient_matches_numerical(naive, vectorized):
    W, X, y = small_problem()
    for fn in (naive, vectorized):
        _, grad = fn(W, X, y, 0.1)
        numeric = gradcheck.numerical_gradient(lambda w, fn=fn: fn(w, X, y, 0.1)[0], W.copy())
        assert gradcheck.relative_error(grad, numeric) < 1e-6


def test_grad_check_sparse_records(split):
    rng = np.random.default_rng(0)
    W = 0.001 * rng.standard_normal((split["X_dev"].shape[1], 10))
    f = lambda w: linear.softmax_loss_vectorized(w, split["X_dev"], split["y_dev"], 0.0)[0]
    _, grad = linear.softmax_loss_vectorized(W, split["X_dev"], split["y_dev"], 0.0)
    W_before = W.copy()
    records = gradcheck.grad_check_sparse(f, W, grad, n_checks=8, verbose=False)
    np.testing.assert_array_equal(W, W_before)          # the check leaves W as it was
    assert len(records) == 8
    assert max(r["relative_error"] for r in records) < 1e-6


def test_numerical_gradient_of_a_quadratic():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    x = np.array([0.5, -1.5])
    numeric = gradcheck.numerical_gradient(lambda v: 0.5 * v @ A @ v, x.copy())
    np.testing.assert_allclose(numeric, A @ x, rtol=1e-9, atol=1e-9)
    assert gradcheck.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gradcheck.relative_error(1.0, 3.0) == pytest.approx(0.5)


def test_softmax_is_numerically_stable():
    W, X, y = small_problem()
    loss, grad = linear.softmax_loss_vectorized(W * 1e4, X, y, 0.0)   # scores of order 1e4
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    loss_n, _ = linear.softmax_loss_naive(W * 1e4, X, y, 0.0)
    assert loss_n == pytest.approx(loss, rel=1e-10)


def test_initial_loss_is_log_num_classes(split):
    rng = np.random.default_rng(0)
    for C in (10, 4):
        mask = split["y_dev"] < C
        W = 0.001 * rng.standard_normal((split["X_dev"].shape[1], C))
        loss, _ = linear.softmax_loss_vectorized(W, split["X_dev"][mask], split["y_dev"][mask], 0.0)
        assert loss == pytest.approx(math.log(C), abs=0.02)
        svm_loss, _ = linear.svm_loss_vectorized(W, split["X_dev"][mask], split["y_dev"][mask], 0.0)
        assert svm_loss == pytest.approx(C - 1, abs=0.1)   # every margin ≈ Δ = 1 at the start


@pytest.mark.parametrize("loss", ["softmax", "svm"])
def test_sgd_on_digits(split, loss):
    clf = linear.LinearClassifier(loss, seed=0)
    history = clf.train(split["X_train"], split["y_train"], learning_rate=0.3, reg=1e-3, num_iters=500,
                        batch_size=200, X_val=split["X_val"], y_val=split["y_val"], progress=False)
    assert len(history["loss"]) == 500
    assert np.mean(history["loss"][-50:]) < np.mean(history["loss"][:10])
    assert len(history["train_acc"]) == len(history["val_acc"]) == len(history["epoch_step"]) > 1
    assert clf.accuracy(split["X_test"], split["y_test"]) >= 0.90


def test_search_picks_the_best_validation_accuracy(split):
    results, best = linear.search_hyperparameters("softmax", split, [0.01, 0.3], [1e-3], num_iters=100,
                                                  progress=False)
    assert set(results) == {(0.01, 1e-3), (0.3, 1e-3)}
    assert best["val_acc"] == max(val for _, val in results.values())
    assert "learning rate" in linear.format_search_table(results)


def test_prepare_data_can_reuse_the_memory_of_the_images():
    d = data.load_digits()
    expected = linear.prepare_data(data.load_digits())
    buffer = d.X_train
    split = linear.prepare_data(d, reuse_memory=True)
    assert d.X_train is None, "the images are consumed"
    assert np.shares_memory(split["X_train"], buffer), "no second copy of the training images"
    for name in ("train", "val", "test", "dev"):
        np.testing.assert_array_equal(split[f"X_{name}"], expected[f"X_{name}"])
        np.testing.assert_array_equal(split[f"y_{name}"], expected[f"y_{name}"])
