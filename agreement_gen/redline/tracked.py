"""Tracked changes: ``Revisions`` rebuilds paragraphs and rows with ``w:ins`` and ``w:del``.

``Revisions.paragraph`` writes a paragraph from a list of (mode, tokens) steps (``tokens.tokens``):
unchanged tokens as they were, inserted ones inside ``w:ins``, deleted ones inside ``w:del``
with ``w:delText`` and ``w:delInstrText``. Runs keep their own run properties; hyperlinks and
content controls of the new version stay around their runs. Where the paragraph-mark changes
at the edges of a change go is ``settle.Settling``, a mixin of ``Revisions``.

Deleted content comes from the other document, so it is cleaned first: bookmarks, comment
anchors, images and external hyperlinks of the old version refer to parts of a package that
is not in the redline and are left out (they carry no text). Style and list ids are mapped to the new
document's (``packages.Transplant``); styles it lacks are dropped from old paragraphs.

All elements are built with lxml; revision ids are made unique at the end by ``marks.renumber``.
"""

from __future__ import annotations

import copy
from itertools import groupby
from dataclasses import dataclass, field
from typing import Optional

from docx.oxml.ns import qn

from .marks import (
    BOOKMARK_END, BOOKMARK_START, DEL, INS, MOVE_FROM, MOVE_TO, OLD_ONLY, PPR_AFTER_RPR, MARK_TAGS, TBLPREX, TRPR,
    XML_SPACE, _alias, _as_deleted, _clean_rpr, _content, _element, _field_run_siblings, _portable, _referenced,
    _rename_reference, _rpr_key, _shell, _simple_field_runs,
)
from .packages import NUM_ID, NUM_PR, Transplant
from .settle import Settling
from .tokens import Token, tokens
from ..word.wmltext import (
    DEL_INSTR, DEL_TEXT, FLD_CHAR, FLD_SIMPLE, FLD_TYPE, INSTR, P, PPR, R, RPR, SDT, T, TBL, TC, TR, Item,
    iter_blocks,
)


@dataclass
class Context:
    """What cleaning old content needs to know about the new document."""

    transplant: "Transplant"  # old style and list ids -> new ones
    bookmarks: set[str] = field(default_factory=set)  # names; old bookmarks with other names are kept
    next_bookmark: int = 1


ROW_MARKS = frozenset(qn(t) for t in ("w:ins", "w:del", "w:trPrChange"))


class Revisions(Settling):
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

    def retarget(self, elements: list) -> list[tuple[object, object, str]]:
        """Point cross-references to moved text at the moved-away copy for the rejected state.

        A field to a bookmark that moved (``aliases``) becomes, in unchanged text, the old field
        (to the alias) deleted plus the new field inserted; in deleted or moved-away text it
        refers to the alias. Accepting keeps the new target, rejecting the old one. Returns the
        tracked changes this made: (element of ``elements``, paragraph, bookmark name).
        """
        if not self.aliases:
            return []
        changed = []
        for element in elements:
            for paragraph in ([element] if element.tag == P else list(element.iter(P))):
                changed.extend((element, paragraph, name) for name in self._retarget_paragraph(paragraph))
        return changed

    def _retarget_paragraph(self, paragraph) -> list[str]:
        changed = []
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
            changed.append(target)
        return changed

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
        if style is not None:
            new_id = self.context.transplant.style(style.get(qn("w:val"), ""))
            if new_id is None:
                ppr.remove(style)
            else:
                style.set(qn("w:val"), new_id)
        numbering = ppr.find(NUM_PR)
        if numbering is not None:
            num_id = numbering.find(NUM_ID)
            new_id = self.context.transplant.list(num_id.get(qn("w:val"), "")) if num_id is not None else None
            if new_id is None:
                ppr.remove(numbering)
            else:
                num_id.set(qn("w:val"), new_id)
        rpr = ppr.find(RPR)
        if rpr is not None:
            for mark in rpr.findall(INS) + rpr.findall(DEL):
                rpr.remove(mark)
        return ppr

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
        if all(child.tag in ROW_MARKS for child in trpr):
            # ECMA-376 (CT_TrPrBase): a w:trPr holds at least one row property before its w:ins or
            # w:del; cantSplit off is what a row has anyway.
            off = _element("w:cantSplit")
            off.set(qn("w:val"), "off")
            trpr.insert(0, off)
