"""Structural parity of an English page and its Korean translation.

Both pages must have the same headings (levels, in order), display equations (same
LaTeX), figures (same files), admonitions/exercises (same directive and classes) and code
cells (same code once `#` comments are removed; the lab cell tagged `lang` may differ).
Differences are reported with `file:line` on both sides.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .. import markdown
from ..markdown import strip_comments  # noqa: F401  (part of this module's interface)

KINDS = ("heading", "equation", "figure", "admonition", "code cell")


@dataclass(frozen=True)
class Element:
    kind: str
    key: str     # what must be equal between the languages
    line: int    # 1-based line in its file
    label: str   # short human description


def elements(text: str) -> list[Element]:
    """The structural elements of a page (the blocks of the kinds in KINDS)."""
    return [Element(b.kind, b.key, b.line, b.label) for b in markdown.read(text).blocks if b.kind in KINDS]


def compare(en_path: Path, ko_path: Path, *, en_text: str | None = None, ko_text: str | None = None) -> list[str]:
    """Human-readable differences; empty when the pages are structurally parallel."""
    en = elements(en_text if en_text is not None else en_path.read_text(encoding="utf-8"))
    ko = elements(ko_text if ko_text is not None else ko_path.read_text(encoding="utf-8"))
    problems = []
    for kind in KINDS:
        a = [e for e in en if e.kind == kind]
        b = [e for e in ko if e.kind == kind]
        matcher = difflib.SequenceMatcher(a=[e.key for e in a], b=[e.key for e in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            left = ", ".join(f"{en_path}:{e.line} ({e.label})" for e in a[i1:i2]) or "nothing"
            right = ", ".join(f"{ko_path}:{e.line} ({e.label})" for e in b[j1:j2]) or "nothing"
            where_en = f"{en_path}:{a[i1].line}" if i1 < len(a) else str(en_path)
            where_ko = f"{ko_path}:{b[j1].line}" if j1 < len(b) else str(ko_path)
            problems.append(f"{kind} mismatch at {where_en} vs {where_ko}: English has {left}; "
                            f"Korean has {right}")
    return problems
