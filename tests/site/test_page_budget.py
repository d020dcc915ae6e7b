"""Byte budget of each page template, read from the built HTML (booktools/budget.py): what a
phone must fetch before the first paint (HTML + render-blocking CSS and scripts) and in all,
gzip-compressed. A failure names the page and its largest files."""
import pytest

from booktools.budget import measure

TEMPLATES = ["index.html", "notes/backpropagation.html", "labs/knn.html", "glossary.html", "search.html"]
# HTML + blocking CSS/JS of any template. Measured (draft build, gzip): 149-193 KiB, the glossary
# 204-229 KiB, of which Sphinx's search scripts that pydata-sphinx-theme loads synchronously are
# 51-74 KiB; lower this to ~170 once search loads on demand.
FIRST_PAINT_KIB = 240
TOTAL_KIB = 300  # everything but figures, any template (the limit for a notes page); measured 182-262


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_page_fits_its_byte_budget(site, lang, template):
    budget = measure(site / lang / template)
    where = f"{lang}/{template}"
    assert budget.first_paint <= FIRST_PAINT_KIB * 1024, (
        f"{where}: {budget.first_paint / 1024:.0f} KiB before first paint (limit {FIRST_PAINT_KIB} KiB); "
        f"blocking: {', '.join(f'{p.name} {s / 1024:.0f} KiB' for p, s in sorted(budget.blocking.items(), key=lambda kv: -kv[1])[:5])}")
    assert budget.total_without_figures <= TOTAL_KIB * 1024, (
        f"{where}: {budget.total_without_figures / 1024:.0f} KiB without figures (limit {TOTAL_KIB} KiB); "
        f"largest: {budget.largest()}")


def test_one_stylesheet_blocks_rendering(site):
    for lang in ("en", "ko"):
        for template in TEMPLATES:
            budget = measure(site / lang / template)
            css = [p.name for p in budget.blocking if p.suffix == ".css"]
            assert len(css) == 1 and css[0].startswith("book-"), (lang, template, css)
            scripts = {p.name for p in budget.deferred}
            assert "book-theme.js" in scripts and "pydata-sphinx-theme.js" not in scripts, (lang, template)
            if template == "search.html":  # no code, toggles or tabs on it
                assert not scripts & {"copybutton.js", "clipboard.min.js", "togglebutton.js", "design-tabs.js"}, scripts


def test_the_stylesheet_keeps_only_rules_the_site_can_use(site):
    """booktools/ext/unused_css.py: the themes' 550 KB of CSS (all of Bootstrap, a class per Font
    Awesome icon) shrink to what the pages and their scripts use; measured 159-161 KB."""
    for lang in ("en", "ko"):
        [bundle] = (site / lang / "_static").glob("book-????????????.css")
        css = bundle.read_text(encoding="utf-8")
        assert len(css.encode()) <= 200_000, f"{bundle}: {len(css.encode())} bytes; unused rules are back"
        for unused in (".fa-github", ".sd-card-header", ".leaflet-tile", ".form-select", ".pagination", ".accordion-button"):
            assert unused not in css, f"{bundle}: {unused} (nothing on the site uses it)"
        for used in (".bd-header", ".dropdown-menu.show", "html[data-theme=dark]", ".tml-med", ".highlight .k",
                     ".book-glossary", ".copybtn", ".tooltip-inner", ".bs-tooltip-auto"):
            assert used in css, f"{bundle}: the rule for {used} was dropped, but the site uses it"
