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

LANGUAGE_KEYS = {"name": "the language's own name, shown by the language switcher",
                 "title": "the book's title in that language"}
OPTIONAL_LANGUAGE_KEYS = {"author": "the authors' name in that language (footer)"}
# The book's other own top-level keys in _config.yml (not Jupyter Book's), with the keys each allows.
BOOK_KEYS = {
    "notebooks": {"branch"},
    "site": {"url"},
}


class ConfigError(Exception):
    pass


def _key_line(text: str, key: str, after: int = 0) -> int:
    """1-based line of the first `key:` at or after line `after` (for error messages)."""
    for number, line in enumerate(text.splitlines()[after:], start=after + 1):
        if line.strip().startswith(f"{key}:"):
            return number
    return 1


def validate_languages(config: dict, text: str) -> None:
    """`languages:` must give `name` and `title` for every language the book is built in."""
    where = f"{paths.CONFIG}:{_key_line(text, 'languages')}"
    languages = config.get("languages")
    if not isinstance(languages, dict):
        raise ConfigError(f"{where}: `languages:` must map each language code ({', '.join(paths.LANGUAGES)}) "
                          "to its `name:` and `title:`")
    for code in languages:
        if code not in paths.LANGUAGES:
            raise ConfigError(f"{where}: `languages.{code}` is not a language of the book; "
                              f"use one of {', '.join(paths.LANGUAGES)}")
    for lang in paths.LANGUAGES:
        entry = languages.get(lang)
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: `languages.{lang}` is missing; add it with "
                              + " and ".join(f"`{k}:` ({why})" for k, why in LANGUAGE_KEYS.items()))
        line = _key_line(text, lang, _key_line(text, "languages"))
        unknown = set(entry) - set(LANGUAGE_KEYS) - set(OPTIONAL_LANGUAGE_KEYS)
        if unknown:
            raise ConfigError(f"{paths.CONFIG}:{line}: unknown key `languages.{lang}.{min(unknown)}`; "
                              f"allowed: {', '.join(sorted({*LANGUAGE_KEYS, *OPTIONAL_LANGUAGE_KEYS}))}")
        for key, why in LANGUAGE_KEYS.items():
            if key not in entry:
                raise ConfigError(f"{paths.CONFIG}:{line}: `languages.{lang}` lacks `{key}:` ({why})")
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise ConfigError(f"{paths.CONFIG}:{line}: `languages.{lang}.{key}` must be a non-empty string "
                                  f"({why})")


def validate_book_keys(config: dict, text: str) -> None:
    """The book's `notebooks:` and `site:` keys: mappings of the allowed keys to non-empty strings."""
    for key, allowed in BOOK_KEYS.items():
        value = config.get(key)
        if value is None:
            continue
        where = f"{paths.CONFIG}:{_key_line(text, key)}"
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: `{key}:` must be a mapping of keys, got {type(value).__name__}")
        for sub, sub_value in value.items():
            if sub not in allowed:
                raise ConfigError(f"{where}: unknown key `{key}.{sub}`; allowed: {', '.join(sorted(allowed))}")
            if not isinstance(sub_value, str) or not sub_value.strip():
                raise ConfigError(f"{where}: `{key}.{sub}` must be a non-empty string")


def check_book_keys(config: dict, text: str | None = None) -> None:
    """The book's own keys (`languages:`, `notebooks:`, `site:`); errors name the key (and its line
    in `text`, the file's text, when given)."""
    text = text if text is not None else ""
    validate_languages(config, text)
    validate_book_keys(config, text)


def load_shared_config() -> dict:
    text = paths.CONFIG.read_text(encoding="utf-8")
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{paths.CONFIG}: invalid YAML: {exc}") from exc
    check_book_keys(config, text)
    return config


def sphinx_config(lang: str, *, search: str = "book") -> dict:
    """The complete Sphinx configuration for building `book/<lang>`."""
    shared = load_shared_config()
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
    per_lang = languages[lang]
    user_yaml = {**shared, "title": per_lang["title"], "author": per_lang.get("author", shared.get("author"))}
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
    # The book's extensions come from `sphinx.extra_extensions` in _config.yml (as for any Jupyter Book).
    config["extensions"] = [ext for ext in config["extensions"] if ext not in ("sphinx_thebe", "sphinx_comments")]
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
    # The search field's text and myst-nb's folded-cell toggles are set in the page's language by
    # booktools/ext/messages.py (the `booktools` message catalog).
    # pydata-sphinx-theme logs "Got invalid theme mode" unless a default mode is in the context.
    config.setdefault("html_context", {})["default_mode"] = "auto"
    # Korean UI strings the themes leave in English (booktools/locale/ko/LC_MESSAGES/sphinx.po,
    # compiled by Sphinx, which reads locale_dirs before any extension loads; pydata-sphinx-theme
    # shares the "sphinx" catalog). The book's own strings: booktools.po (booktools/ext/messages.py).
    config["locale_dirs"] = [str(Path(__file__).parent / "locale")]
    # The book's templates ahead of the themes' (the footer's author line, the language switcher);
    # booktools.ext.offline_assets adds them for a plain Jupyter Book build as well.
    config.setdefault("templates_path", []).append(str(Path(__file__).parent / "templates"))
    config["html_title"] = per_lang["title"]
    config["project"] = per_lang["title"]
    return config
