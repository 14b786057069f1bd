"""The text elements of a whole body, found in one pass: for reading all of its paragraphs.

A redline reads every paragraph of both versions, and checks each version's embedded model
against the fingerprint of its text. ``BodyText`` asks lxml once for every text, field, tab
and break element of the body and gives each to the paragraph whose ``flatten`` lists it
(``wmltext.owner``): per paragraph the same list as ``wmltext.own_elements``, without a search
per paragraph (a tenth of the time).
"""

from __future__ import annotations

import hashlib
from typing import Optional

from .wmltext import _CHAR, FLD_CHAR, P, PLAIN_TAGS, R, T, element_value, own_elements, owner, paragraph_text, qn

BODY = qn("w:body")
_UNKNOWN = object()


class BodyText:
    """Per paragraph of ``body`` (a ``w:body``, or any element holding paragraphs) its
    ``own_elements``, found at once. Read it before the body changes."""

    __slots__ = ("body", "paragraphs", "nested", "_own")

    def __init__(self, body):
        self.body = body
        self.paragraphs: list = []  # every w:p, in document order
        self.nested = False  # a paragraph inside a paragraph (in a text box)
        own: dict = {}
        for element in body.iter(*PLAIN_TAGS):
            tag = element.tag
            if tag == P:
                self.paragraphs.append(element)
                own[element] = []
                parent = element.getparent()
                if parent is not None and parent.tag != BODY:
                    for outer in element.iterancestors(P):
                        own[outer] = None  # read item by item, as own_elements declines it
                        self.nested = True
                continue
            parent = element.getparent()  # nearly always a run in the paragraph: at once
            if parent is not None and parent.tag == R:
                parent = parent.getparent()
            found = parent if parent is not None and parent.tag == P else owner(element)
            if found is not None:
                listed = own.get(found)
                if listed is not None:
                    listed.append((tag, element, element_value(tag, element)))
        self._own = own

    def elements(self, paragraph) -> Optional[list]:
        """``own_elements(paragraph)``; from the pass for a paragraph of this body."""
        found = self._own.get(paragraph, _UNKNOWN)
        return own_elements(paragraph) if found is _UNKNOWN else found

    def fingerprint(self) -> str:
        """SHA-256 of the non-empty paragraph texts outside fields, in document order: each
        ``paragraph_text(paragraph, carry, fingerprint=True)`` with its runs of white space made
        one space, fields carried from paragraph to paragraph. What an author can change by
        typing, and what Word leaves alone when it updates fields or re-saves the file."""
        if self.nested:
            return _by_paragraph(self.paragraphs)
        texts: list[str] = []
        depth = 0  # fields open here, carried from paragraph to paragraph
        for paragraph in self.paragraphs:
            current: list[str] = []
            for tag, _, value in self._own[paragraph]:
                if tag == FLD_CHAR:
                    if value == "begin":
                        depth += 1
                    elif value == "end" and depth:
                        depth -= 1
                elif not depth and (tag == T or tag in _CHAR):
                    current.append(value)
            if current:
                texts.append(" ".join("".join(current).split()))
        return _digest(texts)


def _by_paragraph(paragraphs: list) -> str:
    carry: list = []
    texts = [" ".join(paragraph_text(paragraph, carry, fingerprint=True).split()) for paragraph in paragraphs]
    return _digest(texts)


def _digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(t for t in texts if t).encode("utf-8")).hexdigest()
