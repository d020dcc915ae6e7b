"""Equations rendered at build time to MathML Core, so reading a page needs no math script.

Sphinx's `math` and `math_block` nodes go through an HTML math renderer registered with
`app.add_html_math_renderer` (`html_math_renderer = "static"`). While reading, every
equation's TeX is recorded in the environment; once all documents are read (`env-updated`)
the TeX not yet rendered goes to Node in one batch (`static_math.cjs`, npm `temml` pinned in
package.json), and the results are kept in a cache keyed by TeX beside the doctrees, so a
rebuild renders only new equations. Current Chromium, Firefox and Safari render MathML Core
natively, and screen readers read it as math. A TeX error is a build warning (an error in
the strict build) naming the file and line.

Numbered equations keep Sphinx's number and permalink (`<span class="eqno">`), exactly as
`sphinx.ext.mathjax` writes them, so `{eq}` references work unchanged.
"""
from __future__ import annotations

import fcntl
import html
import json
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from .. import paths
from .node_tool import npm_package_version, run_node_script

logger = logging.getLogger(__name__)

NODE_SCRIPT = Path(__file__).with_name("static_math.cjs")
TEMML = paths.ROOT / "node_modules" / "temml"
PURPOSE = "renders the equations to MathML"
# Temml's stylesheet for MathML Core (system math fonts) and the one small font it may use.
TEMML_ASSETS = ("dist/Temml-Local.css", "dist/Temml.woff2", "LICENSE")
CACHE_NAME = "static-math-cache.json"

_rendered: dict[str, str] = {}  # cache key -> MathML, filled once per build at env-updated


def cache_key(tex: str, display: bool) -> str:
    return ("D:" if display else "I:") + tex


def block_tex(node: nodes.math_block) -> str:
    """The TeX of a display equation, wrapped the way `sphinx.ext.mathjax` wraps it."""
    text = node.astext()
    if node.get("nowrap"):
        return text
    parts = [p for p in text.split("\n\n") if p.strip()]
    parts = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p else p for p in parts]
    if len(parts) > 1:
        return r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"
    return parts[0] if parts else ""


def equation(node) -> tuple[str, bool]:
    if isinstance(node, nodes.math_block):
        return block_tex(node), True
    return node.astext(), False


def _line(node) -> int | None:
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return None


def record_equations(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not hasattr(env, "book_math"):
        env.book_math = {}
    env.book_math[env.docname] = [
        (*equation(node), _line(node))
        for node in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))
    ]


def purge_doc(app: Sphinx, env, docname: str) -> None:
    if hasattr(env, "book_math"):
        env.book_math.pop(docname, None)


def merge_info(app: Sphinx, env, docnames, other) -> None:
    if not hasattr(env, "book_math"):
        env.book_math = {}
    env.book_math.update({d: other.book_math[d] for d in docnames if d in getattr(other, "book_math", {})})


def temml_version() -> str:
    return npm_package_version("temml", PURPOSE)


def run_temml(items: list[tuple[str, bool]]) -> list[dict]:
    """Render [(tex, display), ...] in one Node process; each result has `html` or `error`."""
    request = [{"tex": t, "display": d} for t, d in items]
    return run_node_script(NODE_SCRIPT, request, "temml", PURPOSE)["results"]


def render_all(app: Sphinx, env) -> None:
    """Render every equation of the project that is not in the cache yet (one Node call)."""
    version = temml_version()
    cache_file = Path(app.doctreedir) / CACHE_NAME
    cache = {}
    if cache_file.exists():
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
        if stored.get("temml") == version:
            cache = stored["math"]
    wanted: dict[str, tuple[str, bool, str, int | None]] = {}
    for docname, equations in sorted(getattr(env, "book_math", {}).items()):
        for tex, display, line in equations:
            key = cache_key(tex, display)
            if key not in cache:
                wanted.setdefault(key, (tex, display, docname, line))
    if wanted:
        results = run_temml([(tex, display) for tex, display, _, _ in wanted.values()])
        for (key, (tex, display, docname, line)), result in zip(wanted.items(), results, strict=True):
            if "html" in result:
                cache[key] = result["html"]
            else:
                logger.warning("cannot render the equation `%s`: %s. Fix the TeX (temml's supported commands: "
                               "https://temml.org/docs/en/supported.html)", tex.strip(), result["error"].rstrip(":"),
                               location=(docname, line), type="book", subtype="math")
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps({"temml": version, "math": cache}, ensure_ascii=False), encoding="utf-8")
    _rendered.update(cache)


def _markup(tex: str, display: bool) -> str:
    rendered = _rendered.get(cache_key(tex, display))
    if rendered is None:  # reported as a warning when rendering; show the TeX rather than nothing
        return f'<code class="math-error">{html.escape(tex)}</code>'
    return rendered


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(_markup(node.astext(), False) + "</span>")
    raise nodes.SkipNode


def visit_math_block(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node["number"] and not node.get("nowrap"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_markup(block_tex(node), True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def stage_assets() -> Path:
    """Copy temml's stylesheet, font and licence into `_build/assets/math/temml/` (a static path)."""
    version = temml_version()
    stage = paths.BUILD / "assets" / "math"
    target = stage / "temml"
    target.mkdir(parents=True, exist_ok=True)
    with open(stage / ".lock", "w") as lock:  # the two language builds may start together
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = target / ".version"
        if not (stamp.exists() and stamp.read_text(encoding="utf-8") == version):
            for part in TEMML_ASSETS:
                shutil.copy2(TEMML / part, target / Path(part).name)
            stamp.write_text(version, encoding="utf-8")
    return stage


def configure(app: Sphinx, config) -> None:
    config.html_math_renderer = "static"
    config.html_static_path = [*config.html_static_path, str(stage_assets())]


def setup(app: Sphinx) -> dict:
    app.add_html_math_renderer("static", (visit_math, None), (visit_math_block, None))
    app.connect("config-inited", configure, priority=400)
    app.connect("doctree-read", record_equations)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-updated", render_all)
    app.add_css_file("temml/Temml-Local.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
