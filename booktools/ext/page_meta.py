"""Search-engine metadata of every page: a meta description and absolute hreflang alternates.

The description is the page's first paragraph (in the page's language), shortened to about
160 characters at a word boundary. The alternates name both languages' versions of the page
with absolute URLs (search engines ignore relative ones), built from `html_baseurl`, which
booktools/config.py sets from the published site URL.
"""
from __future__ import annotations

import html

from docutils import nodes
from sphinx.application import Sphinx

from booktools.paths import LANGUAGES

DESCRIPTION_CHARS = 160


def first_paragraph(doctree) -> str:
    for para in doctree.findall(nodes.paragraph):
        if any(isinstance(parent, (nodes.admonition, nodes.figure, nodes.table, nodes.footnote))
               for parent in _ancestors(para)):
            continue
        text = " ".join(para.astext().split())
        if text:
            return text
    return ""


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def book_description(app: Sphinx) -> str:
    """The first paragraph of the root page (read once per build)."""
    cache = _BOOK_DESCRIPTION
    key = (id(app), app.config.language)
    if key not in cache:
        root = app.env.get_doctree(app.config.root_doc)
        cache[key] = shorten(first_paragraph(root)) or app.config.project
    return cache[key]


_BOOK_DESCRIPTION: dict = {}


def alternate_urls(baseurl: str, lang: str, pagename: str, suffix: str = ".html") -> dict[str, str]:
    """Absolute URL of this page in every language; `baseurl` is this language's folder."""
    site = baseurl.rstrip("/").rsplit("/", 1)[0] + "/"
    return {code: f"{site}{code}/{pagename}{suffix}" for code in LANGUAGES}


def add_meta(app: Sphinx, pagename, templatename, context, doctree) -> None:
    tags = []
    description = shorten(first_paragraph(doctree)) if doctree is not None else ""
    if not description:  # generated pages (index, search): the book's own description
        description = book_description(app)
    tags.append(f'<meta name="description" content="{html.escape(description)}" />')
    if app.config.html_baseurl:
        for code, url in alternate_urls(app.config.html_baseurl, app.config.language, pagename,
                                        app.builder.out_suffix).items():
            tags.append(f'<link rel="alternate" hreflang="{code}" href="{html.escape(url)}" />')
    context["metatags"] = context.get("metatags", "") + "".join(f"\n    {tag}" for tag in tags)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_meta)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
