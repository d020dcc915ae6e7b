"""Drop the rules of the book's stylesheet that nothing on the site can match.

`lean_pages` joins the themes' stylesheets into one `_static/book-<hash>.css`. Most of it is
for markup the book never has: all of Bootstrap 5 (carousels, toasts, forms...), a class for every
Font Awesome icon (the icons are inline SVG now), every sphinx-design component. A phone
downloads and parses all of it before the first paint: 550 KiB (94 KiB gzipped), 60–180 ms of
style-sheet parsing at Lighthouse's 4× CPU slowdown. What is left: 156 KiB (31 KiB gzipped).

After the pages are final (build-finished, after `lean_pages`), PurgeCSS (npm, pinned in
package.json) keeps a rule only if every class, id, element and attribute value of its selector
appears in some page of this output (parsed as HTML, so attribute values such as
`img[src$=".svg"]` count) or in a script those pages load (found by following file
names from the pages' `<script src>` on, as book-search.js names the search index and the Korean
query code it fetches). CSS variables, `@media` blocks and the cascade order are kept; unused
`@font-face` and `@keyframes` go. Names that scripts compose at run time, so that no file spells
them out, are listed in `SAFELIST`.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .lean_pages import site_pages
from .node_tool import run_node_script

logger = logging.getLogger(__name__)

NODE_SCRIPT = Path(__file__).with_name("unused_css.cjs")
BUNDLE = re.compile(r"book-[0-9a-f]{12}\.css")
# Regular expressions (JavaScript syntax) for names no file spells out in full:
SAFELIST = [
    r"^book-",  # the book's own classes (book-reader.js builds "book-<side>-hidden")
    r"^bs-(tooltip|popover)-",  # bootstrap.js: classList.add(`bs-${NAME}-auto`)
    r"^data-bs-popper$",  # bootstrap.js: Manipulator.setDataAttribute(menu, "popper", "static")
    # Pseudo-classes and -elements count as present: a selector made of them alone, like the
    # theme's focus ring `:focus-visible { outline: ... }`, can match any element, but PurgeCSS
    # finds nothing in it to look up and would drop it.
    r"^:",
]
SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc=["']([^"'?#]+)""")
SCRIPT_NAME = re.compile(r"""[\w.-]+\.js\b""")


def loaded_scripts(outdir: Path, pages: list[Path]) -> list[Path]:
    """Local scripts the pages load, and the scripts these name (those they fetch on demand)."""
    by_name: dict[str, list[Path]] = {}
    for script in outdir.rglob("*.js"):
        by_name.setdefault(script.name, []).append(script.resolve())
    found: set[Path] = set()
    todo = [target for page in pages for src in SCRIPT_SRC.findall(page.read_text(encoding="utf-8"))
            if (target := (page.parent / src).resolve()).is_file()]
    while todo:
        script = todo.pop()
        if script in found:
            continue
        found.add(script)
        for name in set(SCRIPT_NAME.findall(script.read_text(encoding="utf-8", errors="replace"))):
            todo.extend(by_name.get(name, []))
    return sorted(found)


def purge(stylesheets: list[Path], content: list[Path]) -> list[dict]:
    """Rewrite each stylesheet in place with only the rules `content` can match; their sizes."""
    request = {"css": [str(p) for p in stylesheets], "content": [str(p) for p in content], "safelist": SAFELIST}
    return run_node_script(NODE_SCRIPT, request, "purgecss", "drops the stylesheet rules no page uses")


def prune_bundles(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    bundles = sorted(p for p in (outdir / "_static").glob("book-*.css") if BUNDLE.fullmatch(p.name))
    if not bundles:
        return
    pages = site_pages(outdir)
    for result in purge(bundles, [*pages, *loaded_scripts(outdir, pages)]):
        logger.info("unused CSS dropped from %s: %d -> %d bytes", Path(result["file"]).name,
                    result["before"], result["after"])


def setup(app: Sphinx) -> dict:
    # after lean_pages has joined the bundle and rewritten the pages (priority 900)
    app.connect("build-finished", prune_bundles, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
