"""Headless Chromium against the built site on localhost: shared by the browser tests and the
benchmarks (page weight, search quality)."""
from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Self

# One setting: BOOK_CHROMIUM names the browser. Without it, the first installed Chrome or
# Chromium in the usual places, else Playwright's own Chromium (`playwright install chromium`).
CHROMIUM_VAR = "BOOK_CHROMIUM"
CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/opt/google/chrome/chrome",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    str(Path.home() / "Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
)
INSTALL_HINT = ("no Chrome or Chromium found: install one (Debian: `apt-get install chromium`; macOS: Google "
                "Chrome), or Playwright's own with `.venv/bin/python -m playwright install chromium`, or set "
                f"{CHROMIUM_VAR}=/path/to/chrome")


class BrowserNotFound(RuntimeError):
    pass


def playwright_chromium() -> str | None:
    """Playwright's own Chromium, if `playwright install chromium` has fetched it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as p:
        path = p.chromium.executable_path
    return path if path and Path(path).exists() else None


def find_chromium(env=None) -> str | None:
    env = os.environ if env is None else env
    if env.get(CHROMIUM_VAR):
        path = env[CHROMIUM_VAR]
        if not (Path(path).exists() or shutil.which(path)):
            raise BrowserNotFound(f"{CHROMIUM_VAR}={path} does not exist")
        return shutil.which(path) or path
    for path in CHROMIUM_CANDIDATES:
        if Path(path).exists():
            return path
    return playwright_chromium()


def chromium_executable() -> str:
    path = find_chromium()
    if path is None:
        raise BrowserNotFound(INSTALL_HINT)
    return path


# Chromium as root, with no background traffic to hosts this machine cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args):
        pass


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map", ".ipynb", ".csv")


class _GzipHandler(_QuietHandler):
    """Gzip text files for clients that accept it, as GitHub Pages does (Python's own server never
    compresses, which would make page-weight and Lighthouse numbers pessimistic)."""

    def do_GET(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0].split("#", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSIBLE or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


class StaticServer:
    """Serve `root` on a free localhost port, optionally under a sub-path like GitHub Pages, and
    optionally gzip-compressed."""

    def __init__(self, root: Path, prefix: str = "/", compress: bool = False):
        handler = type("Handler", (_GzipHandler if compress else _QuietHandler,), {"prefix": prefix})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(handler, directory=str(root)))
        self.prefix = prefix
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str = "") -> str:
        return self.origin + self.prefix + path.lstrip("/")

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
