"""Generate templates/standaard.docx, the house-style Word template.

The template is a docxtpl template: its title page, header and footer hold Jinja placeholders
(``{{ titel }}``, ``{{ kenmerk }}``, ...). It defines every style the renderer needs, and the
multi-level list definitions that number articles, leden, recitals, parties and annexes. Branch
organisations may edit the result in Word; this script documents how it was made.

Run: python scripts/make_template.py [OUT.docx]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_gen.word.numbering import LISTS, numbering_elements  # noqa: E402
from agreement_gen.word.wordml import el, field_runs, run, val  # noqa: E402

FONT = "Arial"


def paragraph_style(doc, name, base="Normal", size=None, bold=False, keep_next=False,
                    before=0, after=6, list_key=None, level=0, outline=None, page_break=False,
                    align=None, italic=False):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    font = style.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    font.bold = bold or None
    font.italic = italic or None
    pf = style.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.keep_with_next = keep_next or None
    pf.page_break_before = page_break or None
    if align is not None:
        pf.alignment = align
    ppr = style.element.get_or_add_pPr()
    if list_key is not None:
        num_pr = ppr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = LISTS[list_key].num_id
    if outline is not None:
        ppr.insert_element_before(val("w:outlineLvl", outline), "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
    return style


def plain_style(style, size, bold, color, before, after, keep_next=False) -> None:
    """Give ``style`` a paragraph and run formatting of its own: no theme fonts (they outrank
    w:ascii), no borders, numbering or character spacing left from the default template."""
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        old = element.find(qn(tag))
        if old is not None:
            element.remove(old)
    ppr = el("w:pPr", children=[el("w:keepNext")] if keep_next else [])
    ppr.append(el("w:spacing", {"w:before": str(before), "w:after": str(after)}))
    if keep_next:
        ppr.append(val("w:outlineLvl", 0))
    fonts = {f"w:{attr}": FONT for attr in ("ascii", "hAnsi", "eastAsia", "cs")}
    rpr = el("w:rPr", children=[el("w:rFonts", fonts)] + ([el("w:b"), el("w:bCs")] if bold else [])
             + [val("w:color", color), val("w:sz", size * 2), val("w:szCs", size * 2)])
    element.append(ppr)
    element.append(rpr)


def build(out: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True  # no single first or last line of a paragraph on a page

    numbering = doc.part.numbering_part.element
    abstract_nums, nums = numbering_elements()
    first_num = numbering.find(qn("w:num"))
    for abstract in abstract_nums:
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    for num in nums:
        numbering.append(num)

    paragraph_style(doc, "Tekst", after=6)
    paragraph_style(doc, "Tussenkop", bold=True, keep_next=True, before=12, after=6)
    paragraph_style(doc, "Comparitie", list_key="partijen", after=6)
    paragraph_style(doc, "Overweging", list_key="overwegingen", after=4)
    paragraph_style(doc, "Artikel", base="Heading 1", size=11, bold=True, keep_next=True, before=14, after=6,
                    list_key="artikelen", level=0, outline=0)
    paragraph_style(doc, "Lid", list_key="artikelen", level=1, after=4)
    paragraph_style(doc, "Lidopsomming", list_key="artikelen", level=2, after=2)
    paragraph_style(doc, "Bijlagekop", base="Heading 1", size=11, bold=True, keep_next=True, before=0, after=10,
                    list_key="bijlagen", level=0, outline=0, page_break=True)
    paragraph_style(doc, "Opsomming", list_key="opsomming", level=0, after=2)
    paragraph_style(doc, "Ondertekening", after=0)
    paragraph_style(doc, "Tabeltekst", after=0)
    toc = paragraph_style(doc, "TOC 1", after=0)
    toc.paragraph_format.line_spacing = 1.0  # a table of contents of 45 entries stays on one page
    toc.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    # The cover's and the headings' own look, not python-docx's (blue theme fonts, a rule under
    # the title, an italic spaced subtitle): Arial throughout, dark blue title, grey subtitle.
    plain_style(doc.styles["heading 1"], size=14, bold=True, color="000000", before=480, after=0, keep_next=True)
    plain_style(doc.styles["Title"], size=24, bold=True, color="1F3A5F", before=0, after=240)
    plain_style(doc.styles["Subtitle"], size=14, bold=False, color="4D4D4D", before=0, after=120)

    # Title page: docxtpl placeholders, rendered from the agreement's metadata.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    doc.add_paragraph("", style="Tekst").paragraph_format.space_before = Pt(120)
    doc.add_paragraph("{{ titel }}", style="Title")
    doc.add_paragraph("Regio {{ regio }}", style="Subtitle")
    doc.add_paragraph("tussen", style="Tekst").paragraph_format.space_before = Pt(24)
    doc.add_paragraph("{%p for naam in partijnamen %}", style="Tekst")
    doc.add_paragraph("{{ naam }}", style="Tekst").runs[0].bold = True
    doc.add_paragraph("{%p endfor %}", style="Tekst")
    meta = doc.add_paragraph("Kenmerk: {{ kenmerk }}", style="Tekst")
    meta.paragraph_format.space_before = Pt(48)
    doc.add_paragraph("Versie {{ versie }} van {{ datum }}", style="Tekst")
    doc.add_paragraph("{% if concept %}CONCEPT: niet ondertekenen{% endif %}", style="Tekst").runs[0].bold = True

    for name in ("Header", "Footer"):
        tabs = doc.styles[name].element.pPr.find(qn("w:tabs"))
        if tabs is not None:
            tabs.getparent().remove(tabs)
        doc.styles[name].paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
        doc.styles[name].font.size = Pt(8)
        doc.styles[name].font.name = FONT
    # The title page has its own (empty) header and footer: no running title, no "pagina 1 van N".
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].style = doc.styles["Header"]
    section.first_page_footer.paragraphs[0].style = doc.styles["Footer"]
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.text = "{{ titel }}{% if concept %}\tCONCEPT versie {{ versie }}, {{ datum }}{% endif %}"

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.add_run("Kenmerk {{ kenmerk }}\tpagina ")
    for r in field_runs("PAGE", "1") + [run(" van ")] + field_runs("NUMPAGES", "1"):
        footer._p.append(r)

    settings = doc.settings.element
    settings.insert_element_before(
        val("w:updateFields", "true"),
        "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
        "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
        "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
        "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
    )
    lang = doc.styles.element.find(qn("w:docDefaults"))
    if lang is not None:
        rpr_default = lang.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            lang_el = rpr.find(qn("w:lang"))
            if lang_el is None:
                lang_el = el("w:lang")
                rpr.append(lang_el)
            lang_el.set(qn("w:val"), "nl-NL")

    comment_styles(doc)
    table_style(doc)
    clean_package(doc)

    core = doc.core_properties
    core.title = "Sjabloon samenwerkingsovereenkomst"
    core.author = "agreement-gen"
    core.comments = "Huisstijlsjabloon van agreement-gen; gemaakt met scripts/make_template.py"
    import datetime as dt

    core.created = core.modified = dt.datetime(2026, 1, 1)
    core.last_modified_by = "agreement-gen"
    core.revision = 1
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)


# --- a clean package (issue 14): nothing of python-docx's default template that Word would
# read wrongly, and nothing the document does not use ---------------------------------------

APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           b"<Application>agreement-gen</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
           b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
           b"<HyperlinksChanged>false</HyperlinksChanged></Properties>")
DROPPED_RELATIONSHIPS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",  # out of step with styles.xml
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",  # python-docx's picture
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",  # an empty bibliography
)
# The styles of python-docx's default template that the document uses (with the ones they are
# based on or linked to); the 150 others (Colorful Grid Accent 6, ...) only made every build slower.
KEPT_STYLES = {
    "Normal", "Default Paragraph Font", "Normal Table", "No List", "Title", "Subtitle",
    "Header", "Footer", "heading 1", "annotation text", "annotation reference",
}


def comment_styles(doc) -> None:
    """The styles Word's comments use (python-docx writes CommentText and CommentReference)."""
    text = doc.styles.add_style("annotation text", WD_STYLE_TYPE.PARAGRAPH)
    text.element.set(qn("w:styleId"), "CommentText")
    text.base_style = doc.styles["Normal"]
    text.font.size = Pt(9)
    text.paragraph_format.space_after = Pt(2)
    reference = doc.styles.add_style("annotation reference", WD_STYLE_TYPE.CHARACTER)
    reference.element.set(qn("w:styleId"), "CommentReference")
    reference.font.size = Pt(8)


