"""The book's UI strings live in the `booktools` message catalog (booktools/ext/messages.py):
every `_("...")` of the extensions has a Korean translation in booktools.po, the catalog has no
entry the code no longer uses, and no Korean UI string is left in the extensions' code."""
import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from sphinx.errors import ExtensionError

from booktools.ext import messages
from booktools.hangul import HANGUL

ROOT = Path(__file__).resolve().parents[2]
EXT = ROOT / "booktools" / "ext"
# Modules whose strings end up on the site.
SITE_MODULES = sorted(EXT.glob("*.py")) + [ROOT / "booktools" / "config.py", ROOT / "booktools" / "notebook_markdown.py"]
# Korean that is data, not UI: the morpheme tags the Korean search index drops (question words, light verbs).
KOREAN_DATA = {"korean_search.py": "CONTENTLESS"}


def uses_book_catalog(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.ImportFrom) and node.module == "booktools.ext.messages"
               and any(alias.name == "_" for alias in node.names) for node in ast.walk(tree))


def msgids_in_code() -> dict[str, str]:
    """msgid -> `file:line` of its first use, for every `_("...")` of the book's catalog."""
    found = {}
    for path in sorted(EXT.glob("*.py")):
        if path == Path(messages.__file__) or uses_book_catalog(path):
            for lineno, message, _, _ in extract_from_file("python", str(path), keywords={"_": None}):
                found.setdefault(message, f"{path.relative_to(ROOT)}:{lineno}")
    return found


def catalog(language: str = "ko"):
    with messages.catalog_path(language).open("rb") as f:
        return read_po(f, locale=language, domain=messages.CATALOG, abort_invalid=True)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_of_the_code_is_translated_and_no_entry_is_stale():
    code = msgids_in_code()
    assert len(code) > 50, "the extraction found the extensions' messages"
    entries = {m.id: m.string for m in catalog() if m.id}
    missing = sorted(set(code) - set(entries))
    assert not missing, ("messages without a Korean translation; add them to "
                         f"{messages.catalog_path('ko').relative_to(ROOT)}:\n"
                         + "\n".join(f"{code[m]}: {m!r}" for m in missing))
    stale = sorted(set(entries) - set(code))
    assert not stale, f"catalog entries no code uses any more (remove them): {stale}"
    for msgid, msgstr in entries.items():
        assert msgstr and HANGUL.search(msgstr) or msgid == "CONTRIBUTING.md", f"{msgid!r} is not translated"
        assert fields(msgstr) <= fields(msgid), f"{msgid!r}: the translation uses a placeholder the code does not fill"


def test_catalog_compiles_and_translates(tmp_path):
    mo = messages.compile_catalog("ko")
    assert mo is not None and mo.stat().st_mtime >= messages.catalog_path("ko").stat().st_mtime
    assert messages.compile_catalog("en") is None, "English is the code's own language: no catalog"
    import gettext

    with mo.open("rb") as f:
        korean = gettext.GNUTranslations(f)
    assert korean.gettext("Browse the glossary") == "용어집 보기"


def test_broken_catalog_fails_naming_the_file(tmp_path, monkeypatch):
    po = tmp_path / "ko" / "LC_MESSAGES" / "booktools.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Searching"\nmsgtsr "검색 중"\n', encoding="utf-8")  # a misspelt keyword
    monkeypatch.setattr(messages, "LOCALE_DIR", tmp_path)
    with pytest.raises(ExtensionError, match=re.escape(str(po)) + ".*misformatted keyword"):
        messages.compile_catalog("ko")


def korean_literals(path: Path) -> list[str]:
    """`line: text` of every string literal with Hangul that is not a docstring or Korean data."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    data = {id(const) for node in ast.walk(tree) if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == KOREAN_DATA.get(path.name) for t in node.targets)
            for const in ast.walk(node.value)}
    return [f"{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and HANGUL.search(node.value)
            and id(node) not in docstrings | data]


@pytest.mark.parametrize("path", SITE_MODULES, ids=lambda p: p.name)
def test_no_korean_ui_string_in_the_code(path):
    found = korean_literals(path)
    assert not found, (f"{path.relative_to(ROOT)}: Korean text in the code; write the English as _(\"...\") "
                       "(booktools/ext/messages.py) and its Korean in booktools/locale/ko/LC_MESSAGES/booktools.po:\n"
                       + "\n".join(found))


def test_the_check_finds_a_korean_ui_string(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""모듈 설명."""\nLABEL = {"ko": "검색"}\n', encoding="utf-8")
    assert korean_literals(sample) == ["2: '검색'"]
