"""The book on disk: its page files (front matter, body), the reading order of `_toc.yml`, the
en/ko pairing of files and the fingerprint of a source page. Used by the checks, the translation
tooling, the Sphinx extensions and the tests."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import paths
from .markdown import split_front_matter

PAGE_SUFFIX = ".md"


@dataclass
class Page:
    path: Path
    meta: dict
    body: str
    body_line: int  # line number (1-based) of the body's first line in the file

    @classmethod
    def read(cls, path: Path) -> Page:
        meta, body, body_line = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        return cls(path, meta, body, body_line)


def toc_pages(lang: str) -> list[str]:
    """Docnames listed in `book/<lang>/_toc.yml`, in reading order (root first)."""
    toc = yaml.safe_load((paths.source_dir(lang) / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return names


def source_path(lang: str, docname: str) -> Path:
    return paths.source_dir(lang) / f"{docname}{PAGE_SUFFIX}"


def relative_source(path: Path) -> str:
    return path.resolve().relative_to(paths.BOOK).as_posix()


def fingerprint(path: Path) -> str:
    """Fingerprint of an English source page: SHA-256 of its text, line endings normalised."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
