"""Reading book pages: front matter, body, and the en/ko pairing of files."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import paths

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PAGE_SUFFIX = ".md"


@dataclass
class Page:
    path: Path
    meta: dict
    body: str
    body_line: int  # line number (1-based) of the body's first line in the file

    @classmethod
    def read(cls, path: Path) -> Page:
        text = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        if not match:
            return cls(path, {}, text, 1)
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}:1: front matter is not valid YAML: {exc}") from None
        return cls(path, meta, text[match.end():], text[:match.end()].count("\n") + 1)


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
