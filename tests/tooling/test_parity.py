"""Structural parity of en/ko pages: catches removed headings, changed equations, edited code."""
from pathlib import Path

from booktools.translation.parity import compare, strip_comments

EN = """---
kernelspec: {name: python3}
---
# Title

Text.

## Section

$$
a = b + c
$$

:::{figure} figures/x.svg
:alt: x
:::

:::{admonition} Exercise 1
:class: exercise

Inside: $$ q $$

$$
e = mc^2
$$
:::

```{code-cell} ipython3
:tags: [lang]

LANG = "en"
```

```{code-cell} ipython3
x = 1  # one
print(x)
```
"""
KO = (EN.replace("Text.", "본문.").replace("Exercise 1", "연습 문제 1").replace('LANG = "en"', 'LANG = "ko"')
      .replace("# one", "# 하나"))


def diff(ko_text):
    return compare(Path("en.md"), Path("ko.md"), en_text=EN, ko_text=ko_text)


def test_parallel_pages_pass():
    assert diff(KO) == []


def test_removed_heading_is_reported_with_lines():
    problems = diff(KO.replace("## Section\n", ""))
    assert len(problems) == 1 and problems[0].startswith("heading mismatch at en.md:8")


def test_changed_equation():
    problems = diff(KO.replace("a = b + c", "a = b - c"))
    assert any(p.startswith("equation mismatch at en.md:10 vs ko.md:10") for p in problems)


def test_equation_inside_admonition_is_compared():
    assert any("equation mismatch" in p for p in diff(KO.replace("e = mc^2", "e = m")))


def test_edited_code_cell():
    problems = diff(KO.replace("print(x)", "print(x + 1)"))
    assert len(problems) == 1 and problems[0].startswith("code cell mismatch")


def test_missing_figure_and_admonition_class():
    assert any("figure mismatch" in p for p in diff(KO.replace("figures/x.svg", "figures/y.svg")))
    assert any("admonition mismatch" in p for p in diff(KO.replace(":class: exercise", ":class: note")))


def test_strip_comments_keeps_strings():
    assert strip_comments('s = "# not a comment"  # comment\n# only\n') == 's = "# not a comment"'


def test_section_headings_are_top_level_with_plain_text():
    from booktools.translation.parity import section_headings
    text = ("---\nkernelspec: {name: python3}\n---\n# The {term}`step size <step-size>` and $\\eta$\n\n"
            ":::{admonition} Note\n## Not a section\n:::\n\n## Shapes of `nn.RNN`\n")
    assert [(h.level, h.text, h.line) for h in section_headings(text)] == [
        (1, "The step size and \\eta", 4), (2, "Shapes of nn.RNN", 10)]


def test_heading_pairs_leave_the_difference_unpaired():
    from booktools.translation.parity import Heading, heading_pairs
    en = [Heading(1, "A", 1), Heading(2, "B", 3), Heading(2, "C", 5), Heading(3, "D", 7)]
    ko = [Heading(1, "가", 1), Heading(2, "나", 3), Heading(3, "라", 5)]
    assert heading_pairs(en, ko) == {0: 0, 1: 1, 2: 3}


def test_anchor_ids_from_english_headings_are_unique():
    from booktools.ext.shared_anchors import anchor_ids
    assert anchor_ids(["The output size formula", "Exercises", "Exercises", "$\\sqrt{n}$?", "한국어"]) == [
        "the-output-size-formula", "exercises", "exercises-2", "sqrt-n", "section"]
