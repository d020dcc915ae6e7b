"""The whole book as one PDF per language: `_build/site/<lang>/book.pdf`.

    python -m booktools.pdf [--lang en|ko]        (`make pdf`; `make build` runs it too)

Route: the built HTML pages of one language are joined, in table-of-contents order, into one
print document (`<build>/<lang>/pdf/book.html`) that headless Chromium prints with Playwright's
`page.pdf(outline=True, tagged=True)`. The pages are the site's own, so equations (MathML made at
build time), executed lab outputs, plots and Korean line breaking are exactly as on the site and
no second Sphinx build (or LaTeX) is needed. Joining the pages:

* a title page and a linked table of contents; each part's caption and each page's headings,
  one level down, so the PDF outline reads part > chapter > section;
* every id gets its page's prefix, and links between pages become links within the document;
  other links (downloads, the other language, the web) become absolute URLs of the published site;
* solutions (folded dropdowns and folded exercise cells) move to a "Solutions" section at the
  end of their chapter, with a link in their place, so they are never shown inline;
* each chapter prints on its own named page, whose header shows the chapter title (CSS page
  margin boxes), with the page number in the footer.

The document's title, language and authors are then written into the PDF (pikepdf).
"""
from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

from . import paths
from .config import load_shared_config

PDF_NAME = "book.pdf"
PRINT_CSS = Path(__file__).with_name("pdf.css")
PAPER = "A4"

# The few words the joined document adds, in each language.
WORDS = {
    "en": {"contents": "Contents", "solutions": "Solutions", "solution": "Solution",
           "see_solution": "Solution: at the end of this chapter", "back": "back to the exercise",
           "online": "Online edition", "code": "code"},
    "ko": {"contents": "차례", "solutions": "풀이", "solution": "풀이",
           "see_solution": "풀이: 이 장의 끝", "back": "연습 문제로 돌아가기",
           "online": "온라인판", "code": "코드"},
}

# What counts as a solution: the folded admonitions (``:class: dropdown``) and the folded
# source of exercise cells (tag `hide-input`), whose code holds the reference solution.
SOLUTION_SELECTOR = "div.admonition.dropdown, div.cell.tag_hide-input > details"
# Site furniture that means nothing on paper.
DROP_SELECTOR = "a.headerlink, .book-pdf-link, script, button, .d-print-none, .toctree-wrapper"


@dataclass
class Chapter:
    docname: str           # "notes/optimization"
    part: str | None       # caption of the part this chapter opens, if it opens one
    title: str = ""
    body: str = ""
    solutions: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return anchor_key(self.docname)


