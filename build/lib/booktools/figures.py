"""Generate the notes' figures: every `book/figures/<name>.py` draws its figures per language.

Each script defines `make(lang: str, outdir: pathlib.Path) -> None` and writes SVG (or PNG)
files into `book/<lang>/notes/figures/` (pages refer to them as `figures/<file>.svg`), with labels in that language. Outputs are generated,
not committed; a script runs again only when it (or this module) is newer than its outputs.
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


def generate_all(force: bool = False) -> list[Path]:
    """Run every figure script that is out of date; returns the scripts that ran."""
    ran = []
    scripts = sorted(p for p in FIGURE_SCRIPTS.glob("*.py") if not p.name.startswith("_"))
    if not scripts:
        return ran
    import matplotlib

    from labs.plotting import use_korean_font
    matplotlib.use("Agg")
    use_korean_font()
    for script in scripts:
        for lang in paths.LANGUAGES:
            stamp = _stamp(script, lang)
            if not force and stamp.exists() and stamp.stat().st_mtime >= script.stat().st_mtime:
                continue
            outdir = output_dir(lang)
            outdir.mkdir(parents=True, exist_ok=True)
            try:
                _load(script).make(lang, outdir)
            except Exception as exc:
                raise SystemExit(f"{script}: drawing the {lang} figures failed: {exc!r}") from exc
            stamp.write_text("", encoding="utf-8")
            ran.append(script)
    return ran


if __name__ == "__main__":
    generate_all(force="--force" in sys.argv)
