"""Block-level change lists for translators, in a mini-book kept in a temporary git repository:
which English blocks changed since a Korean page was marked, their Korean counterparts, the
`diff` table, the checked `mark`, shallow clones, and the "what changed" section on the site."""
import json
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from booktools.browser import StaticServer
from booktools.markdown import PROSE
from tests.minibook import FRONT, make_minibook

EN = FRONT + textwrap.dedent("""\
    # Intro

    We use {term}`gradient-descent` with a {term}`learning-rate`.

    The step size matters: too large and the loss explodes.

    ## Update rule

    Each step moves the weights against the gradient.

    $$
    w \\leftarrow w - \\eta \\nabla L
    $$

    ```{code-cell} ipython3
    # add two numbers
    print(1 + 1)
    ```

    - Start with a small step.
    - Watch the loss.
    """)
KO = FRONT + textwrap.dedent("""\
    # 소개

    {term}`learning-rate`을 정해 {term}`gradient-descent`을 쓴다.

    보폭이 중요하다. 너무 크면 손실이 폭발한다.

    ## 갱신 규칙

    각 단계는 가중치를 그래디언트 반대 방향으로 옮긴다.

    $$
    w \\leftarrow w - \\eta \\nabla L
    $$

    ```{code-cell} ipython3
    # 두 수를 더한다
    print(1 + 1)
    ```

    - 작은 보폭으로 시작한다.
    - 손실을 지켜본다.
    """)
EN_PAGE, KO_PAGE = "book/en/notes/intro.md", "book/ko/notes/intro.md"


def tracked_book(tmp_path: Path):
    """A mini-book whose Korean intro was marked against a committed English intro."""
    book = make_minibook(tmp_path)
    book.write(EN_PAGE, EN)
    book.write(KO_PAGE, KO)
    book.commit("the book")
    book.mark_all()
    book.commit("mark the translations")
    return book


def edit_english(book, old: str, new: str) -> None:
    text = book.path(EN_PAGE).read_text(encoding="utf-8")
    assert old in text
    book.write(EN_PAGE, text.replace(old, new))
    book.commit("edit the English intro")


def changes(book) -> dict:
    result = book.run("-m", "booktools.status")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads((book.root / "_build/translation-status.json").read_text(encoding="utf-8"))
    page = {p["docname"]: p for p in data["pages"]}["notes/intro"]
    assert page["state"] == "outdated"
    return page["changes"]


def diff(book) -> str:
    result = book.run("-m", "booktools.translation", "diff", KO_PAGE, "--width", "160")
    assert result.returncode == 0, result.stderr
    return result.stdout


def ko_line(book, text: str) -> int:
    return book.path(KO_PAGE).read_text(encoding="utf-8").split("\n").index(text) + 1


def test_changed_paragraph_is_reported_with_its_korean_counterpart(tmp_path):
    book = tracked_book(tmp_path)
    edit_english(book, "too large and the loss explodes", "far too large and the loss explodes")
    found = changes(book)
    assert found["problem"] is None
    [block] = found["blocks"]
    assert (block["op"], block["kind"]) == ("changed", "paragraph")
    assert block["old"]["text"] == "The step size matters: too large and the loss explodes."
    assert block["new"]["text"] == "The step size matters: far too large and the loss explodes."
    assert [k["text"] for k in block["korean"]] == ["보폭이 중요하다. 너무 크면 손실이 폭발한다."]
    assert block["korean"][0]["line"] == ko_line(book, "보폭이 중요하다. 너무 크면 손실이 폭발한다.")
    table = diff(book)
    assert re.search(r"\| changed paragraph at en:\d+ -> ko:\d+ · Korean not updated yet", table)
    assert "{+far+}" in table and "보폭이 중요하다. 너무 크면 손실이 폭발한다." in table
    assert len(re.findall(r"^\| (changed|new|removed) ", table, re.MULTILINE)) == 1


