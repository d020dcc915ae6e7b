"""Launch and download links of notebook pages, built on sphinx-book-theme's own buttons.

The theme already adds a "launch" dropdown (Binder, Colab) and a "download" dropdown to
every page with a kernelspec. Its Binder link opens the MyST page from the repository
(jupytext makes it a notebook there), which works; its Colab link would point at the .md
source, which Colab cannot open. We rewrite the Colab link to the generated notebook on the
`notebooks` branch (booktools/notebooks.py) and add the generated notebook to the download
dropdown. Repository URL and branches come from _config.yml.
"""
from __future__ import annotations

from sphinx.application import Sphinx

from booktools.ext.language_switcher import site_root

# sphinx-book-theme's Korean catalog lacks the launch strings; give them in the page's language.
LAUNCH_TIPS = {"en": ("Launch interactive content", "Launch on {}"), "ko": ("대화형으로 실행", "{}에서 실행")}
DOWNLOAD_TEXT = {"en": "Notebook (.ipynb)", "ko": "노트북 (.ipynb)"}
DOWNLOAD_TIP = {"en": "Download this page as a runnable notebook", "ko": "이 페이지를 실행할 수 있는 노트북으로 내려받기"}


def github_parts(url: str) -> tuple[str, str]:
    tail = url.rstrip("/").split("github.com/")[-1]
    org, repo = tail.split("/")[:2]
    return org, repo


def colab_url(app: Sphinx, pagename: str) -> str:
    repo = app.config.book_repository
    org, name = github_parts(repo["url"])
    branch = app.config.book_notebooks.get("branch", "notebooks")
    base = app.config.html_theme_options["launch_buttons"].get("colab_url", "https://colab.research.google.com")
    return f"{base.rstrip('/')}/github/{org}/{name}/blob/{branch}/{app.config.language}/{pagename}.ipynb"


def download_url(app: Sphinx, pagename: str) -> str:
    return site_root(pagename) + f"notebooks/{app.config.language}/{pagename}.ipynb"


def rewrite_buttons(app: Sphinx, pagename, templatename, context, doctree) -> None:
    buttons = context.get("header_buttons") or []
    launch = next((b for b in buttons if b.get("label") == "launch-buttons"), None)
    if launch is None:
        return
    group_tip, button_tip = LAUNCH_TIPS[app.config.language]
    launch["tooltip"] = group_tip
    for button in launch["buttons"]:
        button["tooltip"] = button_tip.format(button["text"])
        if button.get("text") == "Colab":
            button["url"] = colab_url(app, pagename)
    download = next((b for b in buttons if b.get("label") == "download-buttons"), None)
    if download is not None:
        lang = app.config.language
        download["buttons"].insert(0, {
            "type": "link", "url": download_url(app, pagename), "text": DOWNLOAD_TEXT[lang],
            "tooltip": DOWNLOAD_TIP[lang], "icon": "fas fa-file-arrow-down", "label": "download-runnable-notebook",
        })


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_notebooks", {}, "env")
    app.connect("html-page-context", rewrite_buttons, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
