"""Lab run times in fast mode, and the micro-benchmarks the labs teach."""
from __future__ import annotations

import time

import nbformat
from nbclient import NotebookClient

from .. import paths
from ..notebooks import build_notebook, notebook_pages


def run_lab(lang: str, doc: str) -> float:
    nb = build_notebook(lang, doc)
    nb.cells = nb.cells[1:]  # the Colab set-up cell: everything is installed here
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(paths.source_dir(lang) / "labs")}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main() -> None:
    print("lab fast-mode wall time (English page, nbclient, this machine):")
    for doc in notebook_pages("en"):
        if doc.startswith("labs/"):
            print(f"  {doc:<14} {run_lab('en', doc):6.1f} s", flush=True)
    from labs.knn import time_distances

    times = time_distances()
    print("kNN distances:", ", ".join(f"{k} {v:.3f} s" for k, v in times.items()))
    if "no_loops" in times and "two_loops" in times:
        print(f"  speed-up no-loop vs two-loop: {times['two_loops'] / times['no_loops']:.0f}x")
    for key in ("matmul", "blas_matmul"):
        if key in times:
            print(f"  no-loop vs plain matmul of the same shape: {times['no_loops'] / times[key]:.1f}x the BLAS time")
    from labs.conv import time_conv

    conv = time_conv()
    print("convolution:", ", ".join(f"{k} {v:.4f} s" for k, v in conv.items()))
    _ = nbformat  # nbformat is what build_notebook returns
