"""Korean search: the index side (Kiwi) and the query side (JavaScript, run in Node) agree."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from booktools.ext.book_search import search_data, squash
from booktools.ext.korean_search import SearchKorean, korean_terms
from booktools.glossary.load import load_glossary

STATIC = Path("booktools/static").resolve()
CORPUS = ("신경망은 입력을 받아 출력을 낸다. 합성곱 신경망에서 필터를 적용한 뒤 편향을 더한다. "
          "역전파를 쓰면 회귀 문제도 풀 수 있다. 학습률이 너무 크면 발산한다. 경사 하강법은 단순하다. "
          "ReLU는 음수를 0으로 만든다. 드롭아웃을 적용했다. 역전파는 어떻게 계산할까? 무엇이 다른가?")
# (what a reader types, the stem the index holds)
CASES = [("신경망은", "신경망"), ("신경망을", "신경망"), ("신경망에서", "신경망"), ("신경망에서는", "신경망"),
         ("신경망", "신경망"), ("필터를", "필터"), ("필터", "필터"), ("편향은", "편향"), ("편향", "편향"),
         ("회귀는", "회귀"), ("역전파를", "역전파"), ("학습률이", "학습률"), ("드롭아웃을", "드롭아웃"),
         ("ReLU는", "relu"), ("계산하나요", "계산")]


def index_terms(text):
    lang = SearchKorean({})
    return {lang.stem(w) for w in lang.split(text)}


def node(script: str):
    exe = shutil.which("node")
    assert exe, "Node.js is required for the search tests (it ships with the course machines)"
    out = subprocess.run([exe, "-"], input=script, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def with_book_search(lang: str, body: str) -> str:
    """Node script that loads the search page's code as the browser does, then runs `body`."""
    return (
        "const vm = require('vm'); const fs = require('fs');"
        f"const ctx = {{BOOK_SEARCH_DATA: {json.dumps(search_data(lang), ensure_ascii=False)}, console}};"
        "vm.createContext(ctx);"
        f"vm.runInContext(fs.readFileSync({json.dumps(str(STATIC / 'korean-stemmer.js'))}, 'utf8'), ctx);"
        f"vm.runInContext(fs.readFileSync({json.dumps(str(STATIC / 'korean-query.js'))}, 'utf8'), ctx);"
        f"vm.runInContext(fs.readFileSync({json.dumps(str(STATIC / 'book-search.js'))}, 'utf8')"
        " + ';this.BookSearch = BookSearch;', ctx);"
        "const B = ctx.BookSearch, K = ctx.KoreanQuery;" + body)


def js_split(words, vocabulary):
    return node(with_book_search("ko", (
        f"const vocab = new Set({json.dumps(sorted(vocabulary), ensure_ascii=False)});"
        f"console.log(JSON.stringify({json.dumps(words, ensure_ascii=False)}"
        ".map(w => K.split(w, x => vocab.has(x)))));")))


def test_index_side_drops_particles_and_endings():
    terms = index_terms(CORPUS)
    for stem in ("신경망", "필터", "편향", "회귀", "역전파", "학습률", "드롭아웃", "relu", "합성곱"):
        assert stem in terms
    for inflected in ("신경망은", "필터를", "편향을", "학습률이", "드롭아웃을"):
        assert inflected not in terms


def test_index_side_drops_question_words_and_light_verbs():
    terms = index_terms(CORPUS)
    for contentless in ("어떻", "무엇", "하", "있"):
        assert contentless not in terms
    assert "계산" in terms


@pytest.mark.parametrize("typed,stem", CASES)
def test_index_side_normalises_each_case(typed, stem):
    assert stem in index_terms(typed)


def test_query_side_agrees_with_index_side():
    vocabulary = index_terms(CORPUS)
    typed = [t for t, _ in CASES]
    result = js_split(typed, vocabulary)
    for (word, stem), parts in zip(CASES, result):
        expected = stem if stem != "relu" else "ReLU"  # book-search.js lowercases Latin words later
        assert parts == [expected], (word, parts)
        assert word == "ReLU는" or parts[0] in index_terms(word)


