"""Glossary terms in the pages and the generated glossary pages, both driven by `glossary.yml`.

Pages use Sphinx's own `{term}` role; the glossary page registers every entry as a term of
Sphinx's standard domain (so the role resolves to it, for any builder), and a read-time
transform renders each use from glossary.yml:

    {term}`gradient-descent`            -> "gradient descent" / "경사 하강법(gradient descent)"
    {term}`descent steps <gradient-descent>`  -> explicit text, still linked

On Korean pages the first use of a term on a page shows the English in parentheses.
Every rendering links to the term's entry on the glossary page and carries the other
language and the definition as a tooltip. An unknown id is an error naming file:line
and the nearest ids. `{glossary-index}` renders the whole glossary for the page's
language (A–Z, or 가나다 with an initial-consonant index) including the pages that use
each term; the glossary is also written as CSV and JSON next to the site.
"""
from __future__ import annotations

import csv
import io
import json
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from booktools.ext.messages import _
from booktools.glossary.filter import search_keys
from booktools.glossary.load import Glossary, GlossaryError, Term, load_glossary
from booktools.glossary.order import initial_consonant, sort_terms

logger = logging.getLogger(__name__)
GLOSSARY_DOC = "glossary"

def ui_text() -> dict[str, str]:
    """The glossary page's own words, in the build's language (booktools/ext/messages.py)."""
    return {"discouraged": _("Avoid"), "accepted": _("Also accepted"),
            "not_in_this_book": _("Used elsewhere, not in this book"), "used": _("Used on"),
            "related": _("Related"), "unused": _("not used in the notes yet"),
            "download": _("Download the glossary for translators:"), "index": _("Jump to letter"),
            "filter": _("Filter the glossary"),
            "filter_hint": _("Korean, English, abbreviation or initials (ㄱㅈㅎ)"),
            "filter_count": _("{n} of {total} terms"), "filter_none": _("No term matches “{q}”."),
            "unused_toggle": _("{n} more terms that no page uses yet")}


class term_usage(nodes.General, nodes.Element):
    """Placeholder for the list of pages using a term; filled once all pages are read."""


def tooltip(term: Term, lang: str) -> str:
    if lang == "ko":
        return f"{term.en}: {term.definition['ko']}"
    if term.keep_english:
        return f"{term.en}: {term.definition['en']}"
    return f"{term.ko} ({term.en}): {term.definition['en']}"


def glossary_xrefs(document: nodes.Node) -> list[addnodes.pending_xref]:
    """The references Sphinx's own `{term}` role left in a document, in reading order."""
    return [node for node in document.findall(addnodes.pending_xref)
            if node.get("refdomain") == "std" and node.get("reftype") == "term"]


class RenderGlossaryTerms(SphinxTransform):
    """Read time: check each `{term}` id against glossary.yml, record where it is used, and set the
    text the page shows (the term in the page's language; on Korean pages the English follows the
    first use). Sphinx's standard domain then resolves the reference to the glossary entry."""

    default_priority = 400

    def apply(self, **kwargs) -> None:
        glossary = load_glossary()
        lang = self.config.language
        usage = self.env.__dict__.setdefault("book_glossary_usage", {})
        seen: set[str] = set()
        for xref in glossary_xrefs(self.document):
            term_id = xref["reftarget"]
            if term_id not in glossary:
                msg = f"unknown glossary term {term_id!r}; {glossary.suggest(term_id)}"
                logger.error(msg, location=xref, type="glossary", subtype="unknown")
                xref.replace_self(nodes.problematic(xref.rawsource, xref.rawsource))
                continue
            term = glossary.get(term_id)
            first = term_id not in seen
            seen.add(term_id)
            usage.setdefault(term_id, set()).add(self.env.docname)
            shown = xref.astext() if xref.get("refexplicit") else term.text(lang)
            content = nodes.inline("", shown, classes=["book-term"] + (["book-term-first"] if first else []))
            if lang == "ko" and first and not term.keep_english:
                content += nodes.inline("", f"({term.en})", classes=["book-term-en"])
            content["book_term"] = term_id
            xref.children = []
            xref += content
            xref["refexplicit"] = True


class AddTermTooltips(SphinxPostTransform):
    """After Sphinx resolved the references: each glossary link carries the other language and the
    definition as its title."""

    default_priority = 20  # after Sphinx's ReferencesResolver (10)

    def run(self, **kwargs) -> None:
        glossary = load_glossary()
        for inner in self.document.findall(nodes.inline):
            parent = inner.parent
            if "book_term" in inner and isinstance(parent, nodes.reference):
                parent["reftitle"] = tooltip(glossary.get(inner["book_term"]), self.config.language)


