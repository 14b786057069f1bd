"""Redlines: two versions of an agreement -> one .docx with Word tracked changes.

The redline is the new version's .docx (its formatting, styles, numbering, header and footer)
in which every difference with the old version is a tracked change a board can accept or
reject. How the two versions are compared:

1. Both bodies are cut into *units*: articles and annexes (a heading with what follows it),
   parties in the comparitie, recitals, signature blocks, and the frame text between them.
   Units get keys: with the Agreement models (from specs, or embedded in .docx files that
   were not edited since the build) the clause id, party id or signatory; without them the
   heading's bookmark or text. ``align.anchor`` pairs equal keys in order; a unit whose key
   is in both versions but out of that order has moved. Two different clauses for the same
   slot (another decision variant) pair up as one changed article.
2. Within a pair of units, paragraphs and tables are aligned (``align.align``): equal ones
   stay, similar ones are compared word by word, the rest is inserted or deleted whole.
   Table rows are aligned the same way, cell by cell.
3. ``tracked.Revisions`` writes the result: ``w:ins``/``w:del`` with author, date and unique
   ids, ``w:delText``, marked paragraph marks and table rows.

Article numbers are Word list numbers and cross-references REF fields (compared by their
code), so renumbering is no change. A "Wijzigingsoverzicht" for the board comes first: per
unit new, removed, changed or moved, with an excerpt; it is not itself a tracked change and
ends with ``SUMMARY_END``. The same inputs, author and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Hashable, Optional

from docx import Document
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from . import marks, revisions, tracked
from .packages import Transplant, drop_implied_numbering, implied_numbering
from .settings import track_revisions
from .align import Op, align, anchor, text_similarity, word_diff
from ..errors import DocumentError
from ..word.provenance import missing_part
from ..model.agreement import Table
from ..word.package import save_docx
from ..templating import f_datum
from .summary import NO_CHANGES, SUMMARY_END, SUMMARY_TITLE, _excerpt, _first_words, _SummaryWriter
from .tokens import Token, text_of, tokens
from .tracked import Revisions
from .units import (
    _Block, _Unit, _blocks, _cell_blocks, _columns, _items, _label_keys, _plain, _replace_cell,
    _row_text, _segment, _shape, _similar_blocks, _style_names, unwrap_tables_of_contents,
)
from .version import Change, Redline, Version, version_from_agreement, version_from_docx  # noqa: F401 (re-exported)
from ..word.wmltext import TC, TR, iter_blocks

DEFAULT_AUTHOR = "agreement-gen"
NOT_SUMMARISED = frozenset({"toc 1"})  # units.py lower-cases TOC style names
WORDWISE = 0.3  # paired paragraphs less similar than this are replaced whole, not word by word


def compare(old: Version, new: Version, author: Optional[str] = None, date: Optional[dt.datetime] = None,
            summary: bool = True, guidance: bool = False) -> Redline:
    """The redline of ``old`` -> ``new`` as .docx bytes, with its change summary."""
    return _Redliner(old, new, author, date).run(summary, guidance)


def _variant_words(key: str) -> str:
    """A clause's variant in words for the board: 'A:besluitvorming.doorslaggevende_stem' -> 'doorslaggevende stem'."""
    return key[2:].rsplit(".", 1)[-1].replace("_", " ").replace("-", " ")


@dataclass
class _Outcome:
    elements: list = field(default_factory=list)
    changed: bool = False
    excerpt: str = ""

    def add(self, other: "_Outcome") -> None:
        self.elements.extend(other.elements)
        if other.changed and other.excerpt and not self.excerpt:
            self.excerpt = other.excerpt
        self.changed = self.changed or other.changed


