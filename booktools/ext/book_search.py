"""The book's search page, for both languages.

* Korean pages are indexed by `SearchKorean` (booktools/ext/korean_search.py).
* The search page runs the book's own query code (booktools/static/book-search.js with
  korean-query.js) on Sphinx's `searchindex.js`:
  - glossary query expansion: every form of a glossary term (canonical, accepted, discouraged,
    English, abbreviation; with or without spaces) searches as all the canonical forms, and the
    page says which term it searched for when the reader typed a variant;
  - pages with all query words first; when none has all, pages ranked by how many they match,
    with title and heading matches weighted;
  - each result links to the section where the words occur (its `#id` in the built page), with
    the section title and a snippet with the words highlighted;
  - a helpful "nothing found" message with suggestions from the glossary.
  The data it needs (glossary forms and the page's UI strings) is written to
  `_static/book-search-data.js`.
* Search assets load only on the search page, deferred (templates/search.html); ordinary pages
  do not load `searchindex.js` (templates/layout.html): their search field submits to the
  search page.
* Pages with `nosearch: true` front matter (the translation status) are left out of the index
  by Sphinx itself.

`BOOK_SEARCH=default` (conf.py) builds with Sphinx's own search instead, for the benchmark.
"""
from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from booktools.ext.korean_search import SearchKorean
from booktools.ext.messages import _
from booktools.glossary.load import load_glossary

DATA_FILE = "book-search-data.js"
LOW_RANK = ["glossary"]  # pages that mention every term: ranked after the chapters

def ui_text() -> dict[str, str]:
    """The search page's messages, in the build's language (booktools/ext/messages.py)."""
    return {
        "searching": _("Searching"),
        "results": _("Search results"),
        "found": _("Found {n} page(s) for “{q}”."),
        "partial": _("No page contains all the words; showing pages that match some of them."),
        "more": _("Pages with all the words come first; pages missing one of them follow."),
        "rewrote": _("Showing results for {terms} (you typed {typed})."),
        "ignored": _("Not searched (question words or not in the book): {words}."),
        "none": _("Nothing in the book matches “{q}”."),
        "suggest": _("Glossary terms close to what you typed:"),
        "nosuggest": _("Check the spelling, use fewer words, or look the term up in the glossary."),
        "glossary": _("Browse the glossary"),
    }


def squash(text: str) -> str:
    """Lower case, letters and digits only: the key of a glossary form (same as book-search.js)."""
    return "".join(c for c in text.lower() if c.isalnum())


def glossary_keys() -> tuple[list[list[str]], dict[str, list[int]], dict[str, list[int]]]:
    """(terms as [ko, en, abbr], canonical form key -> term numbers, variant key -> term numbers).
    A key that is some term's canonical form is never also a variant of another term."""
    terms = load_glossary().terms
    entries = [[t.ko or t.en, t.en, t.abbr or ""] for t in terms]  # a keep-English name may have no Korean
    canonical: dict[str, list[int]] = {}
    variants: dict[str, list[int]] = {}
    for i, term in enumerate(terms):
        for form in (term.ko, term.en, term.abbr):
            if form and squash(form) and i not in canonical.setdefault(squash(form), []):
                canonical[squash(form)].append(i)
        for form in (*term.accepted, *term.discouraged, *term.not_in_this_book):
            key = squash(form)
            if key and i not in variants.setdefault(key, []):
                variants[key].append(i)
    variants = {k: v for k, v in variants.items() if k not in canonical}
    return entries, canonical, variants


def search_data(lang: str, usage: dict[str, set[str]] | None = None, order: list[str] | None = None) -> dict:
    """What book-search.js needs: glossary forms; for each term, the pages that use it through
    the glossary role (`usage`, term id -> docnames, recorded by booktools/ext/glossary_role.py)
    and the first of them in reading order (`order`), where the book introduces it; the pages
    ranked last; the UI strings."""
    entries, canonical, variants = glossary_keys()
    numbers = {t.id: i for i, t in enumerate(load_glossary().terms)}
    rank = {doc: i for i, doc in enumerate(order or [])}
    used, introduced = {}, {}
    for term_id, pages in (usage or {}).items():
        content = sorted(d for d in pages if d not in LOW_RANK)
        if term_id in numbers and content:
            used[numbers[term_id]] = content
            in_order = sorted((d for d in content if d in rank and rank[d] > 0), key=rank.get)  # not the root page
            if in_order:
                introduced[numbers[term_id]] = in_order[0]
    return {"lang": lang, "terms": entries, "canonical": canonical, "variants": variants,
            "usage": dict(sorted(used.items())), "introduced": dict(sorted(introduced.items())),
            "glossaryPage": "glossary", "lowRank": LOW_RANK, "ui": ui_text()}


def reading_order(env, root: str) -> list[str]:
    """Docnames in reading order, from the toctrees Sphinx recorded (root first)."""
    order: list[str] = []

    def walk(doc: str) -> None:
        if doc in order:
            return
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(root)
    return order


def write_search_data(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html" or app.config.book_search != "book":
        return
    out = Path(app.outdir) / "_static" / DATA_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    usage = getattr(app.env, "book_glossary_usage", {})
    order = reading_order(app.env, app.config.root_doc)
    payload = json.dumps(search_data(app.config.language, usage, order), ensure_ascii=False, separators=(",", ":"))
    out.write_text(f"var BOOK_SEARCH_DATA = {payload};\n", encoding="utf-8")


def choose_language(app: Sphinx, config) -> None:
    if config.book_search == "book" and config.language == "ko":
        app.add_search_language(SearchKorean)  # only here: the default build keeps Sphinx's own
        config.html_search_language = "ko"


def page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    context["book_search"] = app.config.book_search == "book"


def setup(app: Sphinx) -> dict:
    app.setup_extension("booktools.ext.messages")
    app.add_config_value("book_search", "book", "env")
    app.connect("config-inited", choose_language)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", write_search_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
