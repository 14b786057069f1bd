"""The change summary of a redline ("Wijzigingsoverzicht"): its fixed sentences, its rows (one
per changed unit, in document order, with every change of the unit in its excerpt), the writer
for it and for guidance comments, and the short excerpts of what changed."""

from __future__ import annotations

import copy
import datetime as dt
from types import SimpleNamespace
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from ..model.agreement import Table
from ..word.render import _Writer
from ..word.template import missing_styles
from .marks import page_break
from .version import Change

SUMMARY_TITLE = "Wijzigingsoverzicht"
SUMMARY_END = ("Hierna volgt de overeenkomst met alle wijzigingen als bijgehouden wijzigingen; "
               "accepteer of weiger ze in Word onder Controleren.")
NO_CHANGES = "Er zijn geen wijzigingen: beide versies hebben dezelfde tekst."
EXCERPT = 90
MAX_PIECES = 4  # changes named in one excerpt; the others are counted ("en nog 3 wijzigingen")


def _first_words(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "\u2026"


class _SummaryWriter(_Writer):
    """render.py's writer, for the summary and the guidance comments of a redline."""

    def __init__(self, document, date: Optional[dt.datetime]):
        # No Agreement to write: only par(), table() and comment() are used.
        super().__init__(document, None, guidance=False, comment_date=date or dt.datetime(2000, 1, 1))
        self.missing = set(missing_styles(document))

    def par(self, style: str, text=(), page_break: bool = False):
        return super().par(style if style not in self.missing else None, text, page_break)

    def table(self, table: Table) -> None:
        if {"Tabel", "Tabeltekst"} & self.missing:
            for row in (table.header,) + table.rows:
                self.par("Tekst", (" \u2013 ".join("".join(cell) for cell in row),))
            return
        super().table(table)


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


@dataclass(frozen=True)
class Piece:
    """One change within a unit, as the excerpt names it.

    ``part`` is where in the unit it is, when that is a table: the row's first cell (a party in
    an annex table) or, in the signature table, the party whose block it is. ``status`` is what
    happened to that part: nieuw, vervallen or gewijzigd (signature blocks are listed per party).
    """

    text: str
    part: str = ""
    status: str = "gewijzigd"

    def shown(self) -> str:
        return f"{self.part}: {self.text}" if self.part and self.text else self.part or self.text


def joined(pieces: Iterable[Piece]) -> str:
    """The excerpt of a unit: its changes in order, each once, the first ``MAX_PIECES`` named."""
    texts = list(dict.fromkeys(shown for shown in (piece.shown() for piece in pieces) if shown))
    out = "; ".join(texts[:MAX_PIECES])
    rest = len(texts) - MAX_PIECES
    if rest > 0:
        out += f"; en nog {rest} wijziging" + ("en" if rest > 1 else "")
    return out


@dataclass
class _Row:
    kind: str
    status: str
    label: str
    pieces: list[Piece]
    unit: object  # the new version's unit, for guidance comments; None for a removed one
    anchor: object  # the first element of the unit in the redline's body, for the order


class Overview:
    """The rows of the summary: one per unit (kind and label), its changes gathered from
    wherever the comparison finds them (the unit itself, the text around it, a reference to a
    moved article that had to follow it)."""

    def __init__(self):
        self.rows: dict[tuple[str, str], _Row] = {}

    def add(self, kind: str, status: str, label: str, pieces: list[Piece], unit: object = None,
            anchor: object = None) -> None:
        row = self.rows.get((kind, label))
        if row is None:
            self.rows[(kind, label)] = _Row(kind, status, label, list(pieces), unit, anchor)
            return
        row.pieces.extend(pieces)
        row.status = _combined(row.status, status)
        row.unit = row.unit if row.unit is not None else unit
        row.anchor = row.anchor if row.anchor is not None else anchor

    def changes(self, position: Callable[[object], int]) -> list[tuple[Change, object]]:
        """The rows as summary lines with their units, in the order of ``position(anchor)``."""
        rows = sorted(self.rows.values(), key=lambda row: position(row.anchor))
        return [(Change(row.kind, row.status, row.label, joined(row.pieces)), row.unit) for row in rows]


def _combined(first: str, second: str) -> str:
    if first == second:
        return first
    if {first, second} <= {"verplaatst", "gewijzigd", "verplaatst en gewijzigd"}:
        return "verplaatst en gewijzigd"
    return "gewijzigd"


def part_status(pieces: list[Piece]) -> str:
    """nieuw or vervallen when every change of a part says so, else gewijzigd."""
    statuses = {piece.status for piece in pieces}
    return statuses.pop() if len(statuses) == 1 else "gewijzigd"


def summary_section(body_section):
    """The section break that ends the summary: the document's own page setup, header and footer,
    but no first-page layout, so the agreement's cover (the first page of the next section)
    keeps its own empty header and footer and the summary pages carry the running ones."""
    section = copy.deepcopy(body_section)
    for child in section.findall(qn("w:titlePg")) + section.findall(qn("w:pgNumType")):
        section.remove(child)
    kind = section.find(qn("w:type"))
    if kind is not None:
        section.remove(kind)
    return section


def counts_sentence(changes) -> str:
    """How much changed, in a sentence: '7 onderdelen zijn veranderd: 5 gewijzigd, 1 nieuw en 1
    vervallen.'; 'Eén onderdeel is gewijzigd.'"""
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.status] = counts.get(change.status, 0) + 1
    total = sum(counts.values())
    if len(counts) == 1:
        status = next(iter(counts))
        return f"Eén onderdeel is {status}." if total == 1 else f"{total} onderdelen zijn {status}."
    parts = [f"{n} {status}" for status, n in counts.items()]
    listed = ", ".join(parts[:-1]) + f" en {parts[-1]}"
    return f"{total} onderdelen zijn veranderd: {listed}."


def write_summary(document, date, changes, notes, sentence: str) -> None:
    """The "Wijzigingsoverzicht" at the start of the redline's body: which versions, how much
    changed, a row per changed unit, notes; a section break ends it (``summary_section``)."""
    body = document.element.body
    writer = _SummaryWriter(document, date)
    first = next(iter(body), None)
    before = set(body)
    writer.par("Tussenkop", (SUMMARY_TITLE,))
    writer.par("Tekst", (sentence,))
    if changes:
        writer.par("Tekst", (counts_sentence(changes),))
        rows = tuple(((c.label,), (c.status,), (c.excerpt,)) for c in changes)
        writer.table(Table(header=(("Onderdeel",), ("Wijziging",), ("Uittreksel",)), rows=rows))
    else:
        writer.par("Tekst", (NO_CHANGES,))
    for note in notes:
        writer.par("Tekst", (f"Let op: {note}.",))
    end = writer.par("Tekst", (SUMMARY_END,))
    section = body.find(qn("w:sectPr"))
    if section is not None:
        end._p.get_or_add_pPr().append(summary_section(section))
    else:
        end._p.append(page_break())
    if first is None or first is section:
        return
    for element in [e for e in body if e not in before]:
        first.addprevious(element)


def guidance_comments(document, date, changes) -> None:
    """The drafter's guidance of each changed or new unit as a comment on its heading."""
    writer = _SummaryWriter(document, date)
    writer.guidance = True
    for change, unit in changes:
        if unit is None or unit.guidance is None or change.status == "vervallen":
            continue
        heading = unit.blocks[0].element
        paragraph = DocxParagraph(heading, document._body)
        runs = [Run(r, paragraph) for r in heading.xpath("./w:r | ./w:ins/w:r")]
        writer.comment(SimpleNamespace(runs=runs), unit.guidance)
