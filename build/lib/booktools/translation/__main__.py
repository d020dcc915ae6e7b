"""Translator commands.

    python -m booktools.translation mark book/ko/notes/optimization.md [...]
        Record that these Korean pages are up to date with their English source now
        (writes `translation: {source, fingerprint, commit}` into their front matter).
    python -m booktools.translation mark --all
        The same for every Korean page that exists.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

from .. import paths
from .pages import FRONT_MATTER, fingerprint, relative_source, source_path, toc_pages


def last_commit(path: Path) -> str | None:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%h", "--", str(path)], cwd=paths.ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


def mark(ko_path: Path) -> str:
    ko_path = ko_path.resolve()
    try:
        docname = ko_path.relative_to(paths.source_dir("ko")).with_suffix("").as_posix()
    except ValueError:
        raise SystemExit(f"{ko_path}: not a Korean page (expected a file under {paths.source_dir('ko')})")
    en_path = source_path("en", docname)
    if not en_path.exists():
        raise SystemExit(f"{ko_path}: no English source {en_path}; Korean pages translate English ones")
    text = ko_path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    meta = yaml.safe_load(match.group(1)) if match else {}
    body = text[match.end():] if match else text
    record = {"source": relative_source(en_path), "fingerprint": fingerprint(en_path)}
    commit = last_commit(en_path)
    if commit:
        record["commit"] = commit
    meta["translation"] = record
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    ko_path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return f"{relative_source(ko_path)}: up to date with {record['source']} ({record['fingerprint']})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m booktools.translation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    mark_cmd = sub.add_parser("mark", help="mark Korean pages as up to date with their English source")
    mark_cmd.add_argument("pages", nargs="*", type=Path)
    mark_cmd.add_argument("--all", action="store_true", help="every existing Korean page")
    args = parser.parse_args(argv)
    pages = args.pages
    if args.all:
        pages = [source_path("ko", d) for d in toc_pages("ko") if source_path("ko", d).exists()]
    if not pages:
        parser.error("name the Korean pages to mark, or use --all")
    for page in pages:
        print(mark(page))
    return 0


if __name__ == "__main__":
    sys.exit(main())
