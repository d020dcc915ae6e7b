"""Checkers for the labs' "Implement it yourself" exercises: `check(name, fn, lang=LANG)`.

`name` is "<module>.<function>" of a reference implementation in the `labs` package
("knn.distances_no_loops", "linear.svm_loss_vectorized", ...) and `fn` is the student's function
with the same signature. `check` runs both on every case of the exercise (random inputs and edge
cases: other shapes, ties, stride and padding, scores that overflow a naive softmax, reg > 0) and
compares them with the relative error of the CS231n notebooks,

    max |a − b| / max(|a| + |b|, floor)     (floor = max(1e-8, 1e-6 · max|reference|)),

where the floor keeps round-off on entries that should be zero from counting as an error. For
functions that return a gradient it also checks the gradient against centered differences
(`labs.gradcheck.centered_difference`) at a few random entries.

* every case passes: one line in the page's language, returns True;
* a case fails: raises `ExerciseFailed` (an AssertionError) naming the first failing case, its
  inputs' shapes, what differed (shape, value, gradient, statistics), the error and a hint;
* `fn` raises NotImplementedError (an unsolved stub): prints "not implemented yet: using the
  reference" and returns False, so the rest of the lab runs with the package's function.

The exercises are one table, `EXERCISES`: per exercise its cases (made by a function of a seeded
random generator), how outputs are compared, an optional numerical gradient check and hints in
English and Korean.

Page convention (the student notebooks are generated from it): the exercise cell is tagged
`exercise` and `hide-input`, and its solution lies between lines `# BEGIN SOLUTION` and
`# END SOLUTION` under a `# TODO:` line; the next code cell calls `check`. A listing of the
package's version of an exercise function elsewhere on the page (`{literalinclude}` with
`:pyobject:`) sits inside an admonition of class `dropdown solution`.
"""
from __future__ import annotations

import copy
import importlib
import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .gradcheck import centered_difference

LANGS = ("en", "ko")


class ExerciseFailed(AssertionError):
    """A student's function disagrees with the reference; the message says where and how."""


# ---------------------------------------------------------------------------------------------
# The table's building blocks
# ---------------------------------------------------------------------------------------------

def T(en: str, ko: str) -> dict:
    """A text in both languages."""
    return {"en": en, "ko": ko}


@dataclass
class Case:
    label: dict                      # T(en, ko): what this case tests
    args: tuple
    kwargs: dict = field(default_factory=dict)
    hint: dict | None = None         # replaces the exercise's hint for this case


class Mismatch(Exception):
    """One difference found by a comparison (internal; `check` turns it into ExerciseFailed)."""

    def __init__(self, kind: str, detail, error: float | None = None, tol: float | None = None):
        super().__init__(kind)
        self.kind, self.detail, self.error, self.tol = kind, detail, error, tol


@dataclass
class Exercise:
    name: str                        # "<module>.<function>" of the reference in labs
    cases: Callable                  # rng -> list[Case]
    hints: dict                      # kind ("shape", "value", ...) -> T(en, ko); "value" is the default
    parts: tuple | None = None       # names of the outputs of a tuple-returning function
    gradients: tuple = ()            # which parts are gradients
    tol: float = 1e-6
    compare: Callable | None = None  # custom comparison (got, expected, case, fn); default: parts
    numeric: Callable | None = None  # (fn, case) -> [(part, f, x)]: f(x) scalar whose gradient is part
    seed: int = 0
    random: bool = False             # the output is random: its statistics are checked, not its values

    @property
    def reference(self) -> Callable:
        module, function = self.name.split(".")
        return getattr(importlib.import_module(f"labs.{module}"), function)


def _text(value, lang: str) -> str:
    return value[lang] if isinstance(value, dict) else str(value)


def rel_error(got, expected) -> float:
    """CS231n's relative error with a floor scaled to the reference (see the module docstring)."""
    a = np.asarray(got, dtype=np.float64)
    b = np.asarray(expected, dtype=np.float64)
    if not np.all(np.isfinite(a)) and np.all(np.isfinite(b)):
        return float("inf")
    if a.size == 0:
        return 0.0
    floor = max(1e-8, 1e-6 * float(np.max(np.abs(b))))
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))


def _flatten(output, parts) -> dict:
    """Named arrays of one output: {"output": a}, or one entry per part (dicts expand per key)."""
    if parts is None:
        return {"output": output}
    if len(parts) == 1 and not isinstance(output, tuple):
        return {parts[0]: output}
    if not isinstance(output, (tuple, list)) or len(output) != len(parts):
        raise Mismatch("shape", T(f"expected a tuple of {len(parts)} values ({', '.join(parts)}), "
                                  f"got {type(output).__name__}",
                                  f"값 {len(parts)}개({', '.join(parts)})의 튜플이 와야 하는데 "
                                  f"{type(output).__name__}이(가) 왔다"))
    named = {}
    for part, value in zip(parts, output):
        if isinstance(value, dict):
            named.update({f"{part}[{key!r}]": v for key, v in value.items()})
        else:
            named[part] = value
    return named


def compare_parts(exercise: Exercise, got, expected, gradients: bool = False) -> float:
    """Shapes of every named output, then the values of the non-gradient parts (or, with
    `gradients=True`, of the gradient parts); returns the largest relative error."""
    want = _flatten(expected, exercise.parts)
    have = _flatten(got, exercise.parts)
    for part in want:
        if part not in have or have[part] is None:
            raise Mismatch("shape", T(f"{part} is missing", f"{part}이(가) 없다"))
        shape, want_shape = np.shape(have[part]), np.shape(want[part])
        if shape != want_shape:
            raise Mismatch("shape", T(f"{part}: got shape {shape}, expected {want_shape}",
                                      f"{part}: 모양이 {shape}인데 {want_shape}이어야 한다"))
    worst = 0.0
    for part in (p for p in want if _is_gradient(exercise, p) == gradients):
        error = rel_error(have[part], want[part])
        if not error <= exercise.tol:
            finite = np.all(np.isfinite(np.asarray(have[part], dtype=np.float64)))
            note = T("", "") if finite else T(" (contains nan or inf)", " (nan 또는 inf가 있다)")
            raise Mismatch("gradient" if gradients else "value", T(f"{part}{note['en']}", f"{part}{note['ko']}"),
                           error, exercise.tol)
        worst = max(worst, error)
    return worst


def _is_gradient(exercise: Exercise, part: str) -> bool:
    return part.split("[")[0] in exercise.gradients


def compare_labels(got, expected) -> float:
    """Integer outputs must be equal; the error is the fraction of entries that differ."""
    got, expected = np.asarray(got), np.asarray(expected)
    if got.shape != expected.shape:
        raise Mismatch("shape", T(f"got shape {got.shape}, expected {expected.shape}",
                                  f"모양이 {got.shape}인데 {expected.shape}이어야 한다"))
    wrong = np.flatnonzero(got.ravel() != expected.ravel())
    if len(wrong):
        i = int(wrong[0])
        raise Mismatch("value", T(f"{len(wrong)} of {got.size} labels differ; first at index {i}: "
                                  f"got {got.ravel()[i]}, expected {expected.ravel()[i]}",
                                  f"레이블 {got.size}개 중 {len(wrong)}개가 다르다. 첫 번째는 인덱스 {i}: "
                                  f"{got.ravel()[i]}이(가) 나왔는데 {expected.ravel()[i]}이어야 한다"))
    return 0.0


