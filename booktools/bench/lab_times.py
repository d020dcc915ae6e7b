"""Lab run times in fast mode, and the micro-benchmarks the labs teach."""
from __future__ import annotations

import time

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

    shape = {"n_train": 5000, "n_test": 500, "dim": 3072}  # the course's CIFAR-10 kNN setting
    times = time_distances(**shape, repeats=1)
    print(f"kNN L2 distances, {shape['n_test']} x {shape['n_train']} x {shape['dim']} (float64):")
    for name in ("two_loops", "one_loop", "no_loops", "matmul"):
        print(f"  {name:<10} {times[name]:8.3f} s   ({times['two_loops'] / times[name]:6.1f}x two-loop speed)")
    print(f"  no-loop time is {times['no_loops'] / times['matmul']:.2f}x a plain matrix multiply of the same "
          "shape (the BLAS limit)")
    from labs.conv import time_conv

    conv = time_conv()
    print("convolution forward, 4x3x32x32 input, 16 3x3 filters (one thread):")
    for name, seconds in conv.items():
        print(f"  {name:<7} {seconds * 1000:9.2f} ms   ({conv['naive'] / seconds:7.1f}x naive speed)")
