"""Shared section anchors: a section has the same id in English and in Korean.

docutils builds ids from ASCII only, so Korean headings get `id1`, `id2`, ... (unstable,
and different from the English page). This transform, run while each page is read, gives
every section the id made from its *English* heading (`the-output-size-formula`), using
the heading pairing of the parity checker (`booktools.translation.parity.heading_pairs`).
The ids docutils made stay on the section as extra aliases, so nothing that pointed to
them breaks. English pages go through the same function, so both languages agree by
construction; a Korean page depends on its English source and is re-read when it changes.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from booktools.book_files import source_path
from booktools.translation.parity import heading_pairs, section_headings

logger = logging.getLogger(__name__)


def anchor_ids(texts: list[str]) -> list[str]:
    """One id per English heading text; repeated headings get -2, -3, ... in page order."""
    ids, seen = [], set()
    for text in texts:
        base = nodes.make_id(text) or "section"
        anchor, n = base, 1
        while anchor in seen:
            n += 1
            anchor = f"{base}-{n}"
        seen.add(anchor)
        ids.append(anchor)
    return ids


class SharedSectionIds(SphinxTransform):
    default_priority = 880  # after the ids of sections and targets exist, before doctree-read

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        en_path = source_path("en", docname)
        if not en_path.exists():
            return
        en = section_headings(en_path.read_text(encoding="utf-8"))
        if self.config.language == "en":
            own, pairs = en, {i: i for i in range(len(en))}
        else:
            self.env.note_dependency(str(en_path))
            own_path = Path(self.env.doc2path(docname))
            own = section_headings(own_path.read_text(encoding="utf-8"))
            pairs = heading_pairs(en, own)
        # Sections made from the page's headings carry their title as a name (an implicit target,
        # a "dupname" when two headings read the same);
        # sections a directive builds (the status page's change lists) have none and keep their ids.
        sections = [s for s in self.document.findall(nodes.section) if s["names"] or s["dupnames"]]
        if len(sections) != len(own):
            logger.warning(f"{len(sections)} sections but {len(own)} headings in the source; section ids "
                           "not shared with the English page", location=docname,
                           type="book", subtype="anchors")
            return
        english_ids = anchor_ids([h.text for h in en])
        assigned = {index: english_ids[pairs[index]] for index in range(len(sections)) if index in pairs}
        owners = {id(section): assigned.get(index) for index, section in enumerate(sections)}
        for index, anchor in assigned.items():
            section = sections[index]
            owner = self.document.ids.get(anchor)
            if owner is not None and owner is not section:
                if id(owner) in owners and owners[id(owner)] != anchor:
                    # docutils' automatic alias of another section (a Korean heading that starts
                    # with the same ASCII word, "im2col: …"): the English id takes precedence.
                    owner["ids"] = [i for i in owner["ids"] if i != anchor]
                else:
                    logger.warning(f"section id {anchor!r} (from the English heading "
                                   f"{en[pairs[index]].text!r}) is already used by another element",
                                   location=section, type="book", subtype="anchors")
                    continue
            section["ids"] = [anchor] + [i for i in section["ids"] if i != anchor]
            self.document.ids[anchor] = section


def setup(app: Sphinx) -> dict:
    app.add_transform(SharedSectionIds)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
