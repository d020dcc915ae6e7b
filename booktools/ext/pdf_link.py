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

from booktools.ext.messages import _
from booktools.pdf import PDF_NAME


def link_html(text: str, lang: str, href: str) -> str:
    return (f'<p class="book-pdf-link"><a href="{html.escape(href)}" type="application/pdf" '
            f'hreflang="{lang}">{html.escape(text)}</a> '
            f'<span class="book-pdf-size"></span></p>\n')


class BookPdf(SphinxDirective):
    has_content = False

    def run(self):
        depth = self.env.docname.count("/")
        href = "../" * depth + PDF_NAME
        text = _("The whole book as a PDF")
        return [nodes.raw("", link_html(text, self.config.language or "en", href), format="html")]


def setup(app: Sphinx) -> dict:
    app.setup_extension("booktools.ext.messages")
    app.add_directive("book-pdf", BookPdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
