"""Load and validate `glossary.yml`, keeping the line of every entry for error messages.

Every problem becomes a `GlossaryError` naming `file:line` and the fix.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import paths
from .schema import ALLOWED, DEFINITION_LANGS, ID_PATTERN, REQUIRED


class GlossaryError(Exception):
    """A problem in glossary.yml; the message names file:line and the fix."""


@dataclass(frozen=True)
class Term:
    id: str
    en: str
    ko: str
    definition: dict
    line: int
    abbr: str | None = None
    keep_english: bool = False
    accepted: dict = field(default_factory=dict)
    discouraged: dict = field(default_factory=dict)
    related: tuple = ()

    def text(self, lang: str) -> str:
        """The form written in running text of `lang`."""
        if lang == "ko":
            return self.en if self.keep_english else self.ko
        return self.en

    @property
    def anchor(self) -> str:
        return f"term-{self.id}"


class Glossary:
    def __init__(self, terms: list[Term], path: Path):
        self.path = path
        self.terms = terms
        self.by_id = {t.id: t for t in terms}

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, term_id: str) -> bool:
        return term_id in self.by_id

    def get(self, term_id: str) -> Term:
        try:
            return self.by_id[term_id]
        except KeyError:
            raise KeyError(f"unknown glossary term {term_id!r}; {self.suggest(term_id)}") from None

    def suggest(self, term_id: str) -> str:
        close = difflib.get_close_matches(term_id, self.by_id, n=3, cutoff=0.5)
        if close:
            return "did you mean " + ", ".join(repr(c) for c in close) + "?"
        return f"add it to {self.path.name} or use an existing id"


def _fail(path: Path, line: int, message: str) -> GlossaryError:
    return GlossaryError(f"{path}:{line}: {message}")


def _line_of(node) -> int:
    return node.start_mark.line + 1


def _check_forms(path, entry_line, node_map, key, value) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _fail(path, node_map.get(key, entry_line), f"`{key}` must map each form to a short reason, "
                    f"e.g. `{key}: {{초모수: 정착하지 않은 한자어}}`")
    for form, reason in value.items():
        if not reason.strip():
            raise _fail(path, node_map.get(key, entry_line), f"`{key}` form {form!r} needs a reason")
    return value


def parse_glossary(text: str, path: Path) -> Glossary:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise _fail(path, line, f"malformed YAML ({getattr(exc, 'problem', exc)}); "
                    "check indentation and quote values containing ':' or '#'") from None
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise _fail(path, 1, "the file must be a mapping with a `terms:` list of entries")
    terms_node = next(v for k, v in root.value if k.value == "terms")
    terms: list[Term] = []
    seen_id: dict[str, int] = {}
    seen_en: dict[str, int] = {}
    seen_ko: dict[str, int] = {}
    for entry, node in zip(data["terms"], terms_node.value):
        line = _line_of(node)
        if not isinstance(entry, dict):
            raise _fail(path, line, "each entry must be a mapping with id, en, ko and definition")
        key_lines = {k.value: _line_of(k) for k, _ in node.value}
        unknown = sorted(set(entry) - set(ALLOWED))
        if unknown:
            bad = unknown[0]
            raise _fail(path, key_lines[bad], f"unknown key `{bad}`; allowed keys: {', '.join(ALLOWED)}")
        missing = [k for k in REQUIRED if not entry.get(k)]
        if missing:
            raise _fail(path, line, f"entry {entry.get('id', '?')!r} is missing required "
                        f"field(s): {', '.join(missing)}")
        tid = entry["id"]
        if not isinstance(tid, str) or not ID_PATTERN.match(tid):
            raise _fail(path, key_lines["id"], f"id {tid!r} must be lowercase ASCII words joined by hyphens, "
                        "e.g. `gradient-descent`")
        for key in ("en", "ko"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise _fail(path, key_lines[key], f"`{key}` of {tid!r} must be a non-empty string")
        definition = entry["definition"]
        if not isinstance(definition, dict) or any(not definition.get(l) for l in DEFINITION_LANGS):
            raise _fail(path, key_lines["definition"], f"`definition` of {tid!r} needs one sentence in "
                        "each language: `definition: {en: ..., ko: ...}`")
        if set(definition) - set(DEFINITION_LANGS):
            raise _fail(path, key_lines["definition"], f"`definition` of {tid!r} may only have keys en and ko")
        for seen, value, what in ((seen_id, tid, "id"), (seen_en, entry["en"].lower(), "English term"),
                                  (seen_ko, entry["ko"], "Korean term")):
            if value in seen:
                raise _fail(path, line, f"duplicate {what} {value!r} (first defined at line {seen[value]}); "
                            "merge the two entries or make the forms distinct")
            seen[value] = line
        accepted = _check_forms(path, line, key_lines, "accepted", entry.get("accepted"))
        discouraged = _check_forms(path, line, key_lines, "discouraged", entry.get("discouraged"))
        related = entry.get("related") or []
        if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
            raise _fail(path, key_lines.get("related", line), f"`related` of {tid!r} must be a list of ids")
        keep = entry.get("keep_english", False)
        if not isinstance(keep, bool):
            raise _fail(path, key_lines["keep_english"], f"`keep_english` of {tid!r} must be true or false")
        terms.append(Term(id=tid, en=entry["en"], ko=entry["ko"], definition=definition, line=line,
                          abbr=entry.get("abbr"), keep_english=keep, accepted=accepted,
                          discouraged=discouraged, related=tuple(related)))
    glossary = Glossary(terms, path)
    canonical = {t.ko: t for t in terms}
    for term in terms:
        for form in term.discouraged:
            if form in canonical:
                raise _fail(path, term.line, f"{term.id!r} discourages {form!r}, which is the canonical Korean "
                            f"term of {canonical[form].id!r} (line {canonical[form].line}); remove it from "
                            "`discouraged` or rename the other entry")
            if form == term.ko or form in term.accepted:
                raise _fail(path, term.line, f"{term.id!r} lists {form!r} as discouraged and as canonical or "
                            "accepted; keep it in one place only")
        for rel in term.related:
            if rel not in glossary:
                raise _fail(path, term.line, f"{term.id!r} relates to unknown id {rel!r}; "
                            f"{glossary.suggest(rel)}")
    return glossary


def load_glossary(path: Path | None = None) -> Glossary:
    path = Path(path or paths.GLOSSARY)
    if not path.exists():
        raise GlossaryError(f"{path}:1: glossary file not found; create it with a `terms:` list")
    return _cached(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _cached(path: Path, _mtime: int) -> Glossary:
    return parse_glossary(path.read_text(encoding="utf-8"), path)
