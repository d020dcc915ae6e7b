"""Equations rendered at build time (booktools/ext/static_math.py): MathML in the HTML,
numbering and references kept, no math script, and bad TeX failing with file and line."""
import re

import pytest

from booktools.ext.static_math import cache_key
from tests.minibook import make_minibook

pytestmark = pytest.mark.build  # every test here builds the mini-book

PAGE = """# Second

Inline $a^2 + \\text{손실}$ here.

```{math}
:label: eq-loss
L = \\sum_i \\ell_i
```

See {eq}`eq-loss`.

$$
x = 1 \\\\ y = 2
$$
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    book = make_minibook(tmp_path_factory.mktemp("mathbook"))
    book.write("book/en/notes/second.md", PAGE)
    result = book.build("--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    return book


def test_equations_are_mathml_with_numbers_and_references(book):
    page = book.html("en", "notes/second")
    assert '<span class="math notranslate"><math><mrow><msup><mi>a</mi><mn>2</mn></msup>' in page
    assert "<mtext>손실</mtext>" in page
    block = re.search(r'<div class="math notranslate" id="equation-eq-loss">\s*(.*?)</div>', page, re.DOTALL).group(1)
    assert block.startswith('<span class="eqno">(1)<a class="headerlink" href="#equation-eq-loss"')
    assert '<math display="block"' in block and "<munder>" in block
    assert '<a class="reference internal" href="#equation-eq-loss">(1)</a>' in page
    assert "<mtable" in page, "a display equation with \\\\ is split into rows, as Sphinx does"
    assert "$$" not in page and "\\sum" not in page
    assert not re.search(r"<script[^>]*mathjax", page, re.IGNORECASE)
    bundle = re.search(r'<link rel="stylesheet" href="\.\./(_static/book-[0-9a-f]+\.css)"', page).group(1)
    css = (book.root / "_build/site/en" / bundle).read_text(encoding="utf-8")
    assert "/* _static/temml/Temml-Local.css */" in css, "temml's stylesheet is part of the page's one stylesheet"
    used = set(re.findall(r'class="[^"]*\b(tml-[\w-]+)', page))
    assert used and all(f".{name}" in css for name in used), f"temml rules for {used} kept"


def test_cache_keyed_by_tex_lets_a_rebuild_render_nothing_new(book):
    import json

    cache = json.loads((book.root / "_build/en/doctrees/static-math-cache.json").read_text(encoding="utf-8"))
    assert cache_key("a^2 + \\text{손실}", False) in cache["math"]
    again = book.build("--lang", "en")
    assert again.returncode == 0, again.stdout


def test_bad_tex_fails_the_build_naming_file_and_line(tmp_path):
    book = make_minibook(tmp_path)
    book.write("book/en/notes/second.md", "# Second\n\nText.\n\n$$\n\\frobnicate x\n$$\n")
    result = book.build("--lang", "en")
    assert result.returncode != 0
    assert re.search(r"book/en/notes/second.md:5: WARNING: cannot render the equation `\\frobnicate x`: "
                     r"Unsupported function name: \\frobnicate", result.stdout), result.stdout
