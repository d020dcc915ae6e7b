"""Lab plots read on a phone (issue #25): a plot is shown at most as wide as the text column of a
390-px phone, so every text must be at least MIN_TEXT_PX CSS px there. Lab plots are PNG images,
so instead of measuring them in the browser these tests check labs.plotting's defaults (font size
against figure width), the 6-inch cap of the notebook's PNG formatter, and the labs' own plot
functions drawn with those defaults."""
import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from labs import conv, knn, linear
from labs.i18n import labels
from labs.plotting import (
    FIGURE_WIDTH_IN,
    MAX_WIDTH_IN,
    MIN_TEXT_PX,
    PHONE_COLUMN_PX,
    READABLE,
    describe_plots,
    font_pt,
    min_font_pt,
    phone_rc,
    use_korean_font,
    wrap_label,
)

SIZE_KEYS = ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
             "legend.fontsize", "figure.titlesize", "legend.title_fontsize")


def css_px(points: float, width_in: float) -> float:
    """A text of `points` on a figure `width_in` inches wide, shown across a phone's column."""
    return points * PHONE_COLUMN_PX / (72 * width_in)


def test_the_lab_defaults_give_11_px_text_on_the_widest_plot():
    assert PHONE_COLUMN_PX <= 358  # the column measured at 390 px; 342 also fits 375-px phones
    for key in SIZE_KEYS:
        assert css_px(READABLE[key], MAX_WIDTH_IN) >= MIN_TEXT_PX, (key, READABLE[key])
    assert READABLE["figure.figsize"][0] <= MAX_WIDTH_IN


@pytest.mark.parametrize("width", [3.0, 4.5, FIGURE_WIDTH_IN, 8.0])
def test_phone_rc_scales_the_font_with_the_figure_width(width):
    rc = phone_rc(width)
    assert rc["figure.figsize"][0] == width
    for key in SIZE_KEYS:
        assert css_px(rc[key], width) >= MIN_TEXT_PX, (width, key, rc[key])
    assert font_pt(width) < min_font_pt(width) + 1
    assert font_pt(FIGURE_WIDTH_IN) == 14


@pytest.mark.parametrize("text", [
    "Convolution, stride 1, no padding: each output is a dot product of the filter with one window",
    "스트라이드 1, 패딩 없는 합성곱: 출력 하나는 필터와 창 하나의 내적이다",
    r"margin $m = s_{y} - s_{j}$ (correct score minus other score)",
])
def test_wrapped_labels_fit_the_figure_and_never_split_math(text):
    use_korean_font()
    fig = plt.figure(figsize=(FIGURE_WIDTH_IN, 2))
    wrapped = wrap_label(text)
    assert wrapped.replace("\n", " ") == text
    assert all(line.count("$") % 2 == 0 for line in wrapped.split("\n"))
    label = fig.text(0, 0.5, wrapped, fontsize=font_pt())
    fig.canvas.draw()
    assert label.get_window_extent().width <= FIGURE_WIDTH_IN * fig.dpi
    plt.close(fig)


def smallest_text_px(fig) -> tuple[str, float]:
    """The figure's smallest visible text in CSS px, as the notebook's PNG formatter saves it
    (at most 6 inches wide, cropped to its drawing) and a phone shows it (across the column)."""
    from IPython.core.interactiveshell import InteractiveShell
    from PIL import Image

    shell = InteractiveShell.instance()
    describe_plots("en", shell)
    data, _ = shell.display_formatter.format(fig, include={"image/png"})
    width_in = Image.open(io.BytesIO(data["image/png"])).width / fig.dpi
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
    smallest = min(texts, key=lambda t: t.get_fontsize())
    return smallest.get_text(), css_px(smallest.get_fontsize(), width_in)


CIFAR = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def lab_plots():
    rng = np.random.default_rng(0)
    X = rng.random((70, 3, 8, 8)).astype(np.float32)
    y = np.repeat(np.arange(10), 7)
    yield "knn.plot_samples", lambda: knn.plot_samples(X, y, CIFAR, labels(knn.LABELS, "en"))
    yield "knn.plot_confusion", lambda: knn.plot_confusion(rng.integers(0, 150, (10, 10)), CIFAR,
                                                            labels(knn.LABELS, "en"), k=5)
    yield "knn.plot_cross_validation", lambda: knn.plot_cross_validation(
        [1, 3, 5, 8, 10, 12, 15, 20, 50, 100], rng.random((10, 5)), labels(knn.LABELS, "en"))
    yield "linear.plot_templates", lambda: linear.plot_templates(
        rng.normal(size=(3 * 8 * 8 + 1, 10)), (3, 8, 8), CIFAR, labels(linear.LABELS, "en"), "softmax")
    yield "conv.plot_misclassified", lambda: conv.plot_misclassified(
        X, y, (y + 1) % 10, CIFAR, labels(conv.LABELS, "ko"), n=16)


@pytest.mark.parametrize("name,draw", list(lab_plots()), ids=[name for name, _ in lab_plots()])
def test_lab_plots_read_on_a_phone(name, draw):
    use_korean_font()
    matplotlib.rcParams.update(READABLE)
    fig = draw()
    text, px = smallest_text_px(fig)
    plt.close(fig)
    assert px >= MIN_TEXT_PX, f"{name}: {text!r} shows at {px:.1f} CSS px on a phone"
