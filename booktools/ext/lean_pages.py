"""Pages that render with no script: icons as inline SVG, scripts deferred, images lazy.

* **Icons.** The themes mark icons up as Font Awesome classes (`<i class="fa-solid fa-bars">`)
  and draw them with `fontawesome.js` (1.5 MB) or its web fonts. After the build every such
  element becomes an inline `<svg>` with the same path data (taken from the theme's own
  Font Awesome, CC BY 4.0), so neither the script nor the fonts are needed;
  `booktools/templates/layout.html` no longer loads the script.
* **Scripts.** No script blocks rendering (`templates/book-scripts.html`). pydata-sphinx-theme.js
  is not loaded: at the `load` event it forced one layout per code block of a long page
  (300–570 ms of blocked main thread on a phone), and `static/book-theme.js` does what the book
  uses of it, reading layout only for what is on screen. `layout.html` and `search.html` write
  every script file of `script_files` with `defer`; inline
  settings run first, except those of `DOCUMENTATION_OPTIONS`, which become deferred `data:`
  scripts so they still run after `documentation_options.js`. It
  leaves out the scripts a page does not use: the copy button on pages without code, the
  toggle button without toggles or dropdowns, sphinx-design's tabs without tabs.
* **One stylesheet.** The themes' stylesheets, each extension's and the book's are joined, in
  their order, into one `_static/book-<hash>.css` per set (their `@import`s inlined, their
  `url()`s rebased), and a page links only that: one render-blocking request instead of eleven.
  `unused_css.py` then drops the rules nothing on the site uses.
* **Keyboard stops.** Code, cell outputs and tables start with `tabindex="0"` (they may scroll
  sideways); book-theme.js removes the stop from those that fit, once they are on screen.
* **Images.** Every image after the first gets `loading="lazy"` and `decoding="async"`, and
  each image its intrinsic `width` and `height`, so nothing shifts when it arrives.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import re
import struct
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# script -> what on a page needs it (a doctree test); absent -> not loaded on that page
OPTIONAL_SCRIPTS = {
    "clipboard.min.js": "code", "copybutton.js": "code",
    "togglebutton.js": "toggle",
    "design-tabs.js": "tabs",
}

ICON = re.compile(r'<(i|span)\b([^>]*?)\bclass="([^"]*\bfa-[a-z0-9-]+[^"]*)"([^>]*)>\s*</\1>')
FA_STYLES = {"fa-solid", "fas", "fa-regular", "far", "fa-brands", "fab", "fa"}
IMG = re.compile(r"<img\b[^>]*>")


def page_needs(doctree) -> set[str]:
    if doctree is None:  # pages made from a template alone (search, genindex): no code, toggles or tabs
        return set()
    needs = set()
    for node in doctree.findall(nodes.Element):
        if isinstance(node, nodes.literal_block):
            needs.add("code")
        classes = node.get("classes", [])
        if "toggle" in classes or "dropdown" in classes or any(c.startswith("tag_hide") for c in classes):
            needs.add("toggle")
        if any(c.startswith("sd-tab") for c in classes):
            needs.add("tabs")
    return needs


# pydata-sphinx-theme links these two itself, before the `css_files` of Sphinx and extensions.
THEME_CSS = ("_static/styles/theme.css", "_static/styles/pydata-sphinx-theme.css")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)['"]?\s*\)?\s*;""")
BUNDLES = ".book-css-bundles"  # in the output folder: which stylesheets each bundle joins


def css_bundle(app: Sphinx, context) -> str:
    """The bundle's path for this page's stylesheets; records its parts for `write_bundles`."""
    files = [*THEME_CSS, *(os.fspath(c.filename) for c in sorted(context.get("css_files", []),
                                                                  key=lambda c: c.priority))]
    files = [f if "/" in f else f"_static/{f}" for f in files]
    name = hashlib.sha256("\n".join(files).encode()).hexdigest()[:12]
    manifest = Path(app.outdir) / BUNDLES / f"{name}.json"
    if not manifest.exists():
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(files), encoding="utf-8")
    return f"_static/book-{name}.css"


def _joined_css(outdir: Path, rel: str, target_dir: str, seen: set[str]) -> str:
    if rel in seen:
        return ""
    seen.add(rel)
    path = outdir / rel
    text = path.read_text(encoding="utf-8")
    here = posixpath.dirname(rel)

    def rebase(match: re.Match) -> str:
        url = match.group(2)
        if url.startswith(("data:", "http:", "https:", "//", "#", "%23", "/")):
            return match.group(0)
        return f'url("{posixpath.relpath(posixpath.normpath(posixpath.join(here, url)), target_dir)}")'

    def inline(match: re.Match) -> str:
        return _joined_css(outdir, posixpath.normpath(posixpath.join(here, match.group(1))), target_dir, seen)

    text = CSS_IMPORT.sub(inline, text)
    return f"/* {rel} */\n" + CSS_URL.sub(rebase, text) + "\n"


def write_bundles(outdir: Path) -> None:
    for manifest in sorted((outdir / BUNDLES).glob("*.json")):
        files = json.loads(manifest.read_text(encoding="utf-8"))
        seen: set[str] = set()
        parts = [_joined_css(outdir, f, "_static", seen) for f in files if (outdir / f).is_file()]
        missing = [f for f in files if not (outdir / f).is_file()]
        if missing:
            logger.warning("stylesheets missing from the output, left out of the bundle: %s", ", ".join(missing),
                           type="book", subtype="css")
        (outdir / "_static" / f"book-{manifest.stem}.css").write_text("".join(parts), encoding="utf-8")


def add_script_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    context["book_css_bundle"] = css_bundle(app, context)
    needs = page_needs(doctree)
    context["book_skip_js"] = sorted(f for f, need in OPTIONAL_SCRIPTS.items() if need not in needs)


