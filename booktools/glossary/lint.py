"""Lint of Korean text against the glossary, the book's citation style and a MyST pitfall.

* A form this book does not use (glossary `not_in_this_book:`, such as 그레이디언트), a
  discouraged form (`discouraged:`, including the coined Korean headwords of names kept in
  English, such as 사이파-10) or a wrong use in context (`context_rules:`, such as 학습시킨다
  for "train") in Korean prose — outside code, math, roles and link targets — is reported
  with file:line and the canonical term to use.
* Citations in Korean prose are written `Glorot와 Bengio(2010)`, `Goyal 외(2017)`:
  no `et al.`, `등(2017)`, `and` between names or a space before the year's parenthesis.
  Reference lists (under a heading 참고 문헌) keep the bibliographic `et al.`.
* Emphasis that ends in punctuation directly followed by a Hangul particle, such as
  `**최적화(optimization)**에`, is not closed under CommonMark and shows literal asterisks.

The same glossary checks run on the Korean strings and comments of Python files (the labs'
plot labels and the figure scripts): `lint_korean_python`.
"""
from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from .. import markdown
from ..hangul import HANGUL
from ..hangul import RANGE as HANGUL_CHAR
from .load import Glossary, Term
from .schema import LINTED_FORMS

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
    message_ko: str = ""  # the same in Korean, printed under it by `make check`

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def prose_lines(text: str):
    """(line number, prose text without code, math, roles and link targets) for every line of
    prose: headings, paragraphs, list items, table rows, captions (booktools.markdown)."""
    for number, line in markdown.read(text).prose_lines():
        for pattern in INLINE_STRIP:
            line = pattern.sub(" ", line)
        yield number, line


@dataclass(frozen=True)
class FormRule:
    pattern: re.Pattern
    term: Term
    what: str     # "is discouraged", "is not used in this book", "is a wrong use in context"
    reason: str

    def message(self, found: str) -> str:
        canonical = self.term.text("ko")
        fix = (f"write the English name '{canonical}'" if self.term.keep_english
               else f"write '{canonical}'") + f" or {{term}}`{self.term.id}`"
        return f"'{found}' {self.what} ({self.reason}); {fix}"

    def message_ko(self, found: str) -> str:
        canonical = self.term.text("ko")
        what = WHAT_KO.get(self.what, self.what)
        return f"'{found}'은(는) {what}입니다({self.reason}). '{canonical}' 또는 {{term}}`{self.term.id}`로 쓰세요."


# FormRule.what in Korean, for the second line of each `make check` message.
WHAT_KO = {"is discouraged": "쓰지 않는 표기", "is not used in this book": "이 책에서 쓰지 않는 표기",
           "is a wrong use in context": "이 맥락에서 틀린 표현"}


def _form_pattern(form: str) -> re.Pattern:
    """A form as a whole word: not inside a longer Hangul or Latin word (particles may follow
    a Hangul form; a form ending in a Latin letter or digit must end there, so %p ≠ %pt)."""
    tail = r"(?![A-Za-z0-9])" if re.search(r"[A-Za-z0-9]$", form) else ""
    return re.compile(rf"(?<![{HANGUL_CHAR}A-Za-z]){re.escape(form)}{tail}")


def form_rules(glossary: Glossary) -> list[FormRule]:
    rules = []
    for term in glossary.terms:
        for key, what in LINTED_FORMS.items():
            for form, reason in getattr(term, key).items():
                rules.append(FormRule(_form_pattern(form), term, what, reason))
        for pattern, reason in term.context_rules.items():
            rules.append(FormRule(re.compile(pattern), term, "is a wrong use in context", reason))
    return rules


def form_hits(line: str, number: int, path: Path, rules: list[FormRule]) -> list[LintHit]:
    hits = []
    for rule in rules:
        match = rule.pattern.search(line)
        if match:
            found = match.group(0).strip()
            hits.append(LintHit(path, number, rule.message(found), rule.message_ko(found)))
    return hits


CITATION_RULES = [
    (re.compile(r"\bet al\.?"), "Korean prose writes '외' for 'et al.': 'Goyal 외(2017)', '(Johnson 외, 2019)'"),
    (re.compile(r"[A-Za-z]\s*등\s*(\(\d{4}|,\s*\d{4})"), "write '외' for 'et al.': 'Goyal 외(2017)', '(Duchi 외, 2011)'"),
    (re.compile(r"[A-Z][\w-]+ (and|&) [A-Z][\w-]+(,? \(?\d{4})"),
     "join two authors with 와/과 by the first name's pronunciation: 'Glorot와 Bengio(2010)'"),
    (re.compile(r"(?:[A-Z][\w-]+|외) \(\d{4}\)"), "no space before the year: 'Glorot와 Bengio(2010)'"),
]
REFERENCES_HEADING = re.compile(r"^#+\s*(참고 문헌|References)")


def citation_hits(line: str, number: int, path: Path) -> list[LintHit]:
    return [LintHit(path, number, f"citation style: {message}")
            for pattern, message in CITATION_RULES if pattern.search(line)]


def lint_korean_text(text: str, path: Path, glossary: Glossary) -> list[LintHit]:
    hits = []
    rules = form_rules(glossary)
    raw = text.split("\n")
    in_references = False
    for number, line in prose_lines(text):
        if line.lstrip().startswith("#"):
            in_references = bool(REFERENCES_HEADING.match(line.lstrip()))
        hits.extend(form_hits(line, number, path, rules))
        if not in_references:
            hits.extend(citation_hits(line, number, path))
        if EMPHASIS_BEFORE_PARTICLE.search(raw[number - 1]):
            hits.append(LintHit(path, number, "emphasis ending in punctuation right before a Hangul particle "
                                "is not closed in MyST (literal asterisks); move the punctuation out of the "
                                "emphasis, e.g. '**최적화**(optimization)에'",
                                "문장 부호로 끝나는 강조 바로 뒤에 조사가 붙으면 MyST에서 강조가 닫히지 않습니다(별표가 "
                                "그대로 보임). 문장 부호를 강조 밖으로 빼세요. 예: '**최적화**(optimization)에'"))
    return hits



# Python 3.12+ splits f-strings into FSTRING_START/MIDDLE/END tokens; the text is in the middle.
TEXT_TOKENS = {tokenize.STRING, tokenize.COMMENT} | (
    {tokenize.FSTRING_MIDDLE} if hasattr(tokenize, "FSTRING_MIDDLE") else set())


def korean_python_lines(text: str):
    """(line number, text) for each line of every string literal and comment holding Hangul."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return
    for tok in tokens:
        if tok.type in TEXT_TOKENS and HANGUL.search(tok.string):
            for offset, line in enumerate(tok.string.split("\n")):
                if HANGUL.search(line):
                    yield tok.start[0] + offset, line


def lint_korean_python(text: str, path: Path, glossary: Glossary) -> list[LintHit]:
    rules = form_rules(glossary)
    hits = []
    for number, line in korean_python_lines(text):
        hits.extend(form_hits(line, number, path, rules))
    return hits


def lint_korean_pages(pages: list[Path], glossary: Glossary) -> list[LintHit]:
    hits = []
    for page in pages:
        lint = lint_korean_python if page.suffix == ".py" else lint_korean_text
        hits.extend(lint(page.read_text(encoding="utf-8"), page, glossary))
    return hits
