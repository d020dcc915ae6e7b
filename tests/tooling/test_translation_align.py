"""The Markdown reader's blocks, the block-level alignment of an English page with its Korean page,
and the colours of the terminal table."""
import re

from booktools import markdown
from booktools.translation.align import align

EN = """---
kernelspec: {name: python3}
---
# Title

First paragraph with a [link](other.md).

## Rule

Second paragraph,
on two lines.

- item one
- item two

| a | b |
|---|---|
| 1 | 2 |

$$
a = b
$$

:::{figure} figures/x.svg
:alt: a picture

The caption.
:::

:::{admonition} Exercise 1
:class: exercise

Body of the exercise.
:::

```{code-cell} ipython3
x = 1  # one
```
"""
KO = (EN.replace("First paragraph with a [link](other.md).", "첫 문단이다. [링크](other.md)가 있다.")
      .replace("Second paragraph,\non two lines.", "둘째 문단이다.")
      .replace("- item one\n- item two", "- 항목 하나\n- 항목 둘")
      .replace("| a | b |", "| 가 | 나 |").replace("The caption.", "그림 설명.").replace("a picture", "그림")
      .replace("Exercise 1", "연습 문제 1").replace("Body of the exercise.", "연습 문제 본문.")
      .replace("# one", "# 하나").replace("# Title", "# 제목").replace("## Rule", "## 규칙"))


def test_blocks_have_kinds_lines_and_keys():
    doc = markdown.read(EN)
    kinds = [(b.kind, b.line, b.end) for b in doc.blocks]
    assert kinds == [("heading", 4, 4), ("paragraph", 6, 6), ("heading", 8, 8), ("paragraph", 10, 11),
                     ("list item", 13, 13), ("list item", 14, 14), ("table row", 16, 16), ("table row", 18, 18),
                     ("equation", 20, 22), ("figure", 24, 28), ("caption", 27, 27), ("admonition", 30, 30),
                     ("paragraph", 33, 33), ("code cell", 36, 38)]
    by_kind = {b.kind: b for b in doc.blocks}
    assert by_kind["equation"].key == "a = b" and by_kind["figure"].key == "figures/x.svg"
    assert by_kind["figure"].text == "a picture" and by_kind["caption"].container == "figure"
    assert by_kind["admonition"].key == "admonition[exercise]" and by_kind["admonition"].text == "Exercise 1"
    assert by_kind["code cell"].key == "x = 1" and by_kind["code cell"].text == "x = 1  # one"
    assert doc.meta == {"kernelspec": {"name": "python3"}} and doc.body_line == 4
    assert [(link.target, link.line) for link in doc.links] == [("other.md", 6), ("figures/x.svg", 24)]


def test_prose_lines_skip_code_math_and_directive_options():
    lines = dict(markdown.read(EN).prose_lines())
    assert lines[10] == "Second paragraph," and lines[11] == "on two lines." and lines[27] == "The caption."
    assert not {21, 25, 31, 37} & set(lines)    # equation, :alt:, :class:, code


def test_front_matter_error_names_file_and_fix():
    try:
        markdown.read("---\na: [1\n---\ntext\n", "book/ko/x.md")
    except markdown.FrontMatterError as exc:
        assert str(exc).startswith("book/ko/x.md:1: front matter is not valid YAML") and "fix the YAML" in str(exc)
    else:
        raise AssertionError("broken front matter was accepted")


def test_parallel_pages_pair_every_block():
    en, ko = markdown.read(EN).blocks, markdown.read(KO).blocks
    pairing = align(en, ko)
    assert pairing.notes == [] and pairing.ambiguous == set()
    assert {i: js for i, js in pairing.pairs.items()} == {i: [i] for i in range(len(en))}
    assert pairing.counterpart(3)[0].text == "둘째 문단이다."
    assert pairing.counterpart(12)[0].text == "연습 문제 본문."


def test_merged_paragraphs_are_a_group_with_a_note_for_their_section():
    en_text = EN.replace("Second paragraph,\non two lines.", "Second paragraph.\n\nThird paragraph.")
    en, ko = markdown.read(en_text).blocks, markdown.read(KO).blocks
    pairing = align(en, ko)
    second = next(i for i, b in enumerate(en) if b.text == "Second paragraph.")
    third = next(i for i, b in enumerate(en) if b.text == "Third paragraph.")
    assert pairing.ambiguous == {second, third, second + 2, second + 3, second + 4, second + 5}
    assert pairing.counterpart(second) == pairing.counterpart(third)
    assert "둘째 문단이다." in [b.text for b in pairing.counterpart(second)]
    assert len(pairing.notes) == 1
    assert pairing.notes[0].startswith("section '## Rule': English lines 10-19 (6 blocks) vs Korean lines 10-17 (5 blocks)")
    assert "merged or split" in pairing.notes[0]
    # the blocks after the next anchor (the equation) pair one to one again
    caption = next(i for i, b in enumerate(en) if b.kind == "caption")
    assert pairing.counterpart(caption)[0].text == "그림 설명." and caption not in pairing.ambiguous


def test_terminal_colour_never_leaks_past_a_cell():
    from booktools.translation.report import GREEN, RED, RESET, colorize, wrap

    lines = wrap("keep [-two old-] words {+and three new words+} here", 16)
    coloured = colorize(lines)
    assert [re.sub(r"\x1b\[\d+m", "", line) for line in coloured] == lines      # only colour codes were added
    for line in coloured:
        assert line.count(RED) + line.count(GREEN) == line.count(RESET)  # every colour is closed on its line
    assert any(line.startswith(GREEN) for line in coloured[1:]), "an edit over a line break is reopened"