NUMERIC_CHECKS = 8    # entries per gradient in the numerical check
NUMERIC_TOL = 1e-5    # centered differences are accurate to about 1e-8 here; wrong gradients give ~1e-1


def numeric_check(exercise: Exercise, fn, case: Case, got, seed: int) -> float:
    """Compare returned gradients with centered differences at a few random entries."""
    have = _flatten(got, exercise.parts)
    rng = np.random.default_rng(seed)
    worst = 0.0
    for part, f, x in exercise.numeric(fn, case):
        analytic = np.asarray(have[part], dtype=np.float64)
        scale = float(np.max(np.abs(analytic))) if analytic.size else 0.0
        floor = max(1e-8, 1e-3 * scale)
        for _ in range(NUMERIC_CHECKS):
            idx = tuple(int(rng.integers(n)) for n in x.shape)
            numerical = centered_difference(f, x, idx)
            error = abs(analytic[idx] - numerical) / max(abs(analytic[idx]) + abs(numerical), floor)
            if not error <= NUMERIC_TOL:
                raise Mismatch("gradient", T(
                    f"{part} against the numerical gradient at index {idx}: "
                    f"returned {analytic[idx]:.6g}, numerical {numerical:.6g}",
                    f"{part}를 수치 그래디언트와 비교: 인덱스 {idx}에서 "
                    f"반환값 {analytic[idx]:.6g}, 수치 그래디언트 {numerical:.6g}"), error, NUMERIC_TOL)
            worst = max(worst, error)
    return worst


# ---------------------------------------------------------------------------------------------
# Custom comparisons (functions whose output is random: only its statistics are fixed)
# ---------------------------------------------------------------------------------------------

def compare_dropout(got, expected, case: Case, fn) -> float:
    x, keep = case.args[0], case.args[1]
    train = case.kwargs.get("train", True)
    if not isinstance(got, tuple) or len(got) != 2:
        raise Mismatch("shape", T("expected a tuple (out, mask)", "(out, mask) 튜플이 와야 한다"))
    out, mask = (np.asarray(v) for v in got)
    for part, value in (("out", out), ("mask", mask)):
        if value.shape != x.shape:
            raise Mismatch("shape", T(f"{part}: got shape {value.shape}, expected {x.shape}",
                                      f"{part}: 모양이 {value.shape}인데 {x.shape}이어야 한다"))
    if not train:
        error = rel_error(out, x)
        if not error <= 1e-12:
            raise Mismatch("value", T("at test time (train=False) out must be x itself",
                                      "테스트할 때(train=False)는 out이 x 그대로여야 한다"), error, 1e-12)
        return error
    kept = mask.astype(bool)
    fraction = float(kept.mean())
    spread = 5 * np.sqrt(keep * (1 - keep) / x.size) + 1e-3
    if abs(fraction - keep) > spread:
        raise Mismatch("statistics", T(f"{fraction:.3f} of the units kept, expected {keep} ± {spread:.3f}",
                                       f"유닛의 {fraction:.3f}이 남았는데 {keep} ± {spread:.3f}이어야 한다"))
    error = rel_error(out, np.where(kept, x / keep, 0.0))
    if not error <= 1e-12:
        raise Mismatch("value", T("out must be x / keep where the mask keeps a unit and 0 elsewhere",
                                  "out은 마스크가 남긴 유닛에서 x / keep, 나머지에서 0이어야 한다"), error, 1e-12)
    return error


def compare_he(got, expected, case: Case, fn) -> float:
    fan_in, fan_out, seed = case.args[0], case.args[1], case.kwargs.get("_seed")
    W = np.asarray(got, dtype=np.float64)
    if W.shape != (fan_in, fan_out):
        raise Mismatch("shape", T(f"got shape {W.shape}, expected (fan_in, fan_out) = {(fan_in, fan_out)}",
                                  f"모양이 {W.shape}인데 (fan_in, fan_out) = {(fan_in, fan_out)}이어야 한다"))
    target = np.sqrt(2.0 / fan_in)
    mean, std = float(W.mean()), float(W.std())
    error = abs(std - target) / target
    if error > 0.03:
        raise Mismatch("statistics", T(f"standard deviation {std:.4f}, expected √(2/fan_in) = {target:.4f}",
                                       f"표준 편차가 {std:.4f}인데 √(2/fan_in) = {target:.4f}이어야 한다"),
                       error, 0.03)
    if abs(mean) > 5 * std / np.sqrt(W.size):
        raise Mismatch("statistics", T(f"mean {mean:.4f}, expected 0", f"평균이 {mean:.4f}인데 0이어야 한다"))
    if seed is not None:
        again = np.asarray(fn(fan_in, fan_out, np.random.default_rng(seed)), dtype=np.float64)
        if not np.array_equal(again, W):
            raise Mismatch("value", T("two calls with generators seeded alike gave different weights",
                                      "같은 시드의 생성기로 두 번 호출했는데 가중치가 달랐다"))
    return error


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------

def _normal(rng, *shape, scale=1.0):
    return scale * rng.standard_normal(shape)


def cases_distances(rng):
    X_train = rng.integers(-3, 4, size=(6, 4)).astype(np.float64)
    X_test = np.vstack([X_train[[2, 0, 5]], rng.integers(-3, 4, size=(1, 4))]).astype(np.float64)
    return [
        Case(T("random", "무작위 입력"), (_normal(rng, 5, 12), _normal(rng, 8, 12))),
        Case(T("one test row, other sizes", "테스트 행 하나, 다른 크기"), (_normal(rng, 1, 3), _normal(rng, 7, 3))),
        Case(T("duplicate rows (distance 0)", "같은 행(거리 0)"), (X_test, X_train)),
        Case(T("large values", "큰 값"), (_normal(rng, 4, 10, scale=100.0) + 50, _normal(rng, 6, 10, scale=100.0))),
    ]


def _distinct_dists(rng, n_test, n_train):
    return np.stack([rng.permutation(n_train) + rng.random(n_train) * 0.5 for _ in range(n_test)]).astype(np.float64)


