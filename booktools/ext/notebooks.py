"""Runnable notebooks of the book's notebook pages, and the page's launch and download menus.

Colab only opens .ipynb files from a GitHub repository, Binder should open a notebook rather
than a Markdown file, and a reader who downloads a lab wants a notebook that runs on its own.
For every page of the Sphinx environment that has a kernelspec this extension writes, under
one path convention (`notebook_relpath`), the same on the site and on the notebooks branch:

    notebooks/<lang>/<docname>.ipynb            runnable: set-up cell, no outputs
    notebooks/<lang>/<docname>-executed.ipynb   the build's executed notebook, with outputs
    notebooks/<lang>/<docname>-student.ipynb    pages with exercises: solutions taken out

Each starts with a note in the page's language on how to switch to full mode (and a GPU),
then a set-up cell that installs only what is missing (the `labs` package pinned to the
commit the notebook was built from; an installed PyTorch is kept). Markdown is plain
Markdown (booktools/notebook_markdown.py): no MyST, absolute links to the published site.

The theme's own launch and download buttons are turned off (booktools/config.py). The launch
group is added to the theme's `header_buttons` like the theme's own; the download menu is the
template `notebook-downloads.html`, because the theme's button macro cannot set `download`.
Every URL baked into pages and notebooks is listed in `<outdir>/../baked-urls.json`.
"""
from __future__ import annotations

import json
import posixpath
import shutil
from functools import lru_cache
from pathlib import Path

import jupytext
import nbformat
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from booktools.exercises import ExerciseError, drop_solution_blocks, has_exercises, student_notebook
from booktools.ext.language_switcher import site_root
from booktools.ext.messages import _
from booktools.glossary.load import load_glossary
from booktools.notebook_markdown import MystError, convert

logger = logging.getLogger(__name__)

SETUP_TAG = "colab-setup"
INTRO_TAG = "notebook-intro"
LABS_SOURCE_VAR = "BOOK_LABS_SOURCE"  # the Colab-like test points the install at a local checkout
VARIANTS = ("", "executed", "student")
# import name -> pip requirement, for what a notebook may need beyond a stock Colab/Binder.
PACKAGES = [
    ("koreanize_matplotlib", "koreanize-matplotlib"),
    ("sklearn", "scikit-learn"),
    ("statsmodels", "statsmodels"),
    ("tqdm", "tqdm"),
    ("torch", "torch"),
]

def notebook_text() -> dict[str, str]:
    """What the generated notebooks say, in the build's language (booktools/ext/messages.py)."""
    return {
        "setup": _("# Set-up for Colab, Binder or a fresh Python: installs only what is missing (an installed\n"
                   "# PyTorch is kept; no restart needed)."),
        "mode": _('# "fast": small offline data, runs on a CPU. "full": the course-sized run (choose a GPU first).'),
        "intro": _("**Running this notebook.** As it is, it runs in *fast mode* on a CPU: small offline data, "
                   "done in about a minute. For the course-sized run, change `\"fast\"` to `\"full\"` in the "
                   "set-up cell below; in Colab first choose *Runtime → Change runtime type → GPU* (the labs "
                   "use a GPU automatically when there is one). Generated from [the book's page]({page}) "
                   "at commit `{commit}`."),
        "student": _("**Student version.** Each exercise cell raises `NotImplementedError`: replace that "
                     "line with your code, then run the check cell below it."),
    }


def admonition_titles() -> dict[str, str]:
    """The titles of admonitions in the notebooks' plain Markdown (booktools/notebook_markdown.py)."""
    return {"note": _("Note"), "tip": _("Tip"), "warning": _("Warning"), "important": _("Important"),
            "hint": _("Hint"), "caution": _("Caution"), "attention": _("Attention"), "danger": _("Danger"),
            "error": _("Error"), "seealso": _("See also")}


def menu_text() -> dict[str, str]:
    """The page's launch and download menus, in the build's language."""
    return {
        "launch": _("Launch interactive content"), "launch_on": _("Open in {}"),
        "colab_student": _("Colab (student version)"), "binder_student": _("Binder (student version)"),
        "menu": _("Download this page"),
        "runnable": _("Notebook to run (with set-up)"), "runnable_tip": _("A runnable notebook, outputs cleared"),
        "executed": _("Notebook with outputs"), "executed_tip": _("The notebook as executed for this page"),
        "student_item": _("Student notebook (solutions removed)"),
        "student_tip": _("The exercises without their solutions"),
        "source": _("Page source (MyST Markdown)"), "source_tip": _("The page as written in the book's repository"),
        "print": _("Print or save as PDF"), "print_tip": _("The browser's print dialog"),
    }


# -- one path convention --------------------------------------------------------------------

