"""The generated lab notebooks (what Colab, Binder and downloads get) run top to bottom,
headless, in fast mode, from an empty working folder."""
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from nbclient import NotebookClient

LABS = ("knn", "softmax", "mlp", "convnet", "rnn")


def execute(path, workdir):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return nb


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_generated_lab_notebooks_execute(site, tmp_path, lang, monkeypatch):
    monkeypatch.setenv("LABS_MODE", "fast")
    paths = [site / "notebooks" / lang / "labs" / f"{lab}.ipynb" for lab in LABS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: execute(p, tmp_path), paths))
    for path, nb in zip(paths, results):
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors, f"{path.name}: {errors[0]['ename']}: {errors[0]['evalue']}"
        device_lines = [o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.output_type == "stream"]
        assert any("cpu" in t.lower() or "cuda" in t.lower() for t in device_lines), f"{path.name} never printed its device"
