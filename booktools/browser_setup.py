"""What the browser tests need, checked separately and installed only where missing:

- a Chrome or Chromium (booktools.browser.find_chromium: BOOK_CHROMIUM, the usual macOS and
  Linux places, Playwright's own). If none: Debian's `chromium` package where apt has a real
  one (on Ubuntu it is a snap stub, so not there), else `playwright install chromium`.
- a Korean font for screenshots and text measurements: any font fontconfig lists for Korean
  (Nanum, Noto CJK, ...), or Apple SD Gothic Neo on macOS. If none: Debian/Ubuntu `fonts-nanum`
  (which also has NanumGothicCoding, the monospace font with Hangul of the book's PDF).
- poppler-utils (`pdftotext`, `pdffonts`, `pdfinfo`, `pdfimages`), with which the tests read the
  book's PDF back. If missing: Debian/Ubuntu `poppler-utils`; macOS: `brew install poppler`.

    python -m booktools.browser_setup [--check]     (`make browser`)

With --check nothing is installed. Anything it cannot install is said plainly, with the command.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from .browser import INSTALL_HINT, BrowserNotFound, find_chromium

MAC_KOREAN_FONTS = ("/System/Library/Fonts/AppleSDGothicNeo.ttc", "/Library/Fonts/AppleSDGothicNeo.ttc")
POPPLER_TOOLS = ("pdftotext", "pdffonts", "pdfinfo", "pdfimages")
POPPLER_HINT = ("poppler-utils missing (pdftotext, pdffonts, pdfinfo, pdfimages): Debian/Ubuntu "
                "`apt-get install poppler-utils`; Fedora: `dnf install poppler-utils`; macOS: `brew install poppler`")
FONT_HINT = ("no Korean font found: install one (Debian/Ubuntu: `apt-get install fonts-nanum`; "
             "Fedora: `dnf install google-noto-sans-cjk-fonts`; macOS ships Apple SD Gothic Neo)")


def korean_font() -> str | None:
    for path in MAC_KOREAN_FONTS:
        if Path(path).exists():
            return path
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=ko", "file"], capture_output=True, text=True, check=False).stdout
        fonts = [line.split(":")[0] for line in out.splitlines() if line.strip()]
        if fonts:
            return fonts[0]
    return None


def poppler_missing() -> list[str]:
    return [tool for tool in POPPLER_TOOLS if shutil.which(tool) is None]


def os_release() -> dict:
    try:
        lines = Path("/etc/os-release").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split("=", 1) for line in lines if "=" in line)


def apt(*packages: str) -> bool:
    if not shutil.which("apt-get"):
        return False
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    ok = subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=False).returncode == 0
    return ok and subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *packages], env=env,
                                 check=False).returncode == 0


def install_chromium() -> bool:
    if platform.system() == "Linux" and os_release().get("ID", "").strip('"') == "debian" and apt("chromium"):
        return True
    return subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False).returncode == 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report, install nothing")
    args = parser.parse_args(argv)
    problems = []
    try:
        browser = find_chromium()
    except BrowserNotFound as exc:
        print(f"browser: {exc}", file=sys.stderr)
        return 1
    if browser is None and not args.check:
        install_chromium()
        browser = find_chromium()
    print(f"browser: {browser}" if browser else f"browser: {INSTALL_HINT}")
    if browser is None:
        problems.append("browser")
    font = korean_font()
    if font is None and not args.check and platform.system() == "Linux":
        apt("fonts-nanum")
        font = korean_font()
    print(f"Korean font: {font}" if font else f"Korean font: {FONT_HINT}")
    if font is None:
        problems.append("Korean font")
    if poppler_missing() and not args.check and platform.system() == "Linux":
        apt("poppler-utils")
    missing = poppler_missing()
    print(f"PDF tools: {POPPLER_HINT}" if missing else "PDF tools: poppler-utils")
    if missing:
        problems.append("poppler-utils")
    if problems:
        print(f"missing: {', '.join(problems)} (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
