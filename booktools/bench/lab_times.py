"""Lab run times in fast mode, and the micro-benchmarks the labs teach."""
from __future__ import annotations

import time

import nbformat
from nbclient import NotebookClient

from .. import paths
from ..ext.notebooks import SETUP_TAG, notebook_relpath


def run_lab(lang: str, doc: str) -> float:
    nb = nbformat.read(paths.SITE / notebook_relpath(lang, doc), as_version=4)
    nb.cells = [c for c in nb.cells if SETUP_TAG not in c.metadata.get("tags", [])]  # all installed here
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(paths.source_dir(lang) / "labs")}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main() -> None:
    print("lab fast-mode wall time (English page's generated notebook, nbclient, this machine):")
    labs = sorted(p.stem for p in (paths.SITE / "notebooks" / "en" / "labs").glob("*.ipynb") if "-" not in p.stem)
    if not labs:
        print("  no generated notebooks: run `make build` first")
    for lab in labs:
        print(f"  labs/{lab:<9} {run_lab('en', f'labs/{lab}'):6.1f} s", flush=True)
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
