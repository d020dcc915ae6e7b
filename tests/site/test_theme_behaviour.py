"""book-theme.js in headless Chromium: what the pages did with pydata-sphinx-theme.js still works
without it (colour mode, search dialog and Ctrl+K, the sidebar at the current page, the table of
contents following the reading, keyboard stops on wide code), and Bootstrap arrives only when a
header menu or tooltip is about to be used, yet the first tap on a menu opens it."""
import re

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_NOTES = "notes/backpropagation.html"
LAB = "labs/knn.html"


def bootstrap_requested(v) -> bool:
    return any("bootstrap.js" in url for url in v.requests)


def test_theme_script_is_not_loaded_and_its_stand_in_is(site):
    for lang in ("en", "ko"):
        html = (site / lang / LONG_NOTES).read_text(encoding="utf-8")
        assert "pydata-sphinx-theme.js" not in html
        assert re.search(r'<script defer src="\.\./_static/book-theme\.js\?v=[0-9a-f]+"', html)
        template = re.search(r'<template id="book-on-demand-scripts">(.*?)</template>', html, re.DOTALL)
        assert template and "scripts/bootstrap.js" in template.group(1)
        assert not re.search(r'<script[^>]*bootstrap\.js', html.replace(template.group(0), ""))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_colour_mode_button_cycles_and_is_remembered(server, visit, lang):
    v = visit(server.url(f"{lang}/{LONG_NOTES}"), viewport=DESKTOP)
    mode = lambda: v.page.evaluate("[document.documentElement.dataset.mode, document.documentElement.dataset.theme]")
    assert mode() == ["auto", "light"]  # headless Chromium prefers light
    button = v.page.locator(".theme-switch-button").first
    seen = []
    for _ in range(3):
        button.click()
        seen.append(mode())
    assert seen == [["dark", "dark"], ["light", "light"], ["auto", "light"]]
    button.click()
    v.page.reload(wait_until="networkidle")
    assert mode() == ["dark", "dark"]
    assert v.page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    assert v.errors == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_search_button_and_ctrl_k_open_the_search_dialog(server, visit, lang):
    v = visit(server.url(f"{lang}/{LONG_NOTES}"), viewport=PHONE)
    is_open = lambda: v.page.evaluate("document.getElementById('pst-search-dialog').open")
    v.page.locator(".bd-header-article .search-button__button").first.click()
    assert is_open()
    assert v.page.evaluate("document.activeElement.name") == "q"
    v.page.keyboard.press("Escape")
    assert not is_open()
    v.page.keyboard.press("Control+k")
    assert is_open()
    v.page.keyboard.type("gradient" if lang == "en" else "그래디언트")
    v.page.keyboard.press("Enter")
    v.page.wait_for_url(re.compile(r"/search\.html\?q="))
    assert v.errors == []


def test_sidebar_opens_scrolled_to_the_current_page(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 500})
    try:
        page.goto(server.url("en/labs/transformer.html"), wait_until="networkidle")
        page.wait_for_function("document.querySelector('div.bd-sidebar').scrollTop > 0")
        inside = page.evaluate("""(() => {
            const links = document.querySelectorAll('.bd-docs-nav .active');
            const r = links[links.length - 1].getBoundingClientRect();
            const s = document.querySelector('div.bd-sidebar').getBoundingClientRect();
            return r.top >= s.top && r.bottom <= s.bottom; })()""")
        assert inside, "the current page's link is scrolled out of the sidebar"
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_table_of_contents_follows_the_reading(server, visit, lang):
    v = visit(server.url(f"{lang}/{LONG_NOTES}"), viewport=DESKTOP)
    links = v.page.locator("#pst-page-toc-nav a.nav-link")
    assert links.count() >= 4
    target = links.nth(3).get_attribute("href")
    v.page.evaluate(f"document.getElementById(decodeURIComponent('{target[1:]}')).scrollIntoView()")
    v.page.wait_for_function(
        f"document.querySelector('#pst-page-toc-nav a.active')?.getAttribute('href') === '{target}'")
    links.nth(1).click()
    v.page.wait_for_function(
        f"document.querySelector('#pst-page-toc-nav a.active')?.getAttribute('href') === "
        f"'{links.nth(1).get_attribute('href')}'")
    assert v.page.locator("#pst-page-toc-nav a[aria-current='true']").count() == 1
    assert v.errors == []


def test_wide_code_is_a_keyboard_stop_and_narrow_code_is_not(server, visit):
    v = visit(server.url(f"en/{LAB}"), viewport=PHONE)
    stops = """[...document.querySelectorAll('pre')].map(p => [p.scrollWidth > p.clientWidth, p.tabIndex])"""
    # first Tab: every block is checked, also those never scrolled to
    v.page.keyboard.press("Tab")
    checked = v.page.evaluate(stops)
    assert any(wide for wide, _ in checked), "expected a code block wider than a phone on the knn lab"
    assert all(tab == (0 if wide else -1) for wide, tab in checked), checked
    assert v.errors == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_launch_menu_opens_on_the_first_tap_before_bootstrap_has_loaded(server, browser, lang):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server.url(f"{lang}/{LAB}"), wait_until="networkidle")
        assert not any("bootstrap.js" in u for u in requests), "bootstrap.js loaded before anyone needed it"
        page.locator(".dropdown-launch-buttons button").tap()
        menu = page.locator(".dropdown-launch-buttons .dropdown-menu")
        menu.wait_for(state="visible")
        assert menu.locator("a[href*='colab.research.google.com']").first.is_visible()
        assert any("bootstrap.js" in u for u in requests)
        page.touchscreen.tap(195, 780)  # a tap elsewhere: Bootstrap closes the menu now
        menu.wait_for(state="hidden")
        assert errors == []
    finally:
        context.close()


def test_tooltips_come_with_bootstrap_on_the_first_hover(server, visit):
    v = visit(server.url(f"ko/{LONG_NOTES}"), viewport=DESKTOP)
    assert not bootstrap_requested(v)
    button = v.page.locator(".theme-switch-button").first
    button.hover()
    v.page.wait_for_function("window.bootstrap !== undefined")
    v.page.mouse.move(0, 0)
    button.hover()
    tip = v.page.locator(".tooltip")
    tip.wait_for(state="visible")
    assert tip.inner_text().strip() == button.get_attribute("data-bs-title")
    assert v.errors == []
