"""Turn the shared root `_config.yml` into the Sphinx configuration of one language.

Everything common comes from `_config.yml` through Jupyter Book's own translation
(`jupyter_book.config.get_final_config`); only the keys under `languages.<lang>`
and what follows from the language code (Sphinx `language`, search language,
toc, output and cache paths) differ between the two builds.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml
from jupyter_book.config import get_final_config

from . import paths
from .publication import PublicationError
from .publication import resolve as resolve_publication

BOOK_EXTENSIONS = [
    "booktools.ext.language_switcher",
    "booktools.ext.glossary_role",
    "booktools.ext.offline_assets",
    "booktools.ext.translation",
    "booktools.ext.korean_search",
    "booktools.ext.notebooks",
    "booktools.ext.page_meta",
]
# The book's own top-level keys in _config.yml (not Jupyter Book's), with the keys each allows.
BOOK_KEYS = {
    "languages": None,                 # code -> {name, title}; checked in check_book_keys
    "notebooks": {"branch"},
    "site": {"url"},
}
LANGUAGE_KEYS = {"name", "title"}


class ConfigError(Exception):
    pass


def load_shared_config() -> dict:
    try:
        return yaml.safe_load(paths.CONFIG.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{paths.CONFIG}: invalid YAML: {exc}") from exc


def check_book_keys(shared: dict) -> None:
    """The book's own keys (`languages:`, `notebooks:`, `site:`): a clear error naming the key."""
    for key, allowed in BOOK_KEYS.items():
        value = shared.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"{paths.CONFIG}: `{key}:` must be a mapping of keys, got {type(value).__name__}")
        if key == "languages":
            for code, entry in value.items():
                if code not in paths.LANGUAGES:
                    raise ConfigError(f"{paths.CONFIG}: `languages.{code}` is not a language of the book; "
                                      f"use one of {', '.join(paths.LANGUAGES)}")
                if not isinstance(entry, dict):
                    raise ConfigError(f"{paths.CONFIG}: `languages.{code}:` must have `name:` and `title:`")
                for sub in entry:
                    if sub not in LANGUAGE_KEYS:
                        raise ConfigError(f"{paths.CONFIG}: unknown key `languages.{code}.{sub}`; "
                                          f"allowed: {', '.join(sorted(LANGUAGE_KEYS))}")
                for sub in sorted(LANGUAGE_KEYS - set(entry)):
                    raise ConfigError(f"{paths.CONFIG}: `languages.{code}` lacks `{sub}:`")
            continue
        for sub, sub_value in value.items():
            if sub not in allowed:
                raise ConfigError(f"{paths.CONFIG}: unknown key `{key}.{sub}`; allowed: {', '.join(sorted(allowed))}")
            if not isinstance(sub_value, str) or not sub_value.strip():
                raise ConfigError(f"{paths.CONFIG}: `{key}.{sub}` must be a non-empty string")


def sphinx_config(lang: str, *, search: str = "book") -> dict:
    """The complete Sphinx configuration for building `book/<lang>`."""
    shared = load_shared_config()
    check_book_keys(shared)
    try:
        publication = resolve_publication(shared)
    except PublicationError as exc:
        raise ConfigError(str(exc)) from None
    languages = shared.pop("languages", {})
    shared.pop("notebooks", None)
    shared.pop("site", None)
    # Launch links are the book's own (booktools/ext/notebooks.py); the theme's are turned off.
    launch = shared.pop("launch_buttons", {}) or {}
    shared["repository"] = {**(shared.get("repository") or {}), "url": publication.repository}
    if lang not in languages:
        raise ConfigError(
            f"{paths.CONFIG}: no entry for language {lang!r} under `languages:`; "
            f"add one with at least `title:` and `name:`"
        )
    per_lang = languages[lang]
    user_yaml = {**shared, "title": per_lang["title"]}
    srcdir = paths.source_dir(lang)
    config, _ = get_final_config(
        user_yaml=user_yaml,
        cli_config={"latex_individualpages": False},
        sourcedir=srcdir,
        validate=True,
        raise_on_invalid=True,
    )
    config["language"] = lang
    config["external_toc_path"] = str(srcdir / "_toc.yml")
    config["nb_execution_cache_path"] = str(paths.BUILD / lang / "jupyter_cache")
    if os.environ.get("BOOK_DRAFT"):  # quick drafts while writing: no execution, missing pages allowed
        config["nb_execution_mode"] = "off"
        config["external_toc_exclude_missing"] = True
    config["nb_execution_raise_on_error"] = True
    config["nb_execution_show_tb"] = True
    config["extensions"] = [
        ext for ext in config["extensions"] if ext not in ("sphinx_thebe", "sphinx_comments")
    ] + BOOK_EXTENSIONS
    config["book_repository"] = shared.get("repository", {})
    config["book_search"] = search
    config["book_publication"] = publication.as_dict()
    config["book_launch"] = launch
    config["book_site_dir"] = str(paths.SITE)
    # Absolute URL of this language's pages: canonical links, hreflang alternates, notebook links.
    config["html_baseurl"] = f"{publication.site_url}{lang}/"
    theme = config.setdefault("html_theme_options", {})
    theme["path_to_docs"] = f"book/{lang}"
    theme["launch_buttons"] = {}
    theme["use_download_button"] = False
    theme["article_header_end"] = ["language-switcher.html", "notebook-downloads.html",
                                   "article-header-buttons.html"]
    # The same words as the theme's aria-label of the search button ("label in name").
    theme["search_bar_text"] = "검색" if lang == "ko" else "Search"
    # pydata-sphinx-theme logs "Got invalid theme mode" unless a default mode is in the context.
    config.setdefault("html_context", {})["default_mode"] = "auto"
    # Korean UI strings the themes leave in English (booktools/locale/ko/LC_MESSAGES/sphinx.po,
    # compiled by Sphinx; pydata-sphinx-theme shares the "sphinx" catalog).
    config["locale_dirs"] = [str(Path(__file__).parent / "locale")]
    config.setdefault("templates_path", []).append(str(Path(__file__).parent / "templates"))
    config["html_title"] = per_lang["title"]
    config["project"] = per_lang["title"]
    return config
