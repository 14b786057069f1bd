"""Which clause, at which version, a draft uses: ``ClauseUse`` records for ``Meta.clauses``."""

from __future__ import annotations

import hashlib
from typing import Iterable, Sequence

from ..library.clause import Clause
from ..model.agreement import Agreement, ClauseUse, Text
from ..model.text import inline_text


def clause_uses(agreement: Agreement, units: Sequence[tuple[Clause, Sequence[Text]]]) -> tuple[ClauseUse, ...]:
    """One record per unit: the clause's id and version and a hash of the text as rendered here.

    The hashed text is the title (articles and annexes) and each paragraph, item and table cell
    on a line of its own, cross-references as they read ("artikel 7"). It changes when the
    clause's text changes and when the spec fills it differently.
    """
    uses = []
    for clause, texts in units:
        digest = hashlib.sha256("\n".join(clause_lines(agreement, clause, texts)).encode("utf-8")).hexdigest()
        uses.append(ClauseUse(clause.id, clause.version, digest))
    return tuple(uses)


def clause_lines(agreement: Agreement, clause: Clause, texts: Iterable[Text]) -> list[str]:
    """A clause's text as this agreement reads it: the title (articles and annexes), then each
    paragraph, item and table cell, cross-references as numbers."""
    lines = [clause.titel] if clause.soort in ("artikel", "bijlage") and clause.titel else []
    return lines + [inline_text(agreement, text) for text in texts]
