"""What Microsoft Word does to a .docx it opens and saves, reasoned from the format (ECMA-376).

There is no Word on a Linux CI machine, so the tests redline against a package rewritten the way
Word rewrites one without changing its text:

* revision-save ids: ``w:rsidR``/``w:rsidRDefault``/``w:rsidP`` on paragraphs, ``w:rsidRPr``
  on runs, and Word 2010 paragraph ids (``w14:paraId``, ``w14:textId``);
* runs split where editing sessions or proofing marks fall, with ``w:proofErr`` marks
  (spellStart/spellEnd) between the pieces;
* ``w:lastRenderedPageBreak`` where the last layout broke a page, and the ``_GoBack`` bookmark
  at the cursor;
* with ``update_toc``: the table of contents as Word's "automatic table": a content control
  (``w:sdt``, gallery "Table of Contents") holding the TOC field, its entries linking to
  ``_Toc`` bookmarks that Word adds to the headings.

Style ids, list ids and the fields stay as they were: Word keeps them.
"""

from __future__ import annotations

import copy
import io
import zipfile

from docx.oxml.ns import qn
from lxml import etree

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
P, R, T, PPR, RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:pPr"), qn("w:rPr")


def replace_part(data: bytes, part: str, change) -> bytes:
    """The package ``data`` with ``change(content)`` for the part named ``part``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, change(content) if info.filename == part else content)
    return out.getvalue()


def saved_by_word(data: bytes, update_toc: bool = False) -> bytes:
    return replace_part(data, "word/document.xml", lambda xml: _rewrite(xml, update_toc))


def _rewrite(xml: bytes, update_toc: bool) -> bytes:
    root = etree.fromstring(xml)
    body = root.find(qn("w:body"))
    for number, paragraph in enumerate(list(body.iter(P))):
        rsid = f"00{number % 7:02d}A1B{number % 3}"
        paragraph.set(qn("w:rsidR"), rsid)
        paragraph.set(qn("w:rsidRDefault"), "00A1B2C3")
        paragraph.set(f"{{{W14}}}paraId", f"{0x10000000 + number:08X}")
        paragraph.set(f"{{{W14}}}textId", "77777777")
        for run in list(paragraph.iter(R)):
            run.set(qn("w:rsidRPr"), rsid)
            _split(run)
        if number % 11 == 5:
            first = paragraph.find(R)
            if first is not None:
                first.insert(1 if first.find(RPR) is not None else 0, etree.Element(qn("w:lastRenderedPageBreak")))
    first = body.find(P)
    if first is not None:
        start = etree.SubElement(first, qn("w:bookmarkStart"))
        start.set(qn("w:id"), "9999")
        start.set(qn("w:name"), "_GoBack")
        etree.SubElement(first, qn("w:bookmarkEnd")).set(qn("w:id"), "9999")
    if update_toc:
        _automatic_table(body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _split(run) -> None:
    """Split a run with more than three words in two, with proofing marks around the second."""
    texts = run.findall(T)
    if len(texts) != 1 or len((texts[0].text or "").split(" ")) < 4:
        return
    words = texts[0].text.split(" ")
    head, tail = " ".join(words[:2]) + " ", " ".join(words[2:])
    texts[0].text = head
    texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    second = copy.deepcopy(run)
    second.find(T).text = tail
    spell_start = etree.Element(qn("w:proofErr"))
    spell_start.set(qn("w:type"), "spellStart")
    spell_end = etree.Element(qn("w:proofErr"))
    spell_end.set(qn("w:type"), "spellEnd")
    run.addnext(spell_start)
    spell_start.addnext(second)
    second.addnext(spell_end)


def _automatic_table(body) -> None:
    """Wrap the TOC paragraphs in Word's content control and link them to _Toc bookmarks."""
    entries = [p for p in body.iter(P) if _style(p).upper().startswith("TOC")]
    if not entries:
        return
    marks = {}
    for number, paragraph in enumerate(entries):
        link = paragraph.find(qn("w:hyperlink"))
        if link is not None and link.get(qn("w:anchor")):
            marks[link.get(qn("w:anchor"))] = f"_Toc{200000000 + number}"
            link.set(qn("w:anchor"), marks[link.get(qn("w:anchor"))])
        _freeze_ref_fields(paragraph)
        for instr in paragraph.iter(qn("w:instrText")):
            for old, new in marks.items():
                instr.text = (instr.text or "").replace(f" {old} ", f" {new} ")
    for start in list(body.iter(qn("w:bookmarkStart"))):
        name = start.get(qn("w:name"))
        if name in marks:
            toc = etree.Element(qn("w:bookmarkStart"))
            toc.set(qn("w:id"), str(8000 + len(marks) + int(marks[name][-3:])))
            toc.set(qn("w:name"), marks[name])
            start.addprevious(toc)
            end = etree.Element(qn("w:bookmarkEnd"))
            end.set(qn("w:id"), toc.get(qn("w:id")))
            start.addnext(end)
    sdt = etree.Element(qn("w:sdt"))
    properties = etree.SubElement(sdt, qn("w:sdtPr"))
    part = etree.SubElement(properties, qn("w:docPartObj"))
    etree.SubElement(part, qn("w:docPartGallery")).set(qn("w:val"), "Table of Contents")
    etree.SubElement(part, qn("w:docPartUnique"))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    entries[0].addprevious(sdt)
    for paragraph in entries:
        content.append(paragraph)


def _freeze_ref_fields(paragraph) -> None:
    """Word writes a heading's list number into a TOC entry as text: a REF field becomes its result."""
    runs = list(paragraph.iter(R))
    index = 0
    while index < len(runs):
        begin = runs[index].find(qn("w:fldChar"))
        if begin is None or begin.get(qn("w:fldCharType")) != "begin":
            index += 1
            continue
        instr = "".join(t.text or "" for run in runs[index:index + 3] for t in run.iter(qn("w:instrText")))
        depth, end = 0, index
        for end in range(index, len(runs)):
            char = runs[end].find(qn("w:fldChar"))
            if char is not None:
                depth += {"begin": 1, "end": -1}.get(char.get(qn("w:fldCharType")), 0)
                if depth == 0:
                    break
        if instr.split()[:1] != ["REF"]:
            index = end + 1
            continue
        separate = next(i for i in range(index, end) if (runs[i].find(qn("w:fldChar")) is not None and
                        runs[i].find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate"))
        result = "".join(t.text or "" for run in runs[separate + 1:end] for t in run.iter(T))
        frozen = etree.Element(R)
        text = etree.SubElement(frozen, T)
        text.text = result
        runs[index].addprevious(frozen)
        for run in runs[index:end + 1]:
            run.getparent().remove(run)
        index = end + 1


def _style(paragraph) -> str:
    style = paragraph.find(f"{PPR}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""
