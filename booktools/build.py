"""Build both languages of the book into `_build/site/{en,ko}` plus the root redirect page.

    python -m booktools.build [--lang en|ko] [--fresh] [--serial] [--no-pdf]

Each language is one `sphinx-build` run of `book/<lang>` with `booktools/conf.py`
(which derives the configuration from the shared `_config.yml`). The runs are strict
(`-W --keep-going`): any warning fails the build, with Sphinx's `file:line` message.
The two languages build in parallel; notebooks are executed by myst-nb and cached by
jupyter-cache in `_build/.jupyter_cache/<lang>`. After the HTML, each language's whole book is
printed to `_build/site/<lang>/book.pdf` by booktools/pdf.py when a Chrome or Chromium is found
(not in draft builds, nor with --no-pdf; the site's PDF link is then left out).
"""
from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from . import paths
from .config import load_shared_config


def html_dir(lang: str):
    """Sphinx's output folder of one language. It is per language because myst-nb writes
    executed notebooks beside it (`<outdir>/../jupyter_execute`), which would otherwise clash."""
    return paths.BUILD / lang / "html"


def sphinx_command(lang: str, outdir, fresh: bool = False, doctrees=None) -> list[str]:
    cmd = [
        sys.executable, "-m", "sphinx",
        "-b", "html",
        "-c", str(paths.ROOT / "booktools"),
        "-d", str(doctrees or paths.BUILD / lang / "doctrees"),
        "-q",
        str(paths.source_dir(lang)),
        str(outdir),
    ]
    if not os.environ.get("BOOK_DRAFT"):
        cmd[3:3] = ["-W", "--keep-going"]  # strict: every warning fails the build
    if fresh:
        cmd.insert(3, "-E")
    return cmd


def build_language(lang: str, *, fresh: bool = False, outdir=None, doctrees=None,
                   extra_env=None) -> tuple[str, int, str, float]:
    """Run one language's Sphinx build; returns (lang, returncode, output, seconds)."""
    outdir = outdir or html_dir(lang)
    env = dict(os.environ, BOOK_LANG=lang, PYTHONPATH=str(paths.ROOT))
    env.update(extra_env or {})
    start = time.perf_counter()
    proc = subprocess.run(
        sphinx_command(lang, outdir, fresh, doctrees), cwd=paths.ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
    )
    return lang, proc.returncode, proc.stdout, time.perf_counter() - start


def publish(lang: str) -> None:
    """Copy one language's HTML into `_build/site/<lang>/` (replacing what was there)."""
    target = paths.SITE / lang
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(html_dir(lang), target, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))


def write_root_index() -> None:
    """`_build/site/index.html`: Korean for browsers that prefer Korean, English otherwise."""
    languages = load_shared_config()["languages"]
    names = {code: entry["name"] for code, entry in languages.items()}
    titles = {code: entry["title"] for code, entry in languages.items()}
    links = "\n".join(
        f'    <li><a href="{code}/index.html" hreflang="{code}" lang="{code}">'
        f"{html.escape(titles[code])} ({html.escape(names[code])})</a></li>"
        for code in paths.LANGUAGES
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html.escape(titles['en'])} · {html.escape(titles['ko'])}</title>
  <script>
    (function () {{
      var prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
      var lang = "en";
      for (var i = 0; i < prefs.length; i++) {{
        var code = String(prefs[i]).toLowerCase();
        if (code.indexOf("ko") === 0) {{ lang = "ko"; break; }}
        if (code.indexOf("en") === 0) {{ break; }}
      }}
      window.location.replace(lang + "/index.html");
    }})();
  </script>
  <style>body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.6; }}</style>
</head>
<body>
  <main>
    <h1>{html.escape(titles['en'])} · <span lang="ko">{html.escape(titles['ko'])}</span></h1>
    <p>Choose a language · <span lang="ko">언어를 고르세요</span>:</p>
    <ul>
{links}
    </ul>
  </main>
