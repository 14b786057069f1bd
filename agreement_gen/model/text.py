"""Agreement -> plain text: a quick preview, and what tests and redlines compare.

The numbering here follows the same rules as the Word numbering definitions in the template:
"Artikel N", leden "N.M", items a, b, c, recitals A, B, C, "Bijlage N".
"""

from __future__ import annotations

from . import phrases
from .agreement import Agreement, Block, Paragraph, Ref, Table, Term, Text


def letter(index: int, upper: bool = False) -> str:
    """0 -> a, 25 -> z, 26 -> aa (Word's lowerLetter doubles the letter)."""
    char = chr(ord("a") + index % 26) * (index // 26 + 1)
    return char.upper() if upper else char


def inline_text(agreement: Agreement, text: Text) -> str:
    out = []
    for piece in text:
        if isinstance(piece, Ref):
            out.append(agreement.ref_text(piece))
        elif isinstance(piece, Term):
            out.append(piece.text)
        else:
            out.append(piece)
    return "".join(out)


def _table_lines(agreement: Agreement, table: Table) -> list[str]:
    rows = [table.header] + list(table.rows)
    return ["| " + " | ".join(inline_text(agreement, c) for c in row) + " |" for row in rows]


def _blocks(agreement: Agreement, blocks: tuple[Block, ...], prefix: str | None) -> list[str]:
    lines: list[str] = []
    lid = 0
    for block in blocks:
        if isinstance(block, Table):
            lines.extend(_table_lines(agreement, block))
            continue
        assert isinstance(block, Paragraph)
        if prefix is not None:
            lid += 1
            lines.append(f"{prefix}.{lid} {inline_text(agreement, block.text)}".rstrip())
        elif block.text:
            lines.append(inline_text(agreement, block.text))
        for i, item in enumerate(block.items):
            lines.append(f"    {letter(i)}. {inline_text(agreement, item)}")
    return lines


def render_text(agreement: Agreement) -> str:
    """The whole agreement as UTF-8 text, one paragraph per line."""
    meta = agreement.meta
    lines = [meta.title.upper(), ""]
    status = "CONCEPT" if meta.status == "concept" else "DEFINITIEF"
    lines.append(f"Kenmerk {meta.kenmerk} | versie {meta.version} | {meta.date.isoformat()} | {status}")
    lines += ["", phrases.PARTIES_INTRO, ""]
    for i, party in enumerate(agreement.parties, start=1):
        lines += [f"{i}. {inline_text(agreement, party.text)}", ""]
    lines += [inline_text(agreement, agreement.parties_closing), ""]
    if agreement.recitals:
        lines += [phrases.RECITALS_INTRO, ""]
        for i, recital in enumerate(agreement.recitals):
            lines.append(f"{letter(i, upper=True)}. {inline_text(agreement, recital.text)}")
        lines.append("")
    lines += [phrases.AGREED, ""]
    for n, article in enumerate(agreement.articles, start=1):
        lines.append(f"Artikel {n} {article.title}")
        lines += _blocks(agreement, article.blocks, str(n))
        lines.append("")
    lines += [inline_text(agreement, agreement.closing), ""]
    lines += [phrases.SIGNATURES_TITLE, ""]
    for sig in agreement.signatures:
        lines += [
            f"{sig.party}",
            f"{phrases.SIGN_NAME}: {sig.naam}",
            f"{phrases.SIGN_FUNCTION}: {sig.functie}",
            f"{phrases.SIGN_PLACE}: {sig.plaats}",
            f"{phrases.SIGN_DATE}:",
            f"{phrases.SIGN_SIGNATURE}:",
            "",
        ]
    for n, annex in enumerate(agreement.annexes, start=1):
        lines.append(f"Bijlage {n} {annex.title}")
        lines += _blocks(agreement, annex.blocks, None)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