def cases_predict(rng):
    # ties: the four nearest labels are two and two; the smaller label must win
    tie_labels = np.array([2, 1, 2, 1, 0, 3, 0, 3])
    tie_dists = np.array([[0.1, 0.2, 0.3, 0.4, 5, 6, 7, 8],     # 2 2 1 1 by distance -> 1
                          [5, 6, 7, 8, 0.4, 0.3, 0.2, 0.1],     # 3 0 3 0 -> 0
                          [0.1, 0.4, 5, 6, 0.3, 7, 8, 0.2]])    # 2 3 0 1 (all different) -> 0
    return [
        Case(T("k = 1", "k = 1"), (_distinct_dists(rng, 6, 10), rng.integers(0, 4, 10)), {"k": 1}),
        Case(T("k = 3", "k = 3"), (_distinct_dists(rng, 7, 12), rng.integers(0, 3, 12)), {"k": 3}),
        Case(T("ties in the vote, k = 4", "투표 동점, k = 4"), (tie_dists, tie_labels), {"k": 4},
             hint=T("On a tie between labels, return the smallest label (np.argmax over the vote counts does).",
                    "레이블 사이에 동점이 나오면 가장 작은 레이블을 고른다(투표 수에 np.argmax를 쓰면 그렇게 된다).")),
        Case(T("k = 5, six classes", "k = 5, 클래스 6개"), (_distinct_dists(rng, 9, 30), rng.integers(0, 6, 30)),
             {"k": 5}),
        Case(T("k larger than the training set", "훈련 세트보다 큰 k"), (_distinct_dists(rng, 3, 5),
                                                                  np.array([0, 1, 1, 2, 1])), {"k": 8},
             hint=T("With k > n_train every training example votes.", "k가 n_train보다 크면 모든 훈련 예제가 투표한다.")),
    ]


def _clusters(rng, n, d, classes, noise):
    centers = rng.standard_normal((classes, d)) * 2.0
    y = rng.integers(0, classes, n)
    return centers[y] + noise * rng.standard_normal((n, d)), y


def cases_cross_validate(rng):
    X1, y1 = _clusters(rng, 40, 5, 3, 2.0)
    X2, y2 = _clusters(rng, 23, 4, 4, 2.5)
    X3, y3 = _clusters(rng, 30, 3, 2, 3.0)
    return [
        Case(T("5 folds", "5겹"), (X1, y1, [1, 3, 5]), {"folds": 5}),
        Case(T("N not divisible by the number of folds", "N이 폴드 수로 나누어떨어지지 않음"),
             (X2, y2, [1, 2, 7]), {"folds": 4}),
        Case(T("3 folds, k up to the training-set size", "3겹, 훈련 세트 크기까지의 k"),
             (X3, y3, [1, 10, 20]), {"folds": 3}),
    ]


def _labels(rng, n, c):
    return rng.integers(0, c, n)


def _huge_scores(rng):
    """Scores around 1000 (through the bias column): np.exp overflows, the differences stay moderate."""
    X = np.hstack([_normal(rng, 6, 4), np.ones((6, 1))])
    W = _normal(rng, 5, 3)
    W[-1] += 1000.0
    return W, X, _labels(rng, 6, 3), 0.0


def cases_loss(rng, huge: bool):
    out = [
        Case(T("random, reg = 0", "무작위, reg = 0"),
             (_normal(rng, 6, 4, scale=0.5), _normal(rng, 10, 6), _labels(rng, 10, 4), 0.0)),
        Case(T("random, reg = 0.5, other sizes", "무작위, reg = 0.5, 다른 크기"),
             (_normal(rng, 3, 5, scale=0.5), _normal(rng, 7, 3), _labels(rng, 7, 5), 0.5)),
        Case(T("one example", "예제 하나"), (_normal(rng, 4, 3), _normal(rng, 1, 4), _labels(rng, 1, 3), 0.1)),
    ]
    if huge:
        out.append(Case(T("huge scores (a naive np.exp overflows)", "아주 큰 점수(그냥 np.exp를 쓰면 오버플로가 난다)"),
                        _huge_scores(rng),
                        hint=T("Subtract each row's largest score before np.exp: the probabilities stay the same "
                               "and nothing overflows.",
                               "np.exp 전에 각 행의 가장 큰 점수를 뺀다. 확률은 그대로이고 오버플로가 생기지 않는다.")))
    else:
        out.append(Case(T("all scores tied (W = 0)", "모든 점수가 같음(W = 0)"),
                        (np.zeros((5, 4)), _normal(rng, 6, 5), _labels(rng, 6, 4), 0.1),
                        hint=T("Every wrong class j ≠ y_i with s_j − s_{y_i} + Δ > 0 adds to the loss; "
                               "the correct class itself never does.",
                               "s_j − s_{y_i} + Δ > 0인 틀린 클래스 j ≠ y_i만 손실에 더한다. 정답 클래스 자신은 더하지 않는다.")))
    return out


def cases_sgd(rng):
    from . import linear

    return [
        Case(T("softmax loss, reg = 0.1", "소프트맥스 손실, reg = 0.1"),
             (_normal(rng, 5, 3), _normal(rng, 8, 5), _labels(rng, 8, 3), 0.1, 0.5),
             {"loss_fn": linear.softmax_loss_vectorized}),
        Case(T("SVM loss, reg = 0", "SVM 손실, reg = 0"),
             (_normal(rng, 4, 4), _normal(rng, 6, 4), _labels(rng, 6, 4), 0.0, 0.1),
             {"loss_fn": linear.svm_loss_vectorized}),
        Case(T("learning rate 0 (W stays)", "학습률 0(W가 그대로)"),
             (_normal(rng, 3, 2), _normal(rng, 4, 3), _labels(rng, 4, 2), 0.2, 0.0),
             {"loss_fn": linear.softmax_loss_vectorized}),
    ]


def numeric_loss(fn, case):
    W, X, y, reg = case.args
    return [("dW", lambda W_: fn(W_, X, y, reg)[0], W.copy())]


def cases_dropout(rng):
    return [
        Case(T("keep = 0.5", "keep = 0.5"), (_normal(rng, 200, 500) + 3.0, 0.5, np.random.default_rng(1))),
        Case(T("keep = 0.8", "keep = 0.8"), (_normal(rng, 100, 1000) + 3.0, 0.8, np.random.default_rng(2))),
        Case(T("keep = 0.25, 3-d input", "keep = 0.25, 3차원 입력"),
             (_normal(rng, 4, 50, 500) - 3.0, 0.25, np.random.default_rng(3))),
        Case(T("test time (train=False)", "테스트 시(train=False)"),
             (_normal(rng, 20, 30), 0.5, np.random.default_rng(4)), {"train": False},
             hint=T("Inverted dropout does nothing at test time: the scaling by 1/keep happened during training.",
                    "역 드롭아웃은 테스트 때 아무것도 하지 않는다. 1/keep 배율은 훈련 중에 이미 곱했다.")),
    ]


def cases_dropout_backward(rng):
    return [
        Case(T("keep = 0.5", "keep = 0.5"), (_normal(rng, 4, 6), rng.random((4, 6)) < 0.5, 0.5)),
        Case(T("keep = 0.8, 3-d", "keep = 0.8, 3차원"), (_normal(rng, 2, 3, 5), rng.random((2, 3, 5)) < 0.8, 0.8)),
        Case(T("keep = 1 (nothing dropped)", "keep = 1(아무것도 버리지 않음)"),
             (_normal(rng, 3, 4), np.ones((3, 4), dtype=bool), 1.0)),
    ]


