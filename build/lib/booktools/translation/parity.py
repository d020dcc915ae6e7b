"""Structural parity of an English page and its Korean translation.

Both pages must have the same headings (levels, in order), display equations (same
LaTeX), figures (same files), admonitions/exercises (same directive and classes) and code
cells (same code once `#` comments are removed; the lab cell tagged `lang` may differ).
Differences are reported with `file:line` on both sides.
"""
from __future__ import annotations

import difflib
import io
import re
import tokenize
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

KINDS = ("heading", "equation", "figure", "admonition", "code cell")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")
RAW_BODY = {"code-cell", "code", "code-block", "math", "glossary-index", "translation-status", "tableofcontents"}
EXEMPT_TAG = "lang"


@dataclass(frozen=True)
class Element:
    kind: str
    key: str     # what must be equal between the languages
    line: int    # 1-based line in its file
    label: str   # short human description


@lru_cache(maxsize=1)
def _parser():
    config = MdParserConfig(enable_extensions={"dollarmath", "colon_fence", "amsmath", "deflist", "substitution"})
    return create_md_parser(config, RendererHTML)


def _split_options(body: str) -> tuple[dict, str, int]:
    """Directive options (`:key: value` lines or a `---` YAML block) and the remaining body."""
    lines = body.split("\n")
    options, i = {}, 0
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), None)
        if end is not None:
            import yaml
            options = yaml.safe_load("\n".join(lines[1:end])) or {}
            i = end + 1
    else:
        while i < len(lines) and re.match(r"^:[\w-]+:", lines[i]):
            key, _, value = lines[i][1:].partition(":")
            options[key] = value.strip()
            i += 1
    return options, "\n".join(lines[i:]), i


def _tags(options: dict) -> set:
    tags = options.get("tags", [])
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.strip("[]").split(",")]
    return {str(t).strip() for t in tags}


def strip_comments(code: str) -> str:
    """Code without `#` comments and trailing blanks, so translated comments don't count."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code.strip()
    lines = code.split("\n")
    for tok in reversed(tokens):
        if tok.type == tokenize.COMMENT:
            row, col = tok.start
            lines[row - 1] = lines[row - 1][:col]
    return "\n".join(line.rstrip() for line in lines if line.strip())


def elements(text: str, offset: int = 0) -> list[Element]:
    found: list[Element] = []
    for tok in _parser().parse(text):
        if tok.map is None:
            continue
        line = tok.map[0] + 1 + offset
        if tok.type == "heading_open":
            found.append(Element("heading", tok.tag, line, f"{'#' * int(tok.tag[1])} heading"))
        elif tok.type in ("math_block", "math_block_label", "amsmath"):
            latex = " ".join(tok.content.split())
            found.append(Element("equation", latex, line, f"$$ {latex[:40]} $$"))
        elif tok.type in ("fence", "colon_fence"):
            match = DIRECTIVE.match(tok.info.strip())
            if not match:
                continue
            name, arg = match["name"], match["arg"].strip()
            options, body, body_start = _split_options(tok.content)
            if name == "code-cell":
                if EXEMPT_TAG in _tags(options):
                    continue
                found.append(Element("code cell", strip_comments(body), line, "code cell"))
                continue
            if name == "figure":
                found.append(Element("figure", arg, line, f"figure {arg}"))
            elif name in ("admonition", "note", "tip", "warning", "important", "caution", "hint",
                          "seealso", "attention", "danger", "error", "dropdown"):
                classes = " ".join(sorted(str(options.get("class", "")).split()))
                found.append(Element("admonition", f"{name}[{classes}]", line, f"{{{name}}} {classes}".strip()))
            if name not in RAW_BODY:
                # +1 for the opening fence line itself
                found.extend(elements(body, offset=line + body_start))
    return found


def compare(en_path: Path, ko_path: Path, *, en_text: str | None = None, ko_text: str | None = None) -> list[str]:
    """Human-readable differences; empty when the pages are structurally parallel."""
    en = elements(en_text if en_text is not None else en_path.read_text(encoding="utf-8"))
    ko = elements(ko_text if ko_text is not None else ko_path.read_text(encoding="utf-8"))
    problems = []
    for kind in KINDS:
        a = [e for e in en if e.kind == kind]
        b = [e for e in ko if e.kind == kind]
        matcher = difflib.SequenceMatcher(a=[e.key for e in a], b=[e.key for e in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            left = ", ".join(f"{en_path}:{e.line} ({e.label})" for e in a[i1:i2]) or "nothing"
            right = ", ".join(f"{ko_path}:{e.line} ({e.label})" for e in b[j1:j2]) or "nothing"
            where_en = f"{en_path}:{a[i1].line}" if i1 < len(a) else str(en_path)
            where_ko = f"{ko_path}:{b[j1].line}" if j1 < len(b) else str(ko_path)
            problems.append(f"{kind} mismatch at {where_en} vs {where_ko}: English has {left}; "
                            f"Korean has {right}")
    return problems
