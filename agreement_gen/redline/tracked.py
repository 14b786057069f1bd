"""WordprocessingML tracked changes: paragraphs and rows rebuilt with ``w:ins`` and ``w:del``.

A paragraph is read as tokens (``tokens``): words and spaces (a word may span runs with
different formatting), fields that start and end in the paragraph as one token keyed by their
code (so a cross-reference whose number changed is no change), and markers (bookmarks,
comment anchors, images) that take no part in the comparison. ``Revisions.paragraph`` then
writes a paragraph from a list of (mode, tokens) steps: unchanged tokens as they were,
inserted ones inside ``w:ins``, deleted ones inside ``w:del`` with ``w:delText`` and
``w:delInstrText``. Runs keep their own run properties; hyperlinks and content controls of the
new version stay around their runs.

Deleted content comes from the other document, so it is cleaned first: bookmarks, comment
anchors, images and external hyperlinks of the old version refer to parts of a package that
is not in the redline and are left out (they carry no text). Styles and list definitions the
new document lacks are dropped from old paragraphs.

All elements are built with lxml; revision ids are made unique at the end by ``renumber``.
"""

from __future__ import annotations

import copy
import re
from itertools import groupby
from dataclasses import dataclass, field
from typing import Hashable, Iterable, Optional

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from lxml import etree

from ..word.wmltext import (
    DEL_INSTR, DEL_TEXT, FLD_CHAR, FLD_SIMPLE, FLD_TYPE, INSTR, P, PPR, R, RPR, SDT, SDT_CONTENT, T, TBL,
    TC, TR, Item, char_text, flatten, iter_blocks, local_fields, normalise_instruction,
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
SPACE = re.compile(r"\s+|\S+")
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


@dataclass
class Token:
    """A word, a run of spaces, a field, or a marker (key None: not compared)."""

    key: Optional[Hashable]
    items: list = field(default_factory=list)  # (Item, text or None)

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.items if t)


def tokens(paragraph) -> list[Token]:
    """The paragraph as tokens, in reading order."""
    items = flatten(paragraph)
    local = local_fields(items)
    out: list[Token] = []
    open_text: Optional[Token] = None
    index = 0
    while index < len(items):
        item = items[index]
        element = item.element
        tag = element.tag
        if tag == FLD_CHAR:
            open_text = None
            kind = element.get(FLD_TYPE)
            if kind == "begin":
                end = _field_end(items, index, whole=index in local)
                chunk = items[index:end + 1]
                out.append(Token(("field" if index in local else "field-code", _instruction(chunk)),
                                 [(i, None) for i in chunk]))
                index = end + 1
                continue
            out.append(Token(("field-" + str(kind),), [(item, None)]))
        elif tag == FLD_SIMPLE:
            open_text = None
            out.append(Token(("field", normalise_instruction(element.get(qn("w:instr"), ""))), [(item, None)]))
        elif tag == INSTR:
            open_text = None
            out.append(Token(("instr", normalise_instruction(element.text or "")), [(item, None)]))
        elif tag == T:
            for chunk in SPACE.findall(element.text or ""):
                open_text = _add_text(out, open_text, item, chunk)
        elif char_text(element) is not None:
            open_text = _add_text(out, open_text, item, char_text(element))
        else:
            open_text = None
            out.append(Token(None, [(item, None)]))
        index += 1
    return out


def _add_text(out: list[Token], open_text: Optional[Token], item: Item, chunk: str) -> Token:
    space = chunk.isspace() if chunk else False
    if open_text is not None and open_text.text and open_text.text[-1:].isspace() == space:
        open_text.items.append((item, chunk))
        open_text.key = open_text.text
        return open_text
    token = Token(chunk, [(item, chunk)])
    out.append(token)
    return token


def _field_end(items: list[Item], start: int, whole: bool) -> int:
    """Index of the fldChar that ends this field (whole) or its code (at 'separate')."""
    depth = 0
    for index in range(start, len(items)):
        element = items[index].element
        if element.tag != FLD_CHAR:
            continue
        kind = element.get(FLD_TYPE)
        if kind == "begin":
            depth += 1
        elif kind == "end":
            depth -= 1
            if depth == 0:
                return index
        elif kind == "separate" and depth == 1 and not whole:
            return index
    return len(items) - 1


