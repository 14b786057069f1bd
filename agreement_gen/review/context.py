"""What a review rule sees: the spec (as a clause condition does) and the assembled agreement.

Beyond the spec fields and the clause functions (``assembly.context``):

- ``overeenkomst``: ``artikelen`` and ``bijlagen`` (each with ``nummer``, ``sleutel``,
  ``clausule``, ``titel``, ``tekst``), ``overwegingen`` (texts), ``clausules`` (ids) and
  ``tekst`` (all of it);
- ``artikel(sleutel)``: that article or annex (by key, slot or clause id), or none;
- ``heeft_artikel(sleutel)``: whether the draft has it;
- ``standaardkeuzes``: the spec fields left to their defaults (``partijen[2].bijdragevorm``).
"""

from __future__ import annotations

from typing import Any, Optional

from ..assembly.context import build_context
from ..spec.load import Spec
from .draft import Draft, Unit


def _unit(unit: Unit) -> dict[str, Any]:
    return {"nummer": unit.place.nummer, "sleutel": unit.place.sleutel, "clausule": unit.clausule,
            "titel": unit.place.titel, "tekst": unit.tekst, "alineas": list(unit.alineas)}


def rule_context(spec: Optional[Spec], draft: Draft) -> dict[str, Any]:
    context: dict[str, Any] = build_context(spec) if spec is not None else {}
    units = {"artikel": [], "bijlage": []}
    for unit in draft.units:
        units[unit.place.soort].append(_unit(unit))

    def artikel(key: str) -> Optional[dict[str, Any]]:
        found = draft.unit(str(key))
        return _unit(found) if found is not None else None

    context.update(
        overeenkomst={"artikelen": units["artikel"], "bijlagen": units["bijlage"],
                      "overwegingen": list(draft.overwegingen), "clausules": list(draft.clausules),
                      "tekst": draft.text()},
        artikel=artikel,
        heeft_artikel=lambda key: draft.unit(str(key)) is not None,
        standaardkeuzes=[path for path, _ in spec.defaults] if spec is not None else [],
    )
    return context
