"""The book's PDF (booktools/pdf.py) from a tiny hand-made site: table of contents, links and
ids of the joined document, solutions moved to the end of their chapter, the site's PDF link,
and one real print with Chromium (outline, tagging, metadata, internal links)."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from booktools import pdf
from booktools.ext.pdf_link import link_html

SITE_URL = "https://example.org/book/"

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><link rel="stylesheet" href="{up}_static/book.css"></head>
<body><article class="bd-article">{body}</article></body></html>"""

INDEX = """<section id="t"><h1>Tiny book<a class="headerlink" href="#t">#</a></h1>
<p>A book of two chapters.</p>
<p class="book-pdf-link"><a href="book.pdf">The whole book as a PDF</a> <span class="book-pdf-size"></span></p>
</section>"""

NOTES = """<section id="first"><h1>First chapter<a class="headerlink" href="#first">#</a></h1>
<p>See <a class="reference internal" href="../glossary.html#term-loss">loss</a>,
<a href="#part-two">below</a>, <a href="#nowhere">a lost target</a>, <a href="second.html">the next chapter</a>,
<a href="../_downloads/x.ipynb">the notebook</a>, <a href="../../ko/notes/first.html">Korean</a> and
<a href="https://numpy.org/">NumPy</a>.</p>
<img src="../_images/plot.svg" alt="a plot" loading="lazy">
<section id="part-two"><h2>Part two</h2>
<div class="exercise admonition"><p class="admonition-title">Exercise 1</p><p>Compute 6 times 7.</p></div>
<div class="dropdown solution admonition"><p class="admonition-title">Solution</p><p>It is 42.</p></div>
<h3>Write it yourself</h3>
<div class="cell tag_exercise tag_hide-input"><details class="admonition hide above-input">
<summary><p>Show code cell source</p></summary><pre>answer = 6 * 7  # BEGIN SOLUTION</pre></details>
<div class="cell_output"><pre>42</pre></div></div>
</section></section>"""

SECOND = """<section id="second"><h1>Second chapter</h1><p>Back to <a href="first.html#part-two">part two</a>.</p>
</section>"""

GLOSSARY = """<section id="glossary"><h1>Glossary</h1><dl><dt id="term-loss">loss</dt><dd>How wrong.</dd></dl>
<details class="book-glossary-unused"><summary>Unused terms</summary><p>kept folded</p></details></section>"""

TOC = {"format": "jb-book", "root": "index", "parts": [
    {"caption": "Notes", "chapters": [{"file": "notes/first"}, {"file": "notes/second.md"}]},
    {"caption": "Reference", "chapters": [{"file": "glossary"}]},
]}


