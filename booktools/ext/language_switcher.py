"""Language switcher: every page links to the same page in the other language.

Both languages are built into sibling folders (`site/en/`, `site/ko/`) with the same
docnames, so the counterpart of `<lang>/<docname>.html` is `<other>/<docname>.html`.
The link is relative, so it works at any depth and under any sub-path.
"""
from __future__ import annotations

from functools import lru_cache

from sphinx.application import Sphinx

from booktools.config import load_shared_config
from booktools.ext.messages import _
from booktools.paths import other_language


@lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    """Each language's own name (`languages.<code>.name` in _config.yml): the switcher's text."""
    return {code: entry["name"] for code, entry in load_shared_config()["languages"].items()}


def switch_label(other: str) -> str:
    """The link's screen-reader label, in the language of the current page. It starts with the
    visible text, the other language's own name (WCAG "label in name")."""
    instruction = {"en": _("read this page in English"), "ko": _("read this page in Korean")}[other]
    return f"{language_names()[other]}: {instruction}"


def site_root(pagename: str) -> str:
    """Relative URL from `<lang>/<pagename>` up to the site's root (above both languages)."""
    return "../" * (pagename.count("/") + 1)


def counterpart_url(pagename: str, lang: str, suffix: str = ".html") -> str:
    """Relative URL from `<lang>/<pagename>` to the same page in the other language."""
    return site_root(pagename) + f"{other_language(lang)}/{pagename}{suffix}"


def add_switcher_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    lang = app.config.language
    other = other_language(lang)
    url = counterpart_url(pagename, lang, app.builder.out_suffix)
    context["book_switch"] = {"url": url, "lang": other, "text": language_names()[other], "label": switch_label(other)}


def setup(app: Sphinx) -> dict:
    app.setup_extension("booktools.ext.messages")
    app.connect("html-page-context", add_switcher_context)
    # booktools/static/language-switcher.js: carries the section being read over to the other language
    app.add_js_file("language-switcher.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
