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
from pathlib import Path
from types import SimpleNamespace
from typing import Hashable, Optional, Sequence

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from . import revisions, tracked
from .align import Op, align, anchor, text_similarity, word_diff
from ..word.docxread import DocxFile, parse_docx, read_docx
from ..errors import DocumentError
from ..model.agreement import Agreement, Guidance, Table
from ..word.modelpart import read_model
from ..word.render import _Writer, normalise_zip, render_docx
from ..word.template import missing_styles
from ..templating import f_datum
from ..model.text import letter
from .tracked import Revisions, Token, text_of, tokens
from ..word.wmltext import CUSTOM_XML, P, SDT, TBL, TC, TR, block_lines, iter_blocks, paragraph_text, style_of

SUMMARY_TITLE = "Wijzigingsoverzicht"
SUMMARY_END = ("Hierna volgt de overeenkomst met alle wijzigingen als bijgehouden wijzigingen; "
               "accepteer of weiger ze in Word onder Controleren.")
NO_CHANGES = "Er zijn geen wijzigingen: beide versies hebben dezelfde tekst."
DEFAULT_AUTHOR = "agreement-gen"
ARTICLE_BODY = frozenset({"Lid", "Lidopsomming", "Opsomming", "Tabeltekst"})
NOT_SUMMARISED = frozenset({"TOC 1", "toc 1"})
EXCERPT = 90
WORDWISE = 0.3  # paired paragraphs less similar than this are replaced whole, not word by word
PROPERTIES = frozenset({qn("w:sectPr"), qn("w:tcPr")})


# --- inputs and results --------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One side of a redline: a checked .docx and, when known and current, its model."""

    name: str
    package: DocxFile
    agreement: Optional[Agreement] = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """One line of the change summary."""

    kind: str    # artikel, bijlage, kop, partij, overweging, ondertekening, tekst
    status: str  # nieuw, vervallen, gewijzigd, verplaatst, verplaatst en gewijzigd
    label: str
    excerpt: str


@dataclass(frozen=True)
class Redline:
    data: bytes
    changes: tuple[Change, ...]
    notes: tuple[str, ...]
    path: Optional[Path] = None


def version_from_agreement(agreement: Agreement, name: str, template: Optional[Path] = None) -> Version:
    """Render ``agreement`` (without guidance comments) as one side of a redline."""
    data = render_docx(agreement, template, guidance=False)
    return Version(name, parse_docx(data, name), agreement)


def version_from_docx(path: Path | str) -> Version:
    """A .docx as one side of a redline; its embedded model is used only while it is current."""
    path = Path(path)
    package = read_docx(path)
    embedded = read_model(package)
    if embedded is None:
        return Version(path.name, package)
    if not embedded.fresh:
        return Version(path.name, package, None, (f"{path.name}: {embedded.note}",))
    return Version(path.name, package, embedded.agreement)


def compare(old: Version, new: Version, author: Optional[str] = None, date: Optional[dt.datetime] = None,
            summary: bool = True, guidance: bool = False) -> Redline:
    """The redline of ``old`` -> ``new`` as .docx bytes, with its change summary."""
    return _Redliner(old, new, author, date).run(summary, guidance)


# --- blocks and units ----------------------------------------------------------------------


@dataclass(eq=False)
class _Block:
    element: object
    kind: str  # p, tbl, other, marker
    style: str  # style name (of the first paragraph, for a table)
    text: str
    sig: Hashable
    anchor: Optional[str] = None  # where a table-of-contents entry links to


@dataclass(eq=False)
class _Unit:
    kind: str
    blocks: list[_Block]
    key: Optional[str] = None
    slot: Optional[str] = None
    label: str = ""
    guidance: Optional[Guidance] = None


