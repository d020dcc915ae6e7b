"""`make check`: the fast checks a contributor runs before a pull request (no notebook runs).

1. glossary.yml is valid;
2. Korean pages, and the Korean strings of labs/*.py and book/figures/*.py, use no discouraged
   or unused term form, the book's citation style and no emphasis-before-particle pitfall;
3. every en/ko pair marked up to date is structurally parallel (headings, equations,
   figures, admonitions, code cells);
4. translation status (a missing Korean file is an error; outdated or stub pages are warnings);
5. link and image targets inside the sources exist;
6. repository hygiene: no notebook checkpoints, "-Copy" notebooks or merge-conflict markers.
Exits 1 when there are errors, 0 otherwise (warnings alone don't fail).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from . import markdown, paths
from .book_files import source_path, toc_pages
from .glossary.lint import lint_korean_pages
from .glossary.load import GlossaryError, load_glossary
from .hangul import HANGUL
from .translation.parity import compare
from .translation.status import MISSING, OUTDATED, STUB, TRANSLATED, book_status

INLINE_CODE_AND_ROLES = re.compile(r"(\{[\w:-]+\})?`[^`]*`|\$[^$]+\$")
CONFLICT = re.compile(r"^(<<<<<<< |>>>>>>> |=======$)", re.MULTILINE)


PARITY = re.compile(r"^(?P<kind>\w+) mismatch at (?P<en>\S+) vs (?P<ko>\S+): English has (?P<left>.*); "
                    r"Korean has (?P<right>.*)$", re.DOTALL)


class Report:
    """Errors and warnings, each in English with the same message in Korean (`korean`)."""

    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.korean: dict[str, str] = {}

    def error(self, message: str, ko: str = "") -> None:
        self.errors.append(message)
        self._remember(message, ko)

    def warn(self, message: str, ko: str = "") -> None:
        self.warnings.append(message)
        self._remember(message, ko)

    def _remember(self, message: str, ko: str) -> None:
        match = PARITY.match(message)
        if not ko and match:
            ko = (f"{match['kind']} 구조가 다릅니다: {match['en']} ↔ {match['ko']}. 영어 쪽: {match['left']}; "
                  f"한국어 쪽: {match['right']}")
        if ko:
            self.korean[message] = ko


def book_pages(lang: str) -> list[Path]:
    return [source_path(lang, d) for d in toc_pages(lang) if source_path(lang, d).exists()]


def korean_sources() -> list[Path]:
    """Files whose Korean strings readers see: the labs' plot labels, the figure scripts and the
    site's interface words (the message catalogs in booktools/locale)."""
    return (sorted((paths.ROOT / "labs").glob("*.py")) + sorted((paths.BOOK / "figures").glob("*.py"))
            + sorted((paths.ROOT / "booktools" / "locale").glob("ko/LC_MESSAGES/*.po")))


def check_glossary(report: Report) -> None:
    try:
        glossary = load_glossary()
    except GlossaryError as exc:
        report.error(str(exc))
        return
    for hit in lint_korean_pages(book_pages("ko") + korean_sources(), glossary):
        report.error(str(hit), f"{hit.path}:{hit.line}: {hit.message_ko}" if hit.message_ko else "")


def check_translations(report: Report) -> None:
    for status in book_status():
        en, ko = source_path("en", status.docname), source_path("ko", status.docname)
        if status.state == MISSING:
            report.error(f"{ko}: missing; every page of {en.parent.parent.name}/_toc.yml needs a Korean file. Copy "
                         f"{en} there and add `translation: {{stub: true}}` to its front matter (the Korean site "
                         f"then shows it under a 'not translated yet' banner), or translate it",
                         f"{ko}: 한국어 파일이 없습니다. {en}을 그 자리에 복사하고 front matter에 "
                         f"`translation: {{stub: true}}`를 넣거나(사이트에 '아직 번역되지 않은 페이지' 배너와 함께 "
                         f"나옵니다) 번역하세요.")
        elif status.state == STUB:
            report.warn(f"{ko}: translation not started (stub)", f"{ko}: 번역을 아직 시작하지 않았습니다(stub).")
        elif status.state == OUTDATED:
            mark = f"`python -m booktools.translation mark {ko.relative_to(paths.ROOT)}`"
            if status.recorded is None:
                report.warn(f"{ko}: no translation record; once it matches {en}, run {mark}",
                            f"{ko}: 번역 기록이 없습니다. {en}과 내용이 맞으면 {mark}을 실행하세요.")
            else:
                diff = f"`python -m booktools.translation diff {ko.relative_to(paths.ROOT)}`"
                report.warn(f"{ko}: outdated — {en} changed since the translation was marked up to date; "
                            f"{diff} shows the changed blocks; update them and run {mark}",
                            f"{ko}: 원문 변경됨 — 번역을 최신으로 표시한 뒤 {en}이 바뀌었습니다. {diff}로 바뀐 블록을 "
                            f"확인해 고친 뒤 {mark}을 실행하세요.")
        if status.state in (TRANSLATED, OUTDATED):
            problems = compare(en, ko)
            sink = report.error if status.state == TRANSLATED else report.warn
            for problem in problems:
                sink(problem)
        if status.state == TRANSLATED:
            check_leftover_english(report, ko)


