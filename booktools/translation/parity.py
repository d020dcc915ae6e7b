"""Structural parity of an English page and its Korean translation.

Both pages must have the same headings (levels, in order), display equations (same
LaTeX), figures (same files), admonitions/exercises (same directive and classes) and code
cells (same code once `#` comments are removed; the lab cell tagged `lang` may differ).
Differences are reported with `file:line` on both sides.
"""
from __future__ import annotations

import difflib
import re
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


@dataclass(frozen=True)
class Heading:
    level: int
    text: str    # plain text, as a reader sees it
    line: int    # 1-based line in its file


def _plain_text(inline) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "math_inline", "math_inline_double"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "myst_role":
            match = re.match(r"^(?P<text>.+?)\s*<[^<>]+>$", child.content, re.DOTALL)
            parts.append(match["text"] if match else child.content)
    return "".join(parts).strip()


def section_headings(text: str) -> list[Heading]:
    """The headings that become sections: those at the top level, outside directives, in order."""
    tokens = markdown.tokens(text)
    return [Heading(int(tok.tag[1]), _plain_text(tokens[i + 1]), tok.map[0] + 1)
            for i, tok in enumerate(tokens)
            if tok.type == "heading_open" and tok.level == 0 and tok.map is not None]


def heading_pairs(en: list[Heading], ko: list[Heading]) -> dict[int, int]:
    """Index of each Korean heading -> index of its English counterpart.

    The same one-to-one pairing that `compare` checks: headings are matched by level, in
    order; where the pages differ, the headings inside the difference stay unpaired.
    """
    matcher = difflib.SequenceMatcher(a=[h.level for h in en], b=[h.level for h in ko], autojunk=False)
    pairs = {}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.update({j: i for i, j in zip(range(i1, i2), range(j1, j2))})
    return pairs
