"""Translation status of every English page: translated, outdated, stub or missing.

A Korean page records what it translates in its front matter:

    translation:
      source: en/notes/optimization.md      # the English page
      fingerprint: 3f2a9c...                 # booktools.book_files.fingerprint of it
      commit: 1a2b3c4                        # git commit of the English page when marked (for diffs)

`python -m booktools.translation mark book/ko/<page>.md` writes these fields.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .. import markdown, paths
from ..book_files import Page, fingerprint, relative_source, source_path, toc_pages
from ..hangul import HANGUL

TRANSLATED, OUTDATED, STUB, MISSING = "translated", "outdated", "stub", "missing"
STATES = (TRANSLATED, OUTDATED, STUB, MISSING)


@dataclass
class PageStatus:
    docname: str
    state: str
    progress: float          # share of the English page's prose blocks with a Korean counterpart, 0..1
    english: str
    korean: str | None
    fingerprint: str          # current fingerprint of the English page
    recorded: str | None      # fingerprint recorded in the Korean page
    commit: str | None        # commit recorded in the Korean page


def korean_share(english_body: str, korean_body: str) -> float:
    """Korean prose blocks that contain Hangul, as a share of the English page's prose blocks."""
    en = sum(1 for b in markdown.read(english_body).blocks if b.kind in markdown.PROSE)
    ko = sum(1 for b in markdown.read(korean_body).blocks if b.kind in markdown.PROSE and HANGUL.search(b.text))
    return 1.0 if en == 0 else min(1.0, ko / en)


def unchanged_share(docname: str, english_body: str) -> float:
    """Share of the English page's blocks that did not change since the translation was marked
    (1.0 when the change list cannot be computed, e.g. in a shallow clone)."""
    from .changes import page_changes  # changes reads pages through this module's neighbours

    changes = page_changes(docname)
    total = len(markdown.read(english_body).blocks)
    if changes.problem or not total:
        return 1.0
    return max(0.0, 1.0 - sum(c.new is not None for c in changes.changes) / total)


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
        share = min(share, unchanged_share(docname, english.body))
    else:
        state, share = TRANSLATED, 1.0
    return PageStatus(docname, state, round(share, 3), relative_source(en_path), relative_source(ko_path),
                      current, record.get("fingerprint"), record.get("commit"))


def change_json(change) -> dict:
    def block(b):
        return None if b is None else {"kind": b.kind, "line": b.line, "end": b.end, "text": b.text}
    return {"op": change.op, "kind": change.kind, "old": block(change.old), "new": block(change.new),
            "korean": [block(b) for b in change.korean], "group": change.group,
            "comments_only": change.comments_only, "touched": change.touched}


def book_status() -> list[PageStatus]:
    return [page_status(doc) for doc in toc_pages("en") if source_path("en", doc).exists()]


def overall_progress(statuses: list[PageStatus]) -> float:
    return sum(s.progress for s in statuses) / len(statuses) if statuses else 1.0


def write_json(statuses: list[PageStatus], changes: dict | None = None) -> str:
    """The status as JSON; `changes` (docname -> PageChanges) adds each outdated page's change list."""
    out = paths.BUILD / "translation-status.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"overall": round(overall_progress(statuses), 3),
            "counts": {state: sum(s.state == state for s in statuses) for state in STATES},
            "pages": [asdict(s) for s in statuses]}
    for page in data["pages"]:
        found = (changes or {}).get(page["docname"])
        if found is not None:
            page["changes"] = {"commit": found.commit, "problem": found.problem, "notes": found.notes,
                               "blocks": [change_json(c) for c in found.changes]}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(out)
