"""What the layers above the branch library changed in one draft: ``LayerChange`` records for
``Meta.layer_changes``, which ``explain`` lists and the renderer turns into reviewer comments.

The branch library is the bottom layer of the stack; a region's layer (or an agreement's own) lies
above it. For the clauses this draft uses: a clause whose chain of versions starts in the bottom
layer but which a higher layer replaced is "vervangen", with word-level excerpts of what changed in
this agreement's text (the bottom version rendered for the same spec, against the text used); a
clause that a higher layer brought in is "toegevoegd". Every clause a layer switched off is
"uitgezet", with whether its condition holds for this spec. Without layers there is nothing.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from ..library.clause import Clause, Library
from ..library.wording import excerpts
from ..model.agreement import Agreement, LayerChange, Text
from .blocks import block_texts, parse_blocks
from .uses import clause_lines


def _text(agreement: Agreement, clause: Clause, texts: Iterable[Text]) -> str:
    """A clause's text as this agreement reads it, a paragraph break between its lines."""
    return "\n\n".join(clause_lines(agreement, clause, texts))


def layer_changes(library: Library, agreement: Agreement, units: Sequence[tuple[Clause, Sequence[Text]]],
                  context: dict[str, Any], render: Callable[[Clause, dict], str],
                  holds: Callable[[Clause, dict], bool]) -> tuple[LayerChange, ...]:
    """The changes for the clauses in ``units`` (clause, its rendered texts) and the switched-off
    clauses of ``library``; ``render`` and ``holds`` are the assembler's own."""
    if len(library.layers) < 2:
        return ()
    base = library.layers[0].name
    keys = {unit.clause_id: unit.key for unit in agreement.articles + agreement.annexes}
    out = []
    for clause, texts in units:
        if clause.layer == base:
            continue
        original = clause.versions[-1]
        title = clause.titel or clause.term
        if original.layer != base:
            out.append(LayerChange(clause.id, "toegevoegd", original.layer, title, base, keys.get(clause.id)))
            continue
        out.append(LayerChange(clause.id, "vervangen", clause.layer, title, original.layer, keys.get(clause.id),
                               excerpts=_difference(agreement, original, clause, texts, context, render)))
    for gone in library.switched_off:
        try:
            applies = holds(gone.clause, context)
        except Exception:  # noqa: BLE001 - a switched-off clause's condition is not this draft's problem
            applies = False
        out.append(LayerChange(gone.clause.id, "uitgezet", gone.layer.name, gone.clause.titel or gone.clause.term,
                               gone.clause.layer, applies=applies))
    return tuple(out)


def _difference(agreement: Agreement, original: Clause, clause: Clause, texts: Sequence[Text],
                context: dict[str, Any], render: Callable[[Clause, dict], str]) -> tuple[str, ...]:
    """Word-level excerpts from the branch text (rendered for this spec) to the text used."""
    try:
        before = _text(agreement, original, block_texts(parse_blocks(render(original, context))))
    except Exception:  # noqa: BLE001 - the branch version need not fit a spec the layer's version fits
        return ("(de tekst van de bibliotheek eronder is voor deze spec niet te maken; vergelijk met "
                "agreement-gen library show)",)
    found = excerpts(before, _text(agreement, clause, texts))
    return tuple(found) or ("(dezelfde tekst voor deze spec)",)
