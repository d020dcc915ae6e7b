"""Text sizes inside the book's SVG figures (matplotlib writes text as outlines).

Each text of a matplotlib SVG is a `<g id="text_N">` group whose glyphs are drawn with
`scale(s -s)`, where `100 * s` is the font size in points, in the SVG's own units (the
viewBox is in points). A figure drawn `w` CSS px wide shows that text at
`100 * s * w / viewBox_width` CSS px.
"""
from __future__ import annotations

import re
from pathlib import Path

TEXT_START = re.compile(r'<g id="text_\d+">')
SCALE = re.compile(r"scale\(([\d.]+) -[\d.]+\)")
COMMENT = re.compile(r"<!--\s*(.*?)\s*-->", re.DOTALL)
VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def viewbox_width(svg: str) -> float:
    return float(VIEWBOX.search(svg)[1])


def text_sizes(svg: str) -> list[tuple[str, float]]:
    """(text, font size in points) for every text of the figure."""
    out = []
    for body in TEXT_START.split(svg)[1:]:  # each text's group starts with its label and glyph scale
        scale = SCALE.search(body)
        if not scale:
            continue
        label = COMMENT.search(body)
        text = label[1] if label else ""
        if text.strip():
            out.append((text, float(scale[1]) * 100))
    return out


def smallest_text(path: Path) -> tuple[str, float, float]:
    """(text, its size in points, the viewBox width in points) of a figure's smallest text."""
    svg = path.read_text(encoding="utf-8")
    sizes = text_sizes(svg)
    text, size = min(sizes, key=lambda pair: pair[1]) if sizes else ("", float("inf"))
    return text, size, viewbox_width(svg)
