"""Annex tables in Word: the Tabel style, widths from the content, numbers right-aligned.

A mixin of render's writer (it uses the writer's ``fill``, ``_new_table``, ``_attach`` and
``_style_id``), so the summary table of a redline is laid out by the same rules.
"""

from __future__ import annotations

from typing import Optional

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from ..model.agreement import Ref, Table, Term, Text
from .tablelayout import layout, numeric_columns
from .typography import tie
from .wordml import el


class TableWriting:
    """Writes a model Table; ``_table_style`` and ``_block_width`` start as None."""

    _table_style: Optional[str]
    _block_width = None

    def table(self, table: Table, indent: int = 0) -> None:
        """A table in the Tabel style: its header row shaded and repeated on every page, columns
        as wide as their content needs (tablelayout), numbers right-aligned, rows kept whole on
        a page, and a last row "Totaal ..." set as the total row. ``indent`` (twips) lines a table in
        an article up with the text of its leden. A table too wide for its longest words is set
        in a smaller size (down to 8 pt) rather than breaking words."""
        rows = (table.header,) + table.rows
        plain = [[tie(self.plain_text(cell)) for cell in row] for row in rows]  # as fill() ties them
        available = self.block_width() - indent
        base = self.font_size("Tabeltekst")
        size, widths = layout(plain, available, base)
        right = numeric_columns(plain[0], plain[1:])
        total = bool(table.rows) and plain[-1][0].strip().lower() == "totaal"
        grid = self._new_table(len(rows), len(table.header))
        self._attach(grid)
        tbl = grid._tbl
        self._table_properties(tbl, widths, total, indent)
        style = self._style_id("Tabeltekst")
        # A cell's paragraph properties, copied for each cell (one call instead of two or three
        # element factories: a table of 100 parties has a few hundred cells)
        blank = [el("w:pPr", children=[el("w:pStyle", {"w:val": style})] if style else [])
                 for _ in range(2)]
        blank[1].append(el("w:jc", {"w:val": "right"}))
        # row.cells, not grid.cell(r, c): python-docx rebuilds the whole table's cell list on every
        # grid.cell call, which made tables (and builds) quadratic in the number of parties
        for r, (row, grid_row) in enumerate(zip(rows, grid.rows)):
            tr = grid_row._tr
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(el("w:cantSplit"))
            if r == 0:
                tr_pr.append(el("w:tblHeader"))
            bold = r == 0 or (total and r == len(rows) - 1)
            for column, (cell_text, tc) in enumerate(zip(row, tr.tc_lst)):
                tc.tcPr.find(qn("w:tcW")).set(qn("w:w"), str(widths[column]))
                p = tc.find(qn("w:p"))
                p.insert(0, blank[1 if right[column] else 0].__copy__())
                self.fill(DocxParagraph(p, grid_row), cell_text, bold=bold)
                if size != base:
                    _set_size(p, size)
        self.add_paragraph("Tekst")

    def _table_properties(self, tbl, widths: list[int], total: bool, indent: int) -> None:
        tbl_pr = tbl.tblPr
        for child in list(tbl_pr):
            tbl_pr.remove(child)
        style_id = self._table_style_id()
        if style_id:
            tbl_pr.append(el("w:tblStyle", {"w:val": style_id}))
        tbl_pr.append(el("w:tblW", {"w:type": "dxa", "w:w": str(sum(widths))}))
        if indent:
            tbl_pr.append(el("w:tblInd", {"w:w": str(indent), "w:type": "dxa"}))
        else:
            tbl_pr.append(el("w:jc", {"w:val": "center"}))
        tbl_pr.append(el("w:tblLayout", {"w:type": "fixed"}))
        tbl_pr.append(el("w:tblLook", {"w:firstColumn": "0", "w:firstRow": "1", "w:lastColumn": "0",
                                       "w:lastRow": "1" if total else "0", "w:noHBand": "1",
                                       "w:noVBand": "1", "w:val": "0660" if total else "0620"}))
        grid = tbl.tblGrid
        for col, width in zip(grid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(width))

    def _table_style_id(self) -> Optional[str]:
        """The Tabel style of the house style; Table Grid in a template made before it."""
        if self._table_style is None:
            names = {s.name: s for s in self.doc.styles if s.type == WD_STYLE_TYPE.TABLE}
            chosen = names.get("Tabel") or names.get("Table Grid")
            self._table_style = chosen.style_id if chosen is not None else ""
        return self._table_style or None

    def block_width(self) -> int:
        """The width between the margins, in twips."""
        if self._block_width is None:
            self._block_width = self.doc._block_width
        return int(self._block_width.twips)

    def font_size(self, style_name: str) -> float:
        """The font size in points of a paragraph style, following its base styles."""
        style = self.doc.styles[style_name] if style_name in self.doc.styles else None
        while style is not None:
            if style.font.size is not None:
                return style.font.size.pt
            style = style.base_style
        return 10.0

    def plain_text(self, text: Text) -> str:
        return "".join(self.agreement.ref_text(p) if isinstance(p, Ref) else p.text if isinstance(p, Term)
                       else p for p in text) if self.agreement else "".join(
                           p if isinstance(p, str) else getattr(p, "text", "") for p in text)


def _set_size(paragraph, size: float) -> None:
    """Set every run of ``paragraph`` in ``size`` points (w:sz follows w:b in w:rPr)."""
    half_points = str(int(round(size * 2)))
    sz, sz_cs = el("w:sz", {"w:val": half_points}), el("w:szCs", {"w:val": half_points})
    for r in paragraph.iter(_R):
        rpr = r.find(_RPR)
        if rpr is None:
            rpr = el("w:rPr")
            r.insert(0, rpr)
        rpr.append(sz.__copy__())
        rpr.append(sz_cs.__copy__())


_R, _RPR = qn("w:r"), qn("w:rPr")
