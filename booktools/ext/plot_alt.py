"""Alt text of lab plots in the page's language.

myst-nb names a plot image by its hash and gives it no alt text. Lab pages call
`labs.plotting.describe_plots(LANG)`, which writes each plot's alt text (its titles and
axes, in the page's language) into the PNG's "Description" field; this extension copies it
into the image node after myst-nb has rendered the outputs. An image without one keeps
what it had.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def png_description(path: Path) -> str | None:
    from PIL import Image

    try:
        with Image.open(path) as image:
            return (getattr(image, "text", {}) or {}).get("Description")
    except OSError:
        return None


def image_path(app: Sphinx, docname: str, uri: str) -> Path:
    if Path(uri).is_absolute():
        return Path(uri)
    return (Path(app.env.doc2path(docname)).parent / uri).resolve()


def add_plot_alt(app: Sphinx, doctree: nodes.document) -> None:
    for node in doctree.findall(nodes.image):
        uri = node.get("uri", "")
        if node.get("alt") or not uri.endswith(".png"):
            continue
        path = image_path(app, app.env.docname, uri)
        if not path.exists():
            path = Path(app.srcdir) / uri.lstrip("/")
        description = png_description(path) if path.exists() else None
        if description:
            node["alt"] = description


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", add_plot_alt)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
