"""Korean search for Sphinx: a `SearchLanguage` for `ko` (the index side).

Kiwi (kiwipiepy) splits Korean text into morphemes. For every 어절 we index its nouns/roots/stems
(dropping particles and endings) and the joined leading noun sequence (역전+파 → 역전파,
학습+률 → 학습률), so 신경망은/신경망을/신경망에서 all index 신경망. Question words and stems with
no content of their own are left out by their part-of-speech tags: pronouns (NP: 무엇, 어디) and
adverbs (MAG: 왜) are never indexed, and the verb/adjective stems in CONTENTLESS (하/VV, 있/VA,
어떻/VA, ...) are dropped. Latin words are indexed whole, in lower case (ReLU → relu, L2 → l2).

The query side is booktools/static/korean-query.js (loaded by the search page,
booktools/ext/book_search.py); `korean-stemmer.js` is this language's `js_stemmer_code`,
the browser twin of `SearchKorean.stem`.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path

from sphinx.search import SearchLanguage

from booktools.hangul import HANGUL

WORD = re.compile(r"\w+")
NOUNISH = {"NNG", "NNP", "NNB", "NR", "XR", "XSN", "XPN", "SL", "SH", "SN"}
KEEP = {"NNG", "NNP", "NR", "XR", "SH"}  # Latin words (SL) are taken whole by LATIN instead
LATIN = re.compile(r"[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*")
STEMS = {"VV", "VA", "VV-R", "VA-R", "VV-I", "VA-I"}
# Verb/adjective stems that carry no content: question words (어떻다) and light verbs (하다, 있다).
CONTENTLESS = {("하", "VV"), ("하", "VA"), ("되", "VV"), ("있", "VA"), ("있", "VV"), ("없", "VA"),
               ("같", "VA"), ("않", "VX"), ("어떻", "VA"), ("어떻", "VA-I"), ("이렇", "VA"), ("이렇", "VA-I"),
               ("그렇", "VA"), ("그렇", "VA-I"), ("저렇", "VA-I")}
STEMMER_JS = Path(__file__).resolve().parent.parent / "static" / "korean-stemmer.js"


@lru_cache(maxsize=1)
def kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def korean_terms(text: str) -> list[str]:
    """Index terms of a Korean (or mixed) text: nouns, roots, stems, joined noun sequences."""
    out: list[str] = []
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    tokens = kiwi().tokenize(text)
    by_span: dict[int, list] = {}
    starts = [start for start, _ in spans]
    for tok in tokens:  # the 어절 each token starts in (whole page texts: no scan over all spans)
        i = bisect.bisect_right(starts, tok.start) - 1
        if i >= 0 and tok.start < spans[i][1]:
            by_span.setdefault(i, []).append(tok)
    previous = None  # the joined nouns of the previous 어절 when it had nothing but nouns
    for index in sorted(by_span):
        toks = by_span[index]
        joined = ""
        leading = True
        for tok in toks:
            form = tok.form
            tag = tok.tag
            if tag in KEEP:
                out.extend(WORD.findall(form))
            elif tag in STEMS and (form, tag) not in CONTENTLESS:
                out.append(form)
            if leading and tag in NOUNISH:
                joined += form.replace(" ", "")
            else:
                leading = False
        if joined and HANGUL.search(joined):
            out.append(joined)
            if previous and previous[0] == index - 1:
                out.append(previous[1] + joined)  # spaced compound 경사 하강법 -> 경사하강법
        pure = leading and joined and HANGUL.search(joined)
        previous = (index, joined) if pure else None
    return out


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = STEMMER_JS.read_text(encoding="utf-8")
    stopwords: frozenset = frozenset()

    def split(self, input: str) -> list[str]:
        if HANGUL.search(input):
            # the whole text at once, so spaced compounds join up; Latin words as written (L2, ReLU)
            return korean_terms(input) + LATIN.findall(input)
        return WORD.findall(input)

    def stem(self, word: str) -> str:
        return word.lower()  # the same as korean-stemmer.js

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit()