def anchor_key(docname: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", docname).strip("-")


def toc_chapters(toc: dict) -> tuple[str, list[Chapter]]:
    """The root page and the chapters of a jb-book `_toc.yml`, in order, each part's caption on
    its first chapter. Nested sections of a chapter follow it."""
    chapters: list[Chapter] = []

    def add(entries, caption):
        for entry in entries or []:
            if "file" in entry:
                chapters.append(Chapter(entry["file"].removesuffix(".md").removesuffix(".ipynb"), caption))
                caption = None
            add(entry.get("sections"), None)

    if "parts" in toc:
        for part in toc["parts"]:
            add(part.get("chapters"), part.get("caption"))
    else:
        add(toc.get("chapters"), None)
    return toc["root"], chapters


def read_toc(lang: str) -> tuple[str, list[Chapter]]:
    path = paths.source_dir(lang) / "_toc.yml"
    return toc_chapters(yaml.safe_load(path.read_text(encoding="utf-8")))


class Linker:
    """Rewrites the ids and links of one page for the joined document."""

    def __init__(self, site_url: str, lang: str, site_dir: Path, docnames: set[str]):
        self.base = f"{site_url.rstrip('/')}/{lang}/"
        self.site_dir = site_dir
        self.docnames = docnames

    def target(self, docname: str, fragment: str) -> str:
        key = anchor_key(docname)
        return f"#{key}--{fragment}" if fragment else f"#{key}"

    def href(self, docname: str, href: str) -> str:
        if href.startswith("#"):
            return self.target(docname, href[1:])
        absolute = urljoin(self.base + docname + ".html", href)
        if absolute.startswith(self.base):
            parts = urlsplit(absolute)
            rel = parts.path[len(urlsplit(self.base).path):]
            if rel.endswith(".html") and rel[:-5] in self.docnames:
                return self.target(rel[:-5], parts.fragment)
            if rel in ("", "index.html") and "index" in self.docnames:
                return self.target("index", parts.fragment)
        return absolute

    def resource(self, docname: str, src: str) -> str:
        """A stylesheet or image of the page, as a file URL (the print document lives elsewhere)."""
        if src.startswith(("data:", "file:", "http:", "https:")):
            return src
        page_dir = (self.site_dir / docname).parent
        return (page_dir / src.split("#")[0].split("?")[0]).resolve().as_uri()


def _label(element: Tag, words: dict) -> str:
    """A short name for a solution: its exercise (or nearest heading) and its own title."""
    own = ""
    title = element.select_one(":scope > .admonition-title")
    if title is not None:
        own = " ".join(title.get_text(" ").split())
    context = ""
    previous = element.find_previous_sibling()
    if previous is not None and "exercise" in (previous.get("class") or []):
        heading = previous.select_one(".admonition-title")
        context = " ".join(heading.get_text(" ").split()) if heading else ""
    if not context:
        heading = element.find_previous(re.compile(r"^h[1-6]$"))
        context = " ".join(heading.get_text(" ").split()) if heading else ""
    if element.name == "details":
        own = words["code"]
    if not own or own == words["solution"]:
        return context or words["solution"]
    return f"{context}: {own}" if context else own


def transform_page(article: Tag, chapter: Chapter, linker: Linker, words: dict) -> None:
    """Prepare one page's article for the joined document (in place), filling `chapter`."""
    for element in article.select(DROP_SELECTOR):
        element.decompose()
    heading = article.find(re.compile(r"^h[1-6]$"))
    chapter.title = " ".join(heading.get_text(" ").split()) if heading else chapter.docname
    # Solutions out of the flow, a link in their place (labelled before any id changes).
    for number, element in enumerate(article.select(SOLUTION_SELECTOR), start=1):
        label = _label(element, words)
        sol_id, back_id = f"pdf-solution-{number}", f"pdf-solution-{number}-ref"
        ref = article.new_tag("p", attrs={"class": "book-pdf-solution-ref", "id": back_id})
        link = article.new_tag("a", href=f"#{sol_id}")
        link.string = words["see_solution"]
        ref.append(link)
        element.replace_with(ref)
        if element.name == "details":
            summary = element.find("summary")
            if summary is not None:
                summary.decompose()
            element.name = "div"
        box = article.new_tag("div", attrs={"class": "book-pdf-solution", "id": sol_id})
        title = article.new_tag("p", attrs={"class": "book-pdf-solution-title"})
        back = article.new_tag("a", href=f"#{back_id}", title=words["back"])
        back.string = label
        title.append(back)
        box.append(title)
        for old in element.select(":scope > .admonition-title"):
            old.decompose()
        element.attrs = {"class": ["book-pdf-solution-body"]}
        box.append(element)
        chapter.solutions.append(box)
    # Anything else folded (the glossary's terms not yet used in the text) is printed open.
    for element in article.find_all("details"):
        element["open"] = ""
    if chapter.solutions:
        section = article.new_tag("section", attrs={"class": "book-pdf-solutions", "id": "pdf-solutions"})
        title = article.new_tag("h2")
        title.string = words["solutions"]
        section.append(title)
        for box in chapter.solutions:
            section.append(box)
        article.append(section)
    # Headings one level down: the parts are the outline's first level.
    for element in article.find_all(re.compile(r"^h[1-5]$")):
        element.name = f"h{int(element.name[1]) + 1}"
    # Ids and links of the joined document.
    for element in article.find_all(id=True):
        element["id"] = f"{chapter.key}--{element['id']}"
    for element in article.find_all("a", href=True):
        element["href"] = linker.href(chapter.docname, element["href"])
    for element in article.find_all(["img", "source"], src=True):
        element["src"] = linker.resource(chapter.docname, element["src"])
    for element in article.find_all("img"):
        element.attrs.pop("loading", None)  # lazy images would print blank
        element.attrs.pop("srcset", None)
    for attr in ("aria-labelledby", "aria-describedby", "for"):
        for element in article.find_all(attrs={attr: True}):
            element[attr] = " ".join(f"{chapter.key}--{v}" for v in str(element[attr]).split())


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def chapter_page_css(chapters: list[Chapter]) -> str:
    """One named page per chapter, whose header is the chapter's title."""
    rules = []
    for number, chapter in enumerate(chapters, start=1):
        rules.append(f"@page chapter-{number} {{ @top-right {{ content: {css_string(chapter.title)}; }} }}")
        rules.append(f"#{chapter.key} {{ page: chapter-{number}; }}")
    return "\n".join(rules)


def book_metadata(lang: str) -> dict:
    shared = load_shared_config()
    per_lang = shared["languages"][lang]
    return {"title": per_lang["title"], "author": per_lang.get("author", shared.get("author", "")),
            "lang": lang}


def assemble(lang: str, site_dir: Path, site_url: str, toc: tuple[str, list[Chapter]] | None = None) -> str:
    """The print document of one language, from its built pages in `site_dir`."""
    words = WORDS.get(lang, WORDS["en"])
    meta = book_metadata(lang)
    root, chapters = toc or read_toc(lang)
    linker = Linker(site_url, lang, site_dir, {c.docname for c in chapters} | {root})
    root_soup = BeautifulSoup((site_dir / f"{root}.html").read_text(encoding="utf-8"), "html.parser")
    stylesheets = [linker.resource(root, link["href"]) for link in root_soup.select('link[rel~="stylesheet"]')]
    root_article = root_soup.select_one("article.bd-article")
    intro = root_article.find("p") if root_article else None
    articles = []
    for chapter in chapters:
        page = site_dir / f"{chapter.docname}.html"
        if not page.exists():
            raise FileNotFoundError(f"{page}: listed in book/{lang}/_toc.yml but not built; build the site first "
                                    "(python -m booktools.build)")
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        if article is None:
            raise ValueError(f"{page}: no <article class=\"bd-article\"> (not a page of the book's theme?)")
        transform_page(article, chapter, linker, words)
        articles.append((chapter, article))
    ids = {c.key for c in chapters} | {el["id"] for _, a in articles for el in a.find_all(id=True)}
    bodies = []
    for chapter, article in articles:
        for link in article.find_all("a", href=re.compile("^#")):
            if link["href"][1:] not in ids:  # a target the site has but the PDF does not print
                link.name = "span"
                link.attrs = {"class": ["book-pdf-unlinked"]}
        part = (f'<h1 class="book-pdf-part">{html.escape(chapter.part)}</h1>\n' if chapter.part else "")
        inner = "".join(str(child) for child in article.children)
        bodies.append(f'<div class="book-pdf-chapter" id="{chapter.key}">\n{part}{inner}\n</div>')
    toc_items, open_part = [], False
    for chapter in chapters:
        if chapter.part:
            if open_part:
                toc_items.append("</ol></li>")
            toc_items.append(f'<li class="book-pdf-toc-part"><span>{html.escape(chapter.part)}</span><ol>')
            open_part = True
        toc_items.append(f'<li><a href="#{chapter.key}">{html.escape(chapter.title)}</a></li>')
    if open_part:
        toc_items.append("</ol></li>")
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in stylesheets)
    print_css = PRINT_CSS.read_text(encoding="utf-8")
    online = f"{site_url.rstrip('/')}/{lang}/"
    return f"""<!DOCTYPE html>
<html lang="{lang}" data-theme="light">
<head>
<meta charset="utf-8">
<title>{html.escape(meta['title'])}</title>
<meta name="author" content="{html.escape(meta['author'])}">
{links}
<style>
{print_css}
{chapter_page_css(chapters)}
</style>
</head>
<body class="book-pdf">
<main class="bd-article">
<section class="book-pdf-title" id="pdf-title">
<p class="book-pdf-title-name" role="heading" aria-level="1">{html.escape(meta['title'])}</p>
{str(intro) if intro else ''}
<p class="book-pdf-authors">{html.escape(meta['author'])}</p>
<p class="book-pdf-online">{words['online']}: <a href="{html.escape(online)}">{html.escape(online)}</a></p>
</section>
<nav class="book-pdf-toc" id="pdf-contents" aria-labelledby="pdf-contents-title">
<h1 id="pdf-contents-title">{words['contents']}</h1>
<ol>
{''.join(toc_items)}
</ol>
</nav>
{''.join(bodies)}
</main>
</body>
</html>
"""


