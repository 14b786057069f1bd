"""Percentages and amounts in what users type, against the cost table of the spec.

"UHN draagt 45% van de kosten" in a role while ``financiering.kostenverdeling.aandelen.uhn`` is 40:
the agreement then says two things. A number counts only in a text about costs (a cost word such
as "kosten", "draagt", "bijdrage", "betaalt"), and only with a party it belongs to: the nearest
party named before it (by short name or id), or the party whose role the text is. An amount is
compared with the party's share of ``jaarbudget``, or without a party with the budget itself, and
only when the text speaks of a year ("per jaar", "jaarlijks", "begroting"): a one-off amount is
something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..spec.defaults import bears_costs
from ..dutch import f_bedrag, format_number

_COST_WORDS = re.compile(r"\b(kosten\w*|begroting\w*|\w*budget\w*|bijdrage\w*|draagt|dragen|betaalt|betalen"
                         r"|financier\w*|bekostig\w*|aandeel)\b", re.IGNORECASE)
_YEARLY = re.compile(r"\b(per (kalender)?jaar|jaarlijks\w*|jaarbudget|begroting\w*)\b", re.IGNORECASE)
_PERCENT = re.compile(r"(?<![\d.,])(\d+(?:,\d+)?)\s?(?:%|procent\b)")
_AMOUNT = re.compile(r"€\s?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{2}|-))?|(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{2}))?"
                     r"\s?euro\b")


@dataclass(frozen=True)
class Mismatch:
    """A number typed in ``path`` that differs from the cost table."""

    path: str
    party: Optional[str]  # the party id (None: the budget as a whole)
    name: str  # how the text names the party
    typed: float
    expected: float
    kind: str  # "procent" or "bedrag"
    field: str  # the spec field that says otherwise


def _number(whole: str, cents: Optional[str] = None) -> float:
    value = float(whole.replace(".", "").replace(",", "."))
    return value + (int(cents) / 100 if cents and cents != "-" else 0)


def show(value: float, kind: str) -> str:
    """45.0 -> '45%'; 108000.0 -> '€ 108.000'."""
    return f"{format_number(value)}%" if kind == "procent" else f_bedrag(value)


def shares(data: dict) -> dict[str, float]:
    """Party id -> percentage of the costs it bears, as the cost table says (unknown: absent)."""
    parties = data["partijen"]
    table = data["financiering"]["kostenverdeling"]
    bearing = [p["id"] for p in parties if bears_costs(p)]
    out: dict[str, float] = {}
    for party in parties:
        if not bears_costs(party):
            out[party["id"]] = 0.0
        elif table["methode"] == "gelijk":
            out[party["id"]] = 100 / len(bearing)
        elif (table.get("aandelen") or {}).get(party["id"]) is not None:
            out[party["id"]] = float(table["aandelen"][party["id"]])
    return out


def _mentions(data: dict, text: str) -> list[tuple[int, str, str]]:
    """(position, party id, the words used) of every party named in ``text``."""
    found = []
    for party in data["partijen"]:
        for name, flags in ((party.get("korte_naam"), 0), (party["id"], re.IGNORECASE)):
            if name:
                found += [(m.start(), party["id"], m.group(0))
                          for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags)]
    return sorted(found)


def _numbers(text: str) -> Iterable[tuple[int, float, str]]:
    for m in _PERCENT.finditer(text):
        yield m.start(), _number(m.group(1)), "procent"
    for m in _AMOUNT.finditer(text):
        whole, cents = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        yield m.start(), _number(whole, cents), "bedrag"


def _agrees(typed: float, expected: float, kind: str) -> bool:
    """Equal, or ``expected`` rounded as people write it (a third: 33%, 33,3% or 33,33%)."""
    if kind == "bedrag":
        return abs(typed - expected) <= 1
    return abs(typed - expected) <= 0.005 or any(typed == round(expected, n) for n in (0, 1, 2))


def mismatches(data: dict, texts: Iterable[tuple[str, str, Optional[str]]]) -> list[Mismatch]:
    """Every number in ``texts`` ((path, text, the party whose role it is)) that the cost table
    contradicts, in the order of the texts."""
    table = shares(data)
    budget = data["financiering"].get("jaarbudget")
    names = {p["id"]: p.get("korte_naam") or p["id"] for p in data["partijen"]}
    out = []
    for path, text, owner in texts:
        if not _COST_WORDS.search(text):
            continue
        mentions = _mentions(data, text)
        yearly = bool(_YEARLY.search(text))
        for at, value, kind in sorted(_numbers(text)):
            before = [m for m in mentions if m[0] < at]
            party = before[-1][1] if before else owner
            if kind == "procent":
                if party is None or party not in table:
                    continue
                expected, field = table[party], f"financiering.kostenverdeling.aandelen.{party}"
            else:
                if budget is None or not yearly:
                    continue
                if party is None:
                    expected, field = float(budget), "financiering.jaarbudget"
                elif party in table:
                    expected, field = table[party] * budget / 100, f"financiering.kostenverdeling.aandelen.{party}"
                else:
                    continue
            if not _agrees(value, expected, kind):
                out.append(Mismatch(path, party, names.get(party, "") if party else "", value, round(expected, 2),
                                    kind, field))
    return out
