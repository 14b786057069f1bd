"""The Agreement model as HTML for the live preview: the same numbering as Word and the plain
text ("Artikel N", leden "N.M", items a, b, c, recitals A, B, C, "Bijlage N"), with each
article's guidance note beside it. Every piece of text is escaped here; the template
(``templates/_preview.html``) only lays the pieces out.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import phrases
from ..model.agreement import Agreement, Paragraph, Ref, Table, Term, Text
from ..model.text import letter


def inline(agreement: Agreement, text: Text) -> Markup:
    """One piece of running text: defined terms in bold, cross-references as links."""
    out = Markup("")
    for piece in text:
        if isinstance(piece, Ref):
            try:
                kind, number = agreement.number_of(piece.target)
            except KeyError:
                out += escape(piece.target)
                continue
            anchor = f"{'art' if kind == 'artikel' else 'bijl'}-{number}"
            out += Markup('<a href="#{}">{}</a>').format(anchor, agreement.ref_text(piece))
        elif isinstance(piece, Term):
            out += Markup("<strong>{}</strong>").format(piece.text)
        else:
            out += escape(piece)
    return out


def blocks(agreement: Agreement, items, prefix: str | None) -> list[dict]:
    """The blocks of an article (``prefix``: its number, for the leden) or an annex (None)."""
    out = []
    lid = 0
    for block in items:
        if isinstance(block, Table):
            out.append({"table": True, "header": [inline(agreement, c) for c in block.header],
                        "rows": [[inline(agreement, c) for c in row] for row in block.rows]})
            continue
        assert isinstance(block, Paragraph)
        number = None
        if prefix is not None:
            lid += 1
            number = f"{prefix}.{lid}"
        out.append({"table": False, "number": number, "text": inline(agreement, block.text),
                    "entries": [(letter(i), inline(agreement, item)) for i, item in enumerate(block.items)]})
    return out


def view(agreement: Agreement) -> dict:
    """Everything the preview template shows, numbered and escaped."""
    meta = agreement.meta
    return {
        "meta": meta,
        "phrases": phrases,
        "parties": [inline(agreement, p.text) for p in agreement.parties],
        "parties_closing": inline(agreement, agreement.parties_closing),
        "recitals": [(letter(i, upper=True), inline(agreement, r.text)) for i, r in enumerate(agreement.recitals)],
        "articles": [{"number": n, "title": a.title, "blocks": blocks(agreement, a.blocks, str(n)),
                      "guidance": a.guidance} for n, a in enumerate(agreement.articles, start=1)],
        "closing": inline(agreement, agreement.closing),
        "signatures": agreement.signatures,
        "annexes": [{"number": n, "title": a.title, "blocks": blocks(agreement, a.blocks, None),
                     "guidance": a.guidance} for n, a in enumerate(agreement.annexes, start=1)],
    }