def notebook_relpath(lang: str, docname: str, variant: str = "") -> str:
    """Path of a generated notebook relative to the site root and to the notebooks branch."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown notebook variant {variant!r}; use one of {VARIANTS}")
    return f"notebooks/{lang}/{docname}{'-' + variant if variant else ''}.ipynb"


def launch_urls(publication: dict, launch: dict, relpath: str) -> dict[str, str]:
    """Colab and Binder URLs of one generated notebook on the notebooks branch."""
    owner, repo = publication["repository"].rstrip("/").split("github.com/")[-1].split("/")[:2]
    branch = publication["notebooks_branch"]
    urls = {}
    if launch.get("colab_url"):
        urls["colab"] = f"{launch['colab_url'].rstrip('/')}/github/{owner}/{repo}/blob/{branch}/{relpath}"
    if launch.get("binderhub_url"):
        ui = {"classic": "tree", "jupyterlab": "lab/tree"}[launch.get("notebook_interface", "jupyterlab")]
        urls["binder"] = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{owner}/{repo}/{branch}?urlpath={ui}/{relpath}"
    return urls


def page_url(publication: dict, lang: str, docname: str) -> str:
    return f"{publication['site_url']}{lang}/{docname}.html"


def labs_requirement(publication: dict) -> str:
    return f"dl-course-book @ git+{publication['repository'].rstrip('/')}.git@{publication['commit']}"


def is_notebook_page(app: Sphinx, docname: str) -> bool:
    return "kernelspec" in app.env.metadata.get(docname, {})


@lru_cache(maxsize=256)
def _read_source(path: str, _mtime: float) -> nbformat.NotebookNode:
    return jupytext.read(path)


def read_source(app: Sphinx, docname: str) -> nbformat.NotebookNode:
    path = Path(app.env.doc2path(docname))
    return _read_source(str(path), path.stat().st_mtime)


def variants(app: Sphinx, docname: str) -> list[str]:
    found = [""]
    if executed_path(app, docname).exists():
        found.append("executed")
    if has_exercises(read_source(app, docname)):
        found.append("student")
    return found


def executed_path(app: Sphinx, docname: str) -> Path:
    """myst-nb writes the executed notebook of each page to `<outdir>/../jupyter_execute/`."""
    return Path(app.outdir).parent / "jupyter_execute" / f"{docname}.ipynb"


def executed_notebook(app: Sphinx, docname: str) -> nbformat.NotebookNode | None:
    """The page's notebook with its outputs. myst-nb writes it to jupyter_execute/, but a page
    whose outputs came from jupyter-cache on a re-read is written there without them; then the
    outputs are merged from the same cache, through jupyter-cache's own API."""
    path = executed_path(app, docname)
    if not path.exists():
        return None
    nb = nbformat.read(path, as_version=4)
    has_outputs = any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    if not has_outputs and app.config.nb_execution_mode == "cache":
        from jupyter_cache import get_cache

        try:
            _, nb = get_cache(app.config.nb_execution_cache_path).merge_match_into_notebook(nb)
        except KeyError:  # not in the cache (a page that was never executed): no outputs to offer
            pass
    return nb


# -- Sphinx side of the Markdown conversion --------------------------------------------------

