"""What the review reads: the articles, annexes and recitals of a draft, as plain text.

From the Agreement model (a spec just assembled, or the model a built .docx carries) or from
the body of a .docx itself (a draft edited after the build: its model is stale). Articles of a
.docx are found by the house style's heading styles; their keys are taken from the model where
the title matches, so rules can still find "the escalation article" after editing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from ..model.agreement import Agreement, Paragraph, Table
from ..model.text import inline_text
from ..word.docxread import DocxFile
from ..word.wmltext import P, TBL, iter_blocks
from .finding import Place

HEADINGS = {"Artikel": "artikel", "Bijlagekop": "bijlage"}
# The body styles of an article and of an annex; any other paragraph ends the unit (the closing
# sentence after the last article is "Tekst", as are an annex's plain paragraphs).
BODY = {"artikel": {"Lid", "Lidopsomming", "Tabeltekst"},
        "bijlage": {"Tekst", "Opsomming", "Tabeltekst", ""}}


@dataclass(frozen=True)
class Unit:
    place: Place
    clausule: Optional[str]
    alineas: tuple[str, ...]

    @property
    def tekst(self) -> str:
        return "\n".join(self.alineas)


@dataclass(frozen=True)
class Draft:
    units: tuple[Unit, ...]
    overwegingen: tuple[str, ...]
    clausules: tuple[str, ...]

    def unit(self, key: str) -> Optional[Unit]:
        for unit in self.units:
            if key in (unit.place.sleutel, unit.clausule):
                return unit
        return None

    def text(self) -> str:
        parts = list(self.overwegingen)
        for unit in self.units:
            parts.append(unit.place.titel)
            parts.extend(unit.alineas)
        return "\n".join(parts)


def _block_lines(agreement: Agreement, blocks) -> tuple[str, ...]:
    out = []
    for block in blocks:
        if isinstance(block, Table):
            for row in (block.header,) + tuple(block.rows):
                out.append(" | ".join(inline_text(agreement, cell) for cell in row))
            continue
        assert isinstance(block, Paragraph)
        if block.text:
            out.append(inline_text(agreement, block.text))
        out.extend(inline_text(agreement, item) for item in block.items)
    return tuple(" ".join(line.translate(_QUOTES).split()) for line in out)


def from_model(agreement: Agreement) -> Draft:
    units = [Unit(Place("artikel", n, a.title, a.key), a.clause_id, _block_lines(agreement, a.blocks))
             for n, a in enumerate(agreement.articles, 1)]
    units += [Unit(Place("bijlage", n, a.title, a.key), a.clause_id, _block_lines(agreement, a.blocks))
              for n, a in enumerate(agreement.annexes, 1)]
    recitals = tuple(" ".join(inline_text(agreement, r.text).translate(_QUOTES).split()) for r in agreement.recitals)
    return Draft(tuple(units), recitals, agreement.meta.clause_ids)


def _style_names(package: DocxFile) -> dict[str, str]:
    names = {}
    for part in package.related(package.main, RT.STYLES):
        for style in package.xml(part).iter(qn("w:style")):
            name = style.find(qn("w:name"))
            names[style.get(qn("w:styleId"), "")] = name.get(qn("w:val")) if name is not None else ""
    return names


def _style(paragraph, names: dict[str, str]) -> str:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    style_id = style.get(qn("w:val"), "") if style is not None else ""
    return names.get(style_id, style_id)


_TEXT = qn("w:t")
_TAB = qn("w:tab")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"'})


def _paragraph(paragraph, carry: list = None) -> str:
    """The visible text: field results, not codes (a REF shows 'artikel 7'); deleted text
    (``w:delText``) is not ``w:t``, so tracked deletions do not count. Typographic quotes
    read as straight ones, as the model writes them."""
    pieces = []
    for element in paragraph.iter(_TEXT, _TAB):
        pieces.append(" " if element.tag == _TAB else (element.text or ""))
    return " ".join("".join(pieces).translate(_QUOTES).split())


def from_docx(package: DocxFile, model: Optional[Agreement] = None) -> Draft:
    """The articles and annexes of a .docx by their heading styles; keys from ``model`` by title."""
    names = _style_names(package)
    body = package.xml(package.main).find(qn("w:body"))
    known: dict[tuple[str, str], list] = {}
    if model is not None:
        for kind, units in (("artikel", model.articles), ("bijlage", model.annexes)):
            for unit in units:
                known.setdefault((kind, " ".join(unit.title.split())), []).append(unit)
    units: list[tuple[str, str, list[str]]] = []
    recitals: list[str] = []
    current: Optional[list[str]] = None
    kind = ""
    carry: list = []
    for block in iter_blocks(body):
        if block.tag == TBL:
            if current is not None:
                for row in block.iter(qn("w:tr")):
                    cells = [" ".join(_paragraph(p, carry) for p in cell.iter(P)) for cell in row.iter(qn("w:tc"))]
                    current.append(" | ".join(" ".join(c.split()) for c in cells))
            continue
        if block.tag != P:
            continue
        style = _style(block, names)
        text = _paragraph(block, carry)
        if style in HEADINGS:
            current, kind = [], HEADINGS[style]
            units.append((kind, text, current))
        elif style == "Overweging":
            if text:
                recitals.append(text)
        elif current is not None and style not in BODY[kind]:
            current = None
        elif current is not None and text:
            current.append(text)
    out = []
    counters = {"artikel": 0, "bijlage": 0}
    for kind, title, lines in units:
        counters[kind] += 1
        match = known.get((kind, title)) or []
        key = match[0].key if len(match) == 1 else None
        clause = match[0].clause_id if len(match) == 1 else None
        out.append(Unit(Place(kind, counters[kind], title, key), clause, tuple(lines)))
    clauses = tuple(u.clausule for u in out if u.clausule)
    return Draft(tuple(out), tuple(recitals), clauses)