def numeric_dropout_backward(fn, case):
    dout, mask, keep = case.args
    return [("dx", lambda x: float(np.sum(dout * x * mask / keep)), np.zeros(dout.shape))]


def cases_he(rng):
    cases = []
    for fan_in, fan_out, seed in ((400, 300, 5), (50, 2000, 6), (2000, 50, 7)):
        cases.append(Case(T(f"fan_in = {fan_in}, fan_out = {fan_out}", f"fan_in = {fan_in}, fan_out = {fan_out}"),
                          (fan_in, fan_out, np.random.default_rng(seed)), {"_seed": seed}))
    return cases


def _two_layer_params(rng, D, H, C, scale=0.5):
    return {"W1": _normal(rng, D, H, scale=scale), "b1": _normal(rng, H, scale=0.1),
            "W2": _normal(rng, H, C, scale=scale), "b2": _normal(rng, C, scale=0.1)}


def cases_two_layer(rng):
    return [
        Case(T("random, reg = 0", "무작위, reg = 0"),
             (_two_layer_params(rng, 5, 7, 3), _normal(rng, 6, 5), _labels(rng, 6, 3), 0.0)),
        Case(T("reg = 0.2, other sizes", "reg = 0.2, 다른 크기"),
             (_two_layer_params(rng, 4, 10, 4), _normal(rng, 9, 4), _labels(rng, 9, 4), 0.2)),
        Case(T("large biases, reg = 0.05", "큰 편향, reg = 0.05"),
             ({**_two_layer_params(rng, 3, 6, 5), "b1": _normal(rng, 6, scale=2.0), "b2": _normal(rng, 5, scale=2.0)},
              _normal(rng, 4, 3), _labels(rng, 4, 5), 0.05)),
    ]


def numeric_two_layer(fn, case):
    params, X, y, reg = case.args
    checks = []
    for key in params:
        x = np.array(params[key], dtype=np.float64)
        checks.append((f"grads[{key!r}]", lambda x_, key=key: fn({**params, key: x_}, X, y, reg)[0], x))
    return checks


CONV_GEOMETRIES = (
    (T("stride 1, no padding", "스트라이드 1, 패딩 없음"), (2, 3, 5, 5), (4, 3, 3, 3), 1, 0),
    (T("stride 2, padding 1", "스트라이드 2, 패딩 1"), (2, 3, 7, 7), (2, 3, 3, 3), 2, 1),
    (T("non-square input and filter, padding 2", "정사각형이 아닌 입력과 필터, 패딩 2"), (1, 2, 6, 8), (3, 2, 3, 5), 1, 2),
    (T("one channel, stride 3", "채널 하나, 스트라이드 3"), (3, 1, 7, 7), (2, 1, 4, 4), 3, 0),
)


def cases_conv(rng):
    return [Case(label, (_normal(rng, *xs), _normal(rng, *ws), _normal(rng, ws[0])), {"stride": s, "pad": p})
            for label, xs, ws, s, p in CONV_GEOMETRIES]


def cases_im2col(rng):
    return [Case(label, (_normal(rng, *xs), ws[2], ws[3]), {"stride": s, "pad": p})
            for label, xs, ws, s, p in CONV_GEOMETRIES]


def cases_pool(rng):
    return [
        Case(T("2×2 windows, stride 2", "2×2 창, 스트라이드 2"), (rng.random((2, 3, 6, 6)),), {"size": 2, "stride": 2}),
        Case(T("3×3 windows, stride 1 (overlapping)", "3×3 창, 스트라이드 1(겹침)"), (rng.random((1, 2, 5, 7)),),
             {"size": 3, "stride": 1}),
        Case(T("all values negative", "모든 값이 음수"), (-np.abs(_normal(rng, 2, 2, 4, 4)) - 1.0,),
             {"size": 2, "stride": 2},
             hint=T("Start each window's maximum from the window itself, not from 0.",
                    "각 창의 최댓값은 0이 아니라 창 자신의 값에서 시작한다.")),
        Case(T("2×2 windows, stride 3", "2×2 창, 스트라이드 3"), (_normal(rng, 1, 1, 8, 8),), {"size": 2, "stride": 3}),
    ]



def cases_attention(rng):
    def qkv(n, m, d_k, d_v, scale=1.0):
        return _normal(rng, n, d_k, scale=scale), _normal(rng, m, d_k, scale=scale), _normal(rng, m, d_v)
    causal = np.tril(np.ones((5, 5), dtype=bool))
    padding = np.ones((4, 6), dtype=bool)
    padding[:, 4:] = False
    return [
        Case(T("4 queries, 6 keys, d_k 3, d_v 2", "쿼리 4개, 키 6개, d_k 3, d_v 2"), qkv(4, 6, 3, 2)),
        Case(T("one query, d_k 16", "쿼리 하나, d_k 16"), qkv(1, 5, 16, 4)),
        Case(T("large scores (softmax must not overflow)", "큰 점수(소프트맥스가 넘치면 안 된다)"),
             qkv(3, 4, 8, 2, scale=40.0),
             hint=T("Subtract each row's maximum score before np.exp.",
                    "np.exp 전에 각 행의 최대 점수를 뺀다.")),
        Case(T("causal mask", "인과 마스크"), (*qkv(5, 5, 4, 3), causal),
             hint=T("Where the mask is False the score is −∞ (np.where(mask, scores, -np.inf)), so the weight is 0.",
                    "마스크가 False인 곳의 점수는 −∞(np.where(mask, scores, -np.inf))이므로 가중치가 0이다.")),
        Case(T("padding mask (last two keys hidden)", "패딩 마스크(마지막 키 두 개를 가림)"),
             (*qkv(4, 6, 4, 3), padding)),
    ]


def _rnn_args(rng, N, D, H, scale=0.5, gates=1):
    return (_normal(rng, N, D), _normal(rng, N, H), _normal(rng, D, gates * H, scale=scale),
            _normal(rng, H, gates * H, scale=scale), _normal(rng, gates * H, scale=0.2))


def cases_rnn_forward(rng):
    return [
        Case(T("random", "무작위 입력"), _rnn_args(rng, 3, 4, 5)),
        Case(T("one example, D < H", "예제 하나, D < H"), _rnn_args(rng, 1, 2, 3)),
        Case(T("large pre-activations (tanh saturates)", "큰 사전 활성화(tanh 포화)"), _rnn_args(rng, 4, 3, 3, scale=4.0)),
    ]


def cases_rnn_backward(rng):
    out = []
    for label, (N, D, H) in ((T("random", "무작위 입력"), (3, 4, 5)), (T("one example, D > H", "예제 하나, D > H"), (1, 6, 2)),
                             (T("batch of 5, D = H", "배치 5, D = H"), (5, 3, 3))):
        out.append(Case(label, (_normal(rng, N, H),) + _rnn_args(rng, N, D, H)))
    return out


