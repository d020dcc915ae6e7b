"""Where things live in the repository (one place, so no module guesses)."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CONFIG = ROOT / "_config.yml"
GLOSSARY = ROOT / "glossary.yml"
BUILD = Path(os.environ.get("BOOK_BUILD_DIR") or ROOT / "_build")  # override to build elsewhere
SITE = BUILD / "site"
LANGUAGES = ("en", "ko")


def source_dir(lang: str) -> Path:
    return BOOK / lang


def other_language(lang: str) -> str:
    return "ko" if lang == "en" else "en"
