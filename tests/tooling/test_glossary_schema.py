"""glossary.yml validation: every kind of error names the file, the line and the fix."""
from pathlib import Path

import pytest

from booktools.glossary.load import GlossaryError, load_glossary, parse_glossary
from booktools.glossary.order import initial_consonant, sort_terms

PATH = Path("glossary.yml")
GOOD = """\
terms:
  - id: gradient-descent
    en: gradient descent
    ko: 경사 하강법
    discouraged: {그래디언트 디센트: 음차}
    definition: {en: Step against the gradient., ko: 기울기 반대로 움직인다.}
    related: [learning-rate]
  - id: learning-rate
    en: learning rate
    ko: 학습률
    definition: {en: Step size., ko: 보폭이다.}
"""


def error_of(text: str) -> str:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, PATH)
    return str(info.value)


def test_valid_glossary_parses_with_lines():
    glossary = parse_glossary(GOOD, PATH)
    assert [t.id for t in glossary.terms] == ["gradient-descent", "learning-rate"]
    assert glossary.get("learning-rate").line == 8


def test_malformed_yaml_names_line():
    message = error_of(GOOD + "  - id: broken\n    en: [unclosed\n")
    assert message.startswith("glossary.yml:") and "malformed YAML" in message
    assert int(message.split(":")[1]) >= 13


def test_duplicate_id_names_both_lines():
    message = error_of(GOOD + GOOD.split("terms:\n")[1].replace("learning rate", "lr2").replace("학습률", "학습2")
                       .replace("gradient descent", "gd2").replace("경사 하강법", "경사2"))
    assert "duplicate id 'gradient-descent'" in message and "first defined at line 2" in message


def test_duplicate_korean_form():
    text = GOOD.replace("ko: 학습률", "ko: 경사 하강법")
    assert "duplicate Korean term '경사 하강법'" in error_of(text)


def test_duplicate_english_form_is_case_insensitive():
    text = GOOD.replace("en: learning rate", "en: Gradient Descent")
    assert "duplicate English term" in error_of(text)


def test_missing_required_field():
    text = GOOD.replace("    ko: 학습률\n", "")
    message = error_of(text)
    assert "glossary.yml:8:" in message and "missing required field(s): ko" in message


def test_unknown_key_names_its_line():
    text = GOOD.replace("    ko: 학습률\n", "    ko: 학습률\n    korean: 학습률\n")
    message = error_of(text)
    assert "glossary.yml:11:" in message and "unknown key `korean`" in message


def test_discouraged_equal_to_a_canonical_form():
    text = GOOD.replace("{그래디언트 디센트: 음차}", "{학습률: 충돌}")
    message = error_of(text)
    assert "canonical Korean term of 'learning-rate'" in message


def test_unknown_related_id_suggests():
    message = error_of(GOOD.replace("related: [learning-rate]", "related: [learning-rat]"))
    assert "unknown id 'learning-rat'" in message and "learning-rate" in message


def test_bad_id_format():
    assert "lowercase ASCII" in error_of(GOOD.replace("id: learning-rate", "id: Learning Rate"))


def test_definition_needs_both_languages():
    assert "one sentence in each language" in error_of(GOOD.replace(", ko: 보폭이다.", ""))


def test_sort_orders():
    glossary = parse_glossary(GOOD, PATH)
    assert [t.id for t in sort_terms(glossary.terms, "en")] == ["gradient-descent", "learning-rate"]
    assert [t.ko for t in sort_terms(glossary.terms, "ko")] == ["경사 하강법", "학습률"]
    assert [initial_consonant(w) for w in ("가중치", "까다로움", "손실", "학습률", "ReLU")] == ["ㄱ", "ㄱ", "ㅅ", "ㅎ", "R"]


def test_project_glossary_is_valid_and_large():
    glossary = load_glossary()
    assert len(glossary) >= 300
    rnn = glossary.get("recurrent-neural-network")
    assert rnn.ko == "순환 신경망" and "회귀신경망" in rnn.discouraged


KEEP = GOOD + """\
  - id: cifar-10
    en: CIFAR-10
    keep_english: true
    discouraged: {사이파-10: 아무도 쓰지 않는 조어}
    definition: {en: A data set., ko: 데이터셋이다.}
"""


def test_keep_english_name_needs_no_korean_form_and_heads_the_korean_glossary():
    glossary = parse_glossary(KEEP, PATH)
    cifar = glossary.get("cifar-10")
    assert cifar.ko is None and cifar.text("ko") == "CIFAR-10" and cifar.gloss("ko") is None
    assert [t.text("ko") for t in sort_terms(glossary.terms, "ko")] == ["경사 하강법", "학습률", "CIFAR-10"]


def test_korean_form_required_unless_kept_in_english():
    message = error_of(KEEP.replace("    keep_english: true\n", ""))
    assert message.startswith("glossary.yml:12:") and "missing required field(s): ko" in message


def test_not_in_this_book_and_context_rules_are_validated():
    ok = parse_glossary(GOOD.replace("    discouraged: {그래디언트 디센트: 음차}\n",
                                     "    not_in_this_book: {경사하강: 이 책은 쓰지 않는다}\n"
                                     "    context_rules: {'하강시[키켜]': 이 책은 쓰지 않는다}\n"), PATH)
    term = ok.get("gradient-descent")
    assert term.not_in_this_book == {"경사하강": "이 책은 쓰지 않는다"} and "하강시[키켜]" in term.context_rules
    bad = error_of(GOOD.replace("    discouraged: {그래디언트 디센트: 음차}\n",
                                "    context_rules: {'하강(시': 괄호가 닫히지 않았다}\n"))
    assert bad.startswith("glossary.yml:5:") and "not a valid regular expression" in bad
    twice = error_of(GOOD.replace("    discouraged: {그래디언트 디센트: 음차}\n",
                                  "    discouraged: {경사하강: 음차}\n    not_in_this_book: {경사하강: 안 쓴다}\n"))
    assert "keep it in one place only" in twice


def test_project_glossary_decisions_of_issue_18():
    glossary = load_glossary()
    assert "그레이디언트" in glossary.get("gradient").not_in_this_book
    assert (glossary.get("forward-pass").ko, glossary.get("forward-propagation").ko,
            glossary.get("backward-pass").ko) == ("순방향 계산", "순전파", "역방향 계산")
    for term_id in ("cifar-10", "mnist", "vggnet", "zfnet", "rmsprop", "adagrad", "argmax", "im2col",
                    "numpy", "pytorch", "tensorflow"):
        term = glossary.get(term_id)
        assert term.keep_english and term.text("ko") == term.en, term_id
    assert "애덤" in glossary.get("adam").accepted and "에폭" in glossary.get("epoch").accepted
    assert "렐루" in glossary.get("relu").accepted
    assert "보폭" in glossary.get("stride").not_in_this_book
    assert glossary.get("nat").ko == "내트" and glossary.get("cross-correlation").ko == "상호상관"
    assert glossary.get("penalty").ko == "페널티"