def numeric_rnn_backward(fn, case):
    from .rnn import rnn_step_forward

    dh_next, *inputs = case.args
    checks = []
    for k, part in enumerate(("dx", "dh_prev", "dWx", "dWh", "db")):
        def f(value, k=k):
            args = list(inputs)
            args[k] = value
            return float(np.sum(dh_next * rnn_step_forward(*args)))
        checks.append((part, f, np.array(inputs[k], dtype=np.float64)))
    return checks


def cases_lstm(rng):
    def args(N, D, H, scale=0.5):
        x, h, Wx, Wh, b = _rnn_args(rng, N, D, H, scale=scale, gates=4)
        return (x, h, _normal(rng, N, H), Wx, Wh, b)

    zero = args(2, 3, 4)
    zero = (zero[0], np.zeros_like(zero[1]), np.zeros_like(zero[2])) + zero[3:]
    return [
        Case(T("random", "무작위 입력"), args(3, 4, 5)),
        Case(T("zero state", "상태가 0"), zero),
        Case(T("large pre-activations", "큰 사전 활성화"), args(2, 3, 2, scale=3.0)),
    ]


def _is_module(value) -> bool:
    """A PyTorch module, recognised without importing torch (the NumPy exercises never need it)."""
    return callable(getattr(value, "named_parameters", None)) and callable(getattr(value, "named_modules", None))


# Layers whose behaviour depends on train/eval mode: the only modes the freezing exercise checks.
MODE_LAYERS = ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d")


def compare_frozen(got, expected, case: Case, fn) -> float:
    """Same parameters trainable and the same train/eval mode of every batch-norm and dropout layer."""
    if not _is_module(got):
        raise Mismatch("shape", T(f"expected the model back, got {type(got).__name__}",
                                  f"모델을 돌려받아야 하는데 {type(got).__name__}이(가) 왔다"))
    want = {name: p.requires_grad for name, p in expected.named_parameters()}
    have = {name: p.requires_grad for name, p in got.named_parameters()}
    if set(want) != set(have):
        raise Mismatch("shape", T("the returned model has other parameters than the one passed in",
                                  "돌려준 모델의 파라미터가 넘겨받은 모델과 다르다"))
    wrong = [name for name in want if want[name] != have[name]]
    if wrong:
        name = wrong[0]
        state = T("trainable", "훈련 가능") if want[name] else T("frozen", "동결")
        raise Mismatch("value", T(f"{len(wrong)} of {len(want)} parameters have the wrong requires_grad; "
                                  f"first {name}, which should be {state['en']}",
                                  f"파라미터 {len(want)}개 중 {len(wrong)}개의 requires_grad가 틀렸다. 첫 번째는 "
                                  f"{name}이고 {state['ko']} 상태여야 한다"))
    modules = dict(got.named_modules())
    for name, module in expected.named_modules():
        if type(module).__name__ in MODE_LAYERS and modules[name].training != module.training:
            mode = T("training", "훈련") if module.training else T("evaluation", "평가")
            raise Mismatch("statistics", T(f"{name} ({type(module).__name__}) should be in {mode['en']} mode",
                                           f"{name}({type(module).__name__})은(는) {mode['ko']} 모드여야 한다"))
    return 0.0


def cases_freeze(rng):
    import torch
    from torch import nn

    from .transfer import DigitNet

    def net(seed, **kwargs):
        torch.manual_seed(seed)
        return DigitNet(**kwargs)

    with_dropout = net(int(rng.integers(1000)), channels=(4, 8))
    with_dropout.head = nn.Sequential(nn.Dropout(0.5), nn.Linear(with_dropout.head.in_features, 3))
    return [
        Case(T("DigitNet with batch norm", "배치 정규화가 있는 DigitNet"), (net(int(rng.integers(1000))),)),
        Case(T("a hidden fully connected layer in the backbone", "백본에 은닉 완전 연결 층"),
             (net(int(rng.integers(1000)), channels=(4, 6), hidden=16, num_classes=3),)),
        Case(T("a head with dropout (it must stay in training mode)", "드롭아웃이 있는 헤드(훈련 모드를 유지해야 한다)"),
             (with_dropout,),
             hint=T("Switch only the backbone to evaluation mode (model.backbone.eval()); the head keeps its mode.",
                    "평가 모드로는 백본만 바꾼다(model.backbone.eval()). 헤드는 지금 모드를 유지한다.")),
    ]


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------

SHAPE_HINT = T("Check the shape of what you return against the task description.",
               "반환하는 배열의 모양을 과제 설명과 비교해 본다.")

def cases_fgsm(rng):
    x = rng.random((4, 1, 6, 6))
    edges = np.where(rng.random((3, 1, 5, 5)) < 0.5, 0.02, 0.97)
    zero_grad = _normal(rng, 2, 1, 4, 4) * (rng.random((2, 1, 4, 4)) < 0.5)
    return [
        Case(T("random images, ε = 0.1", "무작위 이미지, ε = 0.1"), (x, _normal(rng, 4, 1, 6, 6), 0.1)),
        Case(T("pixels near 0 and 1: the result must stay in [0, 1]", "0과 1 근처의 픽셀: 결과가 [0, 1] 안에 있어야 한다"),
             (edges, _normal(rng, 3, 1, 5, 5), 0.25),
             hint=T("Clip the perturbed image to the pixel range with np.clip(..., 0, 1).",
                    "섭동된 이미지를 np.clip(..., 0, 1)로 픽셀 범위 안에 자른다.")),
        Case(T("gradients with zeros and tiny values", "0과 아주 작은 값이 섞인 그래디언트"),
             (rng.random((2, 1, 4, 4)), zero_grad * 1e-6, 0.05),
             hint=T("Each pixel moves by exactly eps (or 0 where the gradient is 0): use the sign, not the gradient.",
                    "픽셀마다 정확히 eps만큼(그래디언트가 0이면 0만큼) 움직인다. 그래디언트가 아니라 부호를 쓴다.")),
        Case(T("three colour channels, ε = 0.03", "색 채널 셋, ε = 0.03"),
             (rng.random((2, 3, 5, 5)), _normal(rng, 2, 3, 5, 5), 0.03)),
    ]


def _tanh_score(W):
    def score(batch):
        return np.tanh(np.asarray(batch) * W).sum(axis=(1, 2, 3))
    return score


def cases_occlusion(rng):
    return [
        Case(T("1×8×8 image, 3×3 patch, stride 1", "1×8×8 이미지, 3×3 조각, 스트라이드 1"),
             (_tanh_score(_normal(rng, 1, 8, 8)), rng.random((1, 8, 8)), 3), {"stride": 1, "fill": 0.0}),
        Case(T("2×9×7 image, 3×3 patch, stride 2", "2×9×7 이미지, 3×3 조각, 스트라이드 2"),
             (_tanh_score(_normal(rng, 2, 9, 7)), rng.random((2, 9, 7)), 3), {"stride": 2, "fill": 0.0}),
        Case(T("grey fill 0.5", "회색 채움 0.5"),
             (_tanh_score(_normal(rng, 1, 6, 6)), rng.random((1, 6, 6)), 2), {"stride": 1, "fill": 0.5},
             hint=T("Set the patch to the fill value, not to zero.", "조각을 0이 아니라 채움 값으로 바꾼다.")),
        Case(T("4×4 patch, stride 3 on 10×10", "10×10에서 4×4 조각, 스트라이드 3"),
             (_tanh_score(_normal(rng, 1, 10, 10)), rng.random((1, 10, 10)), 4), {"stride": 3, "fill": 0.0}),
    ]