def register_terms(env, terms: list[Term], location) -> None:
    """Make every glossary entry a term of Sphinx's standard domain, so `{term}` resolves to it."""
    std = env.get_domain("std")
    for term in terms:
        std.note_object("term", term.id, term.anchor, location=location)


class GlossaryIndex(SphinxDirective):
    """Render every glossary entry for the page's language."""

    def run(self):
        lang = self.config.language
        ui = ui_text()
        try:
            glossary = load_glossary()
        except GlossaryError as exc:
            raise self.error(str(exc)) from None
        self.env.note_dependency(str(glossary.path))
        terms = sort_terms(glossary.terms, lang)
        register_terms(self.env, terms, self.get_location())
        container = nodes.container(classes=["book-glossary"])

        downloads = nodes.paragraph(classes=["book-glossary-downloads"])
        downloads += nodes.Text(ui["download"] + " ")
        downloads += nodes.reference("", "CSV", refuri="glossary.csv")
        downloads += nodes.Text(" · ")
        downloads += nodes.reference("", "JSON", refuri="glossary.json")
        container += downloads
        container += filter_box(terms, ui)

        groups: dict[str, list[Term]] = {}
        for term in terms:
            key = initial_consonant(term.text(lang)) if lang == "ko" else term.en[0].upper()
            groups.setdefault(key, []).append(term)
        jump = nodes.paragraph(classes=["book-glossary-jump"])
        jump += nodes.Text(ui["index"] + ": ")
        for i, key in enumerate(groups):
            if i:
                jump += nodes.Text(" ")
            jump += nodes.reference("", key, refuri=f"#group-{key}")
        container += jump

        for key, members in groups.items():
            heading = nodes.rubric("", key, ids=[f"group-{key}"], classes=["book-glossary-group"])
            container += heading
            dlist = nodes.definition_list(classes=["book-glossary-list"])
            for term in members:
                dlist += self._entry(term, lang, ui)
            container += dlist
        return [container]

    def _entry(self, term: Term, lang: str, ui: dict) -> nodes.definition_list_item:
        item = nodes.definition_list_item()
        label = nodes.term(ids=[term.anchor])
        # A name kept in English is the headword of the Korean glossary too (CIFAR-10, not a coined
        # Hangul spelling); its Korean gloss, if any, comes second (LSTM · 장단기 메모리).
        first, second = term.text(lang), term.gloss(lang)
        label += nodes.strong("", first, classes=["book-glossary-headword"])
        if second:
            label += nodes.Text(" · ")
            label += nodes.inline("", second, classes=["book-glossary-other"],
                                  lang="ko" if lang == "en" or term.keep_english else "en")
        if term.abbr:
            label += nodes.Text(f" ({term.abbr})")
        item += label
        body = nodes.definition()
        body += nodes.paragraph("", term.definition[lang])

        # One short paragraph per fact, not a list: with 500 entries, every element counts on a phone.
        def fact(title, value_nodes):
            para = nodes.paragraph(classes=["book-glossary-fact"])
            para += nodes.strong("", title + ": ")
            para.extend(value_nodes)
            body.append(para)

        if term.accepted:
            fact(ui["accepted"], [nodes.Text("; ".join(f"{f} ({r})" for f, r in term.accepted.items()))])
        if term.not_in_this_book:
            fact(ui["not_in_this_book"], [nodes.Text("; ".join(f"{f} ({r})"
                                                               for f, r in term.not_in_this_book.items()))])
        if term.discouraged:
            fact(ui["discouraged"], [nodes.Text("; ".join(f"{f} ({r})" for f, r in term.discouraged.items()))])
        if term.related:
            links = []
            for i, rel in enumerate(term.related):
                if i:
                    links.append(nodes.Text(", "))
                other = load_glossary().get(rel)
                links.append(nodes.reference("", other.text(lang), refuri=f"#{other.anchor}", internal=True))
            fact(ui["related"], links)
        usage = term_usage(term_id=term.id)
        fact(ui["used"], [usage])
        item += body
        return item


def filter_box(terms: list[Term], ui: dict) -> nodes.raw:
    """The filter box (shown by book-reader.js) and each entry's search keys as JSON."""
    keys = {term.anchor: search_keys(term) for term in terms}
    texts = {k: ui[k] for k in ("filter_count", "filter_none")}
    data = json.dumps({"keys": keys, "ui": texts}, ensure_ascii=False).replace("</", "<\\/")
    return nodes.raw("", f"""<div class="book-glossary-filter-box" hidden>
<label for="book-glossary-filter">{escape(ui["filter"])}</label>
<input id="book-glossary-filter" class="book-glossary-filter" type="search" autocomplete="off"
 placeholder="{escape(ui["filter_hint"])}" aria-describedby="book-glossary-filter-status">
<p id="book-glossary-filter-status" class="book-glossary-filter-status" role="status" aria-live="polite"></p>
</div>
<script type="application/json" id="book-glossary-data">{data}</script>""", format="html")


