"""Byte budget of a built page, read from the HTML (no browser, no timing).

* **Before first paint**: the HTML plus what blocks rendering: stylesheets (with their
  `@import`s) and synchronous scripts in `<head>`.
* **Total**: that plus every deferred or async script, those a page loads on demand (listed in
  its `<template id="book-on-demand-scripts">`), and every image.
  Figures (`<img>`) can be left out, since the budget is about the page's machinery.

Sizes are gzip-compressed, as GitHub Pages serves them. Fonts referenced by CSS are not
counted: a browser fetches them only for text that uses them.
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s;]+)""")


def _attr(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


@lru_cache(maxsize=4096)
def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


@dataclass
class Budget:
    page: Path
    blocking: dict[Path, int] = field(default_factory=dict)
    deferred: dict[Path, int] = field(default_factory=dict)
    figures: dict[Path, int] = field(default_factory=dict)

    @property
    def first_paint(self) -> int:
        return sum(self.blocking.values())

    @property
    def total_without_figures(self) -> int:
        return self.first_paint + sum(self.deferred.values())

    def largest(self, n: int = 5, figures: bool = False) -> str:
        files = {**self.blocking, **self.deferred, **(self.figures if figures else {})}
        top = sorted(files.items(), key=lambda kv: -kv[1])[:n]
        return ", ".join(f"{p.name} {size / 1024:.0f} KiB" for p, size in top)


def _local(page: Path, url: str | None) -> Path | None:
    if not url or url.startswith(("data:", "http:", "https:", "//")):
        return None
    target = (page.parent / unquote(url.split("?", 1)[0].split("#", 1)[0])).resolve()
    return target if target.is_file() else None


def _css_with_imports(css: Path, seen: set[Path]) -> list[Path]:
    if css in seen:
        return []
    seen.add(css)
    found = [css]
    for url in IMPORT.findall(css.read_text(encoding="utf-8", errors="replace")):
        target = _local(css, url)
        if target:
            found += _css_with_imports(target, seen)
    return found


def measure(page: Path) -> Budget:
    text = page.read_text(encoding="utf-8")
    head = text.split("</head>", 1)[0]
    budget = Budget(page)
    budget.blocking[page] = gz(page)
    seen: set[Path] = set()
    for tag in LINK.findall(text):
        if "stylesheet" in (_attr(tag, "rel") or "") and (target := _local(page, _attr(tag, "href"))):
            for css in _css_with_imports(target, seen):
                budget.blocking[css] = gz(css)
    for match in SCRIPT.finditer(text):
        attrs = match.group(1)
        target = _local(page, _attr(attrs, "src"))
        if target is None:
            continue
        deferred = re.search(r"\s(defer|async)\b", attrs) or match.start() > len(head) or 'type="module"' in attrs
        (budget.deferred if deferred else budget.blocking)[target] = gz(target)
    for tag in IMG.findall(text):
        if target := _local(page, _attr(tag, "src")):
            budget.figures[target] = gz(target)
    return budget
