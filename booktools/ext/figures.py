"""Draw the notes' figures for the language being built, before Sphinx reads any page.

The figure scripts live in `book/figures/` (see `booktools.figures`); their outputs are not
committed, so every build, including a plain `jupyter-book build book/en`, draws what is out of
date when the builder starts.
"""
from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from booktools.figures import FigureError, generate


def draw_figures(app: Sphinx) -> None:
    try:
        generate(app.config.language or "en")
    except FigureError as exc:
        raise ExtensionError(str(exc)) from None


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", draw_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
