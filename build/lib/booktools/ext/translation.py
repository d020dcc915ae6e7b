"""Translation status in the built site.

* Korean build: an English page without a Korean file still gets a Korean page (same
  docname, so the toc and every link stay whole): the English source is read in its place
  (hooked into Sphinx's project discovery) under a Korean "not translated yet" banner.
* A Korean page whose English source changed since it was marked up to date gets a
  Korean "원문이 바뀌었습니다" banner with links to the English page and to the change
  (a compare link built from `repository.url` in _config.yml and the recorded commit).
* `{translation-status}` renders the per-page status table with an overall percentage.
"""
from __future__ import annotations

import os
import typing

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.project import Project
from sphinx.util.docutils import SphinxDirective

from booktools import paths
from booktools.ext.language_switcher import counterpart_url
from booktools.translation.pages import source_path, toc_pages
from booktools.translation.status import MISSING, OUTDATED, STATES, book_status, overall_progress, page_status

STATUS_DOC = "translation-status"
STATE_NAMES = {
    "en": {"translated": "translated", "outdated": "outdated", "stub": "not started", "missing": "missing"},
    "ko": {"translated": "번역됨", "outdated": "원문 변경됨", "stub": "번역 시작 전", "missing": "번역 없음"},
}
UI = {
    "en": {"page": "Page", "state": "Status", "progress": "Progress",
           "overall": "Overall, {pct} of the book is translated into Korean ({counts})."},
    "ko": {"page": "페이지", "state": "상태", "progress": "진행률",
           "overall": "전체의 {pct}가 한국어로 번역되었습니다({counts})."},
}


def repository(app: Sphinx) -> tuple[str, str]:
    repo = app.config.book_repository or {}
    return repo.get("url", "").rstrip("/"), repo.get("branch", "main")


def fallback_docnames(app: Sphinx) -> dict[str, str]:
    """Korean docnames that have no Korean file: docname -> English file relative to book/ko."""
    if app.config.language != "ko":
        return {}
    missing = {}
    for doc in toc_pages("en"):
        if source_path("en", doc).exists() and not source_path("ko", doc).exists():
            missing[doc] = os.path.relpath(source_path("en", doc), paths.source_dir("ko"))
    return missing


class FallbackProject(Project):
    """Sphinx's project discovery plus docnames whose source is the English file."""

    fallbacks: typing.ClassVar[dict] = {}

    def discover(self, *args, **kwargs):
        docnames = super().discover(*args, **kwargs)
        for doc, rel in self.fallbacks.items():
            self.docnames.add(doc)
            self._docname_to_path[doc] = rel
            self._path_to_docname[rel] = doc
        return docnames


def hook_discovery(app: Sphinx) -> None:
    fallbacks = fallback_docnames(app)
    app.env.book_fallbacks = fallbacks
    if fallbacks:
        app.project.__class__ = FallbackProject
        app.project.fallbacks = fallbacks


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
    if not source_path("en", docname).exists():
        return
    url, branch = repository(app)
    english = counterpart_url(docname, "ko")
    status = page_status(docname)
    if docname in getattr(app.env, "book_fallbacks", {}) or status.state == MISSING:
        banner = _banner(
            "아직 번역되지 않은 페이지입니다", ["book-translation-missing"],
            nodes.Text("이 페이지는 아직 한국어 번역이 없어 영어 원문을 보여 줍니다. "),
            nodes.reference("", "번역에 참여하는 방법", refuri=f"{url}/blob/{branch}/CONTRIBUTING.ko.md"),
            nodes.Text("을 참고해 이 페이지를 번역해 주세요."))
    elif status.state == OUTDATED:
        change = (f"{url}/compare/{status.commit}...{branch}" if status.commit
                  else f"{url}/commits/{branch}/book/{status.english}")
        banner = _banner(
            "원문이 바뀌었습니다", ["book-translation-outdated"],
            nodes.Text("이 번역을 마친 뒤 영어 원문이 수정되어 일부 내용이 최신이 아닐 수 있습니다. "),
            nodes.reference("", "영어 원문 보기", refuri=english), nodes.Text(" · "),
            nodes.reference("", "바뀐 부분 보기", refuri=change))
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
        names, ui = STATE_NAMES[lang], UI[lang]
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

        table = nodes.table(classes=["book-translation-status"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (50, 20, 30):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self._row([nodes.Text(ui["page"])], [nodes.Text(ui["state"])], [nodes.Text(ui["progress"])])
        body = nodes.tbody()
        group += body
        for status in statuses:
            link = addnodes.pending_xref("", nodes.inline("", status.docname), refdomain="std", reftype="doc",
                                         reftarget="/" + status.docname, refexplicit=False, refwarn=True)
            pct = f"{status.progress:.0%}"
            meter = nodes.raw("", f'<progress value="{status.progress:.3f}" max="1" aria-label="{ui["progress"]} '
                                  f'{pct}"></progress> {pct}', format="html")
            body += self._row([link], [nodes.inline("", names[status.state],
                                                    classes=[f"book-state-{status.state}"])], [meter])
        return [summary, table]

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


def always_reread_status(app, env, added, changed, removed):
    return [STATUS_DOC] if STATUS_DOC in env.found_docs else []


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_repository", {}, "env")
    app.connect("builder-inited", hook_discovery)
    app.connect("doctree-read", add_banners)
    app.connect("env-get-outdated", always_reread_status)
    app.add_directive("translation-status", TranslationStatus)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
