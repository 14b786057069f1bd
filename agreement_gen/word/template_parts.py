"""Where a placeholder is: the parts docxtpl fills, their paragraphs, and a line of Jinja's text
traced back to a paragraph.

docxtpl renders the template's body (its cover page) and every header and footer; for each it
cleans the serialised XML (``patch_xml``) and gives it to Jinja with a line break before every
``<w:p>``. ``parts`` gives those parts as copies whose paragraphs carry a numbered marker
attribute, so that the line number of a Jinja error or of a name leads to "alinea 7" of
"koptekst eerste pagina van sectie 1".
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Iterator, Optional

import jinja2
from docx.oxml import parse_xml
from docx.oxml.ns import qn

HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
KINDS = {HEADER: "koptekst", FOOTER: "voettekst"}
PAGES = {"default": "", "first": " eerste pagina", "even": " even pagina's"}
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MARK = "{urn:agreement-gen:sjablooncontrole}alinea"
MARK_VALUE = re.compile(r'"agp(\d+)"')
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
BLOCK_TAGS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape", "trans", "set"}


@dataclass(eq=False)  # identity: a paragraph of one part
class Paragraph:
    number: int  # 1-based, in document order within its part
    pieces: list[tuple[Any, str]]  # (the w:r element, its text), in order

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.pieces)


@dataclass(eq=False)
class Part:
    label: str  # Dutch: "voorblad", "koptekst eerste pagina van sectie 1"
    root: Any  # a marked copy of the part's XML
    paragraphs: list[Paragraph]

    def place(self, paragraph: Optional[Paragraph]) -> str:
        """'voorblad, alinea 2 ('{{ titel }}')'."""
        if paragraph is None:
            return self.label
        text = " ".join(paragraph.text.split())
        excerpt = text if len(text) <= 50 else text[:47] + "..."
        return f"{self.label}, alinea {paragraph.number}" + (f" ('{excerpt}')" if excerpt else "")

    def jinja_source(self, template) -> str:
        """The text docxtpl gives Jinja for this part, with a line per paragraph: docxtpl breaks
        before each <w:p>; we also break after each </w:p>, so that the tags of a paragraph
        docxtpl replaced by its tag ({%p ... %}) stand on a line of their own."""
        patched = template.patch_xml(template.xml_to_string(self.root))
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched).replace("</w:p>", "</w:p>\n")

    def paragraph_at(self, source: str, line: Optional[int]) -> Optional[Paragraph]:
        """The paragraph of line ``line`` (1-based) of ``jinja_source``."""
        lines = source.split("\n")
        if not line or line > len(lines):
            return None
        by_number = {p.number: p for p in self.paragraphs}
        found = MARK_VALUE.search(lines[line - 1])
        if found:
            return by_number.get(int(found[1]))
        # the tags of a paragraph (or table row) docxtpl replaced: one of the paragraphs between
        # the marked lines around it, the one with the same tags
        before = next((int(m[1]) for text in reversed(lines[:line - 1]) if (m := MARK_VALUE.search(text))), 0)
        after = next((int(m[1]) for text in lines[line:] if (m := MARK_VALUE.search(text))), len(by_number) + 1)
        wanted = {_bare(t) for t in TAG.findall(lines[line - 1])}
        between = [by_number[n] for n in range(before + 1, after) if n in by_number]
        for paragraph in between:
            if wanted & {_bare(t) for t in TAG.findall(paragraph.text)}:
                return paragraph
        return between[0] if between else by_number.get(before)


def _bare(tag: str) -> str:
    """'{%p for x in y %}' -> '{%forxiny%}': a tag without docxtpl's prefix and spacing."""
    return re.sub(r"^(\{[{%#])(?:p|r|tr|tc)\s", r"\1", tag).replace(" ", "")


def parts(document) -> Iterator[Part]:
    """The cover (the template's body) and every header and footer, as docxtpl renders them."""
    body = copy.deepcopy(document.element.body)
    yield Part("voorblad", body, _paragraphs(body))
    used: dict[str, list[tuple[str, int]]] = {}
    for number, sect_pr in enumerate(document.element.body.iter(qn("w:sectPr")), 1):
        for ref in sect_pr:
            if ref.tag in (qn("w:headerReference"), qn("w:footerReference")):
                page = PAGES.get(ref.get(qn("w:type"), "default"), "")
                used.setdefault(ref.get(qn("r:id")), []).append((page, number))
    for rid, rel in document.part.rels.items():
        if rel.reltype not in KINDS or rel.is_external or not rel.target_part.blob:
            continue
        root = parse_xml(rel.target_part.blob)
        yield Part(_label(KINDS[rel.reltype], used.get(rid), rel.target_part.partname), root, _paragraphs(root))


def _label(kind: str, uses: Optional[list[tuple[str, int]]], partname: str) -> str:
    if not uses:
        return f"{kind} {partname.lstrip('/')} (door geen sectie gebruikt)"
    by_page: dict[str, list[str]] = {}
    for page, number in uses:
        by_page.setdefault(page, []).append(str(number))
    return "; ".join(f"{kind}{page} van sectie {' en '.join(numbers)}" for page, numbers in by_page.items())


def _paragraphs(root) -> list[Paragraph]:
    """The paragraphs of a part, each marked with its number (text boxes count as paragraphs of
    their own; the VML fallback copy of a text box is left out)."""
    out: list[Paragraph] = []
    for p in root.iter(qn("w:p")):
        if any(a.tag == FALLBACK for a in p.iterancestors()):
            continue
        pieces = []
        for element in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            if next(element.iterancestors(qn("w:p"))) is not p:
                continue  # a paragraph in a text box inside this one
            text = (element.text or "") if element.tag == qn("w:t") else " "
            pieces.append((element.getparent(), text))
        out.append(Paragraph(len(out) + 1, pieces))
        p.set(MARK, f"agp{len(out)}")
    return out


def unclosed_block(env: jinja2.Environment, source: str) -> Optional[int]:
    """The line of the innermost block tag ({% if %}, {% for %}, ...) that is never closed."""
    try:
        tokens = [t for t in env.lex(source) if t[1] != "whitespace"]
    except jinja2.TemplateSyntaxError:
        return None
    stack: list[tuple[str, int]] = []
    for index, (line, kind, _value) in enumerate(tokens[:-1]):
        _, next_kind, name = tokens[index + 1]
        if kind != "block_begin" or next_kind != "name":
            continue
        if name.startswith("end"):
            opened = [i for i, (tag, _) in enumerate(stack) if tag == name[3:]]
            del stack[opened[-1] if opened else len(stack):]
        elif name in BLOCK_TAGS:
            rest = tokens[index + 2:]
            end = next((i for i, t in enumerate(rest) if t[1] == "block_end"), len(rest))
            if name == "set" and any(t[1] == "assign" for t in rest[:end]):
                continue  # {% set x = ... %} needs no end tag
            stack.append((name, line))
    return stack[-1][1] if stack else None