def _style_names(package: DocxFile) -> dict[str, str]:
    names = {}
    for part in package.related(package.main, RT.STYLES):
        for style in package.xml(part).iter(qn("w:style")):
            name = style.find(qn("w:name"))
            outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            value = name.get(qn("w:val")) if name is not None else style.get(qn("w:styleId"))
            if outline is not None and outline.get(qn("w:val")) == "0" and value not in ("Artikel", "Bijlagekop"):
                value = "heading 1"
            names[style.get(qn("w:styleId"), "")] = value
    return names


def _numbering_ids(package: DocxFile) -> set[str]:
    ids = set()
    for part in package.related(package.main, RT.NUMBERING):
        ids.update(num.get(qn("w:numId"), "") for num in package.xml(part).iter(qn("w:num")))
    return ids


def _blocks(body, names: dict[str, str]) -> list[_Block]:
    carry: list = []
    out = []
    for child in body:
        tag = child.tag
        if tag in PROPERTIES or not isinstance(tag, str):
            continue
        if tag == P:
            style = names.get(_style_id(child), _style_id(child))
            text = paragraph_text(child, carry)
            link = child.find(qn("w:hyperlink"))
            anchor = link.get(qn("w:anchor")) if link is not None else None
            out.append(_Block(child, "p", style, text, ("p", style_of(child), text), anchor))
        elif tag in (TBL, SDT, CUSTOM_XML):
            text = "\n".join(block_lines(child, carry=carry))
            first = next(child.iter(P), None)
            style = names.get(_style_id(first), "") if first is not None else ""
            kind = "tbl" if tag == TBL else "other"
            out.append(_Block(child, kind, style, text, (kind, text)))
        else:
            out.append(_Block(child, "marker", "", "", object()))
    return out


def _style_id(paragraph) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""


def _segment(blocks: list[_Block]) -> list[_Unit]:
    """Cut a body into units: articles, annexes and headed sections, parties, recitals, signatures."""
    units: list[_Unit] = []
    current: Optional[_Unit] = None
    region = "Titelblad"
    for block in blocks:
        if block.kind == "p":
            style = block.style
            kind = {"Artikel": "artikel", "Bijlagekop": "bijlage", "heading 1": "kop"}.get(style)
            if kind:
                current = _Unit(kind, [block])
                units.append(current)
                continue
            if style in ("Comparitie", "Overweging"):
                current = None
                units.append(_Unit("partij" if style == "Comparitie" else "overweging", [block]))
                continue
            if style == "Tussenkop":
                current = None
                region = block.text.strip().rstrip(":") or region
            elif style == "Title":
                current = None
            elif current is not None and current.kind == "artikel" and style not in ARTICLE_BODY \
                    and block.text.strip():
                current = None
                region = "Slot"
        elif block.kind == "tbl" and block.style == "Ondertekening":
            current = None
            units.append(_Unit("ondertekening", [block]))
            continue
        if current is not None:
            current.blocks.append(block)
        else:
            units.append(_Unit("tekst", [block], label=region))
    return units


