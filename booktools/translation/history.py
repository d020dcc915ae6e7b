"""The git history the change lists need: the English page as it was when its translation was
marked up to date, and the Korean page as it was then.

Where the history is missing (a shallow clone, a commit not fetched, no git at all) the
functions raise `HistoryMissing` with the exact command to run.
"""
from __future__ import annotations

import hashlib
import subprocess
from functools import lru_cache
from pathlib import Path

from .. import paths
from ..markdown import FrontMatterError, split_front_matter

HISTORY_LIMIT = 200    # versions of one file searched for the text a fingerprint names


class HistoryMissing(Exception):
    """The history needed for a change list is not in this clone; the message says what to run."""


def git(*args: str) -> str | None:
    """Output of a git command in the repository, or None when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def text_fingerprint(text: str) -> str:
    """Same as booktools.book_files.fingerprint, for text read from git."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:16]


def repo_path(path: Path) -> str:
    return path.resolve().relative_to(paths.ROOT.resolve()).as_posix()


@lru_cache(maxsize=256)
def show(commit: str, rel: str) -> str | None:
    return git("show", f"{commit}:{rel}")


def head_commit(path: Path) -> str | None:
    """The last commit that changed `path` (abbreviated), or None outside git or for a new file."""
    out = git("log", "-1", "--format=%h", "--", repo_path(path))
    return out.strip() or None if out is not None else None


def has_uncommitted_changes(path: Path) -> bool:
    return git("diff", "--quiet", "HEAD", "--", repo_path(path)) is None


def _versions(rel: str) -> list[str]:
    out = git("log", f"-{HISTORY_LIMIT}", "--format=%H", "--", rel)
    return out.split() if out else []


def english_base(commit: str | None, fingerprint: str | None, english: Path, korean: Path) -> tuple[str, str]:
    """(commit, text) of the English page the Korean page was translated from.

    The recorded commit is the English page's last commit when the translation was marked; if
    the page had uncommitted edits then, the version whose text has the recorded fingerprint is
    looked up in the page's history instead.
    """
    ko = repo_path(korean)
    if git("rev-parse", "--is-inside-work-tree") is None:
        raise HistoryMissing(f"{ko}: not inside a git checkout, so the English text it was translated "
                             f"from cannot be read; work in a clone of the repository")
    if not commit:
        raise HistoryMissing(f"{ko}: its front matter records no English commit; after checking the page by "
                             f"hand, run `python -m booktools.translation mark --force {ko}` to record one")
    if git("cat-file", "-e", f"{commit}^{{commit}}") is None:
        shallow = (git("rev-parse", "--is-shallow-repository") or "").strip() == "true"
        fix = ("`git fetch --unshallow` (this clone is shallow)" if shallow else
               "`git fetch origin` (the commit may be on a branch this clone has not fetched)")
        raise HistoryMissing(f"{ko}: the English commit {commit} recorded in its front matter is not in this "
                             f"clone; run {fix}, then try again")
    rel = repo_path(english)
    text = show(commit, rel)
    if text is not None and (fingerprint is None or text_fingerprint(text) == fingerprint):
        return commit, text
    for version in _versions(rel):
        old = show(version, rel)
        if old is not None and text_fingerprint(old) == fingerprint:
            return version[:len(commit)], old
    if text is None:
        raise HistoryMissing(f"{ko}: {rel} does not exist at the recorded commit {commit} (renamed?); check the "
                             f"page by hand, then run `python -m booktools.translation mark --force {ko}`")
    return commit, text


def korean_at_mark(korean: Path, fingerprint: str | None) -> str | None:
    """The Korean page as committed when it was marked with `fingerprint`: the oldest of the
    latest consecutive versions that record it. None when no commit records it."""
    rel = repo_path(korean)
    found = None
    for version in _versions(rel):
        text = show(version, rel)
        try:
            meta = split_front_matter(text or "")[0]
        except FrontMatterError:
            break
        if ((meta.get("translation") or {}).get("fingerprint")) != fingerprint:
            if found is not None:
                break
            continue
        found = text
    return found
