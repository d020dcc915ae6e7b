"""What a reader on a phone, on a keyboard or new to the project meets on every page.

* `book-reader.js` makes the ☰ and page-contents buttons work: on narrow screens they open
  the theme's own sidebar dialogs (`#pst-primary-sidebar-modal`, `#pst-secondary-sidebar-modal`),
  on wide screens they fold and unfold the sidebars, remembered across pages (localStorage).
  (pydata-sphinx-theme 0.17 binds its handler to the first, hidden, toggle in the document;
  pydata-sphinx-theme issue #2451.) It also opens a tapped figure full size.
* `book-reader.css`: focus rings, Korean line breaking in every text container, figure sizes.
* Tab order: right after the skip link come search and the language switch. Wide screens:
  the header's search field, then the primary sidebar, which starts with the language switch.
  Narrow screens: the article header puts a search button before the language switch.
* An "edit this page" link to the page's source file on GitHub (`book_repository`).
"""
from __future__ import annotations

import os

from sphinx.application import Sphinx

from booktools import paths

# The header's search field comes first on wide screens; the sidebar then starts with the language switch.
SIDEBAR = ["book-sidebar-language.html", "navbar-logo.html", "icon-links.html", "search-button-field.html",
           "sbt-sidebar-nav.html"]
FOOTER = ["author.html", "copyright.html", "last-updated.html", "book-edit-link.html", "extra-footer.html"]


def configure(app: Sphinx, config) -> None:
    config.html_sidebars = {"**": SIDEBAR}
    # On narrow screens the article header is the first row: search before the language switch.
    end = config.html_theme_options.get("article_header_end", [])
    if "language-switcher.html" in end and "search-button.html" not in end:
        end.insert(end.index("language-switcher.html"), "search-button.html")
    config.html_theme_options.setdefault("footer_content_items", FOOTER)
    config.html_css_files = list(config.html_css_files) + ["book-reader.css"]
    config.html_js_files = list(config.html_js_files) + ["book-reader.js"]


def source_file(app: Sphinx, pagename: str) -> str | None:
    """The page's source file relative to the repository root, or None for generated pages."""
    if pagename not in app.env.found_docs:
        return None
    path = os.path.normpath(paths.source_dir(app.config.language) / app.env.doc2path(pagename, base=False))
    return os.path.relpath(path, paths.ROOT).replace(os.sep, "/")


def edit_url(repository: dict, source: str) -> str | None:
    url = (repository or {}).get("url", "").rstrip("/")
    if not url:
        return None
    return f"{url}/edit/{repository.get('branch', 'main')}/{source}"


def add_edit_link(app: Sphinx, pagename, templatename, context, doctree) -> None:
    source = source_file(app, pagename)
    context["book_edit_url"] = edit_url(app.config.book_repository, source) if source else None


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", configure, priority=450)
    app.connect("html-page-context", add_edit_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
