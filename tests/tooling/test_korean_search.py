"""Korean search: the index side (Kiwi) and the query side (JavaScript, run in Node) agree."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from booktools.ext.korean_search import SearchKorean, korean_terms, other_language_keywords

JS = Path("booktools/ext/korean_search.js").resolve()
CORPUS = ("신경망은 입력을 받아 출력을 낸다. 합성곱 신경망에서 필터를 적용한 뒤 편향을 더한다. "
          "역전파를 쓰면 회귀 문제도 풀 수 있다. 학습률이 너무 크면 발산한다. 경사 하강법은 단순하다. "
          "ReLU는 음수를 0으로 만든다. 드롭아웃을 적용했다.")
# (what a reader types, the stem the index holds)
CASES = [("신경망은", "신경망"), ("신경망을", "신경망"), ("신경망에서", "신경망"), ("신경망에서는", "신경망"),
         ("신경망", "신경망"), ("필터를", "필터"), ("필터", "필터"), ("편향은", "편향"), ("편향", "편향"),
         ("회귀는", "회귀"), ("역전파를", "역전파"), ("학습률이", "학습률"), ("드롭아웃을", "드롭아웃"),
         ("ReLU는", "relu")]


def index_terms(text):
    lang = SearchKorean({})
    return {lang.stem(w).lower() for w in lang.split(text)}


def js_split(words, vocabulary):
    node = shutil.which("node")
    assert node, "Node.js is required for the search tests (it ships with the course machines)"
    script = (f"const K = require({json.dumps(str(JS))});"
              f"const vocab = new Set({json.dumps(sorted(vocabulary))});"
              f"const words = {json.dumps(words)};"
              "console.log(JSON.stringify(words.map(w => K.split(w, x => vocab.has(x)))));")
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_index_side_drops_particles_and_endings():
    terms = index_terms(CORPUS)
    for stem in ("신경망", "필터", "편향", "회귀", "역전파", "학습률", "드롭아웃", "relu", "합성곱"):
        assert stem in terms
    for inflected in ("신경망은", "필터를", "편향을", "학습률이", "드롭아웃을"):
        assert inflected not in terms


@pytest.mark.parametrize("typed,stem", CASES)
def test_index_side_normalises_each_case(typed, stem):
    assert stem in index_terms(typed)


def test_query_side_agrees_with_index_side():
    vocabulary = index_terms(CORPUS)
    typed = [t for t, _ in CASES]
    result = js_split(typed, vocabulary)
    for (word, stem), parts in zip(CASES, result):
        expected = stem if stem != "relu" else "ReLU"  # the browser lowercases and stems later
        assert parts == [expected], (word, parts)
        assert word == "ReLU는" or parts[0] in index_terms(word)


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


def test_glossary_keywords_cross_languages():
    assert "backpropagation" in other_language_keywords("역전파를 계산한다", "ko")
    assert "역전파" in other_language_keywords("we use backpropagation here", "en")
