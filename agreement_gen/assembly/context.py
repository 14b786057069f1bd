"""What a clause text sees: the spec's data, and the functions that look parties up
(``partij``, ``partijen_van_type``, ``heeft_type``, ``korte_namen``, ``concurrenten``) and make
cross-references (``ref``). docs/clausules.md lists them for library authors."""

from __future__ import annotations

from typing import Any

from ..spec.load import Spec
from ..templating import ref_marker


def build_context(spec: Spec) -> dict[str, Any]:
    data = dict(spec.data)
    parties = {p["id"]: p for p in data["partijen"]}

    def partij(party_id: str):
        try:
            return parties[party_id]
        except KeyError:
            raise ValueError(f"partij({party_id!r}): geen partij met dit id") from None

    context = dict(data)
    context.update(
        concurrenten=lambda: competitors(data),
        partij=partij,
        partijen_van_type=lambda t: [p for p in data["partijen"] if p["type"] == t],
        heeft_type=lambda t: any(p["type"] == t for p in data["partijen"]),
        ref=ref_marker,
        korte_namen=lambda ids: [partij(i)["korte_naam"] for i in ids],
    )
    return context


CARE_TYPES = ("ziekenhuis", "vvt", "huisartsen", "ggz")


def competitors(data: dict[str, Any]) -> list[str]:
    """Short names of care providers of one type whose roles table gives one of them a task the
    other does not have, in the order of types, parties and tasks (``concurrenten()`` in clauses).

    A clause can say this in Jinja, but with three loops over the parties nested in a loop over
    the roles it took 1.6 s for 100 parties; here it is linear in parties times tasks per type.
    """
    roles: dict[str, list] = {}
    tasks: dict[str, set] = {}
    for role in data.get("rollen") or ():
        roles.setdefault(role["partij"], []).append(role)
        tasks.setdefault(role["partij"], set()).update(role["taken"])
    names: dict[str, None] = {}
    for kind in CARE_TYPES:
        group = [p for p in data["partijen"] if p["type"] == kind]
        for a in group:
            for role in roles.get(a["id"], ()):
                for task in role["taken"]:
                    for b in group:
                        if b["id"] != a["id"] and task not in tasks.get(b["id"], ()):
                            names.setdefault(a["korte_naam"])
                            names.setdefault(b["korte_naam"])
    return list(names)
