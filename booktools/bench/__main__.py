"""Benchmarks of the book (`make bench`); each prints its numbers.

    python -m booktools.bench build    clean build, prose-only rebuild, one-lab rebuild (seconds)
    python -m booktools.bench labs     each lab's fast-mode wall time; kNN distance and conv timings
    python -m booktools.bench mlp_seeds the MNIST lab's steps over 5 seeds: mean ± spread, orderings
    python -m booktools.bench vit_seeds the Transformer lab's ViT vs CNN over 5 seeds
    python -m booktools.bench memory   full-mode peak memory per lab and one convnet epoch (generated data)
    python -m booktools.bench search   recall@5 and MRR of Korean search: Sphinx default vs ours
    python -m booktools.bench weight   page weight (bytes transferred) of typical pages
    python -m booktools.bench math     build-time math renderers compared over all the book's equations
    python -m booktools.bench lighthouse  Lighthouse (mobile) per page template and language, vs a stock Jupyter Book
    python -m booktools.bench page_cpu  main-thread CPU time of loading each page template (steadier than Lighthouse)
    python -m booktools.bench pdf      the book's PDF per language: seconds per phase, pages, size
    python -m booktools.bench all      everything above
"""
from __future__ import annotations

import sys

from . import (
    build_times,
    lab_memory,
    lab_times,
    lighthouse,
    math_fidelity,
    mlp_seeds,
    page_cpu,
    page_weight,
    pdf_book,
    search_quality,
    vit_seeds,
)

COMMANDS = {
    "build": build_times.main,
    "labs": lab_times.main,
    "mlp_seeds": mlp_seeds.main,
    "vit_seeds": vit_seeds.main,
    "memory": lab_memory.main,
    "search": search_quality.main,
    "weight": page_weight.main,
    "math": math_fidelity.main,
    "lighthouse": lighthouse.main,
    "page_cpu": page_cpu.main,
    "pdf": pdf_book.main,
}


def main(argv: list[str]) -> int:
    names = argv or ["all"]
    if names == ["all"]:
        names = list(COMMANDS)
    unknown = [n for n in names if n not in COMMANDS]
    if unknown:
        print(__doc__)
        return 2
    for name in names:
        print(f"== {name} ==", flush=True)
        COMMANDS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
