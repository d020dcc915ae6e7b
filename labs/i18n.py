"""Plot labels in the page's language.

Lab pages share their code cells between English and Korean; the only difference is the
first cell, `LANG = "en"` or `LANG = "ko"`. Each lab module keeps a `LABELS` table
`{key: {"en": ..., "ko": ...}}` and the page asks `labels(module.LABELS, LANG)[key]`.
Names shared by several labs (the CIFAR-10 classes) live here, once.
"""
from __future__ import annotations

LANGS = ("en", "ko")

# CIFAR-10's class names in both languages (the digits' names "0".."9" need no translation)
CLASS_LABELS = {
    f"class:{en}": {"en": en, "ko": ko}
    for en, ko in (("airplane", "비행기"), ("automobile", "자동차"), ("bird", "새"), ("cat", "고양이"),
                   ("deer", "사슴"), ("dog", "개"), ("frog", "개구리"), ("horse", "말"), ("ship", "배"),
                   ("truck", "트럭"))
}


def class_names(classes, L: dict) -> list[str]:
    """The classes' names in the page's language (unknown names are shown as they are)."""
    return [L.get(f"class:{c}", str(c)) for c in classes]


def labels(table: dict, lang: str) -> dict:
    if lang not in LANGS:
        raise ValueError(f"LANG must be one of {LANGS}, not {lang!r}")
    missing = [key for key, forms in table.items() if lang not in forms]
    if missing:
        raise KeyError(f"labels {missing} have no {lang!r} text; add it to the lab's LABELS table")
    return {key: forms[lang] for key, forms in table.items()}
