"""The site in headless Chromium: language switch, console, off-site requests, math, search,
sub-path hosting, mobile layout. Screenshots go to test-artifacts/."""
import re

import pytest

from .conftest import ARTIFACTS, html_pages, wait_for_math

MATH_PAGES = ["notes/linear-classification.html", "notes/optimization.html", "notes/convnets.html"]


def test_switcher_goes_to_same_page_and_back(server, visit):
    v = visit(server.url("en/notes/optimization.html"))
    v.page.click("a.book-language-switcher")
    v.page.wait_for_url(re.compile(r"/ko/notes/optimization\.html$"))
    assert v.page.evaluate("document.documentElement.lang") == "ko"
    v.page.click("a.book-language-switcher")
    v.page.wait_for_url(re.compile(r"/en/notes/optimization\.html$"))
    assert v.errors == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_loads_without_console_errors_or_off_site_requests(site, server, visit, lang):
    problems = []
    for page in html_pages(site, lang):
        v = visit(server.url(f"{lang}/{page}"))
        off_site = [u for u in v.requests if not u.startswith(server.origin) and not u.startswith("data:")]
        if v.errors or off_site or v.failed:
            problems.append((page, v.errors, off_site, v.failed))
        broken_images = v.page.evaluate(
            "[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
        if broken_images:
            problems.append((page, "images not loaded", broken_images))
        v.close()
    assert problems == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_math_is_mathml_laid_out_without_a_script(server, visit, lang):
    for page in MATH_PAGES:
        v = visit(server.url(f"{lang}/{page}"))
        wait_for_math(v.page)
        assert v.page.locator("math").count() > 5, page
        assert v.page.locator("merror, .math-error").count() == 0, page
        text = v.page.inner_text("main")
        assert "$$" not in text and "\\frac" not in text and "\\sum" not in text, page
        assert all(u.startswith(server.origin) for u in v.requests), page
        assert not any("mathjax" in u.lower() for u in v.requests), page
        # Laid out as math, not as a line of text: a display fraction is taller than a line.
        tall = v.page.evaluate("""[...document.querySelectorAll('math[display=block]')]
            .filter(m => m.querySelector('mfrac')).map(m => m.getBoundingClientRect().height)""")
        line = v.page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
        assert tall and max(tall) > 1.8 * line, (page, tall, line)
        v.close()


def test_korean_search_finds_filter_through_particles(server, visit):
    for query in ("필터", "필터를", "합성곱"):
        v = visit(server.url(f"ko/search.html?q={query}"))
        v.page.wait_for_selector("#search-results ul.search li", timeout=20000)
        hits = v.page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
        assert any(h.endswith("notes/convnets.html") for h in hits[:5]), (query, hits[:5])
        v.close()


def test_english_term_typed_on_korean_site(server, visit):
    v = visit(server.url("ko/search.html?q=backpropagation"))
    v.page.wait_for_selector("#search-results ul.search li", timeout=20000)
    hits = v.page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    assert any(h.endswith("notes/backpropagation.html") for h in hits[:5]), hits[:5]


PAGES_UNDER_SUBPATH = ["en/index.html", "ko/index.html", "ko/notes/linear-classification.html",
                       "en/labs/knn.html", "ko/glossary.html"]


def test_site_works_under_a_sub_path(subpath_server, visit):
    root = visit(subpath_server.url(""))
    root.page.wait_for_url(re.compile(r"/course/(en|ko)/index\.html$"))
    for page in PAGES_UNDER_SUBPATH:
        v = visit(subpath_server.url(page))
        assert v.errors == [] and v.failed == [], (page, v.errors, v.failed)
        assert all(u.startswith(subpath_server.origin + "/course/") for u in v.requests), page
        if "linear" in page:
            wait_for_math(v.page)
            assert v.page.locator("math").count() > 5
        v.page.click("a.book-language-switcher")
        v.page.wait_for_load_state("networkidle")
        assert "/course/" in v.page.url and v.page.title()
        v.close()


def test_root_page_sends_korean_browsers_to_korean(browser, server):
    for locale, lang in (("ko-KR", "ko"), ("en-US", "en"), ("fr-FR", "en")):
        context = browser.new_context(locale=locale)
        page = context.new_page()
        page.goto(server.url(""))
        page.wait_for_url(re.compile(rf"/{lang}/index\.html$"))
        context.close()


def test_mobile_layout_keeps_switcher_search_and_launch_usable(server, visit):
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in ("en", "ko"):
        v = visit(server.url(f"{lang}/labs/knn.html"), viewport={"width": 390, "height": 844})
        for selector in ("a.book-language-switcher", "button.search-button, .search-button",
                         ".dropdown-launch-buttons button, [aria-label*='Launch'], [aria-label*='실행']"):
            target = v.page.locator(selector).first
            assert target.is_visible(), (lang, selector)
            box = target.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (lang, selector, box)
            assert box["width"] >= 24 and box["height"] >= 24, (lang, selector, box)
        overflow = v.page.evaluate(
            "[...document.querySelectorAll('.header-article-items__end button, .header-article-items__end a')]"
            ".filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect())"
            ".filter(r => r.right > window.innerWidth + 0.5).length")
        assert overflow == 0, f"{lang}: {overflow} header buttons run off a 390-px screen"
        v.page.screenshot(path=str(ARTIFACTS / f"mobile-{lang}-labs-knn.png"), full_page=False)
        v.page.locator("a.book-language-switcher").click()
        v.page.wait_for_url(re.compile(r"/labs/knn\.html$"))


def test_screenshots_of_representative_pages(server, visit):
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in ("en", "ko"):
        for page in ("index.html", "notes/linear-classification.html", "labs/softmax.html", "glossary.html"):
            v = visit(server.url(f"{lang}/{page}"))
            if "notes" in page:
                wait_for_math(v.page)
            name = f"{lang}-{page.replace('/', '-').replace('.html', '')}.png"
            v.page.screenshot(path=str(ARTIFACTS / name), full_page=True)
            assert (ARTIFACTS / name).stat().st_size > 20_000
            v.close()
