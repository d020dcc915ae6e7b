"""Every theme template the book overrides records the upstream file it was copied from, by hash.

When a theme upgrade changes that upstream file, this test fails and names it: compare the
upstream change with our copy (`diff <upstream> booktools/templates/<name>`), carry it over, then
update the hash here. Templates that are the book's own (not copies) are listed as such.
"""
import hashlib
from pathlib import Path

import pydata_sphinx_theme
import pytest
import sphinx_book_theme

TEMPLATES = Path(__file__).resolve().parents[2] / "booktools" / "templates"
PST = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "components"
SBT = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "components"
PST_PAGES = PST.parent

# our copy -> (upstream file, first 16 hex digits of its SHA-256 when we copied it)
COPIED = {
    # blocks of these pages are copied (extrahead without the search scripts; the search page's scripts)
    "layout.html": (PST_PAGES / "layout.html", "fe5c35806042db60"),
    # ... and sphinx-book-theme's docs_body block of layout.html, with its "Page" label translated
    "layout.html (docs_body)": (SBT.parent / "layout.html", "2cd2fbbe2caedf3a"),
    "search.html": (PST_PAGES / "search.html", "098d19aa34f7874c"),
    "author.html": (SBT / "author.html", "4444e7edb7d9c482"),
    "search-button-field.html": (PST / "search-button-field.html", "518dda81dd8cd06a"),
    "theme-switcher.html": (PST / "theme-switcher.html", "a68d37b2ca353382"),
    "toggle-primary-sidebar.html": (SBT / "toggle-primary-sidebar.html", "316c98ec6677c656"),
    "toggle-secondary-sidebar.html": (SBT / "toggle-secondary-sidebar.html", "0cf39e5b61b02a71"),
    "sbt-sidebar-nav.html": (SBT / "sbt-sidebar-nav.html", "38342bd744042ee1"),
}
# The book's own components (nothing upstream to track).
OWN = {"language-switcher.html", "book-edit-link.html", "book-sidebar-language.html", "notebook-downloads.html",
       "book-scripts.html"}


def copy_name(name: str) -> str:
    """The template file of a COPIED entry ("layout.html (docs_body)" is a second source of layout.html)."""
    return name.split(" (")[0]


def test_every_template_is_either_ours_or_a_recorded_copy():
    present = {p.name for p in TEMPLATES.glob("*.html")}
    copies = {copy_name(name) for name in COPIED}
    unknown = present - OWN - copies
    assert not unknown, (f"{sorted(unknown)}: record where each was copied from (COPIED) or list it as the "
                         "book's own (OWN) in tests/tooling/test_template_provenance.py")
    assert copies | OWN >= present


@pytest.mark.parametrize("name", sorted(COPIED))
def test_upstream_file_is_unchanged_since_the_copy(name):
    upstream, recorded = COPIED[name]
    name = copy_name(name)
    assert (TEMPLATES / name).exists(), f"booktools/templates/{name} is gone: drop it from COPIED"
    assert upstream.exists(), f"{upstream} no longer exists upstream; re-check booktools/templates/{name}"
    digest = hashlib.sha256(upstream.read_bytes()).hexdigest()[:16]
    assert digest == recorded, (f"{upstream} changed upstream ({recorded} -> {digest}): compare it with "
                                f"booktools/templates/{name}, carry the change over, then record the new hash")
