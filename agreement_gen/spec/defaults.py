"""Defaults that depend on other choices of the spec, made visible like the schema's own.

Cerberus fills a default that is always the same (``escalatie.derde: mediation``). Some
choices have a default that follows from another field: the seat of an arbitration is the
penvoerder's town, a tacit renewal runs one year. Those are filled here, after validation,
so that clause texts read a value instead of choosing one silently, and every one of them is
listed by ``build`` and ``explain`` as a choice the spec did not make.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any, Callable, Iterable, Optional

from .choices import RESPONSE_PERIOD_RULES

# Each rule: (dotted path, applies to the spec?, the value)
Rule = tuple[str, Callable[[dict], bool], Callable[[dict], Any]]


def _party(doc: dict, party_id: str) -> dict:
    return next(p for p in doc["partijen"] if p["id"] == party_id)


RULES: tuple[Rule, ...] = (
    ("geschillen.instituut",
     lambda d: d["geschillen"]["beslechting"] in ("arbitrage", "bindend_advies"),
     lambda d: "Nederlands Arbitrage Instituut"),
    ("geschillen.arbiters",
     lambda d: d["geschillen"]["beslechting"] == "arbitrage",
     lambda d: 1),
    ("geschillen.plaats",
     lambda d: d["geschillen"]["beslechting"] == "arbitrage",
     lambda d: _party(d, d["financiering"]["penvoerder"])["vestigingsplaats"]),
    ("aansprakelijkheid.maximum_bedrag",
     lambda d: True,
     lambda d: max(LIABILITY_FLOOR, d["financiering"].get("jaarbudget") or 0)),
    ("besluitvorming.reactietermijn_dagen",
     lambda d: d["besluitvorming"]["regel"] in RESPONSE_PERIOD_RULES,
     lambda d: 14),
    ("looptijd.verlenging_jaren",
     lambda d: d["looptijd"]["verlenging"] == "stilzwijgend",
     lambda d: 1),
    ("looptijd.verlenging_jaren",
     lambda d: d["looptijd"]["verlenging"] == "na_evaluatie",
     lambda d: d["looptijd"]["duur_jaren"]),
)


APPROVAL_KIND = {
    "ondernemingsraad": "advies",
    "clientenraad": "advies",
    "medische_staf": "advies",
    "verpleegkundige_adviesraad": "advies",
    "raad_van_toezicht": "goedkeuring",
    "ledenvergadering": "goedkeuring",
    "aandeelhouders": "goedkeuring",
    "college": "besluit",
    "gemeenteraad": "wensen_en_bedenkingen",
}
LONG_STOP_MONTHS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


LIABILITY_FLOOR = 100_000  # euro; the cap's floor when the spec names no amount
BURGEMEESTER = "de burgemeester"


def _staff_construction(staff: dict) -> Optional[str]:
    if staff.get("detachering"):
        return "detachering"
    if staff.get("gezamenlijk_rooster"):
        return "rooster"
    return None


def bears_costs(party: dict) -> bool:
    """Whether a party bears a share of the joint costs: as the spec says, else every party but an
    insurer (which funds through its purchasing contracts)."""
    bears = party.get("kostendragend")
    return party.get("type") != "zorgverzekeraar" if bears is None else bears


def _fill_parties(doc: dict) -> Iterable[tuple[str, Any]]:
    for i, party in enumerate(doc["partijen"]):
        at = f"partijen[{i + 1}]"
        if party.get("kostendragend") is None:
            # An insurer funds through its purchasing contracts, not from a share of the costs;
            # that is a choice worth showing, every other party bearing costs is not.
            party["kostendragend"] = bears_costs(party)
            if not party["kostendragend"]:
                yield f"{at}.kostendragend", party["kostendragend"]
        if party["type"] == "gemeente" and party["kostendragend"] and party.get("bijdragevorm") is None:
            party["bijdragevorm"] = "subsidie"
            yield f"{at}.bijdragevorm", party["bijdragevorm"]
        for j, rep in enumerate(party["vertegenwoordigers"]):
            if (party["type"] == "gemeente" and rep["bevoegdheid"] in ("volmacht", "mandaat")
                    and rep.get("volmacht_van") is None):
                rep["volmacht_van"] = BURGEMEESTER
                yield f"{at}.vertegenwoordigers[{j + 1}].volmacht_van", rep["volmacht_van"]


def _fill_college_decisions(doc: dict) -> Iterable[tuple[str, Any]]:
    """A gemeente enters an agreement by a decision of its college (art. 160 lid 1 onder e
    Gemeentewet); a spec that does not say it was taken makes it a condition."""
    approvals = doc.setdefault("goedkeuringen", [])
    for party in doc["partijen"]:
        if party["type"] != "gemeente":
            continue
        if any(a["partij"] == party["id"] and a["orgaan"] == "college" for a in approvals):
            continue
        approvals.append({"partij": party["id"], "orgaan": "college", "status": "vereist",
                          "soort": None, "datum": None, "uiterlijk": None})
        yield f"goedkeuringen[{len(approvals)}]", f"besluit van het college van {party['korte_naam']}: vereist"


def fill_derived(doc: dict) -> Iterable[tuple[str, Any]]:
    """Fill every derived default that ``doc`` (validated, normalised) leaves open, in place;
    yield (dotted path, value) for each."""
    yield from _fill_parties(doc)
    yield from _fill_college_decisions(doc)
    for i, approval in enumerate(doc.get("goedkeuringen") or ()):
        if approval.get("soort") is None:
            approval["soort"] = APPROVAL_KIND[approval["orgaan"]]
            yield f"goedkeuringen[{i + 1}].soort", approval["soort"]
        if approval["status"] == "vereist" and approval.get("uiterlijk") is None:
            approval["uiterlijk"] = add_months(doc["looptijd"]["ingangsdatum"], LONG_STOP_MONTHS)
            yield f"goedkeuringen[{i + 1}].uiterlijk", approval["uiterlijk"]
    data = doc["gegevensuitwisseling"]
    for i, processing in enumerate(data.get("verwerkingen") or ()):
        if processing.get("verantwoordelijken") is None and data.get("verwerkingsverantwoordelijke"):
            processing["verantwoordelijken"] = [data["verwerkingsverantwoordelijke"]]
            yield f"gegevensuitwisseling.verwerkingen[{i + 1}].verantwoordelijken", processing["verantwoordelijken"]
    staff = doc.get("personeel")
    if staff is not None and staff.get("constructie") is None and _staff_construction(staff):
        staff["constructie"] = _staff_construction(staff)
        yield "personeel.constructie", staff["constructie"]
    for path, applies, value in RULES:
        *parents, leaf = path.split(".")
        holder = doc
        for key in parents:
            holder = holder[key]
        if holder.get(leaf) is None and applies(doc):
            holder[leaf] = value(doc)
            yield path, holder[leaf]


# Defaults that only say "as usual" for each party: listing them for every party hides the
# choices that matter.
_QUIET = {"stemrecht": True}


def defaults_filled(given: Any, normalised: Any, path: str = "") -> Iterable[tuple[str, Any]]:
    """The leaves of ``normalised`` that are not in ``given``: the defaults the schema chose.

    Empty lists and None (an optional field left out) are no choice and are not listed.
    """
    if isinstance(normalised, dict):
        given = given if isinstance(given, dict) else {}
        for key, value in normalised.items():
            if key in given:
                yield from defaults_filled(given[key], value, f"{path}.{key}" if path else key)
            elif isinstance(value, dict):
                yield from defaults_filled({}, value, f"{path}.{key}" if path else key)
            elif value is not None and value != [] and not (path.startswith("partijen[") and _QUIET.get(key, ...) == value):
                yield (f"{path}.{key}" if path else key), value
    elif isinstance(normalised, list) and isinstance(given, list):
        for i, (raw, value) in enumerate(zip(given, normalised)):
            yield from defaults_filled(raw, value, f"{path}[{i + 1}]")
