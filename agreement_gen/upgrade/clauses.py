"""Which clauses change between two builds of one agreement: from the ``ClauseUse`` records
(id, clause version, hash of the text as built) that every build keeps in ``Meta.clauses``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from ..model.agreement import ClauseUse

STATUSES = ("gewijzigd", "nieuw", "vervallen", "gelijk")


@dataclass(frozen=True)
class ClauseChange:
    """One clause of the agreement before and/or after the move.

    ``status``: gewijzigd (another clause version), nieuw, vervallen, gelijk (the same version).
    ``text_changed``: whether the text of this agreement changes (its ``text_sha256``): a changed
    clause may read the same here (only its guidance changed), and an unchanged one may not (a
    reference to an article whose number moved)."""

    id: str
    status: str
    old_version: Optional[str]
    new_version: Optional[str]
    text_changed: bool


def compare_uses(before: Sequence[ClauseUse], after: Sequence[ClauseUse]) -> tuple[ClauseChange, ...]:
    """Every clause of either build, in the order of ``before`` with the new ones where they come
    in ``after``; grouped by the caller as it likes (``STATUSES`` is the order the report uses)."""
    old = {use.id: use for use in before}
    new = {use.id: use for use in after}
    out: dict[str, ClauseChange] = {}
    for use in after:
        previous = old.get(use.id)
        if previous is None:
            out[use.id] = ClauseChange(use.id, "nieuw", None, use.version, True)
        else:
            status = "gelijk" if previous.version == use.version else "gewijzigd"
            out[use.id] = ClauseChange(use.id, status, previous.version, use.version,
                                       previous.text_sha256 != use.text_sha256)
    for use in before:
        if use.id not in new:
            out[use.id] = ClauseChange(use.id, "vervallen", use.version, None, True)
    order = {cid: i for i, cid in enumerate(list(old) + [cid for cid in new if cid not in old])}
    return tuple(sorted(out.values(), key=lambda c: order[c.id]))