</body>
</html>
"""
    paths.SITE.mkdir(parents=True, exist_ok=True)
    (paths.SITE / "index.html").write_text(page, encoding="utf-8")
    (paths.SITE / ".nojekyll").write_text("", encoding="utf-8")


def write_baked_urls() -> None:
    """`_build/site/baked-urls.json`: every URL the build wrote into pages and notebooks, per
    language (from booktools/ext/notebooks.py), so a deploy can be checked for placeholders."""
    merged = {}
    for lang in paths.LANGUAGES:
        part = paths.BUILD / lang / "baked-urls.json"
        if part.exists():
            merged[lang] = json.loads(part.read_text(encoding="utf-8"))
    paths.SITE.mkdir(parents=True, exist_ok=True)
    (paths.SITE / "baked-urls.json").write_text(json.dumps(merged, indent=1, ensure_ascii=False), encoding="utf-8")


def prepare_sources() -> None:
    """Checks that must pass before Sphinx starts (the figures are drawn by booktools.ext.figures)."""
    from .glossary.load import load_glossary

    load_glossary()  # fails early with file:line on a malformed glossary


def build_pdfs(langs, *, enabled: bool = True) -> int:
    """The book's PDF of each built language (booktools/pdf.py, in its own process, so its
    browser never meets another Playwright session of the caller). Without a browser, or when
    disabled, the site's PDF links are removed instead, so no page links a missing file."""
    from . import pdf
    from .browser import find_chromium

    reason = None
    if not enabled:
        reason = "not made (draft build or --no-pdf)"
    elif find_chromium() is None:
        reason = "not made: no Chrome or Chromium found (`make browser` installs one)"
    if reason or not langs:
        for lang in langs:
            pdf.update_site_links(paths.SITE / lang, None)
            print(f"[{lang}] pdf: {reason}")
        return 0
    cmd = [sys.executable, "-m", "booktools.pdf"] + [arg for lang in langs for arg in ("--lang", lang)]
    env = dict(os.environ, PYTHONPATH=str(paths.ROOT))
    return subprocess.run(cmd, cwd=paths.ROOT, env=env, check=False).returncode


def build(langs=paths.LANGUAGES, *, fresh: bool = False, serial: bool = False, pdf: bool = True) -> int:
    from .glossary.load import GlossaryError

    try:
        prepare_sources()
    except GlossaryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    workers = 1 if serial else len(langs)
    if workers > 1:
        # One core per language: the notebooks' BLAS/PyTorch threads would otherwise fight
        # over the same cores (measured: 2-thread torch in two parallel kernels ran ~30x slower).
        os.environ.setdefault("OMP_NUM_THREADS", "1")
    failed = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for lang, code, output, seconds in pool.map(lambda l: build_language(l, fresh=fresh), langs):
            for line in output.splitlines():
                print(f"[{lang}] {line}")
            status = "ok" if code == 0 else f"FAILED (exit {code})"
            print(f"[{lang}] build {status} in {seconds:.1f} s -> {paths.SITE / lang}")
            if code != 0:
                failed.append(lang)
            else:
                publish(lang)
    write_root_index()
    write_baked_urls()
    built = [lang for lang in langs if lang not in failed]
    if build_pdfs(built, enabled=pdf and not os.environ.get("BOOK_DRAFT")) != 0:
        failed.append("pdf")
    if failed:
        print(f"Build failed for: {', '.join(failed)}. Fix the warnings above (each names file:line).",
              file=sys.stderr)
        return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=paths.LANGUAGES, action="append", help="build only this language")
    parser.add_argument("--fresh", action="store_true", help="ignore Sphinx's saved environment")
    parser.add_argument("--serial", action="store_true", help="build the languages one after the other")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF of the book (booktools/pdf.py)")
    args = parser.parse_args(argv)
    return build(tuple(args.lang or paths.LANGUAGES), fresh=args.fresh, serial=args.serial, pdf=not args.no_pdf)


if __name__ == "__main__":
    sys.exit(main())
