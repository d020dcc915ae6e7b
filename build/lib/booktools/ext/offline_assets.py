"""Serve every runtime asset from the site itself: MathJax from the npm package, the book's
CSS and favicon.

Stock Jupyter Book pages load MathJax from a CDN, so equations stay raw TeX offline and
every visit is reported to a third party. The build copies MathJax 3 (pinned in
package.json, installed by `npm ci` into node_modules/, with its licence) into
`_static/mathjax/` and points Sphinx's `mathjax_path` at it. Missing node_modules is a
clear error, not a silent CDN fallback.
"""
from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from booktools import paths

MATHJAX_SRC = paths.ROOT / "node_modules" / "mathjax" / "es5"
# The combined TeX→CommonHTML component plus what it loads on demand.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml", "input/tex/extensions", "a11y", "ui", "sre", "adaptors")
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def stage_mathjax() -> Path:
    """Copy the needed MathJax files into `_build/assets/mathjax/` (once per MathJax version)."""
    package_json = MATHJAX_SRC.parent / "package.json"
    if not package_json.exists():
        raise ExtensionError(f"MathJax not found at {MATHJAX_SRC}; run `npm ci` (or `make setup`) first — "
                             "the site serves MathJax itself instead of loading it from a CDN")
    stage = paths.BUILD / "assets"
    stage.mkdir(parents=True, exist_ok=True)
    with open(stage / ".lock", "w") as lock:  # the two language builds may start together
        fcntl.flock(lock, fcntl.LOCK_EX)
        _copy_mathjax(stage / "mathjax", package_json.read_text(encoding="utf-8"))
    return stage


def _copy_mathjax(target: Path, version: str) -> None:
    stamp = target / ".version"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == version:
        return
    if target.exists():
        shutil.rmtree(target)
    for part in MATHJAX_PARTS:
        src = MATHJAX_SRC / part
        if src.is_dir():
            shutil.copytree(src, target / part)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / part)
    shutil.copy2(MATHJAX_SRC.parent / "LICENSE", target / "LICENSE")
    stamp.write_text(version, encoding="utf-8")


def configure(app: Sphinx, config) -> None:
    config.html_static_path = list(config.html_static_path) + [str(stage_mathjax()), str(STATIC_DIR)]
    config.mathjax_path = "mathjax/tex-chtml.js"
    config.html_favicon = str(STATIC_DIR / "favicon.svg")
    config.html_css_files = list(config.html_css_files) + ["book.css"]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", configure, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
