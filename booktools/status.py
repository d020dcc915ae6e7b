"""`make status`: the translation status of every page, as a table and as JSON under _build/.

For every outdated page it also lists the English blocks changed, added or removed since the
translation was marked, each with its Korean counterpart (booktools.translation.changes).
"""
from __future__ import annotations

import sys

from . import paths
from .translation.changes import page_changes
from .translation.report import status_lines
from .translation.status import OUTDATED, STATES, book_status, overall_progress, write_json


def format_table(statuses) -> str:
    width = max(len(s.docname) for s in statuses)
    lines = [f"{'page':<{width}}  {'state':<10}  progress", "-" * (width + 24)]
    for s in statuses:
        bar = "#" * round(s.progress * 10)
        lines.append(f"{s.docname:<{width}}  {s.state:<10}  {bar:<10} {s.progress:>4.0%}")
    counts = ", ".join(f"{sum(s.state == st for s in statuses)} {st}" for st in STATES)
    lines.append(f"overall {overall_progress(statuses):.0%} translated ({counts})")
    return "\n".join(lines)


def main() -> int:
    statuses = book_status()
    print(format_table(statuses))
    changes = {s.docname: page_changes(s.docname) for s in statuses if s.state == OUTDATED}
    for docname, page in changes.items():
        print(f"\n{docname}: outdated; `python -m booktools.translation diff {page.korean.relative_to(paths.ROOT)}` shows it side by side")
        print("\n".join(status_lines(page)))
    print(f"written to {write_json(statuses, changes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