TABLE_BORDER = "8C8C8C"
TABLE_HEADER_FILL = "DCE3EC"


def table_style(doc) -> None:
    """The Tabel style of the annexes: thin grey borders, a shaded bold header row (repeated on
    every page by the renderer), a bold total row with a double rule above it. A branch
    organisation restyles it in Word (Tabelontwerp); the renderer only names it."""
    border = {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": TABLE_BORDER}
    style = el("w:style", {"w:type": "table", "w:customStyle": "1", "w:styleId": "Tabel"}, [
        val("w:name", "Tabel"),
        val("w:basedOn", "TableNormal"),
        val("w:uiPriority", 59),
        el("w:qFormat"),
        el("w:pPr", children=[el("w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"})]),
        el("w:tblPr", children=[
            el("w:tblBorders", children=[el(f"w:{side}", border)
                                         for side in ("top", "left", "bottom", "right", "insideH", "insideV")]),
            el("w:tblCellMar", children=[
                el("w:top", {"w:w": "40", "w:type": "dxa"}), el("w:left", {"w:w": "85", "w:type": "dxa"}),
                el("w:bottom", {"w:w": "40", "w:type": "dxa"}), el("w:right", {"w:w": "85", "w:type": "dxa"}),
            ]),
        ]),
        el("w:tblStylePr", {"w:type": "firstRow"}, [
            el("w:rPr", children=[el("w:b")]),
            el("w:tblPr"),
            el("w:tcPr", children=[el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": TABLE_HEADER_FILL})]),
        ]),
        el("w:tblStylePr", {"w:type": "lastRow"}, [
            el("w:rPr", children=[el("w:b")]),
            el("w:tblPr"),
            el("w:tcPr", children=[el("w:tcBorders", children=[
                el("w:top", {"w:val": "double", "w:sz": "4", "w:space": "0", "w:color": TABLE_BORDER})])]),
        ]),
    ])
    doc.styles.element.append(style)


def clean_package(doc) -> None:
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    keep = {s.get(qn("w:styleId")) for s in by_id.values()
            if s.find(qn("w:name")).get(qn("w:val")) in KEPT_STYLES or s.get(qn("w:customStyle")) == "1"}
    keep |= {"TOC1"}
    pending = list(keep)
    while pending:  # what the kept styles are based on, linked to or followed by
        style = by_id.get(pending.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                pending.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)

    for source in (doc.part, doc.part.package):
        for rid, rel in list(source.rels.items()):
            if rel.reltype in DROPPED_RELATIONSHIPS:
                del source.rels[rid]
    for rel in doc.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = APP_XML

    settings = doc.settings.element
    proof = settings.find(qn("w:proofState"))
    if proof is not None:
        settings.remove(proof)  # it said: spelling and grammar already checked
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")  # Word 2013 and later, not compatibility mode
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), "nl-NL")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates" / "standaard.docx"
    build(target)
    print(f"sjabloon geschreven: {target}")