def check_leftover_english(report: Report, ko: Path) -> None:
    """Lines of English prose left in the paragraphs of a Korean page (a partial translation)."""
    doc = markdown.read(ko.read_text(encoding="utf-8"), str(ko))
    in_references = False
    for block in doc.blocks:
        if block.kind == markdown.HEADING:
            in_references = "참고 문헌" in block.text or "References" in block.text
        if block.kind != markdown.PARAGRAPH or in_references:
            continue
        for number in range(block.line, block.end + 1):
            line = INLINE_CODE_AND_ROLES.sub(" ", doc.source[number - 1])
            if len(re.findall(r"[A-Za-z]{3,}", line)) >= 6 and not HANGUL.search(line):
                report.warn(f"{ko}:{number}: English prose in a Korean page (left over from translation?)",
                            f"{ko}:{number}: 한국어 페이지에 영어 문장이 있습니다(번역하다 남은 것일까요?).")


def check_links(report: Report) -> None:
    for lang in paths.LANGUAGES:
        for page in book_pages(lang):
            for link in markdown.read(page.read_text(encoding="utf-8"), str(page)).links:
                _check_target(report, page, link.line, link.target)


def _check_target(report: Report, page: Path, line: int, target: str) -> None:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
        return
    if target.startswith("/"):
        report.error(f"{page}:{line}: root-relative link {target!r} breaks under a sub-path; use a relative link",
                     f"{page}:{line}: '/'로 시작하는 링크 {target!r}는 하위 경로에 올린 사이트에서 깨집니다. "
                     "상대 경로로 쓰세요.")
        return
    file_part = target.split("#", 1)[0]
    resolved = (page.parent / file_part).resolve()
    if not resolved.exists() and not _drawn_by_a_figure_script(resolved):
        report.error(f"{page}:{line}: link target {target!r} does not exist ({resolved})",
                     f"{page}:{line}: 링크 대상 {target!r}이(가) 없습니다({resolved}).")


def _drawn_by_a_figure_script(path: Path) -> bool:
    """A figure the light set-up does not draw (no matplotlib): `notes/figures/<script>-*.svg`
    with its script `book/figures/<script>.py` present."""
    if path.parent.name != "figures" or path.parent.parent.name != "notes":
        return False
    return any(path.name.startswith(script.stem + "-") for script in (paths.BOOK / "figures").glob("*.py"))


def can_draw_figures() -> bool:
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def check_hygiene(report: Report) -> None:
    try:
        files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=paths.ROOT,
                               capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return
    for name in files:
        path = paths.ROOT / name
        if ".ipynb_checkpoints" in name or re.search(r"-Copy\d*\.ipynb$", name):
            report.error(f"{name}: notebook debris; delete it", f"{name}: 노트북 찌꺼기 파일입니다. 지우세요.")
        elif path.suffix in (".md", ".yml", ".yaml", ".py", ".toml", ".txt") and path.exists():
            text = path.read_text(encoding="utf-8", errors="replace")
            match = CONFLICT.search(text)
            if match:
                where = f"{name}:{text.count(chr(10), 0, match.start()) + 1}"
                report.error(f"{where}: merge-conflict marker", f"{where}: 병합 충돌 표시가 남아 있습니다.")


def run_checks(*, figures: bool | None = None) -> Report:
    """`figures`: draw the notes' figures first (default: when matplotlib is installed; the light
    set-up of `make check`, requirements-check.txt, has no matplotlib and checks without them)."""
    report = Report()
    check_glossary(report)
    check_translations(report)
    if figures is None:
        figures = can_draw_figures()
    if figures:
        from .figures import generate_all
        generate_all()
    check_links(report)
    check_hygiene(report)
    return report


def main() -> int:
    report = run_checks()
    for label, label_ko, messages in (("warning", "경고", report.warnings), ("error", "오류", report.errors)):
        for message in messages:
            print(f"{label}: {message}")
            if message in report.korean:
                print(f"  {label_ko}: {report.korean[message]}")
    print(f"make check: {len(report.errors)} error(s), {len(report.warnings)} warning(s) · "
          f"오류 {len(report.errors)}개, 경고 {len(report.warnings)}개")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
