"""Lint of Korean pages against the glossary and a MyST pitfall.

* A discouraged form (glossary `discouraged:`) in Korean prose — outside code, math,
  roles and link targets — is reported with file:line and the canonical term to use.
* Emphasis that ends in punctuation directly followed by a Hangul particle, such as
  `**최적화(optimization)**에`, is not closed under CommonMark and shows literal asterisks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import markdown
from ..hangul import RANGE as HANGUL_CHAR
from .load import Glossary

INLINE_STRIP = [
    re.compile(r"\{[\w:-]+\}`[^`]*`"),      # roles, e.g. {term}`...`, {doc}`...`
    re.compile(r"`[^`]*`"),                 # inline code
    re.compile(r"\$[^$]+\$"),               # inline math
    re.compile(r"\]\([^)]*\)"),             # link targets
    re.compile(r"<[^>]+>"),                 # autolinks / html
]
PUNCT = r"[)\]}\"'.,!?:;%”’」』]"
EMPHASIS_BEFORE_PARTICLE = re.compile(
    rf"(\*\*|__)(?=\S)[^*\n]*?{PUNCT}\1(?=[{HANGUL_CHAR}])|(?<![*\w])\*(?=[^\s*])[^*\n]*?{PUNCT}\*(?=[{HANGUL_CHAR}])")


@dataclass(frozen=True)
class LintHit:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def prose_lines(text: str):
    """(line number, prose text without code, math, roles and link targets) for every line of
    prose: headings, paragraphs, list items, table rows, captions (booktools.markdown)."""
    for number, line in markdown.read(text).prose_lines():
        for pattern in INLINE_STRIP:
            line = pattern.sub(" ", line)
        yield number, line


def discouraged_index(glossary: Glossary) -> list[tuple[re.Pattern, str, object]]:
    index = []
    for term in glossary.terms:
        for form, reason in term.discouraged.items():
            pattern = re.compile(rf"(?<![{HANGUL_CHAR}A-Za-z]){re.escape(form)}")
            index.append((pattern, form, term, reason))
    return index


def lint_korean_text(text: str, path: Path, glossary: Glossary) -> list[LintHit]:
    hits = []
    index = discouraged_index(glossary)
    raw = text.split("\n")
    for number, line in prose_lines(text):
        for pattern, form, term, reason in index:
            if pattern.search(line):
                canonical = term.text("ko")
                hits.append(LintHit(path, number, f"'{form}' is discouraged ({reason}); write '{canonical}' "
                                    f"or {{term}}`{term.id}`"))
        if EMPHASIS_BEFORE_PARTICLE.search(raw[number - 1]):
            hits.append(LintHit(path, number, "emphasis ending in punctuation right before a Hangul particle "
                                "is not closed in MyST (literal asterisks); move the punctuation out of the "
                                "emphasis, e.g. '**최적화**(optimization)에'"))
    return hits


def lint_korean_pages(pages: list[Path], glossary: Glossary) -> list[LintHit]:
    hits = []
    for page in pages:
        hits.extend(lint_korean_text(page.read_text(encoding="utf-8"), page, glossary))
    return hits
