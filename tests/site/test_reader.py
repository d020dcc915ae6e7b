"""Issue #25 in headless Chromium: the ☰ and page-contents buttons at 390 and 1280 px, focus
rings and Tab order, Korean line breaking and footer, the glossary filter, figure text size
at 390 px, lab set-up output and plot alt text in the page's language, edit links."""
import re

import pytest

from .conftest import ARTIFACTS, html_pages

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHAPTER = "notes/convnets.html"


def dialog_open(page, side):
    return page.evaluate(f"document.getElementById('pst-{side}-sidebar-modal').open")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_menu_button_on_a_phone_opens_navigation_follows_a_link_and_escape_closes(server, visit, lang):
    v = visit(server.url(f"{lang}/{CHAPTER}"), viewport=PHONE)
    toggle = v.page.locator(".bd-header-article .primary-toggle")
    assert toggle.is_visible()
    toggle.click()
    assert dialog_open(v.page, "primary")
    chapter = v.page.locator("#pst-primary-sidebar-modal a[href$='optimization.html']").first
    assert chapter.is_visible()
    v.page.keyboard.press("Escape")
    assert not dialog_open(v.page, "primary")
    assert v.page.locator("#pst-primary-sidebar a[href$='optimization.html']").count() >= 1, "nav moved back"
    toggle.click()
    v.page.locator("#pst-primary-sidebar-modal a[href$='optimization.html']").first.click()
    v.page.wait_for_url(re.compile(r"/notes/optimization\.html$"))
    assert v.errors == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_contents_button_on_a_phone_opens_the_page_contents(server, visit, lang):
    v = visit(server.url(f"{lang}/{CHAPTER}"), viewport=PHONE)
    v.page.locator(".bd-header-article .secondary-toggle").click()
    assert dialog_open(v.page, "secondary")
    entry = v.page.locator("#pst-secondary-sidebar-modal a.nav-link").nth(1)
    assert entry.is_visible()
    v.page.keyboard.press("Escape")
    assert not dialog_open(v.page, "secondary")
    v.page.locator(".bd-header-article .secondary-toggle").click()
    entry.click()
    assert not dialog_open(v.page, "secondary") or "#" in v.page.url


def test_menu_and_contents_buttons_fold_the_sidebars_on_a_desktop_and_remember(server, visit):
    v = visit(server.url(f"ko/{CHAPTER}"), viewport=DESKTOP)
    for side in ("primary", "secondary"):
        sidebar = v.page.locator(f"#pst-{side}-sidebar")
        toggle = v.page.locator(f".bd-header-article .{side}-toggle")
        assert sidebar.is_visible() and toggle.is_visible()
        toggle.click()
        assert not sidebar.is_visible(), side
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not dialog_open(v.page, side)
    v.page.goto(server.url("ko/notes/rnn.html"), wait_until="networkidle")
    for side in ("primary", "secondary"):
        assert not v.page.locator(f"#pst-{side}-sidebar").is_visible(), f"{side} fold not remembered"
        v.page.locator(f".bd-header-article .{side}-toggle").click()
        assert v.page.locator(f"#pst-{side}-sidebar").is_visible(), side
    v.page.reload(wait_until="networkidle")
    assert v.page.locator("#pst-primary-sidebar").is_visible()
    assert v.errors == []


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def rgb(css):
    return tuple(int(float(x)) for x in re.findall(r"[\d.]+", css)[:3])