class SiteResolver:
    """Names and published URLs of terms, labels, pages and images, for one notebook."""

    def __init__(self, app: Sphinx, docname: str):
        self.app, self.env, self.docname = app, app.env, docname
        self.lang = app.config.language
        self.pub = app.config.book_publication
        self.glossary = load_glossary()
        self.seen: set[str] = set()
        self.urls: list[str] = []

    def _url(self, url: str) -> str:
        self.urls.append(url)
        return url

    def page(self, docname: str, anchor: str = "") -> str:
        return self._url(page_url(self.pub, self.lang, docname) + (f"#{anchor}" if anchor else ""))

    def term(self, term_id, text):
        if term_id not in self.glossary:
            raise MystError(f"{self.docname}: unknown glossary term {term_id!r}")
        term = self.glossary.get(term_id)
        shown = text or term.text(self.lang)
        if self.lang == "ko" and term_id not in self.seen and not term.keep_english:
            shown += f"({term.en})"
        self.seen.add(term_id)
        return shown, self.page("glossary", term.anchor)

    def _label(self, label: str):
        std = self.env.get_domain("std")
        if label not in std.labels:
            raise MystError(f"{self.docname}: unknown label {label!r}")
        return std.labels[label]

    def _fignumber(self, docname: str, labelid: str) -> str:
        numbers = self.env.toc_fignumbers.get(docname, {}).get("figure", {}).get(labelid)
        return ".".join(map(str, numbers)) if numbers else ""

    def ref(self, kind, target, text):
        if kind == "doc":
            docname = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), target))
            title = self.env.titles.get(docname)
            return text or (title.astext() if title else docname), self.page(docname)
        docname, labelid, sectname = self._label(target)
        if kind == "numref":
            number = self._fignumber(docname, labelid)
            shown = (text or self.app.config.numfig_format["figure"]).replace("%s", number)
            return shown, self.page(docname, labelid)
        return text or sectname or target, self.page(docname, labelid)

    def link(self, url):
        path, _, anchor = url.partition("#")
        if not path:
            return self.page(self.docname, anchor)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), path))
        stem, suffix = posixpath.splitext(target)
        if suffix in (".md", ".ipynb", ".html", "") and stem in self.env.found_docs:
            return self.page(stem, anchor)
        # a file of the repository outside the book pages (for example ../../labs/knn.py)
        repo_path = posixpath.normpath(posixpath.join("book", self.lang, target))
        return self._url(f"{self.pub['repository'].rstrip('/')}/blob/{self.pub['commit']}/{repo_path}")

    def image(self, path):
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), path))
        entry = self.env.images.get(rel)
        name = entry[1] if entry else posixpath.basename(rel)
        return self._url(f"{self.pub['site_url']}{self.lang}/_images/{name}")

    def admonition_title(self, name):
        return admonition_titles()[name]

    def figure_label(self, name):
        docname, labelid, _ = self._label(name)
        number = self._fignumber(docname, labelid)
        return self.app.config.numfig_format["figure"].replace("%s", number) if number else ""


# -- notebook assembly ---------------------------------------------------------------------

def setup_source(publication: dict) -> str:
    pairs = ",\n    ".join(f"({mod!r}, {pkg!r})" for mod, pkg in PACKAGES)
    text = notebook_text()
    return (f"{text['setup']}\n"
            "import importlib.util, os, subprocess, sys\n\n"
            f"{text['mode']}\n"
            'os.environ["LABS_MODE"] = "fast"\n\n'
            f"_labs = os.environ.get({LABS_SOURCE_VAR!r}, {labs_requirement(publication)!r})\n"
            f"_needed = [\n    ('labs', _labs),\n    {pairs},\n]\n"
            "_missing = [pkg for mod, pkg in _needed if importlib.util.find_spec(mod) is None]\n"
            "if _missing:\n"
            "    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', *_missing], check=True)")


