"""Matplotlib set-up for the labs and figures: a Hangul-capable font everywhere.

The NanumGothic font ships inside the `koreanize-matplotlib` wheel (pip-installable on
any machine, Colab included), so Korean labels never render as empty boxes. We register
the font files ourselves instead of relying on import side effects.
"""
from __future__ import annotations

from pathlib import Path

KOREAN_FONT = "NanumGothic"


def korean_font_files() -> list[Path]:
    import koreanize_matplotlib

    return sorted(Path(koreanize_matplotlib.__file__).parent.glob("fonts/*.ttf"))


def use_korean_font() -> str:
    """Register NanumGothic with matplotlib and make it the default sans-serif font."""
    import matplotlib as mpl
    from matplotlib import font_manager

    files = korean_font_files()
    if not files:
        raise RuntimeError("koreanize-matplotlib is installed but ships no fonts; reinstall it "
                           "(`pip install --force-reinstall koreanize-matplotlib`)")
    for path in files:
        font_manager.fontManager.addfont(str(path))
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [KOREAN_FONT, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False  # NanumGothic has no U+2212 minus sign
    mpl.rcParams["svg.fonttype"] = "path"  # SVG text as outlines: no font needed in the browser
    return KOREAN_FONT
