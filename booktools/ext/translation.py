"""Translation status in the built site.

* Every Korean page exists as a file (the content tests require it). A page not translated yet
  is a copy of the English page marked `translation: {stub: true}`; it gets a Korean "not
  translated yet" banner.
* A Korean page whose English source changed since it was marked up to date gets a Korean
  "원문이 바뀌었습니다" banner linking to the English page and to the page's "what changed"
  section on the translation status page (when the git history for it is available; in a
  shallow clone the banner has no such link and the build still succeeds).
* `{translation-status}` renders the per-page status table with an overall percentage and, for
  every outdated page, a "what changed" section: the old English, the new English with the
  change highlighted and the current Korean, block by block (booktools.translation.changes).
"""
from __future__ import annotations

import html

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from booktools import markdown
from booktools.book_files import source_path
from booktools.ext.language_switcher import counterpart_url, site_root
from booktools.ext.messages import _
from booktools.translation.changes import ADDED, CHANGED, REMOVED, page_changes, word_diff
from booktools.translation.report import flat
from booktools.translation.status import OUTDATED, STATES, STUB, book_status, overall_progress, page_status

logger = logging.getLogger(__name__)

STATUS_DOC = "translation-status"
def state_names() -> dict[str, str]:
    """The names of the translation states, in the build's language (booktools/ext/messages.py)."""
    return {"translated": _("translated"), "outdated": _("outdated"), "stub": _("not started"),
            "missing": _("missing")}


def op_names() -> dict[str, str]:
    return {CHANGED: _("changed"), ADDED: _("new"), REMOVED: _("removed")}


def kind_names() -> dict[str, str]:
    """The kinds of blocks (booktools.markdown) as the "what changed" tables name them."""
    return {"heading": _("heading"), "paragraph": _("paragraph"), "list item": _("list item"),
            "table row": _("table row"), "equation": _("equation"), "figure": _("figure"),
            "caption": _("caption"), "admonition": _("admonition"), "code cell": _("code cell"),
            "code": _("code")}


def ui_text() -> dict[str, str]:
    """The status page's own words, in the build's language."""
    return {"page": _("Page"), "state": _("Status"), "progress": _("Progress"),
            "overall": _("Overall, {pct} of the book is translated into Korean ({counts})."),
            "changes": _("What changed since translation"),
            "since": _("English changes since commit {commit}: {changed} changed, {new} new, {removed} removed."),
            "block": _("Block"), "old": _("English then"), "new": _("English now"), "korean": _("Korean now"),
            "no_counterpart": _("new: no counterpart yet"),
            "group": _("(group: the translation merged or split paragraphs here)"),
            "comments": _("only comments changed"), "english_page": _("English page"),
            "korean_page": _("Korean page"), "where": _("English line {en}"), "where_ko": _("Korean line {ko}"),
            "files": _("Source files"), "english": _("English"), "korean_file": _("Korean"),
            "new_file": _("start the Korean file"), "howto": _("how to help"),
            "contributing": _("CONTRIBUTING.md"),
            "intro": _("To help, open a page's source file on GitHub and follow")}


def repository(config) -> tuple[str, str]:
    repo = config.book_repository or {}
    return repo.get("url", "").rstrip("/"), repo.get("branch", "main")


def changes_label(docname: str) -> str:
    """The label of a page's "what changed" section on the status page."""
    return "translation-changes-" + docname.replace("/", "-").lower()


def _banner(title: str, classes: list[str], *body) -> nodes.admonition:
    box = nodes.admonition(classes=["warning", "book-translation-banner", *classes])
    box += nodes.title("", title)
    para = nodes.paragraph()
    para.extend(body)
    box += para
    return box


