"""Node scripts that the build runs: equations rendered by temml (`static_math`), the stylesheet
pruned by PurgeCSS (`unused_css`).

Both need `node` on PATH and their npm package (pinned in package.json, installed by `npm ci`
through `make setup`). Without either the build stops with an error that names what is missing,
the fix and what the build needed it for; nothing is skipped silently.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from sphinx.errors import ExtensionError

from .. import paths


def npm_package_version(package: str, purpose: str) -> str:
    """The installed version of npm `package`, or an error naming the fix; `purpose` says what for."""
    manifest = paths.ROOT / "node_modules" / package / "package.json"
    if not manifest.exists():
        raise ExtensionError(f"npm package {package} not found at {manifest.parent}; run `npm ci` "
                             f"(or `make setup`) first — the build {purpose} with it")
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def run_node_script(script: Path, request, package: str, purpose: str):
    """Run `script` with Node, `request` as JSON on stdin; its JSON answer on stdout."""
    node = shutil.which("node")
    if node is None:
        raise ExtensionError(f"`node` not found on PATH; install Node.js 20 (the build {purpose} with it)")
    npm_package_version(package, purpose)
    proc = subprocess.run([node, str(script)], input=json.dumps(request), capture_output=True, text=True,
                          cwd=paths.ROOT, check=False)
    if proc.returncode != 0:
        raise ExtensionError(f"{script.name} failed (exit {proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout)
