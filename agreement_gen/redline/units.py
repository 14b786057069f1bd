"""A body cut up for comparison: blocks (paragraphs, tables), units (articles, annexes, parties,
recitals, signatures, frame text) with their keys and labels, and table rows and cells."""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Hashable, Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from .align import text_similarity
from .tokens import _key
from ..model.agreement import Agreement, Guidance
from ..model.text import letter
from ..word.bodytext import BodyText
from ..word.docxread import DocxFile
from ..word.wmltext import (
    CUSTOM_XML, P, SDT, SDT_CONTENT, T, TBL, TC, TR, block_lines, char_text, first_child, iter_blocks,
    paragraph_text,
)

ARTICLE_BODY = frozenset({"Lid", "Lidopsomming", "Opsomming", "Tabeltekst"})
PROPERTIES = frozenset({qn("w:sectPr"), qn("w:tcPr")})
TOC_STYLE = re.compile(r"toc \d", re.IGNORECASE)
FIELD_CODE = re.compile(r"\{[^{}]*\}")
#: A heading's list number written into a TOC entry as text (Word does; LibreOffice and we do not).
ENTRY_NUMBER = re.compile(r"^(?:[^\W\d]+\s+)?(?:\d+|[IVXLC]+)[.)]?\s+", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"\t[^\t]*$")
CHARACTERS = tuple(qn(t) for t in ("w:tab", "w:br", "w:cr", "w:noBreakHyphen"))


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
    title: str = ""  # what the label names: a heading's title, a party's name


def _style_names(package: DocxFile) -> dict[str, str]:
    names = {}
    for part in package.related(package.main, RT.STYLES):
        for style in package.xml(part).iter(qn("w:style")):
            name = style.find(qn("w:name"))
            outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            value = name.get(qn("w:val")) if name is not None else style.get(qn("w:styleId"))
            if outline is not None and outline.get(qn("w:val")) == "0" and value not in ("Artikel", "Bijlagekop"):
                value = "heading 1"
            if value and TOC_STYLE.fullmatch(value):
                value = value.lower()  # Word's latent name is "toc 1", LibreOffice writes "TOC 1"
            names[style.get(qn("w:styleId"), "")] = value
    return names


def unwrap_tables_of_contents(body) -> None:
    """Replace a table of contents in a content control by the paragraphs it holds.

    Word ("automatic table") and LibreOffice store a table of contents as a ``w:sdt`` of the
    "Table of Contents" gallery; agreement-gen writes the same TOC field in plain paragraphs.
    Unwrapped, the entries of both forms compare one by one, and an unchanged table of
    contents is no change whichever program saved it. The redline keeps the field itself.
    """
    for sdt in body.findall(SDT):
        gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
        if gallery is None:
            gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartList')}/{qn('w:docPartGallery')}")
        content = sdt.find(SDT_CONTENT)
        if gallery is None or content is None or not gallery.get(qn("w:val"), "").startswith("Table of Contents"):
            continue
        for child in list(content):
            sdt.addprevious(child)
        body.remove(sdt)


def _toc_entry(text: str) -> str:
    """The title a table-of-contents entry shows: without field codes, number and page number.

    agreement-gen writes "{REF} Titel<tab>{PAGEREF}", LibreOffice " Titel<tab>", Word after an
    update "Artikel 1<tab>Titel<tab>3": all three are the entry "Titel".
    """
    plain = FIELD_CODE.sub("", text)
    if "\t" in plain:
        plain = PAGE_NUMBER.sub("", plain)
    return ENTRY_NUMBER.sub("", " ".join(plain.split()))