def add_banners(app: Sphinx, doctree: nodes.document) -> None:
    if app.config.language != "ko":
        return
    docname = app.env.docname
    en_path = source_path("en", docname)
    if not en_path.exists():
        return
    app.env.note_dependency(str(en_path))
    url, branch = repository(app.config)
    english = counterpart_url(docname, "ko")
    status = page_status(docname)
    if status.state == STUB:
        before, after = _("This page is not translated into Korean yet, so it shows the English original. "
                          "Please read {link} and translate this page.").split("{link}")
        contributing = f"{url}/blob/{branch}/{_('CONTRIBUTING.md')}"
        banner = _banner(
            _("This page is not translated yet"), ["book-translation-missing"],
            nodes.Text(before),
            nodes.reference("", _("how to contribute a translation"), refuri=contributing),
            nodes.Text(after))
    elif status.state == OUTDATED:
        body = [nodes.Text(_("The English original was edited after this translation was made, so parts of "
                             "it may be out of date.") + " "),
                nodes.reference("", _("Read the English original"), refuri=english)]
        changes = page_changes(docname)
        if changes.problem:
            logger.info(f"translation banner without a change list: {changes.problem}")
        elif STATUS_DOC in app.env.found_docs:
            body += [nodes.Text(" · "),
                     addnodes.pending_xref("", nodes.inline("", _("See what changed")), refdomain="std",
                                           reftype="ref", reftarget=changes_label(docname), refexplicit=True,
                                           refwarn=True)]
        banner = _banner(_("The English original has changed"), ["book-translation-outdated"], *body)
    else:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        doctree.insert(0, banner)
    else:
        title_index = section.first_child_matching_class(nodes.title)
        section.insert((title_index or 0) + 1, banner)


