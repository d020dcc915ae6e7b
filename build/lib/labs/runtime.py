"""Run modes and reproducibility.

`LABS_MODE=fast` (default, what CI runs) uses offline data and small budgets so each lab
finishes in under a minute on a 2-core CPU; `LABS_MODE=full` uses the real data sets and
trains long enough to reach the course's reference results.
"""
from __future__ import annotations

import os
import random

MODE_VAR = "LABS_MODE"
MODES = ("fast", "full")


def mode() -> str:
    value = os.environ.get(MODE_VAR, "fast").strip().lower()
    if value not in MODES:
        raise ValueError(f"{MODE_VAR}={value!r} is not a mode; use one of {', '.join(MODES)}")
    return value


def is_full() -> bool:
    return mode() == "full"


def pick(fast, full):
    """The value for the current mode: `pick(fast=200, full=20000)`."""
    return full if is_full() else fast


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy and (if installed) PyTorch; deterministic algorithms on CPU/GPU."""
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    random.seed(seed)
    import numpy as np

    np.random.seed(seed)
    try:
        import torch
    except ImportError:
        return
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
