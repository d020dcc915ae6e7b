"""Student notebooks: solutions between the markers are taken out (booktools/exercises.py)."""
import nbformat
import pytest

from booktools.exercises import ExerciseError, solution_lines, strip_solution, student_notebook

CELL = '''def l2_distances(A, B):
    """Distances between the rows of A and B."""
    # TODO: one matrix product and two norms, no Python loop
    # BEGIN SOLUTION
    sq = (A ** 2).sum(1)[:, None] - 2 * A @ B.T + (B ** 2).sum(1)[None, :]
    return np.sqrt(np.maximum(sq, 0))
    # END SOLUTION'''


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def test_solution_replaced_by_raise_at_the_same_indentation():
    out = strip_solution(CELL, "x")
    assert out.splitlines()[-1] == "    raise NotImplementedError"
    assert "# TODO: one matrix product" in out and "BEGIN" not in out and "END SOLUTION" not in out
    assert not any(line in out for line in solution_lines(CELL))


def test_student_notebook_strips_exercises_only_and_shows_them():
    ex = nbformat.v4.new_code_cell(CELL, metadata={"tags": ["exercise", "hide-input"]})
    other = nbformat.v4.new_code_cell("x = 1  # BEGIN SOLUTION is only a comment here")
    nb = notebook(other, ex, nbformat.v4.new_code_cell('check("knn.l2_distances", l2_distances)'))
    student = student_notebook(nb, "book/en/labs/knn.md")
    assert student.cells[1].metadata["tags"] == ["exercise"]
    assert "raise NotImplementedError" in student.cells[1].source
    assert student.cells[0].source == other.source and student.cells[2].source == nb.cells[2].source
    assert "BEGIN SOLUTION" in nb.cells[1].source, "the solved notebook is left unchanged"


@pytest.mark.parametrize("source", [
    "def f():\n    return 1",
    "def f():\n    # BEGIN SOLUTION\n    return 1",
    "def f():\n    # END SOLUTION\n    return 1\n    # BEGIN SOLUTION",
    "def f():\n    # BEGIN SOLUTION\n    a = 1\n    # END SOLUTION\n    # BEGIN SOLUTION\n    b = 2\n    # END SOLUTION",
])
def test_exercise_without_one_marker_pair_is_an_error_naming_file_and_cell(source):
    nb = notebook(nbformat.v4.new_markdown_cell("intro"),
                  nbformat.v4.new_code_cell(source, metadata={"tags": ["exercise"]}))
    with pytest.raises(ExerciseError, match=r"book/en/labs/knn.md: cell 2 \('def f\(\):'\).*exactly one"):
        student_notebook(nb, "book/en/labs/knn.md")
