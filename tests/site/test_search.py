"""The search page in headless Chromium (booktools/ext/book_search.py, booktools/static/book-search.js):
particles, glossary variants, questions, section results, messages, and where the index loads."""
import re
from urllib.parse import quote

import pytest

from .conftest import html_pages


def search(server, visit, lang: str, query: str):
    """Run one query on the real search page; returns (the opened page, results as
    [{href, page, text, marks}], marks being the highlighted words of the result's snippet)."""
    v = visit(server.url(f"{lang}/search.html?q={quote(query)}"))
    v.page.wait_for_selector("#search-results[data-complete]", timeout=30000)
    results = v.page.eval_on_selector_all(
        "#search-results ul.search li > a",
        "els => els.map(e => ({href: e.href, page: e.getAttribute('href').split('#')[0], text: e.textContent,"
        " marks: [...e.parentElement.querySelectorAll('p.context mark')].map(m => m.textContent)}))")
    assert v.errors == [], v.errors
    return v, results


def pages(results) -> list[str]:
    out = []
    for r in results:
        if r["page"] not in out:
            out.append(r["page"])
    return out


@pytest.mark.parametrize("query", ["필터", "필터를", "합성곱", "콘볼루션", "컨볼루션 신경망", "CNN"])
def test_korean_search_finds_convnets(server, visit, query):
    """Particles, and old spellings the glossary knows (콘볼루션), find the chapter, not only the glossary."""
    _, results = search(server, visit, "ko", query)
    assert "notes/convnets.html" in pages(results)[:5], (query, pages(results)[:5])


def test_variant_spelling_says_what_it_searched_for(server, visit):
    v, _ = search(server, visit, "ko", "콘볼루션")
    note = v.page.inner_text("#search-results .book-search-rewrite")
    assert "콘볼루션" in note and "합성곱" in note


def test_canonical_spelling_is_not_rewritten(server, visit):
    v, _ = search(server, visit, "ko", "합성곱")
    assert v.page.locator("#search-results .book-search-rewrite").count() == 0


def test_question_returns_its_chapter_first(server, visit):
    """어떻게 and -나요 carry no content: they must not empty the result list."""
    _, results = search(server, visit, "ko", "역전파는 어떻게 계산하나요")
    assert pages(results)[0] == "notes/backpropagation.html", pages(results)[:5]


def test_no_page_has_every_word_falls_back_to_partial_matches(server, visit):
    v, results = search(server, visit, "ko", "브로드캐스팅 LSTM")  # no page has both
    assert {"notes/python-numpy.html", "notes/rnn.html"} <= set(pages(results)[:5]), pages(results)[:5]
    assert v.page.locator("#search-results .book-search-partial").count() == 1


def test_a_word_the_book_does_not_use_is_reported_not_fatal(server, visit):
    v, results = search(server, visit, "ko", "역전파 얼룩말")
    assert pages(results)[0] == "notes/backpropagation.html", pages(results)[:5]
    assert "얼룩말" in v.page.inner_text("#search-results .book-search-ignored")


def test_english_term_typed_on_korean_site(server, visit):
    _, results = search(server, visit, "ko", "backpropagation")
    assert "notes/backpropagation.html" in pages(results)[:5], pages(results)[:5]


def test_korean_term_typed_on_english_site(server, visit):
    _, results = search(server, visit, "en", "역전파를")
    assert "notes/backpropagation.html" in pages(results)[:3], pages(results)[:5]


def test_section_results_link_to_an_anchor_that_exists(server, visit):
    """A result can point to the section where the words occur: its id in the built page,
    whatever that id is, with the section title and a highlighted snippet."""
    checked = 0
    for lang, query in (("ko", "스트라이드"), ("ko", "브로드캐스팅"), ("en", "stride")):
        _, results = search(server, visit, lang, query)
        sections = [r for r in results if "#" in r["href"]]
        assert sections, (lang, query, results[:3])
        first = sections[0]
        assert "›" in first["text"]
        assert first["marks"], first  # the snippet highlights the matched words
        anchor = first["href"].split("#", 1)[1]
        target = visit(first["href"])
        assert target.page.evaluate("id => !!document.getElementById(id)", anchor), first["href"]
        heading = target.page.evaluate(
            "id => document.getElementById(id).querySelector('h1,h2,h3,h4,h5,h6').textContent", anchor)
        assert first["text"].split("›")[-1].strip() in heading
        checked += 1
    assert checked == 3


@pytest.mark.parametrize("lang,words", [("ko", ["얼룩말자전거", "찾지 못했습니다"]), ("en", ["zebrabicycle", "Nothing in the book"])])
def test_nothing_found_says_what_was_searched_and_suggests_glossary_terms(server, visit, lang, words):
    v, results = search(server, visit, lang, words[0])
    assert results == []
    text = v.page.inner_text("#search-results")
    assert words[0] in text and words[1] in text
    assert "categories" not in text and "카테고리" not in text


def test_nothing_found_suggests_close_glossary_terms(server, visit):
    v, _ = search(server, visit, "ko", "역전퍄")  # a typo
    links = v.page.eval_on_selector_all(".book-search-none a", "els => els.map(e => e.textContent)")
    assert any("역전파" in t for t in links), links


def test_translation_status_page_is_not_a_search_result(server, visit):
    for lang, query in (("ko", "번역"), ("en", "translation")):
        _, results = search(server, visit, lang, query)
        assert "translation-status.html" not in pages(results), (lang, pages(results))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_search_index_loads_only_on_the_search_page_and_never_blocks(site, lang):
    for page in html_pages(site, lang):
        html = (site / lang / page).read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>", html)
        search_scripts = [s for s in scripts if re.search(r"searchindex\.js|searchtools\.js|language_data\.js"
                                                          r"|book-search|korean-query", s)]
        if page == "search.html":
            assert len(search_scripts) == 5 and all("defer" in s for s in search_scripts), search_scripts
        else:
            assert search_scripts == [], (page, search_scripts)
