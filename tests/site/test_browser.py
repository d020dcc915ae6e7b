"""The site in headless Chromium: language switch, console, off-site requests, math,
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


def test_switcher_keeps_the_section_both_ways(server, visit):
    v = visit(server.url("en/notes/convnets.html#the-output-size-formula"))
    v.page.click("a.book-language-switcher")
    v.page.wait_for_url(re.compile(r"/ko/notes/convnets\.html#the-output-size-formula$"))
    heading = v.page.locator("#the-output-size-formula > h3")
    assert heading.inner_text().startswith("출력 크기")
    assert heading.evaluate("h => Math.abs(h.getBoundingClientRect().top) < 200"), "not scrolled to the section"
    v.page.click("a.book-language-switcher")
    v.page.wait_for_url(re.compile(r"/en/notes/convnets\.html#the-output-size-formula$"))
    assert v.page.locator("#the-output-size-formula > h3").inner_text().startswith("The output size")
    assert v.errors == []


def test_switcher_carries_the_section_in_view_without_a_hash(server, visit):
    v = visit(server.url("ko/notes/convnets.html"))
    wait_for_math(v.page)  # typesetting and lazy images above change the layout; scroll once it settles
    for _ in range(2):
        v.page.evaluate("document.getElementById('pooling-layers').scrollIntoView()")
        v.page.wait_for_timeout(500)
    # A real click where the (sticky) switcher is: Playwright's click() would first scroll the page.
    box = v.page.locator("a.book-language-switcher").bounding_box()
    assert 0 <= box["y"] < 100, "the switcher stays in the sticky article header"
    v.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    v.page.wait_for_url(re.compile(r"/en/notes/convnets\.html#pooling-layers$"))
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
            heading = v.page.locator("article.bd-article h1").first
            box = heading.bounding_box()
            assert box and box["y"] < 900 and box["width"] > 50, (name, "the title is not on the first screen", box)
            if lang == "ko":
                assert re.search(r"[\uac00-\ud7a3]", heading.inner_text()), (name, "the title is not Korean")
            ink = ink_fraction(v.page.screenshot(full_page=False))
            assert 0.01 < ink < 0.5, (name, f"{ink:.1%} of the first screen is ink: blank or unstyled page")
            v.close()


def ink_fraction(png: bytes) -> float:
    """Share of dark pixels (text, rules, figures) in a screenshot of a light-mode page."""
    import io

    from PIL import Image

    grey = Image.open(io.BytesIO(png)).convert("L")
    histogram = grey.histogram()
    return sum(histogram[:128]) / (grey.width * grey.height)