def test_added_paragraph_is_new_without_counterpart(tmp_path):
    book = tracked_book(tmp_path)
    edit_english(book, "Each step moves the weights against the gradient.\n",
                 "Each step moves the weights against the gradient.\n\nSmaller steps are slower but safer.\n")
    [block] = changes(book)["blocks"]
    assert (block["op"], block["kind"], block["korean"]) == ("new", "paragraph", [])
    assert block["new"]["text"] == "Smaller steps are slower but safer."
    after = ko_line(book, "각 단계는 가중치를 그래디언트 반대 방향으로 옮긴다.")
    assert f"new paragraph at en:{block['new']['line']} -> new: no counterpart yet, after ko:{after}" in diff(book)


def test_deleted_paragraph_is_removed_with_its_counterpart(tmp_path):
    book = tracked_book(tmp_path)
    edit_english(book, "The step size matters: too large and the loss explodes.\n\n", "")
    [block] = changes(book)["blocks"]
    assert (block["op"], block["kind"], block["new"]) == ("removed", "paragraph", None)
    assert [k["text"] for k in block["korean"]] == ["보폭이 중요하다. 너무 크면 손실이 폭발한다."]
    assert "removed paragraph" in diff(book)


def test_code_comment_change_reports_no_prose(tmp_path):
    book = tracked_book(tmp_path)
    edit_english(book, "# add two numbers", "# add one and one")
    blocks = changes(book)["blocks"]
    assert [b for b in blocks if b["kind"] in PROSE] == []
    assert [(b["op"], b["kind"], b["comments_only"]) for b in blocks] == [("changed", "code cell", True)]
    assert [k["text"] for k in blocks[0]["korean"]] == ["# 두 수를 더한다\nprint(1 + 1)"]


def test_mark_refuses_until_the_korean_counterpart_is_edited(tmp_path):
    book = tracked_book(tmp_path)
    edit_english(book, "Watch the loss.", "Watch the loss on held-out data.")
    edit_english(book, "too large and the loss explodes", "far too large and the loss explodes")
    refused = book.run("-m", "booktools.translation", "mark", KO_PAGE)
    assert refused.returncode == 1
    assert "not marked: 2 of 2 changed English blocks" in refused.stderr
    assert re.search(r"changed list item at en:\d+ -> ko:\d+", refused.stderr)
    assert re.search(r"changed paragraph at en:\d+ -> ko:\d+", refused.stderr)
    korean = book.path(KO_PAGE).read_text(encoding="utf-8")
    book.write(KO_PAGE, korean.replace("너무 크면", "지나치게 크면"))
    still = book.run("-m", "booktools.translation", "mark", KO_PAGE)
    assert still.returncode == 1 and "not marked: 1 of 2" in still.stderr and "list item" in still.stderr
    assert "paragraph" not in still.stderr.split("\n", 1)[1]
    book.write(KO_PAGE, book.path(KO_PAGE).read_text(encoding="utf-8")
               .replace("손실을 지켜본다.", "검증 데이터에서 손실을 지켜본다."))
    accepted = book.run("-m", "booktools.translation", "mark", KO_PAGE)
    assert accepted.returncode == 0, accepted.stderr
    head = book.git("log", "-1", "--format=%h", "--", EN_PAGE).strip()
    assert f"commit: {head}" in book.path(KO_PAGE).read_text(encoding="utf-8")
    status = book.run("-m", "booktools.status")
    assert re.search(r"notes/intro\s+translated", status.stdout)


def test_mark_force_records_the_commit_without_edits(tmp_path):
    book = tracked_book(tmp_path)
    edit_english(book, "Watch the loss.", "Watch the loss closely.")
    assert book.run("-m", "booktools.translation", "mark", KO_PAGE).returncode == 1
    forced = book.run("-m", "booktools.translation", "mark", "--force", KO_PAGE)
    assert forced.returncode == 0, forced.stderr
    assert re.search(r"notes/intro\s+translated", book.run("-m", "booktools.status").stdout)


