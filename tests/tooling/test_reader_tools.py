"""Issue #25 pieces that need no build: glossary filter keys, lab set-up lines and plot alt
text in the page's language, the light `make check`."""
import io
import subprocess
import sys

import pytest

from booktools import paths
from booktools.glossary.filter import choseong, matches, search_keys
from booktools.glossary.load import load_glossary


def term(ko):
    return next(t for t in load_glossary().terms if t.ko == ko)


def test_glossary_filter_keys_match_korean_english_abbreviation_and_initials():
    keys = search_keys(term("과적합"))
    assert choseong("과적합") == "ㄱㅈㅎ"
    for query in ("ㄱㅈㅎ", "과적", "Overfit", "overfitting"):
        assert matches(keys, query), query
    assert not matches(keys, "ㄱㄴ") and not matches(keys, "relu")
    with_abbr = next(t for t in load_glossary().terms if t.abbr)
    assert matches(search_keys(with_abbr), with_abbr.abbr.lower())
    with_accepted = next(t for t in load_glossary().terms if t.accepted)
    assert matches(search_keys(with_accepted), next(iter(with_accepted.accepted)))


def test_setup_lines_in_the_pages_language():
    from labs.setup_report import setup_lines

    digits = "scikit-learn 8×8 handwritten digits (bundled, offline)"
    ko = setup_lines("ko", device="cpu", sources=digits, numpy_only=True, shapes=((10, 64), (5, 64), 10))
    assert ko[0].startswith("실행 모드: 빠른 모드") and ko[1].startswith("장치:") and "CPU에서" in ko[1]
    assert ko[2].startswith("데이터:") and "손글씨 숫자" in ko[2] and "handwritten" not in ko[2]
    assert "클래스 10개" in ko[3]
    en = setup_lines("en", device="cpu", sources=digits)
    assert en == ["mode:   fast", "device: cpu", f"data:   {digits}"]
    with pytest.raises(ValueError, match="LANG"):
        setup_lines("fr", device="cpu", sources=digits)


def test_every_data_source_of_the_labs_has_korean_words():
    from labs.data import load_co2_series, load_digits
    from labs.setup_report import SOURCES_KO

    assert load_digits().source in SOURCES_KO
    assert load_co2_series()[1] in SOURCES_KO


def test_plots_carry_alt_text_in_the_pages_language():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from IPython.core.interactiveshell import InteractiveShell
    from PIL import Image

    from labs.plotting import describe_figure, describe_plots, use_korean_font

    use_korean_font()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    ax.set_title("검증 정확도")
    ax.set_xlabel("에폭")
    ax.set_ylabel("정확도")
    assert describe_figure(fig, "ko") == "그래프: 검증 정확도. 가로축: 에폭. 세로축: 정확도."
    assert describe_figure(fig, "en").startswith("Plot: 검증 정확도. horizontal axis")
    shell = InteractiveShell.instance()
    describe_plots("ko", shell)
    data, _ = shell.display_formatter.format(fig, include={"image/png"})
    png = Image.open(io.BytesIO(data["image/png"]))
    assert png.text["Description"] == "그래프: 검증 정확도. 가로축: 에폭. 세로축: 정확도."
    assert matplotlib.rcParams["font.size"] >= 14
    plt.close(fig)
    wide, _ = plt.subplots(figsize=(9, 4))
    data, _ = shell.display_formatter.format(wide, include={"image/png"})
    dpi = matplotlib.rcParams["figure.dpi"]
    assert Image.open(io.BytesIO(data["image/png"])).width <= 6.2 * dpi, "wide plots are drawn 6 inches wide"
    plt.close(wide)


HEAVY = ("torch", "numpy", "matplotlib", "jupyter_book", "myst_nb", "nbclient", "kiwipiepy", "pandas")


def test_make_check_imports_nothing_heavy():
    code = ("import sys, booktools.check; "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"booktools.check imports {out.stdout.strip()}"


def test_light_requirements_and_makefile():
    light = (paths.ROOT / "requirements-check.txt").read_text(encoding="utf-8").lower()
    names = {line.split("==")[0].strip() for line in light.splitlines() if line and not line.startswith("#")}
    assert {"pyyaml", "markdown-it-py"} <= names
    assert not names & {"torch", "numpy", "matplotlib", "jupyter-book", "myst-nb"}
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert "check: $(CHECK_STAMP)" in makefile and "-r requirements-check.txt" in makefile
    assert "BOOK_DRAFT=1" in makefile.split("draft:")[1].split("\n\n")[0]


def test_checks_pass_without_drawing_figures():
    from booktools.check import run_checks

    report = run_checks(figures=False)
    assert report.errors == []


def test_check_messages_come_in_korean_too(tmp_path, capsys, monkeypatch):
    from booktools import check
    from booktools.glossary.lint import lint_korean_pages

    page = tmp_path / "page.md"
    page.write_text("# 제목\n\n이 값은 **최적화(optimization)**에 쓴다.\n", encoding="utf-8")
    hit = lint_korean_pages([page], load_glossary())[0]
    assert "MyST" in hit.message and "강조가 닫히지 않습니다" in hit.message_ko
    report = check.Report()
    report.error("figure mismatch at en.md:3 vs ko.md:4: English has figure a.svg; Korean has nothing")
    check._check_target(report, page, 3, "missing.md")
    monkeypatch.setattr(check, "run_checks", lambda: report)
    assert check.main() == 1
    out = capsys.readouterr().out
    assert "구조가 다릅니다: en.md:3 ↔ ko.md:4" in out
    assert "링크 대상 'missing.md'이(가) 없습니다" in out
    assert "오류 2개, 경고 0개" in out


PLOT_CELLS = """
```{code-cell} ipython3
:tags: [lang]

LANG = "ko"
```

```{code-cell} ipython3
import matplotlib.pyplot as plt

from labs.plotting import describe_plots, use_korean_font
from labs.setup_report import print_setup

use_korean_font()
describe_plots(LANG)
print_setup(LANG, device="cpu", sources="scikit-learn 8×8 handwritten digits (bundled, offline)")
fig, ax = plt.subplots(figsize=(8, 3))
ax.plot([3, 2, 1])
ax.set_title("훈련 손실")
ax.set_xlabel("에폭")
plt.show()
```
"""


@pytest.mark.build
def test_executed_lab_page_has_korean_setup_lines_and_plot_alt_text(tmp_path):
    import shutil

    from tests.minibook import FRONT, make_minibook

    book = make_minibook(tmp_path)
    shutil.copytree(paths.ROOT / "labs", tmp_path / "labs", ignore=shutil.ignore_patterns("__pycache__"))
    book.write("book/ko/notes/second.md", FRONT + "# 두 번째\n\n{term}`learning-rate`에 관한 글이다.\n" + PLOT_CELLS)
    result = book.build("--lang", "ko")
    assert result.returncode == 0, result.stdout + result.stderr
    html = book.html("ko", "notes/second")
    assert "실행 모드: 빠른 모드(fast)" in html and "손글씨 숫자" in html
    assert 'alt="그래프: 훈련 손실. 가로축: 에폭."' in html
