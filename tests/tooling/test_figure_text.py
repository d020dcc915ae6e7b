"""The figure driver's phone check (booktools.figures.small_texts, booktools.figure_text): a figure
text that would read below 11 CSS px in a phone's column is named, with its figure and size."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from booktools import figures
from booktools.figure_text import text_sizes, viewbox_width
from labs.plotting import font_pt, phone_rc


def draw(path, size):
    with matplotlib.rc_context({**phone_rc(), "svg.fonttype": "path"}):
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.plot([0, 1], [0, 1])
        ax.set_title("readable title")
        ax.text(0.5, 0.5, "the small print", fontsize=size)
        fig.savefig(path)
        plt.close(fig)


def test_text_sizes_read_the_font_size_of_every_text(tmp_path):
    draw(tmp_path / "a.svg", 9)
    svg = (tmp_path / "a.svg").read_text(encoding="utf-8")
    sizes = dict(text_sizes(svg))
    assert abs(sizes["the small print"] - 9) < 0.01 and abs(sizes["readable title"] - 14) < 0.01
    assert abs(viewbox_width(svg) - 6 * 72) < 0.01


def test_small_texts_names_the_figure_and_the_text(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "output_dir", lambda lang: tmp_path)
    draw(tmp_path / "small.svg", 9)
    draw(tmp_path / "fine.svg", font_pt())
    assert figures.small_texts("en") == ['small.svg: "the small print" at 7.1 px']
