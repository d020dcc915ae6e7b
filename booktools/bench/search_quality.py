"""Korean search quality: recall@5 and MRR of Sphinx's default search vs ours, on the same
Korean pages, with the real search page in headless Chromium, plus the size of each
searchindex.js.

Two query files beside this file, each query with the pages that should come up:
- search_queries.yml: particles and endings, two-syllable stems, spaced and unspaced
  compounds, English terms;
- search_queries_students.yml: the harder kind, written from how students ask: spellings from
  older material, questions, abbreviations, spacing differences;
- search_queries_heldout.yml: more of the harder kind, written after the ranking was tuned on
  the file above (see its header for the one change made after its first run).
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import yaml

from .. import paths
from ..browser import StaticServer, launch_chromium
from ..build import build_language

QUERY_FILES = {
    "particles/compounds": Path(__file__).with_name("search_queries.yml"),
    "student questions": Path(__file__).with_name("search_queries_students.yml"),
    "held out": Path(__file__).with_name("search_queries_heldout.yml"),
}


def load_queries(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def default_search_site() -> Path:
    """The Korean book built once more with Sphinx's own (default) search."""
    out = paths.BUILD / "bench" / "ko-default-search"
    _, code, output, _ = build_language("ko", outdir=out / "html", doctrees=out / "doctrees",
                                           extra_env={"BOOK_SEARCH": "default"})
    if code != 0:
        raise SystemExit(output)
    return out / "html"


def run_queries(site_dir: Path, queries: list[dict]) -> list[list[str]]:
    from playwright.sync_api import sync_playwright

    results = []
    with StaticServer(site_dir) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        for query in queries:
            page.goto(server.url("search.html?q=" + quote(query["q"])))
            page.wait_for_function(
                "() => { const s = document.querySelector('#search-results .search-summary');"
                " const p = document.querySelector('#search-progress');"
                " return s && s.innerText.trim() && !(p && p.innerText.trim()); }", timeout=30000)
            hrefs = page.eval_on_selector_all("#search-results ul.search li > a",
                                              "els => els.map(e => e.getAttribute('href'))")
            docs = []
            for href in hrefs:
                doc = href.split("#")[0].split("?")[0].removesuffix(".html")
                if doc not in docs:
                    docs.append(doc)
            results.append(docs)
        browser.close()
    return results


def score(queries: list[dict], results: list[list[str]]) -> tuple[float, float]:
    recall, mrr = 0.0, 0.0
    for query, docs in zip(queries, results):
        expected = set(query["expect"])
        recall += len(expected & set(docs[:5])) / len(expected)
        rank = next((i + 1 for i, d in enumerate(docs) if d in expected), None)
        mrr += 1 / rank if rank else 0.0
    return recall / len(queries), mrr / len(queries)


def main() -> None:
    ours_dir = paths.SITE / "ko"
    if not (ours_dir / "searchindex.js").exists():
        raise SystemExit("build the site first (make build)")
    default_dir = default_search_site()
    sites = (("Sphinx default", default_dir), ("ours", ours_dir))
    for label, path in QUERY_FILES.items():
        queries = load_queries(path)
        print(f"-- {label} ({path.name}, {len(queries)} queries)")
        for name, site_dir in sites:
            results = run_queries(site_dir, queries)
            r5, mrr = score(queries, results)
            empty = sum(1 for r in results if not r)
            print(f"{name:<15} recall@5 {r5:.3f}   MRR {mrr:.3f}   empty result pages {empty}", flush=True)
        misses = [(q["q"], r[:5]) for q, r in zip(queries, results) if not set(q["expect"]) <= set(r[:5])]
        if misses:
            print("queries our search misses:", json.dumps(misses, ensure_ascii=False))
    sizes = {name: (site_dir / "searchindex.js").stat().st_size for name, site_dir in sites}
    for name, size in sizes.items():
        print(f"Korean searchindex.js, {name:<15} {size / 1024:7.1f} KiB")
    verdict = "no larger" if sizes["ours"] <= sizes["Sphinx default"] else "LARGER"
    print(f"ours is {verdict} than Sphinx's default ({sizes['ours'] / sizes['Sphinx default']:.2f}x)")
    en_index = paths.SITE / "en" / "searchindex.js"
    if en_index.exists():
        print(f"English searchindex.js {en_index.stat().st_size / 1024:.1f} KiB")
