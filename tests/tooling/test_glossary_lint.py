"""Lint of Korean pages: discouraged forms in prose, ignoring code and math; emphasis pitfall."""
from pathlib import Path

from booktools.glossary.lint import lint_korean_text
from booktools.glossary.load import parse_glossary

GLOSSARY = parse_glossary("""\
terms:
  - id: hyperparameter
    en: hyperparameter
    ko: 하이퍼파라미터
    discouraged: {초모수: 정착하지 않은 번역어}
    definition: {en: A setting chosen before training., ko: 훈련 전에 정하는 설정값이다.}
""", Path("glossary.yml"))


def lint(text):
    return lint_korean_text(text, Path("page.md"), GLOSSARY)


def test_discouraged_form_in_prose_is_reported_with_line_and_fix():
    hits = lint("# 제목\n\n좋은 초모수를 고른다.\n")
    assert len(hits) == 1
    assert str(hits[0]).startswith("page.md:3:") and "'하이퍼파라미터'" in str(hits[0])


def test_code_math_roles_and_links_are_ignored():
    text = ("# 제목\n\n```{code-cell} ipython3\n초모수 = 3\n```\n\n$$\n\\text{초모수}\n$$\n\n"
            "인라인 `초모수` 와 $초모수$ 그리고 {term}`초모수` 와 [링크](초모수.md).\n")
    assert lint(text) == []


def test_word_inside_a_longer_word_is_not_a_hit():
    assert lint("# 제목\n\n가초모수\n") == []


def test_emphasis_before_particle():
    hits = lint("# 제목\n\n**최적화(optimization)**에 대해\n\n**최적화**에 대해\n")
    assert [h.line for h in hits] == [3]
