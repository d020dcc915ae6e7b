"""Serve every runtime asset from the site itself: the book's CSS and favicon.

Stock Jupyter Book pages load MathJax from a CDN, so equations stay raw TeX offline and
every visit is reported to a third party. This book renders its equations while building
(booktools/ext/static_math.py) and serves the rest of its assets from `_static/`.
"""
from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
TEMPLATES_DIR = STATIC_DIR.parent / "templates"


def configure(app: Sphinx, config) -> None:
    config.html_static_path = list(config.html_static_path) + [str(STATIC_DIR)]
    # The book's templates, for every build of the book: `make build` and a plain
    # `jupyter-book build book/en` alike.
    if str(TEMPLATES_DIR) not in config.templates_path:  # `make build` sets it in conf (booktools/config.py)
        config.templates_path = list(config.templates_path) + [str(TEMPLATES_DIR)]
    config.html_favicon = str(STATIC_DIR / "favicon.svg")
    config.html_css_files = list(config.html_css_files) + ["book.css"]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", configure, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
