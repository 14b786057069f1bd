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
   stay, similar ones are compared word by word (a mostly rewritten one, ``align.rewritten``,
   as one deletion and one insertion), the rest is inserted or deleted whole. Table rows are
   aligned the same way, cell by cell.
3. ``tracked.Revisions`` writes the result: ``w:ins``/``w:del`` with author, date and unique
   ids, ``w:delText``, marked paragraph marks and table rows.

Article numbers are Word list numbers and cross-references REF fields (compared by their
code), so renumbering is no change. A "Wijzigingsoverzicht" (``summary``) for the board comes
first, not itself tracked. The same inputs, author and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Hashable, Optional

from docx.oxml.ns import qn

from . import marks, revisions, tracked
from .packages import Transplant, drop_implied_numbering, implied_numbering
from .settings import track_revisions
from .align import Op, align, anchor, rewritten, text_similarity, word_diff
from ..dutch import f_datum
from ..errors import DocumentError
from ..word.bodytext import BodyText
from ..word.docxopen import open_document, read_only_xml
from ..word.package import save_docx
from .pieces import Outcome, changed_words, pieces, row_pieces, table_of_contents, variant_words
from .summary import (  # noqa: F401 (the fixed sentences are re-exported)
    NO_CHANGES, SUMMARY_END, SUMMARY_TITLE, Overview, Piece, _first_words, guidance_comments, part_status,
    write_summary)
from .tokens import Token, tokens
from .tracked import Revisions
from .units import (
    _Block, _Unit, _blocks, _cell_blocks, _columns, _items, _label_keys, _plain,
    _replace_cell, _row_text, _segment, _shape, _similar_blocks, _spaced, _style_names, part_name,
    signature_blocks, signature_parties, unwrap_tables_of_contents,
)
from .version import (  # noqa: F401 (re-exported)
    Change, Redline, Version, default_author, default_date, version_from_agreement, version_from_docx,
)
from ..word.wmltext import P, TBL, TC, TR, iter_blocks


def compare(old: Version, new: Version, author: Optional[str] = None, date: Optional[dt.datetime] = None,
            summary: bool = True, guidance: bool = False) -> Redline:
    """The redline of ``old`` -> ``new`` as .docx bytes, with its change summary."""
    return _Redliner(old, new, author, date).run(summary, guidance)


