"""Generate the notes' figures: every `book/figures/<name>.py` draws its figures per language.

Each script defines `make(lang: str, outdir: pathlib.Path) -> None` and writes SVG (or PNG)
files into `book/<lang>/notes/figures/` (pages refer to them as `figures/<file>.svg`), with
labels in that language.

Phones (issue #25): a figure is shown at most as wide as the text column, 342 CSS px on a
390-px phone, and never scrolls sideways, so its every text must be at least
`labs.plotting.min_font_pt(width)` points: 14 pt on a 6-inch-wide figure. Scripts run with
`labs.plotting.phone_rc()` as matplotlib defaults (14-pt text everywhere); draw figures at most
`FIGURE_WIDTH_IN` (6) inches wide, stack panels vertically rather than side by side, put legends
below, write any explicit size as `font_pt()` or larger and break long titles with
`wrap_label`. `small_texts` lists the texts that break the rule (the build warns about them, and
tests/site/test_reader.py measures them in Chromium). Outputs are generated, not committed; a script runs again only when
it is newer than its outputs. The Sphinx extension `booktools.ext.figures` calls `generate`
for the language being built, so every build (ours or a plain `jupyter-book build`) has them.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from . import paths

FIGURE_SCRIPTS = paths.BOOK / "figures"


def output_dir(lang: str) -> Path:
    return paths.source_dir(lang) / "notes" / "figures"


def _stamp(script: Path, lang: str) -> Path:
    return output_dir(lang) / f".{script.stem}.done"


def _load(script: Path):
    spec = importlib.util.spec_from_file_location(f"book_figures_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FigureError(Exception):
    """A figure script failed; the message names the script and the language."""


def generate(lang: str, force: bool = False) -> list[Path]:
    """Run every figure script whose `lang` figures are out of date; returns the scripts that ran."""
    ran = []
    scripts = sorted(p for p in FIGURE_SCRIPTS.glob("*.py") if not p.name.startswith("_"))
    if not scripts:
        return ran
    import matplotlib

    from labs.plotting import phone_rc, use_korean_font
    matplotlib.use("Agg")
    use_korean_font()
    matplotlib.rcParams.update(phone_rc())
    # Crop the empty margins (equal-aspect diagrams leave wide ones), so that on a phone the
    # drawing, not the margin, fills the column and its text reads larger (issue #25).
    matplotlib.rcParams["savefig.bbox"] = "tight"
    matplotlib.rcParams["savefig.pad_inches"] = 0.05
    for script in scripts:
        stamp = _stamp(script, lang)
        if not force and stamp.exists() and stamp.stat().st_mtime >= script.stat().st_mtime:
            continue
        outdir = output_dir(lang)
        outdir.mkdir(parents=True, exist_ok=True)
        try:
            _load(script).make(lang, outdir)
        except Exception as exc:
            raise FigureError(f"{script}: drawing the {lang} figures failed: {exc!r}") from exc
        stamp.write_text("", encoding="utf-8")
        ran.append(script)
    return ran


def small_texts(lang: str) -> list[str]:
    """'figure: "text" at N px' for every text of a drawn `lang` figure that would render below
    `labs.plotting.MIN_TEXT_PX` CSS px in a phone's column."""
    from labs.plotting import MIN_TEXT_PX, PHONE_COLUMN_PX

    from .figure_text import text_sizes, viewbox_width

    found = []
    for svg_path in sorted(output_dir(lang).glob("*.svg")):
        svg = svg_path.read_text(encoding="utf-8")
        width = viewbox_width(svg)
        scale = PHONE_COLUMN_PX / width  # CSS px per point: on a phone figures fill the column
        found += [f'{svg_path.name}: "{text}" at {size * scale:.1f} px'
                  for text, size in text_sizes(svg) if size * scale < MIN_TEXT_PX]
    return found


def generate_all(force: bool = False) -> list[Path]:
    """Both languages' figures (`python -m booktools.figures [--force]`)."""
    return [script for lang in paths.LANGUAGES for script in generate(lang, force)]


if __name__ == "__main__":
    generate_all(force="--force" in sys.argv)
