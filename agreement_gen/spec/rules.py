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
from .defaults import bears_costs
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
        except (KeyError, TypeError, AttributeError, ValueError, OverflowError):
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
            tuple(S.COORDINATOR_PAYERS),
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
    parties = {p["id"]: p for p in doc["partijen"]}
    bearing = [p["id"] for p in doc["partijen"] if bears_costs(p)]
    if not bearing:
        problem(("partijen",), "geen enkele partij draagt kosten (kostendragend: false bij alle partijen); "
                               "de gezamenlijke kosten moeten door ten minste één partij worden gedragen")
    if shares:
        for party_id in shares:
            must_be_party(share_path + (party_id,), party_id)
            if party_id in parties and not bears_costs(parties[party_id]):
                why = ("een zorgverzekeraar draagt bij via haar inkoopcontracten, niet uit een aandeel in de "
                       "kosten of tekorten" if parties[party_id]["type"] == "zorgverzekeraar"
                       else "deze partij draagt geen kosten")
                problem(share_path + (party_id,), f"'{party_id}' heeft kostendragend: false; {why}. Laat het "
                        "aandeel weg, of zet kostendragend: true bij de partij")
        missing = [i for i in bearing if i not in shares]
        if missing:
            problem(share_path, f"geen aandeel voor {', '.join(missing)}; elke partij die kosten draagt, "
                                "krijgt een aandeel")
        total = sum(shares.values())
        if abs(total - 100) > 1e-9:
            problem(share_path, f"de aandelen tellen op tot {_num(total)}%, niet tot 100%")


# Rules that decide by a majority of votes, at least when a proposal meets an objection
_MAJORITY_RULES = ("gekwalificeerde_meerderheid", "doorslaggevende_stem", "opt_out", "stilzwijgende_instemming")


