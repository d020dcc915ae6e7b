"""Draw the notes' figures for the language being built, before Sphinx reads any page.

The figure scripts live in `book/figures/` (see `booktools.figures`); their outputs are not
committed, so every build, including a plain `jupyter-book build book/en`, draws what is out of
date when the builder starts. It then warns (which fails the strict build) about any figure
text that would read below 11 CSS px in a phone's column (`booktools.figures.small_texts`).
"""
from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from booktools.figures import FIGURE_SCRIPTS, FigureError, generate, small_texts

logger = logging.getLogger(__name__)


def draw_figures(app: Sphinx) -> None:
    lang = app.config.language or "en"
    try:
        generate(lang)
    except FigureError as exc:
        raise ExtensionError(str(exc)) from None
    for text in small_texts(lang):  # a warning fails the strict build: fix the figure's script
        logger.warning(f"figure text too small on a phone (< 11 CSS px in a 342-px column): {text}; "
                       f"draw it larger or the figure narrower (see {FIGURE_SCRIPTS}/ and "
                       "labs.plotting.font_pt)", type="book", subtype="figure_text")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", draw_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
