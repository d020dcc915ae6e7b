"""The book's content against its own rules: parallel en/ko pages, chapter quality bar,
glossary lint, identical lab code, environment files covering the labs' imports."""
import ast
import re
from pathlib import Path

import jupytext
import pytest

from booktools.book_files import Page, source_path, toc_pages
from booktools.glossary.lint import lint_korean_pages
from booktools.glossary.load import load_glossary
from booktools.hangul import HANGUL
from booktools.translation.parity import compare, elements, strip_comments

NOTES = [d for d in toc_pages("en") if d.startswith("notes/")]
LABS = [d for d in toc_pages("en") if d.startswith("labs/")]
CHAPTERS = [d for d in NOTES if d != "notes/python-numpy"]
FIGURE = re.compile(r"^:::\{figure\} (\S+)\n(?::[\w-]+:.*\n)*", re.MULTILINE)


def words(path: Path) -> int:
    body = Page.read(path).body
    body = re.sub(r"```.*?```", " ", body, flags=re.DOTALL)
    body = re.sub(r"\$\$.*?\$\$", " ", body, flags=re.DOTALL)
    return len(re.findall(r"[A-Za-z]+(?:'[a-z]+)?", body))


def test_toc_lists_all_chapters_and_labs_in_both_languages():
    assert toc_pages("en") == toc_pages("ko")
    assert len(NOTES) == 13 and len(LABS) == 8
    for doc in toc_pages("en"):
        assert source_path("en", doc).exists() and source_path("ko", doc).exists(), doc


@pytest.mark.parametrize("doc", NOTES + LABS)
def test_pages_are_structurally_parallel(doc):
    assert compare(source_path("en", doc), source_path("ko", doc)) == []


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_quality_bar(doc):
    en, ko = source_path("en", doc), source_path("ko", doc)
    assert words(en) >= 1500, f"{en}: {words(en)} English words"
    for path in (en, ko):
        found = elements(path.read_text(encoding="utf-8"))
        figures = [e for e in found if e.kind == "figure"]
        exercises = [e for e in found if e.kind == "admonition" and "exercise" in e.key]
        solutions = [e for e in found if e.kind == "admonition" and "dropdown" in e.key and "solution" in e.key]
        assert len(figures) >= 2, path
        assert len(exercises) >= 3 and len(solutions) >= len(exercises), path
        assert any(e.kind == "equation" for e in found), path


@pytest.mark.parametrize("doc", NOTES)
def test_figures_have_alt_text_in_the_page_language(doc):
    for lang in ("en", "ko"):
        text = source_path(lang, doc).read_text(encoding="utf-8")
        for match in FIGURE.finditer(text):
            alt = re.search(r"^:alt: (.+)$", match.group(0), re.MULTILINE)
            assert alt, f"{doc} ({lang}): figure {match.group(1)} has no :alt:"
            assert bool(HANGUL.search(alt.group(1))) == (lang == "ko"), f"{doc} ({lang}): alt not in {lang}"


@pytest.mark.parametrize("doc", NOTES)
def test_notes_link_neighbours(doc):
    order = NOTES
    i = order.index(doc)
    text = source_path("en", doc).read_text(encoding="utf-8")
    for neighbour in order[max(0, i - 1):i] + order[i + 1:i + 2]:
        assert f"{Path(neighbour).name}.md" in text, f"{doc} does not link {neighbour}"


def test_korean_pages_pass_the_glossary_lint():
    pages = [source_path("ko", d) for d in toc_pages("ko")]
    assert [str(h) for h in lint_korean_pages(pages, load_glossary())] == []


def test_terms_are_used_through_the_glossary_role():
    for doc in NOTES:
        for lang in ("en", "ko"):
            assert len(re.findall(r"\{term\}`", source_path(lang, doc).read_text(encoding="utf-8"))) >= 5, (doc, lang)


@pytest.mark.parametrize("doc", LABS)
def test_lab_code_identical_but_for_lang_and_comments(doc):
    cells = {}
    for lang in ("en", "ko"):
        nb = jupytext.read(source_path(lang, doc))
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "lang" in code[0].metadata.get("tags", []), f"{doc} ({lang}): first cell must be tagged lang"
        assert code[0].source.strip() == f'LANG = "{lang}"'
        cells[lang] = [strip_comments(c.source) for c in code[1:]]
    assert cells["en"] == cells["ko"]


# import name -> distribution name, where they differ
DISTRIBUTIONS = {"sklearn": "scikit-learn", "koreanize_matplotlib": "koreanize-matplotlib", "yaml": "pyyaml"}
STDLIB = set(__import__("sys").stdlib_module_names)


def third_party_imports() -> set[str]:
    sources = [p.read_text(encoding="utf-8") for p in Path("labs").glob("*.py")]
    for doc in LABS + NOTES:
        for lang in ("en", "ko"):
            nb = jupytext.read(source_path(lang, doc))
            sources += ["\n".join(line for line in c.source.splitlines() if not line.startswith(("%", "!")))
                        for c in nb.cells if c.cell_type == "code"]
    names = set()
    for src in sources:
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {DISTRIBUTIONS.get(n, n) for n in names - STDLIB - {"labs"}}


def requirement_names(path: str) -> set[str]:
    names = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith(("-", ".")):
            names.add(re.split(r"[=<>!~\[ ]", line)[0].lower().replace("_", "-"))
    return names


@pytest.mark.parametrize("env_file", ["requirements.txt", "binder/requirements.txt"])
def test_environment_files_cover_the_labs_imports(env_file):
    needed = {n.lower().replace("_", "-") for n in third_party_imports()}
    assert {"numpy", "torch", "matplotlib"} <= needed
    missing = needed - requirement_names(env_file)
    assert not missing, f"{env_file} lacks {sorted(missing)}"
