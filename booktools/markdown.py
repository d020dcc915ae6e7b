"""The one reader of the book's MyST Markdown, used by parity, lint, status and the change lists.

`read(text)` parses a page once (markdown-it, with the book's MyST extensions) and returns:

* its front matter (`meta`) and the line where the body starts;
* its **blocks** in reading order, each with its kind, source text and lines: headings,
  paragraphs, list items, table rows, display equations, figures (alt text) and their captions,
  admonitions (title) and the blocks of their bodies, code cells and plain code blocks;
* its **links** (link, image and figure targets) with their lines.

Every block has a language-independent `key`: the heading level, the LaTeX of an equation,
a figure's file, an admonition's name and classes, a code cell's code without `#` comments.
Prose blocks have an empty key; their `text` is what a translator translates.
"""
from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)?---\n", re.DOTALL)
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")
ADMONITIONS = {"admonition", "note", "tip", "warning", "important", "caution", "hint", "seealso", "attention",
               "danger", "error", "dropdown"}
NO_BLOCKS = {"glossary-index", "translation-status", "tableofcontents"}   # generated content, nothing to translate
EXEMPT_TAG = "lang"    # the lab cell that sets the language differs on purpose

HEADING, PARAGRAPH, LIST_ITEM, TABLE_ROW = "heading", "paragraph", "list item", "table row"
EQUATION, FIGURE, CAPTION, ADMONITION, CODE_CELL, CODE = (
    "equation", "figure", "caption", "admonition", "code cell", "code")
PROSE = (HEADING, PARAGRAPH, LIST_ITEM, TABLE_ROW, CAPTION)
ANCHORS = (HEADING, EQUATION, FIGURE, ADMONITION, CODE_CELL, CODE)   # blocks with a key both languages share


class FrontMatterError(ValueError):
    pass


@dataclass(frozen=True)
class Block:
    kind: str
    text: str            # source text (inline Markdown for prose, LaTeX, code)
    line: int            # first line in the file, 1-based
    end: int             # last line in the file
    key: str = ""        # what must be equal in both languages ("" for prose)
    container: str = ""  # enclosing directive ("admonition", "figure") or ""

    @property
    def label(self) -> str:
        if self.kind == HEADING:
            return f"{'#' * int(self.key[1])} heading"
        if self.kind == EQUATION:
            return f"$$ {self.key[:40]} $$"
        if self.kind == FIGURE:
            return f"figure {self.key}"
        if self.kind == ADMONITION:
            return f"{{{self.key.split('[')[0]}}} {self.key.split('[')[1].rstrip(']')}".strip()
        return self.kind

    @property
    def lines(self) -> str:
        return f"{self.line}" if self.end == self.line else f"{self.line}-{self.end}"


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    image: bool


@dataclass
class Document:
    meta: dict
    body_line: int                       # line of the body's first line (after front matter)
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    source: list[str] = field(default_factory=list)   # the file's lines

    def prose_lines(self):
        """(line number, source line) of every line of prose, once, in order."""
        seen = set()
        for block in self.blocks:
            if block.kind in PROSE:
                for number in range(block.line, block.end + 1):
                    if number not in seen and self.source[number - 1].strip():
                        seen.add(number)
                        yield number, self.source[number - 1]


