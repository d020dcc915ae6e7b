"""Main-thread CPU time of loading each page template, in headless Chromium at phone size.

    python -m booktools.bench page_cpu

Lighthouse's performance score rests on wall-clock timings, which swing by ±20 points when the
machine is busy. The main thread's CPU time (Chromium's `ThreadTime`, with its style, layout and
script shares) is steadier: each page is loaded five times in a fresh context and the smallest
value is printed. Lower is better; it is what a slow phone's CPU has to do before the page is idle.
"""
from __future__ import annotations

from .. import paths
from ..browser import StaticServer, launch_chromium
from .lighthouse import TEMPLATES

RUNS = 5
METRICS = ("ThreadTime", "RecalcStyleDuration", "LayoutDuration", "ScriptDuration")


def measure(browser, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(url, wait_until="load")
        page.wait_for_timeout(1500)
        values = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return {name: 1000 * values[name] for name in METRICS}
    finally:
        context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    print(f"{'page':32s} {'main-thread CPU':>16s} {'style':>7s} {'layout':>7s} {'script':>7s}   (ms, best of {RUNS})")
    with StaticServer(paths.SITE, compress=True) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for lang in paths.LANGUAGES:
                for name, page in TEMPLATES.items():
                    best = min((measure(browser, server.url(f"{lang}/{page}")) for _ in range(RUNS)),
                               key=lambda m: m["ThreadTime"])
                    print(f"{lang + ' ' + name:32s} {best['ThreadTime']:16.0f} {best['RecalcStyleDuration']:7.0f} "
                          f"{best['LayoutDuration']:7.0f} {best['ScriptDuration']:7.0f}", flush=True)
        finally:
            browser.close()
