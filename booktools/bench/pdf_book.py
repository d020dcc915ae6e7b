"""The PDF step (booktools/pdf.py) on the built site: seconds per phase, pages and size per language.

    python -m booktools.bench pdf

Prints into a temporary folder (the site's own book.pdf is left as it is).
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from .. import paths, pdf
from ..config import load_shared_config
from ..publication import resolve


def main() -> None:
    from pypdf import PdfReader

    site_url = resolve(load_shared_config()).site_url
    with tempfile.TemporaryDirectory() as tmp:
        for lang in paths.LANGUAGES:
            site_dir = paths.SITE / lang
            if not (site_dir / "index.html").exists():
                print(f"{lang}: site not built (python -m booktools.build)")
                continue
            document, target = Path(tmp) / f"{lang}.html", Path(tmp) / f"{lang}.pdf"
            start = time.perf_counter()
            document.write_text(pdf.assemble(lang, site_dir, site_url), encoding="utf-8")
            joined = time.perf_counter()
            wide = pdf.print_pdf(document, target)
            printed = time.perf_counter()
            chromium_mb = target.stat().st_size / 1e6
            pdf.write_metadata(target, pdf.book_metadata(lang))
            done = time.perf_counter()
            pages = len(PdfReader(target).pages)
            print(f"{lang}: join {joined - start:.1f} s, print {printed - joined:.1f} s, metadata "
                  f"{done - printed:.1f} s, total {done - start:.1f} s; {pages} pages, "
                  f"{target.stat().st_size / 1e6:.1f} MB (Chromium's own {chromium_mb:.1f} MB); "
                  f"{len(wide)} elements wider than the text")