def _rule_decisions(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    dec = doc["besluitvorming"]
    gov = doc.get("governance") or {}
    non_voting = {
        ptype for ptype, key in (("gemeente", "rol_gemeente"), ("zorgverzekeraar", "rol_zorgverzekeraar"))
        if gov.get(key) in ("adviseur", "toehoorder")
    }
    count = sum(1 for p in doc["partijen"] if p.get("type") not in non_voting and p.get("stemrecht", True))
    if count < 2:
        problem(("partijen",), f"er {'is' if count == 1 else 'zijn'} {count} partij(en) met stemrecht; een "
                               "samenwerking besluit met ten minste twee stemgerechtigde partijen")
    if dec["quorum"] > count:
        which = "stemgerechtigde partijen" if non_voting else "partijen"
        problem(
            ("besluitvorming", "quorum"),
            f"het quorum ({dec['quorum']}) is groter dan het aantal {which} ({count})",
        )
    if count == 2:
        majority = [("besluitvorming", "regel")] if dec["regel"] in _MAJORITY_RULES else []
        majority += [("besluitvorming", "per_onderwerp", i, "regel") for i, o in enumerate(dec.get("per_onderwerp") or ())
                     if o["regel"] in _MAJORITY_RULES]
        for path in majority:
            problem(path, "met twee stemgerechtigde partijen betekent een meerderheid dat één partij alleen beslist "
                          "of dat beide moeten instemmen; kies unanimiteit of consent")
    if dec.get("reactietermijn_dagen") is not None and dec["regel"] not in S.RESPONSE_PERIOD_RULES:
        problem(("besluitvorming", "reactietermijn_dagen"), f"geldt alleen bij de regels stilzwijgende_instemming en "
                f"opt_out, niet bij {dec['regel']}; laat het weg, anders staat het nergens in de overeenkomst")
    if dec["regel"] == "gekwalificeerde_meerderheid" and dec.get("meerderheid_procent") is None:
        problem(("besluitvorming", "meerderheid_procent"), "verplicht bij de regel gekwalificeerde_meerderheid")
    if dec.get("stemgewicht"):
        voteless = {p["id"] for p in doc["partijen"] if not p.get("stemrecht", True)}
        for party_id in dec["stemgewicht"]:
            must_be_party(("besluitvorming", "stemgewicht", party_id), party_id)
            if party_id in voteless:
                problem(("besluitvorming", "stemgewicht", party_id),
                        f"'{party_id}' heeft geen stemrecht (stemrecht: false) en dus geen stemgewicht")
    for i, other in enumerate(dec.get("per_onderwerp") or ()):
        at = ("besluitvorming", "per_onderwerp", i)
        if other["regel"] == "gekwalificeerde_meerderheid" and other.get("meerderheid_procent") is None:
            problem(at + ("meerderheid_procent",), "verplicht bij de regel gekwalificeerde_meerderheid")
        if other["regel"] != "gekwalificeerde_meerderheid" and other.get("meerderheid_procent") is not None:
            problem(at + ("meerderheid_procent",), "hoort alleen bij de regel gekwalificeerde_meerderheid")
        if other["regel"] == dec["regel"] and other.get("meerderheid_procent") == dec.get("meerderheid_procent"):
            problem(at + ("regel",), "is dezelfde regel als besluitvorming.regel; laat dit onderwerp weg")


def _rule_party_lists(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    for list_key in ("goedkeuringen", "rollen", "contactpersonen"):
        for i, item in enumerate(doc.get(list_key) or []):
            must_be_party((list_key, i, "partij"), item["partij"])


def _rule_data(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    data = doc["gegevensuitwisseling"]
    processings = data.get("verwerkingen") or []
    for i, processing in enumerate(processings):
        at = ("gegevensuitwisseling", "verwerkingen", i)
        controllers = processing.get("verantwoordelijken")
        if controllers is None and data.get("verwerkingsverantwoordelijke") is None:
            problem(at, "noem de verwerkingsverantwoordelijke(n) van deze verwerking (verantwoordelijken)")
        for j, party_id in enumerate(controllers or ()):
            must_be_party(at + ("verantwoordelijken", j), party_id)
        for j, party_id in enumerate(processing["verwerkers"]):
            must_be_party(at + ("verwerkers", j), party_id)
            if party_id in (controllers or [data.get("verwerkingsverantwoordelijke")]):
                problem(at + ("verwerkers", j), f"'{party_id}' is voor deze verwerking al "
                        "verwerkingsverantwoordelijke en kan niet ook haar eigen verwerker zijn")
        if data["rol"] == "zelfstandig" and processing["verwerkers"]:
            problem(at + ("verwerkers",), "bij de rol zelfstandig is geen partij verwerker van een andere "
                    "partij; kies rol: verwerker, of noem een verwerker die geen partij is bij externe_verwerkers")
        if data["rol"] == "zelfstandig" and controllers and len(controllers) > 1:
            problem(at + ("verantwoordelijken",), "twee of meer verantwoordelijken voor één verwerking zijn "
                    "gezamenlijk verwerkingsverantwoordelijken (artikel 26 AVG); kies rol: gezamenlijk")
    if data["rol"] == "gezamenlijk" and processings and not any(
            len(p.get("verantwoordelijken") or ()) > 1 for p in processings):
        problem(("gegevensuitwisseling", "verwerkingen"), "bij de rol gezamenlijk heeft ten minste één "
                "verwerking twee of meer verantwoordelijken; is steeds één partij verantwoordelijk, kies dan "
                "rol: verwerker of zelfstandig")
    if data["rol"] == "verwerker":
        if not any(p["verwerkers"] or p["externe_verwerkers"] for p in processings):
            problem(("gegevensuitwisseling", "verwerkingen"),
                    "bij de rol verwerker noemt u per verwerking wie verwerkingsverantwoordelijke is "
                    "(verantwoordelijken) en wie verwerker (verwerkers: partij-id's, externe_verwerkers: "
                    "namen van anderen, zoals een ICT-leverancier); een partij die haar eigen patiënten "
                    "behandelt, is daarvoor zelf verwerkingsverantwoordelijke")
        if data.get("verwerkingsverantwoordelijke") is None:
            if processings and any(p.get("verantwoordelijken") is None for p in processings):
                problem(("gegevensuitwisseling", "verwerkingsverantwoordelijke"),
                        "verplicht bij de rol verwerker, tenzij iedere verwerking haar verantwoordelijken noemt")
        else:
            must_be_party(
                ("gegevensuitwisseling", "verwerkingsverantwoordelijke"), data["verwerkingsverantwoordelijke"]
            )
    elif data.get("verwerkingsverantwoordelijke") is not None:
        problem(
            ("gegevensuitwisseling", "verwerkingsverantwoordelijke"),
            "hoort alleen bij de rol verwerker; laat dit veld weg",
        )


def _rule_party_roles(doc, problem):
    """Authority fitting the legal form; a gemeente's kind of contribution."""
    for i, party in enumerate(doc["partijen"]):
        public = party["rechtsvorm"] == "openbaar lichaam"
        for j, rep in enumerate(party["vertegenwoordigers"]):
            at = ("partijen", i, "vertegenwoordigers", j)
            kind = rep["bevoegdheid"]
            if kind in ("wet", "mandaat") and not public:
                problem(at + ("bevoegdheid",), f"'{kind}' geldt alleen voor een openbaar lichaam, zoals een "
                        "gemeente; kies statuten of volmacht")
            if kind == "statuten" and public:
                problem(at + ("bevoegdheid",), "een openbaar lichaam heeft geen statuten; kies wet (de "
                        "burgemeester, artikel 171 Gemeentewet), volmacht of mandaat")
            for key in ("volmacht_van", "volmacht_datum"):
                if rep.get(key) is not None and kind not in ("volmacht", "mandaat"):
                    problem(at + (key,), "hoort alleen bij bevoegdheid volmacht of mandaat")
        if party.get("bijdragevorm") is not None:
            if party["type"] != "gemeente":
                problem(("partijen", i, "bijdragevorm"), "geldt alleen voor een gemeente; laat dit veld weg")
            elif not bears_costs(party):
                problem(("partijen", i, "bijdragevorm"), "deze gemeente draagt geen kosten (kostendragend: "
                        "false); laat dit veld weg")


def _rule_staff_and_phases(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    staff = doc.get("personeel") or {}
    if staff.get("werkgever") is not None:
        must_be_party(("personeel", "werkgever"), staff["werkgever"])
    if staff.get("constructie") in ("payrolling", "gezamenlijk_team") and staff.get("werkgever") is None:
        problem(("personeel", "werkgever"), f"verplicht bij constructie {staff['constructie']}: welke partij is "
                                            "de werkgever?")
    phases = doc.get("fasering") or {}
    if phases and not phases.get("opzegging_tijdens_pilot", True):
        if "pilot" not in phases["fasen"] or phases.get("pilot_maanden") is None:
            problem(("fasering", "opzegging_tijdens_pilot"), "geldt alleen bij een pilot met een duur: neem "
                    "'pilot' op in fasering.fasen en vul fasering.pilot_maanden in")


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
APPROVAL_KINDS_OF = {
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
        kinds = APPROVAL_KINDS_OF[approval["orgaan"]]
        if approval.get("soort") is not None and approval["soort"] not in kinds:
            problem(at + ("soort",), f"{approval['orgaan']} geeft geen '{approval['soort']}'; kies uit "
                                     f"{', '.join(kinds)}")
        if approval["status"] == "vereist" and approval.get("datum") is not None:
            problem(at + ("datum",), "een goedkeuring die nog vereist is, heeft nog geen datum; gebruik "
                                     "'uiterlijk' voor de uiterste datum, of zet status op verkregen")
        if approval["status"] == "verkregen" and approval.get("uiterlijk") is not None:
            problem(at + ("uiterlijk",), "een verkregen goedkeuring heeft geen uiterste datum meer; gebruik "
                                         "'datum' voor de dag waarop zij is verkregen")
        if (approval["orgaan"] == "college" and approval["status"] == "verkregen" and approval.get("datum") is None
                and any(p["id"] == approval["partij"] and p["type"] == "gemeente" for p in doc["partijen"])):
            problem(at + ("datum",), "de datum van het collegebesluit hoort in de comparitie van de gemeente "
                                     "(artikel 160 Gemeentewet); vul de datum van het besluit in")
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
    _rule_party_roles,
    _rule_staff_and_phases,
)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
