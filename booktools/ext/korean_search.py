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
KEEP = {"NNG", "NNP", "NR", "XR", "SL", "SH"}
STEMS = {"VV", "VA", "VV-R", "VA-R", "VV-I", "VA-I"}
JS_FILE = Path(__file__).with_name("korean_search.js")


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
    for tok in tokens:
        for i, (start, end) in enumerate(spans):
            if start <= tok.start < end:
                by_span.setdefault(i, []).append(tok)
                break
    for toks in by_span.values():
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
        words: list[str] = []
        for chunk in re.split(r"(\s+)", input):
            if not chunk.strip():
                continue
            if HANGUL.search(chunk):
                words.extend(korean_terms(chunk))
            else:
                words.extend(WORD.findall(chunk))
        return words

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


def register(app: Sphinx, config) -> None:
    if config.book_search == "book" and config.language == "ko":
        app.add_search_language(SearchKorean)
        config.html_search_language = "ko"


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_search", "book", "env")
    app.connect("config-inited", register)
    app.connect("doctree-read", add_glossary_keywords)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