FOCUS = """() => {  // the ring is drawn outside the control (outline-offset), against what surrounds it
 const e = document.activeElement, s = getComputedStyle(e);
  let bg = 'rgb(255, 255, 255)';
  for (let p = e.parentElement; p; p = p.parentElement) { const c = getComputedStyle(p).backgroundColor;
    if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; } }
  return {tag: e.tagName, cls: e.className, text: (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 30),
          header: !!e.closest('.bd-header-article, .skip-link, .bd-header'),
          style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, bg,
          visible: e.offsetParent !== null || e.getClientRects().length > 0}; }"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_header_control_shows_a_focus_ring_with_3_to_1_contrast(browser, server, viewport, scheme):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.goto(server.url(f"ko/{CHAPTER}"), wait_until="networkidle")
    seen, bad = [], []
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS)
        if not info["header"]:
            continue
        seen.append(info["text"])
        ratio = contrast(rgb(info["color"]), rgb(info["bg"]))
        if info["style"] == "none" or info["width"] < 2 or ratio < 3:
            bad.append((info["text"], info["style"], info["width"], info["color"], info["bg"], round(ratio, 2)))
    context.close()
    assert len(seen) >= 6, seen
    assert bad == [], bad


EDGE_LINK = """(part) => {  // a link that starts a line at the left edge of a part drawn only near the screen
  for (const box of document.querySelectorAll(part)) {
    const left = box.getBoundingClientRect().left;
    for (const a of box.querySelectorAll('a:not(.headerlink)'))
      if ([...a.getClientRects()].some(r => Math.abs(r.left - left) < 1)) { a.id = 'book-test-edge'; return a.textContent; }
  }
  return null; }"""


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("doc,part", [("notes/convnets.html", ".bd-article > section > section"),
                                      ("glossary.html", ".book-glossary dd")])
def test_the_focus_ring_of_a_link_at_the_edge_of_a_deferred_part_is_whole(browser, server, lang, doc, part):
    """Parts drawn only near the screen (content-visibility) clip their painting to their box; the
    focus ring of a link at the box's left edge is drawn outside it and must not be cut off."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server.url(f"{lang}/{doc}"), wait_until="networkidle")
    everything = page.add_style_tag(content=".bd-article * { content-visibility: visible !important; }")
    assert page.evaluate(EDGE_LINK, part), f"{lang}/{doc}: no link at the left edge of {part}"
    everything.evaluate("style => style.remove()")  # found: back to drawing only what is near the screen
    page.evaluate("document.getElementById('book-test-edge').scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    page.focus("#book-test-edge")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focused from the keyboard: :focus-visible
    ring = page.evaluate("""() => { const a = document.activeElement, s = getComputedStyle(a);
      const r = [...a.getClientRects()].sort((p, q) => p.left - q.left)[0];
      return {id: a.id, color: s.outlineColor, width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset),
              x: r.left, y: r.top, h: r.height}; }""")
    assert ring["id"] == "book-test-edge", ring
    from io import BytesIO

    from PIL import Image
    # the ring's left side: from x - offset - width to x - offset
    x0 = ring["x"] - ring["offset"] - ring["width"]
    shot = Image.open(BytesIO(page.screenshot(clip={"x": x0, "y": ring["y"] + 2, "width": ring["width"],
                                                     "height": max(ring["h"] - 4, 4)}))).convert("RGB")
    context.close()
    want = rgb(ring["color"])
    pixels = [shot.getpixel((i, j)) for i in range(shot.width) for j in range(shot.height)]
    near = sum(1 for p in pixels if max(abs(c - w) for c, w in zip(p, want)) <= 40)
    assert near >= len(pixels) / 2, f"{lang}/{doc}: the ring's left side is cut off ({near}/{len(pixels)} pixels)"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_tab_order_starts_with_skip_link_search_and_language(server, visit, viewport):
    v = visit(server.url(f"ko/{CHAPTER}"), viewport=viewport)
    stops = []
    for _ in range(4):
        v.page.keyboard.press("Tab")
        stops.append(v.page.evaluate("(() => { const e = document.activeElement; return e.matches('.skip-link a') ? 'skip'"
                                     " : e.matches('.search-button__button') ? 'search'"
                                     " : e.matches('.book-language-switcher, .book-sidebar-language') ? 'language'"
                                     " : e.className; })()"))
    wanted = ["skip", "search", "language"]
    if viewport == PHONE:  # the ☰ button comes first in the phone header row
        stops = [s for s in stops if "primary-toggle" not in s]
    assert stops[:3] == wanted, stops


def test_korean_text_breaks_between_words_everywhere(server, visit):
    v = visit(server.url(f"ko/{CHAPTER}"), viewport=DESKTOP)
    for selector in ("#pst-primary-sidebar", "#pst-secondary-sidebar", ".navbar-brand", ".bd-article",
                     ".bd-footer-content", ".prev-next-area"):
        value = v.page.eval_on_selector(selector, "e => getComputedStyle(e).wordBreak")
        assert value == "keep-all", (selector, value)
    v = visit(server.url(f"ko/{CHAPTER}"), viewport=PHONE)
    v.page.locator(".bd-header-article .primary-toggle").click()
    assert v.page.eval_on_selector("#pst-primary-sidebar-modal", "e => getComputedStyle(e).wordBreak") == "keep-all"


def test_footer_is_written_in_the_pages_language(site):
    ko = (site / "ko" / "index.html").read_text(encoding="utf-8")
    author = re.search(r'<p class="component-author">\s*(.*?)\s*</p>', ko, re.DOTALL)[1]
    assert author == "지은이: 이 강의의 저자들", author
    assert "으로 The course" not in ko
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="component-author">\s*By The course authors\s*</p>', en)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_links_to_its_source_on_github(site, lang):
    missing = []
    for page in html_pages(site, lang):
        if page in ("search.html", "genindex.html"):
            continue
        html = (site / lang / page).read_text(encoding="utf-8")
        link = re.search(r'<p class="book-edit-link"><a href="([^"]+)"', html)
        source = page.replace(".html", ".md")
        if not link or not re.search(rf"/edit/[^/]+/book/(en|{lang})/{re.escape(source)}$", link[1]):
            missing.append((page, link and link[1]))
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_glossary_filter_finds_terms_by_initials_english_and_abbreviation(server, visit, lang):
    v = visit(server.url(f"{lang}/glossary.html"), viewport=PHONE)
    box = v.page.locator("input.book-glossary-filter")
    assert box.is_visible()
    visible = "() => [...document.querySelectorAll('.book-glossary dt')].filter(d => d.offsetParent !== null).map(d => d.id)"
    total = len(v.page.evaluate(
        "() => [...document.querySelectorAll('.book-glossary dt')].map(d => d.id)"))
    for query, expected in (("ㄱㅈㅎ", "term-overfitting"), ("overfit", "term-overfitting"),
                            ("과적", "term-overfitting"), ("SGD", "term-stochastic-gradient-descent")):
        box.fill(query)
        shown = v.page.evaluate(visible)
        assert expected in shown, (query, shown[:10])
        assert len(shown) < total / 4, (query, len(shown))
    box.fill("zzzzqqq")
    assert v.page.evaluate(visible) == []
    assert "zzzzqqq" in v.page.inner_text(".book-glossary-filter-status")
    box.fill("")
    assert len(v.page.evaluate(visible)) > total / 3  # the unused terms stay folded
    if lang == "ko":
        box.fill("ㄱㅈㅎ")
        v.page.screenshot(path=str(ARTIFACTS / "ko-glossary-filter-390.png"))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_link_to_a_term_shows_the_term_below_the_sticky_filter_box(server, visit, lang, viewport):
    v = visit(server.url(f"{lang}/notes/optimization.html"), viewport=viewport)
    link = v.page.locator("article a[href*='glossary.html#term-']").first
    target = link.get_attribute("href").split("#", 1)[1]
    v.page.evaluate("(a) => { a.target = ''; a.click(); }", link.element_handle())
    v.page.wait_for_url(re.compile(rf"glossary\.html#{target}$"))
    v.page.wait_for_timeout(300)
    term, box = v.page.evaluate(f"""[document.getElementById('{target}').getBoundingClientRect().top,
        document.querySelector('.book-glossary-filter-box').getBoundingClientRect().bottom]""")
    assert box <= term < viewport["height"] / 2, (target, term, box)
    body = f"document.getElementById('{target}').nextElementSibling.firstElementChild"
    assert v.page.evaluate(f"{body}.checkVisibility({{contentVisibilityAuto: true}})"), f"{target}: body not drawn"
    assert v.page.evaluate(f"{body}.getBoundingClientRect().top") < viewport["height"], target


def test_glossary_folds_the_terms_no_page_uses(site):
    html = (site / "ko" / "glossary.html").read_text(encoding="utf-8")
    folded = html.split('<details class="book-glossary-unused">', 1)
    assert len(folded) == 2, "no folded list of unused terms"
    before, after = folded
    assert "아직 본문에서 쓰이지 않음" not in before, "an unused term outside the fold"
    assert after.count("<dt") > 20
    for anchor in re.findall(r'href="#(group-[^"]+)"', before):
        assert f'id="{anchor}"' in html, anchor


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_figure_text_is_at_least_11_css_px_on_a_phone_without_sideways_scrolling(site, server, visit, lang):
    """Every text of every SVG figure of every notes page, at the size Chromium draws the figure
    at 390 px: matplotlib writes each text as outlines scaled to its font size in the SVG's own
    units (booktools/figure_text.py), so its CSS size is that size times the drawn width over the
    viewBox width. No figure may be wider than the column (no sideways scrolling)."""
    from booktools.figure_text import text_sizes, viewbox_width

    small, texts, figures_seen = [], 0, 0
    for page in sorted((site / lang / "notes").glob("*.html")):
        v = visit(server.url(f"{lang}/notes/{page.name}"), viewport=PHONE)
        figures = v.page.evaluate("[...document.querySelectorAll('main figure img')].filter(i => i.src.endsWith('.svg'))"
                                  ".map(i => { const r = i.getBoundingClientRect();"
                                  " return [i.getAttribute('src'), r.width, r.right,"
                                  " i.closest('article').getBoundingClientRect().width]; })")
        for src, width, right, column in figures:
            assert 0 < width <= column and right <= PHONE["width"], (page.name, src, width, right, column)
            svg = (page.parent / src).resolve().read_text(encoding="utf-8")
            scale = width / viewbox_width(svg)
            figures_seen += 1
            for text, points in text_sizes(svg):
                texts += 1
                if points * scale < 11:
                    small.append(f"{lang}/notes/{page.name}: {src.rsplit('/', 1)[-1]}: {text!r} at {points * scale:.1f} px")
        v.close()
    assert figures_seen >= 20 and texts >= 500, (figures_seen, texts)
    assert small == [], "figure text below 11 CSS px at 390 px:\n" + "\n".join(small)


def test_a_tap_on_a_figure_opens_it_full_size(server, visit):
    v = visit(server.url(f"ko/{CHAPTER}"), viewport=PHONE)
    figure = v.page.locator("main figure img").first
    figure.scroll_into_view_if_needed()
    src = figure.evaluate("i => i.src")
    figure.click()
    v.page.wait_for_url(src)


@pytest.mark.parametrize("lang,guide", [("en", "CONTRIBUTING.md"), ("ko", "CONTRIBUTING.ko.md")])
def test_translation_status_rows_link_to_sources_and_the_guide(site, lang, guide):
    html = (site / lang / "translation-status.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html.split("<tbody>", 1)[1], re.DOTALL)
    assert len(rows) >= 10
    for row in rows:
        assert re.search(r'href="[^"]+/blob/[^/"]+/book/en/[^"]+\.md"', row), row
        assert re.search(r'href="[^"]+/(blob/[^/"]+/book/ko/[^"]+\.md|new/[^"]+\?filename=[^"]+\.md)"', row), row
        assert f'/{guide}"' in row, row


LABS = ["labs/knn.html", "labs/softmax.html", "labs/mlp.html", "labs/convnet.html", "labs/understanding.html",
        "labs/transfer-learning.html", "labs/rnn.html", "labs/transformer.html"]


def cell_outputs(html: str) -> list[str]:
    """The HTML of each code cell's output area."""
    return [piece.split('<div class="cell docutils container')[0] for piece in html.split('class="cell_output')[1:]]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_lab_setup_output_is_in_the_pages_language(site, lang):
    for page in LABS:
        html = (site / lang / page).read_text(encoding="utf-8")
        setup = next((o for o in cell_outputs(html) if "mode:" in o or "실행 모드:" in o), None)
        assert setup, f"{lang}/{page}: no set-up output"
        if lang == "ko":
            assert "실행 모드:" in setup and "장치:" in setup and "데이터:" in setup, (page, setup)
            assert "mode:" not in setup and "device:" not in setup, (page, setup)
        else:
            assert "mode:" in setup and "device:" in setup and "data:" in setup, (page, setup)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_lab_plot_has_alt_text_in_the_pages_language(site, lang):
    plots = 0
    for page in LABS:
        html = (site / lang / page).read_text(encoding="utf-8")
        for img in (img for output in cell_outputs(html) for img in re.findall(r"<img [^>]*>", output)):
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and not re.fullmatch(r"[0-9a-f]{64}\.png|_images/.*", alt[1]), (page, img[:200])
            word = "그래프" if lang == "ko" else "Plot"
            assert alt[1].startswith(word), (page, alt[1])
            plots += 1
    assert plots >= 8
