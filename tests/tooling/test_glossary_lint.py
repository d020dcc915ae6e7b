"""Lint of Korean pages: discouraged forms in prose, ignoring code and math; emphasis pitfall."""
from pathlib import Path

from booktools.glossary.lint import lint_korean_text
from booktools.glossary.load import load_glossary, parse_glossary

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


RULES = parse_glossary("""\
terms:
  - id: gradient
    en: gradient
    ko: 그래디언트
    not_in_this_book: {그레이디언트: 이 책은 '그래디언트'로 통일한다}
    definition: {en: Partial derivatives., ko: 편미분의 벡터이다.}
  - id: training
    en: training
    ko: 훈련
    context_rules: {'학습시[키켜킨킬]': train은 '훈련'으로 쓴다}
    definition: {en: Fitting parameters., ko: 파라미터를 맞추는 일이다.}
  - id: cifar-10
    en: CIFAR-10
    keep_english: true
    discouraged: {사이파-10: 아무도 쓰지 않는 조어}
    definition: {en: A data set., ko: 데이터셋이다.}
  - id: percentage-point
    en: percentage point
    ko: 퍼센트포인트
    not_in_this_book: {"%p": 약어}
    definition: {en: A difference of percentages., ko: 백분율의 차이이다.}
""", Path("glossary.yml"))


def rule_hits(text, path="page.md"):
    return [str(h) for h in lint_korean_text(text, Path(path), RULES)]


def test_form_not_used_in_this_book_names_line_and_canonical_form():
    assert rule_hits("# 제목\n\n손실의 그레이디언트를 구한다.\n") == [
        ("page.md:3: '그레이디언트' is not used in this book (이 책은 '그래디언트'로 통일한다); "
        "write '그래디언트' or {term}`gradient`")]


def test_context_rule_for_train_names_line_and_canonical_form():
    hits = rule_hits("# 제목\n\n모델을 학습시킨다.\n\n모델이 가중치를 학습한다.\n")
    assert hits == [("page.md:3: '학습시킨' is a wrong use in context (train은 '훈련'으로 쓴다); "
                    "write '훈련' or {term}`training`")]


def test_coined_headword_of_a_name_kept_in_english():
    hits = rule_hits("# 제목\n\n사이파-10 데이터셋을 쓴다.\n")
    assert hits == [("page.md:3: '사이파-10' is discouraged (아무도 쓰지 않는 조어); "
                    "write the English name 'CIFAR-10' or {term}`cifar-10`")]


def test_latin_form_must_end_as_a_word():
    assert len(rule_hits("# 제목\n\n정확도가 3%p 올랐다.\n")) == 1
    assert rule_hits("# 제목\n\n3%pt 올랐다.\n") == []


def test_citation_style_outside_the_reference_list():
    text = ("# 제목\n\nGoyal et al. (2017)은 이렇게 했다. Sutskever 등(2013)도 그랬다.\n\n"
            "(Cover and Hart, 1967)과 Robbins and Monro (1951)를 보라(Duchi 등, 2011).\n\n"
            "Glorot와 Bengio(2010), Goyal 외(2017), (Johnson 외, 2019)는 맞는 형태다.\n\n"
            "## 참고 문헌\n\n- Goyal, P., Dollár, P., et al. (2017). Accurate, large minibatch SGD.\n")
    hits = lint_korean_text(text, Path("page.md"), RULES)
    assert sorted({h.line for h in hits}) == [3, 5]
    assert all("citation style" in h.message for h in hits)
    assert len(hits) == 5  # line 3: et al., 등(2013); line 5: 등, 2011 / and / space before (1951)


def test_korean_strings_of_python_files_are_linted():
    from booktools.glossary.lint import lint_korean_python
    code = ('LABELS = {"en": "gradient norm",\n'
            '          "ko": "그레이디언트 노름"}  # 축 이름\n'
            'print("사이파-10")\n'
            'gradient = 1  # 그래디언트\n')
    hits = [str(h) for h in lint_korean_python(code, Path("labs/plot.py"), RULES)]
    assert [h.split(": ")[0] for h in hits] == ["labs/plot.py:2", "labs/plot.py:3"]
    assert "write '그래디언트'" in hits[0] and "write the English name 'CIFAR-10'" in hits[1]


def test_korean_strings_of_the_message_catalogs_are_linted():
    from booktools.check import korean_sources
    from booktools.ext.messages import catalog_path
    from booktools.glossary.lint import lint_korean_pages

    assert catalog_path("ko") in korean_sources(), "make check lints the site's Korean interface words"
    po = Path("booktools.po")
    text = 'msgid "Gradient norm"\nmsgstr "그레이디언트 노름"\n'
    hits = [str(h) for h in lint_korean_text(text, po, RULES)]
    assert [h.split(": ")[0] for h in hits] == ["booktools.po:2"] and "write '그래디언트'" in hits[0]
    assert lint_korean_pages([catalog_path("ko")], load_glossary()) == []
