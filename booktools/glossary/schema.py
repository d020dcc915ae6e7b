"""The schema of one `glossary.yml` entry.

    terms:
      - id: gradient-descent          # required, stable: lowercase ASCII, digits, hyphens
        en: gradient descent           # required: the English term (as written mid-sentence)
        ko: 경사 하강법                  # required: the one canonical Korean term (for a keep_english
                                       #   name, optional: a Korean gloss such as 장단기 메모리)
        abbr: GD                       # optional abbreviation
        keep_english: false            # optional: Korean text writes the English form (ReLU, LSTM),
                                       #   and the Korean glossary shows it as the headword
        accepted:                      # optional: other forms that are fine, each with a reason
          경사하강법: 붙여 쓰기도 널리 쓰인다
        not_in_this_book:              # optional: forms correct elsewhere that this book does not
          경사하강: 다른 책에서 쓰지만 이 책은 '경사 하강법'으로 통일한다   #   use, each with a reason
        discouraged:                   # optional: forms to avoid in Korean text, each with a reason
          그래디언트 디센트: 음차보다 번역어가 정착했다
        context_rules:                 # optional: regular expressions that match a wrong use in
          '학습시[키켜킨킬]': train은 '훈련'으로 쓴다   #   context (a verb form), each with a reason
        definition:                    # required: one sentence in each language
          en: An iterative method that ...
          ko: 손실의 기울기 반대 방향으로 ...
        related: [gradient, learning-rate]   # optional: ids of related entries
"""
import re

REQUIRED = ("id", "en", "ko", "definition")
REQUIRED_UNLESS_KEEP_ENGLISH = ("ko",)
OPTIONAL = ("abbr", "keep_english", "accepted", "not_in_this_book", "discouraged", "context_rules", "related")
# Lint categories: glossary key -> how the lint names the problem.
LINTED_FORMS = {"not_in_this_book": "is not used in this book", "discouraged": "is discouraged"}
ALLOWED = REQUIRED + OPTIONAL
DEFINITION_LANGS = ("en", "ko")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
