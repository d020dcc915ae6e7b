"""Matplotlib set-up for the labs and figures: a Hangul-capable font everywhere.

The NanumGothic font ships inside the `koreanize-matplotlib` wheel (pip-installable on
any machine, Colab included), so Korean labels never render as empty boxes. We register
the font files ourselves instead of relying on import side effects.

Phone-readable figures (issue #25), for the labs and for the notes' figure scripts in
book/figures/: `phone_rc(width)` (matplotlib defaults whose text reads at 11 CSS px or more on a
390-px phone), `font_pt(width)` (the smallest whole font size for a figure that wide: 14 pt at
the standard FIGURE_WIDTH_IN = 6 inches), `min_font_pt(width)` and `wrap_label(text)` (breaks a
long title or label to fit the figure). Draw at most 6 inches wide, stack panels vertically, put
legends below the axes.
"""
from __future__ import annotations

import math
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


# Phone-readable text (issue #25). A figure is shown at most as wide as the text column, which
# on a 390-px phone is PHONE_COLUMN_PX CSS px wide; text must render at MIN_TEXT_PX or more there.
# A figure `w` inches wide is then scaled by PHONE_COLUMN_PX / (72 w) CSS px per point, so its
# text needs at least `min_font_pt(w)` points: 14 pt on the standard 6-inch figure, 12 pt on a
# 5-inch one. Draw figures at most FIGURE_WIDTH_IN wide with `phone_rc()` as defaults (the notes'
# figure driver, booktools/figures.py, sets them for every script in book/figures/), and write
# explicit sizes as `font_pt(w)` or larger; wrap long titles with `wrap_label`.
PHONE_COLUMN_PX = 342  # measured: 358 at 390 px; 342 also covers 375-px phones
MIN_TEXT_PX = 11
FIGURE_WIDTH_IN = 6.0
MAX_WIDTH_IN = FIGURE_WIDTH_IN  # lab plots drawn wider are scaled down to this (`describe_plots`)


def min_font_pt(width_in: float) -> float:
    """The smallest font size (points) that renders at MIN_TEXT_PX on a phone, for a figure
    `width_in` inches wide (its saved width, after the tight crop)."""
    return MIN_TEXT_PX * 72 * width_in / PHONE_COLUMN_PX


def font_pt(width_in: float = FIGURE_WIDTH_IN) -> int:
    """`min_font_pt` rounded up to a whole point: the book's body size for figure text."""
    return math.ceil(min_font_pt(width_in) - 0.05)


def phone_rc(width_in: float = FIGURE_WIDTH_IN) -> dict:
    """Matplotlib rc parameters for a figure `width_in` inches wide whose every text (titles,
    labels, ticks, legends, annotations) reads at MIN_TEXT_PX or more on a phone."""
    size = font_pt(width_in)
    return {"font.size": size, "axes.titlesize": size, "axes.labelsize": size,
            "xtick.labelsize": size, "ytick.labelsize": size, "legend.fontsize": size,
            "figure.titlesize": size + 1, "legend.title_fontsize": size,
            "figure.figsize": (width_in, round(width_in * 2 / 3, 2))}


def wrap_label(text: str, width_in: float = FIGURE_WIDTH_IN, size_pt: float | None = None,
               share: float = 1.0) -> str:
    """Break `text` into lines that fit `share` of a figure `width_in` inches wide at `size_pt`
    (default `font_pt(width_in)`). Hangul counts as one em, other characters as 0.55 em; text
    inside $...$ is never broken."""
    size = size_pt or font_pt(width_in)
    room = share * width_in * 72 / size  # ems per line
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and _ems(candidate) > room and candidate.count("$") % 2 == 0 and line.count("$") % 2 == 0:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines)


def _ems(text: str) -> float:
    return sum(1.0 if "\uac00" <= ch <= "\ud7a3" else 0.55 for ch in text)


READABLE = phone_rc(FIGURE_WIDTH_IN)

ALT = {
    "en": {"plot": "Plot", "untitled": "Plot", "panels": "{} panels", "x": "horizontal axis: {}",
           "y": "vertical axis: {}"},
    "ko": {"plot": "그래프", "untitled": "그래프", "panels": "패널 {}개", "x": "가로축: {}", "y": "세로축: {}"},
}


def describe_figure(fig, lang: str) -> str:
    """Alt text for a plot in the page's language: its titles and what its axes show."""
    from .i18n import labels

    words = labels({k: {lg: ALT[lg][k] for lg in ALT} for k in ALT["en"]}, lang)
    axes = [ax for ax in fig.get_axes() if ax.get_visible()]
    titles = [fig.get_suptitle()] + [ax.get_title() for ax in axes]
    titles = [t for t in dict.fromkeys(titles) if t]
    parts = [f"{words['plot']}: {'; '.join(titles[:6])}" if titles else words["untitled"]]
    if len(axes) > 1:
        parts.append(words["panels"].format(len(axes)))
    xlabels = [t for t in dict.fromkeys(ax.get_xlabel() for ax in axes) if t]
    ylabels = [t for t in dict.fromkeys(ax.get_ylabel() for ax in axes) if t]
    if xlabels:
        parts.append(words["x"].format(", ".join(xlabels)))
    if ylabels:
        parts.append(words["y"].format(", ".join(ylabels)))
    return ". ".join(parts) + "."


def describe_plots(lang: str, ipython=None) -> None:
    """Lab pages: phone-readable plot defaults (`phone_rc`: text of at least 14 pt on figures at
    most 6 inches wide, wider ones are drawn 6 inches wide), and every plot shown in the notebook carries its
    alt text (`describe_figure`) in the PNG's "Description" field, which the book's build
    (booktools/ext/plot_alt.py) turns into the image's alt text."""
    import io

    import matplotlib as mpl
    from matplotlib.figure import Figure

    mpl.rcParams.update(READABLE)
    if ipython is None:
        from IPython import get_ipython

        ipython = get_ipython()
    if ipython is None:  # plain Python: nothing is displayed as PNG
        return
    try:  # the inline backend sets its own PNG formatter when it is first loaded: load it first
        import matplotlib_inline.backend_inline  # noqa: F401
    except ImportError:
        pass

    def png(fig):
        width, height = fig.get_size_inches()
        if width > MAX_WIDTH_IN:  # keep the text readable on a phone: same layout, drawn narrower
            fig.set_size_inches(MAX_WIDTH_IN, height * MAX_WIDTH_IN / width)
        buf = io.BytesIO()
        fig.canvas.print_figure(buf, format="png", bbox_inches="tight",
                                metadata={"Description": describe_figure(fig, lang)})
        return buf.getvalue()

    ipython.display_formatter.formatters["image/png"].for_type(Figure, png)
