"""Builds of a tiny book in a temporary folder: strictness, errors that name the file, the
glossary role, translation banners, and the notebook cache."""
import json
import re

import pytest

# A glossary use as the page shows it: Sphinx's reference around the book's rendering of the term.
TERM = re.compile(r'<a class="reference internal"[^>]*><span class="book-term[^"]*">(.*?)</span></a>')


@pytest.fixture(scope="module")
def built(built_minibook):
    return built_minibook


def test_both_languages_and_root_page(built):
    book, _ = built
    for lang in ("en", "ko"):
        assert f'<html lang="{lang}"' in book.html(lang, "notes/intro")
    root = (book.root / "_build/site/index.html").read_text(encoding="utf-8")
    assert 'href="en/index.html"' in root and 'href="ko/index.html"' in root and "navigator.languages" in root


def test_term_role_first_use_shows_english_in_korean(built):
    book, _ = built
    ko = book.html("ko", "notes/intro")
    terms = TERM.findall(ko)
    assert terms[0] == '학습률<span class="book-term-en">(learning rate)</span>'
    assert terms[1] == '경사 하강법<span class="book-term-en">(gradient descent)</span>'
    assert terms[2] == "경사 하강법"            # later use: Korean only
    assert terms[3] == "ReLU"                    # keep_english: no parentheses
    assert 'href="../glossary.html#term-gradient-descent"' in ko
    en = book.html("en", "notes/intro")
    assert TERM.findall(en)[:2] == ["gradient descent", "learning rate"]
    assert 'title="경사 하강법 (gradient descent): Repeated steps against the gradient."' in en
    # the explicit form keeps its own text, still linked to the entry (and the English after a first use)
    assert TERM.findall(book.html("en", "notes/second"))[1] == "descent steps"
    assert TERM.findall(book.html("ko", "notes/second"))[1] == '내려가는 걸음<span class="book-term-en">(gradient descent)</span>'


def test_glossary_page_sorted_escaped_with_usage_and_downloads(built):
    book, _ = built
    ko = book.html("ko", "glossary")
    order = [ko.index(f'id="term-{i}"') for i in ("gradient-descent", "learning-rate", "relu", "cifar-10")]
    assert order == sorted(order), ("Korean glossary: 가나다 (경사 하강법, 학습률), then names kept in English (ReLU), "
                                    "then the folded terms no page uses yet (CIFAR-10)")
    assert 'id="group-ㄱ"' in ko and 'id="group-ㅎ"' in ko and 'id="group-R"' in ko
    # names kept in English head their entries; a Korean gloss comes second, a coined headword nowhere
    assert re.search(r'<strong class="book-glossary-headword"[^>]*>ReLU</strong> · '
                     r'<span class="book-glossary-other"[^>]*>정류 선형 유닛</span>', ko)
    assert re.search(r'<strong class="book-glossary-headword"[^>]*>CIFAR-10</strong>\s*</dt>', ko)
    assert re.search(r'<strong class="book-glossary-headword"[^>]*>학습률</strong> · '
                     r'<span class="book-glossary-other"[^>]*>learning rate</span>', ko)
    assert "&lt;b&gt;이다&lt;/b&gt;" in ko and "<b>이다</b>" not in ko
    assert '<a class="reference internal" href="notes/intro.html">소개</a>' in ko
    en = book.html("en", "glossary")
    assert en.index('id="term-gradient-descent"') < en.index('id="term-learning-rate"') < en.index('id="term-relu"')
    data = json.loads((book.root / "_build/site/en/glossary.json").read_text(encoding="utf-8"))
    assert {row["id"] for row in data} == {"gradient-descent", "learning-rate", "relu", "cifar-10", "gradient",
                                           "training"}
    assert (book.root / "_build/site/ko/glossary.csv").read_text(encoding="utf-8-sig").startswith("id,en,ko")


