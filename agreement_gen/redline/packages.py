"""Old content in the new package: styles by name, list definitions by what they define.

Deleted (and moved-away) paragraphs come from the old .docx but live in the redline, which is
the new .docx. Their style and list ids mean something in the old package only. When the two
packages were written by the same program from the same template the ids agree, but after
LibreOffice or Word saved one side they do not: LibreOffice renumbers list definitions and
writes the list a style implies into every paragraph. So:

* a paragraph's direct ``w:numPr`` that only repeats what its style implies is dropped (in both
  versions; the style still numbers the paragraph);
* an old style id becomes the new id of the style with the same name;
* an old list id becomes a new list id that defines the same list, or a copy of the old
  definition added to the new numbering part, so a restored paragraph counts in its own list.
"""

from __future__ import annotations

import copy
from typing import Callable, Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..word.docxread import DocxFile
from ..word.wmltext import P, PPR

NUM_PR, NUM_ID, ILVL = qn("w:numPr"), qn("w:numId"), qn("w:ilvl")
ABSTRACT, NUM, ABSTRACT_ID = qn("w:abstractNum"), qn("w:num"), qn("w:abstractNumId")
VAL, P_STYLE = qn("w:val"), qn("w:pStyle")
W15_RESTART = "{http://schemas.microsoft.com/office/word/2012/wordml}restartNumberingAfterBreak"
#: Identity and bookkeeping of a list definition, not what it looks like.
NOT_DEFINING = frozenset(qn(t) for t in ("w:nsid", "w:tmpl", "w:name", "w:styleLink", "w:numStyleLink"))


def _styles(package: DocxFile):
    return [style for part in package.related(package.main, RT.STYLES)
            for style in package.xml(part).iter(qn("w:style"))]


def style_ids_by_name(package: DocxFile) -> dict[str, str]:
    """Paragraph style id per lower-cased name (Word's built-in names are case-insensitive)."""
    out = {}
    for style in _styles(package):
        name = style.find(qn("w:name"))
        if name is not None and style.get(qn("w:type"), "paragraph") == "paragraph":
            out.setdefault(name.get(VAL, "").lower(), style.get(qn("w:styleId"), ""))
    return out


def style_names(package: DocxFile) -> dict[str, str]:
    """Lower-cased style name per style id."""
    out = {}
    for style in _styles(package):
        name = style.find(qn("w:name"))
        out[style.get(qn("w:styleId"), "")] = (name.get(VAL, "") if name is not None else "").lower()
    return out


def implied_numbering(package: DocxFile) -> dict[str, tuple[str, str]]:
    """(numId, ilvl) that each paragraph style gives its paragraphs, following w:basedOn."""
    own: dict[str, tuple[Optional[str], Optional[str]]] = {}
    based: dict[str, str] = {}
    for style in _styles(package):
        sid = style.get(qn("w:styleId"), "")
        numpr = style.find(f"{PPR}/{NUM_PR}")
        if numpr is not None:
            num, lvl = numpr.find(NUM_ID), numpr.find(ILVL)
            own[sid] = (num.get(VAL) if num is not None else None, lvl.get(VAL) if lvl is not None else None)
        parent = style.find(qn("w:basedOn"))
        if parent is not None:
            based[sid] = parent.get(VAL, "")
    out = {}
    for sid in set(own) | set(based):
        num = lvl = None
        seen = set()
        current: Optional[str] = sid
        while current and current not in seen and (num is None or lvl is None):
            seen.add(current)
            got = own.get(current, (None, None))
            num = num if num is not None else got[0]
            lvl = lvl if lvl is not None else got[1]
            current = based.get(current)
        if num is not None:
            out[sid] = (num, lvl or "0")
    return out


def drop_implied_numbering(body, implied: dict[str, tuple[str, str]]) -> None:
    """Remove direct list numbering that repeats what the paragraph's style implies.

    Looks at the ``w:numPr`` of each paragraph's own ``w:pPr`` (found through the numPr
    elements, not by visiting every paragraph)."""
    for numpr in list(body.iter(NUM_PR)):
        ppr = numpr.getparent()
        paragraph = ppr.getparent()
        if ppr.tag != PPR or paragraph is None or paragraph.tag != P or paragraph.find(PPR) is not ppr \
                or ppr.find(NUM_PR) is not numpr:
            continue  # a numPr of a recorded property change, or a second one
        style = ppr.find(P_STYLE)
        sid = style.get(VAL, "") if style is not None else ""
        num, lvl = numpr.find(NUM_ID), numpr.find(ILVL)
        direct = (num.get(VAL) if num is not None else None, lvl.get(VAL, "0") if lvl is not None else "0")
        if sid in implied and direct == implied[sid] and not len(numpr.findall(qn("w:ins"))):
            ppr.remove(numpr)


