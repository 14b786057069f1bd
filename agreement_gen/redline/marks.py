"""Small WordprocessingML helpers for tracked changes: tag names, new elements, paragraph marks
and properties, run and field copies, bookmark aliases and references, and ``renumber``."""

from __future__ import annotations

import copy
from typing import Optional

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from lxml import etree

from ..word.wmltext import (
    DEL_INSTR, DEL_TEXT, FLD_CHAR, FLD_SIMPLE, FLD_TYPE, INSTR, P, PPR, R, RPR, SDT, SDT_CONTENT, T, TBL, TR,
)

INS, DEL = qn("w:ins"), qn("w:del")
HYPERLINK = qn("w:hyperlink")
BOOKMARK_START, BOOKMARK_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
PPR_CHANGE, SECT_PR = qn("w:pPrChange"), qn("w:sectPr")
MOVE_FROM, MOVE_TO = qn("w:moveFrom"), qn("w:moveTo")
MARK_TAGS = {INS: "ins", DEL: "del", MOVE_FROM: "moveFrom", MOVE_TO: "moveTo"}
RANGE_STARTS = frozenset(qn(t) for t in ("w:moveFromRangeStart", "w:moveToRangeStart"))
RANGE_ENDS = frozenset(qn(t) for t in ("w:moveFromRangeEnd", "w:moveToRangeEnd"))
TRPR, TBLPREX, TCPR = qn("w:trPr"), qn("w:tblPrEx"), qn("w:tcPr")
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: Inline elements of the old version that must not travel into the redline.
OLD_ONLY = frozenset(qn(t) for t in (
    "w:bookmarkStart", "w:bookmarkEnd", "w:commentRangeStart", "w:commentRangeEnd", "w:commentReference",
    "w:footnoteReference", "w:endnoteReference", "w:drawing", "w:pict", "w:object", "w:permStart",
    "w:permEnd", "w:proofErr", "w:lastRenderedPageBreak", "w:annotationRef",
    "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd",
))
#: Elements whose w:id is a revision id (renumbered by ``renumber``).
REVISION_TAGS = frozenset(qn(t) for t in (
    "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange", "w:pPrChange", "w:sectPrChange",
    "w:tblPrChange", "w:trPrChange", "w:tcPrChange", "w:tblGridChange", "w:cellIns", "w:cellDel",
))
PPR_AFTER_RPR = frozenset(qn(t) for t in ("w:sectPr", "w:pPrChange"))


def _alias(name: str, taken: set) -> str:
    """A bookmark name (at most 40 characters) for the moved-away copy of ``name``."""
    number = 1
    while True:
        alias = f"{name[:40 - len(str(number)) - 2]}_v{number}"
        if alias not in taken:
            return alias
        number += 1


def _field_run_siblings(begin_run) -> Optional[list]:
    """The runs from a field's begin to its end, if they are siblings; else None."""
    runs = []
    depth = 0
    run = begin_run
    while run is not None:
        if run.tag != R:
            return None
        runs.append(run)
        for char in run.iter(FLD_CHAR):
            kind = char.get(FLD_TYPE)
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth == 0:
            return runs
        run = run.getnext()
    return None


def _referenced(instruction: str, aliases: dict) -> Optional[str]:
    words = instruction.split()
    if len(words) > 1 and words[0].upper() in ("REF", "PAGEREF", "NOTEREF") and words[1] in aliases:
        return words[1]
    return None


def _rename_reference(codes: list, name: str, alias: str) -> None:
    for code in codes:
        words = (code.text or "").split(" ")
        code.text = " ".join(alias if word == name else word for word in words)


def _mark_mode(paragraph) -> Optional[str]:
    """How the paragraph mark is tracked: 'ins', 'del', 'moveFrom', 'moveTo' or None."""
    for ppr in paragraph.iterchildren(PPR):  # find("w:pPr/w:rPr") without ElementPath, for every paragraph
        rpr = next(ppr.iterchildren(RPR), None)
        if rpr is not None:
            for child in rpr:
                if child.tag in MARK_TAGS:
                    return MARK_TAGS[child.tag]
            return None
    return None


def _same(a: list, b: list) -> bool:
    return [_rpr_key(c) for c in a] == [_rpr_key(c) for c in b]


def _whole_mode(block) -> Optional[str]:
    """'ins' or 'del' when the whole block (paragraph mark, or every row) is inserted or deleted."""
    if block.tag == P:
        return _mark_mode(block)
    if block.tag == TBL:
        rows = block.findall(TR)
        for mode, tag in (("ins", INS), ("del", DEL)):
            if rows and all(row.find(f"{TRPR}/{tag}") is not None for row in rows):
                return mode
    return None


