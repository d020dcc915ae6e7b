"""Assertions on the produced HTML of both languages (no browser needed)."""
import re
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from booktools.notebooks import SETUP_TAG, notebook_pages
from booktools.translation.pages import toc_pages

from .conftest import html_pages

LABS = ("knn", "softmax", "mlp", "convnet", "rnn")


def read(site: Path, lang: str, page: str) -> str:
    return (site / lang / page).read_text(encoding="utf-8")


def test_both_languages_have_the_same_pages(site):
    en, ko = html_pages(site, "en"), html_pages(site, "ko")
    assert en == ko
    for doc in toc_pages("en"):
        assert f"{doc}.html" in en


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_lang_attribute_and_switcher_on_every_page(site, lang):
    other = "ko" if lang == "en" else "en"
    for page in html_pages(site, lang):
        html = read(site, lang, page)
        assert re.search(rf'<html lang="{lang}"', html), page
        match = re.search(r'<a class="btn btn-sm book-language-switcher" href="([^"]+)" hreflang="(\w+)"', html)
        assert match, f"{lang}/{page} has no language switcher"
        href, hreflang = match.groups()
        assert hreflang == other and not href.startswith(("/", "http"))
        target = (site / lang / page).parent / href
        assert target.resolve() == (site / other / page).resolve() and target.exists(), (page, href)


def test_root_page_redirects_by_language_and_links_both(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="en/index.html"' in html and 'href="ko/index.html"' in html
    assert "navigator.languages" in html and 'indexOf("ko")' in html


def test_korean_pages_use_korean_theme_strings(site):
    html = read(site, "ko", "notes/optimization.html")
    for text in ('aria-label="검색"', 'title="검색"', "소스 저장소", "맨 위로", "본문으로 건너뛰기"):
        assert text in html
    assert "Skip to main content" not in html and "Back to top" not in html


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_lab_page_has_colab_binder_and_download(site, lang):
    for lab in LABS:
        html = read(site, lang, f"labs/{lab}.html")
        colab = re.search(r'href="(https://colab\.research\.google\.com/github/[^"]+)"', html)
        binder = re.search(r'href="(https://mybinder\.org/v2/gh/[^"]+)"', html)
        download = re.search(rf'href="(\.\./\.\./notebooks/{lang}/labs/{lab}\.ipynb)"', html)
        assert colab and binder and download, f"{lang}/labs/{lab}: missing launch/download link"
        parts = urlparse(colab.group(1))
        assert parts.path.endswith(f"/blob/notebooks/{lang}/labs/{lab}.ipynb")
        assert binder.group(1).endswith(f"?urlpath=lab/tree/book/{lang}/labs/{lab}.md")
        assert (site / lang / "labs" / download.group(1)).resolve() == (site / "notebooks" / lang / "labs" / f"{lab}.ipynb")
        assert (site / "notebooks" / lang / "labs" / f"{lab}.ipynb").exists()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_generated_notebooks_are_clean_and_match_their_sources(site, lang):
    import jupytext

    for doc in notebook_pages(lang):
        path = site / "notebooks" / lang / f"{doc}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.nbformat == 4
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert SETUP_TAG in code[0].metadata.get("tags", [])
        assert all(not c.outputs and c.execution_count is None for c in code)
        source = jupytext.read(Path("book") / lang / f"{doc}.md")
        assert [c.source for c in code[1:]] == [c.source for c in source.cells if c.cell_type == "code"]


def test_glossary_downloads_published(site):
    for lang in ("en", "ko"):
        assert (site / lang / "glossary.json").stat().st_size > 10_000
        assert (site / lang / "glossary.csv").stat().st_size > 10_000


def test_math_rendered_to_mathml_at_build_time(site):
    mathml = 0
    for lang in ("en", "ko"):
        for page in html_pages(site, lang):
            html = read(site, lang, page)
            body = re.sub(r"<pre.*?</pre>", "", html.split('<main', 1)[-1], flags=re.DOTALL)
            assert "$$" not in body and "math-error" not in body, page
            blocks = re.findall(r'<div class="math notranslate"[^>]*>(.*?)</div>', body, flags=re.DOTALL)
            assert all("<math" in b for b in blocks), page
            assert not re.search(r"<script[^>]*mathjax|MathJax", html), page
            mathml += body.count("<math")
    assert mathml > 3000, "the book's ~3,600 equations should all be MathML"



SECTION_ID = re.compile(r'<section\b[^>]*\bid="([^"]+)"')


def test_every_section_has_the_same_id_in_both_languages(site):
    """Korean sections carry the id of their English counterpart (booktools/ext/shared_anchors.py),
    so a link to a section works in both languages and the switcher can keep the reader's place."""
    problems = []
    for page in html_pages(site, "en"):
        en = SECTION_ID.findall(read(site, "en", page))
        ko = SECTION_ID.findall(read(site, "ko", page))
        if set(en) != set(ko):
            problems.append(f"{page}: only English {sorted(set(en) - set(ko))}, "
                            f"only Korean {sorted(set(ko) - set(en))}")
    assert problems == []
    convnets = SECTION_ID.findall(read(site, "ko", "notes/convnets.html"))
    assert "the-output-size-formula" in convnets
    assert not any(re.fullmatch(r"id\d+", i) for i in convnets), "Korean sections still have docutils' idN ids"


# Sphinx's search scripts that pydata-sphinx-theme loads synchronously on every page, and the two
# they need at once (booktools/ext/lean_pages.py SEARCH_NEEDS); everything else is deferred.
SYNC_SEARCH_SCRIPTS = {"searchtools.js", "language_data.js", "searchindex.js", "documentation_options.js",
                       "doctools.js"}


def test_no_icon_font_or_script_and_only_search_scripts_block(site):
    for lang in ("en", "ko"):
        for page in html_pages(site, lang):
            html = read(site, lang, page)
            head = html.split("</head>", 1)[0]
            assert "fontawesome" not in html, page
            assert not re.search(r'class="[^"]*\bfa-(solid|regular|brands)\b|class="fa[bsr] ', html), page
            blocking = [re.search(r'src="([^"?]+)', tag).group(1).rsplit("/", 1)[-1]
                        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head)
                        if not re.search(r"\s(defer|async)\b", tag)]
            assert set(blocking) <= SYNC_SEARCH_SCRIPTS, (page, blocking)
            for img in re.findall(r"<img\b[^>]*>", html):
                assert re.search(r'\swidth="\d+" height="\d+"', img), (page, img)
