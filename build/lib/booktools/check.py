"""`make check`: the fast checks a contributor runs before a pull request (no notebook runs).

1. glossary.yml is valid;
2. Korean pages use no discouraged term and no emphasis-before-particle pitfall;
3. every en/ko pair marked up to date is structurally parallel (headings, equations,
   figures, admonitions, code cells);
4. translation status (outdated, missing or stub pages are warnings);
5. link and image targets inside the sources exist;
6. repository hygiene: no notebook checkpoints, "-Copy" notebooks or merge-conflict markers.
Exits 1 when there are errors, 0 otherwise (warnings alone don't fail).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from . import paths
from .glossary.lint import lint_korean_pages
from .glossary.load import GlossaryError, load_glossary
from .translation.pages import HANGUL, source_path, toc_pages
from .translation.parity import compare
from .translation.status import MISSING, OUTDATED, STUB, TRANSLATED, book_status

LINK = re.compile(r"(?<!\!)\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
IMAGE = re.compile(r"!\[[^\]]*\]\((?P<target>[^)\s]+)\)|^\s*[:`]{3,}\{(?:figure|image)\}\s+(?P<dtarget>\S+)", re.MULTILINE)
CONFLICT = re.compile(r"^(<<<<<<< |>>>>>>> |=======$)", re.MULTILINE)


class Report:
    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, message: str) -> None:
        self.errors.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def book_pages(lang: str) -> list[Path]:
    return [source_path(lang, d) for d in toc_pages(lang) if source_path(lang, d).exists()]


def check_glossary(report: Report) -> None:
    try:
        glossary = load_glossary()
    except GlossaryError as exc:
        report.error(str(exc))
        return
    for hit in lint_korean_pages(book_pages("ko"), glossary):
        report.error(str(hit))


def check_translations(report: Report) -> None:
    for status in book_status():
        en, ko = source_path("en", status.docname), source_path("ko", status.docname)
        if status.state == MISSING:
            report.warn(f"{en}: no Korean translation yet ({ko} is missing); the site shows the English page")
        elif status.state == STUB:
            report.warn(f"{ko}: translation not started (stub)")
        elif status.state == OUTDATED:
            mark = f"`python -m booktools.translation mark {ko.relative_to(paths.ROOT)}`"
            if status.recorded is None:
                report.warn(f"{ko}: no translation record; once it matches {en}, run {mark}")
            else:
                report.warn(f"{ko}: outdated — {en} changed since the translation was marked up to date; "
                            f"update it and run {mark}")
        if status.state in (TRANSLATED, OUTDATED):
            problems = compare(en, ko)
            sink = report.error if status.state == TRANSLATED else report.warn
            for problem in problems:
                sink(problem)
        if status.state == TRANSLATED:
            check_leftover_english(report, ko)


def check_leftover_english(report: Report, ko: Path) -> None:
    """Lines of English prose left in a Korean page (a partial translation)."""
    from .glossary.lint import prose_lines
    in_references = False
    for number, line in prose_lines(ko.read_text(encoding="utf-8")):
        stripped = line.strip()
        if stripped.startswith("#"):
            in_references = "참고 문헌" in stripped or "References" in stripped
            continue
        words = re.findall(r"[A-Za-z]{3,}", stripped)
        if not in_references and len(words) >= 6 and not HANGUL.search(stripped) and not stripped.startswith(("-", "*", "|", ":", "{")):
            report.warn(f"{ko}:{number}: English prose in a Korean page (left over from translation?)")


def check_links(report: Report) -> None:
    for lang in paths.LANGUAGES:
        for page in book_pages(lang):
            text = page.read_text(encoding="utf-8")
            for match in LINK.finditer(text):
                _check_target(report, page, text, match.start(), match["target"])
            for match in IMAGE.finditer(text):
                _check_target(report, page, text, match.start(), match["target"] or match["dtarget"])


def _check_target(report: Report, page: Path, text: str, pos: int, target: str) -> None:
    line = text.count("\n", 0, pos) + 1
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
        return
    if target.startswith("/"):
        report.error(f"{page}:{line}: root-relative link {target!r} breaks under a sub-path; use a relative link")
        return
    file_part = target.split("#", 1)[0]
    resolved = (page.parent / file_part).resolve()
    if not resolved.exists():
        report.error(f"{page}:{line}: link target {target!r} does not exist ({resolved})")


def check_hygiene(report: Report) -> None:
    try:
        files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=paths.ROOT,
                               capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return
    for name in files:
        path = paths.ROOT / name
        if ".ipynb_checkpoints" in name or re.search(r"-Copy\d*\.ipynb$", name):
            report.error(f"{name}: notebook debris; delete it")
        elif path.suffix in (".md", ".yml", ".yaml", ".py", ".toml", ".txt") and path.exists():
            text = path.read_text(encoding="utf-8", errors="replace")
            match = CONFLICT.search(text)
            if match:
                report.error(f"{name}:{text.count(chr(10), 0, match.start()) + 1}: merge-conflict marker")


def run_checks(*, figures: bool = True) -> Report:
    report = Report()
    check_glossary(report)
    check_translations(report)
    if figures:
        from .figures import generate_all
        generate_all()
    check_links(report)
    check_hygiene(report)
    return report


def main() -> int:
    report = run_checks()
    for message in report.warnings:
        print(f"warning: {message}")
    for message in report.errors:
        print(f"error: {message}")
    print(f"make check: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
