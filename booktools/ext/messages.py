"""The book's own UI strings, translated through the gettext message catalog `booktools`.

Every string the book's extensions put on the site (page banners, the glossary and translation
status pages, the search page's messages, the download and launch menus, the generated
notebooks' notes) is written in English in the code as `_("...")`, with `_` from this module;
its Korean is in `booktools/locale/ko/LC_MESSAGES/booktools.po`. When a build starts, the `.po`
is compiled to its `.mo` (only when the `.po` is newer; the `.mo` is not committed) and the
catalog is registered with Sphinx (`app.add_message_catalog`), so `_` gives the string in the
build's `language` (English, the msgid itself, when there is no catalog for it, and outside a
Sphinx build). Call `_` when a page is built, not at import time.

Theme and Sphinx strings that their own catalogs leave in English are in the `sphinx` catalog
beside it (`booktools/locale/ko/LC_MESSAGES/sphinx.po`, read through `locale_dirs`, which Sphinx
compiles itself). This extension also sets the theme's and myst-nb's UI settings that are text.
"""
from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _ as sphinx_text
from sphinx.locale import get_translation

CATALOG = "booktools"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_translation = get_translation(CATALOG)


def _(message: str) -> str:
    """`message` in the build's language: a plain string (English outside a Sphinx build)."""
    return str(_translation(message))


def catalog_path(language: str, suffix: str = ".po") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{CATALOG}{suffix}"


def compile_catalog(language: str) -> Path | None:
    """Compile the language's `booktools.po` to `booktools.mo` when the `.po` is newer (written to
    a temporary file and renamed, so a build running at the same time never reads half a file).
    Returns the `.mo`, or None when the language has no catalog (English)."""
    po, mo = catalog_path(language), catalog_path(language, ".mo")
    if not po.exists():
        return None
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return mo
    try:
        with po.open("rb") as f:
            catalog = read_po(f, locale=language, domain=CATALOG, abort_invalid=True)
    except PoFileError as exc:
        raise ExtensionError(f"{po}: {exc}; fix the entry (msgid/msgstr pairs in double quotes)") from None
    temporary = mo.with_name(f".{mo.name}.{os.getpid()}")
    with temporary.open("wb") as f:
        write_mo(f, catalog)
    os.replace(temporary, mo)
    return mo


def translate_settings(app: Sphinx, config) -> None:
    """UI settings that are text, in the build's language: the search field's placeholder (the same
    words as the theme's aria-label of the search button, "label in name") and myst-nb's toggles
    of folded code cells (its defaults are English on every site)."""
    config.html_theme_options["search_bar_text"] = sphinx_text("Search")
    config.nb_code_prompt_show = _("Show code cell {type}")
    config.nb_code_prompt_hide = _("Hide code cell {type}")


def setup(app: Sphinx) -> dict:
    compile_catalog(app.config.language)
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    app.connect("config-inited", translate_settings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
