"""Page weight: bytes transferred (HTML, CSS, JS, fonts, images) by typical pages, measured
in headless Chromium against the built site served on localhost."""
from __future__ import annotations

from collections import defaultdict

from .. import paths
from ..browser import StaticServer, launch_chromium

PAGES = ["en/index.html", "en/notes/linear-classification.html", "ko/notes/linear-classification.html",
         "en/labs/knn.html", "ko/labs/convnet.html", "ko/labs/mlp.html", "ko/glossary.html"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with StaticServer(paths.SITE) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        for page_path in PAGES:
            page = browser.new_page()
            sizes: dict[str, int] = defaultdict(int)

            def record(response, sizes=sizes):
                try:
                    body = response.body()
                except Exception:  # noqa: BLE001 - redirects have no body
                    return
                kind = response.request.resource_type
                sizes[kind] += len(body)

            page.on("response", record)
            page.goto(server.url(page_path), wait_until="networkidle")
            page.wait_for_timeout(500)
            total = sum(sizes.values())
            parts = ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]))
            print(f"{page_path:<42} {total / 1024:7.0f} KiB  ({parts})")
            page.close()
        browser.close()