class _Redliner:
    def __init__(self, old: Version, new: Version, author: Optional[str], date: Optional[dt.datetime]):
        self.document = open_document(new.package, new.name)
        self.body = self.document.element.body
        self.old_body = read_only_xml(old.package, old.package.main).find(qn("w:body"))
        if self.old_body is None:
            raise DocumentError(f"{old.name}: het hoofddocument heeft geen inhoud (w:body ontbreekt)")
        # each body read once, for the embedded model's check and for the comparison
        texts = [BodyText(self.old_body), BodyText(self.body)]
        self.old, self.new = old, new = old.checked(texts[0]), new.checked(texts[1])
        self.notes: list[str] = list(old.notes) + list(new.notes)
        for index, (version, body) in enumerate(((old, self.old_body), (new, self.body))):
            unwrap_tables_of_contents(body)  # moves whole paragraphs: their texts stay as read
            drop_implied_numbering(body, implied_numbering(version.package))
            if revisions.has_revisions(body):
                revisions.accept_in_place(body)
                texts[index] = BodyText(body)
                self.notes.append(f"{version.name} bevat al bijgehouden wijzigingen; vergeleken is de tekst "
                                  "waarin die zijn geaccepteerd")
        self.author = author or default_author(new, self.document.core_properties)
        self.date = date or default_date(new, self.document.core_properties)
        stamp = self.date.strftime("%Y-%m-%dT%H:%M:%SZ") if self.date else None
        new_names = _style_names(new.package)
        marks = list(self.body.iter(qn("w:bookmarkStart")))
        context = tracked.Context(
            transplant=Transplant(old.package, new.package, lambda: self.document.part.numbering_part.element),
            bookmarks={m.get(qn("w:name"), "") for m in marks},
            next_bookmark=max((int(m.get(qn("w:id"), "0")) for m in marks if m.get(qn("w:id"), "").isdigit()),
                              default=0) + 1)
        self.revisions = Revisions(self.author, stamp, context)
        self.old_units = _segment(_blocks(self.old_body, _style_names(old.package), texts[0]))
        self.new_units = _segment(_blocks(self.body, new_names, texts[1]))
        self.notes.extend(_label_keys([(self.old_units, old.agreement, old.name),
                                       (self.new_units, new.agreement, new.name)]))
        self.party_names = {_spaced(u.title) for u in self.old_units + self.new_units if u.kind == "partij"}
        self.changes: list[tuple[Change, Optional[_Unit]]] = []
        self.overview = Overview()
        self.owners: dict = {}  # element of the redline's body -> the unit it belongs to
        self.move_names: dict[str, int] = {}

    # -- orchestration --------------------------------------------------------------------
    def run(self, summary: bool, guidance: bool) -> Redline:
        elements = self._units()
        self._references(self.revisions.retarget(elements))
        position = {element: index for index, element in enumerate(elements)}
        self.changes = self.overview.changes(lambda anchor: position.get(anchor, len(position)))
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
        return Redline(save_docx(self.document, self.new.package, split=True), changes, tuple(self.notes))

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

    def _references(self, retargeted: list) -> None:
        """Summary rows for the cross-references that follow a moved article (``Revisions.retarget``)."""
        targets = {}
        for unit in self.new_units:
            head = unit.blocks[0]
            if unit.kind in ("artikel", "bijlage") and head.kind == "p":
                for mark in head.element.iter(qn("w:bookmarkStart")):
                    targets.setdefault(mark.get(qn("w:name"), ""), unit.label)
        for element, _, name in retargeted:
            unit = self.owners.get(element)
            if unit is None or table_of_contents(unit):
                continue
            moved = targets.get(name, "")
            text = f"verwijzing naar {moved} aangepast (verplaatst)" if moved else "verwijzing aangepast (verplaatst)"
            self.overview.add(unit.kind, "gewijzigd", unit.label, [Piece(text)], unit if unit.key else None, element)

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
        for op in align(old_items, new_items, signature, similarity):
            old_unit, old_block = old_items[op.old] if op.old is not None else (None, None)
            new_unit, new_block = new_items[op.new] if op.new is not None else (None, None)
            if (old_block or new_block) is None:
                elements.extend(self._unit_op(op, old_unit, new_unit, moved))
                continue
            # a block of frame text (or of a recital a document without a model does not key)
            unit = new_unit or old_unit
            outcome = self._block_op(op, old_block, new_block, unit)
            elements.extend(outcome.elements)
            status = "gewijzigd"
            if unit.kind != "tekst" and op.kind in ("insert", "delete"):
                status = "nieuw" if op.kind == "insert" else "vervallen"
            self._record(unit, status, outcome)
        return elements

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
        for element in elements:
            self.owners[element] = unit
        anchor = next((e for e in elements if e.tag in (P, TBL)), None)
        if partner is not None:
            if op.kind == "insert":
                status = "verplaatst" if same else "verplaatst en gewijzigd"
                was = " ".join(partner.label.split(" ")[:2]).lower() if unit.kind in ("artikel", "bijlage") else ""
                self.overview.add(unit.kind, status, unit.label, [Piece(f"was {was}")] if was else [], unit, anchor)
            return elements
        status = "vervallen" if op.kind == "delete" else "nieuw"
        if unit.kind == "ondertekening" and signature_blocks(unit.blocks[0].element):
            table = unit.blocks[0].element
            parties = signature_parties(table, self.party_names)
            for cell in table.iter(TC):
                if _plain(cell).strip():
                    self.overview.add(unit.kind, status, f"Ondertekening {parties.get(cell, '')}".strip(),
                                      [Piece(_first_words(_plain(cell)))], None, anchor)
            return elements
        body = next((_plain(b.element) for b in unit.blocks[1:] if _plain(b.element).strip()),
                    _plain(unit.blocks[0].element))
        self.overview.add(unit.kind, status, unit.label, [Piece(_first_words(body))],
                          unit if op.kind == "insert" else None, anchor)
        return elements

    def _move_name(self, key: str) -> int:
        if key not in self.move_names:
            self.move_names[key] = len(self.move_names) + 1
        return self.move_names[key]

    def _record(self, unit: _Unit, status: str, outcome: Outcome) -> None:
        """Note ``outcome`` (of ``unit``) for the summary: a row per unit, or for a signature
        table with the parties side by side, a row per party."""
        for element in outcome.elements:
            self.owners.setdefault(element, unit)
        if not outcome.pieces or table_of_contents(unit):
            return
        anchor = outcome.elements[0] if outcome.elements else None
        if unit.kind == "ondertekening" and any(piece.part for piece in outcome.pieces) \
                and signature_blocks(unit.blocks[0].element):
            parts: dict[str, list[Piece]] = {}
            for piece in outcome.pieces:
                parts.setdefault(piece.part, []).append(piece)
            for part, in_part in parts.items():
                self.overview.add(unit.kind, part_status(in_part), f"Ondertekening {part}".strip(),
                                  [Piece(piece.text) for piece in in_part if _spaced(piece.text) != part], None,
                                  anchor)
            return
        self.overview.add(unit.kind, status, unit.label, outcome.pieces, unit if unit.key else None, anchor)

    def _unit_pair(self, old: _Unit, new: _Unit) -> Outcome:
        outcome = self._blocks_diff(old.blocks, new.blocks, new)
        if old.key != new.key and old.key and new.key and old.key[:2] == "A:":
            outcome.changed = True
            variant = f"andere variant ({variant_words(old.key)} \u2192 {variant_words(new.key)})"
            outcome.pieces.insert(0, Piece(variant))
        return outcome

    def _blocks_diff(self, old: list[_Block], new: list[_Block], unit: Optional[_Unit] = None) -> Outcome:
        outcome = Outcome()
        for op in align(old, new, lambda b: b.sig, _similar_blocks):
            outcome.add(self._block_op(op, old[op.old] if op.old is not None else None,
                                       new[op.new] if op.new is not None else None, unit))
        return outcome

    def _block_op(self, op: Op, old: Optional[_Block], new: Optional[_Block], unit: Optional[_Unit] = None) -> Outcome:
        if op.kind == "equal":
            return Outcome([new.element])
        if op.kind == "delete":
            if old.kind == "marker":
                return Outcome()
            what = "tabel" if old.kind == "tbl" else ""
            return Outcome([self.revisions.deleted(old.element)], True, pieces(_plain(old.element), "", what))
        if op.kind == "insert":
            if new.kind == "marker":
                return Outcome([new.element])
            what = "tabel" if new.kind == "tbl" else ""
            return Outcome([self.revisions.inserted(new.element)], True, pieces("", _plain(new.element), what))
        if new.kind == "p":
            return self._paragraph_pair(old.element, new.element)
        if new.kind == "tbl":
            by_cell = unit is not None and unit.kind == "ondertekening" and signature_blocks(new.element)
            return self._table_pair(old.element, new.element, by_cell)
        return Outcome([self.revisions.deleted(old.element), self.revisions.inserted(new.element)], True,
                        pieces(_plain(old.element), _plain(new.element)))

    # -- paragraphs and tables ------------------------------------------------------------
    def _paragraph_pair(self, old, new) -> Outcome:
        """Rebuild ``new`` with word-level changes from ``old``; when it was mostly rewritten
        (``align.rewritten``), with all old text deleted and then all new text inserted."""
        old_tokens = [t for t in tokens(old) if t.key is not None]
        new_all = tokens(new)
        keyed = [index for index, t in enumerate(new_all) if t.key is not None]
        old_keys, new_keys = [t.key for t in old_tokens], [new_all[i].key for i in keyed]
        codes = word_diff(old_keys, new_keys)
        if rewritten(codes, old_keys, new_keys):
            codes = [("replace", 0, len(old_tokens), 0, len(keyed))]
        steps: list[tuple[Optional[str], list[Token], bool]] = []
        pieces: list[Piece] = []
        start = 0  # position in new_all up to which tokens were emitted
        for tag, i1, i2, j1, j2 in codes:
            if tag != "equal":
                if i2 > i1:
                    steps.append(("del", old_tokens[i1:i2], True))
                pieces.append(changed_words(old_tokens[i1:i2], [new_all[keyed[j]] for j in range(j1, j2)]))
            if j2 > j1:
                stop = keyed[j2 - 1] + 1
                if tag == "equal":
                    steps.append((None, new_all[start:stop], False))
                else:  # bookmarks and comment anchors among inserted words stay in both states
                    steps.extend((mode, list(toks), False) for mode, toks in
                                 groupby(new_all[start:stop], key=lambda t: "ins" if t.key is not None else None))
                start = stop
        steps.append((None, new_all[start:], False))
        steps = [step for step in steps if step[1]]
        changed = any(mode for mode, _, _ in steps)
        self.revisions.paragraph(new, steps)
        return Outcome([new], changed, pieces)

    def _table_pair(self, old, new, by_cell: bool = False) -> Outcome:
        """Rebuild ``new`` with its rows aligned to those of ``old``: equal rows stay, similar ones
        are compared cell by cell, the others are inserted or deleted. The summary names each
        changed row by its first cell; with ``by_cell`` (a signature table, the parties side by
        side) each changed cell by its party."""
        if _columns(old) != _columns(new):
            return Outcome([self.revisions.deleted(old), self.revisions.inserted(new)], True,
                            [Piece("tabel vervangen")])
        old_rows, new_rows = old.findall(TR), new.findall(TR)
        parties = {**signature_parties(old, self.party_names), **signature_parties(new, self.party_names)} \
            if by_cell else {}
        old_texts = [_row_text(r) for r in old_rows]
        new_texts = [_row_text(r) for r in new_rows]
        old_items = [(text, _shape(row)) for text, row in zip(old_texts, old_rows)]
        new_items = [(text, _shape(row)) for text, row in zip(new_texts, new_rows)]

        def similarity(a, b) -> float:
            return text_similarity(" ".join(a[0]), " ".join(b[0])) if a[1] == b[1] else 0.0

        outcome = Outcome()
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
                outcome.pieces.extend(row_pieces(None, row, parties))
            elif op.kind == "delete":
                ordered.append(self.revisions.deleted_row(old_rows[op.old]))
                outcome.changed = True
                outcome.pieces.extend(row_pieces(old_rows[op.old], None, parties))
            else:
                row = new_rows[op.new]
                changes = []
                for old_cell, new_cell in zip(old_rows[op.old].findall(TC), row.findall(TC)):
                    was, now = _plain(old_cell).strip(), _plain(new_cell).strip()
                    part = parties.get(new_cell if now else old_cell, "")
                    inner = self._blocks_diff(_cell_blocks(old_cell), _cell_blocks(new_cell))
                    _replace_cell(new_cell, self.revisions.settle(inner.elements))
                    outcome.changed = outcome.changed or inner.changed
                    if not inner.pieces:
                        continue
                    if by_cell and not (was and now):  # a party's block came or went
                        status = "nieuw" if now else "vervallen"
                        outcome.pieces.append(Piece(_first_words(now or was), part, status))
                    elif by_cell:
                        outcome.pieces.extend(Piece(piece.text, part) for piece in inner.pieces)
                    else:
                        changes.extend(piece.text for piece in inner.pieces)
                if changes:
                    outcome.pieces.append(Piece(", ".join(dict.fromkeys(changes)), part_name(row)))
                ordered.append(row)
        for row in new_rows:
            new.remove(row)
        for row in ordered:
            new.append(row)
        return Outcome([new], outcome.changed, outcome.pieces)

    # -- comments and summary -------------------------------------------------------------
    def _guidance_comments(self) -> None:
        guidance_comments(self.document, self.date, self.changes)

    def _summary(self, changes: tuple[Change, ...]) -> None:
        write_summary(self.document, self.date, changes, self.notes, self._versions_sentence())

    def _versions_sentence(self) -> str:
        old, new = self.old.agreement, self.new.agreement
        if old is not None and new is not None:
            library = "" if old.meta.library_layers == new.meta.library_layers else (  # agreement-gen upgrade
                f" De bibliotheek gaat van {old.meta.library_layers} naar {new.meta.library_layers}.")
            return (f"Wijzigingen in {new.meta.title} van versie {old.meta.version} ({f_datum(old.meta.date)}) "
                    f"naar versie {new.meta.version} ({f_datum(new.meta.date)}).{library}")
        return f"Wijzigingen van {self.old.name} naar {self.new.name}."