def split_front_matter(text: str, where: str = "<text>") -> tuple[dict, str, int]:
    """(front matter, body, line of the body's first line); a clear error for broken YAML."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text, 1
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"{where}:1: front matter is not valid YAML: {exc}; fix the YAML between "
                               f"the two '---' lines") from None
    if not isinstance(meta, dict):
        raise FrontMatterError(f"{where}:1: front matter must be a YAML mapping (key: value lines)")
    return meta, text[match.end():], text[:match.end()].count("\n") + 1


def join_front_matter(meta: dict, body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front}---\n{body}"


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


def read(text: str, where: str = "<text>") -> Document:
    text = text.replace("\r\n", "\n")
    meta, body, body_line = split_front_matter(text, where)
    doc = Document(meta, body_line, source=text.split("\n"))
    doc.blocks = _read_body(doc, body, body_line - 1, "")
    return doc


@lru_cache(maxsize=1)
def tokens(text: str) -> list:
    """markdown-it tokens of a MyST text, with the book's parser settings (for tools that need the
    token stream itself, such as the section pairing in translation.parity)."""
    return _parser().parse(text)


def _parser():
    config = MdParserConfig(enable_extensions={"dollarmath", "colon_fence", "amsmath", "deflist", "substitution"})
    return create_md_parser(config, RendererHTML)


def directive_options(body: str) -> tuple[dict, str, int]:
    """A directive's options (`:key: value` lines or a `---` YAML block), its remaining body, and
    how many lines the options took."""
    lines = body.split("\n")
    options, i = {}, 0
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), None)
        if end is not None:
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


def _read_body(doc: Document, text: str, offset: int, container: str) -> list[Block]:
    """The blocks of `text`, whose first line is line `offset + 1` of the file."""
    out: list[Block | None] = []
    items: list[list] = []         # open list items: [index in out, texts, first line, last line]
    heading = None                 # (tag) of an open heading
    in_row = False
    for tok in _parser().parse(text):
        first = tok.map[0] + 1 + offset if tok.map else None
        last = tok.map[1] + offset if tok.map else None
        if tok.type == "list_item_open":
            out.append(None)       # placeholder: an item comes before its nested items
            items.append([len(out) - 1, [], first, first])
        elif tok.type == "list_item_close":
            index, texts, line, end = items.pop()
            out[index] = Block(LIST_ITEM, "\n".join(texts), line, end, "", container)
        elif tok.type == "tr_open":
            in_row = True
            out.append(Block(TABLE_ROW, doc.source[first - 1].strip(), first, first, "", container))
        elif tok.type == "tr_close":
            in_row = False
        elif tok.type == "heading_open":
            heading = tok.tag
        elif tok.type == "inline":
            if first is not None:
                _note_links(doc, tok, first)
            if in_row:
                continue
            if heading:
                out.append(Block(HEADING, tok.content, first, last, heading, container))
                heading = None
            elif items:
                items[-1][1].append(tok.content)
                items[-1][3] = max(items[-1][3], last)
            else:
                out.append(Block(PARAGRAPH, tok.content, first, last, "", container))
        elif tok.type in ("math_block", "math_block_label", "amsmath"):
            latex = " ".join(tok.content.split())
            out.append(Block(EQUATION, tok.content.strip(), first, last, latex, container))
        elif tok.type in ("fence", "colon_fence"):
            out.extend(_read_fence(doc, tok, first, last, container))
    return [block for block in out if block is not None]


def _note_links(doc: Document, inline, line: int) -> None:
    for child in inline.children or []:
        if child.type == "softbreak":
            line += 1
        elif child.type == "link_open":
            doc.links.append(Link(str(child.attrGet("href") or ""), line, False))
        elif child.type == "image":
            doc.links.append(Link(str(child.attrGet("src") or ""), line, True))


def _read_fence(doc: Document, tok, first: int, last: int, container: str) -> list[Block]:
    match = DIRECTIVE.match(tok.info.strip())
    if not match:     # a plain code block
        language = tok.info.strip().split(" ")[0]
        code = tok.content.rstrip("\n")
        key = strip_comments(code) if language.startswith(("python", "ipython", "py")) else code.strip()
        return [Block(CODE, code, first, last, key, container)]
    name, arg = match["name"], match["arg"].strip()
    options, body, skipped = directive_options(tok.content)
    body_offset = first + skipped      # the body's first line is the file's line body_offset + 1
    if name in NO_BLOCKS:
        return []
    if name == "code-cell":
        if EXEMPT_TAG in _tags(options):
            return []
        code = body.rstrip("\n")
        return [Block(CODE_CELL, code, first, last, strip_comments(code), container)]
    if name in ("code", "code-block"):
        return [Block(CODE, body.rstrip("\n"), first, last, body.strip(), container)]
    if name == "math":
        return [Block(EQUATION, body.strip(), first, last, " ".join(body.split()), container)]
    if name in ("figure", "image"):
        doc.links.append(Link(arg, first, True))
        figure = Block(FIGURE, str(options.get("alt", "")), first, last, arg, container)
        caption = [Block(CAPTION, b.text, b.line, b.end, "", "figure") if b.kind == PARAGRAPH else b
                   for b in _read_body(doc, body, body_offset, "figure")]
        return [figure, *caption]
    if name in ADMONITIONS:
        classes = " ".join(sorted(str(options.get("class", "")).split()))
        return [Block(ADMONITION, arg, first, first, f"{name}[{classes}]", container),
                *_read_body(doc, body, body_offset, "admonition")]
    return _read_body(doc, body, body_offset, name)
