"""The Python code passes ruff (the same check pre-commit runs)."""
import subprocess
import sys
from pathlib import Path


def test_ruff_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "--output-format", "concise", "booktools", "labs", "tests",
                             "book/figures"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