@lru_cache(maxsize=1)
def _fontawesome(outdir: str) -> str:
    path = Path(outdir) / "_static" / "scripts" / "fontawesome.js"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def icon_svg(name: str, style: str, source: str) -> tuple[int, int, str] | None:
    """(width, height, path) of Font Awesome icon `name` in the theme's fontawesome.js."""
    found = re.findall(r'(?<![\w-])"?' + re.escape(name) + r'"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]*",("[^"]*"|\[[^\]]*\])\]',
                       source)
    if not found:
        return None
    # the file defines brands, then regular, then solid icons
    width, height, path = found[0] if style in ("fa-regular", "far") or len(found) == 1 else found[-1]
    paths = re.findall(r'"([^"]*)"', path)
    return int(width), int(height), "".join(f'<path d="{p}"/>' for p in paths if p)


def _icon(match: re.Match, source: str) -> str:
    _tag, before, classes, after = match.groups()
    names = classes.split()
    fa = [c for c in names if c.startswith("fa-") and c not in FA_STYLES and c not in ("fa-lg", "fa-fw")]
    style = next((c for c in names if c in FA_STYLES), "fa-solid")
    for name in fa:
        found = icon_svg(name[3:], style, source)
        if found:
            width, height, paths = found
            keep = [c for c in names if c not in FA_STYLES and c not in fa]
            cls = " ".join(["book-icon", *keep])
            attrs = (before + after).strip()
            attrs = attrs if "aria-hidden" in attrs else (attrs + ' aria-hidden="true"').strip()
            return (f'<svg class="{cls}" {attrs} viewBox="0 0 {width} {height}" width="{width / height:.3g}em" '
                    f'height="1em" focusable="false">{paths}</svg>')
    return match.group(0)


def image_size(path: Path) -> tuple[int, int] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    if path.suffix == ".svg":
        text = data[:4000].decode("utf-8", "replace")
        w = re.search(r'<svg[^>]*\swidth="([\d.]+)(?:pt|px)?"', text)
        h = re.search(r'<svg[^>]*\sheight="([\d.]+)(?:pt|px)?"', text)
        if w and h:
            scale = 4 / 3 if re.search(r'<svg[^>]*\swidth="[\d.]+pt"', text) else 1
            return round(float(w.group(1)) * scale), round(float(h.group(1)) * scale)
        box = re.search(r'viewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"', text)
        if box:
            return round(float(box.group(1))), round(float(box.group(2)))
    return None


def _images(page: str, page_path: Path) -> str:
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        tag = match.group(0)
        count += 1
        extra = []
        if count > 1 and "loading=" not in tag:
            extra.append('loading="lazy"')
        if "decoding=" not in tag:
            extra.append('decoding="async"')
        src = re.search(r'\ssrc="([^"]+)"', tag)
        if src and not re.search(r"\s(width|height)=", tag) and not src.group(1).startswith(("data:", "http")):
            size = image_size((page_path.parent / html.unescape(src.group(1)).split("?")[0]).resolve())
            if size:
                extra.append(f'width="{size[0]}" height="{size[1]}"')
        if not extra:
            return tag
        end = "/>" if tag.endswith("/>") else ">"
        return tag[: -len(end)].rstrip() + " " + " ".join(extra) + " " + end

    return IMG.sub(fix, page)


# myst-nb names the <summary> of a folded cell "Toggle hidden content" while it shows "Show code
# cell source": the accessible name must contain the visible words (WCAG 2.5.3, axe's
# label-content-name-mismatch), so the label goes and the visible text names the control.
HIDDEN_CELL_SUMMARY = '<summary aria-label="Toggle hidden content">'


# Code, outputs and tables that may scroll sideways start as keyboard stops (axe's
# scrollable-region-focusable): which of them do scroll depends on the screen, and book-theme.js
# takes the stop away from those that do not once they are on screen (or at the first Tab),
# without the forced layout of the whole page that checking them all at load costs.
SCROLLABLE = re.compile(r'<(pre\b|div (?=class="(?:output|pst-scrollable-table-container)\b))(?![^>]*\btabindex=)')


def keyboard_stops(page: str) -> str:
    """Every <pre>, cell output and table container gets tabindex="0" unless it has one."""
    return SCROLLABLE.sub(lambda m: '<pre tabindex="0"' if m.group(1) == "pre" else '<div tabindex="0" ', page)


def site_pages(outdir: Path) -> list[Path]:
    """The HTML pages of the output (not the theme's template fragments copied into _static)."""
    return sorted(p for p in outdir.rglob("*.html")
                  if not p.relative_to(outdir).as_posix().startswith(("_static/", "_sources/", "_images/", "_downloads/")))


def rewrite_pages(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    write_bundles(outdir)
    source = _fontawesome(str(outdir))
    if not source:
        logger.warning("fontawesome.js not found in the theme's static files; icons stay as classes",
                       type="book", subtype="icons")
    for page_path in site_pages(outdir):
        text = page_path.read_text(encoding="utf-8")
        new = ICON.sub(lambda m: _icon(m, source), text) if source else text
        new = keyboard_stops(_images(new, page_path).replace(HIDDEN_CELL_SUMMARY, "<summary>"))
        if new != text:
            page_path.write_text(new, encoding="utf-8")


def use_book_theme_js(app: Sphinx, config) -> None:
    """book-theme.js stands in for pydata-sphinx-theme.js, which layout.html no longer loads."""
    config.html_js_files = list(config.html_js_files) + ["book-theme.js"]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", use_book_theme_js)
    app.connect("html-page-context", add_script_context)
    # after pydata-sphinx-theme rewrites pygments.css at build-finished (default priority 500)
    app.connect("build-finished", rewrite_pages, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
