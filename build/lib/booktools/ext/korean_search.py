"""Korean search for Sphinx: a `SearchLanguage` for `ko` plus its browser-side query code.

Index side: Kiwi (kiwipiepy) splits Korean text into morphemes. For every 어절 we index
its nouns/roots/stems (dropping particles and endings) and the joined leading noun
sequence (역전+파 → 역전파, 학습+률 → 학습률), so 신경망은/신경망을/신경망에서 all index
신경망. Latin words are Porter-stemmed like Sphinx's English search.

Query side (korean_search.js, inserted into Sphinx's language_data.js): every query word
is reduced to what the index contains: a word already indexed is kept, otherwise Korean
particles/endings are stripped until an indexed stem remains, and an unspaced compound is
split into indexed parts. So the reader's 신경망에서는 finds the pages indexed under 신경망.

Glossary-aware: each page gets `<meta name="keywords">` with the other language's form of
every glossary term it mentions, which Sphinx indexes: typing `backpropagation` on the
Korean site finds the pages that say 역전파, and 역전파 on the English site finds
"backpropagation".
"""
from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from snowballstemmer import stemmer as snowball
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage
from sphinx.search.en import js_porter_stemmer

from booktools.glossary.load import load_glossary

HANGUL = re.compile(r"[\uac00-\ud7a3]")
WORD = re.compile(r"\w+")
NOUNISH = {"NNG", "NNP", "NNB", "NR", "XR", "XSN", "XPN", "SL", "SH", "SN"}
KEEP = {"NNG", "NNP", "NR", "XR", "SH"}  # Latin words (SL) are taken whole by LATIN instead
LATIN = re.compile(r"[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*")
STEMS = {"VV", "VA", "VV-R", "VA-R", "VV-I", "VA-I"}
JS_FILE = Path(__file__).with_name("korean_search.js")
SCORER_TEMPLATE = Path(__file__).with_name("search_scorer.js")


@lru_cache(maxsize=1)
def kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


@lru_cache(maxsize=1)
def porter():
    return snowball("porter")


def stem_latin(word: str) -> str:
    return porter().stemWord(word.lower())


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
            elif tag in STEMS:
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
    js_stemmer_code = js_porter_stemmer.replace(
        "  this.stemWord = function (w) {",
        "  this.stemWord = function (w) {\n    if (/[\\uac00-\\ud7a3]/.test(w)) return w;", 1)
    js_splitter_code = JS_FILE.read_text(encoding="utf-8")
    stopwords: frozenset = frozenset()

    def split(self, input: str) -> list[str]:
        if HANGUL.search(input):
            # the whole text at once, so spaced compounds join up; Latin words as written (L2, ReLU)
            return korean_terms(input) + LATIN.findall(input)
        return WORD.findall(input)

    def stem(self, word: str) -> str:
        if HANGUL.search(word):
            return word
        return stem_latin(word)

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit()


def other_language_keywords(text: str, lang: str) -> list[str]:
    """Forms in the other language of the glossary terms that occur in `text`."""
    squeezed = re.sub(r"\s+", "", text).lower()
    lowered = " " + re.sub(r"\s+", " ", text).lower() + " "
    keywords = []
    for term in load_glossary().terms:
        if lang == "ko":
            if re.sub(r"\s+", "", term.ko) in squeezed or (term.keep_english and term.en.lower() in lowered):
                keywords.append(term.en)
        elif re.search(rf"(?<![a-z]){re.escape(term.en.lower())}(?![a-z])", lowered):
            keywords.append(term.ko)
            keywords.extend(term.ko.split())
    return keywords


def add_glossary_keywords(app: Sphinx, doctree: nodes.document) -> None:
    if app.config.book_search != "book":
        return
    keywords = other_language_keywords(doctree.astext(), app.config.language)
    if keywords:
        words = sorted({w for k in keywords for w in ([k] + k.split())})
        doctree.insert(0, nodes.meta(name="keywords", content=", ".join(words), lang=app.config.language))


def glossary_map(lang: str) -> dict[str, list[str]]:
    """Query word (lower case, other language) -> this language's forms of the same term."""
    mapping: dict[str, set[str]] = {}
    for term in load_glossary().terms:
        mine, other = (term.ko, term.en) if lang == "ko" else (term.en, term.ko)
        for key in {other.lower(), *other.lower().split()} if lang == "ko" else {other.replace(" ", "")}:
            if len(key) > 2:
                mapping.setdefault(key, set()).add(mine)
    return {k: sorted(v) for k, v in mapping.items()}


def write_scorer(lang: str) -> Path:
    from booktools import paths

    out = paths.BUILD / lang / "search_scorer.js"
    out.parent.mkdir(parents=True, exist_ok=True)
    code = SCORER_TEMPLATE.read_text(encoding="utf-8").replace(
        "__GLOSSARY_MAP__", json.dumps(glossary_map(lang), ensure_ascii=False, sort_keys=True))
    out.write_text(code, encoding="utf-8")
    return out


def register(app: Sphinx, config) -> None:
    if config.book_search != "book":
        return
    config.html_search_scorer = str(write_scorer(config.language))
    if config.language == "ko":
        app.add_search_language(SearchKorean)
        config.html_search_language = "ko"


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_search", "book", "env")
    app.connect("config-inited", register)
    app.connect("doctree-read", add_glossary_keywords)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
