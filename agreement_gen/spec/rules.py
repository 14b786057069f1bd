"""The rules over several fields that Cerberus cannot express: references to parties, a cost key
that adds up to 100%, a quorum the parties can reach, the companions of a choice.

Each rule gets the normalised spec and a ``problem(path, message)`` callback, and reports every
problem it finds; ``cross_field_problems`` runs them all.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any, Callable, Optional

from . import schema as S
from ..errors import Problem
from .yamlfile import Location


def cross_field_problems(doc: dict, where: Callable[[tuple], tuple[Optional[int], str]], name: str,
                         tolerant: bool = False) -> list[Problem]:
    """Run every cross-field rule. With ``tolerant`` (the schema already failed), a rule whose
    part of the spec is too broken to read is skipped: the schema problems say why."""
    out: list[Problem] = []
    for rule in _RULES:
        try:
            rule(doc, lambda path, message: out.append(
                Problem(name, message, *where(path))))
        except (KeyError, TypeError, AttributeError, ValueError):
            if not tolerant:
                raise
    return out


def _rule_unique_parties(doc, problem):

    parties = doc["partijen"]
    for key in ("id", "korte_naam", "kvk"):
        seen: dict[str, int] = {}
        for i, party in enumerate(parties):
            value = party[key]
            if value in seen:
                problem(
                    ("partijen", i, key),
                    f"'{value}' komt al voor bij partij {seen[value] + 1}; elke partij heeft een eigen {key}",
                )
            seen.setdefault(value, i)


def _party_checker(doc, problem):
    ids = [p["id"] for p in doc["partijen"] if isinstance(p, dict) and "id" in p]

    def must_be_party(path: Location, value: Any, extra: tuple[str, ...] = ()) -> None:
        if value is None or value in extra or value in ids:
            return
        options = ", ".join(ids) + "".join(f", {e}" for e in extra)
        guess = difflib.get_close_matches(str(value), ids + list(extra), n=1, cutoff=0.6)
        hint = f"; bedoelt u '{guess[0]}'?" if guess else f"; kies uit {options}"
        problem(path, f"'{value}' is geen partij-id uit partijen{hint}")

    return ids, must_be_party


def _rule_governance(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    gov = doc["governance"]
    must_be_party(("governance", "stuurgroep", "voorzitter"), gov["stuurgroep"]["voorzitter"], tuple(S.CHAIRS))
    if gov.get("procescoordinator"):
        must_be_party(
            ("governance", "procescoordinator", "bekostiging"),
            gov["procescoordinator"]["bekostiging"],
            ("gezamenlijk",),
        )
    types = {p.get("type") for p in doc["partijen"]}
    for key, ptype in (("rol_gemeente", "gemeente"), ("rol_zorgverzekeraar", "zorgverzekeraar")):
        if gov.get(key) is not None and ptype not in types:
            problem(("governance", key), f"er is geen partij van het type {ptype}; laat dit veld weg")


def _rule_financing(doc, problem):
    ids, must_be_party = _party_checker(doc, problem)
    fin = doc["financiering"]
    must_be_party(("financiering", "penvoerder"), fin["penvoerder"])
    key = fin["kostenverdeling"]
    shares = key.get("aandelen")
    share_path = ("financiering", "kostenverdeling", "aandelen")
    if key["methode"] != "gelijk":
        if not shares:
            problem(
                ("financiering", "kostenverdeling", "methode"),
                f"bij de methode '{key['methode']}' horen aandelen per partij (kostenverdeling.aandelen)",
            )
    if shares:
        for party_id in shares:
            must_be_party(share_path + (party_id,), party_id)
        missing = [i for i in ids if i not in shares]
        if missing:
            problem(share_path, f"geen aandeel voor {', '.join(missing)}; elke partij krijgt een aandeel")
        total = sum(shares.values())
        if abs(total - 100) > 1e-9:
            problem(share_path, f"de aandelen tellen op tot {_num(total)}%, niet tot 100%")


def _rule_decisions(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    dec = doc["besluitvorming"]
    gov = doc.get("governance") or {}
    non_voting = {
        ptype for ptype, key in (("gemeente", "rol_gemeente"), ("zorgverzekeraar", "rol_zorgverzekeraar"))
        if gov.get(key) in ("adviseur", "toehoorder")
    }
    count = sum(1 for p in doc["partijen"] if p.get("type") not in non_voting)
    if dec["quorum"] > count:
        which = "stemgerechtigde partijen" if non_voting else "partijen"
        problem(
            ("besluitvorming", "quorum"),
            f"het quorum ({dec['quorum']}) is groter dan het aantal {which} ({count})",
        )
    if dec["regel"] == "gekwalificeerde_meerderheid" and dec.get("meerderheid_procent") is None:
        problem(("besluitvorming", "meerderheid_procent"), "verplicht bij de regel gekwalificeerde_meerderheid")
    if dec.get("stemgewicht"):
        for party_id in dec["stemgewicht"]:
            must_be_party(("besluitvorming", "stemgewicht", party_id), party_id)


def _rule_party_lists(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    for list_key in ("goedkeuringen", "rollen", "contactpersonen"):
        for i, item in enumerate(doc.get(list_key) or []):
            must_be_party((list_key, i, "partij"), item["partij"])


def _rule_data(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    data = doc["gegevensuitwisseling"]
    if data["rol"] == "verwerker":
        if data.get("verwerkingsverantwoordelijke") is None:
            problem(("gegevensuitwisseling", "verwerkingsverantwoordelijke"), "verplicht bij de rol verwerker")
        else:
            must_be_party(
                ("gegevensuitwisseling", "verwerkingsverantwoordelijke"), data["verwerkingsverantwoordelijke"]
            )
    elif data.get("verwerkingsverantwoordelijke") is not None:
        problem(
            ("gegevensuitwisseling", "verwerkingsverantwoordelijke"),
            "hoort alleen bij de rol verwerker; laat dit veld weg",
        )


def _rule_term(doc, problem):
    term = doc["looptijd"]
    if term["ingangsdatum"] < doc["document"]["datum"] - dt.timedelta(days=3650):
        problem(("looptijd", "ingangsdatum"), "ligt meer dan tien jaar vóór de documentdatum; klopt het jaartal?")


def _rule_disputes(doc, problem):
    disputes = doc["geschillen"]
    if disputes["beslechting"] == "rechter" and disputes.get("rechtbank") is None:
        problem(("geschillen", "rechtbank"), "verplicht bij beslechting door de rechter")
    third = (doc.get("escalatie") or {}).get("derde")
    if third == "bindend_advies" and disputes["beslechting"] != "bindend_advies":
        problem(("escalatie", "derde"), f"bindend advies als laatste stap van de escalatie naast "
                f"{disputes['beslechting']} als forum voor geschillen geeft twee bindende fora voor één "
                "geschil; kies escalatie.derde: mediation, of geschillen.beslechting: bindend_advies")
    if disputes["beslechting"] != "arbitrage":
        for key in ("arbiters", "plaats"):
            if disputes.get(key) is not None:
                problem(("geschillen", key), "geldt alleen bij beslechting door arbitrage; laat het weg of kies "
                                             "beslechting: arbitrage")


# Which kinds of approval a body can give.
_APPROVAL_KINDS_OF = {
    "ondernemingsraad": ("advies", "instemming"),
    "clientenraad": ("advies", "instemming"),
    "medische_staf": ("advies",),
    "verpleegkundige_adviesraad": ("advies",),
    "raad_van_toezicht": ("goedkeuring",),
    "ledenvergadering": ("goedkeuring", "besluit"),
    "aandeelhouders": ("goedkeuring", "besluit"),
    "college": ("besluit",),
    "gemeenteraad": ("wensen_en_bedenkingen", "besluit"),
}


def _rule_approvals(doc, problem):
    for i, approval in enumerate(doc.get("goedkeuringen") or ()):
        at = ("goedkeuringen", i)
        kinds = _APPROVAL_KINDS_OF[approval["orgaan"]]
        if approval.get("soort") is not None and approval["soort"] not in kinds:
            problem(at + ("soort",), f"{approval['orgaan']} geeft geen '{approval['soort']}'; kies uit "
                                     f"{', '.join(kinds)}")
        if approval["status"] == "vereist" and approval.get("datum") is not None:
            problem(at + ("datum",), "een goedkeuring die nog vereist is, heeft nog geen datum; gebruik "
                                     "'uiterlijk' voor de uiterste datum, of zet status op verkregen")
        if approval["status"] == "verkregen" and approval.get("uiterlijk") is not None:
            problem(at + ("uiterlijk",), "een verkregen goedkeuring heeft geen uiterste datum meer; gebruik "
                                         "'datum' voor de dag waarop zij is verkregen")
        if approval.get("datum") is not None and approval["datum"] > doc["document"]["datum"]:
            problem(at + ("datum",), "ligt na de datum van dit concept (document.datum); een verkregen "
                                     "goedkeuring ligt in het verleden")


_RULES = (
    _rule_approvals,
    _rule_unique_parties,
    _rule_governance,
    _rule_financing,
    _rule_decisions,
    _rule_party_lists,
    _rule_data,
    _rule_term,
    _rule_disputes,
)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
