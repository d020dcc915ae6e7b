"""MyST Markdown of a notebook page -> plain Markdown that Jupyter, Colab and Binder render.

A notebook leaves the site, so nothing in it may need Sphinx:

- glossary roles become the text the page shows, linked to the entry on the published glossary;
- `{numref}`, `{ref}`, `{doc}` and relative links become absolute links to the published pages;
- figures become images (absolute URL, alt text) with their numbered caption;
- admonitions become block quotes, dropdowns become `<details>` (solutions stay folded; a
  dropdown of class `solution` becomes `<details class="book-solution">`, which student
  notebooks leave out);
- `{literalinclude}` becomes a fenced listing of the included file or `:pyobject:`;
- `(label)=` targets are dropped; math and code are left alone.

Anything else written in MyST syntax is an error naming the page and the construct, so a new
construct cannot leak into the notebooks unnoticed. The Sphinx side (what a label, a figure or
a page is called and where it is published, what an admonition is called in the page's
language) comes in through `Resolver`.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Protocol

EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")
FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>:{3,}|`{3,}|~{3,})\{(?P<name>[\w-]+)\}\s*(?P<arg>.*)$")
PLAIN_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
TARGET = re.compile(r"^\s*\((?P<label>[^()\s]+)\)=\s*$")
ROLE_OR_CODE = re.compile(r"\{(?P<name>[a-z][\w:-]*)\}`(?P<body>[^`]+)`|(?P<code>(?P<ticks>`+)[^`].*?(?<!`)(?P=ticks)(?!`))", re.DOTALL)
ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)

# Admonitions with a title of their own (the Resolver names it in the page's language).
ADMONITIONS = ("note", "tip", "warning", "important", "hint", "caution", "attention", "danger", "error", "seealso")


class MystError(ValueError):
    """MyST syntax the notebook conversion does not know; names the page and the construct."""


class Resolver(Protocol):
    lang: str

    def term(self, term_id: str, text: str | None) -> tuple[str, str]:
        """(text shown, absolute URL of the glossary entry); tracks first use on the page."""

    def ref(self, kind: str, target: str, text: str | None) -> tuple[str, str]:
        """(link text, absolute URL) of a `{numref}`, `{ref}` or `{doc}` target."""

    def link(self, url: str) -> str:
        """Absolute URL of a link relative to the page (`../notes/x.md#a`, `#a`)."""

    def image(self, path: str) -> str:
        """Absolute URL of an image given relative to the page."""

    def admonition_title(self, name: str) -> str:
        """The title of an admonition without one of its own (`note` -> "Note" / "참고")."""

    def figure_label(self, name: str) -> str:
        """"Figure 3" / "그림 3" for a figure's `:name:` ("" if it has no number)."""


def _alt(text: str) -> str:
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def convert_inline(text: str, r: Resolver, where: str) -> str:
    """Roles and links in one line of prose; code spans are left alone."""
    spans: list[str] = []

    def token(match: re.Match) -> str:
        if match["code"] is not None:
            spans.append(match["code"])
            return f"\x00{len(spans) - 1}\x00"
        return _role(match["name"], match["body"], r, where)

    def link(match: re.Match) -> str:
        url = match["url"]
        if ABSOLUTE.match(url):
            return match.group(0)
        target = r.image(url) if match["bang"] else r.link(url)
        return f"{match['bang']}[{match['text']}]({target}{match['title'] or ''})"

    text = LINK.sub(link, ROLE_OR_CODE.sub(token, text))
    return re.sub("\x00(\\d+)\x00", lambda m: spans[int(m.group(1))], text)


def _role(name: str, body: str, r: Resolver, where: str) -> str:
    explicit = EXPLICIT.match(body)
    shown, target = (explicit["text"], explicit["target"].strip()) if explicit else (None, body.strip())
    if name == "term":
        label, url = r.term(target, shown)
    elif name in ("numref", "ref", "doc"):
        label, url = r.ref(name, target, shown)
    elif name == "math":
        return f"${body}$"
    else:
        raise MystError(f"{where}: the role {{{name}}} has no plain-Markdown form for notebooks; "
                        "use {term}, {numref}, {ref}, {doc} or a Markdown link")
    return f"[{label}]({url})"


def convert(source: str, r: Resolver, where: str) -> str:
    """A whole Markdown cell."""
    return "\n".join(_convert_lines(source.split("\n"), r, where))


def _convert_lines(lines: list[str], r: Resolver, where: str) -> list[str]:
    out: list[str] = []
    prose: list[str] = []  # consecutive prose lines: a role or link may span a line break

    def flush() -> None:
        if prose:
            out.extend(convert_inline("\n".join(prose), r, where).split("\n"))
            prose.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        plain = PLAIN_FENCE.match(line)
        opened = FENCE_OPEN.match(line)
        if opened:
            flush()
            end = _closing(lines, i, opened["fence"], where)
            out.extend(_directive(opened["name"], opened["arg"].strip(), lines[i + 1:end], r, where))
            i = end + 1
        elif plain:  # an ordinary code block: copied as is
            flush()
            end = _closing(lines, i, plain["fence"], where)
            out.extend(lines[i:end + 1])
            i = end + 1
        elif TARGET.match(line):
            flush()
            i += 1
        elif line.lstrip().startswith("$$"):  # display math: untouched
            flush()
            end = i if line.strip().endswith("$$") and line.strip() != "$$" else _math_end(lines, i)
            out.extend(lines[i:end + 1])
            i = end + 1
        elif not line.strip():
            flush()
            out.append(line)
            i += 1
        else:
            prose.append(line)
            i += 1
    flush()
    return out


