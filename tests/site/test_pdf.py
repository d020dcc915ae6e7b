"""The book's PDF of each language (booktools/pdf.py), read back with poppler-utils and pypdf:
every chapter in order, fonts embedded, outline, language, rendered math, nothing past the
page edge, internal links, solutions only at the end of their chapter, and the site's link."""
from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from booktools.config import load_shared_config

LANGS = ["en", "ko"]
HANGUL = re.compile("[가-힣]")
A4 = (595.3, 841.9)  # points
SOLUTIONS = {"en": "Solutions", "ko": "풀이"}


def poppler(tool: str, *args: str) -> str:
    exe = shutil.which(tool)
    assert exe, f"{tool} not found: install poppler-utils (`make browser` does)"
    return subprocess.run([exe, *args], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def reader(path: Path):
    from pypdf import PdfReader

    return PdfReader(path)


@cache
def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every bookmark, in order."""
    pdf = reader(path)
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, " ".join(item.title.split()), pdf.get_destination_page_number(item)))
    walk(pdf.outline, 0)
    return found


@cache
def page_texts(path: Path) -> list[str]:
    return poppler("pdftotext", "-layout", str(path), "-").split("\f")


def chapter_titles(site: Path, lang: str) -> list[str]:
    """The chapters of the site's table of contents (front page), in order."""
    soup = BeautifulSoup((site / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = soup.select(".toctree-wrapper a.reference.internal")
    assert links, "the front page has no table of contents"
    return [" ".join(a.get_text(" ").split()) for a in links]


@pytest.fixture(params=LANGS)
def book(request, site):
    lang = request.param
    path = site / lang / "book.pdf"
    assert path.is_file(), f"{path} missing: the build prints the PDF when a browser is found"
    return lang, path


def test_every_chapter_of_the_toc_is_in_the_text_in_order(book, site):
    lang, path = book
    text = squash("".join(page_texts(path)))
    at = 0
    for title in chapter_titles(site, lang):
        found = text.find(squash(title), at)
        assert found >= 0, f"{lang}/book.pdf: chapter {title!r} missing or out of order"
        at = found
    assert len(page_texts(path)) > 50


def test_outline_has_every_chapter_and_its_sections(book, site):
    lang, path = book
    entries = outline(path)
    titles = [title for _, title, _ in entries]
    for title in chapter_titles(site, lang):
        assert title in titles, f"{lang}/book.pdf: no bookmark for chapter {title!r}"
    # Parts > chapters > sections: bookmarks on at least three levels.
    assert max(level for level, _, _ in entries) >= 2


def test_all_fonts_are_embedded_korean_in_a_korean_font(book):
    lang, path = book
    rows = poppler("pdffonts", str(path)).splitlines()[2:]
    assert rows
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not not_embedded, f"{lang}/book.pdf: fonts not embedded: {not_embedded}"
    if lang == "ko":
        assert any(re.search(r"Nanum|NotoSansCJK|NotoSansKR|AppleSDGothic", row) for row in rows), rows


def test_metadata_language_title_and_authors(book):
    lang, path = book
    pdf = reader(path)
    config = load_shared_config()
    assert pdf.trailer["/Root"]["/Lang"] == lang
    assert pdf.metadata.title == config["languages"][lang]["title"]
    assert pdf.metadata.author == config["languages"][lang].get("author", config["author"])
    assert "/StructTreeRoot" in pdf.trailer["/Root"], "the PDF is not tagged"
    text = "".join(page_texts(path))
    hangul = len(HANGUL.findall(text))
    if lang == "ko":
        assert hangul > 20000, f"ko/book.pdf has only {hangul} Hangul syllables"
    else:
        assert hangul < len(text) / 50  # the English book only quotes Korean terms


def test_math_and_roles_are_rendered_not_raw(book):
    lang, path = book
    for page_number, text in enumerate(page_texts(path), start=1):
        for raw in ("$$", "\\frac", "{term}", "\\mathbf", "{math}"):
            assert raw not in text, f"{lang}/book.pdf page {page_number}: raw {raw!r}"


def test_pages_are_a4_and_no_text_runs_past_the_edge(book):
    lang, path = book
    pdf = reader(path)
    for index, page in enumerate(pdf.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, f"{lang} page {index + 1}: {width} x {height}"
    # Word boxes: a code line or a table cut at the page edge would leave words beyond it.
    layout = BeautifulSoup(poppler("pdftotext", "-bbox", str(path), "-"), "html.parser")
    past = []
    for number, page in enumerate(layout.find_all("page"), start=1):
        edge = float(page["width"]) - 20  # the right margin is 16 mm = 45 pt
        past += [(number, w.get_text()) for w in page.find_all("word") if float(w["xmax"]) > edge]
    assert not past, f"{lang}/book.pdf: words past the right edge: {past[:10]}"


def test_internal_links_jump_to_pages_of_the_same_file(book):
    lang, path = book
    pdf = reader(path)
    named = pdf.named_destinations
    targets, dangling = 0, []
    for index, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            dest = annot.get_object().get("/Dest")
            if dest is None:
                continue
            if isinstance(dest, list):
                target = pdf.get_page_number(dest[0].get_object())
            elif str(dest) in named:  # a named destination (Chromium names them by the HTML id)
                target = pdf.get_destination_page_number(named[str(dest)])
            else:
                dangling.append((index + 1, str(dest)))
                continue
            assert 0 <= target < len(pdf.pages)
            targets += target != index
    assert not dangling, f"{lang}/book.pdf: links to destinations it does not have: {dangling[:10]}"
    assert targets > 100, f"{lang}/book.pdf: only {targets} links to other pages of the PDF"
    uris = [a.get_object()["/A"].get("/URI") for p in pdf.pages for a in p.get("/Annots", [])
            if "/A" in a.get_object()]
    assert any(str(u).startswith("https://") for u in uris), "no clickable external link"


def test_solutions_are_only_at_the_end_of_their_chapter(book, site):
    lang, path = book
    entries = outline(path)
    chapters = [(title, page) for level, title, page in entries if title in set(chapter_titles(site, lang))]
    texts = page_texts(path)
    marked = [index for index, text in enumerate(texts) if "BEGIN SOLUTION" in text]
    assert marked, "no lab solution code in the PDF at all"
    for index in marked:
        chapter, start = max(((t, p) for t, p in chapters if p <= index), key=lambda tp: tp[1])
        solutions = [p for level, title, p in entries if title == SOLUTIONS[lang] and start <= p <= index]
        assert solutions, f"{lang}/book.pdf page {index + 1}: solution code inside {chapter!r}, not in its Solutions"


def test_lab_plots_are_in_the_pdf(book, site):
    lang, path = book
    plots = set()
    for page in (site / lang / "labs").glob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        plots |= {img["src"] for img in soup.select(".cell_output img")}
    assert plots, "the labs have no plot outputs"
    images = poppler("pdfimages", "-list", str(path)).splitlines()[2:]
    assert len(images) >= len(plots), f"{lang}/book.pdf: {len(images)} images for {len(plots)} lab plots"


@pytest.mark.parametrize("lang", LANGS)
def test_front_page_links_its_own_pdf_with_its_size(site, lang):
    soup = BeautifulSoup((site / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one(".book-pdf-link a")
    assert link is not None and link["href"] == "book.pdf" and link.get("hreflang") == lang
    assert HANGUL.search(link.get_text()) if lang == "ko" else "PDF" in link.get_text()
    shown = soup.select_one(".book-pdf-size").get_text()
    match = re.fullmatch(r"\(PDF, ([\d.]+) MB\)", shown)
    assert match, f"{lang}/index.html: size {shown!r}"
    size = (site / lang / "book.pdf").stat().st_size / 1e6
    assert abs(float(match.group(1)) - size) <= 0.051, (shown, size)
