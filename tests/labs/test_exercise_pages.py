"""The lab pages follow the exercise convention that the student notebooks are generated from.

An exercise is a code cell tagged `exercise` and `hide-input` that defines one function; its solution
lies between a `# BEGIN SOLUTION` and an `# END SOLUTION` line (each alone on its line), with a
`# TODO:` line above; the next code cell calls `check("<module>.<function>", <function>, lang=LANG)`.
Listings of an exercise's reference function elsewhere on the page sit in a `dropdown solution`
admonition. Every registered exercise appears on its lab page in both languages, and the page's solution
passes its check while the student version (solution replaced by `raise NotImplementedError`) does not raise.
"""
import re

import jupytext
import numpy as np
import pytest

from booktools.book_files import source_path, toc_pages
from labs.exercises import EXERCISES, check

LABS = [d for d in toc_pages("en") if d.startswith("labs/")]
PAGE_OF_MODULE = {"knn": "labs/knn", "linear": "labs/softmax", "mlp": "labs/mlp", "conv": "labs/convnet",
                  "rnn": "labs/rnn", "attention": "labs/transformer",
                  "transfer": "labs/transfer-learning", "understanding": "labs/understanding"}
CHECK_CALL = re.compile(r'check\("(?P<name>[\w.]+)", (?P<fn>\w+), lang=LANG\)')
SOLUTION = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION\n.*?^(?P=indent)# END SOLUTION[ \t]*$", re.MULTILINE | re.DOTALL)


def exercise_cells(lang, doc):
    """(exercise cell, following code cell) pairs of one page."""
    cells = [c for c in jupytext.read(source_path(lang, doc)).cells if c.cell_type == "code"]
    return [(cell, cells[i + 1] if i + 1 < len(cells) else None) for i, cell in enumerate(cells)
            if "exercise" in cell.metadata.get("tags", [])]


def student_version(source: str) -> str:
    """What the student notebook holds: the solution replaced by `raise NotImplementedError`."""
    return SOLUTION.sub(lambda m: f"{m['indent']}raise NotImplementedError", source)


PAIRS = [(lang, doc, i) for doc in LABS for lang in ("en", "ko") for i in range(len(exercise_cells(lang, doc)))]


def test_every_registered_exercise_is_on_its_lab_page_in_both_languages():
    for lang in ("en", "ko"):
        found = {}
        for doc in LABS:
            for _, following in exercise_cells(lang, doc):
                match = CHECK_CALL.search(following.source if following else "")
                if match:
                    found[match["name"]] = doc
        assert found == {name: PAGE_OF_MODULE[name.split(".")[0]] for name in EXERCISES}, lang


@pytest.mark.parametrize("lang,doc,index", PAIRS)
def test_exercise_cell_follows_the_convention(lang, doc, index):
    cell, following = exercise_cells(lang, doc)[index]
    where = f"{source_path(lang, doc)}: exercise cell {index + 1}"
    assert "hide-input" in cell.metadata["tags"], f"{where}: tag it [exercise, hide-input]"
    lines = cell.source.splitlines()
    begins = [i for i, line in enumerate(lines) if line.strip() == "# BEGIN SOLUTION"]
    ends = [i for i, line in enumerate(lines) if line.strip() == "# END SOLUTION"]
    assert len(begins) == 1 and len(ends) == 1 and begins[0] < ends[0], f"{where}: one BEGIN/END SOLUTION pair"
    indent = lines[begins[0]][:len(lines[begins[0]]) - len(lines[begins[0]].lstrip())]
    assert lines[ends[0]].startswith(indent + "#"), f"{where}: END SOLUTION indented like BEGIN SOLUTION"
    assert lines[begins[0] - 1].strip().startswith("# TODO: "), f"{where}: a '# TODO: ...' line above BEGIN"
    assert following is not None, f"{where}: no check cell after it"
    match = CHECK_CALL.search(following.source)
    assert match and match["name"] in EXERCISES, f"{where}: the next cell must call check(<registered name>, ...)"
    assert re.search(rf"^def {match['fn']}\(", cell.source, re.MULTILINE), f"{where}: defines no function {match['fn']}"


@pytest.mark.parametrize("lang,doc,index", [p for p in PAIRS if p[0] == "en"])
def test_page_solution_passes_and_student_stub_falls_back(lang, doc, index, capsys):
    from labs import attention, conv, knn, linear, mlp, rnn, transfer, understanding

    cell, following = exercise_cells(lang, doc)[index]
    name, fn = CHECK_CALL.search(following.source).group("name", "fn")
    namespace = {"np": np, "knn": knn, "linear": linear, "mlp": mlp, "conv": conv, "rnn": rnn,
                 "attention": attention, "transfer": transfer, "understanding": understanding}
    exec(cell.source, namespace)  # noqa: S102 -- the page's own cell, as the notebook would run it
    assert check(name, namespace[fn]) is True
    stub = student_version(cell.source)
    assert "BEGIN SOLUTION" not in stub and "raise NotImplementedError" in stub
    exec(stub, namespace)  # noqa: S102 -- the student version of that cell
    assert check(name, namespace[fn], lang="ko") is False
    assert "아직 구현하지 않았다" in capsys.readouterr().out


@pytest.mark.parametrize("doc", LABS)
def test_listings_of_exercise_functions_are_folded_solutions(doc):
    functions = {name.split(".")[1] for name in EXERCISES}
    for lang in ("en", "ko"):
        text = source_path(lang, doc).read_text(encoding="utf-8")
        for match in re.finditer(r"^```\{literalinclude\}.*\n:pyobject: (\w+)$", text, re.MULTILINE):
            if match[1] not in functions:
                continue
            opening = text.rfind(":::{admonition}", 0, match.start())
            closing = text.rfind("\n:::\n", 0, match.start())
            assert opening > closing and ":class: dropdown solution" in text[opening:match.start()], \
                f"{source_path(lang, doc)}: the listing of {match[1]} must sit in a 'dropdown solution' admonition"
