"""Rendered clause text -> model blocks: paragraphs, list items, tables and cross-references.

A clause body, once rendered in the sandbox, is light markup: blank lines separate paragraphs,
"- " starts a list item, "|" rows make a table, and ``ref()`` left markers for cross-references.
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterable

from ..model.agreement import Block, Paragraph, Ref, Table, Term, Text
from ..templating import PIPE_STAND_IN, REF_PATTERN


PERCENT_SPACE = re.compile(r"(?<=\d) %")


def inline(raw: str) -> Text:
    """Split escaped, rendered text into plain pieces and cross-references."""
    pieces: list[Any] = []
    pos = 0
    for match in REF_PATTERN.finditer(raw):
        if match.start() > pos:
            pieces.append(raw[pos:match.start()])
        pieces.append(Ref(match.group(2), capital=match.group(1) == "R"))
        pos = match.end()
    if pos < len(raw):
        pieces.append(raw[pos:])
    out: list[Any] = []
    for piece in pieces:
        if isinstance(piece, str):
            piece = html.unescape(piece).replace(PIPE_STAND_IN, "|")
            piece = re.sub(r"\s+", " ", piece)
            piece = PERCENT_SPACE.sub("%", piece)  # one notation in a draft: "90%", never "90 %"
            if out and isinstance(out[-1], str):
                out[-1] += piece
            elif piece:
                out.append(piece)
        else:
            out.append(piece)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return tuple(p for p in out if p != "")


def table(lines: list[str]) -> Table:
    rows = []
    for line in lines:
        cells = line.strip().strip("|").split("|")
        if all(re.fullmatch(r"\s*:?-{3,}:?\s*", c) for c in cells):
            continue
        rows.append(tuple(inline(c) for c in cells))
    width = max(len(r) for r in rows)
    rows = [r + ((),) * (width - len(r)) for r in rows]
    return Table(header=rows[0], rows=tuple(rows[1:]))


def parse_blocks(rendered: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", rendered.strip()):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("|") for line in lines):
            blocks.append(table(lines))
            continue
        text_lines: list[str] = []
        items: list[str] = []
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("- "):
                items.append(stripped[2:])
            elif items:
                items[-1] += " " + stripped
            else:
                text_lines.append(stripped)
        text = inline(" ".join(text_lines))
        parsed_items = tuple(t for t in (inline(i) for i in items) if t)
        if text or parsed_items:
            blocks.append(Paragraph(text=text, items=parsed_items))
    return tuple(blocks)


def plain(text: Text) -> str:
    return "".join(p if isinstance(p, str) else (p.text if isinstance(p, Term) else "") for p in text)


def block_texts(blocks: Iterable[Block]) -> Iterable[Text]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
            yield from block.items
        else:
            yield from block.header
            for row in block.rows:
                yield from row
