"""axe-core (from npm, node_modules/axe-core) in headless Chromium on every page template."""
import json

import pytest

from booktools import paths

TEMPLATES = ["index.html", "notes/linear-classification.html", "labs/softmax.html", "glossary.html",
             "translation-status.html", "search.html", "genindex.html"]
AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_serious_or_critical_violations(server, visit, lang):
    assert AXE.exists(), "axe-core missing: run `npm ci` (make test does)"
    found = {}
    for page in TEMPLATES:
        v = visit(server.url(f"{lang}/{page}"))
        v.page.add_script_tag(path=str(AXE))
        result = v.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [(x["id"], x["impact"], [n["target"] for n in x["nodes"]][:3]) for x in result["violations"]
               if x["impact"] in ("serious", "critical")]
        if bad:
            found[page] = bad
        v.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_language_switcher_is_labelled_for_screen_readers(server, visit):
    v = visit(server.url("ko/index.html"))
    switcher = v.page.locator("a.book-language-switcher")
    assert switcher.get_attribute("aria-label") == "English: 이 페이지를 영어로 보기"
    assert switcher.get_attribute("hreflang") == "en"
