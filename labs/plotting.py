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


# Phone-readable defaults: a plot 6 inches wide fills a 390-px phone's 342-px column at 57 CSS px
# per inch, so 14-pt text renders at 14 * 342 / (72 * 6) = 11.1 CSS px (issue #25). Wider figures
# are drawn at 6 inches (`describe_plots`), narrower ones read larger.
MAX_WIDTH_IN = 6.0
READABLE = {"font.size": 14, "axes.titlesize": 15, "axes.labelsize": 14, "xtick.labelsize": 13,
            "ytick.labelsize": 13, "legend.fontsize": 13, "figure.figsize": (6.0, 4.0)}

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
    """Lab pages: phone-readable plot defaults (text of at least 14 pt on figures at most 6 inches
    wide), and every plot shown in the notebook carries its
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