def test_query_side_drops_question_words():
    vocabulary = index_terms(CORPUS)
    assert js_split(["역전파는 어떻게 계산하나요", "무엇이 왜"], vocabulary) == [["역전파", "계산"], []]


def test_unspaced_compound_is_split_into_indexed_parts():
    vocabulary = {"경사", "하강법", "손실"}
    assert js_split(["경사하강법", "경사하강법은"], vocabulary) == [["경사", "하강법"], ["경사", "하강법"]]


def test_spaced_compound_is_also_indexed_joined():
    terms = index_terms("경사 하강법은 합성곱 신경망에서도 쓴다")
    assert {"경사하강법", "합성곱신경망", "경사", "하강법"} <= terms
    assert js_split(["경사하강법을"], terms) == [["경사하강법"]]


def test_latin_words_keep_their_digits():
    assert {"l2", "relu"} <= index_terms("ReLU와 L2 규제를 쓴다")


def test_joined_nouns_are_indexed():
    assert {"역전파", "학습률", "경사하강법"} <= set(korean_terms("역전파와 학습률과 경사하강법을"))


def test_squash_is_the_same_in_python_and_javascript():
    forms = sorted({f for t in load_glossary().terms
                    for f in (t.ko or "", t.en, t.abbr or "", *t.accepted, *t.discouraged, *t.not_in_this_book)})
    assert node(with_book_search("ko", f"console.log(JSON.stringify({json.dumps(forms, ensure_ascii=False)}"
                                       ".map(B.squash)));")) == [squash(f) for f in forms]


def spellings(form: str) -> set[str]:
    """A form as readers type it: as written, without spaces, with a particle attached."""
    out = {form, form.replace(" ", "")}
    return out | {f + "는" for f in out if f[-1:] >= "가"}


def test_every_glossary_form_searches_as_its_canonical_term_and_the_index_has_it():
    """Index-side and query-side agreement for every glossary form: each spelling of each form
    is recognised as its term (or as the term it is the canonical form of), and one of the
    query's alternatives is made only of terms the index side produces for the term's
    canonical Korean text."""
    glossary = load_glossary().terms
    data = search_data("ko")
    cases = []
    for number, term in enumerate(glossary):
        vocabulary = sorted(index_terms(f"{term.ko or term.en}을 쓴다. {term.en} {term.abbr or ''}"))
        for form in (term.ko, term.en, term.abbr, *term.accepted, *term.discouraged, *term.not_in_this_book):
            if form:
                for typed in sorted(spellings(form)):
                    cases.append({"term": number, "typed": typed, "vocab": vocabulary})
    results = node(with_book_search("ko", (
        f"const cases = {json.dumps(cases, ensure_ascii=False)};"
        "console.log(JSON.stringify(cases.map(c => { const v = new Set(c.vocab);"
        " const p = B.parse(c.typed, x => v.has(x)); const g = p.groups[0] || {alts: []};"
        " return {n: p.groups.length, ids: (B.lookup(c.typed) || {ids: []}).ids,"
        " ok: g.alts.some(a => a.terms.length && a.terms.every(t => v.has(t)))}; })));")))
    failures = []
    for case, result in zip(cases, results):
        key = squash(case["typed"])
        owner = data["canonical"].get(key)  # a form that is another term's canonical form stays that term
        expected_ids = owner if owner and case["term"] not in owner else None
        recognised = (case["term"] in result["ids"]) if expected_ids is None else result["ids"] == expected_ids
        if not (recognised and result["n"] == 1 and (result["ok"] or expected_ids)):
            failures.append((glossary[case["term"]].id, case["typed"], result))
    assert not failures, f"{len(failures)} glossary spellings disagree, e.g. {failures[:10]}"


def test_english_site_expands_korean_forms():
    result = node(with_book_search("en", (
        "const p = B.parse('콘볼루션을', x => ['convolution', 'backpropagation'].includes(x));"
        "console.log(JSON.stringify({alts: p.groups[0].alts.map(a => a.terms), rewrites: p.rewrites.length}));")))
    assert ["convolution"] in result["alts"] and result["rewrites"] == 1