def _numbering_root(package: DocxFile):
    parts = package.related(package.main, RT.NUMBERING)
    return package.xml(parts[0]) if parts else None


def _definitions(root) -> dict[str, bytes]:
    """A canonical form of every list (w:num with its abstract definition), per numId."""
    if root is None:
        return {}
    abstracts = {a.get(ABSTRACT_ID): a for a in root.findall(ABSTRACT)}
    out = {}
    for num in root.findall(NUM):
        ref = num.find(ABSTRACT_ID)
        abstract = abstracts.get(ref.get(VAL) if ref is not None else None)
        if abstract is None:
            continue
        out[num.get(NUM_ID, "")] = _canonical(abstract) + b"|" + b"".join(
            _canonical(override) for override in num.findall(qn("w:lvlOverride")))
    return out


def _canonical(element) -> bytes:
    element = copy.deepcopy(element)
    for child in list(element):
        if child.tag in NOT_DEFINING:
            element.remove(child)
    for key in [k for k in element.attrib if k in (ABSTRACT_ID, W15_RESTART)]:
        del element.attrib[key]
    return etree.tostring(element, method="c14n")


class Transplant:
    """Maps style and list ids of the old package to ids that mean the same in the new one."""

    def __init__(self, old: DocxFile, new: DocxFile, numbering_root: Optional[Callable] = None):
        """``numbering_root()``: the redline's numbering element (python-docx), to add lists to."""
        new_ids = style_ids_by_name(new)
        self.styles = {sid: new_ids[name] for sid, name in style_names(old).items() if name in new_ids}
        self.old_root = _numbering_root(old)
        self.old_lists = _definitions(self.old_root)
        self.numbering_root = numbering_root
        self.new_lists = _definitions(_numbering_root(new))
        self.lists: dict[str, Optional[str]] = {}

    def style(self, old_id: str) -> Optional[str]:
        return self.styles.get(old_id)

    def list(self, old_id: str) -> Optional[str]:
        """The new numId for the old list ``old_id``; None when the old package does not define it."""
        if old_id not in self.lists:
            self.lists[old_id] = self._find_or_copy(old_id)
        return self.lists[old_id]

    def _find_or_copy(self, old_id: str) -> Optional[str]:
        wanted = self.old_lists.get(old_id)
        if wanted is None:
            return None
        if self.new_lists.get(old_id) == wanted:
            return old_id
        for new_id, definition in sorted(self.new_lists.items(), key=lambda item: _int(item[0])):
            if definition == wanted:
                return new_id
        if self.numbering_root is None:
            return None
        return self._copy(old_id, wanted)

    def _copy(self, old_id: str, wanted: bytes) -> str:
        root = self.numbering_root()
        num = next(n for n in self.old_root.findall(NUM) if n.get(NUM_ID) == old_id)
        ref = num.find(ABSTRACT_ID).get(VAL)
        abstract = copy.deepcopy(next(a for a in self.old_root.findall(ABSTRACT) if a.get(ABSTRACT_ID) == ref))
        abstract_id = str(1 + max((_int(a.get(ABSTRACT_ID)) for a in root.findall(ABSTRACT)), default=-1))
        num_id = str(1 + max((_int(n.get(NUM_ID)) for n in root.findall(NUM)), default=0))
        abstract.set(ABSTRACT_ID, abstract_id)
        for link in abstract.findall(qn("w:numStyleLink")) + abstract.findall(qn("w:styleLink")):
            abstract.remove(link)  # the style it links to is the new package's, not this list
        num = copy.deepcopy(num)
        num.set(NUM_ID, num_id)
        num.find(ABSTRACT_ID).set(VAL, abstract_id)
        existing = root.findall(ABSTRACT)
        if existing:
            existing[-1].addnext(abstract)
        else:
            root.insert(0, abstract)
        root.append(num)
        self.new_lists[num_id] = wanted
        return num_id


def _int(value: Optional[str]) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1
