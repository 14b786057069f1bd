"""The signature page's blocks: one per party with its representatives, two side by side.

Built as XML directly (through python-docx a block took 5 ms per party). Each representative
gets room to sign and a line to sign on (a paragraph's bottom border), then name and function;
place and date close the block (per representative when they sign in different places).
"""

from __future__ import annotations

from typing import Optional, Sequence

from docx.shared import Cm, Pt

from ..model import phrases
from ..model.agreement import Signature
from .typography import tie
from .wordml import el, run


def signature_block(party: str, signatures: Sequence[Signature], style: Optional[str]) -> list:
    """The paragraphs of one party's block (the content of a table cell)."""

    def paragraph(text: str = "", bold: bool = False, line: bool = False, before: int = 0):
        p_pr = el("w:pPr", children=[el("w:pStyle", {"w:val": style})] if style else [])
        if line:  # room to sign, and the line to sign on
            p_pr.append(el("w:pBdr", children=[el("w:bottom", {"w:val": "single", "w:sz": "4",
                                                               "w:space": "1", "w:color": "auto"})]))
            p_pr.append(el("w:spacing", {"w:before": str(Pt(40).twips), "w:after": "40"}))
        elif before:
            p_pr.append(el("w:spacing", {"w:before": str(before)}))
        return el("w:p", children=[p_pr] + ([run(tie(text), bold=bold)] if text else []))

    places = list(dict.fromkeys(sig.plaats for sig in signatures))
    out = [paragraph(party, bold=True, before=Pt(18).twips)]  # room between rows of blocks
    for sig in signatures:
        out += [paragraph(line=True), paragraph(f"{phrases.SIGN_NAME}: {sig.naam}"),
                paragraph(f"{phrases.SIGN_FUNCTION}: {sig.functie}")]
        if len(places) > 1:
            out += [paragraph(f"{phrases.SIGN_PLACE}: {sig.plaats}"), paragraph(f"{phrases.SIGN_DATE}:")]
    if len(places) == 1:
        out += [paragraph(f"{phrases.SIGN_PLACE}: {places[0]}"), paragraph(f"{phrases.SIGN_DATE}:")]
    return out


def signature_table(blocks: Sequence[list], width: int):
    """The blocks two by two in a table without borders, ``width`` twips wide; a row (two
    blocks) never splits over a page."""
    half = width // 2
    gap = str(Cm(0.5).twips)
    table = el("w:tbl", children=[
        el("w:tblPr", children=[
            el("w:tblW", {"w:type": "dxa", "w:w": str(2 * half)}),
            el("w:tblLayout", {"w:type": "fixed"}),
            el("w:tblLook", {"w:firstColumn": "0", "w:firstRow": "0", "w:lastColumn": "0", "w:lastRow": "0",
                             "w:noHBand": "1", "w:noVBand": "1", "w:val": "0600"}),
        ]),
        el("w:tblGrid", children=[el("w:gridCol", {"w:w": str(half)}), el("w:gridCol", {"w:w": str(half)})]),
    ])
    for start in range(0, len(blocks), 2):
        cells = []
        for index in range(2):
            content = blocks[start + index] if start + index < len(blocks) else [el("w:p")]
            side = "w:right" if index == 0 else "w:left"  # the gap between the two blocks
            tc_pr = el("w:tcPr", children=[
                el("w:tcW", {"w:type": "dxa", "w:w": str(half)}),
                el("w:tcMar", children=[el(side, {"w:w": gap, "w:type": "dxa"})]),
            ])
            cells.append(el("w:tc", children=[tc_pr] + content))
        table.append(el("w:tr", children=[el("w:trPr", children=[el("w:cantSplit")])] + cells))
    return table