class _Redliner:
    def __init__(self, old: Version, new: Version, author: Optional[str], date: Optional[dt.datetime]):
        self.old, self.new = old, new
        self.notes: list[str] = list(old.notes) + list(new.notes)
        try:
            self.document = Document(io.BytesIO(new.package.data))
        except KeyError as exc:  # python-docx follows every relationship; a missing part is a KeyError
            raise DocumentError(f"{new.name}: is geen leesbaar Word-document: het pakket verwijst naar een "
                                f"onderdeel dat ontbreekt ({missing_part(exc)})") from exc
        except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds on broken parts
            raise DocumentError(f"{new.name}: is geen leesbaar Word-document: {exc}") from exc
        self.body = self.document.element.body
        self.old_body = parse_xml(old.package.parts[old.package.main]).find(qn("w:body"))
        if self.old_body is None:
            raise DocumentError(f"{old.name}: het hoofddocument heeft geen inhoud (w:body ontbreekt)")
        for version, body in ((old, self.old_body), (new, self.body)):
            unwrap_tables_of_contents(body)
            drop_implied_numbering(body, implied_numbering(version.package))
            if revisions.has_revisions(body):
                revisions.accept_in_place(body)
                self.notes.append(f"{version.name} bevat al bijgehouden wijzigingen; vergeleken is de tekst "
                                  "waarin die zijn geaccepteerd")
        self.author = author or self._default_author()
        self.date = date or self._default_date()
        stamp = self.date.strftime("%Y-%m-%dT%H:%M:%SZ") if self.date else None
        new_names = _style_names(new.package)
        marks = list(self.body.iter(qn("w:bookmarkStart")))
        context = tracked.Context(
            transplant=Transplant(old.package, new.package, lambda: self.document.part.numbering_part.element),
            bookmarks={m.get(qn("w:name"), "") for m in marks},
            next_bookmark=max((int(m.get(qn("w:id"), "0")) for m in marks if m.get(qn("w:id"), "").isdigit()),
                              default=0) + 1)
        self.revisions = Revisions(self.author, stamp, context)
        self.old_units = _segment(_blocks(self.old_body, _style_names(old.package)))
        self.new_units = _segment(_blocks(self.body, new_names))
        self.notes.extend(_label_keys([(self.old_units, old.agreement, old.name),
                                       (self.new_units, new.agreement, new.name)]))
        self.changes: list[tuple[Change, Optional[_Unit]]] = []
        self.move_names: dict[str, int] = {}

    def _default_author(self) -> str:
        if self.new.agreement is not None:
            return self.new.agreement.meta.author
        core = self.document.core_properties
        return core.last_modified_by or core.author or DEFAULT_AUTHOR

    def _default_date(self) -> Optional[dt.datetime]:
        if self.new.agreement is not None:
            return dt.datetime.combine(self.new.agreement.meta.date, dt.time(0, 0))
        core = self.document.core_properties
        return core.modified or core.created

    # -- orchestration --------------------------------------------------------------------
    def run(self, summary: bool, guidance: bool) -> Redline:
        elements = self._units()
        self.revisions.retarget(elements)
        section = self.body.find(qn("w:sectPr"))
        for child in list(self.body):
            if child is not section:
                self.body.remove(child)
        for element in self.revisions.settle(elements):
            if section is not None:
                section.addprevious(element)
            else:
                self.body.append(element)
        changes = tuple(change for change, _ in self.changes)
        if guidance:
            self._guidance_comments()
        if summary:
            self._summary(changes)
        marks.renumber(self.body)
        track_revisions(self.document)
        return Redline(save_docx(self.document), changes, tuple(self.notes))

    def _units(self) -> list:
        old, new = self.old_units, self.new_units
        pairs = anchor([u.key for u in old], [u.key for u in new])
        common = {u.key for u in old if u.key} & {u.key for u in new if u.key}
        moved = common - {old[i].key for i, _ in pairs}
        elements: list = []
        last_i = last_j = -1
        for i, j in pairs + [(len(old), len(new))]:
            elements.extend(self._gap(old[last_i + 1:i], new[last_j + 1:j], moved))
            if i < len(old):
                outcome = self._unit_pair(old[i], new[j])
                elements.extend(outcome.elements)
                self._record(new[j], "gewijzigd", outcome)
            last_i, last_j = i, j
        return elements

    def _gap(self, old_units: list[_Unit], new_units: list[_Unit], moved: set) -> list:
        old_items = [item for unit in old_units for item in _items(unit)]
        new_items = [item for unit in new_units for item in _items(unit)]
        slots = ({u.slot for u in old_units if u.key and u.key not in moved}
                 & {u.slot for u in new_units if u.key and u.key not in moved})

        def signature(item) -> Hashable:
            unit, block = item
            if block is not None:
                return ("block", block.sig) if block.kind != "marker" else block.sig
            if unit.key not in moved and unit.slot in slots:
                return ("unit", unit.kind, unit.slot)
            return object()

        def similarity(a, b) -> float:
            if a[1] is None or b[1] is None:
                return 0.0
            return _similar_blocks(a[1], b[1])

        elements: list = []
        frame = _Outcome()
        frame_unit: Optional[_Unit] = None
        for op in align(old_items, new_items, signature, similarity):
            old_unit, old_block = old_items[op.old] if op.old is not None else (None, None)
            new_unit, new_block = new_items[op.new] if op.new is not None else (None, None)
            if (old_block or new_block) is None:
                self._flush_frame(frame_unit, frame, elements)
                frame, frame_unit = _Outcome(), None
                elements.extend(self._unit_op(op, old_unit, new_unit, moved))
                continue
            unit = new_unit or old_unit
            if frame_unit is not None and unit.label != frame_unit.label:
                self._flush_frame(frame_unit, frame, elements)
                frame = _Outcome()
            frame_unit = unit
            frame.add(self._block_op(op, old_block, new_block))
        self._flush_frame(frame_unit, frame, elements)
        return elements

    def _flush_frame(self, unit: Optional[_Unit], outcome: _Outcome, elements: list) -> None:
        elements.extend(outcome.elements)
        if unit is not None and outcome.changed and outcome.excerpt and unit.blocks[0].style not in NOT_SUMMARISED:
            self.changes.append((Change("tekst", "gewijzigd", f"Tekst bij \u2018{unit.label}\u2019",
                                        outcome.excerpt), None))

    def _unit_op(self, op: Op, old: Optional[_Unit], new: Optional[_Unit], moved: set) -> list:
        if op.kind in ("equal", "pair"):
            outcome = self._unit_pair(old, new)
            self._record(new, "gewijzigd", outcome)
            return outcome.elements
        unit = old if op.kind == "delete" else new
        partner = None
        if unit.key in moved:
            others = self.new_units if op.kind == "delete" else self.old_units
            partner = next(u for u in others if u.key == unit.key)
        same = partner is not None and [b.sig for b in partner.blocks] == [b.sig for b in unit.blocks]
        if op.kind == "delete":
            elements = [self.revisions.deleted(b.element, moved=same) for b in unit.blocks if b.kind != "marker"]
        else:
            elements = [b.element if b.kind == "marker" else self.revisions.inserted(b.element, moved=same)
                        for b in unit.blocks]
        if same:
            kind = "moveFrom" if op.kind == "delete" else "moveTo"
            start, end = self.revisions.move_range(kind, f"move{self._move_name(unit.key)}")
            elements = [start] + elements + [end]
        if partner is not None:
            if op.kind == "insert":
                status = "verplaatst" if same else "verplaatst en gewijzigd"
                was = " ".join(partner.label.split(" ")[:2]).lower() if unit.kind in ("artikel", "bijlage") else ""
                self.changes.append((Change(unit.kind, status, unit.label, f"was {was}" if was else ""), unit))
            return elements
        body = next((_plain(b.element) for b in unit.blocks[1:] if b.text.strip()), _plain(unit.blocks[0].element))
        status = "vervallen" if op.kind == "delete" else "nieuw"
        self.changes.append((Change(unit.kind, status, unit.label, _first_words(body)),
                             unit if op.kind == "insert" else None))
        return elements

    def _move_name(self, key: str) -> int:
        if key not in self.move_names:
            self.move_names[key] = len(self.move_names) + 1
        return self.move_names[key]

    def _record(self, unit: _Unit, status: str, outcome: _Outcome) -> None:
        if outcome.changed:
            self.changes.append((Change(unit.kind, status, unit.label, outcome.excerpt), unit))

    def _unit_pair(self, old: _Unit, new: _Unit) -> _Outcome:
        outcome = self._blocks_diff(old.blocks, new.blocks)
        if old.key != new.key and old.key and new.key and old.key[:2] == "A:":
            outcome.changed = True
            outcome.excerpt = (f"andere variant ({_variant_words(old.key)} \u2192 {_variant_words(new.key)}); "
                               + outcome.excerpt)
        return outcome

    def _blocks_diff(self, old: list[_Block], new: list[_Block]) -> _Outcome:
        outcome = _Outcome()
        for op in align(old, new, lambda b: b.sig, _similar_blocks):
            outcome.add(self._block_op(op, old[op.old] if op.old is not None else None,
                                       new[op.new] if op.new is not None else None))
        return outcome

    def _block_op(self, op: Op, old: Optional[_Block], new: Optional[_Block]) -> _Outcome:
        if op.kind == "equal":
            return _Outcome([new.element])
        if op.kind == "delete":
            if old.kind == "marker":
                return _Outcome()
            return _Outcome([self.revisions.deleted(old.element)], True, _excerpt(_plain(old.element), ""))
        if op.kind == "insert":
            if new.kind == "marker":
                return _Outcome([new.element])
            return _Outcome([self.revisions.inserted(new.element)], True, _excerpt("", _plain(new.element)))
        if new.kind == "p":
            whole = text_similarity(old.text, new.text) < WORDWISE
            return self._paragraph_pair(old.element, new.element, whole)
        if new.kind == "tbl":
            return self._table_pair(old.element, new.element)
        return _Outcome([self.revisions.deleted(old.element), self.revisions.inserted(new.element)], True,
                        _excerpt(_plain(old.element), _plain(new.element)))

    # -- paragraphs and tables ------------------------------------------------------------
    def _paragraph_pair(self, old, new, whole: bool = False) -> _Outcome:
        """Rebuild ``new`` with word-level changes from ``old`` (``whole``: all old text out, all new in)."""
        old_tokens = [t for t in tokens(old) if t.key is not None]
        new_all = tokens(new)
        keyed = [index for index, t in enumerate(new_all) if t.key is not None]
        if whole:
            codes = [("replace", 0, len(old_tokens), 0, len(keyed))]
        else:
            codes = word_diff([t.key for t in old_tokens], [new_all[i].key for i in keyed])
        steps: list[tuple[Optional[str], list[Token], bool]] = []
        excerpt = ""
        start = 0  # position in new_all up to which tokens were emitted
        for tag, i1, i2, j1, j2 in codes:
            if tag != "equal":
                if i2 > i1:
                    steps.append(("del", old_tokens[i1:i2], True))
                if not excerpt:
                    excerpt = _excerpt(text_of(old_tokens[i1:i2]), text_of(new_all[keyed[j]] for j in range(j1, j2)))
            if j2 > j1:
                stop = keyed[j2 - 1] + 1
                steps.append((None if tag == "equal" else "ins", new_all[start:stop], False))
                start = stop
        steps.append((None, new_all[start:], False))
        steps = [step for step in steps if step[1]]
        changed = any(mode for mode, _, _ in steps)
        self.revisions.paragraph(new, steps)
        return _Outcome([new], changed, excerpt)

    def _table_pair(self, old, new) -> _Outcome:
        if _columns(old) != _columns(new):
            return _Outcome([self.revisions.deleted(old), self.revisions.inserted(new)], True, "tabel vervangen")
        old_rows, new_rows = old.findall(TR), new.findall(TR)
        old_texts = [_row_text(r) for r in old_rows]
        new_texts = [_row_text(r) for r in new_rows]
        old_items = [(text, _shape(row)) for text, row in zip(old_texts, old_rows)]
        new_items = [(text, _shape(row)) for text, row in zip(new_texts, new_rows)]

        def similarity(a, b) -> float:
            return text_similarity(" ".join(a[0]), " ".join(b[0])) if a[1] == b[1] else 0.0

        outcome = _Outcome()
        ordered = []
        ops = align(old_items, new_items, lambda item: item, similarity)
        for op in ops:
            if op.kind == "equal":
                ordered.append(new_rows[op.new])
            elif op.kind == "insert":
                row = new_rows[op.new]
                self.revisions.mark_row(row, "ins")
                for cell in row.findall(TC):
                    for block in list(iter_blocks(cell)):
                        self.revisions.inserted(block)
                ordered.append(row)
                outcome.changed = True
                outcome.excerpt = outcome.excerpt or _excerpt("", _plain(row), "rij")
            elif op.kind == "delete":
                ordered.append(self.revisions.deleted_row(old_rows[op.old]))
                outcome.changed = True
                outcome.excerpt = outcome.excerpt or _excerpt(_plain(old_rows[op.old]), "", "rij")
            else:
                row = new_rows[op.new]
                for old_cell, new_cell in zip(old_rows[op.old].findall(TC), row.findall(TC)):
                    inner = self._blocks_diff(_cell_blocks(old_cell), _cell_blocks(new_cell))
                    _replace_cell(new_cell, self.revisions.settle(inner.elements))
                    if inner.changed and not outcome.changed:
                        outcome.excerpt = inner.excerpt
                    outcome.changed = outcome.changed or inner.changed
                ordered.append(row)
        for row in new_rows:
            new.remove(row)
        for row in ordered:
            new.append(row)
        return _Outcome([new], outcome.changed, outcome.excerpt)

    # -- comments and summary -------------------------------------------------------------
    def _guidance_comments(self) -> None:
        writer = _SummaryWriter(self.document, self.date)
        writer.guidance = True
        for change, unit in self.changes:
            if unit is None or unit.guidance is None or change.status == "vervallen":
                continue
            heading = unit.blocks[0].element
            paragraph = DocxParagraph(heading, self.document._body)
            runs = [Run(r, paragraph) for r in heading.xpath("./w:r | ./w:ins/w:r")]
            writer.comment(SimpleNamespace(runs=runs), unit.guidance)

    def _summary(self, changes: tuple[Change, ...]) -> None:
        writer = _SummaryWriter(self.document, self.date)
        first = next(iter(self.body), None)
        before = set(self.body)
        writer.par("Tussenkop", (SUMMARY_TITLE,))
        writer.par("Tekst", (self._versions_sentence(),))
        if changes:
            counts: dict[str, int] = {}
            for change in changes:
                counts[change.status] = counts.get(change.status, 0) + 1
            writer.par("Tekst", ("; ".join(f"{status}: {n}" for status, n in counts.items()).capitalize() + ".",))
            rows = tuple(((c.label,), (c.status,), (c.excerpt,)) for c in changes)
            writer.table(Table(header=(("Onderdeel",), ("Wijziging",), ("Uittreksel",)), rows=rows))
        else:
            writer.par("Tekst", (NO_CHANGES,))
        for note in self.notes:
            writer.par("Tekst", (f"Let op: {note}.",))
        end = writer.par("Tekst", (SUMMARY_END,))
        end._p.append(marks.page_break())
        section = self.body.find(qn("w:sectPr"))
        if first is None or first is section:
            return
        for element in [e for e in self.body if e not in before]:
            first.addprevious(element)

    def _versions_sentence(self) -> str:
        old, new = self.old.agreement, self.new.agreement
        if old is not None and new is not None:
            return (f"Wijzigingen in {new.meta.title} van versie {old.meta.version} ({f_datum(old.meta.date)}) "
                    f"naar versie {new.meta.version} ({f_datum(new.meta.date)}).")
        return f"Wijzigingen van {self.old.name} naar {self.new.name}."
