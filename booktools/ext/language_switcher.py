"""Language switcher: every page links to the same page in the other language.

Both languages are built into sibling folders (`site/en/`, `site/ko/`) with the same
docnames, so the counterpart of `<lang>/<docname>.html` is `<other>/<docname>.html`.
The link is relative, so it works at any depth and under any sub-path.
"""
from __future__ import annotations

from sphinx.application import Sphinx

from booktools.paths import other_language

LABELS = {
    # shown text, screen-reader label (in the language of the current page)
    # the label starts with the visible text (WCAG "label in name")
    "en": ("한국어", "한국어: read this page in Korean"),
    "ko": ("English", "English: 이 페이지를 영어로 보기"),
}


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
    text, label = LABELS[lang]
    context["book_switch"] = {"url": url, "lang": other, "text": text, "label": label}


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_switcher_context)
    # booktools/static/language-switcher.js: carries the section being read over to the other language
    app.add_js_file("language-switcher.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
