"""Sort orders of the glossary: English A–Z, Korean 가나다 with initial-consonant groups."""
from __future__ import annotations

CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
# Index headings merge the doubled consonants into their plain ones, as Korean dictionaries do.
INDEX_GROUP = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3


def initial_consonant(text: str) -> str:
    """ㄱ for 가중치, ㅅ for 손실; Latin letters for terms starting with one (A–Z)."""
    ch = text.strip()[0]
    code = ord(ch)
    if HANGUL_FIRST <= code <= HANGUL_LAST:
        cho = CHOSEONG[(code - HANGUL_FIRST) // 588]
        return INDEX_GROUP.get(cho, cho)
    return ch.upper() if ch.isalpha() else "#"


def korean_key(text: str) -> tuple:
    """Hangul first in 가나다 order (Unicode order of syllables is 가나다 order), then Latin."""
    first = text.strip()[0]
    is_hangul = HANGUL_FIRST <= ord(first) <= HANGUL_LAST
    return (0 if is_hangul else 1, text.lower())


def sort_terms(terms, lang: str) -> list:
    if lang == "ko":
        return sorted(terms, key=lambda t: korean_key(t.ko))
    return sorted(terms, key=lambda t: t.en.lower())
