"""MyST -> plain Markdown for the generated notebooks (booktools/notebook_markdown.py)."""
import pytest

from booktools.notebook_markdown import MystError, convert, leftover_myst

SITE = "https://someone.github.io/dl-book/ko/"


class FakeSite:
    lang = "ko"

    def __init__(self):
        self.seen = set()

    def term(self, term_id, text):
        shown = text or {"k-nearest-neighbors": "k-최근접 이웃"}.get(term_id, term_id)
        if term_id not in self.seen:
            shown += "(k-nearest neighbors)" if term_id == "k-nearest-neighbors" else ""
        self.seen.add(term_id)
        return shown, f"{SITE}glossary.html#term-{term_id}"

    def ref(self, kind, target, text):
        return (text or "그림 %s").replace("%s", "3"), f"{SITE}notes/x.html#{target}"

    def link(self, url):
        path, _, anchor = url.partition("#")
        return f"{SITE}notes/{path.rsplit('/', 1)[-1].replace('.md', '.html')}" + (f"#{anchor}" if anchor else "")

    def image(self, path):
        return f"{SITE}_images/{path.rsplit('/', 1)[-1]}"

    def figure_label(self, name):
        return "그림 3"

    def admonition_title(self, name):
        return {"note": "참고"}[name]


PAGE = """(sec-knn)=
## 준비

{term}`k-nearest-neighbors`를 쓰고 다시 {term}`k-nearest-neighbors`를 쓴다. [이미지
분류](../notes/image-classification.md#top) 노트와 {numref}`fig-a`, {term}`보이는 글자
<hyperparameter>`.

`{term}` 은 코드라서 그대로 둔다. 수식 $a_{k}$와

$$
d = \\sqrt{\\sum_p (a_p - b_p)^2}
$$

```python
print("{term}`x`")
```

::::{admonition} 연습 문제 1
:class: exercise

$f(x)$를 구하라.

:::{admonition} 풀이
:class: dropdown solution

답은 {term}`k-nearest-neighbors`이다.
:::
::::

:::{note}
참고 내용.
:::

:::{figure} figures/a.svg
:alt: 세 개의 [그래프]
:name: fig-a
:width: 100%

캡션이다.
:::
"""


def test_page_converts_to_plain_markdown():
    out = convert(PAGE, FakeSite(), "book/ko/labs/knn.md")
    assert leftover_myst(out) == []
    assert "[k-최근접 이웃(k-nearest neighbors)](https://someone.github.io/dl-book/ko/glossary.html" \
           "#term-k-nearest-neighbors)를 쓰고 다시 [k-최근접 이웃](" in out
    assert "[이미지\n분류](https://someone.github.io/dl-book/ko/notes/image-classification.html#top)" in out
    assert "[그림 3](https://someone.github.io/dl-book/ko/notes/x.html#fig-a)" in out
    assert "[보이는 글자](https://someone.github.io/dl-book/ko/glossary.html#term-hyperparameter)" in out
    assert "`{term}` 은 코드라서" in out and 'print("{term}`x`")' in out
    assert "$$\nd = \\sqrt{\\sum_p (a_p - b_p)^2}\n$$" in out and "$a_{k}$" in out
    assert "> **연습 문제 1**" in out and "> <details class=\"book-solution\"><summary>풀이</summary>" in out and "> </details>" in out
    assert "> **참고**\n>\n> 참고 내용." in out
    assert "![세 개의 (그래프)](https://someone.github.io/dl-book/ko/_images/a.svg)\n\n**그림 3.** 캡션이다." in out
    assert "(sec-knn)=" not in out


def test_unknown_directive_and_role_are_errors_naming_the_page():
    with pytest.raises(MystError, match=r"book/en/x.md: the directive \{mermaid\}"):
        convert(":::{mermaid}\ngraph\n:::\n", FakeSite(), "book/en/x.md")
    with pytest.raises(MystError, match=r"book/en/x.md: the role \{eq\}"):
        convert("See {eq}`e1`.\n", FakeSite(), "book/en/x.md")
    with pytest.raises(MystError, match="never closed"):
        convert(":::{note}\nopen\n", FakeSite(), "book/en/x.md")


@pytest.mark.parametrize("bad", ["{term}`x`", "{numref}`fig`", ":::{note}\nx\n:::", "```{figure} a.png\n```",
                                 "(label)=", "[a](../notes/x.md)", "[a](x.html)", '<img src="a.png">'])
def test_leftover_scan_finds_myst_and_relative_links(bad):
    assert leftover_myst(f"Text\n\n{bad}\n") != []


def test_leftover_scan_ignores_code_and_math():
    assert leftover_myst("`{term}`\n\n```\n{term}`x` [a](b.md)\n```\n\n$[a](b)$\n[a](https://x/y.md)\n") == []
