"""Sphinx's conf.py for both languages: `BOOK_LANG` picks which (set by booktools.build)."""
import os

from booktools.config import sphinx_config

globals().update(sphinx_config(os.environ["BOOK_LANG"], search=os.environ.get("BOOK_SEARCH", "book")))
