"""Runs inside the Colab-like virtual environment (only nbformat and nbclient there, no project code):

    python colab_runner.py WORKDIR NOTEBOOK [NOTEBOOK ...]

Executes each notebook top to bottom in a fresh kernel and prints one JSON line per notebook:
{"path", "seconds", "errors": [{"cell", "ename", "evalue", "source"}], "printed_device"}. Student notebooks
(`*-student.ipynb`) run on past errors, so every open exercise is reported.
"""
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def run(path: str, workdir: str) -> dict:
    nb = nbformat.read(path, as_version=4)
    student = path.endswith("-student.ipynb")
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=student,
                            resources={"metadata": {"path": workdir}})
    start = time.perf_counter()
    failure = None
    try:
        client.execute()
    except CellExecutionError as exc:
        failure = exc
    errors = []
    for number, cell in enumerate(nb.cells, 1):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.output_type == "error":
                errors.append({"cell": number, "ename": out.ename, "evalue": out.evalue[:500],
                               "source": cell.source.split("\n")[0][:100]})
    if failure is not None and not errors:
        errors.append({"cell": None, "ename": type(failure).__name__, "evalue": str(failure)[:500], "source": ""})
    printed = " ".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                       if o.output_type == "stream").lower()
    return {"path": path, "seconds": round(time.perf_counter() - start, 1), "errors": errors,
            "printed_device": "cpu" in printed or "cuda" in printed}


def use_this_python_as_kernel() -> None:
    """`python3` kernel = this environment's Python, whatever kernels the machine has registered."""
    spec = Path(tempfile.mkdtemp()) / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    os.environ["JUPYTER_PATH"] = str(spec.parent.parent)


if __name__ == "__main__":
    use_this_python_as_kernel()
    for notebook in sys.argv[2:]:
        print(json.dumps(run(notebook, sys.argv[1])), flush=True)