def fold_unused(doctree: nodes.document, unused: list[nodes.definition_list_item], ui: dict) -> None:
    """Move the entries no page uses yet out of their letter groups into one folded list at the end."""
    if not unused:
        return
    glossary = next(iter(doctree.findall(
        lambda n: isinstance(n, nodes.container) and "book-glossary" in n["classes"])), None)
    if glossary is None:
        return
    folded = nodes.definition_list(classes=["book-glossary-list"])
    for item in unused:
        item.parent.remove(item)
        folded += item
    for dlist in list(glossary.findall(nodes.definition_list)):
        if dlist is not folded and not dlist.children:
            rubric = dlist.previous_sibling()
            group_id = rubric["ids"][0] if isinstance(rubric, nodes.rubric) and rubric["ids"] else None
            for ref in list(glossary.findall(nodes.reference)):
                if group_id and ref.get("refuri") == f"#{group_id}":
                    ref.parent.remove(ref)
            if isinstance(rubric, nodes.rubric):
                rubric.parent.remove(rubric)
            dlist.parent.remove(dlist)
    summary = escape(ui["unused_toggle"].format(n=len(unused)))
    glossary += nodes.raw("", f'<details class="book-glossary-unused"><summary>{summary}</summary>', format="html")
    glossary += folded
    glossary += nodes.raw("", "</details>", format="html")


def fill_usage(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    usage = getattr(app.env, "book_glossary_usage", {})
    ui = ui_text()
    unused = []
    for node in list(doctree.findall(term_usage)):
        pages = sorted(d for d in usage.get(node["term_id"], ()) if d != GLOSSARY_DOC)
        if not pages:
            entry = _enclosing(node, nodes.definition_list_item)
            if entry is not None:
                unused.append(entry)
            node.replace_self(nodes.emphasis("", ui["unused"]))
            continue
        out = []
        for i, page in enumerate(pages):
            if i:
                out.append(nodes.Text(", "))
            title = app.env.titles[page].astext() if page in app.env.titles else page
            out.append(nodes.reference("", title, refuri=app.builder.get_relative_uri(docname, page), internal=True))
        node.replace_self(out)
    fold_unused(doctree, unused, ui)


def _enclosing(node: nodes.Node, cls) -> nodes.Node | None:
    while node is not None and not isinstance(node, cls):
        node = node.parent
    return node


def purge_usage(app, env, docname):
    for pages in getattr(env, "book_glossary_usage", {}).values():
        pages.discard(docname)


def merge_usage(app, env, docnames, other):
    mine = env.__dict__.setdefault("book_glossary_usage", {})
    for term_id, pages in getattr(other, "book_glossary_usage", {}).items():
        mine.setdefault(term_id, set()).update(pages & set(docnames))


def glossary_rows(glossary: Glossary) -> list[dict]:
    return [{"id": t.id, "en": t.en, "ko": t.ko or "", "abbr": t.abbr or "", "keep_english": t.keep_english,
             "accepted": t.accepted, "not_in_this_book": t.not_in_this_book, "discouraged": t.discouraged,
             "context_rules": t.context_rules, "definition_en": t.definition["en"],
             "definition_ko": t.definition["ko"], "related": list(t.related)} for t in glossary.terms]


def write_downloads(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    rows = glossary_rows(load_glossary())
    out = Path(app.outdir)
    (out / "glossary.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                         for k, v in row.items()})
    (out / "glossary.csv").write_text(buf.getvalue(), encoding="utf-8-sig")


def check_glossary(app: Sphinx) -> None:
    try:
        load_glossary()
    except GlossaryError as exc:
        from sphinx.errors import ConfigError
        raise ConfigError(str(exc)) from None


def setup(app: Sphinx) -> dict:
    app.setup_extension("booktools.ext.messages")
    app.add_transform(RenderGlossaryTerms)
    app.add_post_transform(AddTermTooltips)
    app.add_directive("glossary-index", GlossaryIndex)
    app.add_node(term_usage)
    app.connect("builder-inited", check_glossary)
    app.connect("doctree-resolved", fill_usage)
    app.connect("env-purge-doc", purge_usage)
    app.connect("env-merge-info", merge_usage)
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