@pytest.fixture
def tiny_site(tmp_path):
    root = tmp_path / "en"
    for name, body in {"index": INDEX, "notes/first": NOTES, "notes/second": SECOND, "glossary": GLOSSARY}.items():
        page = root / f"{name}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(lang="en", up="../" * name.count("/"), body=body), encoding="utf-8")
    (root / "_static").mkdir()
    (root / "_static" / "book.css").write_text("body { color: #111; }", encoding="utf-8")
    (root / "_images").mkdir()
    (root / "_images" / "plot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>')
    return root


def assembled(site_dir):
    return BeautifulSoup(pdf.assemble("en", site_dir, SITE_URL, pdf.toc_chapters(TOC)), "html.parser")


def test_toc_chapters_in_order_with_each_parts_caption_on_its_first_chapter():
    root, chapters = pdf.toc_chapters(TOC)
    assert root == "index"
    assert [(c.docname, c.part) for c in chapters] == [
        ("notes/first", "Notes"), ("notes/second", None), ("glossary", "Reference")]
    _, nested = pdf.toc_chapters({"root": "index", "chapters": [{"file": "a", "sections": [{"file": "a/b"}]}]})
    assert [c.docname for c in nested] == ["a", "a/b"]


def test_links_between_pages_become_links_within_the_document(tmp_path):
    linker = pdf.Linker(SITE_URL, "en", tmp_path / "en", {"index", "notes/first", "notes/second", "glossary"})
    assert linker.href("notes/first", "#part-two") == "#notes-first--part-two"
    assert linker.href("notes/first", "../glossary.html#term-loss") == "#glossary--term-loss"
    assert linker.href("notes/first", "second.html") == "#notes-second"
    assert linker.href("notes/first", "../_downloads/x.ipynb") == "https://example.org/book/en/_downloads/x.ipynb"
    assert linker.href("notes/first", "../../ko/notes/first.html") == "https://example.org/book/ko/notes/first.html"
    assert linker.href("notes/first", "https://numpy.org/") == "https://numpy.org/"
    assert linker.resource("notes/first", "../_images/p.png") == (tmp_path / "en" / "_images" / "p.png").as_uri()


def test_joined_document_has_title_page_contents_and_every_chapter_in_order(tiny_site):
    doc = assembled(tiny_site)
    assert doc.html["lang"] == "en" and doc.title.get_text() == "Deep Learning for Computer Vision"
    assert "A book of two chapters." in doc.select_one(".book-pdf-title").get_text()
    assert [a["href"] for a in doc.select(".book-pdf-toc a")] == ["#notes-first", "#notes-second", "#glossary"]
    assert [a.get_text() for a in doc.select(".book-pdf-toc a")] == ["First chapter", "Second chapter", "Glossary"]
    assert [h.get_text() for h in doc.select("h1.book-pdf-part")] == ["Notes", "Reference"]
    # Page headings are one level down, below the parts: the outline reads part > chapter > section.
    assert [h.get_text() for h in doc.select(".book-pdf-chapter h2")] == ["First chapter", "Second chapter", "Glossary"]
    assert [h.get_text() for h in doc.select("#notes-first h3")] == ["Part two", "Solutions"]
    assert not doc.select(".book-pdf-chapter h1:not(.book-pdf-part)")
    assert not doc.select("a.headerlink") and not doc.select(".book-pdf-link")
    # Every chapter prints on its own named page whose header is its title.
    style = doc.find("style").get_text()
    assert '@page chapter-2 { @top-right { content: "Second chapter"; } }' in style
    assert "#glossary { page: chapter-3; }" in style


def test_every_internal_link_of_the_document_has_its_target(tiny_site):
    doc = assembled(tiny_site)
    ids = {el["id"] for el in doc.find_all(id=True)}
    assert len(ids) == len(doc.find_all(id=True)), "ids must stay unique across pages"
    internal = [a["href"][1:] for a in doc.find_all("a", href=True) if a["href"].startswith("#")]
    assert {"glossary--term-loss", "notes-first--part-two", "notes-second"} <= set(internal)
    assert not [target for target in internal if target not in ids]
    assert doc.select_one("#notes-first span.book-pdf-unlinked").get_text() == "a lost target"
    first = doc.select_one("#notes-first")
    assert first.select_one('a[href="https://numpy.org/"]')
    img = first.find("img")
    assert img["src"] == (tiny_site / "_images" / "plot.svg").as_uri() and not img.has_attr("loading")


def test_solutions_move_to_the_end_of_their_chapter_with_a_link_in_their_place(tiny_site):
    doc = assembled(tiny_site)
    chapter = doc.select_one("#notes-first")
    assert not chapter.select(".dropdown") and not chapter.find("details")
    refs = chapter.select(".book-pdf-solution-ref a")
    assert [a.get_text() for a in refs] == ["Solution: at the end of this chapter"] * 2
    solutions = chapter.select_one(".book-pdf-solutions")
    assert solutions is chapter.find_all("section")[-1] and solutions.find("h3").get_text() == "Solutions"
    assert chapter.select_one("#notes-first--part-two h4").get_text() == "Write it yourself"
    boxes = solutions.select(".book-pdf-solution")
    assert [b.select_one(".book-pdf-solution-title").get_text() for b in boxes] == ["Exercise 1", "Write it yourself: code"]
    assert "It is 42." in boxes[0].get_text() and "BEGIN SOLUTION" in boxes[1].get_text()
    # The link in the text goes to the solution and back.
    assert refs[0]["href"] == f"#{boxes[0]['id']}"
    assert boxes[0].select_one(".book-pdf-solution-title a")["href"] == f"#{refs[0].parent['id']}"
    # The output of the folded cell stays where it was; other folded things print open.
    assert chapter.select_one(".cell_output").find_previous_sibling() is not None
    assert doc.select_one("#glossary details.book-glossary-unused").has_attr("open")


def test_korean_words_of_the_joined_document(tiny_site):
    ko = tiny_site.parent / "ko"
    tiny_site.rename(ko)
    doc = BeautifulSoup(pdf.assemble("ko", ko, SITE_URL, pdf.toc_chapters(TOC)), "html.parser")
    assert doc.html["lang"] == "ko" and doc.title.get_text() == "컴퓨터 비전을 위한 딥러닝"
    assert doc.select_one(".book-pdf-toc h1").get_text() == "차례"
    assert doc.select_one(".book-pdf-solutions h3").get_text() == "풀이"
    assert "이 강의의 저자들" in doc.select_one(".book-pdf-authors").get_text()


def test_missing_page_names_the_toc_and_the_fix(tiny_site):
    (tiny_site / "glossary.html").unlink()
    with pytest.raises(FileNotFoundError, match=r"glossary\.html.*_toc\.yml.*booktools\.build"):
        assembled(tiny_site)


def test_chapter_titles_are_escaped_in_css():
    assert pdf.css_string('A "quoted" \\ title') == '"A \\"quoted\\" \\\\ title"'


def test_site_link_gets_the_size_or_goes_away():
    page = f"<main>{link_html('책 전체를 PDF로 보기', 'ko', 'book.pdf')}<p>rest</p></main>"
    assert "책 전체를 PDF로 보기" in page and 'href="book.pdf"' in page
    filled = pdf.set_link_size(page, pdf.human_size(3_240_000))
    assert '<span class="book-pdf-size">(PDF, 3.2 MB)</span>' in filled
    assert pdf.human_size(420_400) == "(PDF, 420 kB)"
    parked = pdf.set_link_size(filled, None)
    parsed = BeautifulSoup(parked, "html.parser")
    assert not parsed.find("a") and not parsed.select(".book-pdf-link") and parsed.main.p.get_text() == "rest"
    assert pdf.set_link_size(parked, pdf.human_size(5_000_000)) == pdf.set_link_size(page, "(PDF, 5.0 MB)")


def test_printed_pdf_has_outline_tags_metadata_and_internal_links(tiny_site, tmp_path, browser):
    from pypdf import PdfReader

    document = tmp_path / "book.html"
    document.write_text(pdf.assemble("en", tiny_site, SITE_URL, pdf.toc_chapters(TOC)), encoding="utf-8")
    target = tmp_path / "book.pdf"
    wide = pdf.print_pdf(document, target, browser)
    assert wide == []
    pdf.write_metadata(target, pdf.book_metadata("en"), pdf.heading_titles(document.read_text(encoding="utf-8")))
    reader = PdfReader(target)
    assert reader.metadata.title == "Deep Learning for Computer Vision"
    assert reader.metadata.author == "The course authors"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"], "the PDF is not tagged"

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title
    outline = list(titles(reader.outline))
    # One bookmark per heading, so their titles can come from the headings' own texts.
    assert outline == pdf.heading_titles(document.read_text(encoding="utf-8"))
    for title in ("Contents", "Notes", "First chapter", "Part two", "Second chapter", "Reference", "Glossary"):
        assert title in outline, outline
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert re.search(r"First chapter.*Second chapter.*Glossary", text, re.DOTALL)
    assert "Solutions" in text and "It is 42." in text
    # At least one link annotation jumps to a page of the same file.
    internal = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])
                if a.get_object().get("/Dest") is not None or "/D" in a.get_object().get("/A", {})]
    assert internal, "no internal link in the PDF"


