"""Serve the built site on http://127.0.0.1:8000 (a plain static server, like any static host)."""
from __future__ import annotations

import argparse
import functools
import http.server
import sys

from . import paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (paths.SITE / "index.html").exists():
        print(f"{paths.SITE} has no index.html; run `make build` first.", file=sys.stderr)
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(paths.SITE))
    with http.server.ThreadingHTTPServer((args.host, args.port), handler) as server:
        print(f"Serving the book at http://{args.host}:{args.port}/  (English: /en/, 한국어: /ko/). Ctrl-C stops.")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
