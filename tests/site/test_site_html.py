"""Assertions on the produced HTML of both languages (no browser needed)."""
import json
import os
import re
from pathlib import Path

import nbformat
import pytest

from booktools.book_files import Page, source_path, toc_pages
from booktools.config import load_shared_config
from booktools.exercises import drop_solution_blocks, has_exercises, is_exercise, solution_lines, strip_solution
from booktools.ext.notebooks import INTRO_TAG, SETUP_TAG
from booktools.notebook_markdown import leftover_myst

from .conftest import html_pages

LABS = ("knn", "softmax", "mlp", "convnet", "rnn", "understanding")


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


def notebook_pages(lang: str) -> list[str]:
    return [doc for doc in toc_pages(lang) if "kernelspec" in Page.read(source_path(lang, doc)).meta]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_lab_page_has_colab_binder_and_download(site, lang):
    baked = json.loads((site / "baked-urls.json").read_text(encoding="utf-8"))[lang]["publication"]
    owner_repo = baked["repository"].split("github.com/")[1]
    for lab in LABS:
        html = read(site, lang, f"labs/{lab}.html")
        rel = f"notebooks/{lang}/labs/{lab}.ipynb"
        assert f'href="https://colab.research.google.com/github/{owner_repo}/blob/{baked["notebooks_branch"]}/{rel}"' in html
        assert (f'href="https://mybinder.org/v2/gh/{owner_repo}/{baked["notebooks_branch"]}?urlpath=lab/tree/{rel}"'
                in html)
        download = re.search(rf'href="(\.\./\.\./{rel})" download="{lab}\.ipynb"', html)
        assert download, f"{lang}/labs/{lab}: no download link with a download attribute"
        assert (site / lang / "labs" / download.group(1)).resolve() == (site / rel)
        executed = re.search(rf'href="(\.\./\.\./notebooks/{lang}/labs/{lab}-executed\.ipynb)" download=', html)
        assert executed and (site / lang / "labs" / executed.group(1)).resolve().exists()
        outputs = nbformat.read(site / f"notebooks/{lang}/labs/{lab}-executed.ipynb", as_version=4)
        assert any(c.get("outputs") for c in outputs.cells if c.cell_type == "code"), "executed notebook has outputs"
        assert ">.pdf<" not in html and ">.ipynb<" not in html, "entries are labelled by what the reader gets"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_generated_notebooks_are_clean_and_match_their_sources(site, lang):
    import jupytext

    for doc in notebook_pages(lang):
        path = site / "notebooks" / lang / f"{doc}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.nbformat == 4 and "accelerator" not in nb.metadata, "no GPU request unless full mode"
        assert INTRO_TAG in nb.cells[0].metadata.get("tags", []) and "full" in nb.cells[0].source
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert SETUP_TAG in code[0].metadata.get("tags", [])
        assert all(not c.outputs and c.execution_count is None for c in code)
        source = jupytext.read(Path("book") / lang / f"{doc}.md")
        assert [c.source for c in code[1:]] == [c.source for c in source.cells if c.cell_type == "code"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_myst_or_relative_links_left_in_any_generated_notebook(site, lang):
    found = []
    paths = sorted((site / "notebooks" / lang).rglob("*.ipynb"))
    assert len(paths) >= 2 * len(notebook_pages(lang))
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for number, cell in enumerate(nb.cells, 1):
            if cell.cell_type == "markdown":
                found += [f"{path.relative_to(site)} cell {number}: {x}" for x in leftover_myst(cell.source)]
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_student_notebooks_exactly_for_pages_with_exercises_and_without_solutions(site, lang):
    import jupytext

    with_exercises = {doc for doc in notebook_pages(lang) if has_exercises(jupytext.read(source_path(lang, doc)))}
    students = {p.relative_to(site / "notebooks" / lang).as_posix()[:-len("-student.ipynb")]
                for p in (site / "notebooks" / lang).rglob("*-student.ipynb")}
    assert students == with_exercises
    for doc in students:
        solved = nbformat.read(site / "notebooks" / lang / f"{doc}.ipynb", as_version=4)
        student = nbformat.read(site / "notebooks" / lang / f"{doc}-student.ipynb", as_version=4)
        hidden = [line for c in solved.cells if c.cell_type == "code" for line in solution_lines(c.source)]
        # a line such as `return out` may also belong to code the page shows openly (a listing that
        # is not a solution): only solution lines found nowhere else in the solved notebook count
        elsewhere = "\n".join(drop_solution_blocks(c.source) if c.cell_type == "markdown"
                               else strip_solution(c.source, doc) if is_exercise(c) else c.source
                               for c in solved.cells)
        text = "\n".join(c.source for c in student.cells)
        assert hidden and not [line for line in hidden if line in text and line not in elsewhere], doc
        assert "SOLUTION" not in text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_meta_description_and_absolute_hreflang_on_every_page(site, lang):
    base = json.loads((site / "baked-urls.json").read_text(encoding="utf-8"))[lang]["publication"]["site_url"]
    for page in html_pages(site, lang):
        html = read(site, lang, page)
        description = re.search(r'<meta name="description" content="([^"]+)"', html)
        assert description and len(description.group(1)) > 20, f"{lang}/{page}: no meta description"
        if lang == "ko" and page != "search.html":
            assert re.search(r"[\uac00-\ud7a3]", description.group(1)), f"{page}: description not in Korean"
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)"', html))
        assert alternates == {code: f"{base}{code}/{page}" for code in ("en", "ko")}, page


