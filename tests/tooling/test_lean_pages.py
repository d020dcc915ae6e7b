"""booktools/ext/lean_pages.py on small inputs: Font Awesome markup to inline SVG, images
made lazy with their sizes, and which optional scripts a page needs."""
import re

from docutils import nodes

from booktools.ext.lean_pages import ICON, _icon, _images, keyboard_stops, page_needs

# The shape of the theme's fontawesome.js: brands, then regular, then solid icons.
FA = ('{"github":[496,512,[],"f09b","M1 1h2"]} {"sun":[512,512,[9728],"f185","M9 9r"]} '
      '{"bars":[448,512,["navicon"],"f0c9","M0 96h1"],"sun":[512,512,[9728],"f185","M9 9s"],'
      '"circle-half-stroke":[512,512,[9680,"adjust"],"f042",["M1 2","M3 4"]]}')


def convert(markup: str) -> str:
    return ICON.sub(lambda m: _icon(m, FA), markup)


def test_icons_become_inline_svg_keeping_other_classes_and_attributes():
    out = convert('<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" aria-hidden="true"></i>')
    assert out.startswith('<svg class="book-icon theme-switch fa-lg" data-mode="light" aria-hidden="true" '
                          'viewBox="0 0 512 512"')
    assert '<path d="M9 9s"/>' in out, "fa-solid takes the solid icon, not the regular one of the same name"
    assert "fa-solid" not in out and "fa-sun" not in out
    assert '<path d="M1 1h2"/>' in convert('<i class="fab fa-github"></i>')
    bars = convert('<span class="fa-solid fa-bars"></span>')
    assert 'viewBox="0 0 448 512" width="0.875em"' in bars and 'aria-hidden="true"' in bars
    assert convert('<i class="fa-solid fa-circle-half-stroke"></i>').count("<path") == 2


def test_unknown_icon_is_left_alone():
    markup = '<i class="fa-solid fa-no-such-icon"></i>'
    assert convert(markup) == markup


def test_images_after_the_first_are_lazy_and_all_get_their_size(tmp_path):
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big"))
    (tmp_path / "b.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="150pt"></svg>')
    page = tmp_path / "page.html"
    out = _images('<img src="a.png" alt="x"/><p><img alt="y" src="b.svg" /></p>', page)
    first, second = re.findall(r"<img[^>]*>", out)
    assert "loading" not in first and 'width="640" height="480"' in first and 'decoding="async"' in first
    assert 'loading="lazy"' in second and 'width="400" height="200"' in second
    assert _images(out, page) == out, "idempotent: a rebuild does not add attributes twice"


def test_optional_scripts_only_where_used():
    assert page_needs(None) == set(), "the search page and the index have no doctree and no code"
    doc = nodes.document(None, None)
    assert page_needs(doc) == set()
    doc += nodes.literal_block("x = 1", "x = 1")
    doc += nodes.container(classes=["toggle"])
    assert page_needs(doc) == {"code", "toggle"}


def test_stylesheets_join_into_one_with_imports_inlined_and_urls_rebased(tmp_path):
    from booktools.ext.lean_pages import BUNDLES, write_bundles

    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "basic.css").write_text("p { margin: 0 }")
    (static / "styles" / "theme.css").write_text('@import "../basic.css";\nh1 { color: red }')
    (static / "styles" / "pydata.css").write_text(
        "@font-face { src: url(../vendor/fa.woff2) } a { background: url('data:image/svg+xml,x') }"
        " b { marker: url(%23a) }")
    (tmp_path / BUNDLES).mkdir()
    (tmp_path / BUNDLES / "abc.json").write_text('["_static/styles/theme.css", "_static/styles/pydata.css", '
                                                 '"_static/basic.css"]')
    write_bundles(tmp_path)
    css = (static / "book-abc.css").read_text()
    assert css.index("p { margin: 0 }") < css.index("h1 { color: red }") < css.index("@font-face")
    assert css.count("p { margin: 0 }") == 1, "a stylesheet already imported is not repeated"
    assert "@import" not in css
    assert 'url("vendor/fa.woff2")' in css and "url('data:image/svg+xml,x')" in css and "url(%23a)" in css


def test_code_outputs_and_tables_start_as_keyboard_stops():
    assert keyboard_stops("<pre>x</pre>") == '<pre tabindex="0">x</pre>'
    assert keyboard_stops('<pre id="c1"><span>') == '<pre tabindex="0" id="c1"><span>'
    assert keyboard_stops('<div class="output stream highlight">') == '<div tabindex="0" class="output stream highlight">'
    assert keyboard_stops('<div class="pst-scrollable-table-container">') == \
        '<div tabindex="0" class="pst-scrollable-table-container">'
    for kept in ('<pre tabindex="-1">', '<div class="outputs">', '<div class="cell_output docutils">',
                 "<preface>", '<div id="x" class="output">'):
        assert keyboard_stops(kept) == kept
