"""Fixtures of the built-site tests: the site (built once per session), a local static
server (optionally under a sub-path, like GitHub Pages), and headless Chromium."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from booktools import paths
from booktools.browser import StaticServer

ARTIFACTS = paths.ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site. Set BOOK_TEST_REUSE_SITE=1 to test an existing `_build/site` as is."""
    if os.environ.get("BOOK_TEST_REUSE_SITE") and (paths.SITE / "index.html").exists():
        return paths.SITE
    from booktools.build import build

    assert build() == 0, "the book failed to build; the build output above names the file and line"
    return paths.SITE


def html_pages(site: Path, lang: str) -> list[str]:
    """Every page of one language, as paths relative to `site/<lang>`."""
    root = site / lang
    skip = ("_static/", "_sources/", "_images/", "_downloads/")
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if not p.relative_to(root).as_posix().startswith(skip))


@pytest.fixture(scope="session")
def server(site):
    srv = StaticServer(site)
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def subpath_server(site):
    srv = StaticServer(site, prefix="/course/")
    yield srv
    srv.close()


class PageVisit:
    """A page opened in Chromium, with what it logged and requested."""

    def __init__(self, browser, url: str, viewport=None):
        self.page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        self.page.goto(url, wait_until="networkidle")

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser):
    opened = []

    def _visit(url, viewport=None):
        v = PageVisit(browser, url, viewport)
        opened.append(v)
        return v

    yield _visit
    for v in opened:
        v.close()


def wait_for_math(page) -> None:
    """Equations are MathML in the HTML (rendered at build time): wait until they are laid out."""
    page.wait_for_function("[...document.querySelectorAll('math')].some(m => m.getBoundingClientRect().width > 0)",
                           timeout=20000)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