def _instruction(chunk: list[Item]) -> str:
    depth = 0
    parts = []
    for item in chunk:
        element = item.element
        if element.tag == FLD_CHAR:
            kind = element.get(FLD_TYPE)
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
            if kind == "separate" and depth == 1:
                break
        elif element.tag == INSTR and depth == 1:
            parts.append(element.text or "")
    return normalise_instruction("".join(parts))


def text_of(toks: Iterable[Token]) -> str:
    return "".join(t.text for t in toks)


@dataclass
class Context:
    """What cleaning old content needs to know about the new document."""

    styles: set[str]
    numbering: set[str]
    bookmarks: set[str] = field(default_factory=set)  # names; old bookmarks with other names are kept
    next_bookmark: int = 1


class Revisions:
    """Writes tracked changes by one author at one moment."""

    def __init__(self, author: str, date: Optional[str], context: Context):
        self.attrs = {qn("w:author"): author}
        if date:
            self.attrs[qn("w:date")] = date
        self.context = context
        self.bookmark_ids: dict[str, str] = {}
        self.aliases: dict[str, str] = {}  # bookmark name in the new document -> its name in moved-away text

    def mark(self, mode: str):
        """An empty w:ins or w:del (mode 'ins' or 'del') with author and date."""
        element = _element(f"w:{mode}")
        element.set(qn("w:id"), "0")  # renumber() makes ids unique
        for key, value in self.attrs.items():
            element.set(key, value)
        return element

    # -- paragraphs ---------------------------------------------------------------------
    def paragraph(self, target, steps: list[tuple[Optional[str], list[Token], bool]], mark: Optional[str] = None):
        """Replace the content of ``target`` (a w:p, its w:pPr kept) by ``steps``.

        Each step is (mode, tokens, old): mode None (unchanged), 'ins' or 'del'; ``old`` says the
        tokens come from the other document. ``mark`` also marks the paragraph mark.
        """
        for child in list(target):
            if child.tag != PPR:
                target.remove(child)
        groups: list = []  # (containers, mode, kind, payload, rpr)
        for mode, toks, old in steps:
            for token in toks:
                for item, text in token.items:
                    piece = self._piece(item, text, mode, old)
                    if piece is not None:
                        groups.append(piece)
        self._write(target, groups)
        if mark:
            self.mark_paragraph(target, mark)
        return target

    def _piece(self, item: Item, text: Optional[str], mode: Optional[str], old: bool):
        element = item.element
        if old and element.tag in (BOOKMARK_START, BOOKMARK_END):
            element = self._old_bookmark(element, moved=mode == "moveFrom")
            if element is None:
                return None
        elif old and element.tag in OLD_ONLY:
            return None
        containers = tuple(c for c in item.containers if not old or _portable(c))
        if item.run is None:
            if element.tag == FLD_SIMPLE:
                return [(containers, mode, "field", payload, rpr) for payload, rpr in _simple_field_runs(element)]
            return [(containers, None, "solo", copy.deepcopy(element), None)]
        rpr = item.run.find(RPR)
        if text is not None and element.tag == T:
            payload = _element("w:t")
            payload.text = text
            if text != text.strip():
                payload.set(XML_SPACE, "preserve")
        else:
            payload = copy.deepcopy(element)
        kind = "text" if text is not None else "field"
        return [(containers, mode, kind, payload, rpr)]

    def _old_bookmark(self, element, moved: bool = False):
        """A copy of an old bookmark mark with a fresh id, or None when the new document has the name.

        Keeping them lets fields of restored text (the table of contents, cross-references)
        find their target after all changes are rejected. In text moved away (``moved``) a name
        the new document also has gets an alias; ``retarget`` then points the fields at it for
        the rejected state.
        """
        ident = element.get(qn("w:id"))
        if element.tag == BOOKMARK_START:
            name = element.get(qn("w:name"), "")
            if name in self.context.bookmarks and moved and name not in self.aliases:
                alias = _alias(name, self.context.bookmarks)
                self.aliases[name] = alias
                name = alias
            elif not name or name in self.context.bookmarks:
                return None
            self.context.bookmarks.add(name)
            self.bookmark_ids[ident] = str(self.context.next_bookmark)
            self.context.next_bookmark += 1
        elif ident not in self.bookmark_ids:
            return None
        copied = copy.deepcopy(element)
        copied.set(qn("w:id"), self.bookmark_ids[ident])
        if copied.tag == BOOKMARK_START:
            copied.set(qn("w:name"), name)
        return copied

    def retarget(self, elements: list) -> None:
        """Point cross-references to moved text at the moved-away copy for the rejected state.

        A field to a bookmark that moved (``aliases``) becomes, in unchanged text, the old field
        (to the alias) deleted plus the new field inserted; in deleted or moved-away text it
        refers to the alias. Accepting keeps the new target, rejecting the old one.
        """
        if not self.aliases:
            return
        for element in elements:
            for paragraph in ([element] if element.tag == P else list(element.iter(P))):
                self._retarget_paragraph(paragraph)

    def _retarget_paragraph(self, paragraph) -> None:
        for begin in [fc for fc in paragraph.iter(FLD_CHAR) if fc.get(FLD_TYPE) == "begin"]:
            run = begin.getparent()
            if run.tag != R or begin.getparent() is None:
                continue
            runs = _field_run_siblings(run)
            if runs is None:
                continue
            codes = [node for r in runs for node in r if node.tag in (INSTR, DEL_INSTR)]
            target = _referenced(" ".join(c.text or "" for c in codes), self.aliases)
            if target is None:
                continue
            wrapper = run.getparent()
            if wrapper.tag in (DEL, MOVE_FROM):
                _rename_reference(codes, target, self.aliases[target])
                continue
            if wrapper.tag in (INS, MOVE_TO):
                continue
            deleted = self.mark("del")
            for r in runs:
                old = copy.deepcopy(r)
                for node in old:
                    _as_deleted(node)
                deleted.append(old)
            _rename_reference([n for r in deleted for n in r if n.tag == DEL_INSTR], target, self.aliases[target])
            inserted = self.mark("ins")
            runs[0].addprevious(deleted)
            deleted.addnext(inserted)
            inserted.extend(runs)

    def _write(self, target, pieces: list) -> None:
        flat = [p for group in pieces for p in group]
        for containers, in_containers in groupby(flat, key=lambda piece: piece[0]):
            holder = target
            for container in containers:
                holder = _shell(container, holder)
            for mode, same_mode in groupby(in_containers, key=lambda piece: piece[1]):
                self._write_runs(holder, mode, list(same_mode))

    def _write_runs(self, holder, mode: Optional[str], pieces: list) -> None:
        """Runs for pieces of one mode, inside a new w:ins / w:del / ... when mode is set."""
        parent = holder
        if mode:
            parent = self.mark(mode)
            holder.append(parent)
        last_key = None
        run = None
        for _, _, kind, payload, rpr in pieces:
            if kind == "solo":
                parent.append(payload)
                run = None
                continue
            if mode == "del":
                _as_deleted(payload)
            key = (kind, _rpr_key(rpr))
            if run is None or kind != "text" or key != last_key:
                run = _element("w:r")
                if rpr is not None:
                    run.append(_clean_rpr(rpr))
                parent.append(run)
                last_key = key
            previous = run[-1] if len(run) else None
            if previous is not None and previous.tag == payload.tag and payload.tag in (T, DEL_TEXT):
                previous.text = (previous.text or "") + (payload.text or "")
                if previous.text != previous.text.strip():
                    previous.set(XML_SPACE, "preserve")
            else:
                run.append(payload)
            if kind != "text":
                run = None

    def mark_paragraph(self, paragraph, mode: str) -> None:
        """Mark the paragraph mark of ``paragraph`` as inserted or deleted."""
        ppr = paragraph.find(PPR)
        if ppr is None:
            ppr = _element("w:pPr")
            paragraph.insert(0, ppr)
        rpr = ppr.find(RPR)
        if rpr is None:
            rpr = _element("w:rPr")
            successor = next((c for c in ppr if c.tag in PPR_AFTER_RPR), None)
            if successor is not None:
                successor.addprevious(rpr)
            else:
                ppr.append(rpr)
        for old in [c for c in rpr if c.tag in MARK_TAGS]:
            rpr.remove(old)
        rpr.insert(0, self.mark(mode))

    # -- whole blocks -------------------------------------------------------------------
    def inserted(self, block, moved: bool = False):
        """Mark a block of the new document (paragraph, table, content control) as inserted.

        ``moved``: as the destination of a move (``w:moveTo``); table rows cannot be moved and
        are marked inserted.
        """
        if block.tag == P:
            mode = "moveTo" if moved else "ins"
            return self.paragraph(block, [(mode, tokens(block), False)], mark=mode)
        if block.tag == TBL:
            for row in block.findall(TR):
                self.mark_row(row, "ins")
                for cell in row.findall(TC):
                    for inner in list(iter_blocks(cell)):
                        self.inserted(inner)
            return block
        for inner in list(iter_blocks(_content(block))):
            self.inserted(inner, moved)
        return block

    def deleted(self, block, moved: bool = False):
        """A cleaned copy of a block of the old document, marked as deleted (``moved``: moved away)."""
        if block.tag == P:
            return self.deleted_paragraph(block, moved)
        copied = copy.deepcopy(block)
        if copied.tag == TBL:
            for row in copied.findall(TR):
                row.addprevious(self.deleted_row(row))
                copied.remove(row)
            return copied
        if copied.tag == SDT:
            properties = copied.find(qn("w:sdtPr"))
            if properties is not None:
                for bound in properties.findall(qn("w:dataBinding")):
                    properties.remove(bound)
        self._delete_inside(_content(copied), moved)
        return copied

    def _delete_inside(self, container, moved: bool = False) -> None:
        for inner in list(iter_blocks(container)):
            replacement = self.deleted(inner, moved)
            inner.addprevious(replacement)
            inner.getparent().remove(inner)

    def deleted_paragraph(self, old, moved: bool = False):
        paragraph = _element("w:p")
        ppr = old.find(PPR)
        if ppr is not None:
            paragraph.append(self.clean_ppr(ppr))
        mode = "moveFrom" if moved else "del"
        return self.paragraph(paragraph, [(mode, tokens(old), True)], mark=mode)

    def move_range(self, kind: str, name: str):
        """(start, end) marks around moved blocks; kind 'moveFrom' or 'moveTo'."""
        start = self.mark(f"{kind}RangeStart")
        start.set(qn("w:id"), name)
        start.set(qn("w:name"), name)
        end = _element(f"w:{kind}RangeEnd")
        end.set(qn("w:id"), name)
        return start, end

    def clean_ppr(self, ppr):
        """A copy of an old paragraph's properties that is valid in the new document."""
        ppr = copy.deepcopy(ppr)
        for tag in ("w:sectPr", "w:pPrChange"):
            for child in ppr.findall(qn(tag)):
                ppr.remove(child)
        style = ppr.find(qn("w:pStyle"))
        if style is not None and style.get(qn("w:val")) not in self.context.styles:
            ppr.remove(style)
        numbering = ppr.find(qn("w:numPr"))
        if numbering is not None:
            num_id = numbering.find(qn("w:numId"))
            if num_id is None or num_id.get(qn("w:val")) not in self.context.numbering:
                ppr.remove(numbering)
        rpr = ppr.find(RPR)
        if rpr is not None:
            for mark in rpr.findall(INS) + rpr.findall(DEL):
                rpr.remove(mark)
        return ppr

    # -- paragraph marks at the edges of changes ----------------------------------------
    def settle(self, elements: list) -> list:
        """Place the paragraph-mark changes of a container's blocks so no state leaves a stray paragraph.

        Word reads a removed paragraph mark as "join with the next paragraph, whose mark stays";
        LibreOffice joins by rules of its own, reads an insertion at the end of a paragraph and
        inserted paragraphs after it as one insertion across the unchanged mark, and cannot
        remove a mark at the end of a container. So, where it means the same in Word:

        * a run of inserted paragraphs after an unchanged paragraph with the same properties
          as the run's last one moves its change one mark earlier (the unchanged paragraph's
          mark becomes the inserted one), so rejecting joins two equal paragraphs;
        * a run at the end of a container does the same, recording different properties in a
          ``w:pPrChange``; with no paragraph before it, its last mark stays with neutral
          properties (Word ends every body with a paragraph); a deleted paragraph right before
          an inserted one at the end becomes one changed paragraph.

        Returns the (possibly shorter) list of elements.
        """
        blocks = [e for e in elements if e.tag in (P, TBL, SDT)]
        runs = []
        index = 0
        while index < len(blocks):
            mode = _mark_mode(blocks[index]) if blocks[index].tag == P else None
            end = index + 1
            while mode and end < len(blocks) and blocks[end].tag == P and _mark_mode(blocks[end]) == mode:
                end += 1
            if mode in ("ins", "del"):
                runs.append((index, end, mode))
            index = end
        dropped = []
        for start, end, mode in runs:
            last = blocks[end - 1]
            before = blocks[start - 1] if start > 0 else None
            plain = (before is not None and before.tag == P and _mark_mode(before) is None
                     and before.find(f"{PPR}/{PPR_CHANGE}") is None)
            if end < len(blocks):
                if mode == "ins" and plain and _same(_properties(before), _properties(last)):
                    self._shift(before, last, mode)
                continue
            if plain:
                self._shift(before, last, mode)
            elif before is not None and before.tag == P and _mark_mode(before) in ("ins", "del") \
                    and _mark_mode(before) != mode:
                inserted, deleted = (last, before) if mode == "ins" else (before, last)
                self._merge(deleted, inserted, last)
                dropped.append(before)
            else:
                self._shift(None, last, mode)
        return [e for e in elements if not any(e is d for d in dropped)]

    def _shift(self, before, last, mode: str) -> None:
        """Move the ``mode`` mark of ``last`` to ``before`` (None: nothing precedes it)."""
        own = _properties(last)
        previous = _properties(before, rejected=mode == "ins") if before is not None else []
        if before is not None:
            self.mark_paragraph(before, mode)
        _unmark(last)
        if mode == "ins":
            self._property_change(last, own, previous)
        else:
            self._property_change(last, previous, own)

    def _merge(self, deleted, inserted, target) -> None:
        """Make ``target`` one paragraph holding the deleted and then the inserted text."""
        old_properties, new_properties = _properties(deleted), _properties(inserted)
        content = [c for c in deleted if c.tag != PPR] + [c for c in inserted if c.tag != PPR]
        for child in list(target):
            if child.tag != PPR:
                target.remove(child)
        target.extend(content)
        _unmark(target)
        self._property_change(target, new_properties, old_properties)

    def _property_change(self, paragraph, current: list, previous: list) -> None:
        """Give ``paragraph`` the properties ``current``, recording ``previous`` as tracked."""
        ppr = paragraph.find(PPR)
        if ppr is None:
            ppr = _element("w:pPr")
            paragraph.insert(0, ppr)
        kept = (RPR, PPR_CHANGE, SECT_PR)
        for child in list(ppr):
            if child.tag not in kept:
                ppr.remove(child)
        successor = next((c for c in ppr if c.tag in kept), None)
        for index, child in enumerate(copy.deepcopy(c) for c in current):
            if successor is not None:
                successor.addprevious(child)
            else:
                ppr.insert(index, child)
        if _same(current, previous):
            return
        for change in ppr.findall(PPR_CHANGE):
            ppr.remove(change)
        change = self.mark("pPrChange")
        old = _element("w:pPr")
        old.extend(copy.deepcopy(c) for c in previous)
        change.append(old)
        ppr.append(change)

    def deleted_row(self, row):
        """A cleaned copy of a table row of the old document, marked as deleted."""
        copied = copy.deepcopy(row)
        self.mark_row(copied, "del")
        for cell in copied.findall(TC):
            self._delete_inside(cell)
        return copied

    def mark_row(self, row, mode: str) -> None:
        trpr = row.find(TRPR)
        if trpr is None:
            trpr = _element("w:trPr")
            prex = row.find(TBLPREX)
            if prex is not None:
                prex.addnext(trpr)
            else:
                row.insert(0, trpr)
        change = trpr.find(qn("w:trPrChange"))
        element = self.mark(mode)
        if change is not None:
            change.addprevious(element)
        else:
            trpr.append(element)


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
    rpr = paragraph.find(f"{PPR}/{RPR}")
    if rpr is not None:
        for child in rpr:
            if child.tag in MARK_TAGS:
                return MARK_TAGS[child.tag]
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


def renumber(root) -> None:
    """Give every revision element a unique w:id, above every other id in the part.

    A move range's end mark gets the id of its start mark.
    """
    ident = qn("w:id")
    own = REVISION_TAGS | RANGE_STARTS | RANGE_ENDS
    used = [int(value) for element in root.iter() if element.tag not in own
            for value in [element.get(ident)] if value is not None and value.lstrip("-").isdigit()]
    number = max(used, default=0) + 1
    ranges: dict[str, str] = {}
    for element in root.iter():
        if element.tag in REVISION_TAGS or element.tag in RANGE_STARTS:
            if element.tag in RANGE_STARTS:
                ranges[element.get(ident)] = str(number)
            element.set(ident, str(number))
            number += 1
        elif element.tag in RANGE_ENDS:
            element.set(ident, ranges.get(element.get(ident), element.get(ident)))
