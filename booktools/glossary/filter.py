"""What the glossary page's filter box matches, computed at build time.

For every term: its Korean and English forms, abbreviation, accepted forms and id, each
normalised (lower case, no spaces or hyphens), plus the initial consonants (초성) of the
Korean forms, so typing ㄱㅈㅎ finds 과적합. The page's script (book-reader.js) applies the
same normalisation to the query; no server is involved.
"""
from __future__ import annotations

import re

from .load import Term
from .order import CHOSEONG, HANGUL_FIRST, HANGUL_LAST

SEPARATORS = re.compile(r"[\s\-_·]+")


def normalise(text: str) -> str:
    return SEPARATORS.sub("", text).lower()


def choseong(text: str) -> str:
    """ㄱㅈㅎ for 과적합; characters that are not Hangul syllables are dropped."""
    out = []
    for ch in text:
        code = ord(ch)
        if HANGUL_FIRST <= code <= HANGUL_LAST:
            out.append(CHOSEONG[(code - HANGUL_FIRST) // 588])
    return "".join(out)


def search_keys(term: Term) -> dict:
    forms = [term.ko, term.en, term.id, *(term.accepted or {})]
    if term.abbr:
        forms.append(term.abbr)
    korean = [f for f in (term.ko, *(term.accepted or {})) if f and choseong(f)]
    return {"text": sorted({normalise(f) for f in forms if f}),
            "initials": sorted({choseong(f) for f in korean})}


def is_initials(query: str) -> bool:
    return bool(query) and all(ch in CHOSEONG for ch in query)


def matches(keys: dict, query: str) -> bool:
    """The reference implementation of the page's filter (the browser test checks they agree)."""
    q = normalise(query)
    if not q:
        return True
    if is_initials(q):
        return any(q in initials for initials in keys["initials"])
    return any(q in text for text in keys["text"])
