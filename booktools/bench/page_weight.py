"""Page weight: bytes transferred (HTML, CSS, JS, fonts, images) by typical pages, measured
in headless Chromium against the built site served on localhost."""
from __future__ import annotations

import functools
import http.server
import threading
from collections import defaultdict

from .. import paths

PAGES = ["en/index.html", "en/notes/linear-classification.html", "ko/notes/linear-classification.html",
         "en/labs/knn.html", "ko/labs/convnet.html", "ko/labs/mlp.html", "ko/glossary.html"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(paths.SITE))
    handler.func.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
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
            page.goto(origin + page_path, wait_until="networkidle")
            page.wait_for_timeout(500)
            total = sum(sizes.values())
            parts = ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]))
            print(f"{page_path:<42} {total / 1024:7.0f} KiB  ({parts})")
            page.close()
        browser.close()
    httpd.shutdown()