def finish_notebook(app: Sphinx, docname: str, nb: nbformat.NotebookNode, variant: str,
                    resolver: SiteResolver) -> nbformat.NotebookNode:
    pub = app.config.book_publication
    where = f"{app.env.doc2path(docname)}"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = convert(cell.source, resolver, where)
            if variant == "student":
                cell.source = drop_solution_blocks(cell.source)
        elif cell.cell_type == "code" and variant != "executed":
            cell.outputs = []
            cell.execution_count = None
    text = notebook_text()
    intro = text["intro"].format(page=resolver.page(docname), commit=pub["commit"][:12])
    if variant == "student":
        intro += "\n\n" + text["student"]
    nb.cells[0:0] = [
        nbformat.v4.new_markdown_cell(intro, metadata={"tags": [INTRO_TAG]}),
        nbformat.v4.new_code_cell(setup_source(pub), metadata={"tags": [SETUP_TAG]}),
    ]
    for cell in nb.cells:
        cell.pop("id", None)
    nb.metadata.pop("jupytext", None)
    nb.metadata.pop("accelerator", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["colab"] = {"provenance": []}
    nb.nbformat, nb.nbformat_minor = 4, 4  # no cell ids: the same source gives the same file
    nbformat.validate(nb)
    return nb


def build_notebooks(app: Sphinx, docname: str) -> tuple[dict[str, nbformat.NotebookNode], list[str]]:
    """Every variant of one page's notebook, and the URLs baked into them."""
    where = str(app.env.doc2path(docname))
    source = read_source(app, docname)
    raw = {"": nbformat.from_dict(json.loads(json.dumps(source)))}
    executed = executed_notebook(app, docname)
    if executed is not None:
        raw["executed"] = executed
    if has_exercises(source):
        raw["student"] = student_notebook(raw[""], where)
    built, urls = {}, []
    for variant, nb in raw.items():
        resolver = SiteResolver(app, docname)
        built[variant] = finish_notebook(app, docname, nb, variant, resolver)
        urls += resolver.urls
    urls.append(labs_requirement(app.config.book_publication).split(" @ ", 1)[1])
    return built, urls


# -- Sphinx events ---------------------------------------------------------------------------

def add_downloads(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The download menu's entries. Runs before pydata-sphinx-theme drops templates that render
    empty (priority 500), so `notebook-downloads.html` sees them."""
    lang, text = app.config.language, menu_text()
    items = []
    if is_notebook_page(app, pagename) and doctree is not None:
        labels = {"": ("runnable", "runnable_tip", "fas fa-file-arrow-down"),
                  "executed": ("executed", "executed_tip", "fas fa-file-code"),
                  "student": ("student_item", "student_tip", "fas fa-user-graduate")}
        for variant in variants(app, pagename):
            rel = notebook_relpath(lang, pagename, variant)
            label, tip, icon = labels[variant]
            items.append({"url": site_root(pagename) + rel, "text": text[label], "tooltip": text[tip],
                          "icon": icon, "filename": posixpath.basename(rel), "label": f"download-{label}"})
    if context.get("sourcename"):
        items.append({"url": f"{context['pathto']('_sources', 1)}/{context['sourcename']}", "text": text["source"],
                      "tooltip": text["source_tip"], "icon": "fas fa-file",
                      "filename": posixpath.basename(context["sourcename"]), "label": "download-source"})
    context["book_downloads"] = {"label": text["menu"], "items": items, "print": text["print"],
                                 "print_tip": text["print_tip"]}


def add_launch_group(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Colab and Binder links of the page's notebooks, as one group of the theme's `header_buttons`
    (after the theme's own buttons, priority 501)."""
    if not is_notebook_page(app, pagename) or doctree is None:
        return
    lang, text = app.config.language, menu_text()
    buttons = []
    for variant in [v for v in variants(app, pagename) if v != "executed"]:
        urls = launch_urls(app.config.book_publication, app.config.book_launch,
                           notebook_relpath(lang, pagename, variant))
        for service, icon in (("colab", "_static/images/logo_colab.png"),
                              ("binder", "_static/images/logo_binder.svg")):
            if service in urls:
                name = service.capitalize() if not variant else text[f"{service}_student"]
                buttons.append({"type": "link", "text": name, "url": urls[service], "icon": icon,
                                "tooltip": text["launch_on"].format(name), "label": f"launch-{service}{variant}"})
    if buttons:
        context["header_buttons"].append({"type": "group", "tooltip": text["launch"], "icon": "fas fa-rocket",
                                          "buttons": buttons, "label": "launch-buttons"})


def write_notebooks(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    lang, pub = app.config.language, app.config.book_publication
    site = Path(app.config.book_site_dir)
    target = site / "notebooks" / lang
    if target.exists():
        shutil.rmtree(target)
    baked = {"language": lang, "publication": pub, "pages": {}, "notebooks": {}}
    for docname in sorted(app.env.found_docs):
        baked["pages"][docname] = [page_url(pub, lang, docname)]
        if not is_notebook_page(app, docname):
            continue
        try:
            built, urls = build_notebooks(app, docname)
        except (ExerciseError, MystError) as exc:
            raise ExtensionError(str(exc)) from None
        for variant, nb in built.items():
            rel = notebook_relpath(lang, docname, variant)
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, site / rel)
            baked["pages"][docname] += [f"{pub['site_url']}{rel}",
                                        *launch_urls(pub, app.config.book_launch, rel).values()]
        baked["notebooks"][docname] = sorted(set(urls))
    (Path(app.outdir).parent / "baked-urls.json").write_text(json.dumps(baked, indent=1, ensure_ascii=False),
                                                             encoding="utf-8")


def publication_from_book_config(app: Sphinx, config) -> None:
    """`make build` passes the publication settings in (booktools/config.py); a plain
    `jupyter-book build book/en` does not, so they come from the same _config.yml and deploy
    context here."""
    if config.book_publication:
        return
    from booktools.config import load_shared_config
    from booktools.publication import PublicationError, resolve

    shared = load_shared_config()
    try:
        config.book_publication = resolve(shared).as_dict()
    except PublicationError as exc:
        raise ExtensionError(str(exc)) from None
    config.book_launch = shared.get("launch_buttons") or {}


def default_site_dir(app: Sphinx) -> None:
    if not app.config.book_site_dir:  # a plain Jupyter Book build: the notebooks go beside its HTML
        app.config.book_site_dir = str(app.outdir)


def setup(app: Sphinx) -> dict:
    app.setup_extension("booktools.ext.messages")
    app.connect("config-inited", publication_from_book_config)
    app.connect("builder-inited", default_site_dir)
    app.add_config_value("book_publication", {}, "env")
    app.add_config_value("book_launch", {}, "env")
    app.add_config_value("book_site_dir", "", "")
    app.connect("html-page-context", add_downloads, priority=450)
    app.connect("html-page-context", add_launch_group, priority=502)
    app.connect("build-finished", write_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