EXERCISES = {e.name: e for e in (
    Exercise("knn.distances_no_loops", cases_distances, {
        "shape": T("The result has one row per test example and one column per training example: (n_test, n_train).",
                   "결과는 테스트 예제마다 행 하나, 훈련 예제마다 열 하나인 (n_test, n_train) 배열이다."),
        "value": T("Expand ‖a − b‖² = ‖a‖² − 2a·b + ‖b‖², clip tiny negative values at 0, then take the square root.",
                   "‖a − b‖² = ‖a‖² − 2a·b + ‖b‖²으로 전개하고, 아주 작은 음수는 0으로 자른 뒤 제곱근을 취한다."),
    }, tol=1e-9),
    Exercise("knn.predict_labels", cases_predict, {
        "shape": T("Return one label per row of dists (per test example).", "dists의 행(테스트 예제)마다 레이블 하나를 반환한다."),
        "value": T("Take the k smallest distances of each row, look up their training labels and return the most "
                   "frequent label (the smallest one on a tie).",
                   "각 행에서 가장 작은 거리 k개를 골라 그 훈련 레이블을 찾고, 가장 많이 나온 레이블(동점이면 가장 작은 것)을 "
                   "반환한다."),
    }, compare=lambda got, expected, case, fn: compare_labels(got, expected)),
    Exercise("knn.cross_validate_k", cases_cross_validate, {
        "shape": T("Return an array of shape (len(ks), folds): one row per k, one column per fold.",
                   "모양이 (len(ks), folds)인 배열, 즉 k마다 행 하나, 폴드마다 열 하나를 반환한다."),
        "value": T("Cut X and y into consecutive folds with np.array_split; each fold is the validation set once and "
                   "never part of its own training set.",
                   "np.array_split으로 X와 y를 연속된 폴드로 나눈다. 각 폴드는 한 번씩 검증 세트가 되고, 그때 자신의 훈련 "
                   "세트에는 들어가지 않는다."),
    }, tol=1e-9),
    Exercise("linear.svm_loss_vectorized", lambda rng: cases_loss(rng, huge=False), {
        "shape": T("Return (loss, dW) with dW shaped like W.", "(loss, dW)를 반환하고 dW는 W와 같은 모양이어야 한다."),
        "value": T("Average the margins over the examples, skip the correct class, and add reg · ΣW².",
                   "마진을 예제에 대해 평균하고, 정답 클래스는 빼고, reg · ΣW²를 더한다."),
        "gradient": T("Each violated margin adds x_i to column j and subtracts it from column y_i; divide by N and "
                      "add 2 · reg · W.",
                      "마진을 어긴 클래스마다 x_i를 열 j에 더하고 열 y_i에서 뺀다. N으로 나누고 2 · reg · W를 더한다."),
    }, parts=("loss", "dW"), gradients=("dW",), numeric=numeric_loss, seed=1),
    Exercise("linear.softmax_loss_vectorized", lambda rng: cases_loss(rng, huge=True), {
        "shape": T("Return (loss, dW) with dW shaped like W.", "(loss, dW)를 반환하고 dW는 W와 같은 모양이어야 한다."),
        "value": T("The loss is the mean of −log p_{y_i} over the examples plus reg · ΣW².",
                   "손실은 예제에 대한 −log p_{y_i}의 평균에 reg · ΣW²를 더한 값이다."),
        "gradient": T("dW = Xᵀ(P − Y) / N + 2 · reg · W, where P holds the probabilities and Y the one-hot labels.",
                      "dW = Xᵀ(P − Y) / N + 2 · reg · W이다. P는 확률, Y는 원-핫 레이블이다."),
    }, parts=("loss", "dW"), gradients=("dW",), numeric=numeric_loss, seed=2),
    Exercise("linear.sgd_step", cases_sgd, {
        "shape": T("Return (new W, loss): W minus learning_rate times the gradient, and the loss before the step.",
                   "(새 W, loss)를 반환한다. W에서 learning_rate × 그래디언트를 뺀 값과, 한 스텝 전의 손실이다."),
        "value": T("Call loss_fn(W, X, y, reg) once and step against the gradient: W − learning_rate · dW.",
                   "loss_fn(W, X, y, reg)을 한 번 호출하고 그래디언트의 반대 방향으로 간다: W − learning_rate · dW."),
    }, parts=("W", "loss"), tol=1e-9, seed=3),
    Exercise("mlp.dropout_forward", cases_dropout, {
        "shape": T("Return (out, mask), both shaped like x.", "x와 같은 모양의 (out, mask)를 반환한다."),
        "value": T("Keep each unit with probability keep (mask = rng.random(x.shape) < keep) and divide the kept "
                   "units by keep.",
                   "유닛마다 확률 keep으로 남기고(mask = rng.random(x.shape) < keep) 남은 유닛을 keep으로 나눈다."),
        "statistics": T("keep is the probability of keeping a unit, not of dropping it.",
                        "keep은 유닛을 버릴 확률이 아니라 남길 확률이다."),
    }, compare=compare_dropout, seed=4, random=True),
    Exercise("mlp.dropout_backward", cases_dropout_backward, {
        "shape": SHAPE_HINT,
        "value": T("The gradient flows only through kept units and is scaled by 1/keep, like the forward pass.",
                   "그래디언트는 남은 유닛으로만 흐르고, 순전파처럼 1/keep을 곱한다."),
    }, parts=("dx",), gradients=("dx",), numeric=numeric_dropout_backward, seed=5),
    Exercise("mlp.he_init", cases_he, {
        "shape": T("Return a (fan_in, fan_out) matrix.", "(fan_in, fan_out) 행렬을 반환한다."),
        "statistics": T("He initialisation draws from N(0, 2 / fan_in): rng.standard_normal((fan_in, fan_out)) "
                        "times √(2 / fan_in).",
                        "He 초기화는 N(0, 2 / fan_in)에서 뽑는다: rng.standard_normal((fan_in, fan_out))에 "
                        "√(2 / fan_in)을 곱한다."),
        "value": T("Draw every number from the rng argument, not from np.random.", "모든 난수는 np.random이 아니라 인자 rng에서 뽑는다."),
    }, compare=compare_he, seed=6, random=True),
    Exercise("mlp.two_layer_loss", cases_two_layer, {
        "shape": T("Return (loss, grads) where grads has the keys of params and each gradient the shape of its "
                   "parameter (sum the bias gradients over the batch).",
                   "(loss, grads)를 반환한다. grads는 params와 같은 키를 갖고 각 그래디언트는 해당 파라미터와 같은 모양이다"
                   "(편향의 그래디언트는 배치에 대해 더한다)."),
        "value": T("scores = ReLU(X W1 + b1) W2 + b2; loss = mean cross-entropy + reg · (ΣW1² + ΣW2²).",
                   "scores = ReLU(X W1 + b1) W2 + b2, loss = 평균 교차 엔트로피 + reg · (ΣW1² + ΣW2²)."),
        "gradient": T("Backpropagate through the ReLU (zero where its input was ≤ 0) and add 2 · reg · W to the "
                      "weight gradients.",
                      "ReLU를 거꾸로 지날 때는 입력이 0 이하였던 곳의 그래디언트를 0으로 만들고, 가중치 그래디언트에는 "
                      "2 · reg · W를 더한다."),
    }, parts=("loss", "grads"), gradients=("grads",), numeric=numeric_two_layer, seed=7),
    Exercise("conv.conv_forward_naive", cases_conv, {
        "shape": T("H' = (H − HH + 2·pad) / stride + 1 and likewise W'; conv.conv_output_size computes it.",
                   "H' = (H − HH + 2·pad) / stride + 1이고 W'도 마찬가지다. conv.conv_output_size가 계산해 준다."),
        "value": T("out[n, f, i, j] = Σ w[f] ⊙ padded_x[n, :, i·stride : i·stride + HH, j·stride : j·stride + WW] + b[f], "
                   "without flipping the filter.",
                   "out[n, f, i, j] = Σ w[f] ⊙ padded_x[n, :, i·stride : i·stride + HH, j·stride : j·stride + WW] + b[f]"
                   "이고, 필터는 뒤집지 않는다."),
    }, seed=8),
    Exercise("conv.im2col", cases_im2col, {
        "shape": T("Return (C·HH·WW, N·H'·W'): one row per (channel, offset), one column per output position.",
                   "(C·HH·WW, N·H'·W')를 반환한다. (채널, 오프셋)마다 행 하나, 출력 위치마다 열 하나다."),
        "value": T("Row c·HH·WW + di·WW + dj, column n·H'·W' + i·W' + j holds padded_x[n, c, i·stride + di, j·stride + dj].",
                   "행 c·HH·WW + di·WW + dj, 열 n·H'·W' + i·W' + j에는 padded_x[n, c, i·stride + di, j·stride + dj]가 "
                   "들어간다."),
    }, seed=9),
    Exercise("conv.max_pool_naive", cases_pool, {
        "shape": T("H' = (H − size) / stride + 1, and the same for W'; N and C stay.",
                   "H' = (H − size) / stride + 1이고 W'도 같다. N과 C는 그대로다."),
        "value": T("Each output is the maximum of its size × size window, taken per image and per channel.",
                   "출력 값 하나는 이미지별, 채널별로 size × size 창의 최댓값이다."),
    }, seed=10),
    Exercise("rnn.rnn_step_forward", cases_rnn_forward, {
        "shape": T("Return h_next of shape (N, H).", "모양이 (N, H)인 h_next를 반환한다."),
        "value": T("h_next = tanh(x Wx + h_prev Wh + b).", "h_next = tanh(x Wx + h_prev Wh + b)이다."),
    }, seed=11),
    Exercise("rnn.rnn_step_backward", cases_rnn_backward, {
        "shape": T("Return (dx, dh_prev, dWx, dWh, db), each shaped like its input; sum db over the batch.",
                   "(dx, dh_prev, dWx, dWh, db)를 반환한다. 각각 해당 입력과 같은 모양이고 db는 배치에 대해 더한다."),
        "gradient": T("With h_next = tanh(a), da = dh_next · (1 − h_next²); then dx = da Wxᵀ, dh_prev = da Whᵀ, "
                      "dWx = xᵀ da, dWh = h_prevᵀ da, db = Σ da.",
                      "h_next = tanh(a)이면 da = dh_next · (1 − h_next²)이다. 그러면 dx = da Wxᵀ, dh_prev = da Whᵀ, "
                      "dWx = xᵀ da, dWh = h_prevᵀ da, db = Σ da이다."),
    }, parts=("dx", "dh_prev", "dWx", "dWh", "db"), gradients=("dx", "dh_prev", "dWx", "dWh", "db"),
        numeric=numeric_rnn_backward, seed=12),
    Exercise("rnn.lstm_step_forward", cases_lstm, {
        "shape": T("Return (h_next, c_next), both (N, H).", "모양이 (N, H)인 (h_next, c_next)를 반환한다."),
        "value": T("Split a = x Wx + h_prev Wh + b into i, f, g, o (in that order); c_next = σ(f)·c_prev + σ(i)·tanh(g), "
                   "h_next = σ(o)·tanh(c_next).",
                   "a = x Wx + h_prev Wh + b를 i, f, g, o 순서로 나눈다. c_next = σ(f)·c_prev + σ(i)·tanh(g), "
                   "h_next = σ(o)·tanh(c_next)이다."),
    }, parts=("h_next", "c_next"), seed=13),
    Exercise("attention.attention_numpy", cases_attention, {
        "shape": T("Return (out, weights): out is (n, d_v), weights is (n, m), one row per query.",
                   "(out, weights)를 반환한다. out은 (n, d_v), weights는 쿼리마다 행 하나인 (n, m)이다."),
        "value": T("weights = row-wise softmax of Q Kᵀ / √d_k (d_k = K.shape[1]); out = weights V.",
                   "weights는 Q Kᵀ / √d_k(d_k = K.shape[1])의 행별 소프트맥스이고, out = weights V이다."),
    }, parts=("out", "weights"), seed=14),
    Exercise("transfer.freeze_backbone", cases_freeze, {
        "shape": T("Change the model in place and return it: return model.", "모델을 그 자리에서 바꾸고 돌려준다: return model."),
        "value": T("Set requires_grad = False on every parameter of model.backbone and on none of model.head.",
                   "model.backbone의 모든 파라미터에 requires_grad = False를 설정하고, model.head의 파라미터는 건드리지 않는다."),
        "statistics": T("requires_grad = False does not stop batch-norm layers from replacing their running statistics "
                        "in training mode: also call model.backbone.eval().",
                        "requires_grad = False로는 훈련 모드의 배치 정규화 층이 누적 통계를 바꾸는 것을 막지 못한다. "
                        "model.backbone.eval()도 호출한다."),
    }, compare=compare_frozen, seed=14),
    Exercise("understanding.fgsm_perturb", cases_fgsm, {
        "shape": T("Return an array shaped like x.", "x와 같은 모양의 배열을 반환한다."),
        "value": T("x_adv = clip(x + eps · sign(grad), 0, 1): every pixel moves by eps in the direction that raises "
                   "the loss.",
                   "x_adv = clip(x + eps · sign(grad), 0, 1)이다. 픽셀마다 손실을 높이는 방향으로 eps만큼 움직인다."),
    }, seed=14),
    Exercise("understanding.occlusion_map", cases_occlusion, {
        "shape": T("The map has (H − size) // stride + 1 rows and (W − size) // stride + 1 columns; the patch's "
                   "top-left corner is at (i·stride, j·stride).",
                   "맵은 (H − size) // stride + 1행, (W − size) // stride + 1열이다. 조각의 왼쪽 위 모서리는 "
                   "(i·stride, j·stride)에 있다."),
        "value": T("Each entry is score(image) − score(occluded image): positive where hiding the patch lowers the "
                   "score. The patch covers rows i·stride … i·stride + size − 1 of every channel.",
                   "각 값은 score(image) − score(occluded image)이다. 조각을 가려 점수가 내려가면 양수다. 조각은 "
                   "모든 채널의 i·stride … i·stride + size − 1행을 덮는다."),
    }, seed=15),
)}


