"""The Node scripts of the build (temml, PurgeCSS): a missing tool stops the build with the fix."""
import shutil

import pytest
from sphinx.errors import ExtensionError

from booktools.ext import node_tool

ECHO = "let s = ''; process.stdin.on('data', d => s += d).on('end', () => " \
       "process.stdout.write(JSON.stringify({got: JSON.parse(s)})));\n"


def test_a_script_gets_the_request_and_answers_json(tmp_path):
    script = tmp_path / "echo.cjs"
    script.write_text(ECHO, encoding="utf-8")
    assert node_tool.run_node_script(script, {"tex": "x^2"}, "temml", "renders") == {"got": {"tex": "x^2"}}


def test_a_missing_npm_package_names_npm_ci(tmp_path, monkeypatch):
    monkeypatch.setattr(node_tool.paths, "ROOT", tmp_path)
    with pytest.raises(ExtensionError, match=r"npm package temml not found .*`npm ci` \(or `make setup`\).*renders"):
        node_tool.npm_package_version("temml", "renders the equations")


def test_node_missing_from_path_names_node_20(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ExtensionError, match=r"`node` not found on PATH; install Node\.js 20 \(the build prunes"):
        node_tool.run_node_script(tmp_path / "x.cjs", {}, "purgecss", "prunes the stylesheet")


def test_a_failing_script_shows_its_error(tmp_path):
    script = tmp_path / "fail.cjs"
    script.write_text("process.stderr.write('bad TeX'); process.exit(3);\n", encoding="utf-8")
    with pytest.raises(ExtensionError, match=r"fail\.cjs failed \(exit 3\):\nbad TeX"):
        node_tool.run_node_script(script, {}, "temml", "renders")
