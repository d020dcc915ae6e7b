"""Build performance: clean build of both languages (labs executed in fast mode), rebuild
after a prose-only edit (no notebook re-executed), rebuild after editing one lab."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from .. import paths


def _timed_build() -> float:
    from ..build import build

    start = time.perf_counter()
    code = build()
    if code != 0:
        raise SystemExit("build failed; fix it before benchmarking")
    return time.perf_counter() - start


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path}: cannot find {old!r} to edit for the benchmark")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def main() -> None:
    build_dir = Path(tempfile.mkdtemp(prefix="book-bench-"))
    os.environ["BOOK_BUILD_DIR"] = str(build_dir)
    paths.BUILD, paths.SITE = build_dir, build_dir / "site"
    note = paths.source_dir("en") / "notes" / "optimization.md"
    lab = paths.source_dir("en") / "labs" / "knn.md"
    try:
        clean = _timed_build()
        original = _edit(note, "\n## ", "\nA sentence added for the rebuild benchmark.\n\n## ")
        try:
            prose = _timed_build()
        finally:
            note.write_text(original, encoding="utf-8")
        original = _edit(lab, 'LANG = "en"\n```\n', 'LANG = "en"\n```\n\n```{code-cell} ipython3\n'
                         'print("benchmark edit")\n```\n')
        try:
            one_lab = _timed_build()
        finally:
            lab.write_text(original, encoding="utf-8")
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)
    print(f"clean build (en + ko, labs executed, fast mode): {clean:7.1f} s")
    print(f"rebuild after a prose-only edit:                 {prose:7.1f} s  ({prose / clean:.0%} of clean)")
    print(f"rebuild after editing one lab:                   {one_lab:7.1f} s  ({one_lab / clean:.0%} of clean)")
