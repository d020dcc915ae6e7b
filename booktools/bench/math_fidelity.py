"""Fidelity of build-time math renderers over every equation of the book (both languages).

    python -m booktools.bench math

Each unique equation of the last build of both languages (inline and display, as the build wraps them) is
rendered by: temml (TeX -> MathML Core, what the build uses) and MathJax 3 in Node (SVG and
CommonHTML, the engine the site used to run in the browser). Printed per renderer: equations
that fail or use unsupported commands, markup bytes (raw and gzip), and the time taken.
Then headless Chromium lays out temml's MathML beside MathJax's SVG and compares the size of
every equation: equations whose width or height differ by more than 25 % are listed, as the
places to look at by eye (a screenshot of them goes to test-artifacts/math-fidelity.png).
"""
from __future__ import annotations

import collections
import gzip
import html
import json
import re
import subprocess
import time
from pathlib import Path

from .. import paths
from ..browser import StaticServer, launch_chromium
from ..ext.static_math import cache_key

SCRIPT = Path(__file__).with_name("math_fidelity.cjs")
RENDERERS = ("temml", "mathjax-svg", "mathjax-chtml")


def book_equations() -> list[tuple[str, bool]]:
    """Every unique (tex, display) of the last build of both languages, as the build renders them
    (read from Sphinx's doctrees, so math inside directives, tables and notebooks counts too)."""
    import pickle

    from docutils import nodes

    from ..ext.static_math import equation

    seen: dict[str, tuple[str, bool]] = {}
    for lang in paths.LANGUAGES:
        doctrees = sorted((paths.BUILD / lang / "doctrees").rglob("*.doctree"))
        if not doctrees:
            raise SystemExit(f"no doctrees in {paths.BUILD / lang / 'doctrees'}; build the book first "
                             "(`BOOK_DRAFT=1 python -m booktools.build` is enough)")
        for path in doctrees:
            with open(path, "rb") as f:
                doctree = pickle.load(f)
            for node in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))):
                tex, display = equation(node)
                seen.setdefault(cache_key(tex, display), (tex, display))
    return list(seen.values())


def render(renderer: str, equations) -> tuple[dict, float]:
    start = time.perf_counter()
    proc = subprocess.run(["node", str(SCRIPT), renderer], input=json.dumps([{"tex": t, "display": d}
                                                                             for t, d in equations]),
                          capture_output=True, text=True, cwd=paths.ROOT, check=True)
    return json.loads(proc.stdout), time.perf_counter() - start


def compare_layout(equations, temml_out, svg_out) -> list[tuple[float, float, str]]:
    """(width ratio, height ratio, tex) of each equation: temml's MathML over MathJax's SVG."""
    from playwright.sync_api import sync_playwright

    # temml's stylesheet and the book's (its math font stack), as on the site
    css = ((paths.ROOT / "node_modules/temml/dist/Temml-Local.css").read_text(encoding="utf-8")
           + (paths.ROOT / "booktools/static/book.css").read_text(encoding="utf-8"))
    rows = "\n".join(
        f'<tr><td><span class="m">{a["html"]}</span></td><td><span class="m">{b["html"]}</span></td></tr>'
        for a, b in zip(temml_out, svg_out, strict=True) if "html" in a and "html" in b)
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}\nbody{{font-size:16px}}"
            "td{padding:4px 12px;border-bottom:1px solid #ddd} .m{display:inline-block}</style></head>"
            f"<body><table>{rows}</table></body></html>")
    out = paths.ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "math-fidelity.html").write_text(page, encoding="utf-8")
    kept = [t for (t, _), a, b in zip(equations, temml_out, svg_out, strict=True) if "html" in a and "html" in b]
    with StaticServer(out) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        view = browser.new_page(viewport={"width": 1400, "height": 900})
        view.goto(server.url("math-fidelity.html"))
        boxes = view.evaluate("""[...document.querySelectorAll('tr')].map(tr =>
            [...tr.querySelectorAll('.m > math, .m > mjx-container > svg')].map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; }))""")
        raw = [(a[0] / b[0] if b[0] else 0.0, a[1] / b[1] if b[1] else 0.0) for a, b in boxes]
        # MathML boxes include the math font's line height, SVG boxes only the ink: compare each
        # equation's ratio with the median ratio, not with 1.
        mw, mh = (sorted(r[k] for r in raw)[len(raw) // 2] for k in (0, 1))
        ratios = [(w / mw, h / mh, tex) for (w, h), tex in zip(raw, kept, strict=True)]
        off = [i for i, (w, h, _) in enumerate(ratios) if not (0.8 <= w <= 1.25 and 0.8 <= h <= 1.25)]
        view.evaluate("keep => document.querySelectorAll('tr').forEach((tr, i) => { if (!keep.includes(i)) tr.remove(); })",
                      off[:40])
        view.screenshot(path=str(out / "math-fidelity.png"), full_page=True)
        browser.close()
    return ratios, (mw, mh)


def main() -> None:
    equations = book_equations()
    print(f"{len(equations)} unique equations in the en and ko builds "
          f"({sum(d for _, d in equations)} display, {sum(not d for _, d in equations)} inline)")
    outputs = {}
    print(f"{'renderer':<14} {'failed':>6} {'markup':>10} {'gzip':>9} {'css':>8} {'time':>7}  unsupported")
    for renderer in RENDERERS:
        out, seconds = render(renderer, equations)
        outputs[renderer] = out["results"]
        failed = [(t, r["error"]) for (t, _), r in zip(equations, out["results"], strict=True) if "error" in r]
        markup = "".join(r.get("html", "") for r in out["results"]).encode()
        macros = collections.Counter(m for _, err in failed for m in re.findall(r"\\[A-Za-z]+", err))
        print(f"{renderer:<14} {len(failed):>6} {len(markup) / 1024:>8.0f} K {len(gzip.compress(markup)) / 1024:>7.0f} K"
              f" {len(out['css']) / 1024:>6.0f} K {seconds:>6.1f}s  {dict(macros) or '-'}")
        for tex, err in failed[:10]:
            print(f"    {html.unescape(err)[:100]}  <- {tex.strip()[:80]!r}")
    ratios, (mw, mh) = compare_layout(equations, outputs["temml"], outputs["mathjax-svg"])
    off = [(w, h, t) for w, h, t in ratios if not (0.8 <= w <= 1.25 and 0.8 <= h <= 1.25)]
    print(f"layout, temml MathML / MathJax SVG in Chromium over {len(ratios)} equations: median width ratio "
          f"{mw:.2f}, median height ratio {mh:.2f}; {len(off)} differ from the medians by more than 25 % (screenshot: test-artifacts/math-fidelity.png)")
    for w, h, tex in off[:15]:
        print(f"    width x{w:.2f} height x{h:.2f} of median  {tex.strip()[:90]!r}")
