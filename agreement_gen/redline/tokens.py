"""The tokens of a paragraph, the units a redline compares it in.

A paragraph is read as tokens (``tokens``): words and spaces (a word may span runs with
different formatting), fields that start and end in the paragraph as one token keyed by their
code (so a cross-reference whose number changed is no change), and markers (bookmarks,
comment anchors, images, page and column breaks) that take no part in the comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Hashable, Iterable, Optional

from docx.oxml.ns import qn

from ..word.wmltext import (
    FLD_CHAR, FLD_SIMPLE, FLD_TYPE, INSTR, T, Item, char_text, flatten, local_fields, normalise_instruction,
)

SPACE = re.compile(r"\s+|\S+")
BR, BR_TYPE = qn("w:br"), qn("w:type")
#: Breaks that are layout, not text: LibreOffice writes a paragraph's "page break before" as one.
LAYOUT_BREAKS = frozenset({"page", "column"})


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
        elif tag == BR and element.get(BR_TYPE) in LAYOUT_BREAKS:
            open_text = None
            out.append(Token(None, [(item, None)]))
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
        open_text.key = _key(open_text.text)
        return open_text
    token = Token(_key(chunk), [(item, chunk)])
    out.append(token)
    return token


# Typography is no change: a non-breaking space is a space, a curly quote a straight one (a draft
# built before the renderer tied "artikel 5" and curled its quotes equals one built after).
_TYPOGRAPHY = str.maketrans({"\u00a0": " ", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _key(text: str) -> str:
    """What a word or space is compared by (see _TYPOGRAPHY)."""
    return text.translate(_TYPOGRAPHY)


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


def visible_text(toks: Iterable[Token]) -> str:
    """The text a reader sees of ``toks``: words and spaces, and the result of a field (the
    "artikel 5" of a cross-reference), not its code."""
    out = []
    for token in toks:
        if isinstance(token.key, str):
            out.append(token.text)
        else:
            out.extend(item.element.text or "" for item, _ in token.items if item.element.tag == T)
    return "".join(out)
