"""The schema of one `glossary.yml` entry.

    terms:
      - id: gradient-descent          # required, stable: lowercase ASCII, digits, hyphens
        en: gradient descent           # required: the English term (as written mid-sentence)
        ko: 경사 하강법                  # required: the one canonical Korean term
        abbr: GD                       # optional abbreviation
        keep_english: false            # optional: Korean text writes the English form (ReLU, LSTM)
        accepted:                      # optional: other forms that are fine, each with a reason
          경사하강법: 붙여 쓰기도 널리 쓰인다
        discouraged:                   # optional: forms to avoid in Korean text, each with a reason
          그래디언트 디센트: 음차보다 번역어가 정착했다
        definition:                    # required: one sentence in each language
          en: An iterative method that ...
          ko: 손실의 기울기 반대 방향으로 ...
        related: [gradient, learning-rate]   # optional: ids of related entries
"""
import re

REQUIRED = ("id", "en", "ko", "definition")
OPTIONAL = ("abbr", "keep_english", "accepted", "discouraged", "related")
ALLOWED = REQUIRED + OPTIONAL
DEFINITION_LANGS = ("en", "ko")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
