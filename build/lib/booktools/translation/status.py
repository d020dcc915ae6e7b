"""Translation status of every English page: translated, outdated, stub or missing.

A Korean page records what it translates in its front matter:

    translation:
      source: en/notes/optimization.md      # the English page
      fingerprint: 3f2a9c...                 # booktools.translation.pages.fingerprint of it
      commit: 1a2b3c4                        # git commit of the English page when marked (for diffs)

`python -m booktools.translation mark book/ko/<page>.md` writes these fields.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .. import paths
from .pages import HANGUL, Page, fingerprint, relative_source, source_path, toc_pages

TRANSLATED, OUTDATED, STUB, MISSING = "translated", "outdated", "stub", "missing"
STATES = (TRANSLATED, OUTDATED, STUB, MISSING)


@dataclass
class PageStatus:
    docname: str
    state: str
    progress: float          # share of the English page's prose lines with a Korean counterpart, 0..1
    english: str
    korean: str | None
    fingerprint: str          # current fingerprint of the English page
    recorded: str | None      # fingerprint recorded in the Korean page
    commit: str | None        # commit recorded in the Korean page


def prose_lines(body: str) -> list[str]:
    """Lines of running text (no code, math, directives' options, blank lines)."""
    lines, fenced = [], False
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", ":::", "$$")):
            fenced = not fenced if stripped.startswith(("```", "$$")) else fenced
            continue
        if fenced or not stripped or stripped.startswith((":", "(", "---")):
            continue
        if any(ch.isalpha() for ch in stripped):
            lines.append(stripped)
    return lines


def korean_share(english_body: str, korean_body: str) -> float:
    en = len(prose_lines(english_body))
    ko = sum(1 for line in prose_lines(korean_body) if HANGUL.search(line))
    return 1.0 if en == 0 else min(1.0, ko / en)


def page_status(docname: str) -> PageStatus:
    en_path = source_path("en", docname)
    ko_path = source_path("ko", docname)
    current = fingerprint(en_path)
    english = Page.read(en_path)
    if not ko_path.exists():
        return PageStatus(docname, MISSING, 0.0, relative_source(en_path), None, current, None, None)
    korean = Page.read(ko_path)
    record = korean.meta.get("translation") or {}
    share = korean_share(english.body, korean.body)
    if record.get("stub") or share == 0.0:
        state = STUB
    elif record.get("fingerprint") != current:
        state = OUTDATED
    else:
        state, share = TRANSLATED, 1.0
    return PageStatus(docname, state, round(share, 3), relative_source(en_path), relative_source(ko_path),
                      current, record.get("fingerprint"), record.get("commit"))


def book_status() -> list[PageStatus]:
    return [page_status(doc) for doc in toc_pages("en") if source_path("en", doc).exists()]


def overall_progress(statuses: list[PageStatus]) -> float:
    return sum(s.progress for s in statuses) / len(statuses) if statuses else 1.0


def write_json(statuses: list[PageStatus]) -> str:
    out = paths.BUILD / "translation-status.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"overall": round(overall_progress(statuses), 3),
            "counts": {state: sum(s.state == state for s in statuses) for state in STATES},
            "pages": [asdict(s) for s in statuses]}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(out)