# ---------------------------------------------------------------------------------------------
# Messages and the checker
# ---------------------------------------------------------------------------------------------

KINDS = {
    "shape": T("shape differs", "모양이 다르다"),
    "value": T("value differs", "값이 다르다"),
    "gradient": T("gradient differs", "그래디언트가 다르다"),
    "statistics": T("statistics are off", "통계가 맞지 않는다"),
    "error": T("raised an exception", "예외가 발생했다"),
}
MESSAGES = {
    "ok": T("{name}: OK, all {n} cases match the reference (largest relative error {worst:.1e}).",
            "{name}: 통과, {n}개 경우가 모두 참조 구현과 일치한다 (최대 상대 오차 {worst:.1e})."),
    "ok_numeric": T("{name}: OK, all {n} cases match the reference (largest relative error {worst:.1e}) "
                    "and the numerical gradient checks pass.",
                    "{name}: 통과, {n}개 경우가 모두 참조 구현과 일치하고 (최대 상대 오차 {worst:.1e}) "
                    "수치 그래디언트 검사도 통과한다."),
    "ok_random": T("{name}: OK, all {n} cases pass the checks of shape, values and statistics.",
                   "{name}: 통과, {n}개 경우가 모두 모양, 값, 통계 검사를 통과한다."),
    "stub": T("{name}: not implemented yet: using the reference", "{name}: 아직 구현하지 않았다: 참조 구현을 쓴다"),
    "case": T("{name}: case {i} of {n}, {label} ({inputs}): {kind}", "{name}: {n}개 중 {i}번째 경우, {label} ({inputs}): {kind}"),
    "error": T("relative error {error:.1e} > tolerance {tol:.0e}", "상대 오차 {error:.1e} > 허용치 {tol:.0e}"),
    "hint": T("Hint: {hint}", "힌트: {hint}"),
    "unknown": T("no exercise named {name!r}; the exercises are: {names}", "{name!r}라는 연습 문제는 없다. 연습 문제: {names}"),
}


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"{value.shape}"
    if _is_module(value):
        return type(value).__name__
    if isinstance(value, np.random.Generator):
        return "Generator"
    if callable(value):
        return getattr(value, "__name__", "function")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} {_describe(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return str(list(value))
    return repr(value)


def describe_inputs(reference, case: Case) -> str:
    """"X_test (4, 6), X_train (9, 6), k=3": array arguments by shape, the others by value."""
    names = list(inspect.signature(reference).parameters)
    items = [(names[i] if i < len(names) else f"arg{i}", v) for i, v in enumerate(case.args)]
    items += [(k, v) for k, v in case.kwargs.items() if not k.startswith("_")]
    return ", ".join(f"{k} {_describe(v)}" if isinstance(v, (np.ndarray, dict)) else f"{k}={_describe(v)}"
                     for k, v in items)


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if _is_module(value):  # a PyTorch model: the student's function and the reference each get their own
        return copy.deepcopy(value)
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, np.random.Generator):
        return _same_generator(value)
    if isinstance(value, list):
        return list(value)
    return value


def _same_generator(rng: np.random.Generator) -> np.random.Generator:
    """A generator in the same state as `rng` (so the student and the reference draw the same numbers)."""
    clone = np.random.Generator(type(rng.bit_generator)())
    clone.bit_generator.state = rng.bit_generator.state
    return clone


def _call(fn, case: Case):
    kwargs = {k: _copy(v) for k, v in case.kwargs.items() if not k.startswith("_")}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return fn(*[_copy(a) for a in case.args], **kwargs)


def check(name: str, fn, lang: str | None = None) -> bool:
    """Check `fn` against the reference `labs.<name>`; see the module docstring.

    `lang` ("en" or "ko", default "en") is the language of the printed line and of the messages.
    """
    lang = lang or "en"
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    if name not in EXERCISES:
        raise KeyError(MESSAGES["unknown"][lang].format(name=name, names=", ".join(EXERCISES)))
    exercise = EXERCISES[name]
    reference = exercise.reference
    cases = exercise.cases(np.random.default_rng(exercise.seed))
    worst = 0.0
    for i, case in enumerate(cases, start=1):
        inputs = describe_inputs(reference, case)
        try:
            try:
                got = _call(fn, case)
            except NotImplementedError:
                print(MESSAGES["stub"][lang].format(name=name))
                return False
            except Exception as exc:  # a crash is a failed case, reported with its cause
                raise Mismatch("error", f"{type(exc).__name__}: {exc}") from exc
            expected = _call(reference, case)
            if exercise.compare is not None:
                worst = max(worst, exercise.compare(got, expected, case, fn))
            else:  # values first, then gradients: numerically (as in CS231n), then against the reference
                worst = max(worst, compare_parts(exercise, got, expected))
                if exercise.numeric is not None:
                    with warnings.catch_warnings(), np.errstate(all="ignore"):
                        warnings.simplefilter("ignore", RuntimeWarning)
                        numeric_check(exercise, fn, case, got, seed=exercise.seed * 100 + i)
                worst = max(worst, compare_parts(exercise, got, expected, gradients=True))
        except Mismatch as mismatch:
            raise ExerciseFailed(_failure(exercise, lang, i, len(cases), case, inputs, mismatch)) from None
    key = "ok_numeric" if exercise.numeric is not None else "ok_random" if exercise.random else "ok"
    print(MESSAGES[key][lang].format(name=name, n=len(cases), worst=worst))
    return True


def _failure(exercise: Exercise, lang: str, i: int, n: int, case: Case, inputs: str, m: Mismatch) -> str:
    lines = [MESSAGES["case"][lang].format(name=exercise.name, i=i, n=n, label=_text(case.label, lang),
                                           inputs=inputs, kind=KINDS[m.kind][lang])]
    detail = _text(m.detail, lang)
    if m.error is not None and m.tol is not None:
        detail = f"{detail}: {MESSAGES['error'][lang].format(error=m.error, tol=m.tol)}" if detail else \
            MESSAGES["error"][lang].format(error=m.error, tol=m.tol)
    lines[0] += f": {detail}" if detail else ""
    if m.kind == "shape":
        hint = exercise.hints.get("shape", SHAPE_HINT)
    else:
        hint = case.hint or exercise.hints.get(m.kind) or exercise.hints.get("value") or exercise.hints["gradient"]
    lines.append(MESSAGES["hint"][lang].format(hint=_text(hint, lang)))
    return "\n".join(lines)
