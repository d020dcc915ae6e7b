"""Plot labels in the page's language.

Lab pages share their code cells between English and Korean; the only difference is the
first cell, `LANG = "en"` or `LANG = "ko"`. Each lab module keeps a `LABELS` table
`{key: {"en": ..., "ko": ...}}` and the page asks `labels(module.LABELS, LANG)[key]`.
"""
from __future__ import annotations

LANGS = ("en", "ko")


def labels(table: dict, lang: str) -> dict:
    if lang not in LANGS:
        raise ValueError(f"LANG must be one of {LANGS}, not {lang!r}")
    missing = [key for key, forms in table.items() if lang not in forms]
    if missing:
        raise KeyError(f"labels {missing} have no {lang!r} text; add it to the lab's LABELS table")
    return {key: forms[lang] for key, forms in table.items()}
