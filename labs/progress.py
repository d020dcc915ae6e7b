"""Progress bars for the labs' long loops (distances, cross-validation, SGD, search, RNN training)."""
from __future__ import annotations

import sys
import warnings

from . import runtime


def progress_bar(iterable, *, desc: str, total: int | None = None, show: bool | None = None):
    """`tqdm.auto` progress over `iterable`; shown by default only in full mode (long runs)."""
    if show is None:
        show = runtime.is_full()
    if not show:
        return iterable
    with warnings.catch_warnings():  # no "IProgress not found" warning where ipywidgets is absent
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm
    return tqdm(iterable, desc=desc, total=total, file=sys.stdout, leave=False)
