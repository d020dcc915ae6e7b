"""Change lists as text: a short list for `make status`, a side-by-side table for `diff`.

In the table, the English column shows the change word by word the way `git diff --word-diff`
does: `[-removed words-]{+added words+}`, coloured red and green on a terminal (not with
NO_COLOR set). Widths count Hangul as two terminal columns.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata

from .. import paths
from ..markdown import CODE, CODE_CELL, EQUATION
from .changes import ADDED, REMOVED, PageChanges, word_diff

MIN_WIDTH = 60
RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"
MARKER = re.compile(r"\[-|-\]|\{\+|\+\}")


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and not os.environ.get("NO_COLOR")


def colorize(lines: list[str]) -> list[str]:
    """Colour the word-diff markers of wrapped lines; an edit that runs over a line break is
    closed at the end of the line and reopened on the next, so colour never leaks into the table."""
    out, open_color = [], ""
    for line in lines:
        pieces, pos = [open_color] if open_color else [], 0
        for match in MARKER.finditer(line):
            pieces.append(line[pos:match.start()])
            mark = match.group()
            if mark in ("[-", "{+"):
                open_color = RED if mark == "[-" else GREEN
                pieces.append(open_color + mark)
            else:
                pieces.append(mark + RESET)
                open_color = ""
            pos = match.end()
        pieces.append(line[pos:])
        if open_color:
            pieces.append(RESET)
        out.append("".join(pieces))
    return out


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` terminal columns, broken at spaces where possible."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if width(candidate) <= columns:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for ch in word:            # a word longer than the column: break it
                if width(line + ch) > columns:
                    lines.append(line)
                    line = ""
                line += ch
        lines.append(line)
    return lines


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def flat(block) -> str:
    """A block's text for a table cell: prose on one line (wrapped later), code as it is."""
    return block.text if block.kind in (CODE, CODE_CELL, EQUATION) else " ".join(block.text.split())


def marked(change) -> str:
    """The English side of a change with the edit marked: [-old-]{+new+}."""
    if change.op == ADDED:
        return "{+" + flat(change.new) + "+}"
    if change.op == REMOVED:
        return "[-" + flat(change.old) + "-]"
    out = []
    for op, text in word_diff(flat(change.old), flat(change.new)):
        out.append(text if op == " " else ("[-" + text + "-]" if op == "-" else "{+" + text + "+}"))
    return "".join(out)


def korean_text(change) -> str:
    if change.korean:
        return "\n".join(flat(block) for block in change.korean)
    return change.korean_place()


def status_lines(page: PageChanges) -> list[str]:
    """The change list of one outdated page for `make status`."""
    if page.problem:
        return [f"  {page.problem}"]
    lines = [f"  since English commit {page.commit}: {page.summary()}"]
    for change in page.changes:
        flag = "" if change.touched else "  (Korean not updated yet)"
        lines.append(f"    {change.describe():<40} -> {change.korean_place()}{flag}")
    lines.extend(f"    note: {note}" for note in page.notes)
    return lines


def side_by_side(page: PageChanges, columns: int | None = None, color: bool = False) -> str:
    total = max(MIN_WIDTH, columns or shutil.get_terminal_size((120, 40)).columns)
    half = (total - 7) // 2
    rule = "+" + "-" * (half + 2) + "+" + "-" * (half + 2) + "+"
    out = [f"{page.korean.relative_to(paths.ROOT)} translates {page.english.relative_to(paths.ROOT)}"]
    if page.problem:
        out.append(page.problem)
        return "\n".join(out)
    if not page.changes:
        out.append("up to date: nothing changed in the English page since it was marked")
        return "\n".join(out)
    out.append(f"changes since English commit {page.commit}: {page.summary()}")
    out.append(rule)
    out.append(f"| {pad('English (old -> now: [-removed-]{+added+})', half)} | {pad('Korean (now)', half)} |")
    for change in page.changes:
        out.append(rule)
        head = f"{change.describe()} -> {change.korean_place()}"
        if not change.touched:
            head += " · Korean not updated yet"
        for line in wrap(head, 2 * half + 3):
            out.append(f"| {pad(line, 2 * half + 3)} |")
        out.append("| " + " " * half + " | " + " " * half + " |")
        left, right = wrap(marked(change), half), wrap(korean_text(change), half)
        left += [""] * (len(right) - len(left))
        right += [""] * (len(left) - len(right))
        padded = [pad(a, half) for a in left]
        for a, b in zip(colorize(padded) if color else padded, right, strict=True):
            out.append(f"| {a} | {pad(b, half)} |")
    out.append(rule)
    out.extend(f"note: {note}" for note in page.notes)
    return "\n".join(out)
