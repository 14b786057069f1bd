"""The signature page: one block per party with its representatives, two blocks side by side.

Built as XML directly (through python-docx a block took 5 ms per party). Two parties share rows
of one borderless table: a row with their names, then a row per representative, so the lines to
sign on stand level even when a party's name takes two lines. Each representative gets room to
sign, a line to sign on (a paragraph's bottom border), name, function, place and date. The rows
of two parties keep together on a page.
"""

from __future__ import annotations

from typing import Optional, Sequence

from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..model import phrases
from ..model.agreement import Signature
from .typography import tie
from .wordml import el, run


def signature_table(parties: Sequence[tuple[str, Sequence[Signature]]], width: int, style: Optional[str]):
    """The signature blocks of ``parties`` (name, its signatures) two by two in a table
    without borders, ``width`` twips wide."""
    half = width // 2
    table = el("w:tbl", children=[
        el("w:tblPr", children=[
            el("w:tblW", {"w:type": "dxa", "w:w": str(2 * half)}),
            el("w:tblLayout", {"w:type": "fixed"}),
            el("w:tblLook", {"w:firstColumn": "0", "w:firstRow": "0", "w:lastColumn": "0", "w:lastRow": "0",
                             "w:noHBand": "1", "w:noVBand": "1", "w:val": "0600"}),
        ]),
        el("w:tblGrid", children=[el("w:gridCol", {"w:w": str(half)}), el("w:gridCol", {"w:w": str(half)})]),
    ])
    for start in range(0, len(parties), 2):
        pair = list(parties[start:start + 2])
        rows = [[_paragraph(style, name, bold=True, before=Pt(18).twips)] for name, _ in pair]
        block_rows = [rows]
        for index in range(max(len(signatures) for _, signatures in pair)):
            block_rows.append([_representative(style, signatures[index]) if index < len(signatures) else []
                               for _, signatures in pair])
        for number, cells in enumerate(block_rows):
            keep = number < len(block_rows) - 1  # the rows of two parties stay on one page
            table.append(_row(cells, half, style, keep))
    return table


def _representative(style: Optional[str], sig: Signature) -> list:
    return [
        _paragraph(style, line=True),
        _paragraph(style, f"{phrases.SIGN_NAME}: {sig.naam}"),
        _paragraph(style, f"{phrases.SIGN_FUNCTION}: {sig.functie}"),
        _paragraph(style, f"{phrases.SIGN_PLACE}: {sig.plaats}"),
        _paragraph(style, f"{phrases.SIGN_DATE}:"),
    ]


def _paragraph(style: Optional[str], text: str = "", bold: bool = False, line: bool = False, before: int = 0):
    p_pr = el("w:pPr", children=[el("w:pStyle", {"w:val": style})] if style else [])
    if line:  # room to sign, and the line to sign on
        p_pr.append(el("w:pBdr", children=[el("w:bottom", {"w:val": "single", "w:sz": "4",
                                                           "w:space": "1", "w:color": "auto"})]))
        p_pr.append(el("w:spacing", {"w:before": str(Pt(40).twips), "w:after": "40"}))
    elif before:
        p_pr.append(el("w:spacing", {"w:before": str(before)}))
    return el("w:p", children=[p_pr] + ([run(tie(text), bold=bold)] if text else []))


def _row(cells: list[list], half: int, style: Optional[str], keep: bool):
    gap = str(Cm(0.5).twips)
    out = []
    for index in range(2):
        content = cells[index] if index < len(cells) and cells[index] else [_paragraph(style)]
        if keep:  # keepNext on every paragraph of a row keeps the row with the next one
            for p in content:
                p_pr = p[0]  # every paragraph here starts with its w:pPr; keepNext follows pStyle
                p_pr.insert(1 if len(p_pr) and p_pr[0].tag == qn("w:pStyle") else 0, el("w:keepNext"))
        side = "w:right" if index == 0 else "w:left"  # the gap between the two blocks
        tc_pr = el("w:tcPr", children=[
            el("w:tcW", {"w:type": "dxa", "w:w": str(half)}),
            el("w:tcMar", children=[el(side, {"w:w": gap, "w:type": "dxa"})]),
        ])
        out.append(el("w:tc", children=[tc_pr] + content))
    return el("w:tr", children=[el("w:trPr", children=[el("w:cantSplit")])] + out)
