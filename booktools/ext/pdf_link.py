"""The `book-pdf` directive: a link to the whole book as a PDF in the page's language.

    ```{book-pdf}
    ```

The link points to `book.pdf` beside the language's root page (written by booktools/pdf.py after
the HTML build). Its size is known only once the PDF exists, so the directive leaves an empty
`<span class="book-pdf-size">` that booktools/pdf.py fills in ("(PDF, 3.2 MB)"); when no PDF is
made (no browser, or a draft build) booktools/pdf.py removes the link, so no page links a
missing file.
"""
from __future__ import annotations

import html

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from booktools.pdf import PDF_NAME

LABELS = {"en": "The whole book as a PDF", "ko": "책 전체를 PDF로 보기"}  # in the page's language


def link_html(lang: str, href: str) -> str:
    text = LABELS.get(lang, LABELS["en"])
    return (f'<p class="book-pdf-link"><a href="{html.escape(href)}" type="application/pdf" '
            f'hreflang="{lang}">{html.escape(text)}</a> '
            f'<span class="book-pdf-size"></span></p>\n')


class BookPdf(SphinxDirective):
    has_content = False

    def run(self):
        depth = self.env.docname.count("/")
        href = "../" * depth + PDF_NAME
        return [nodes.raw("", link_html(self.config.language or "en", href), format="html")]


def setup(app: Sphinx) -> dict:
    app.add_directive("book-pdf", BookPdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
