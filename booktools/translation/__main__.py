"""Translator commands.

    python -m booktools.translation diff book/ko/notes/optimization.md
        What changed in the English page since this Korean page was marked up to date, block by
        block, side by side with the Korean counterpart of each block.
    python -m booktools.translation mark book/ko/notes/optimization.md [...]
        Record that these Korean pages are up to date with their English source now (writes
        `translation: {source, fingerprint, commit}` into their front matter). For an outdated
        page this is refused while a changed block's Korean counterpart is untouched; the
        untouched blocks are listed. `--force` marks anyway.
    python -m booktools.translation mark --all
        The same for every Korean page that exists.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import paths
from ..book_files import fingerprint, relative_source, source_path, toc_pages
from ..markdown import join_front_matter, split_front_matter
from . import history
from .changes import page_changes
from .report import side_by_side, use_color


class Refused(Exception):
    pass


def docname_of(ko_path: Path) -> str:
    ko_path = ko_path.resolve()
    try:
        docname = ko_path.relative_to(paths.source_dir("ko").resolve()).with_suffix("").as_posix()
    except ValueError:
        raise SystemExit(f"{ko_path}: not a Korean page (expected a file under {paths.source_dir('ko')})") from None
    if not source_path("en", docname).exists():
        raise SystemExit(f"{ko_path}: no English source {source_path('en', docname)}; Korean pages translate "
                         f"English ones")
    if not ko_path.exists():
        raise SystemExit(f"{ko_path}: no such file; copy {source_path('en', docname)} there and translate it")
    return docname


def check_touched(docname: str) -> None:
    """Raise Refused, listing the blocks, unless every changed block's Korean counterpart was edited."""
    changes = page_changes(docname)
    ko = relative_source(changes.korean)
    if changes.problem:
        raise Refused(f"{changes.problem}\n  (or, once you have compared the pages by hand, mark it with --force)")
    untouched = changes.untouched
    if untouched:
        lines = [(f"book/{ko}: not marked: {len(untouched)} of {len(changes.changes)} changed English blocks "
                 f"have no edited Korean counterpart yet:")]
        for change in untouched:
            lines.append(f"  {change.describe()} -> {change.korean_place()}")
        lines.extend(f"  note: {note}" for note in changes.notes)
        lines.append(f"  see them with `python -m booktools.translation diff book/{ko}`; translate them, or "
                     f"use --force if the Korean text needs no change")
        raise Refused("\n".join(lines))


def mark(ko_path: Path, force: bool = False) -> str:
    docname = docname_of(ko_path)
    ko_path, en_path = source_path("ko", docname), source_path("en", docname)
    meta, body, _ = split_front_matter(ko_path.read_text(encoding="utf-8"), str(ko_path))
    old = meta.get("translation") or {}
    current = fingerprint(en_path)
    if not force and old.get("fingerprint") and old.get("fingerprint") != current and not old.get("stub"):
        check_touched(docname)
    record = {"source": relative_source(en_path), "fingerprint": current}
    commit = history.head_commit(en_path)
    if commit:
        record["commit"] = commit
    meta["translation"] = record
    ko_path.write_text(join_front_matter(meta, body), encoding="utf-8")
    message = f"{relative_source(ko_path)}: up to date with {record['source']} ({current}"
    message += f", commit {commit})" if commit else ")"
    if commit and history.has_uncommitted_changes(en_path):
        message += (f"\n  note: {relative_source(en_path)} has uncommitted changes; commit them, so that later "
                    f"change lists start from the text you translated")
    return message


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m booktools.translation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    mark_cmd = sub.add_parser("mark", help="mark Korean pages as up to date with their English source")
    mark_cmd.add_argument("pages", nargs="*", type=Path)
    mark_cmd.add_argument("--all", action="store_true", help="every existing Korean page")
    mark_cmd.add_argument("--force", action="store_true",
                          help="mark even if changed blocks' Korean counterparts were not edited")
    diff_cmd = sub.add_parser("diff", help="what changed in the English page, block by block, beside the Korean")
    diff_cmd.add_argument("page", type=Path, help="a Korean page, e.g. book/ko/notes/optimization.md")
    diff_cmd.add_argument("--width", type=int, help="table width in terminal columns (default: the terminal's)")
    args = parser.parse_args(argv)
    if args.command == "diff":
        print(side_by_side(page_changes(docname_of(args.page)), args.width, color=use_color()))
        return 0
    pages = args.pages
    if args.all:
        pages = [source_path("ko", d) for d in toc_pages("ko") if source_path("ko", d).exists()]
    if not pages:
        parser.error("name the Korean pages to mark, or use --all")
    refused = 0
    for page in pages:
        try:
            print(mark(page, force=args.force))
        except Refused as exc:
            print(exc, file=sys.stderr)
            refused += 1
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
