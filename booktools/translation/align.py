"""Block-level alignment of an English page and its Korean translation.

The parity check guarantees both pages share their structure (headings, equations, figures,
admonitions, code cells). Those blocks are the anchors: they pair by their language-independent
key. Between two paired anchors lie runs of prose blocks (paragraphs, list items, table rows,
captions). A run pairs block for block when both languages have the same sequence of block
kinds there. Otherwise the translation merged or split blocks: rather than guess, the whole run
is paired as a group and the section gets a note saying so.
"""
from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass, field

from ..markdown import ANCHORS, HEADING, Block


@dataclass
class Alignment:
    en: list[Block]
    ko: list[Block]
    pairs: dict[int, list[int]] = field(default_factory=dict)   # English index -> Korean indices
    ambiguous: set[int] = field(default_factory=set)             # English indices paired as a group
    notes: list[str] = field(default_factory=list)               # one per ambiguous stretch, naming the section

    def counterpart(self, i: int) -> list[Block]:
        return [self.ko[j] for j in self.pairs.get(i, [])]


def _signature(block: Block) -> tuple:
    return (block.kind, block.key, block.container) if block.kind in ANCHORS else (block.kind, block.container)


def _sections(blocks: list[Block]) -> list[list[int]]:
    """Indices of the blocks, split before every heading (the first part may have no heading)."""
    parts: list[list[int]] = [[]]
    for i, block in enumerate(blocks):
        if block.kind == HEADING:
            parts.append([])
        parts[-1].append(i)
    return parts


def _title(blocks: list[Block], part: list[int]) -> str:
    if part and blocks[part[0]].kind == HEADING:
        block = blocks[part[0]]
        return f"section '{'#' * int(block.key[1])} {block.text}'"
    return "the page's opening (before the first heading)"


def align(en: list[Block], ko: list[Block]) -> Alignment:
    result = Alignment(en, ko)
    en_parts, ko_parts = _sections(en), _sections(ko)
    heads = difflib.SequenceMatcher(a=[_signature(en[p[0]]) if p else None for p in en_parts],
                                    b=[_signature(ko[p[0]]) if p else None for p in ko_parts], autojunk=False)
    for op, i1, i2, j1, j2 in heads.get_opcodes():
        if op == "equal" or (i2 - i1 == j2 - j1 and op == "replace"):
            for a, b in zip(range(i1, i2), range(j1, j2)):
                _align_section(result, en_parts[a], ko_parts[b], _title(en, en_parts[a]))
        else:
            run_en = [i for part in en_parts[i1:i2] for i in part]
            run_ko = [j for part in ko_parts[j1:j2] for j in part]
            _group(result, run_en, run_ko, "the headings differ (run `make check` for the structure)",
                   _title(en, en_parts[i1]) if i1 < i2 else "a Korean section")
    return result


def _align_section(result: Alignment, en_part: list[int], ko_part: list[int], title: str) -> None:
    en, ko = result.en, result.ko
    anchors_en = [i for i in en_part if en[i].kind in ANCHORS]
    anchors_ko = [j for j in ko_part if ko[j].kind in ANCHORS]
    matcher = difflib.SequenceMatcher(a=[_signature(en[i]) for i in anchors_en],
                                      b=[_signature(ko[j]) for j in anchors_ko], autojunk=False)
    matched = [(anchors_en[a.a + k], anchors_ko[a.b + k]) for a in matcher.get_matching_blocks() for k in range(a.size)]
    for i, j in matched:
        result.pairs[i] = [j]
    # prose (and unmatched anchors) between consecutive matched anchors
    bounds = [(en_part[0] - 1, ko_part[0] - 1) if en_part and ko_part else (-1, -1), *matched,
              (en_part[-1] + 1 if en_part else 0, ko_part[-1] + 1 if ko_part else 0)]
    for (a0, b0), (a1, b1) in itertools.pairwise(bounds):
        run_en = [i for i in en_part if a0 < i < a1]
        run_ko = [j for j in ko_part if b0 < j < b1]
        if not run_en:
            continue
        if [_signature(en[i]) for i in run_en] == [_signature(ko[j]) for j in run_ko]:
            for i, j in zip(run_en, run_ko):
                result.pairs[i] = [j]
        else:
            _group(result, run_en, run_ko, "the translation merged or split blocks here", title)


def _group(result: Alignment, run_en: list[int], run_ko: list[int], why: str, title: str) -> None:
    en, ko = result.en, result.ko
    for i in run_en:
        result.pairs[i] = list(run_ko)
        result.ambiguous.add(i)
    where_en = f"English lines {en[run_en[0]].line}-{en[run_en[-1]].end} ({len(run_en)} blocks)"
    where_ko = (f"Korean lines {ko[run_ko[0]].line}-{ko[run_ko[-1]].end} ({len(run_ko)} blocks)" if run_ko
                else "no Korean blocks")
    result.notes.append(f"{title}: {where_en} vs {where_ko}: {why}, so they are paired as a group")