def test_bookmark_titles_are_the_headings_own_texts(tmp_path):
    import pikepdf

    assert pdf.undoubled("ContentsContents") == "Contents"
    assert pdf.undoubled("Lab: loops to aLab: loops to atrained CNN") == "Lab: loops to atrained CNN"
    for title in ("Contents", "Lab: k-nearest neighbors", "aab", ""):
        assert pdf.undoubled(title) == title

    def outline_of(titles):
        document = pikepdf.new()
        document.add_blank_page()
        with document.open_outline() as outline:
            part = pikepdf.OutlineItem(titles[0], 0)
            part.children.extend(pikepdf.OutlineItem(t, 0) for t in titles[1:])
            outline.root.append(part)
        return document

    def read(document):
        with document.open_outline() as outline:
            return [outline.root[0].title] + [c.title for c in outline.root[0].children]

    chromium = ["Lecture notesLecture notes", "much morewords", "Backpropagation"]
    document = outline_of(chromium)
    assert pdf.fix_outline(document) == 1  # without the headings: only the doubled line
    assert read(document) == ["Lecture notes", "much morewords", "Backpropagation"]
    doc_html = '<p role="heading" aria-level="1">Lecture\nnotes</p><h2>much <em>more</em> words</h2><h3>Backpropagation</h3>'
    assert pdf.heading_titles(doc_html) == ["Lecture notes", "much more words", "Backpropagation"]
    document = outline_of(chromium)
    assert pdf.fix_outline(document, pdf.heading_titles(doc_html)) == 2
    assert read(document) == ["Lecture notes", "much more words", "Backpropagation"]
    document = outline_of(chromium)  # a count that does not match is not trusted
    pdf.fix_outline(document, ["one", "two"])
    assert read(document) == ["Lecture notes", "much morewords", "Backpropagation"]


def test_setup_names_the_missing_pdf_tools(tmp_path, monkeypatch):
    from booktools.browser_setup import POPPLER_TOOLS, poppler_missing

    monkeypatch.setenv("PATH", str(tmp_path))
    assert poppler_missing() == list(POPPLER_TOOLS)
    (tmp_path / "pdftotext").write_text("#!/bin/sh\n")
    (tmp_path / "pdftotext").chmod(0o755)
    assert "pdftotext" not in poppler_missing()
