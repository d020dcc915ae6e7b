"""The `{term}` role and the generated glossary pages, both driven by `glossary.yml`.

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
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from booktools.glossary.load import Glossary, GlossaryError, Term, load_glossary
from booktools.glossary.order import initial_consonant, sort_terms

logger = logging.getLogger(__name__)
GLOSSARY_DOC = "glossary"
EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<id>[^<>]+)>$", re.DOTALL)

UI = {
    "en": {"other": "Korean", "discouraged": "Avoid", "accepted": "Also accepted", "used": "Used on",
           "related": "Related", "abbr": "Abbreviation", "unused": "not used in the notes yet",
           "download": "Download the glossary for translators:", "index": "Jump to letter"},
    "ko": {"other": "영어", "discouraged": "쓰지 않는 표기", "accepted": "허용 표기", "used": "쓰인 곳",
           "related": "관련 용어", "abbr": "약어", "unused": "아직 본문에서 쓰이지 않음",
           "download": "번역자를 위한 용어집 내려받기:", "index": "초성 바로가기"},
}


class term_usage(nodes.General, nodes.Element):
    """Placeholder for the list of pages using a term; filled once all pages are read."""


def tooltip(term: Term, lang: str) -> str:
    if lang == "ko":
        return f"{term.en}: {term.definition['ko']}"
    return f"{term.ko} ({term.en}): {term.definition['en']}"


class TermRole(SphinxRole):
    def run(self):
        match = EXPLICIT.match(self.text)
        text, term_id = (match["text"], match["id"].strip()) if match else (None, self.text.strip())
        glossary = load_glossary()
        if term_id not in glossary:
            msg = f"unknown glossary term {term_id!r}; {glossary.suggest(term_id)}"
            logger.error(msg, location=self.get_location(), type="glossary", subtype="unknown")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        term = glossary.get(term_id)
        lang = self.config.language
        seen = self.env.temp_data.setdefault("book_glossary_seen", set())
        first = term_id not in seen
        seen.add(term_id)
        usage = self.env.__dict__.setdefault("book_glossary_usage", {})
        usage.setdefault(term_id, set()).add(self.env.docname)

        shown = text or term.text(lang)
        children = [nodes.Text(shown)]
        if lang == "ko" and first and not term.keep_english:
            children.append(nodes.inline("", f"({term.en})", classes=["book-term-en"]))
        uri = self.env.app.builder.get_relative_uri(self.env.docname, GLOSSARY_DOC) + "#" + term.anchor
        ref = nodes.reference("", "", *children, refuri=uri, reftitle=tooltip(term, lang),
                              classes=["book-term"] + (["book-term-first"] if first else []))
        return [ref], []


class GlossaryIndex(SphinxDirective):
    """Render every glossary entry for the page's language."""

    def run(self):
        lang = self.config.language
        ui = UI[lang]
        try:
            glossary = load_glossary()
        except GlossaryError as exc:
            raise self.error(str(exc)) from None
        self.env.note_dependency(str(glossary.path))
        terms = sort_terms(glossary.terms, lang)
        container = nodes.container(classes=["book-glossary"])

        downloads = nodes.paragraph(classes=["book-glossary-downloads"])
        downloads += nodes.Text(ui["download"] + " ")
        downloads += nodes.reference("", "CSV", refuri="glossary.csv")
        downloads += nodes.Text(" · ")
        downloads += nodes.reference("", "JSON", refuri="glossary.json")
        container += downloads

        groups: dict[str, list[Term]] = {}
        for term in terms:
            key = initial_consonant(term.ko) if lang == "ko" else term.en[0].upper()
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
        first, second = (term.ko, term.en) if lang == "ko" else (term.en, term.ko)
        label += nodes.strong("", first)
        label += nodes.Text(" · ")
        label += nodes.inline("", second, classes=["book-glossary-other"],
                              lang="en" if lang == "ko" else "ko")
        if term.abbr:
            label += nodes.Text(f" ({term.abbr})")
        item += label
        body = nodes.definition()
        body += nodes.paragraph("", term.definition[lang])
        facts = nodes.bullet_list(classes=["book-glossary-facts"])

        def fact(title, value_nodes):
            para = nodes.paragraph()
            para += nodes.strong("", title + ": ")
            para.extend(value_nodes)
            facts.append(nodes.list_item("", para))

        if term.accepted:
            fact(ui["accepted"], [nodes.Text("; ".join(f"{f} ({r})" for f, r in term.accepted.items()))])
        if term.discouraged:
            fact(ui["discouraged"], [nodes.Text("; ".join(f"{f} ({r})" for f, r in term.discouraged.items()))])
        if term.related:
            links = []
            for i, rel in enumerate(term.related):
                if i:
                    links.append(nodes.Text(", "))
                other = load_glossary().get(rel)
                links.append(nodes.reference("", other.text(lang) if lang == "en" else other.ko,
                                             refuri=f"#{other.anchor}"))
            fact(ui["related"], links)
        usage = term_usage(term_id=term.id)
        fact(ui["used"], [usage])
        body += facts
        item += body
        return item


def fill_usage(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    usage = getattr(app.env, "book_glossary_usage", {})
    ui = UI[app.config.language]
    for node in doctree.findall(term_usage):
        pages = sorted(d for d in usage.get(node["term_id"], ()) if d != GLOSSARY_DOC)
        if not pages:
            node.replace_self(nodes.emphasis("", ui["unused"]))
            continue
        out = []
        for i, page in enumerate(pages):
            if i:
                out.append(nodes.Text(", "))
            title = app.env.titles[page].astext() if page in app.env.titles else page
            out.append(nodes.reference("", title, refuri=app.builder.get_relative_uri(docname, page)))
        node.replace_self(out)


def purge_usage(app, env, docname):
    for pages in getattr(env, "book_glossary_usage", {}).values():
        pages.discard(docname)


def merge_usage(app, env, docnames, other):
    mine = env.__dict__.setdefault("book_glossary_usage", {})
    for term_id, pages in getattr(other, "book_glossary_usage", {}).items():
        mine.setdefault(term_id, set()).update(pages & set(docnames))


def glossary_rows(glossary: Glossary) -> list[dict]:
    return [{"id": t.id, "en": t.en, "ko": t.ko, "abbr": t.abbr or "", "keep_english": t.keep_english,
             "accepted": t.accepted, "discouraged": t.discouraged, "definition_en": t.definition["en"],
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
    app.add_role_to_domain("std", "term", TermRole(), override=True)
    app.add_directive("glossary-index", GlossaryIndex)
    app.add_node(term_usage)
    app.connect("builder-inited", check_glossary)
    app.connect("doctree-resolved", fill_usage)
    app.connect("env-purge-doc", purge_usage)
    app.connect("env-merge-info", merge_usage)
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