class TranslationStatus(SphinxDirective):
    def run(self):
        lang = self.config.language
        names, ui = state_names(), ui_text()
        statuses = book_status()
        for status in statuses:
            self.env.note_dependency(str(source_path("en", status.docname)))
            ko = source_path("ko", status.docname)
            if ko.exists():
                self.env.note_dependency(str(ko))
        counts = ", ".join(f"{names[s]} {sum(x.state == s for x in statuses)}" for s in STATES)
        pct = f"{overall_progress(statuses):.0%}"
        summary = nodes.paragraph(classes=["book-translation-overall"])
        summary += nodes.Text(ui["overall"].format(pct=pct, counts=counts))

        url, branch = repository(self.config)
        contributing = f"{url}/blob/{branch}/{ui['contributing']}"
        summary += nodes.Text(" " + ui["intro"] + " ")
        summary += nodes.reference("", ui["contributing"], refuri=contributing)
        summary += nodes.Text(".")

        table, body = self._table("book-translation-status", (40, 15, 20, 25),
                                  [ui[k] for k in ("page", "state", "progress", "files")])
        for status in statuses:
            link = addnodes.pending_xref("", nodes.inline("", status.docname), refdomain="std", reftype="doc",
                                         reftarget="/" + status.docname, refexplicit=False, refwarn=True)
            pct = f"{status.progress:.0%}"
            meter = nodes.raw("", f'<progress value="{status.progress:.3f}" max="1" aria-label="{ui["progress"]} '
                                  f'{pct}"></progress> {pct}', format="html")
            state = nodes.inline("", names[status.state], classes=[f"book-state-{status.state}"])
            if status.state == OUTDATED:     # links to its "what changed" section below
                state = nodes.reference("", "", state, refid=changes_label(status.docname))
            body += self._row([link], [state], [meter], self._files(status, url, branch, ui, contributing))
        sections = [self._changes_section(page_changes(status.docname), ui, lang)
                    for status in statuses if status.state == OUTDATED]
        if not sections:
            return [summary, table]
        outer = nodes.section(ids=["translation-changes"])
        outer += nodes.title("", ui["changes"])
        outer.extend(sections)
        return [summary, table, outer]

    def _changes_section(self, changes, ui: dict, lang: str) -> nodes.section:
        docname = changes.docname
        node_id = changes_label(docname)
        section = nodes.section(ids=[node_id], classes=["book-translation-changes"])
        section += nodes.title("", f"{page_title(docname, lang)} ({docname})")
        pages = nodes.paragraph()
        section += pages
        if changes.problem:
            pages += nodes.Text(changes.problem)
            return section
        self.env.get_domain("std").note_hyperlink_target(node_id, self.env.docname, node_id, docname)
        counts = {op: sum(c.op == op for c in changes.changes) for op in op_names()}
        pages += nodes.Text(ui["since"].format(commit=changes.commit, **counts) + " ")
        here, there = ("korean_page", "english_page") if lang == "ko" else ("english_page", "korean_page")
        pages += addnodes.pending_xref("", nodes.inline("", ui[here]), refdomain="std", reftype="doc",
                                       reftarget=f"/{docname}", refexplicit=True, refwarn=True)
        pages += nodes.Text(" · ")
        other = "en" if lang == "ko" else "ko"
        pages += nodes.reference("", ui[there], refuri=f"{site_root(self.env.docname)}{other}/{docname}.html")
        table, body = self._table("book-translation-diff", (13, 29, 29, 29),
                                  [ui[k] for k in ("block", "old", "new", "korean")])
        for change in changes.changes:
            body += self._change_row(change, ui, lang)
        section += table
        for note in changes.notes:
            section += nodes.paragraph("", note, classes=["book-translation-note"])
        return section

    def _change_row(self, change, ui: dict, lang: str) -> nodes.row:
        what = f"{op_names()[change.op]} · {kind_names().get(change.kind, change.kind)}"
        if change.comments_only:
            what += f" ({ui['comments']})"
        where = ui["where"].format(en=change.new.lines if change.new else change.old.lines)
        if change.korean:
            span = (f"{change.korean[0].line}-{change.korean[-1].end}" if len(change.korean) > 1
                    else change.korean[0].lines)
            where += ", " + ui["where_ko"].format(ko=span)
        old = new = ""
        if change.op == ADDED:
            new = _html_piece("+", flat(change.new))
        elif change.op == REMOVED:
            old = _html_piece("-", flat(change.old))
        else:
            pieces = word_diff(flat(change.old), flat(change.new))
            old = "".join(_html_piece(op, text) for op, text in pieces if op != "+")
            new = "".join(_html_piece(op, text) for op, text in pieces if op != "-")
        if change.korean:
            korean = html.escape("\n\n".join(flat(b) for b in change.korean))
            if change.group:
                korean += f'<br><span class="book-diff-note">{html.escape(ui["group"])}</span>'
        else:
            korean = f'<span class="book-diff-note">{html.escape(ui["no_counterpart"])}</span>'
        cells = [[nodes.Text(what), nodes.raw("", "<br>", format="html"), nodes.Text(where)]]
        for content in (old, new, korean):
            cells.append([nodes.raw("", f'<span class="book-diff-text">{content}</span>', format="html")])
        return self._row(*cells)

    @staticmethod
    def _files(status, url: str, branch: str, ui: dict, contributing: str) -> list[nodes.Node]:
        """Links to the page's English and Korean source files and to the contributing guide."""
        english = f"{url}/blob/{branch}/book/{status.english}"
        ko_path = f"book/ko/{status.docname}.md"
        if status.korean:
            korean = nodes.reference("", ui["korean_file"], refuri=f"{url}/blob/{branch}/book/{status.korean}")
        else:
            folder, _, name = ko_path.rpartition("/")
            korean = nodes.reference("", ui["new_file"], refuri=f"{url}/new/{branch}/{folder}?filename={name}")
        return [nodes.reference("", ui["english"], refuri=english), nodes.Text(" · "), korean,
                nodes.Text(" · "), nodes.reference("", ui["howto"], refuri=contributing)]

    @classmethod
    def _table(cls, css_class: str, widths: tuple[int, ...], headings: list[str]) -> tuple[nodes.table, nodes.tbody]:
        """A table with one column per width and a header row; returns it and its (empty) body."""
        table = nodes.table(classes=[css_class])
        group = nodes.tgroup(cols=len(widths))
        table += group
        for width in widths:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += cls._row(*([nodes.Text(text)] for text in headings))
        body = nodes.tbody()
        group += body
        return table, body

    @staticmethod
    def _row(*cells) -> nodes.row:
        row = nodes.row()
        for content in cells:
            entry = nodes.entry()
            para = nodes.paragraph()
            para.extend(content)
            entry += para
            row += entry
        return row


def page_title(docname: str, lang: str) -> str:
    """The first heading of a page's source (its title), or the docname."""
    path = source_path(lang, docname)
    if path.exists():
        heading = next((b for b in markdown.read(path.read_text(encoding="utf-8")).blocks if b.kind == markdown.HEADING),
                       None)
        if heading is not None:
            return heading.text
    return docname


def _html_piece(op: str, text: str) -> str:
    """One piece of a word diff as HTML: removed words in <del>, added words in <ins>."""
    if op == "-":
        return f"<del>{html.escape(text)}</del>"
    if op == "+":
        return f"<ins>{html.escape(text)}</ins>"
    return html.escape(text)


def always_reread_status(app, env, added, changed, removed):
    return [STATUS_DOC] if STATUS_DOC in env.found_docs else []


def setup(app: Sphinx) -> dict:
    app.setup_extension("booktools.ext.messages")
    app.add_config_value("book_repository", {}, "env")
    app.connect("doctree-read", add_banners)
    app.connect("env-get-outdated", always_reread_status)
    app.add_directive("translation-status", TranslationStatus)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
