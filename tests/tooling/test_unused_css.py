"""booktools/ext/unused_css.py on a small output folder, with the real PurgeCSS: rules that no
page or loaded script can match go; rules for markup in the pages, names that scripts spell out or
compose at run time, dark-mode variants and media queries stay."""
import re

import pytest

from booktools.ext.lean_pages import site_pages
from booktools.ext.unused_css import SAFELIST, loaded_scripts, purge

CSS = """
:root { --book-gap: 1rem; }
.used { color: red; }
.carousel-item { display: none; }
html[data-theme=dark] .used { color: pink; }
html[data-theme=dark] .carousel-item { color: pink; }
@media (max-width: 575.98px) { .used { color: blue; } .toast { color: blue; } }
.dropdown-menu.show { display: block; }
.dropdown-menu[data-bs-popper] { top: 100%; }
.bs-tooltip-auto .tooltip-arrow { width: 1px; }
.book-left-hidden .bd-sidebar-primary { display: none; }
@font-face { font-family: "Unused Icons"; src: url(icons.woff2); }
@keyframes spin { to { transform: rotate(1turn); } }
.fa-spin { animation: spin 1s; }
.search-summary { margin: 0; }
:focus-visible { outline: 3px solid; }
:is(a, button, [tabindex]):focus-visible { outline-offset: 2px; }
.carousel-item:focus-visible { outline: none; }
main figure img[src$=".svg"] { width: 100%; }
main figure img[src$=".png"] { width: 50%; }
"""


@pytest.fixture
def site(tmp_path):
    static = tmp_path / "_static"
    (static / "scripts").mkdir(parents=True)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "page.html").write_text(
        '<html data-theme="light"><body><div class="used dropdown-menu bd-sidebar-primary"></div>'
        '<main><figure><img src="../_images/plot.svg" alt=""></figure><a href="#" tabindex="0">x</a></main>'
        '<script defer src="../_static/scripts/bootstrap.js?v=1"></script>'
        '<script defer src="../_static/search-loader.js"></script></body></html>')
    # bootstrap-like: spells out "show" and "tooltip-arrow", composes bs-tooltip-auto and data-bs-popper
    (static / "scripts" / "bootstrap.js").write_text(
        'el.classList.add("show"); tip.innerHTML = \'<div class="tooltip-arrow"></div>\';'
        ' tip.classList.add(`bs-${NAME}-auto`); setData(menu, "popper", "static"); theme = "dark";')
    # loaded only by name from another script, like book-search.js fetching its parts
    (static / "search-loader.js").write_text('load("search-results.js")')
    (static / "search-results.js").write_text('li.className = "search-summary"')
    # on disk but loaded by no page: its names must not keep rules alive
    (static / "scripts" / "unused-theme.js").write_text('"carousel-item toast fa-spin"')
    # a theme template fragment copied into _static is not a page
    (static / "macros.html").write_text('<i class="carousel-item"></i>')
    (static / "book-0123456789ab.css").write_text(CSS)
    return tmp_path


def rules(css: str) -> list[str]:
    return [" ".join(sel.split()) for sel in re.findall(r"([^{}]+)\{", css)]


def test_only_pages_and_the_scripts_they_load_count_as_content(site):
    pages = site_pages(site)
    assert [p.relative_to(site).as_posix() for p in pages] == ["notes/page.html"]
    scripts = {p.name for p in loaded_scripts(site, pages)}
    assert scripts == {"bootstrap.js", "search-loader.js", "search-results.js"}


def test_unused_rules_go_and_used_ones_stay_in_order(site):
    bundle = site / "_static" / "book-0123456789ab.css"
    pages = site_pages(site)
    [report] = purge([bundle], [*pages, *loaded_scripts(site, pages)])
    css = bundle.read_text()
    kept = rules(css)
    for selector in (".used", "html[data-theme=dark] .used", ".dropdown-menu.show", ".search-summary",
                     ".dropdown-menu[data-bs-popper]", ".bs-tooltip-auto .tooltip-arrow",
                     ".book-left-hidden .bd-sidebar-primary", "@media (max-width: 575.98px)",
                     ":focus-visible", ":is(a, [tabindex]):focus-visible", 'main figure img[src$=".svg"]'):
        assert selector in kept, f"{selector} was dropped:\n{css}"
    for selector in (".carousel-item", "html[data-theme=dark] .carousel-item", ".toast", ".fa-spin",
                     ".carousel-item:focus-visible", 'main figure img[src$=".png"]'):
        assert selector not in kept, f"{selector} was kept:\n{css}"
    assert "@font-face" not in css and "@keyframes" not in css
    assert "--book-gap" in css
    assert css.index(".used") < css.index("html[data-theme=dark] .used") < css.index("@media")
    assert report["before"] > report["after"] == len(css.encode())


def test_safelist_names_only_what_scripts_compose():
    # each entry is documented where it is defined; an unexplained catch-all would hide real misses
    assert all(source.startswith("^") for source in SAFELIST)
    assert not any(source in ("^.*", "^", ".*", "^[a-z]", "^.") for source in SAFELIST)
