"""Shared fixtures and markers.

Markers (see pyproject.toml):
* `build`: the test builds a book with Sphinx (the real site or the mini-book) or drives a browser.
  `pytest -m "not build"` runs the unit, lab and tooling tests alone, in a couple of minutes.
Tests under tests/site/ and tests that use a building fixture get the marker automatically; any
other test that builds the mini-book must carry `@pytest.mark.build`, or its build fails saying so
(tests/minibook: `MiniBook.build` refuses while a test without the marker runs).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.minibook import NO_BUILD_VAR, MiniBook, make_minibook

SITE_TESTS = Path(__file__).parent / "site"
# Fixtures that build a book or start a browser: a test using one of them is a `build` test.
BUILDING_FIXTURES = {"site", "server", "subpath_server", "browser", "visit", "built", "minibook", "built_minibook",
                     "built_with_changes"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        in_site = SITE_TESTS in Path(str(item.path)).parents
        if in_site or BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the test's fixtures (module-scoped ones included) are set up: say whether it may build."""
    if item.get_closest_marker("build") is None:
        os.environ[NO_BUILD_VAR] = item.nodeid
    else:
        os.environ.pop(NO_BUILD_VAR, None)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Playwright's sync API allows one at a time)."""
    from playwright.sync_api import sync_playwright

    from booktools.browser import launch_chromium

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture
def minibook(tmp_path) -> MiniBook:
    """A fresh two-language mini-book (tests/minibook) in a temporary git repository, not built yet."""
    return make_minibook(tmp_path)


@pytest.fixture(scope="module")
def built_minibook(tmp_path_factory) -> tuple[MiniBook, object]:
    """The mini-book with every Korean page marked up to date, built once per test module."""
    book = make_minibook(tmp_path_factory.mktemp("minibook"))
    book.mark_all()
    result = book.build()
    assert result.returncode == 0, result.stdout + result.stderr
    return book, result
