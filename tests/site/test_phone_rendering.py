"""Rendering cost and stability on a phone (issue: fast on a phone), in headless Chromium at 412 px.

Lighthouse's scores belong to `make bench`; these tests check the properties behind them that can
fail without being timed: nothing on the page moves while it loads (layout shift), plots scale down
without being squashed, and long pages leave off-screen sections for later.
"""
import pytest

CLS_TARGET = 0.05  # the book's target for cumulative layout shift (Lighthouse's "good" is 0.1)
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75}
SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput)
  window.__shifts.push({value: e.value, nodes: (e.sources || []).map(s => s.node && s.node.nodeType === 1
    ? s.node.tagName.toLowerCase() + '.' + s.node.className : String(s.node && s.node.nodeName))}); })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.add_init_script(SHIFTS)
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("doc", ["glossary.html", "labs/knn.html", "notes/convnets.html", "index.html"])
def test_nothing_moves_while_the_page_loads(server, phone_page, lang, doc):
    phone_page.goto(server.url(f"{lang}/{doc}"), wait_until="networkidle")
    phone_page.wait_for_timeout(500)
    shifts = phone_page.evaluate("window.__shifts")
    total = sum(s["value"] for s in shifts)
    assert total <= CLS_TARGET, f"{lang}/{doc}: layout shift {total:.3f} while loading, moved: {shifts}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_plots_scale_down_without_being_squashed(server, phone_page, lang):
    phone_page.goto(server.url(f"{lang}/labs/knn.html"), wait_until="networkidle")
    ratios = phone_page.evaluate("""async () => {
      const out = [];
      for (const img of document.querySelectorAll('.bd-article img')) {
        img.scrollIntoView(); img.loading = 'eager';
        if (!img.complete) await new Promise(r => { img.onload = img.onerror = r; });
        const box = img.getBoundingClientRect();
        out.push({src: img.getAttribute('src'), shown: box.width / box.height,
                  natural: img.naturalWidth / img.naturalHeight, width: box.width});
      }
      return out; }""")
    assert ratios, "no images on the kNN lab page"
    wrong = [r for r in ratios if abs(r["shown"] / r["natural"] - 1) > 0.02]
    assert not wrong, f"{lang}: images drawn at another aspect ratio than their own: {wrong}"
    assert all(r["width"] <= 412 for r in ratios), ratios


@pytest.mark.parametrize("doc,selector", [("notes/convnets.html", ".bd-article > section > section"),
                                          ("glossary.html", ".book-glossary dl")])
def test_long_pages_leave_off_screen_parts_for_later(server, phone_page, doc, selector):
    phone_page.goto(server.url(f"ko/{doc}"), wait_until="networkidle")
    values = phone_page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).contentVisibility)")
    assert len(values) > 3 and set(values) == {"auto"}, f"{doc} {selector}: {values}"


DRAWN_ENTRY_BODIES = """() => [...document.querySelectorAll('.book-glossary dd')]
  .filter(dd => dd.firstElementChild.checkVisibility({contentVisibilityAuto: true})).map(dd => dd.previousElementSibling.id)"""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_glossary_draws_only_the_entries_near_the_screen(server, phone_page, lang):
    """The letter group on screen at load holds dozens of entries (ㄱ about 50); styling and laying
    them all out was the Korean glossary's blocking time on a phone. Each entry's body waits until it
    comes near the screen, and is drawn once scrolled to."""
    phone_page.goto(server.url(f"{lang}/glossary.html"), wait_until="networkidle")
    drawn = phone_page.evaluate(DRAWN_ENTRY_BODIES)
    assert 1 <= len(drawn) <= 12, f"{lang}: {len(drawn)} entry bodies drawn at load on a phone: {drawn}"
    last = phone_page.evaluate("""() => [...document.querySelectorAll('.book-glossary dl')]
      .filter(dl => !dl.closest('details')).sort((a, b) => b.children.length - a.children.length)[0]
      .lastElementChild.previousElementSibling.id""")  # the last entry of the largest letter group
    assert last not in drawn
    phone_page.evaluate(f"document.getElementById('{last}').scrollIntoView()")
    phone_page.wait_for_timeout(300)
    assert last in phone_page.evaluate(DRAWN_ENTRY_BODIES), f"{lang}: {last} scrolled to, but its body is not drawn"


WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const el of document.querySelectorAll('.bd-article *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    let inside = false;  // a box that scrolls sideways on its own (code, wide equations) is fine
    for (let p = el.parentElement; p && !inside; p = p.parentElement)
      inside = /auto|scroll|hidden|clip/.test(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= width + 0.5;
    if (!inside) found.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} "${el.textContent.trim().slice(0, 40)}" ends at ${Math.round(box.right)} px`);
  }
  return [document.documentElement.scrollWidth, found.slice(0, 5)];
}"""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_page_is_wider_than_a_390_px_phone(site, server, browser, lang):
    """Every page, with each off-screen section laid out as it is once scrolled to: nothing in the
    text (a long heading word with its anchor, an inline code name) pushes the page sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    wide = {}
    try:
        for path in sorted((site / lang).rglob("*.html")):
            rel = path.relative_to(site / lang).as_posix()
            if rel.startswith("_"):
                continue
            page.goto(server.url(f"{lang}/{rel}"), wait_until="load")
            page.add_style_tag(content=".bd-article * { content-visibility: visible !important; }")
            scroll_width, found = page.evaluate(WIDER_THAN_SCREEN)
            if scroll_width > 390 or found:
                wide[rel] = (scroll_width, found)
    finally:
        context.close()
    assert not wide, f"{lang}: pages wider than a 390-px screen: {wide}"
