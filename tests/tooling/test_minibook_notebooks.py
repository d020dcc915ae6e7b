"""Generated notebooks of a tiny book: plain Markdown, student versions of exercise cells, the
launch and download menus, and the list of baked-in URLs of a fork's deploy build."""
import json
import re
import textwrap

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from booktools.exercises import solution_lines
from booktools.notebook_markdown import leftover_myst
from tests.minibook import FRONT, make_minibook

EXERCISE = textwrap.dedent('''\
    ```{code-cell} ipython3
    :tags: [exercise, hide-input]

    def double(x):
        """Twice x."""
        # TODO: return x added to itself
        # BEGIN SOLUTION
        y = x + x
        return y
        # END SOLUTION
    ```

    ```{code-cell} ipython3
    def check(name, fn, *args):
        try:
            print(name, "ok" if fn(*args) == 2 * args[0] else "WRONG")
        except NotImplementedError:
            print(name, "not implemented yet")

    check("lab.double", double, 21)
    ```
    ''')

LAB = {
    "en": FRONT + "# Exercise lab\n\nSee [the intro](../notes/intro.md) and {term}`learning-rate`.\n\n"
                  ":::{admonition} Solution\n:class: dropdown\n\nDouble it.\n:::\n\n" + EXERCISE,
    "ko": FRONT + "# 연습 실습\n\n[소개](../notes/intro.md)와 {term}`learning-rate`를 본다.\n\n"
                  ":::{admonition} 풀이\n:class: dropdown\n\n두 배로 한다.\n:::\n\n" + EXERCISE,
}
FORK = {"BOOK_DEPLOY": "1", "BOOK_REPOSITORY": "someone/dl-book", "BOOK_SITE_URL": "https://someone.github.io/dl-book/",
        "BOOK_COMMIT": "0123456789abcdef0123456789abcdef01234567"}


