"""Student notebooks: the solved lab notebook with every exercise's solution taken out.

The convention on lab pages: a code cell tagged `exercise` (usually also `hide-input`) defines a
function whose solution body lies between the lines `# BEGIN SOLUTION` and `# END SOLUTION`
(each alone on its line, indented like the body), with a `# TODO: ...` line above BEGIN. The
student version replaces BEGIN..END (inclusive) by `raise NotImplementedError` at the same
indentation and drops `hide-input`, so the reader sees the cell; folded solution blocks in the
Markdown (`<details class="book-solution">`) are left out. A cell tagged `exercise`
without exactly one marker pair is an error naming the file and the cell.
"""
from __future__ import annotations

import copy
import re

EXERCISE_TAG = "exercise"
BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
HIDDEN_TAGS = ("hide-input",)
# A dropdown of class `solution` in the page (e.g. the package's listing of an exercise function),
# as booktools.notebook_markdown writes it; student notebooks leave it out.
SOLUTION_BLOCK = re.compile(r'<details class="book-solution">.*?</details>\n?', re.DOTALL)


class ExerciseError(ValueError):
    """An `exercise` cell that does not follow the marker convention; names file and cell."""


def is_exercise(cell) -> bool:
    return cell.get("cell_type") == "code" and EXERCISE_TAG in cell.get("metadata", {}).get("tags", [])


def has_exercises(nb) -> bool:
    return any(is_exercise(cell) for cell in nb.cells)


def strip_solution(source: str, where: str) -> str:
    """`source` with its one BEGIN..END SOLUTION region replaced by `raise NotImplementedError`."""
    lines = source.split("\n")
    begins = [i for i, line in enumerate(lines) if line.strip() == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        raise ExerciseError(
            f"{where}: a cell tagged `{EXERCISE_TAG}` needs exactly one `{BEGIN}` line followed by one "
            f"`{END}` line (found {len(begins)} BEGIN, {len(ends)} END); put the solution body between them")
    start, stop = begins[0], ends[0]
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    if lines[stop][: len(lines[stop]) - len(lines[stop].lstrip())] != indent:
        raise ExerciseError(f"{where}: `{BEGIN}` and `{END}` must be indented alike (like the function body)")
    return "\n".join(lines[:start] + [f"{indent}raise NotImplementedError"] + lines[stop + 1:])


def solution_lines(source: str) -> list[str]:
    """The non-blank lines strictly between the markers (what a student notebook must not contain)."""
    lines = source.split("\n")
    inside, found = False, []
    for line in lines:
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif inside and line.strip():
            found.append(line.strip())
    return found


def drop_solution_blocks(markdown: str) -> str:
    """Plain Markdown (booktools.notebook_markdown's output) without its folded solution blocks."""
    return SOLUTION_BLOCK.sub("", markdown)


def student_notebook(nb, source_name: str):
    """A copy of `nb` with every exercise's solution removed (see the module docstring)."""
    student = copy.deepcopy(nb)
    for number, cell in enumerate(student.cells, start=1):
        if not is_exercise(cell):
            continue
        first = next((line for line in cell.source.split("\n") if line.strip()), "")
        cell.source = strip_solution(cell.source, f"{source_name}: cell {number} ({first.strip()!r})")
        tags = [t for t in cell.metadata.get("tags", []) if t not in HIDDEN_TAGS]
        cell.metadata["tags"] = tags
    return student
