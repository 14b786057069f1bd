"""Agreement -> .docx through the house-style template (loaded by ``template``).

docxtpl renders the template's title page, header and footer (autoescaped, sandboxed, strict);
python-docx then writes the body into the same document with the template's styles. Numbers
of articles, leden, recitals and annexes come from Word's own lists; cross-references are REF
fields to bookmarks, filled in with the current number. The renderer makes no decisions: what
the document says is in the Agreement.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Optional

from docx.enum.style import WD_STYLE_TYPE
from docx.styles import BabelFish
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.oxml.table import CT_Tbl
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ..model import phrases
from .. import resources
from ..errors import TemplateError
from .modelpart import embed_model
from .package import save_docx
from .properties import set_properties
from ..model.agreement import Agreement, Block, Guidance, Paragraph, Ref, Table, Term, Text
from .numbering import LISTS
from .signatures import signature_table
from .tables import TableWriting
from .typography import tie
from .wordml import bookmark, el, field_runs, run

COMMENT_AUTHOR = "agreement-gen"


def bookmark_name(key: str) -> str:
    """A Word bookmark name for an article or annex key: hidden (leading _), at most 40 chars."""
    slug = re.sub(r"[^A-Za-z0-9]", "_", key)
    return f"_Ref_{slug}"[:40]


class _Writer(TableWriting):
    """Writes the body of one agreement into a python-docx Document."""

    def __init__(self, document, agreement: Optional[Agreement], guidance: bool,
                 comment_date: Optional[dt.datetime] = None):
        self.doc = document
        self.agreement = agreement
        self.guidance = guidance
        self.bookmark_id = 0
        self._style_ids: dict[str, Optional[str]] = {}
        self._styles_by_name: Optional[dict] = None
        self._default_paragraph = None
        self._section = document.element.body.find(qn("w:sectPr"))
        self._block_width = None
        self._table_style: Optional[str] = None
        if comment_date is None:
            comment_date = dt.datetime.combine(agreement.meta.date, dt.time(0, 0))
        self.comment_date = comment_date.replace(tzinfo=dt.timezone.utc)

    # -- inline content ------------------------------------------------------------------
    def fill(self, paragraph, text: Text, bold: bool = False) -> None:
        p = paragraph._p
        for piece in text:
            if isinstance(piece, Ref):
                cached = tie(self.agreement.ref_text(piece))
                # Word's REF \r gives the heading's number as "Artikel 7"; \* Lower makes it
                # "artikel 7" mid-sentence. (LibreOffice ignores \* Lower and shows "Artikel 7".)
                lower = "" if piece.capital else " \\* Lower"
                instruction = f"REF {bookmark_name(self.agreement.unit_key(piece.target))} \\r \\h{lower}"
                for r in field_runs(instruction, cached, bold=bold):
                    p.append(r)
            elif isinstance(piece, Term):
                p.append(run(tie(piece.text), bold=True))
            elif piece:
                p.append(run(tie(piece), bold=bold))

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
        """The id of paragraph style ``name`` (None for the default style), as python-docx's
        ``get_style_id(styles[name])`` gives it, from one pass over the styles instead of an
        XPath search per name."""
        if name not in self._style_ids:
            if self._styles_by_name is None:
                styles = self.doc.styles.element
                self._styles_by_name = {}
                for style in styles.style_lst:
                    self._styles_by_name.setdefault(style.name_val, style)
                self._default_paragraph = styles.default_for(WD_STYLE_TYPE.PARAGRAPH)
            style = self._styles_by_name.get(BabelFish.ui2internal(name))
            if style is None or style.type != WD_STYLE_TYPE.PARAGRAPH:  # python-docx's own error
                return self.doc.part.get_style_id(self.doc.styles[name], WD_STYLE_TYPE.PARAGRAPH)
            self._style_ids[name] = None if style is self._default_paragraph else style.styleId
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

    def _new_table(self, rows: int, cols: int) -> DocxTable:
        """``Document.add_table(rows, cols)`` not yet in the body: python-docx looks up the page
        width (an XPath over the whole document) for every table and merges cells with searches
        that grow with the document; on a table of its own they do not (linear in parties)."""
        if self._block_width is None:
            self._block_width = self.doc._block_width
        table = DocxTable(CT_Tbl.new_tbl(rows, cols, self._block_width), self.doc._body)
        table.style = None
        return table

    def _attach(self, table: DocxTable) -> None:
        """Put a table made by ``_new_table`` at the end of the body, where add_table puts it."""
        self._attach_element(table._tbl)

    def _attach_element(self, element) -> None:
        if self._section is not None:
            self._section.addprevious(element)
        else:
            self.doc.element.body.append(element)

    def par(self, style: Optional[str], text: Text = (), page_break: bool = False):
        paragraph = self.add_paragraph(style)
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        self.fill(paragraph, text)
        return paragraph

    @staticmethod
    def _keep_with_next(paragraph, keep: bool) -> None:
        if keep:  # w:keepNext follows w:pStyle in w:pPr
            ppr = paragraph._p.find(qn("w:pPr"))
            style = ppr.find(qn("w:pStyle"))
            style.addnext(el("w:keepNext"))

    def add_bookmark(self, paragraph, key: str) -> None:
        self.bookmark_id += 1
        bookmark(paragraph._p, bookmark_name(key), self.bookmark_id)

    # -- blocks --------------------------------------------------------------------------
    def blocks(self, blocks: tuple[Block, ...], in_article: bool) -> None:
        for index, block in enumerate(blocks):
            if isinstance(block, Table):
                self.table(block, indent=LISTS["artikelen"].levels[1].left if in_article else 0)
                continue
            assert isinstance(block, Paragraph)
            # A lead-in to a list or a table stays on the page of what it introduces.
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            lead_in = bool(block.items) or isinstance(following, Table)
            if in_article:
                self._keep_with_next(self.par("Lid", block.text), lead_in)
            elif block.text:
                self._keep_with_next(self.par("Tekst", block.text), lead_in)
            for item in block.items:
                self.par("Lidopsomming" if in_article else "Opsomming", item)

    # -- guidance comments ---------------------------------------------------------------
    def comment(self, paragraph, guidance: Optional[Guidance]) -> None:
        if not (self.guidance and guidance and paragraph.runs):
            return
        lines = [f"Toelichting: {guidance.toelichting}"]
        for source in guidance.bronnen:
            if source.grondslag:
                lines.append(f"Grondslag: {source.grondslag}")
            else:
                lines.append(f"Bron: {source.bestand}: \u201c{source.citaat}\u201d")
        add_comment(self.doc, paragraph, lines, self.comment_date)

    def layer_comment(self, paragraph, key: str) -> None:
        """A comment for the reviewer on an article or annex that a regional layer replaced or
        added (``Meta.layer_changes``); shown when guidance is."""
        change = next((c for c in self.agreement.meta.layer_changes if c.key == key), None)
        if not (self.guidance and change is not None and paragraph.runs):
            return
        lines = [f"Regionale afwijking: {change.summary}."]
        if change.excerpts:
            lines.append(f"Anders dan de tekst van {change.base_layer}, voor deze overeenkomst (tussen haken wat "
                         "weggelaten en wat toegevoegd is):")
            lines += [_readable_excerpt(text) for text in change.excerpts]
        add_comment(self.doc, paragraph, lines, self.comment_date)

    # -- the parts of the agreement ------------------------------------------------------
    def toc(self) -> None:
        self.par("Tussenkop", (phrases.TOC_TITLE,), page_break=True)
        entries = [(f"Artikel\u00a0{n}", a.title, a.key) for n, a in enumerate(self.agreement.articles, 1)]
        entries += [(f"Bijlage\u00a0{n}", a.title, a.key) for n, a in enumerate(self.agreement.annexes, 1)]
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
            self.layer_comment(heading, article.key)
            self.blocks(article.blocks, in_article=True)

    def signatures(self) -> None:
        """The signature page: one block per party with its representatives, two blocks side by
        side, each representative with a line to sign on, place and date under the block."""
        closing = self.par("Tekst", self.agreement.closing)
        closing.paragraph_format.space_before = Pt(12)
        self._keep_with_next(closing, True)
        self.par("Tussenkop", (phrases.SIGNATURES_TITLE,))
        by_party: dict[str, list] = {}
        for sig in self.agreement.signatures:
            by_party.setdefault(sig.party, []).append(sig)
        self._attach_element(signature_table(list(by_party.items()), self.block_width(),
                                             self._style_id("Ondertekening")))

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
            self.layer_comment(heading, annex.key)
            self.blocks(annex.blocks, in_article=False)


def add_comment(document, paragraph, lines: list[str], date: dt.datetime, author: str = COMMENT_AUTHOR,
                initials: str = "AG") -> None:
    """A Word comment on the runs of ``paragraph`` (python-docx objects), one comment paragraph
    per line; ``date`` is written as given, so the same input gives the same file.

    The XML of ``document.add_comment(paragraph.runs, ...)``, built here: python-docx parses a
    template and searches all comments (by XPath) for a free id on every call, most of the time
    a draft's comments took."""
    from docx.comments import Comment

    runs = [r._r for r in paragraph.runs]  # the runs the caller gives (the redline's include w:ins/w:r)
    if not runs:
        raise ValueError("a comment needs at least one run to mark")
    comments = document.comments._comments_elm
    ids = [int(c.get(_W_ID)) for c in comments.iterchildren(_W_COMMENT)]
    comment_id = max(ids, default=-1) + 1
    if comment_id > 2**31 - 1:
        comment_id = comments._next_available_comment_id()
    element = el("w:comment", {"w:id": comment_id, "w:author": ""}, [
        el("w:p", children=[el("w:pPr", children=[el("w:pStyle", {"w:val": "CommentText"})]),
                            el("w:r", children=[_comment_style(), el("w:annotationRef")])])])
    comments.append(element)
    element.author = author
    element.initials = initials
    runs[0].addprevious(el("w:commentRangeStart", {"w:id": comment_id}))
    runs[-1].addnext(el("w:r", children=[_comment_style(), el("w:commentReference", {"w:id": comment_id})]))
    runs[-1].addnext(el("w:commentRangeEnd", {"w:id": comment_id}))
    comment = Comment(element, document.comments._comments_part)
    _add_text(comment.paragraphs[0], lines[0] if lines else "")
    for line in lines[1:]:
        _comment_paragraph(comment, line)
    element.date = date