def add_lab(book, text=LAB):
    for lang in ("en", "ko"):
        book.write(f"book/{lang}/labs/exercise.md", text[lang])
        toc = book.path(f"book/{lang}/_toc.yml").read_text(encoding="utf-8")
        book.write(f"book/{lang}/_toc.yml", toc.replace("  - file: glossary", "  - file: labs/exercise\n  - file: glossary"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    book = make_minibook(tmp_path_factory.mktemp("nbbook"))
    add_lab(book)
    book.mark_all()
    result = book.build(env=FORK)
    assert result.returncode == 0, result.stdout + result.stderr
    return book


def notebook(book, rel):
    return nbformat.read(book.root / "_build/site/notebooks" / rel, as_version=4)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_student_notebook_has_no_solution_and_shows_the_exercise(built, lang):
    solved = notebook(built, f"{lang}/labs/exercise.ipynb")
    student = notebook(built, f"{lang}/labs/exercise-student.ipynb")
    source = next(c.source for c in solved.cells if "exercise" in c.metadata.get("tags", []))
    hidden = solution_lines(source)
    assert hidden == ["y = x + x", "return y"]
    text = "\n".join(c.source for c in student.cells)
    assert not any(line in text for line in hidden) and "SOLUTION" not in text
    cell = next(c for c in student.cells if "exercise" in c.metadata.get("tags", []))
    assert cell.metadata["tags"] == ["exercise"] and cell.source.endswith("    raise NotImplementedError")
    assert not (built.root / "_build/site/notebooks" / lang / "notes/intro-student.ipynb").exists()


def test_student_notebook_runs_and_reports_the_open_exercise(built, tmp_path):
    nb = notebook(built, "en/labs/exercise-student.ipynb")
    nb.cells = [c for c in nb.cells if "colab-setup" not in c.metadata.get("tags", [])]
    NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    out = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "lab.double not implemented yet" in out


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_notebooks_are_plain_markdown_with_absolute_links(built, lang):
    for path in (built.root / "_build/site/notebooks" / lang).rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for number, cell in enumerate(nb.cells, 1):
            if cell.cell_type == "markdown":
                assert leftover_myst(cell.source) == [], f"{path.name} cell {number}"
    nb = notebook(built, f"{lang}/labs/exercise.ipynb")
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert f"](https://someone.github.io/dl-book/{lang}/notes/intro.html)" in md
    assert f"](https://someone.github.io/dl-book/{lang}/glossary.html#term-learning-rate)" in md
    assert "<details><summary>" in md
    setup = nb.cells[1].source
    assert "git+https://github.com/someone/dl-book.git@0123456789abcdef0123456789abcdef01234567" in setup
    assert "accelerator" not in nb.metadata and ('"full"' in nb.cells[0].source)


def test_lab_page_menus_offer_both_versions(built):
    html = built.html("ko", "labs/exercise")
    urls = re.findall(r'href="(https://(?:colab|mybinder)[^"]+)"', html)
    assert urls == [
        "https://colab.research.google.com/github/someone/dl-book/blob/notebooks/notebooks/ko/labs/exercise.ipynb",
        "https://mybinder.org/v2/gh/someone/dl-book/notebooks?urlpath=lab/tree/notebooks/ko/labs/exercise.ipynb",
        "https://colab.research.google.com/github/someone/dl-book/blob/notebooks/notebooks/ko/labs/exercise-student.ipynb",
        "https://mybinder.org/v2/gh/someone/dl-book/notebooks?urlpath=lab/tree/notebooks/ko/labs/exercise-student.ipynb",
    ]
    downloads = re.findall(r'<a href="([^"]+)" download="([^"]+)"[^>]*>.*?btn__text-container">([^<]+)<', html, re.DOTALL)
    assert downloads == [
        ("../../notebooks/ko/labs/exercise.ipynb", "exercise.ipynb", "실행용 노트북 (준비 셀 포함)"),
        ("../../notebooks/ko/labs/exercise-executed.ipynb", "exercise-executed.ipynb", "실행 결과가 담긴 노트북"),
        ("../../notebooks/ko/labs/exercise-student.ipynb", "exercise-student.ipynb", "학생용 노트북 (풀이 없음)"),
        ("../_sources/labs/exercise.md", "exercise.md", "페이지 원본 (MyST 마크다운)"),
    ]
    for href, _, _ in downloads:
        assert (built.root / "_build/site/ko/labs" / href).resolve().exists(), href
    assert ">.pdf<" not in html and "인쇄 또는 PDF로 저장" in html


def test_baked_urls_list_the_forks_urls_only(built):
    baked = json.loads((built.root / "_build/site/baked-urls.json").read_text(encoding="utf-8"))
    urls = [u for lang in baked.values() for group in ("pages", "notebooks") for us in lang[group].values() for u in us]
    assert "https://someone.github.io/dl-book/ko/labs/exercise.html" in urls
    assert "https://colab.research.google.com/github/someone/dl-book/blob/notebooks/notebooks/en/labs/exercise-student.ipynb" in urls
    assert not [u for u in urls if "dl-course-book/dl-course-book" in u]


@pytest.mark.build
def test_exercise_cell_without_markers_fails_the_build_naming_file_and_cell(tmp_path):
    book = make_minibook(tmp_path)
    broken = {lang: text.replace("    # END SOLUTION\n", "") for lang, text in LAB.items()}
    add_lab(book, broken)
    result = book.build("--lang", "en")
    assert result.returncode != 0
    assert re.search(r"book/en/labs/exercise\.md: cell \d+ \('def double\(x\):'\): a cell tagged `exercise` needs "
                     r"exactly one", result.stdout + result.stderr), result.stdout[-3000:] + result.stderr[-3000:]


def test_student_cell_errors_other_than_not_implemented_are_real_errors(built, tmp_path):
    nb = notebook(built, "en/labs/exercise-student.ipynb")
    nb.cells = [c for c in nb.cells if "colab-setup" not in c.metadata.get("tags", [])]
    nb.cells[-1].source = "double(1)"  # calling the open exercise directly raises
    with pytest.raises(CellExecutionError, match="NotImplementedError"):
        NotebookClient(nb, timeout=60, kernel_name="python3").execute()