OVERFLOW_JS = """() => {
  const limit = document.querySelector('main').getBoundingClientRect().right + 1;
  const wide = [];
  for (const el of document.querySelectorAll('main pre, main img, main table, main div.math, main svg')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > limit) {
      const chapter = el.closest('.book-pdf-chapter');
      wide.push(`${chapter ? chapter.id : '?'}: <${el.tagName.toLowerCase()}> ${Math.round(r.right - limit)} px too wide`);
    }
  }
  return wide;
}"""


def print_pdf(document: Path, target: Path, browser=None) -> list[str]:
    """Print `document` to `target` with headless Chromium (`browser`, or one started here);
    returns what sticks out of the text width."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        from .browser import launch_chromium

        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                return print_pdf(document, target, browser)
            finally:
                browser.close()
    # The viewport is the A4 text width (210 mm - 2 x 16 mm at 96 px/in), so the overflow check
    # measures the layout the printer gets.
    page = browser.new_page(viewport={"width": 673, "height": 900})
    try:
        page.emulate_media(media="print")
        page.goto(document.as_uri(), wait_until="load", timeout=180_000)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_function("[...document.images].every(i => i.complete)", timeout=60_000)
        wide = page.evaluate(OVERFLOW_JS)
        page.pdf(path=str(target), format=PAPER, print_background=True, outline=True, tagged=True,
                 prefer_css_page_size=True, display_header_footer=False)
    finally:
        page.close()
    return wide


HEADING = re.compile(r"^h[1-6]$")


def heading_titles(document_html: str) -> list[str]:
    """The text of every heading of the print document, in order: what its bookmarks should say."""
    soup = BeautifulSoup(document_html, "html.parser")
    found = soup.find_all(lambda tag: HEADING.match(tag.name) or tag.get("role") == "heading")
    return [" ".join(tag.get_text(" ").split()) for tag in found]


def undoubled(title: str) -> str:
    """A bookmark title whose first line Chromium wrote twice ("ContentsContents", "Lab: from
    loops to aLab: from loops to atrained CNN"), with that line once."""
    for cut in range(len(title) // 2, 2, -1):
        if title[:cut] == title[cut:2 * cut]:
            return title[cut:]
    return title


def fix_outline(document, titles: list[str] | None = None) -> int:
    """Bookmark titles as the headings say them. Chromium (156) builds them from the laid-out
    lines of each heading: the spaces at line breaks go missing ("much morewords"), and in long
    documents a heading's first line can come twice. With the headings' own texts (as many as
    bookmarks, in order) those are used; otherwise doubled first lines are removed. Returns how
    many titles changed."""
    fixed = 0
    with document.open_outline() as outline:
        items, stack = [], list(reversed(outline.root))
        while stack:
            item = stack.pop()
            items.append(item)
            stack.extend(reversed(item.children))
        use_source = titles is not None and len(titles) == len(items)
        for index, item in enumerate(items):
            title = titles[index] if use_source else undoubled(item.title)
            if title != item.title:
                item.title = title
                fixed += 1
    return fixed


def write_metadata(target: Path, meta: dict, titles: list[str] | None = None) -> None:
    """Title, authors and language into the PDF (Chromium sets only the title), saved with object
    streams: the tags of a tagged PDF are many small objects, which this halves (19 to 9.5 MB)."""
    import pikepdf

    with pikepdf.open(target, allow_overwriting_input=True) as document:
        fix_outline(document, titles)
        document.Root.Lang = pikepdf.String(meta["lang"])
        document.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:title"] = meta["title"]
            xmp["dc:creator"] = [meta["author"]]
            xmp["dc:language"] = [meta["lang"]]
        info = {"/Title": meta["title"], "/Author": meta["author"], "/Subject": meta["title"],
                "/Creator": "booktools.pdf (Chromium)"}
        for key, value in info.items():
            document.docinfo[key] = pikepdf.String(value)
        document.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)


def human_size(size: int) -> str:
    """What the site shows beside the link: "(PDF, 3.2 MB)" (the same in both languages)."""
    value = size / 1_000_000
    return f"(PDF, {value:.1f} MB)" if value >= 1 else f"(PDF, {max(1, round(size / 1000))} kB)"


LINK_SIZE = re.compile(r'(<span class="book-pdf-size">)[^<]*(</span>)')
LINK_BLOCK = re.compile(r'<p class="book-pdf-link[^"]*">.*?</p>\n?', re.DOTALL)
PARKED = re.compile(r"<!--book-pdf-link (.*?)-->", re.DOTALL)


def set_link_size(page_html: str, size_text: str | None) -> str:
    """Fill in the size of the PDF link the `book-pdf` directive wrote. Without a PDF the link is
    parked in a comment (so no page links a missing file) and comes back with the next PDF."""
    page_html = PARKED.sub(lambda m: m.group(1), page_html)
    if size_text is None:
        return LINK_BLOCK.sub(lambda m: f"<!--book-pdf-link {m.group(0)}-->", page_html)
    return LINK_SIZE.sub(lambda m: f"{m.group(1)}{html.escape(size_text)}{m.group(2)}", page_html)


def update_site_links(site_dir: Path, size_text: str | None) -> None:
    for page in site_dir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "book-pdf-link" in text:
            page.write_text(set_link_size(text, size_text), encoding="utf-8")


def build_pdf(lang: str, site_root: Path | None = None) -> tuple[Path, float, list[str]]:
    """Write `<site>/<lang>/book.pdf`; returns its path, the seconds taken and overflow warnings."""
    from .publication import resolve

    start = time.perf_counter()
    site_dir = (site_root or paths.SITE) / lang
    site_url = resolve(load_shared_config()).site_url
    work = paths.BUILD / lang / "pdf"
    work.mkdir(parents=True, exist_ok=True)
    document = work / "book.html"
    joined = assemble(lang, site_dir, site_url)
    document.write_text(joined, encoding="utf-8")
    target = site_dir / PDF_NAME
    wide = print_pdf(document, target)
    write_metadata(target, book_metadata(lang), heading_titles(joined))
    update_site_links(site_dir, human_size(target.stat().st_size))
    return target, time.perf_counter() - start, wide


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=paths.LANGUAGES, action="append", help="only this language")
    args = parser.parse_args(argv)
    from pikepdf import PdfError
    from playwright.sync_api import Error as PlaywrightError

    status = 0
    for lang in args.lang or paths.LANGUAGES:
        if not (paths.SITE / lang / "index.html").exists():
            print(f"error: {paths.SITE / lang} is not built; run `python -m booktools.build` first", file=sys.stderr)
            return 1
        try:
            target, seconds, wide = build_pdf(lang)
        except (OSError, ValueError, PlaywrightError, PdfError) as exc:  # the HTML stays published, without a link to a missing PDF
            update_site_links(paths.SITE / lang, None)
            print(f"[{lang}] pdf FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
            continue
        for line in wide:
            print(f"[{lang}] pdf: wider than the page: {line}")
        print(f"[{lang}] pdf: {target} ({target.stat().st_size / 1e6:.1f} MB) in {seconds:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
