"""`make status`: the translation status of every page, as a table and as JSON under _build/."""
from __future__ import annotations

import sys

from .translation.status import STATES, book_status, overall_progress, write_json


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
    print(f"written to {write_json(statuses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
