"""Agreement -> .docx through the house-style template (loaded by ``template``).

docxtpl renders the template's title page, header and footer (autoescaped, sandboxed, strict);
python-docx then writes the body into the same document with the template's styles. Numbers
of articles, leden, recitals and annexes come from Word's own lists; cross-references are REF
fields to bookmarks, filled in with the current number. The renderer makes no decisions: what
the document says is in the Agreement.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Optional

import jinja2
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ..model import phrases
from .. import resources
from ..errors import TemplateError
from .modelpart import embed_model
from .template import load_template
from ..model.agreement import Agreement, Block, Guidance, Paragraph, Ref, Table, Term, Text
from ..templating import LimitExceeded, f_datum, make_environment, time_limit
from .wordml import bookmark, el, field_runs, run

COMMENT_AUTHOR = "agreement-gen"
CUSTOM_PROPS_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def bookmark_name(key: str) -> str:
    """A Word bookmark name for an article or annex key: hidden (leading _), at most 40 chars."""
    slug = re.sub(r"[^A-Za-z0-9]", "_", key)
    return f"_Ref_{slug}"[:40]


class _Writer:
    """Writes the body of one agreement into a python-docx Document."""

    def __init__(self, document, agreement: Optional[Agreement], guidance: bool,
                 comment_date: Optional[dt.datetime] = None):
        self.doc = document
        self.agreement = agreement
        self.guidance = guidance
        self.bookmark_id = 0
        self._style_ids: dict[str, Optional[str]] = {}
        self._section = document.element.body.find(qn("w:sectPr"))
        if comment_date is None:
            comment_date = dt.datetime.combine(agreement.meta.date, dt.time(0, 0))
        self.comment_date = comment_date.replace(tzinfo=dt.timezone.utc)

    # -- inline content ------------------------------------------------------------------
    def fill(self, paragraph, text: Text) -> None:
        p = paragraph._p
        for piece in text:
            if isinstance(piece, Ref):
                cached = self.agreement.ref_text(piece)
                # Word's REF \r gives the heading's number as "Artikel 7"; \* Lower makes it
                # "artikel 7" mid-sentence. (LibreOffice ignores \* Lower and shows "Artikel 7".)
                lower = "" if piece.capital else " \\* Lower"
                instruction = f"REF {bookmark_name(self._target_key(piece))} \\r \\h{lower}"
                for r in field_runs(instruction, cached):
                    p.append(r)
            elif isinstance(piece, Term):
                p.append(run(piece.text, bold=True))
            elif piece:
                p.append(run(piece))

    def _target_key(self, ref: Ref) -> str:
        for unit in list(self.agreement.articles) + list(self.agreement.annexes):
            if ref.target in (unit.key, unit.clause_id):
                return unit.key
        return ref.target

    def set_style(self, paragraph, name: str) -> None:
        """`paragraph.style = name`, with the name looked up once: python-docx resolves a style
        name by scanning every style of the template on each assignment, which was half of the
        time of a build."""
        style_id = self._style_id(name)
        p = paragraph._p
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            p.insert(0, ppr)
        current = ppr.find(qn("w:pStyle"))
        if style_id is None:
            if current is not None:
                ppr.remove(current)
        elif current is not None:
            current.set(qn("w:val"), style_id)
        else:
            ppr.insert(0, el("w:pStyle", {"w:val": style_id}))  # pStyle comes first in w:pPr

    def _style_id(self, name: str) -> Optional[str]:
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.part.get_style_id(self.doc.styles[name], WD_STYLE_TYPE.PARAGRAPH)
        return self._style_ids[name]

    def add_paragraph(self, style: Optional[str]):
        """A new paragraph at the end of the body, built directly: python-docx's add_paragraph and
        style setter search the schema order of every child on each call."""
        p = el("w:p")
        if style is not None:  # as python-docx: a pPr even for the default style (without pStyle)
            style_id = self._style_id(style)
            p.append(el("w:pPr", children=[el("w:pStyle", {"w:val": style_id})] if style_id else ()))
        if self._section is not None:
            self._section.addprevious(p)
        else:
            self.doc.element.body.append(p)
        paragraph = DocxParagraph(p, self.doc._body)
        return paragraph

    def par(self, style: Optional[str], text: Text = (), page_break: bool = False):
        paragraph = self.add_paragraph(style)
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        self.fill(paragraph, text)
        return paragraph

    def add_bookmark(self, paragraph, key: str) -> None:
        self.bookmark_id += 1
        bookmark(paragraph._p, bookmark_name(key), self.bookmark_id)

    # -- blocks --------------------------------------------------------------------------
    def blocks(self, blocks: tuple[Block, ...], in_article: bool) -> None:
        for block in blocks:
            if isinstance(block, Table):
                self.table(block)
                continue
            assert isinstance(block, Paragraph)
            if in_article:
                self.par("Lid", block.text)
            elif block.text:
                self.par("Tekst", block.text)
            for item in block.items:
                self.par("Lidopsomming" if in_article else "Opsomming", item)

    def table(self, table: Table) -> None:
        width = len(table.header)
        grid = self.doc.add_table(rows=1 + len(table.rows), cols=width)
        grid.style = self.doc.styles["Table Grid"]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        # row.cells, not grid.cell(r, c): python-docx rebuilds the whole table's cell list on every
        # grid.cell call, which made tables (and builds) quadratic in the number of parties
        for r, (row, grid_row) in enumerate(zip((table.header,) + table.rows, grid.rows)):
            for cell_text, cell in zip(row, grid_row.cells):
                paragraph = cell.paragraphs[0]
                self.set_style(paragraph, "Tabeltekst")
                self.fill(paragraph, cell_text)
                if r == 0:
                    for rr in paragraph.runs:
                        rr.bold = True
        header_tr = grid.rows[0]._tr
        header_tr.get_or_add_trPr().append(el("w:tblHeader"))
        self.add_paragraph("Tekst")

    # -- guidance comments ---------------------------------------------------------------
    def comment(self, paragraph, guidance: Optional[Guidance]) -> None:
        if not (self.guidance and guidance and paragraph.runs):
            return
        comment = self.doc.add_comment(paragraph.runs, text=f"Toelichting: {guidance.toelichting}",
                                       author=COMMENT_AUTHOR, initials="AG")
        for source in guidance.bronnen:
            if source.grondslag:
                comment.add_paragraph(f"Grondslag: {source.grondslag}")
            else:
                comment.add_paragraph(f"Bron: {source.bestand}: \u201c{source.citaat}\u201d")
        comment._comment_elm.date = self.comment_date

    # -- the parts of the agreement ------------------------------------------------------
    def toc(self) -> None:
        self.par("Tussenkop", (phrases.TOC_TITLE,), page_break=True)
        entries = [(f"Artikel {n}", a.title, a.key) for n, a in enumerate(self.agreement.articles, 1)]
        entries += [(f"Bijlage {n}", a.title, a.key) for n, a in enumerate(self.agreement.annexes, 1)]
        first = self.add_paragraph("TOC 1")
        begin = field_runs('TOC \\o "1-1" \\h \\z \\u', "", dirty=True)
        for r in begin[:3]:
            first._p.append(r)
        paragraphs = [first] + [self.add_paragraph("TOC 1") for _ in entries[1:]]
        for paragraph, (number, title, key) in zip(paragraphs, entries):
            link = el("w:hyperlink", {"w:anchor": bookmark_name(key), "w:history": "1"})
            # the number is a REF field too, so an inserted article renumbers the entries
            # instead of changing their text (no noise in a redline)
            for r in field_runs(f"REF {bookmark_name(key)} \\r \\h", number):
                link.append(r)
            link.append(run(f" {title}\t"))
            for r in field_runs(f"PAGEREF {bookmark_name(key)} \\h", ""):
                link.append(r)
            paragraph._p.append(link)
        paragraphs[-1]._p.append(begin[-1])

    def parties(self) -> None:
        self.par("Tussenkop", (phrases.PARTIES_INTRO,), page_break=True)
        for party in self.agreement.parties:
            self.par("Comparitie", party.text)
        self.par("Tekst", self.agreement.parties_closing)

    def recitals(self) -> None:
        if not self.agreement.recitals:
            return
        self.par("Tussenkop", (phrases.RECITALS_INTRO,))
        for recital in self.agreement.recitals:
            self.par("Overweging", recital.text)

    def articles(self) -> None:
        self.par("Tussenkop", (phrases.AGREED,))
        for article in self.agreement.articles:
            heading = self.par("Artikel", (article.title,))
            self.add_bookmark(heading, article.key)
            self.comment(heading, article.guidance)
            self.blocks(article.blocks, in_article=True)

    def signatures(self) -> None:
        closing = self.par("Tekst", self.agreement.closing)
        closing.paragraph_format.space_before = Pt(12)
        self.par("Tussenkop", (phrases.SIGNATURES_TITLE,))
        for index, sig in enumerate(self.agreement.signatures):
            if index:
                # Two tables with nothing between them are one table to Word (it merges them on
                # opening). A spacer between blocks, never after the last (it pushed a blank page).
                self.add_paragraph("Tekst")
            rows = [
                (sig.party, None),
                (phrases.SIGN_NAME, sig.naam),
                (phrases.SIGN_FUNCTION, sig.functie),
                (phrases.SIGN_PLACE, sig.plaats),
                (phrases.SIGN_DATE, ""),
                (phrases.SIGN_SIGNATURE, ""),
            ]
            table = self.doc.add_table(rows=len(rows), cols=2)
            for i, (label, value) in enumerate(rows):
                cells = table.rows[i].cells
                if value is None:
                    cell = cells[0].merge(cells[1])
                    self.set_style(cell.paragraphs[0], "Ondertekening")
                    cell.paragraphs[0]._p.append(run(label, bold=True))
                else:
                    self.set_style(cells[0].paragraphs[0], "Ondertekening")
                    cells[0].paragraphs[0]._p.append(run(f"{label}:"))
                    self.set_style(cells[1].paragraphs[0], "Ondertekening")
                    if value:
                        cells[1].paragraphs[0]._p.append(run(value))
                tr_pr = table.rows[i]._tr.get_or_add_trPr()
                tr_pr.append(el("w:cantSplit"))
                if label == phrases.SIGN_SIGNATURE:
                    tr_pr.append(el("w:trHeight", {"w:val": str(Cm(1.6).twips), "w:hRule": "atLeast"}))
            last = table.rows[-1].cells
            for cell in last:
                cell.paragraphs[0].paragraph_format.keep_with_next = False
            table.autofit = False
            for column, width in zip(table.columns, (Cm(4), Cm(12))):
                column.width = width
                for cell in column.cells:
                    cell.width = width

    def end_with_paragraph(self) -> None:
        """Word wants a paragraph after a final table; it would add one when opening the file."""
        body = self.doc.element.body
        last = [child for child in body if child.tag != qn("w:sectPr")][-1]
        if last.tag == qn("w:tbl"):
            self.add_paragraph("Tekst")

    def annexes(self) -> None:
        for annex in self.agreement.annexes:
            heading = self.par("Bijlagekop", (annex.title,))
            self.add_bookmark(heading, annex.key)
            self.comment(heading, annex.guidance)
            self.blocks(annex.blocks, in_article=False)


def _title_context(agreement: Agreement) -> dict:
    meta = agreement.meta
    return {
        "titel": meta.title,
        "samenwerking": meta.collaboration,
        "regio": meta.region,
        "partijnamen": [sig for sig in dict.fromkeys(s.party for s in agreement.signatures)],
        "kenmerk": meta.kenmerk,
        "versie": meta.version,
        "datum": f_datum(meta.date),
        "concept": meta.status == "concept",
        "status": meta.status,
    }


def _set_properties(document, agreement: Agreement) -> None:
    meta = agreement.meta
    core = document.core_properties
    moment = dt.datetime.combine(meta.date, dt.time(0, 0))
    core.title = meta.title
    core.subject = meta.subject
    core.author = meta.author
    core.last_modified_by = meta.author
    core.keywords = f"samenwerkingsovereenkomst; {meta.collaboration}; {meta.kenmerk}"
    core.comments = f"Gemaakt met agreement-gen {meta.generator_version}"
    core.category = "Concept" if meta.status == "concept" else "Definitief"
    core.version = meta.version
    core.identifier = meta.kenmerk
    core.created = moment
    core.modified = moment
    core.revision = 1
    core.content_status = meta.status
    core.language = "nl-NL"
    properties = {
        "agreement-gen-versie": meta.generator_version,
        "spec-sha256": meta.spec_sha256,
        "bibliotheek": meta.library_name,
        "bibliotheek-versie": meta.library_version,
        "bibliotheek-lagen": meta.library_layers,
        "clausules": ",".join(meta.clause_ids),
        "kenmerk": meta.kenmerk,
        "status": meta.status,
    }
    set_custom_properties(document, properties)


def set_custom_properties(document, properties: dict[str, str]) -> None:
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(properties.items(), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=PROPERTY_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_PROPS_CT, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_custom_properties(docx_bytes: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        try:
            xml = archive.read("docProps/custom.xml")
        except KeyError:
            return {}
    root = etree.fromstring(xml)
    return {
        prop.get("name"): "".join(prop.itertext())
        for prop in root.iter(f"{{{CUSTOM_NS}}}property")
    }


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a .docx with fixed entry times and attributes, so equal input gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            clean = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            clean.compress_type = zipfile.ZIP_DEFLATED
            clean.external_attr = 0o644 << 16
            clean.create_system = 0
            target.writestr(clean, source.read(info.filename))
    return out.getvalue()


def render_docx(agreement: Agreement, template: Path | None = None, guidance: bool = True) -> bytes:
    """The agreement as the bytes of a .docx file."""
    path = Path(template) if template else resources.default_template()
    tpl = load_template(path)
    env = make_environment()
    try:
        with time_limit():
            tpl.render(_title_context(agreement), jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{path}: fout in een plaatshouder van het sjabloon: {exc}") from exc
    except LimitExceeded as exc:
        raise TemplateError(f"{path}: een plaatshouder van het sjabloon gaat over een grens: {exc}") from exc
    document = tpl.docx
    writer = _Writer(document, agreement, guidance=guidance and agreement.meta.status == "concept")
    writer.toc()
    writer.parties()
    writer.recitals()
    writer.articles()
    writer.signatures()
    writer.annexes()
    writer.end_with_paragraph()
    _set_properties(document, agreement)
    embed_model(document, agreement)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())