def _math_end(lines: list[str], start: int) -> int:
    for j in range(start + 1, len(lines)):
        if lines[j].rstrip().endswith("$$"):
            return j
    return len(lines) - 1


def _closing(lines: list[str], start: int, fence: str, where: str) -> int:
    char = fence[0]
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        same = len(stripped) == len(fence) if char == ":" else len(stripped) >= len(fence)
        if stripped and set(stripped) == {char} and same:
            return j
    raise MystError(f"{where}: the block opened by {lines[start].strip()!r} is never closed")


def _options(body: list[str]) -> tuple[dict, list[str]]:
    options, i = {}, 0
    while i < len(body) and OPTION.match(body[i]):
        match = OPTION.match(body[i])
        options[match["key"]] = match["value"].strip()
        i += 1
    while i < len(body) and not body[i].strip():
        i += 1
    return options, body[i:]


def _directive(name: str, arg: str, body: list[str], r: Resolver, where: str) -> list[str]:
    options, content = _options(body)
    if name == "figure":
        if not options.get("alt"):
            raise MystError(f"{where}: figure {arg!r} has no :alt: text")
        caption = " ".join(_convert_lines(content, r, where)).strip()
        label = r.figure_label(options["name"]) if options.get("name") else ""
        lines = [f"![{_alt(options['alt'])}]({r.image(arg)})"]
        if caption or label:
            prefix = f"**{label}.** " if label else ""
            lines += ["", f"{prefix}{caption}".strip()]
        return lines
    if name == "admonition" or name in ADMONITIONS:
        title = convert_inline(arg, r, where) if name == "admonition" else r.admonition_title(name)
        if name != "admonition" and arg:  # `:::{note} Title` keeps its own title
            title = convert_inline(arg, r, where)
        inner = _convert_lines(content, r, where)
        classes = options.get("class", "").split()
        if "dropdown" in classes:
            css = ' class="book-solution"' if "solution" in classes else ""
            return [f"<details{css}><summary>{title}</summary>", "", *inner, "", "</details>"]
        quoted = [f"> {line}" if line.strip() else ">" for line in inner]
        return [f"> **{title}**", ">", *quoted]
    if name == "literalinclude":
        return listing(Path(where).parent / arg, options, where)
    raise MystError(f"{where}: the directive {{{name}}} has no plain-Markdown form for notebooks; "
                    "use an admonition, a figure or plain Markdown")


LISTING_OPTIONS = {"pyobject", "language"}


def listing(path: Path, options: dict, where: str) -> list[str]:
    """A `{literalinclude}` as a fenced code listing: the whole file, or the `:pyobject:` (a
    function or class, `Class.method` allowed) with its decorators, as Sphinx shows it."""
    unknown = set(options) - LISTING_OPTIONS
    if unknown:
        raise MystError(f"{where}: literalinclude option(s) {sorted(unknown)} have no notebook form; "
                        f"use only {sorted(LISTING_OPTIONS)}")
    if not path.is_file():
        raise MystError(f"{where}: literalinclude of {path}, which does not exist")
    text = path.read_text(encoding="utf-8")
    code = text.rstrip("\n")
    if options.get("pyobject"):
        nodes = ast.parse(text).body
        found = None
        for part in options["pyobject"].split("."):
            found = next((n for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                          and n.name == part), None)
            if found is None:
                raise MystError(f"{where}: literalinclude: {path.name} has no {options['pyobject']!r}")
            nodes = found.body
        first = min([found.lineno, *(d.lineno for d in found.decorator_list)])
        code = "\n".join(text.split("\n")[first - 1:found.end_lineno])
    language = options.get("language", "python" if path.suffix == ".py" else "")
    return [f"```{language}", *code.split("\n"), "```"]


# What must never be left in a generated notebook's Markdown (used by the tests).
LEFTOVER_MYST = [
    ("role", re.compile(r"\{[a-z][\w:-]*\}`")),
    ("directive", re.compile(r"^ {0,3}(?::{3,}|`{3,}|~{3,})\{", re.MULTILINE)),
    ("target", re.compile(r"^\s*\([^()\s]+\)=\s*$", re.MULTILINE)),
    ("relative link", re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|//)[^)]*\)", re.IGNORECASE)),
    ("relative src/href", re.compile(r"(?:src|href)=\"(?![a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)),
]


def leftover_myst(markdown: str) -> list[str]:
    """Names of MyST constructs or relative links found in `markdown` (empty when clean)."""
    text = re.sub(r"^ {0,3}(`{3,}|~{3,})[^\n{]*\n.*?^ {0,3}\1\s*$", "", markdown, flags=re.DOTALL | re.MULTILINE)
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.DOTALL)
    text = re.sub(r"(?<![\\$])\$[^$\n]+\$", "", text)
    found = [f"{name}: {m.group(0)!r}" for name, pattern in LEFTOVER_MYST[1:3] for m in pattern.finditer(text)]
    text = ROLE_OR_CODE.sub(lambda m: "" if m["code"] else m.group(0), text)
    return found + [f"{name}: {m.group(0)!r}" for name, pattern in LEFTOVER_MYST[:1] + LEFTOVER_MYST[3:]
                    for m in pattern.finditer(text)]
