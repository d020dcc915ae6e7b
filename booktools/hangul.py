"""The one definition of Hangul text (precomposed syllables, U+AC00–U+D7A3) for every tool."""
import re

FIRST, LAST = 0xAC00, 0xD7A3
RANGE = "\uac00-\ud7a3"          # for use inside a regex character class
HANGUL = re.compile(f"[{RANGE}]")


def is_hangul(char: str) -> bool:
    return FIRST <= ord(char) <= LAST
