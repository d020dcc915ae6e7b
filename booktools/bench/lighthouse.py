"""Lighthouse (mobile preset) over each page template of both languages, and a stock Jupyter Book.

    python -m booktools.bench lighthouse

The built site (`_build/site`, or `BOOK_BUILD_DIR`) is served gzip-compressed from 127.0.0.1,
as GitHub Pages serves it, and audited by npm `lighthouse` (pinned in package.json) driving
Debian's Chromium. Printed per page: performance, LCP, TBT, CLS, bytes transferred,
accessibility, best practices and SEO, against the targets of the book. A stock two-page
Jupyter Book 1 (same jupyter-book, Sphinx and theme versions from the virtual environment)
is built into a temporary folder and measured the same way; the last line gives our median
over the stock page (performance and transferred bytes).

Scores vary between runs (TBT by ±100–300 ms on a busy 2-core machine), so each page is audited
`BOOK_LIGHTHOUSE_RUNS` times (default 3) and the median run is printed, picked by Lighthouse's
own `computeMedianRun` (lighthouse_median.mjs), with the range of TBT over the runs beside it.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from .. import paths
from ..browser import StaticServer, chromium_executable

LIGHTHOUSE = paths.ROOT / "node_modules" / ".bin" / "lighthouse"
TEMPLATES = {"root": "index.html", "notes (math)": "notes/backpropagation.html", "lab": "labs/knn.html",
             "glossary": "glossary.html", "search": "search.html"}
TARGETS = {"performance": 95, "lcp": 2500, "tbt": 100, "cls": 0.05, "accessibility": 100,
           "best-practices": 100, "seo": 100}


RUNS = int(os.environ.get("BOOK_LIGHTHOUSE_RUNS", "3"))
MEDIAN_SCRIPT = Path(__file__).with_name("lighthouse_median.mjs")


def run_lighthouse(url: str, report: Path) -> None:
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
           "--only-categories=performance,accessibility,best-practices,seo",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    subprocess.run(cmd, check=True, env=dict(os.environ, CHROME_PATH=chromium_executable()), capture_output=True, text=True)


def audit(url: str, workdir: Path, runs: int = RUNS) -> dict:
    """`runs` Lighthouse runs (mobile preset) of `url`; the numbers of the median run, and TBT's range."""
    reports = [workdir / f"report-{i}.json" for i in range(runs)]
    for report in reports:
        run_lighthouse(url, report)
    median = subprocess.run(["node", str(MEDIAN_SCRIPT), *map(str, reports)], check=True, capture_output=True,
                            text=True, cwd=paths.ROOT).stdout
    data = [json.loads(r.read_text(encoding="utf-8")) for r in reports]
    tbts = [d["audits"]["total-blocking-time"]["numericValue"] for d in data]
    return {**summary(data[int(median)]), "tbt_range": (min(tbts), max(tbts))}


def summary(data: dict) -> dict:
    """The numbers the bench prints, from one Lighthouse report."""
    cats, audits = data["categories"], data["audits"]
    return {
        "performance": round(100 * (cats["performance"]["score"] or 0)),
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "accessibility": round(100 * cats["accessibility"]["score"]),
        "best-practices": round(100 * cats["best-practices"]["score"]),
        "seo": round(100 * cats["seo"]["score"]),
        "failed": sorted(a["id"] for c in ("accessibility", "best-practices", "seo")
                         for a in (audits[r["id"]] for r in cats[c]["auditRefs"] if r.get("weight"))
                         if a.get("score") is not None and a["score"] < 1),
    }


def row(name: str, r: dict) -> str:
    miss = [k for k, limit in TARGETS.items()
            if (r[k] < limit if k in ("performance", "accessibility", "best-practices", "seo") else r[k] > limit)]
    return (f"{name:<24} {r['performance']:>4} {r['lcp'] / 1000:>6.1f}s {r['tbt']:>6.0f}ms {r['cls']:>6.3f}"
            f" {r['bytes'] / 1024:>7.0f}K {r['accessibility']:>5} {r['best-practices']:>5} {r['seo']:>5}"
            f"  {'ok' if not miss else 'misses ' + ','.join(miss)}"
            f"{'  (TBT {:.0f}-{:.0f} ms over the runs)'.format(*r['tbt_range']) if len(set(r['tbt_range'])) > 1 else ''}"
            f"{'  [' + ' '.join(r['failed']) + ']' if r['failed'] else ''}")


def build_stock_book(folder: Path) -> Path:
    """A stock two-page Jupyter Book 1 with one equation, built with the installed jupyter-book."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text("title: Stock book\nexecute:\n  execute_notebooks: 'off'\n", encoding="utf-8")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: second\n", encoding="utf-8")
    (folder / "intro.md").write_text(textwrap.dedent("""\
        # Stock book

        A page of a stock Jupyter Book with some prose and an equation:

        $$
        L = \\frac{1}{N} \\sum_i \\max(0, s_j - s_{y_i} + \\Delta)
        $$
        """), encoding="utf-8")
    (folder / "second.md").write_text("# Second page\n\nMore prose.\n", encoding="utf-8")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")  # the 1.x CLI of the virtual environment
    subprocess.run([str(jupyter_book), "build", str(folder)], check=True, capture_output=True)
    return folder / "_build" / "html"


def main() -> None:
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} not found; run `npm ci` (or `make setup`)")
    print(f"median of {RUNS} Lighthouse runs per page (BOOK_LIGHTHOUSE_RUNS)")
    print(f"{'page':<24} {'perf':>4} {'LCP':>7} {'TBT':>8} {'CLS':>6} {'bytes':>8} {'a11y':>5} {'BP':>5} {'SEO':>5}")
    results = []
    with tempfile.TemporaryDirectory() as tmp, StaticServer(paths.SITE, compress=True) as server:
        for lang in paths.LANGUAGES:
            for name, page in TEMPLATES.items():
                r = audit(server.url(f"{lang}/{page}"), Path(tmp))
                results.append(r)
                print(row(f"{lang} {name}", r), flush=True)
        stock_site = build_stock_book(Path(tmp) / "stock")
        with StaticServer(stock_site, compress=True) as stock_server:
            stock = audit(stock_server.url("intro.html"), Path(tmp))
        print(row("stock Jupyter Book 1", stock))
    perf = statistics.median(r["performance"] for r in results)
    size = statistics.median(r["bytes"] for r in results)
    print(f"ours / stock (medians over our pages): performance {perf:.0f}/{stock['performance']} = "
          f"{perf / max(stock['performance'], 1):.2f}, transferred {size / 1024:.0f}/{stock['bytes'] / 1024:.0f} KiB"
          f" = {size / stock['bytes']:.2f}")