def test_deploy_build_has_no_placeholder_url(site):
    """With BOOK_DEPLOY set (the workflow), nothing may point at the default repository of _config.yml."""
    baked = json.loads((site / "baked-urls.json").read_text(encoding="utf-8"))
    deploy = os.environ.get("BOOK_DEPLOY", "") not in ("", "0")
    assert all(part["publication"]["deploy"] == deploy for part in baked.values()), "site built in another mode"
    urls = [u for part in baked.values() for group in ("pages", "notebooks") for us in part[group].values() for u in us]
    assert any("colab.research.google.com" in u for u in urls) and any(u.endswith(".ipynb") for u in urls)
    if deploy:
        placeholder = load_shared_config()["repository"]["url"].split("github.com/")[1]
        assert not [u for u in urls if placeholder in u]
        leaks = [p for p in site.rglob("*") if p.suffix in (".html", ".ipynb")
                 and placeholder in p.read_text(encoding="utf-8", errors="replace")]
        assert not leaks, f"placeholder {placeholder} in {leaks[:5]}"


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


def test_no_icon_font_and_no_script_blocks_rendering(site):
    for lang in ("en", "ko"):
        for page in html_pages(site, lang):
            html = read(site, lang, page)
            head = html.split("</head>", 1)[0]
            assert "fontawesome" not in html, page
            assert not re.search(r'class="[^"]*\bfa-(solid|regular|brands)\b|class="fa[bsr] ', html), page
            blocking = [re.search(r'src="([^"?]+)', tag).group(1).rsplit("/", 1)[-1]
                        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head)
                        if not re.search(r"\s(defer|async)\b", tag)]
            assert blocking == [], (page, blocking)
            for img in re.findall(r"<img\b[^>]*>", html):
                assert re.search(r'\swidth="\d+" height="\d+"', img), (page, img)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_notebook_links_to_the_site_resolve_to_pages_and_anchors(site, lang):
    """Every link a notebook makes to the published site names a built page, image and anchor."""
    base = json.loads((site / "baked-urls.json").read_text(encoding="utf-8"))[lang]["publication"]["site_url"]
    ids: dict[Path, set] = {}
    broken = []
    for path in sorted((site / "notebooks" / lang).rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for url in re.findall(r"\]\((" + re.escape(base) + r"[^)\s]+)\)", text):
            target, _, anchor = url[len(base):].partition("#")
            file = site / target
            if not file.exists():
                broken.append(f"{path.name}: {url} (no {target})")
                continue
            if anchor:
                if file not in ids:
                    ids[file] = set(re.findall(r'id="([^"]+)"', file.read_text(encoding="utf-8")))
                if anchor not in ids[file]:
                    broken.append(f"{path.name}: {url} (no anchor)")
    assert not broken, "\n".join(broken[:30])
