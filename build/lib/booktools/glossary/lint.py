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

from .load import Glossary

HANGUL_CHAR = "\uac00-\ud7a3"
CODE_FENCE = re.compile(r"^\s*(```|~~~)")
MATH_FENCE = re.compile(r"^\s*\$\$")
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
    """(line number, prose text) for every line outside front matter, code and display math."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0) + 1
    in_code = in_math = False
    for number, line in enumerate(lines[start:], start=start + 1):
        if CODE_FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        if MATH_FENCE.match(line):
            if line.strip() != "$$" and line.strip().endswith("$$") and len(line.strip()) > 2:
                continue  # one-line display math
            in_math = not in_math
            continue
        if in_math or re.match(r"^\s*:[\w-]+:", line):
            continue
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
