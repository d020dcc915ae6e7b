"""The book is a real Jupyter Book: `jupyter-book build book/en` works for a Jupyter Book user, with
no warning, because the book's extensions and options are declared in `_config.yml`
(book/en/_config.yml links to it). `make build` stays the way to build both languages."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from booktools import paths
from booktools.config import ConfigError, load_shared_config

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def test_english_book_folder_uses_the_shared_config():
    link = paths.source_dir("en") / "_config.yml"
    assert link.is_symlink() and link.resolve() == paths.CONFIG.resolve()


def test_extensions_are_declared_in_the_shared_config():
    declared = load_shared_config()["sphinx"]["extra_extensions"]
    modules = sorted(f"booktools.ext.{p.stem}" for p in (paths.ROOT / "booktools" / "ext").glob("*.py")
                     if "\ndef setup(" in p.read_text(encoding="utf-8"))
    assert sorted(declared) == modules


@pytest.mark.build
def test_plain_jupyter_book_build_of_english_has_no_warning(tmp_path):
    config = yaml.safe_load(paths.CONFIG.read_text(encoding="utf-8"))
    # Only where executed notebooks are cached changes: reuse the one `make build` fills (a miss
    # re-executes the lab, which is slower but the same build).
    config["execute"]["cache"] = str(paths.BUILD / "en" / "jupyter_cache")
    config_file = tmp_path / "_config.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(paths.ROOT))
    env.pop("BOOK_LANG", None)
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", "book/en", "--config", str(config_file), "--path-output", str(tmp_path),
         "-W", "--keep-going"],
        cwd=paths.ROOT, env=env, capture_output=True, text=True, timeout=1500, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in output, output[-6000:]
    assert (tmp_path / "_build" / "html" / "notes" / "convnets.html").exists()


@pytest.mark.parametrize("edit, message", [
    (lambda c: c.pop("languages"), "`languages:` must map each language code"),
    (lambda c: c["languages"].pop("ko"), "`languages.ko` is missing"),
    (lambda c: c["languages"]["ko"].update(title=""), "`languages.ko.title` must be a non-empty string"),
])
def test_bad_languages_config_names_the_key_and_line(tmp_path, monkeypatch, edit, message):
    config = yaml.safe_load(paths.CONFIG.read_text(encoding="utf-8"))
    edit(config)
    bad = tmp_path / "_config.yml"
    bad.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(paths, "CONFIG", bad)
    with pytest.raises(ConfigError, match=message) as info:
        load_shared_config()
    assert str(info.value).startswith(f"{bad}:")
