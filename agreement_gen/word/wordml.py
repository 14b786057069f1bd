"""Small WordprocessingML builders shared by the template generator, renderer and redline.

All XML is built as lxml elements (python-docx's ``OxmlElement`` and ``qn``), never as strings.
"""

from __future__ import annotations

from typing import Iterable, Optional

from docx.oxml import OxmlElement
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser


_TAGS: dict[str, tuple[str, dict[str, str]]] = {}  # "w:p" -> Clark name and namespace declaration
_NAMES: dict[str, str] = {}  # "w:val" -> Clark name
_make = oxml_parser.makeelement


def el(tag: str, attrs: Optional[dict[str, str]] = None, children: Iterable = ()) -> "OxmlElement":
    """``el('w:ind', {'w:left': '709'})``: an element with attributes and children.

    What ``OxmlElement(tag)`` makes (python-docx's element class for the tag), without parsing
    the tag's prefix again for each of the tens of thousands of elements in a draft."""
    found = _TAGS.get(tag)
    if found is None:
        nsptag = NamespacePrefixedTag(tag)
        found = _TAGS[tag] = (nsptag.clark_name, nsptag.nsmap)
    element = _make(found[0], nsmap=found[1])
    if attrs:
        for key, value in attrs.items():
            name = _NAMES.get(key)
            if name is None:
                name = _NAMES[key] = qn(key)
            element.set(name, value if type(value) is str else str(value))
    if children:
        element.extend(children)
    return element


def val(tag: str, value: str | int) -> "OxmlElement":
    return el(tag, {"w:val": str(value)})


_RUNS: dict[bool, "OxmlElement"] = {}  # bold -> an empty run to copy (a copy is one call, not four)
_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"


def run(text: str, bold: bool = False) -> "OxmlElement":
    blank = _RUNS.get(bold)
    if blank is None:
        blank = _RUNS[bold] = el("w:r", children=([el("w:rPr", children=[el("w:b")])] if bold else []) + [el("w:t")])
    r = blank.__copy__()
    t = r[-1]
    if text != text.strip():
        t.set(_PRESERVE, "preserve")
    t.text = text
    return r


def field_runs(instruction: str, cached: str, bold: bool = False, dirty: bool = False) -> list:
    """A complex field (begin, instruction, separate, cached result, end) as a list of runs.

    ``dirty`` flags the cached result as out of date, so Word and LibreOffice recompute it.
    """

    def char(kind: str) -> "OxmlElement":
        attrs = {"w:fldCharType": kind}
        if kind == "begin" and dirty:
            attrs["w:dirty"] = "true"
        return el("w:r", children=[el("w:fldChar", attrs)])

    instr = el("w:r", children=[el("w:instrText", {"xml:space": "preserve"})])
    instr[0].text = f" {instruction.strip()} "
    return [char("begin"), instr, char("separate"), run(cached, bold=bold), char("end")]


def bookmark(paragraph_element, name: str, bookmark_id: int) -> None:
    """Wrap the whole content of a paragraph in a bookmark."""
    start = el("w:bookmarkStart", {"w:id": str(bookmark_id), "w:name": name})
    end = el("w:bookmarkEnd", {"w:id": str(bookmark_id)})
    ppr = paragraph_element.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph_element.insert(0, start)
    paragraph_element.append(end)
