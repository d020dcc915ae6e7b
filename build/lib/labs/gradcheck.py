"""Gradient checking: compare an analytic gradient with centered finite differences.

    df/dx_i ≈ (f(x + h e_i) − f(x − h e_i)) / (2h)

The centered formula has error O(h²) (the one-sided formula only O(h)). Compare the two
gradients with a relative error, |a − n| / (|a| + |n|): in float64 with h ≈ 1e-5 a correct
gradient of a smooth function gives about 1e-7 or less; kinks such as max(0, ·) can give
larger values at the few points where x ± h crosses the kink.
"""
from __future__ import annotations

import numpy as np


def centered_difference(f, x: np.ndarray, idx: tuple, h: float = 1e-5) -> float:
    """(f(x + h e_idx) - f(x - h e_idx)) / 2h; `x` is restored afterwards."""
    old = x[idx]
    x[idx] = old + h
    f_plus = f(x)
    x[idx] = old - h
    f_minus = f(x)
    x[idx] = old
    return (f_plus - f_minus) / (2.0 * h)


def numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Centered-difference gradient of the scalar function `f` at `x` (every entry; slow).

    `x` is modified in place during the evaluation and restored afterwards.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        grad[it.multi_index] = centered_difference(f, x, it.multi_index, h)
        it.iternext()
    return grad


def relative_error(a, b, eps: float = 1e-12) -> float:
    """Largest element-wise |a − b| / max(|a| + |b|, eps); 0 where both are exactly zero."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), eps)))


def grad_check_sparse(f, x: np.ndarray, analytic_grad: np.ndarray, n_checks: int = 10,
                      h: float = 1e-5, seed: int = 0, verbose: bool = True) -> list[dict]:
    """Check `n_checks` random entries of `analytic_grad` against centered differences.

    Returns one record per checked entry: index, numerical and analytic value, relative error.
    With `verbose`, prints one line per entry.
    """
    rng = np.random.default_rng(seed)
    records = []
    for _ in range(n_checks):
        idx = tuple(int(rng.integers(n)) for n in x.shape)
        numeric = centered_difference(f, x, idx, h)
        analytic = float(analytic_grad[idx])
        rel = relative_error(numeric, analytic)
        records.append({"index": idx, "numerical": float(numeric), "analytic": analytic,
                        "relative_error": rel})
        if verbose:
            print(f"index {idx!s:>10}  numerical {numeric: .6e}  analytic {analytic: .6e}"
                  f"  relative error {rel:.2e}")
    return records