@pytest.mark.build
def test_shallow_clone_says_what_to_fetch_and_still_builds(tmp_path):
    origin = tracked_book(tmp_path / "origin")
    edit_english(origin, "too large and the loss explodes", "far too large and the loss explodes")
    clone_dir = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone_dir)], check=True)
    (clone_dir / "node_modules").symlink_to(origin.root / "node_modules")
    clone = type(origin)(clone_dir)
    table = clone.run("-m", "booktools.translation", "diff", KO_PAGE)
    assert table.returncode == 0
    assert "is not in this clone; run `git fetch --unshallow` (this clone is shallow)" in table.stdout
    status = clone.run("-m", "booktools.status")
    assert status.returncode == 0 and "git fetch --unshallow" in status.stdout
    refused = clone.run("-m", "booktools.translation", "mark", KO_PAGE)
    assert refused.returncode == 1 and "git fetch --unshallow" in refused.stderr and "--force" in refused.stderr
    built = clone.build("--lang", "ko")
    assert built.returncode == 0, built.stdout + built.stderr
    page = clone.html("ko", "notes/intro")
    banner = page.split("원문이 바뀌었습니다")[1].split("</div>")[0]
    assert 'href="../../en/notes/intro.html"' in banner and "바뀐 부분 보기" not in banner


@pytest.fixture(scope="module")
def built_with_changes(tmp_path_factory):
    book = tracked_book(tmp_path_factory.mktemp("changes"))
    edit_english(book, "too large and the loss explodes", "far too large and the loss explodes")
    edit_english(book, "Each step moves the weights against the gradient.\n",
                 "Each step moves the weights against the gradient.\n\nSmaller steps are slower but safer.\n")
    result = book.build()
    assert result.returncode == 0, result.stdout + result.stderr
    return book


def test_banner_links_to_the_what_changed_section(built_with_changes):
    page = built_with_changes.html("ko", "notes/intro")
    banner = page.split("원문이 바뀌었습니다")[1].split("</div>")[0]
    assert re.search(r'href="\.\./translation-status\.html#translation-changes-notes-intro"', banner)
    assert "github.com" not in banner
    status = built_with_changes.html("ko", "translation-status")
    assert 'id="translation-changes-notes-intro"' in status
    assert "<ins>far</ins>" in status
    assert 'href="#translation-changes-notes-intro"' in status     # the table's "outdated" links to it


def test_what_changed_section_renders_in_chromium(built_with_changes, browser):
    site = built_with_changes.root / "_build" / "site"
    with StaticServer(site) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(server.url("ko/notes/intro.html"), wait_until="networkidle")
        page.get_by_role("link", name="바뀐 부분 보기").click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("ko/translation-status.html#translation-changes-notes-intro")
        section = page.locator("#translation-changes-notes-intro")
        assert section.is_visible()
        rows = section.locator("table.book-translation-diff tbody tr")
        assert rows.count() == 2
        changed, added = rows.nth(0), rows.nth(1)
        assert changed.locator("td").nth(0).inner_text().startswith("바뀜 · 문단")
        assert changed.locator("td del").count() == 0 or "far" not in changed.locator("td del").inner_text()
        ins = changed.locator("td").nth(2).locator("ins")
        assert ins.inner_text().strip() == "far" and ins.is_visible()
        assert ins.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert "보폭이 중요하다" in changed.locator("td").nth(3).inner_text()
        assert "아직 대응하는 한국어 없음" in added.locator("td").nth(3).inner_text()
        box = section.bounding_box()
        assert box["y"] < 900 and box["height"] > 100   # scrolled to and laid out, not collapsed
        assert errors == []
        page.close()


def test_contributing_walks_a_translator_through_the_loop():
    """Both guides name the same loop and the same policy, and the commands they name exist."""
    from booktools import paths
    from booktools.translation.__main__ import main

    for name in ("CONTRIBUTING.md", "CONTRIBUTING.ko.md"):
        text = (paths.ROOT / name).read_text(encoding="utf-8")
        for needed in ("booktools.translation diff book/ko/", "booktools.translation mark book/ko/", "--force",
                       "make status", "make check", "git fetch --unshallow", "translation: {stub: true}"):
            assert needed in text, f"{name} does not mention {needed}"
        for command in set(re.findall(r"booktools\.translation (\w+)", text)):
            with pytest.raises(SystemExit) as exit_info:
                main([command, "--help"])
            assert exit_info.value.code == 0, f"{name} names `booktools.translation {command}`, which does not exist"