def _blocks(body, names: dict[str, str], body_text: Optional[BodyText] = None) -> list[_Block]:
    """The blocks of ``body``; ``body_text``: its ``BodyText``, when the caller has it."""
    body_text = BodyText(body) if body_text is None else body_text
    carry: list = []
    out = []
    for child in body:
        tag = child.tag
        if tag in PROPERTIES or not isinstance(tag, str):
            continue
        if tag == P:
            sid = _style_id(child)
            style = names.get(sid, sid)
            text = paragraph_text(child, carry, body_text=body_text)
            link = first_child(child, _HYPERLINK)
            anchor = link.get(_ANCHOR) if link is not None else None
            # The style name, not the numbering: numIds are arbitrary per package, and LibreOffice
            # writes the numbering a style implies into every paragraph (w:numPr).
            # A table-of-contents entry is generated: the same title is the same entry, whatever
            # number, page number or field switches the program that saved it wrote.
            sig = ("p", style, _toc_entry(text)) if TOC_STYLE.fullmatch(style) else ("p", style, text)
            out.append(_Block(child, "p", style, text, sig, anchor))
        elif tag in (TBL, SDT, CUSTOM_XML):
            text = "\n".join(block_lines(child, carry=carry, body_text=body_text))
            first = next(child.iter(P), None)
            style = names.get(_style_id(first), "") if first is not None else ""
            kind = "tbl" if tag == TBL else "other"
            out.append(_Block(child, kind, style, text, (kind, text)))
        else:
            out.append(_Block(child, "marker", "", "", object()))
    return out


_PPR, _P_STYLE = qn("w:pPr"), qn("w:pStyle")
_VAL = qn("w:val")
_HYPERLINK, _ANCHOR = qn("w:hyperlink"), qn("w:anchor")


def _style_id(paragraph) -> str:
    properties = first_child(paragraph, _PPR)
    style = first_child(properties, _P_STYLE) if properties is not None else None
    return style.get(_VAL, "") if style is not None else ""


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
        if kind == "ondertekening" and any(signature_blocks(unit.blocks[0].element) for by_kind, _, _ in grouped
                                           for unit in by_kind.get(kind, [])):
            continue  # the parties side by side in one table, not a table per signatory: _document_key
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
                unit.label, unit.title = _label(kind, number, title), title
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
    elif unit.kind == "ondertekening" and signature_blocks(head.element):
        unit.key = unit.slot = "S:"
        unit.label = "Ondertekening"
        return
    elif unit.kind == "ondertekening":
        rows = [_plain(row).split(" | ") for row in head.element.findall(TR)]
        title = rows[0][0] + (f" ({rows[1][-1]})" if len(rows) > 1 else "")
        unit.key = f"S:{head.text}"
    elif unit.kind == "overweging":
        unit.label = _label(unit.kind, number, title)
        return  # recitals without a model have no key: they are aligned by their text
    unit.slot = unit.key
    unit.label, unit.title = _label(unit.kind, number, title), title


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
        return f"Partijen: {title}"
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


def _items(unit: _Unit) -> list:
    if unit.key is None:
        return [(unit, block) for block in unit.blocks]
    return [(unit, None)]


def _plain(element) -> str:
    """What a reader sees of a paragraph, row or table (for excerpts): the text with the results
    of fields, not their codes; cells separated by ' | ', paragraphs by a space."""
    if element.tag == P:
        return "".join(node.text or "" if node.tag == T else char_text(node) or ""
                       for node in element.iter(T, *CHARACTERS))
    if element.tag == TR:
        return " | ".join(_plain(cell) for cell in element.findall(TC))
    return " ".join(text for text in (_plain(p) for p in element.iter(P)) if text.strip())


def part_name(row) -> str:
    """The name of a table row in the summary: its first cell (a party in an annex table),
    without a closing colon."""
    first = row.find(TC)
    return " ".join(_plain(first).split()).rstrip(":") if first is not None else ""


def signature_blocks(table) -> bool:
    """Whether a signature table holds the parties side by side (a column per party) rather than
    one signatory (the party across the first row, then label and value)."""
    first = table.find(TR)
    return first is not None and len(first.findall(TC)) > 1


def signature_parties(table, names: set[str]) -> dict:
    """The party of each cell of a signature table with the parties side by side: a cell that
    starts with the name of a party (``names``, as the comparitie gives them) is that party's,
    and so is every cell under it in its column until the next name."""
    parties = {}
    above: dict[int, str] = {}
    for row in table.findall(TR):
        for column, cell in enumerate(row.findall(TC)):
            first = next((t for t in (_spaced(_plain(p)) for p in cell.iter(P)) if t), "")
            if first in names:
                above[column] = first
            parties[cell] = above.get(column, "")
    return parties


def _spaced(text: str) -> str:
    """``text`` as the comparison reads it (``tokens._key``: straight quotes, plain spaces), every
    run of spaces one space: the model's "'t Hoogeland" is the document's "’t Hoogeland"."""
    return " ".join(_key(text).split())


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