def test_ui_strings_come_from_the_message_catalogs(built):
    """The book's own strings (booktools.po) and the themes' strings left in English upstream
    (sphinx.po, through the book's copies of the templates that hard-code them) are Korean on
    Korean pages and English on English pages."""
    book, _ = built
    ko, en = book.html("ko", "glossary"), book.html("en", "glossary")
    assert '<label for="book-glossary-filter">용어 찾기</label>' in ko and "초성 바로가기: " in ko
    assert '<label for="book-glossary-filter">Filter the glossary</label>' in en and "Jump to letter: " in en
    assert 'aria-label="English: 이 페이지를 영어로 보기"' in ko and 'aria-label="한국어: read this page in Korean"' in en
    assert 'aria-label="주 탐색"' in ko and 'aria-label="Main"' in en     # sbt-sidebar-nav.html
    # layout.html: the print-only contents of a page with sections
    assert '<nav aria-label="페이지">' in book.html("ko", "notes/intro")
    assert '<nav aria-label="Page">' in book.html("en", "notes/intro")
    assert "저작권 © 2026." in ko and "© Copyright 2026." in en
    assert 'placeholder="검색"' in ko and 'placeholder="Search"' in en
    status = book.html("ko", "translation-status")
    assert "<p>페이지</p>" in status and "<p>진행률</p>" in status and "CONTRIBUTING.ko.md" in status
    search_data = (book.root / "_build/site/ko/_static/book-search-data.js").read_text(encoding="utf-8")
    assert '"glossary":"용어집 보기"' in search_data


def test_unchanged_notebook_is_not_re_executed(built):
    book, _ = built
    book.write("book/en/notes/second.md", "# Second\n\nEdited prose about {term}`learning-rate`.\n")
    again = book.build("--lang", "en")
    assert again.returncode == 0, again.stdout
    assert "Executing notebook" not in again.stdout
    assert "Edited prose" in book.html("en", "notes/second")


def test_cell_that_raises_fails_the_build_naming_page_and_cell(minibook):
    book = minibook
    text = book.path("book/en/notes/intro.md").read_text(encoding="utf-8")
    book.write("book/en/notes/intro.md", text.replace("print(1 + 1)", "raise ValueError('boom in cell')"))
    result = book.build("--lang", "en")
    assert result.returncode != 0
    assert "notes/intro" in result.stdout and "boom in cell" in result.stdout


def test_unknown_term_fails_with_file_line_and_suggestion(minibook):
    book = minibook
    book.write("book/en/notes/second.md", "# Second\n\nText with {term}`learning-rat`.\n")
    result = book.build("--lang", "en")
    assert result.returncode != 0
    assert re.search(r"book/en/notes/second.md:3: ERROR: unknown glossary term 'learning-rat'; "
                     r"did you mean 'learning-rate'", result.stdout)


def test_broken_link_and_bad_math_fail_with_file(minibook):
    book = minibook
    book.write("book/en/notes/second.md", "# Second\n\nSee [missing](nowhere.md).\n")
    result = book.build("--lang", "en")
    assert result.returncode != 0 and "book/en/notes/second.md:3" in result.stdout


def test_malformed_glossary_fails_build_with_line(minibook):
    book = minibook
    book.write("glossary.yml", "terms:\n  - id: x\n    en: [broken\n")
    result = book.build("--lang", "en")
    assert result.returncode != 0
    assert "glossary.yml:" in (result.stdout + result.stderr)


def test_missing_stub_and_outdated_translations(minibook):
    """A missing Korean file is an error with the fix (no English fallback page is made up); a stub
    copy gets the "not translated yet" banner; an outdated page the "source changed" banner."""
    book = minibook
    book.mark_all()
    book.path("book/ko/notes/second.md").unlink()
    book.write("book/en/notes/intro.md",
               book.path("book/en/notes/intro.md").read_text(encoding="utf-8") + "\nA new English paragraph.\n")
    status = book.run("-m", "booktools.status")
    assert status.returncode == 0
    assert re.search(r"notes/intro\s+outdated", status.stdout)
    assert re.search(r"notes/second\s+missing", status.stdout)
    data = json.loads((book.root / "_build/translation-status.json").read_text(encoding="utf-8"))
    assert {p["docname"]: p["state"] for p in data["pages"]}["notes/second"] == "missing"
    check = book.run("-m", "booktools.check")
    assert check.returncode == 1
    assert "book/ko/notes/second.md: missing" in check.stdout and "translation: {stub: true}" in check.stdout
    book.write("book/ko/notes/second.md", "---\ntranslation: {stub: true}\n---\n"
               + book.path("book/en/notes/second.md").read_text(encoding="utf-8"))
    result = book.build("--lang", "ko")
    assert result.returncode == 0, result.stdout
    stub = book.html("ko", "notes/second")
    assert "아직 번역되지 않은 페이지입니다" in stub and "More text about" in stub
    assert '<html lang="ko"' in stub
    outdated = book.html("ko", "notes/intro")
    assert "원문이 바뀌었습니다" in outdated
    assert 'href="../../en/notes/intro.html"' in outdated
    assert "github.com" not in outdated.split("원문이 바뀌었습니다")[1].split("</div>")[0]
    table = book.html("ko", "translation-status")
    assert "번역 시작 전" in table and "원문 변경됨" in table and "<progress" in table