_W_ID, _W_COMMENT = qn("w:id"), qn("w:comment")


def _comment_style():
    return el("w:rPr", children=[el("w:rStyle", {"w:val": "CommentReference"})])


def _comment_paragraph(comment, text: str) -> None:
    """``comment.add_paragraph(text)``: a CommentText paragraph at the end of the comment."""
    if not _plain(text):
        comment.add_paragraph(text)
        return
    p = el("w:p", children=[el("w:pPr", children=[el("w:pStyle", {"w:val": "CommentText"})])])
    if text:
        p.append(run(text))
    comment._comment_elm.append(p)


def _plain(text: str) -> bool:
    """No tab or line break: python-docx would make a w:tab or w:br of those, run() would not."""
    return not any(char in text for char in "\t\n\r")


def _add_text(paragraph, text: str) -> None:
    """``paragraph.add_run(text)`` without python-docx's character-by-character scan for tabs
    and line breaks when there are none (the same XML)."""
    if not _plain(text):
        paragraph.add_run(text)
    elif text:
        paragraph._p.append(run(text))


def _title_context(agreement: Agreement) -> dict:
    from ..dutch import f_datum
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


def render_docx(agreement: Agreement, template: Path | None = None, guidance: bool = True, *,
                embed: bool = True, compress: bool = True) -> bytes:
    """The agreement as the bytes of a .docx file.

    For a redline's own use: ``embed=False`` leaves the model out (the old version's package
    is read for its body, styles and lists only), ``compress=False`` stores the parts (they are
    read back at once; the redline compresses what it writes)."""
    # Jinja, docxtpl and the sandbox only here: the redline's summary uses _Writer without them.
    import jinja2

    from ..templating import LimitExceeded, make_environment, time_limit
    from .template import load_template
    path = Path(template) if template else resources.default_template()
    tpl = load_template(path)
    env = make_environment(word_template=True)
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
    set_properties(document, agreement)
    if embed:
        embed_model(document, agreement)
    return save_docx(document, compress=compress)


def _readable_excerpt(text: str) -> str:
    """A word-level excerpt (library.wording: ``[-weg-] {+erbij+}``, ``¶`` for a new paragraph) in
    words a reviewer reads in a Word comment: ``[weggelaten: …] [toegevoegd: …]``, ``(nieuwe alinea)``."""
    text = re.sub(r"\[-(.*?)-\]", lambda m: f"[weggelaten: {m.group(1)}]", text)
    text = re.sub(r"\{\+(.*?)\+\}", lambda m: f"[toegevoegd: {m.group(1)}]", text)
    return text.replace("\u00b6", "(nieuwe alinea)")