def _ends_with(paragraph, tag: str) -> bool:
    for child in reversed(paragraph):
        if child.tag in (R, INS, DEL, HYPERLINK, FLD_SIMPLE, SDT):
            return child.tag == tag
    return False


def _unmark(paragraph) -> None:
    rpr = paragraph.find(f"{PPR}/{RPR}")
    if rpr is not None:
        for mark in [c for c in rpr if c.tag in MARK_TAGS]:
            rpr.remove(mark)


def _properties(paragraph, rejected: bool = False) -> list:
    """The paragraph properties a pPrChange records (no mark run properties); ``rejected``: as
    they are once all changes are rejected."""
    ppr = paragraph.find(PPR)
    if ppr is None:
        return []
    change = ppr.find(f"{PPR_CHANGE}/{PPR}")
    if rejected and change is not None:
        return list(change)
    return [c for c in ppr if c.tag not in (RPR, PPR_CHANGE, SECT_PR)]


def page_break():
    """A run with a page break."""
    run = _element("w:r")
    brk = _element("w:br")
    brk.set(qn("w:type"), "page")
    run.append(brk)
    return run


def _content(block):
    if block.tag == SDT:
        content = block.find(SDT_CONTENT)
        return content if content is not None else block
    return block


def _portable(container) -> bool:
    """Whether a container of the old version may wrap deleted text in the redline."""
    return container.tag == HYPERLINK and container.get(R_ID) is None and container.get(qn("w:anchor")) is not None


def _shell(container, holder):
    """An empty copy of an inline container, appended to holder; returns where runs go."""
    if container.tag == SDT:
        shell = _element("w:sdt")
        properties = container.find(qn("w:sdtPr"))
        if properties is not None:
            shell.append(copy.deepcopy(properties))
        content = _element("w:sdtContent")
        shell.append(content)
        holder.append(shell)
        return content
    shell = _element(container.tag)
    for key, value in container.attrib.items():
        shell.set(key, value)
    holder.append(shell)
    return shell


def _simple_field_runs(field):
    """A w:fldSimple as the runs of the equivalent complex field."""
    runs = field.findall(R)
    rpr = runs[0].find(RPR) if runs else None
    begin = _element("w:fldChar")
    begin.set(FLD_TYPE, "begin")
    instr = _element("w:instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {field.get(qn('w:instr'), '').strip()} "
    separate = _element("w:fldChar")
    separate.set(FLD_TYPE, "separate")
    out = [(begin, rpr), (instr, rpr), (separate, rpr)]
    for run in runs:
        for child in run:
            if child.tag != RPR:
                out.append((copy.deepcopy(child), run.find(RPR)))
    end = _element("w:fldChar")
    end.set(FLD_TYPE, "end")
    out.append((end, rpr))
    return out


def _as_deleted(payload) -> None:
    for node in payload.iter(T, INSTR):
        node.tag = DEL_TEXT if node.tag == T else DEL_INSTR
    if payload.tag in (DEL_TEXT, DEL_INSTR, T, INSTR):
        text = payload.text or ""
        if text != text.strip():
            payload.set(XML_SPACE, "preserve")


def _clean_rpr(rpr):
    rpr = copy.deepcopy(rpr)
    for change in rpr.findall(qn("w:rPrChange")):
        rpr.remove(change)
    return rpr


def _rpr_key(rpr) -> bytes:
    return b"" if rpr is None else etree.tostring(rpr, method="c14n")


_PREFIX = {uri: prefix for prefix, uri in nsmap.items()}


def _element(tag: str):
    """A new element (python-docx's classes) from 'w:t' or '{namespace}t'."""
    if tag.startswith("{"):
        namespace, local = tag[1:].split("}")
        tag = f"{_PREFIX[namespace]}:{local}"
    return OxmlElement(tag)


_WITH_ID = etree.XPath("descendant-or-self::*[@w:id]", namespaces={"w": nsmap["w"]})


def renumber(root) -> None:
    """Give every revision element a unique w:id, above every other id in the part.

    A move range's end mark gets the id of its start mark.
    """
    ident = qn("w:id")
    own = REVISION_TAGS | RANGE_STARTS | RANGE_ENDS
    used = [int(value) for element in _WITH_ID(root) if element.tag not in own
            for value in [element.get(ident)] if value.lstrip("-").isdigit()]
    number = max(used, default=0) + 1
    ranges: dict[str, str] = {}
    for element in root.iter(*own):  # lxml filters by tag in C, in document order
        if element.tag in REVISION_TAGS or element.tag in RANGE_STARTS:
            if element.tag in RANGE_STARTS:
                ranges[element.get(ident)] = str(number)
            element.set(ident, str(number))
            number += 1
        elif element.tag in RANGE_ENDS:
            element.set(ident, ranges.get(element.get(ident), element.get(ident)))
