"""Where the paragraph-mark changes of a container's blocks go, so that accepting or rejecting
all changes leaves no stray paragraph: ``Settling``, a mixin of ``tracked.Revisions``."""

from __future__ import annotations

import copy

from .marks import PPR_CHANGE, SECT_PR, _element, _mark_mode, _properties, _same, _unmark
from ..word.wmltext import P, PPR, RPR, SDT, TBL


class Settling:
    """``Revisions.settle`` and its helpers; uses ``mark`` and ``mark_paragraph`` of ``Revisions``."""

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
