"""The generated lab notebooks run as a reader runs them in Colab: in a fresh virtual environment
with only PyTorch (CPU), NumPy, Matplotlib, scikit-learn, pandas, ipykernel and nbclient, not the
project's environment. Each notebook's own set-up cell installs what else it needs; only the
source of the `labs` package is redirected to this checkout (BOOK_LABS_SOURCE), since the commit
it pins may not be on GitHub yet.

The environment is made once and kept under `_build/colab-like-venv/<key of the pins>`; each
run first removes what a set-up cell installs, so the set-up is exercised every time.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from booktools import paths
from booktools.ext.notebooks import LABS_SOURCE_VAR

# What Colab ships (among much else), at the versions the book is tested with.
COLAB_PACKAGES = ("torch", "numpy", "matplotlib", "scikit-learn", "pandas", "ipykernel", "nbclient")
# What the set-up cells install (removed before each run so that they really install it).
SETUP_INSTALLS = ("dl-course-book", "statsmodels", "tqdm", "koreanize-matplotlib")
RUNNER = Path(__file__).with_name("colab_runner.py")
ARTIFACTS = paths.ROOT / "test-artifacts"


def pins() -> list[str]:
    wanted = {name: None for name in COLAB_PACKAGES}
    for line in (paths.ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name, _, version = line.split("#")[0].strip().partition("==")
        if name.lower() in wanted:
            wanted[name.lower()] = version
    missing = [name for name, version in wanted.items() if not version]
    assert not missing, f"requirements.txt pins no version of {missing}"
    return [f"{name}=={version}" for name, version in wanted.items()]


def pip(python: Path, *args: str) -> None:
    result = subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
                            capture_output=True, text=True, timeout=1800, check=False)
    assert result.returncode == 0, f"pip {' '.join(args)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"


@pytest.fixture(scope="session")
def colab_python() -> Path:
    requirements = pins()
    key = hashlib.sha256(f"{sys.version_info[:2]} {' '.join(requirements)}".encode()).hexdigest()[:12]
    venv = paths.BUILD / "colab-like-venv" / key
    python = venv / "bin" / "python"
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        pip(python, "install", *requirements)
        (venv / ".complete").write_text(" ".join(requirements))
    installed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True,
                               text=True, check=True).stdout.lower()
    leftovers = [name for name in SETUP_INSTALLS if f"{name}==" in installed.replace("_", "-")]
    if leftovers:
        pip(python, "uninstall", "-y", *leftovers)
    return python


def lab_notebooks(site: Path) -> list[Path]:
    """Every lab twice: its runnable notebook in one language and its student notebook in the other,
    the languages alternating from lab to lab. The code cells are the same in both languages (a
    content test checks it), so this runs every lab and every language's notebooks in half the time."""
    labs = sorted(p.stem for p in (site / "notebooks" / paths.LANGUAGES[0] / "labs").glob("*.ipynb")
                  if not p.stem.endswith(("-executed", "-student")))
    chosen = []
    for i, lab in enumerate(labs):
        runnable, student = paths.LANGUAGES[i % 2], paths.LANGUAGES[(i + 1) % 2]
        chosen += [site / "notebooks" / runnable / "labs" / f"{lab}.ipynb",
                   site / "notebooks" / student / "labs" / f"{lab}-student.ipynb"]
    return chosen


def test_lab_notebooks_run_in_a_clean_colab_like_environment(site, colab_python, tmp_path):
    notebooks = lab_notebooks(site)
    assert len(notebooks) >= 2 * 5 and all(p.is_file() for p in notebooks), notebooks
    assert {p.parent.parent.name for p in notebooks if not p.stem.endswith("-student")} == set(paths.LANGUAGES)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "LABS_", "BOOK_"))}
    env.update({LABS_SOURCE_VAR: str(paths.ROOT), "PATH": f"{colab_python.parent}:{env.get('PATH', '')}",
                "MPLBACKEND": "Agg"})
    result = subprocess.run([str(colab_python), str(RUNNER), str(tmp_path), *map(str, notebooks)], env=env,
                            capture_output=True, text=True, timeout=3600, check=False)
    runs = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "colab-like-times.json").write_text(json.dumps(
        {Path(r["path"]).relative_to(site / "notebooks").as_posix(): r["seconds"] for r in runs}, indent=1))
    assert len(runs) == len(notebooks), result.stderr[-5000:]
    failures = []
    for run in runs:
        name = Path(run["path"]).relative_to(site / "notebooks")
        allowed = "NotImplementedError" if run["path"].endswith("-student.ipynb") else None
        failures += [f"{name} cell {e['cell']} ({e['source']!r}): {e['ename']}: {e['evalue']}"
                     for e in run["errors"] if e["ename"] != allowed]
    assert not failures, "\n".join(failures)
    silent = [Path(r["path"]).name for r in runs if not r["printed_device"]]
    assert not silent, f"never printed the device they ran on: {silent}"