def _first_words(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "\u2026"


def _bookmark(paragraph) -> Optional[str]:
    for mark in paragraph.iter(qn("w:bookmarkStart")):
        name = mark.get(qn("w:name"), "")
        if name and not name.startswith(("_GoBack", "_Toc")):
            return name
    return None


def _model_keys(agreement: Agreement) -> dict[str, list]:
    """Per kind of unit, in document order: (key, slot, title, guidance) from the model."""
    return {
        "artikel": [(f"A:{a.clause_id}", f"A~{a.key}", a.title, a.guidance) for a in agreement.articles],
        "bijlage": [(f"B:{a.clause_id}", f"B~{a.key}", a.title, a.guidance) for a in agreement.annexes],
        "partij": [(f"P:{p.party_id}", None, _party_name(p.text), None) for p in agreement.parties],
        "overweging": _recital_keys(agreement),
        "ondertekening": [(f"S:{s.party}|{s.naam}", None, f"{s.party} ({s.naam})", None)
                          for s in agreement.signatures],
    }


def _by_kind(units: list[_Unit]) -> dict[str, list[_Unit]]:
    out: dict[str, list[_Unit]] = {}
    for unit in units:
        out.setdefault(unit.kind, []).append(unit)
    return out


def _label_keys(sides: list[tuple[list[_Unit], Optional[Agreement], str]]) -> list[str]:
    """Give the units of both versions keys and labels.

    A kind of unit (articles, parties, ...) is keyed by the models (clause id, party id) when
    both versions have one that fits the document; otherwise both by what the documents show
    (bookmark or heading), so the keys of the two versions can meet.
    """
    notes = []
    grouped = [(_by_kind(units), agreement, name) for units, agreement, name in sides]
    models = [(_model_keys(agreement) if agreement is not None else None) for _, agreement, _ in grouped]
    for kind in ("artikel", "bijlage", "partij", "overweging", "ondertekening"):
        fits = []
        for (by_kind, agreement, name), model in zip(grouped, models):
            fit = model is not None and len(model[kind]) == len(by_kind.get(kind, []))
            if model is not None and not fit:
                notes.append(f"{name}: het model past niet op de tekst ({kind}); vergeleken op tekst")
            fits.append(fit)
        if not all(fits):
            continue
        for (by_kind, _, _), model in zip(grouped, models):
            for number, (unit, (key, slot, title, guidance)) in enumerate(zip(by_kind.get(kind, []), model[kind]), 1):
                unit.key, unit.slot, unit.guidance = key, slot or key, guidance
                unit.label = _label(kind, number, title)
    for by_kind, _, _ in grouped:
        for kind, found in by_kind.items():
            for number, unit in enumerate(found, start=1):
                if unit.key is None and kind != "tekst":
                    _document_key(unit, number)
    for units, _, _ in sides:
        seen: dict[str, int] = {}
        for unit in units:
            if unit.key is None:
                continue
            seen[unit.key] = seen.get(unit.key, 0) + 1
            if seen[unit.key] > 1:
                unit.key = unit.slot = f"{unit.key}#{seen[unit.key]}"
    return notes


def _document_key(unit: _Unit, number: int) -> None:
    """Key and label from the document itself: the heading's bookmark or text, a party's name."""
    head = unit.blocks[0]
    title = head.text.strip()
    if unit.kind in ("artikel", "bijlage", "kop"):
        mark = _bookmark(head.element) if head.kind == "p" else None
        unit.key = f"{unit.kind[0].upper()}:{mark or title}"
    elif unit.kind == "partij":
        title = _party_name((head.text,))
        unit.key = f"P:{title}"
    elif unit.kind == "ondertekening":
        rows = [_plain(row).split(" | ") for row in head.element.findall(TR)]
        title = rows[0][0] + (f" ({rows[1][-1]})" if len(rows) > 1 else "")
        unit.key = f"S:{head.text}"
    elif unit.kind == "overweging":
        unit.label = _label(unit.kind, number, title)
        return  # recitals without a model have no key: they are aligned by their text
    unit.slot = unit.key
    unit.label = _label(unit.kind, number, title)


def _party_name(text) -> str:
    plain = "".join(piece if isinstance(piece, str) else getattr(piece, "text", "") for piece in text)
    return plain.split(",")[0].strip()


def _recital_keys(agreement: Agreement) -> list:
    counts: dict[str, int] = {}
    out = []
    for recital in agreement.recitals:
        counts[recital.clause_id] = counts.get(recital.clause_id, 0) + 1
        out.append((f"O:{recital.clause_id}#{counts[recital.clause_id]}", None, "", None))
    return out


def _label(kind: str, number: int, title: str) -> str:
    if kind == "artikel":
        return f"Artikel {number} {title}".strip()
    if kind == "bijlage":
        return f"Bijlage {number} {title}".strip()
    if kind == "partij":
        return f"Partij {title}"
    if kind == "overweging":
        return f"Overweging {letter(number - 1, upper=True)}"
    if kind == "ondertekening":
        return f"Ondertekening {title}"
    return title


def _similar_blocks(old: _Block, new: _Block) -> float:
    """Similarity of two blocks; above zero whenever they could be one changed block."""
    if old.kind != new.kind or old.kind not in ("p", "tbl"):
        return 0.0
    if old.kind == "p" and (old.sig[1] != new.sig[1] or old.anchor != new.anchor):
        return 0.0
    return max(text_similarity(old.text, new.text), 0.01)


# --- the comparison ------------------------------------------------------------------------


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
        self.document = Document(io.BytesIO(new.package.data))
        self.body = self.document.element.body
        self.old_body = parse_xml(old.package.parts[old.package.main]).find(qn("w:body"))
        if self.old_body is None:
            raise DocumentError(f"{old.name}: het hoofddocument heeft geen inhoud (w:body ontbreekt)")
        for version, body in ((old, self.old_body), (new, self.body)):
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
            styles=set(new_names), numbering=_numbering_ids(new.package),
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
        tracked.renumber(self.body)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return Redline(normalise_zip(buffer.getvalue()), changes, tuple(self.notes))

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
            outcome.excerpt = f"andere clausule ({old.key[2:]} \u2192 {new.key[2:]}); " + outcome.excerpt
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
        end._p.append(tracked.page_break())
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


class _SummaryWriter(_Writer):
    """render.py's writer, for the summary and the guidance comments of a redline."""

    def __init__(self, document, date: Optional[dt.datetime]):
        # No Agreement to write: only par(), table() and comment() are used.
        super().__init__(document, None, guidance=False, comment_date=date or dt.datetime(2000, 1, 1))
        self.missing = set(missing_styles(document))

    def par(self, style: str, text=(), page_break: bool = False):
        return super().par(style if style not in self.missing else None, text, page_break)

    def table(self, table: Table) -> None:
        if {"Table Grid", "Tabeltekst"} & self.missing:
            for row in (table.header,) + table.rows:
                self.par("Tekst", (" \u2013 ".join("".join(cell) for cell in row),))
            return
        super().table(table)


def _items(unit: _Unit) -> list:
    if unit.key is None:
        return [(unit, block) for block in unit.blocks]
    return [(unit, None)]


def _excerpt(old: str, new: str, what: str = "") -> str:
    """'‘old’ wordt ‘new’', 'toegevoegd: ‘new’' or 'geschrapt: ‘old’' (short; '' for empty text)."""
    old, new = _first_words(old, 40), _first_words(new, 40)
    prefix = f"{what} " if what else ""
    if old and new:
        return f"\u2018{old}\u2019 wordt \u2018{new}\u2019"
    if new:
        return f"{prefix}toegevoegd: \u2018{new}\u2019"
    if old:
        return f"{prefix}geschrapt: \u2018{old}\u2019"
    return ""


def _plain(element) -> str:
    """The text of a paragraph, row or table, cells separated by ' | ' (for excerpts)."""
    if element.tag == P:
        return paragraph_text(element)
    if element.tag == TR:
        return " | ".join(_plain(cell) for cell in element.findall(TC))
    return " ".join(paragraph_text(p) for p in element.iter(P) if paragraph_text(p).strip())


def _columns(table) -> int:
    grid = table.find(qn("w:tblGrid"))
    return len(grid.findall(qn("w:gridCol"))) if grid is not None else -1


def _shape(row) -> tuple:
    spans = []
    for cell in row.findall(TC):
        span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        spans.append(span.get(qn("w:val")) if span is not None else "1")
    return tuple(spans)


def _row_text(row) -> tuple[str, ...]:
    return tuple("\n".join(line for block in iter_blocks(cell) for line in block_lines(block))
                 for cell in row.findall(TC))


def _cell_blocks(cell) -> list[_Block]:
    return _blocks(cell, {})


def _replace_cell(cell, elements: list) -> None:
    properties = cell.find(qn("w:tcPr"))
    for child in list(cell):
        if child is not properties:
            cell.remove(child)
    for element in elements:
        cell.append(element)
    return cell