def test_make_check_exit_codes(minibook):
    book = minibook
    book.mark_all()
    clean = book.run("-m", "booktools.check")
    assert clean.returncode == 0, clean.stdout
    book.write("book/en/notes/second.md", "# Second\n\nMore text about {term}`learning-rate`, changed.\n")
    outdated = book.run("-m", "booktools.check")
    assert outdated.returncode == 0 and "warning:" in outdated.stdout and "outdated" in outdated.stdout
    book.mark_all()
    book.write("book/ko/notes/second.md", "# 두 번째\n\n그래디언트 디센트에 관한 글이다.\n\n## 덧붙인 절\n")
    bad = book.run("-m", "booktools.check")
    assert bad.returncode == 1
    assert "book/ko/notes/second.md:3: '그래디언트 디센트' is discouraged" in bad.stdout
    assert "heading mismatch" in bad.stdout


def test_sections_share_the_english_ids(built):
    """booktools/ext/shared_anchors.py: Korean sections get their English counterpart's id; docutils'
    own ids stay as aliases; a repeated English heading gets -2."""
    book, _ = built
    ko, en = book.html("ko", "notes/intro"), book.html("en", "notes/intro")
    ids = [re.findall(r'<section\b[^>]*\bid="([^"]+)"', html) for html in (en, ko)]
    assert ids[0] == ids[1] == ["intro", "choosing-the-step", "notes", "notes-2"]
    assert re.search(r'<section\b[^>]*id="choosing-the-step"[^>]*>\s*<span id="id\d+"></span>', ko)
    assert 'href="#choosing-the-step"' in ko, "the page's table of contents links the shared id"


def test_make_check_names_file_line_and_canonical_form_of_planted_slips(minibook):
    book = minibook
    book.mark_all()
    book.write("book/ko/notes/second.md", "# 두 번째\n\n손실의 그레이디언트를 구한다.\n\n"
               "모델을 다시 학습시킨다.\n\n사이파-10 이미지를 쓴다.\n")
    book.write("labs/plot.py", 'LABEL = {"ko": "그레이디언트 노름"}\n')
    bad = book.run("-m", "booktools.check")
    assert bad.returncode == 1
    for expected in (
            ("book/ko/notes/second.md:3: '그레이디언트' is not used in this book (이 책은 '그래디언트'로 통일한다); "
            "write '그래디언트' or {term}`gradient`"),
            ("book/ko/notes/second.md:5: '학습시킨' is a wrong use in context (train은 '훈련'으로 쓴다); "
            "write '훈련' or {term}`training`"),
            ("book/ko/notes/second.md:7: '사이파-10' is discouraged (아무도 쓰지 않는 조어 표제어이다); "
            "write the English name 'CIFAR-10' or {term}`cifar-10`"),
            "labs/plot.py:1: '그레이디언트' is not used in this book"):
        assert expected in bad.stdout, bad.stdout


def test_a_test_without_the_build_marker_may_not_build_the_minibook(tmp_path):
    """`pytest -m "not build"` stays fast: the mini-book refuses to build for an unmarked test."""
    from tests.minibook import MiniBook

    with pytest.raises(RuntimeError, match=r"test_a_test_without_the_build_marker.*add @pytest\.mark\.build"):
        MiniBook(tmp_path).build("--lang", "en")
