"""Tests of labs/knn.py: the three distance variants, k-NN accuracy, cross-validation, confusion matrix."""
import numpy as np
import pytest

from labs import data, knn


@pytest.fixture(scope="module")
def digits():
    d = data.load_digits()
    return knn.flatten(d.X_train), d.y_train, knn.flatten(d.X_test), d.y_test


def test_distance_variants_agree_on_digits(digits):
    X_train, _, X_test, _ = digits
    two = knn.distances_two_loops(X_test[:20], X_train[:300], progress=False)
    one = knn.distances_one_loop(X_test[:20], X_train[:300], progress=False)
    none = knn.distances_no_loops(X_test[:20], X_train[:300])
    assert two.shape == (20, 300)
    np.testing.assert_allclose(one, two, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(none, two, rtol=1e-7, atol=1e-7)


def test_distance_variants_agree_on_random_values():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(7, 30)), rng.normal(size=(11, 30))
    expected = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))
    for dists in (knn.distances_two_loops(a, b, progress=False), knn.distances_one_loop(a, b, progress=False),
                  knn.distances_no_loops(a, b)):
        np.testing.assert_allclose(dists, expected, rtol=1e-9, atol=1e-9)
    # a point's distance to itself is exactly zero, never NaN from round-off
    assert np.all(np.isfinite(knn.distances_no_loops(a, a)))
    np.testing.assert_allclose(np.diag(knn.distances_no_loops(a, a)), 0.0, atol=1e-6)


def test_predict_labels_majority_and_ties():
    dists = np.array([[0.1, 0.2, 0.3, 5.0], [3.0, 0.2, 0.1, 0.3]])
    y_train = np.array([2, 1, 1, 0])
    assert knn.predict_labels(dists, y_train, k=1).tolist() == [2, 1]
    assert knn.predict_labels(dists, y_train, k=3).tolist() == [1, 1]
    # k=2 in the first row: one vote for 2, one for 1 -> the smaller label wins
    assert knn.predict_labels(dists, y_train, k=2)[0] == 1
    with pytest.raises(ValueError):
        knn.predict_labels(dists, y_train, k=0)


def test_knn_on_digits_is_accurate(digits):
    X_train, y_train, X_test, y_test = digits
    clf = knn.KNearestNeighbor().train(X_train, y_train)
    for k in (1, 5):
        assert knn.accuracy(y_test, clf.predict(X_test, k=k)) >= 0.95
    # the loop variants give the same predictions as the vectorized one
    np.testing.assert_array_equal(clf.predict(X_test[:15], k=3, method="one_loop"),
                                  clf.predict(X_test[:15], k=3))


def test_cross_validation_shape_and_best_k(digits):
    X_train, y_train, _, _ = digits
    ks = [1, 3, 5, 10, 20, 50, 100]
    acc = knn.cross_validate_k(X_train, y_train, ks, folds=5, progress=False)
    assert acc.shape == (len(ks), 5)
    assert np.all((acc >= 0) & (acc <= 1))
    best = knn.best_k(ks, acc)
    assert best in ks and best <= 10          # small neighborhoods win on the digits
    assert acc.mean(axis=1).max() >= 0.95
    assert acc[ks.index(100)].mean() < acc[ks.index(best)].mean()   # very large k blurs the classes


def test_confusion_matrix_sums(digits):
    X_train, y_train, X_test, y_test = digits
    pred = knn.KNearestNeighbor().train(X_train, y_train).predict(X_test, k=1)
    counts = knn.confusion_matrix(y_test, pred, 10)
    assert counts.shape == (10, 10)
    assert counts.sum() == len(y_test)
    np.testing.assert_array_equal(counts.sum(axis=1), np.bincount(y_test, minlength=10))
    np.testing.assert_array_equal(counts.sum(axis=0), np.bincount(pred, minlength=10))
    assert np.trace(counts) == int(np.sum(pred == y_test))


def test_time_distances_reports_all_variants():
    seconds = knn.time_distances(n_train=60, n_test=5, dim=16, repeats=2)
    assert set(seconds) == {"two_loops", "one_loop", "no_loops", "matmul"}
    assert all(isinstance(v, float) and v > 0 for v in seconds.values())
