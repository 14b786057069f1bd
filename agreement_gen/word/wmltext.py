"""What a WordprocessingML body says, as text: for checks, fingerprints and the redline.

``flatten(p)`` lists the inline content of a paragraph in reading order, each item with the
run properties and the containers (hyperlink, content control, tracked change) it sits in.
``lines(body)`` renders a body as one line per paragraph (style and text) with table
structure, the form in which tests compare documents and redlines. A field shows as its code
in braces (``{REF _Ref_doel \\r \\h}``) when it starts and ends in the paragraph, because
Word and LibreOffice recompute such results (article numbers in cross-references); a field
that spans paragraphs (the table of contents) shows its code and its result.
``fingerprint(body)`` hashes the text outside all fields: what an author can change by typing,
and what Word leaves alone when it updates fields or re-saves the file.
"""

from __future__ import annotations

import re

from typing import Iterator, NamedTuple, Optional

from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, R, TBL, TR, TC = qn("w:p"), qn("w:r"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
PPR, RPR = qn("w:pPr"), qn("w:rPr")
SDT, SDT_CONTENT, CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
T, DEL_TEXT, INSTR, DEL_INSTR = qn("w:t"), qn("w:delText"), qn("w:instrText"), qn("w:delInstrText")
FLD_CHAR, FLD_SIMPLE = qn("w:fldChar"), qn("w:fldSimple")
FLD_TYPE = qn("w:fldCharType")

#: Inline elements that hold runs and keep them in reading order.
CONTAINERS = frozenset(qn(t) for t in (
    "w:hyperlink", "w:smartTag", "w:customXml", "w:dir", "w:bdo",
    "w:ins", "w:del", "w:moveFrom", "w:moveTo",
))

_CHAR = {
    qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "\u2011", qn("w:softHyphen"): "",
}


class Item(NamedTuple):
    """One piece of inline content: a run child (with its run) or a paragraph-level element.

    (A named tuple: a paragraph has dozens and every text check flattens every paragraph.)"""

    element: object
    run: Optional[object]
    containers: tuple


def flatten(paragraph) -> list[Item]:
    """The inline content of a ``w:p`` in reading order (its ``w:pPr`` left out)."""
    items: list[Item] = []
    _walk(paragraph, (), items)
    return items


def _walk(parent, containers: tuple, items: list[Item]) -> None:
    for child in parent:
        tag = child.tag
        if tag == PPR or not isinstance(tag, str):
            continue
        if tag == R:
            for part in child:
                if part.tag != RPR and isinstance(part.tag, str):
                    items.append(Item(part, child, containers))
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _walk(content, containers + (child,), items)
        elif tag in CONTAINERS:
            _walk(child, containers + (child,), items)
        else:
            items.append(Item(child, None, containers))


def char_text(element, deleted: bool = False) -> Optional[str]:
    """The text a run child stands for, or None when it is no text (field chars, markers)."""
    tag = element.tag
    if tag == T or (deleted and tag == DEL_TEXT):
        return element.text or ""
    return _CHAR.get(tag)


_FORMAT_SWITCH = re.compile(r"\s\\\*\s*(?:MERGEFORMAT|CHARFORMAT|Lower|Upper|Caps|FirstCap)\b", re.IGNORECASE)


def normalise_instruction(text: str) -> str:
    """A field instruction with its spacing and its formatting switches (``\\* Lower``,
    ``\\* MERGEFORMAT``) removed: LibreOffice drops them when it saves, and they change how the
    result looks, not what it refers to."""
    return " ".join(_FORMAT_SWITCH.sub("", " " + text).split())


def local_fields(items: list[Item]) -> set[int]:
    """Indexes of the ``begin`` fldChars whose field also ends within these items."""
    stack: list[int] = []
    local: set[int] = set()
    for index, item in enumerate(items):
        if item.element.tag != FLD_CHAR:
            continue
        kind = item.element.get(FLD_TYPE)
        if kind == "begin":
            stack.append(index)
        elif kind == "end" and stack:
            local.add(stack.pop())
    return local


class _Field:
    __slots__ = ("instr", "result", "local", "shown")

    def __init__(self, local: bool):
        self.instr: list[str] = []
        self.result = False
        self.local = local
        self.shown = False


def paragraph_text(paragraph, carry: Optional[list] = None, fingerprint: bool = False,
                   deleted: bool = False, targets: Optional[dict] = None, body_text=None) -> str:
    r"""The text of a paragraph. ``carry`` holds fields still open from earlier paragraphs.

    With ``fingerprint`` everything inside a field (code and result) is left out; otherwise
    a field shows as ``{code}`` and its result only when it spans paragraphs. ``deleted``
    also reads ``w:delText`` (for showing a document with pending deletions). With
    ``targets`` (bookmark name -> text, see ``bookmark_targets``) a cross-reference shows
    what it points to, ``{REF ->Doel en visie \r \h}``, or ``->?`` when the bookmark is missing.
    ``body_text`` (a ``bodytext.BodyText`` of the body) has the paragraph's elements found already.
    """
    # In one pass also in the middle of a field whose result spans paragraphs (a table of
    # contents): its result shows, as the item-by-item reading shows it, until it ends.
    if not deleted and (not carry or (not fingerprint and all(f.result and not f.local for f in carry))):
        elements = body_text.elements(paragraph) if body_text is not None else own_elements(paragraph)
        plain = _plain(elements, fingerprint, targets, bool(carry)) if elements is not None else None
        if plain is not None:
            return plain
    return _field_text(paragraph, carry, fingerprint, deleted, targets)


#: What ``plain_text`` reads: paragraphs (to see one inside another), text, fields, tabs and breaks.
PLAIN_TAGS = (P, T, FLD_CHAR, INSTR, DEL_INSTR, FLD_SIMPLE, *_CHAR)


def plain_text(paragraph, fingerprint: bool = False, targets: Optional[dict] = None) -> Optional[str]:
    """``paragraph_text`` of a paragraph with no field open from an earlier one, in one pass over
    just its text and field elements (nearly every paragraph); None for any other paragraph: a
    field inside a field, a field left open at its end, a paragraph inside it (a text box). A
    field that begins and ends here shows as its code (``{REF x \\h}``) and hides its result, as
    the item-by-item reading shows it."""
    elements = own_elements(paragraph)
    return _plain(elements, fingerprint, targets) if elements is not None else None


def own_elements(paragraph) -> Optional[list[tuple[str, object, str]]]:
    """(tag, element, value) of the text, field, tab and break elements ``flatten(paragraph)``
    lists, in order (each counts when ``flatten`` would reach it: ``owner``); the value is what
    reading it needs (``element_value``). None when a paragraph lies inside it."""
    out = []
    for element in paragraph.iter(*PLAIN_TAGS):
        tag = element.tag
        if tag == P:
            if element is not paragraph:
                return None
        elif owner(element) is not None:
            out.append((tag, element, element_value(tag, element)))
    return out


def element_value(tag: str, element) -> str:
    """What ``_plain`` reads of one of ``own_elements``: the text (of a text or a field code),
    the kind of a field character, the code of a simple field, the character of a tab or break."""
    if tag == T or tag == INSTR or tag == DEL_INSTR:
        return element.text or ""
    if tag == FLD_CHAR:
        return element.get(FLD_TYPE) or ""
    if tag == FLD_SIMPLE:
        return element.get(_INSTR_ATTR, "")
    return _CHAR[tag]


def _plain(elements: list, fingerprint: bool, targets: Optional[dict], inside: bool = False) -> Optional[str]:
    """``plain_text`` of the paragraph whose ``own_elements`` these are; ``inside`` a field
    from an earlier paragraph, None where that field may end (its result showing, read on)."""
    out: list[str] = []
    instr: Optional[list[str]] = None  # the code of the field being read; None outside a field
    shown = result = False
    for tag, _, value in elements:
        if tag == FLD_CHAR:
            if value == "begin":
                if instr is not None:
                    return None  # a field inside a field
                instr, shown, result = [], False, False
            elif instr is not None and value in ("separate", "end"):
                if not shown and not fingerprint:
                    out.append("{" + _resolve(normalise_instruction("".join(instr)), targets) + "}")
                shown = True
                if value == "end":
                    instr = None
                else:
                    result = True
            elif inside:
                return None
        elif tag == INSTR or tag == DEL_INSTR:
            if instr is not None and not result:
                instr.append(value)
        elif tag == FLD_SIMPLE:
            if instr is not None:
                return None
            if not fingerprint:
                out.append("{" + normalise_instruction(value) + "}")
        elif instr is None:
            out.append(value)
    return "".join(out) if instr is None else None


_INSTR_ATTR = qn("w:instr")


def _field_text(paragraph, carry: Optional[list], fingerprint: bool, deleted: bool,
                targets: Optional[dict]) -> str:
    """``paragraph_text`` item by item, with the fields open from earlier paragraphs."""
    stack = carry if carry is not None else []
    items = flatten(paragraph)
    local = local_fields(items)
    out: list[str] = []

    def visible() -> bool:
        return all(f.result and not f.local and not fingerprint for f in stack)

    def show(field: _Field) -> None:
        if not field.shown and not fingerprint and all(f.result and not f.local for f in stack[:-1]):
            out.append("{" + _resolve(normalise_instruction("".join(field.instr)), targets) + "}")
        field.shown = True

    for index, item in enumerate(items):
        element = item[0]
        tag = element.tag
        if tag == T or (deleted and tag == DEL_TEXT):  # char_text, inline: most items are text
            if not stack or visible():
                out.append(element.text or "")
        elif tag == FLD_CHAR:
            kind = element.get(FLD_TYPE)
            if kind == "begin":
                stack.append(_Field(index in local))
            elif kind == "separate" and stack:
                show(stack[-1])
                stack[-1].result = True
            elif kind == "end" and stack:
                show(stack[-1])
                stack.pop()
        elif tag in (INSTR, DEL_INSTR) and stack and not stack[-1].result:
            stack[-1].instr.append(element.text or "")
        elif tag == FLD_SIMPLE:
            if visible() and not fingerprint:
                out.append("{" + normalise_instruction(element.get(qn("w:instr"), "")) + "}")
        else:
            text = _CHAR.get(tag)
            if text is not None and (not stack or visible()):
                out.append(text)
    return "".join(out)


REFERENCE_FIELDS = ("REF", "PAGEREF", "NOTEREF")


def _resolve(instruction: str, targets: Optional[dict]) -> str:
    words = instruction.split(" ")
    if targets is not None and len(words) > 1 and words[0].upper() in REFERENCE_FIELDS:
        words[1] = "->" + targets.get(words[1], "?")
    return " ".join(words)


def bookmark_targets(root) -> dict[str, str]:
    """Bookmark name -> the text of the paragraph where it starts (first one wins, as in Word)."""
    targets: dict[str, str] = {}
    for mark in root.iter(qn("w:bookmarkStart")):
        name = mark.get(qn("w:name"))
        paragraph = next((a for a in mark.iterancestors(P)), None)
        if name and name not in targets and paragraph is not None:
            targets[name] = "".join(t.text or "" for t in paragraph.iter(T))
    return targets


def iter_blocks(container) -> Iterator:
    """The paragraphs and tables of a body or cell, looking through content controls."""
    for child in container:
        tag = child.tag
        if tag in (P, TBL):
            yield child
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from iter_blocks(content)
        elif tag == CUSTOM_XML:
            yield from iter_blocks(child)


def first_child(element, tag: str):
    """``element.find(tag)`` for a plain tag, without ElementPath (half the time; every paragraph
    of both versions of a redline asks for its properties and style). The first child is tried
    first: it is the one asked for nearly always (``w:pPr`` in a paragraph, ``w:pStyle`` in that).
    Otherwise lxml picks the children by tag itself: a loop over them in Python would make an
    object for each (for python-docx's elements, one of its own classes)."""
    try:
        child = element[0]
    except IndexError:
        return None
    if child.tag == tag:
        return child
    return next(element.iterchildren(tag), None)


_P_STYLE, _VAL, _NUM_PR = qn("w:pStyle"), qn("w:val"), qn("w:numPr")


def style_of(paragraph) -> str:
    ppr = first_child(paragraph, PPR)
    if ppr is None:
        return ""
    style = first_child(ppr, _P_STYLE)
    value = style.get(_VAL, "") if style is not None else ""
    num = first_child(ppr, _NUM_PR)
    if num is not None:
        ilvl = num.find(qn("w:ilvl"))
        num_id = num.find(qn("w:numId"))
        value += "#" + ".".join(e.get(qn("w:val"), "") for e in (num_id, ilvl) if e is not None)
    return value


def lines(body, indent: str = "", carry: Optional[list] = None, deleted: bool = False,
          targets: Optional[dict] = None, body_text=None) -> list[str]:
    """The body as text lines: ``[style] text`` per paragraph, tables as nested blocks.

    Cross-references show the text of what they point to (``bookmark_targets`` of ``body``
    unless ``targets`` is given). ``body_text``: see ``paragraph_text``.
    """
    carry = [] if carry is None else carry
    targets = bookmark_targets(body) if targets is None else targets
    out: list[str] = []
    for block in iter_blocks(body):
        out.extend(block_lines(block, indent, carry, deleted, targets, body_text))
    return out


def block_lines(block, indent: str = "", carry: Optional[list] = None, deleted: bool = False,
                targets: Optional[dict] = None, body_text=None) -> list[str]:
    """``lines`` of one paragraph, table or content control."""
    carry = [] if carry is None else carry
    if block.tag == P:
        text = paragraph_text(block, carry, deleted=deleted, targets=targets, body_text=body_text)
        return [f"{indent}[{style_of(block)}] {text}".rstrip()]
    if block.tag == SDT:
        content = block.find(SDT_CONTENT)
        return lines(content, indent, carry, deleted, targets, body_text) if content is not None else []
    if block.tag != TBL:
        return lines(block, indent, carry, deleted, targets, body_text)
    out = [f"{indent}<tabel>"]
    for row in block.findall(TR):
        out.append(f"{indent}  <rij>")
        for cell in row.findall(TC):
            out.append(f"{indent}    <cel>")
            out.extend(lines(cell, indent + "      ", carry, deleted, targets, body_text))
    out.append(f"{indent}</tabel>")
    return out


def fingerprint(body) -> str:
    """SHA-256 of the non-empty paragraph texts outside fields, in document order (see
    ``bodytext.BodyText.fingerprint``)."""
    from .bodytext import BodyText
    return BodyText(body).fingerprint()


def owner(element):
    """The paragraph whose ``flatten`` lists ``element`` (a run's child, or an element of a
    paragraph itself), or None: the first paragraph up from it, when there is nothing but
    containers and content controls (their first content) in between."""
    parent = element.getparent()
    if parent is not None and parent.tag == R:
        parent = parent.getparent()
    while parent is not None:
        tag = parent.tag
        if tag == P:
            return parent
        if tag in CONTAINERS:
            parent = parent.getparent()
        elif tag == SDT_CONTENT:
            control = parent.getparent()
            if control is None or control.tag != SDT or first_child(control, SDT_CONTENT) is not parent:
                return None
            parent = control.getparent()
        else:
            return None
    return None
