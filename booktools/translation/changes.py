"""What changed in an English page since its Korean translation was marked up to date, block by block.

The English page at the recorded commit (the text the Korean page translates) is compared with
the English page now: blocks are added, removed or changed. Each change gets its Korean
counterpart, found by aligning the Korean page as it was at marking time with that old English
(booktools.translation.align) and following it to the Korean page now. A change is *touched*
when its Korean counterpart was edited since marking (for a new block: a Korean block was added
or edited where it belongs); `mark` requires every change to be touched.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import markdown
from ..book_files import Page, fingerprint, source_path
from ..markdown import CODE, CODE_CELL, Block
from . import history
from .align import align

ADDED, REMOVED, CHANGED = "new", "removed", "changed"
SIMILAR = 0.5    # blocks of one kind at least this similar count as one block edited, not one removed + one added


@dataclass
class Change:
    op: str                      # new, removed, changed
    kind: str
    old: Block | None            # English at the recorded commit
    new: Block | None            # English now
    korean: list[Block]          # current Korean counterpart(s); empty when there is none
    group: bool = False          # the counterpart is a group (the translation merged or split blocks there)
    comments_only: bool = False  # a code block whose code is unchanged: only `#` comments differ
    touched: bool = False        # the Korean counterpart was edited since marking
    insert_after: Block | None = None   # for a new block: the Korean block it belongs after

    @property
    def block(self) -> Block:
        return self.new or self.old

    def describe(self) -> str:
        what = f"{self.kind} (comments only)" if self.comments_only else self.kind
        where = f"en:{self.new.lines}" if self.new else f"en@old:{self.old.lines}"
        return f"{self.op} {what} at {where}"

    def korean_place(self) -> str:
        if self.korean:
            span = f"{self.korean[0].line}-{self.korean[-1].end}" if len(self.korean) > 1 else self.korean[0].lines
            return f"ko:{span}" + (" (group: merged/split paragraphs)" if self.group else "")
        if self.op == ADDED:
            after = f", after ko:{self.insert_after.end}" if self.insert_after else ", at the start"
            return f"new: no counterpart yet{after}"
        return "no Korean counterpart found"


@dataclass
class PageChanges:
    docname: str
    english: Path
    korean: Path
    commit: str | None = None        # the English commit the translation was marked against
    problem: str | None = None       # why there is no change list (missing history), with the fix
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)    # ambiguous alignment, per section

    @property
    def untouched(self) -> list[Change]:
        return [c for c in self.changes if not c.touched]

    def summary(self) -> str:
        counts = [f"{sum(c.op == op for c in self.changes)} {op}" for op in (CHANGED, ADDED, REMOVED)]
        return ", ".join(counts)


def _norm(block: Block) -> tuple:
    return block.kind, " ".join(block.text.split())


def diff_blocks(old: list[Block], new: list[Block]) -> list[tuple[str, int | None, int | None]]:
    """(op, old index, new index) for every block: equal, changed, new or removed."""
    matcher = difflib.SequenceMatcher(a=[_norm(b) for b in old], b=[_norm(b) for b in new], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(("equal", i, j) for i, j in zip(range(i1, i2), range(j1, j2)))
        else:
            out.extend(_pair_region(old, new, list(range(i1, i2)), list(range(j1, j2))))
    return out


def _similar(a: Block, b: Block) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind in (CODE, CODE_CELL) and a.key == b.key:
        return True
    return difflib.SequenceMatcher(a=a.text, b=b.text, autojunk=False).ratio() >= SIMILAR


def _pair_region(old, new, olds: list[int], news: list[int]):
    if [old[i].kind for i in olds] == [new[j].kind for j in news]:
        return [(CHANGED, i, j) for i, j in zip(olds, news)]
    out, start = [], 0
    for i in olds:
        j = next((k for k in range(start, len(news)) if _similar(old[i], new[news[k]])), None)
        if j is None:
            out.append((REMOVED, i, None))
            continue
        out.extend((ADDED, None, news[k]) for k in range(start, j))
        out.append((CHANGED, i, news[j]))
        start = j + 1
    out.extend((ADDED, None, news[k]) for k in range(start, len(news)))
    return out


def page_changes(docname: str) -> PageChanges:
    """The change list of one Korean page (empty when it is up to date)."""
    en_path, ko_path = source_path("en", docname), source_path("ko", docname)
    korean = Page.read(ko_path)
    record = korean.meta.get("translation") or {}
    result = PageChanges(docname, en_path, ko_path, record.get("commit"))
    current = fingerprint(en_path)
    if record.get("fingerprint") == current:
        return result
    try:
        result.commit, old_text = history.english_base(record.get("commit"), record.get("fingerprint"),
                                                       en_path, ko_path)
    except history.HistoryMissing as missing:
        result.problem = str(missing)
        return result
    ko_now_text = ko_path.read_text(encoding="utf-8")
    ko_base_text = history.korean_at_mark(ko_path, record.get("fingerprint"))
    if ko_base_text is None:
        ko_base_text = ko_now_text
        result.notes.append(f"no commit holds {ko_path.name} as it was marked (fingerprint "
                            f"{record.get('fingerprint')}), so Korean edits since then cannot be told apart; "
                            f"commit the Korean page together with its `translation:` record")
    result.changes, notes = _changes(old_text, en_path.read_text(encoding="utf-8"), ko_base_text, ko_now_text)
    result.notes.extend(notes)
    return result


@lru_cache(maxsize=64)
def _changes(old_en_text: str, new_en_text: str, ko_base_text: str, ko_now_text: str):
    old_en, new_en = markdown.read(old_en_text).blocks, markdown.read(new_en_text).blocks
    ko_base, ko_now = markdown.read(ko_base_text).blocks, markdown.read(ko_now_text).blocks
    pairing = align(old_en, ko_base)
    # where each Korean block of marking time is now, and which were edited since
    ko_moves = diff_blocks(ko_base, ko_now)
    base_to_now = {i: j for op, i, j in ko_moves if i is not None and j is not None}
    edited_base = {i for op, i, j in ko_moves if i is not None and op != "equal"}
    edited_now = {j for op, i, j in ko_moves if j is not None and op != "equal"}

    def now_of(base_indices):
        return [ko_now[base_to_now[i]] for i in base_indices if i in base_to_now]

    changes: list[Change] = []
    last_equal_ko: list[int] = []     # Korean base counterpart of the last unchanged English block
    pending_new: list[Change] = []

    def settle_new(next_ko: list[int]) -> None:
        """New English blocks lie between two unchanged ones: any Korean edit there touches them."""
        low = max((base_to_now.get(i, -1) for i in last_equal_ko), default=-1)
        high = min((base_to_now.get(i, len(ko_now)) for i in next_ko), default=len(ko_now))
        touched = any(low < j < high for j in edited_now)
        for change in pending_new:
            change.touched = touched
            change.insert_after = ko_now[low] if 0 <= low < len(ko_now) else None
        pending_new.clear()

    for op, i, j in diff_blocks(old_en, new_en):
        if op == "equal":
            settle_new(pairing.pairs.get(i, []))
            last_equal_ko = pairing.pairs.get(i, [])
            continue
        if op == ADDED:
            change = Change(ADDED, new_en[j].kind, None, new_en[j], [])
            pending_new.append(change)
            changes.append(change)
            continue
        base = pairing.pairs.get(i, [])
        old, new = old_en[i], (new_en[j] if j is not None else None)
        change = Change(op, old.kind, old, new, now_of(base), group=i in pairing.ambiguous,
                        touched=bool(base) and any(b in edited_base for b in base))
        if new is not None and old.kind in (CODE, CODE_CELL) and old.key == new.key:
            change.comments_only = True
        changes.append(change)
    settle_new([])
    return changes, [note for note in pairing.notes]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) pieces turning `old` into `new` word by word; op is ' ', '-' or '+'."""
    split = re.compile(r"\s+|[\w\u00c0-\uffff]+|[^\w\s]")
    a, b = split.findall(old), split.findall(new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append((" ", "".join(a[i1:i2])))
            continue
        removed, added = a[i1:i2], b[j1:j2]
        # spaces at either end of an insertion or deletion stay outside the markers, like git's word diff
        lead = removed[0] if removed and removed[0].isspace() else added[0] if added and added[0].isspace() else ""
        if lead and (not removed or removed[0] == lead) and (not added or added[0] == lead):
            pieces.append((" ", lead))
            removed, added = removed[1:] if removed else removed, added[1:] if added else added
        trail = removed[-1] if removed and removed[-1].isspace() else added[-1] if added and added[-1].isspace() else ""
        if trail and (not removed or removed[-1] == trail) and (not added or added[-1] == trail):
            removed, added = removed[:-1] if removed else removed, added[:-1] if added else added
        else:
            trail = ""
        if removed:
            pieces.append(("-", "".join(removed)))
        if added:
            pieces.append(("+", "".join(added)))
        if trail:
            pieces.append((" ", trail))
    return pieces
