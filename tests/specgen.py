"""Hypothesis strategies for valid specs, over every choice the schema offers.

``specs()`` draws a plain dict (what ``load_yaml`` would give) that always passes
``validate_spec``: party ids are drawn first and every other field refers to them; cost shares
add up to exactly 100; the quorum never exceeds the number of voting parties; and the
cross-field rules (``agreement_gen.spec.rules``) always hold: ``meerderheid_procent`` with
``gekwalificeerde_meerderheid``, a ``verwerkingsverantwoordelijke`` with the role ``verwerker``
and never without it, a ``rechtbank`` with ``rechter``, ``arbiters``/``plaats`` only with
``arbitrage``, ``escalatie.derde: bindend_advies`` only with binding advice as the forum,
``rol_gemeente``/``rol_zorgverzekeraar`` only when such a party takes part, approval kinds that
the body can give and dates that fit the status. Fields with a visible default
(``reactietermijn_dagen``, ``verlenging_jaren``) are sometimes left out.

Names and texts come from small lists of realistic (fictitious) Dutch wording with "&", "é",
"ë" and apostrophes; party ids (``zkh1``, ``gem3`` ...) are tokens that never occur in Dutch
text, so a raw id in a draft is always a leak. ``spec_from_data`` validates a drawn dict.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from typing import Any, Optional

from hypothesis import strategies as st

from agreement_gen.spec import schema as S
from agreement_gen.spec.load import Spec, validate_spec

# --- word lists ----------------------------------------------------------------------------

PLACES = [
    "'s-Hertogenbosch", "Sneek", "Heerenveen", "Súdwest-Fryslân", "Gulpen-Wittem",
    "Bergen op Zoom", "Den Helder", "Ede", "Oosterhout", "Zaltbommel", "Goeree-Overflakkee",
    "Hellendoorn", "Coevorden", "Gemert-Bakel", "Roermond", "Delfzijl", "Tiel", "Woerden",
    "Noardeast-Fryslân", "Vlissingen",
]

CARE_TYPES = ("ziekenhuis", "vvt", "huisartsen", "ggz")
ID_PREFIX = {
    "ziekenhuis": "zkh", "vvt": "vvt", "huisartsen": "ha", "ggz": "ggz",
    "gemeente": "gem", "zorgverzekeraar": "zv", "overig": "ovr",
}

# (naam, korte_naam) per party type; {p} is a place, unique per party
NAMES = {
    "ziekenhuis": [
        ("Franciscus Gasthuis & Vlietland {p}", "Franciscus {p}"),
        ("Stichting Sint-Élisabeth Ziekenhuis {p}", "Élisabeth {p}"),
        ("Stichting Medisch Centrum {p}", "MC {p}"),
        ("Stichting Ziekenhuisgroep Twente-Noëlle {p}", "ZGT {p}"),
    ],
    "vvt": [
        ("Stichting Zorggroep {p}", "Zorggroep {p}"),
        ("Stichting Thuiszorg & Wonen {p}", "T&W {p}"),
        ("Stichting Woonzorgcentrum 't Hoogeland {p}", "'t Hoogeland {p}"),
        ("Stichting Ouderenzorg De Wâlden {p}", "De Wâlden {p}"),
    ],
    "huisartsen": [
        ("Huisartsencoöperatie {p}", "HCO {p}"),
        ("Huisartsenpraktijk De Vaart & Partners {p}", "De Vaart {p}"),
        ("Zorggroep Eerstelijn Noël {p}", "Eerstelijn {p}"),
    ],
    "ggz": [
        ("Stichting GGZ Reinier van Arkel {p}", "GGZ {p}"),
        ("Stichting Geestelijke Gezondheidszorg Oost-Brabant {p}", "GGZ OB {p}"),
        ("Stichting Verslavingszorg Ëlzenhof {p}", "Ëlzenhof {p}"),
    ],
    "gemeente": [
        ("Gemeente {p}", "Gemeente {p}"),
        ("Gemeente {p}", "{p}"),
    ],
    "zorgverzekeraar": [
        ("Coöperatie Zilverzee {p} U.A.", "Zilverzee {p}"),
        ("Zorgverzekeraar De Friesland-Ëlst {p} N.V.", "De Friesland {p}"),
        ("Coöperatie VGZ-Zuid {p} U.A.", "VGZ-Zuid {p}"),
    ],
    "overig": [
        ("Stichting GGD Hollands Noorden {p}", "GGD {p}"),
        ("Stichting Regionale Ambulancevoorziening {p}", "RAV {p}"),
        ("Apotheek D'Oude Brugge {p}", "D'Oude Brugge {p}"),
        ("Stichting Cliëntbelang & Mantelzorg {p}", "Cliëntbelang {p}"),
    ],
}

LEGAL_FORMS_BY_TYPE = {
    "ziekenhuis": ["stichting", "besloten vennootschap", "naamloze vennootschap", "vereniging"],
    "vvt": ["stichting", "vereniging", "coöperatie", "besloten vennootschap"],
    "huisartsen": ["coöperatie", "besloten vennootschap", "maatschap", "vereniging", "stichting"],
    "ggz": ["stichting", "besloten vennootschap", "overig"],
    "gemeente": ["openbaar lichaam"],
    "zorgverzekeraar": ["coöperatie", "naamloze vennootschap", "besloten vennootschap", "vereniging"],
    "overig": list(S.LEGAL_FORMS),
}

PEOPLE = [
    "mr. A.J. de Vries", "drs. H. Dijkstra-Postma", "J. van 't Hof", "dr. C. d'Ancona",
    "ir. S. Tjeerdsma", "M. Kingma-de Jong", "E. Hoekstra-Ëlzinga", "R. Bakker MBA",
    "prof. dr. L. Noë", "T. Sijtsma", "B. Özdemir", "K. van der Veen",
]
FUNCTIONS = [
    "voorzitter raad van bestuur", "bestuurder", "lid raad van bestuur", "algemeen directeur",
    "directeur Zorg & Behandeling", "wethouder Zorg & Welzijn", "burgemeester",
]
STREETS = ["Stationsweg", "Kerkpad", "Noordkade", "Midstraat", "Burgemeester Smeetsweg", "Tesselschadestraat"]

COLLABORATIONS = [
    ("Zorgnetwerk Kop van Noord-Holland", "ZKNH"),
    ("Acute Zorg & Ouderen Fryslân", "AZO Fryslân"),
    ("Regionaal Netwerk Geheugenpoli's Oost", "Netwerk Geheugenpoli's"),
    ("Samenwerking Anderhalvelijnszorg Zeeland", "SAZ"),
    ("Hartnet Noord-Brabant & Limburg", "Hartnet"),
]
REGIONS = [
    ("Kop van Noord-Holland", "de gemeenten Den Helder, Hollands Kroon, Schagen en Texel"),
    ("Zuidoost-Drenthe", "de gemeenten Coevorden, Emmen en Borger-Odoorn"),
    ("Súdwest-Fryslân", "de gemeente Súdwest-Fryslân en de Waadhoeke"),
    ("Midden-Brabant", "de regio 's-Hertogenbosch, Tilburg en omstreken"),
]
ROAZ = ["ROAZ Noord-Holland & Flevoland", "ROAZ Noord-Nederland", "ROAZ Brabant"]
ZORGKANTOREN = ["Zorgkantoor Friesland", "Zorgkantoor Noord-Holland Noord", "Zorgkantoor Zeeland"]
DOMAINS = [
    "acute zorg buiten kantoortijden in de ouderenzorg", "de zorg voor kwetsbare ouderen thuis",
    "geheugenzorg en dementie", "cardiologische zorg & nazorg", "ggz in de wijk",
    "anderhalvelijnszorg in de huisartsenpraktijk",
]
OUT_OF_SCOPE = [
    "de huisartsenposten en de spoedzorg op de Waddeneilanden",
    "de jeugdzorg, waarvoor de bestaande afspraken blijven gelden",
    "de verpleegkundige avond- en nachtzorg in 't Zand",
]
POPULATIONS = [
    "thuiswonende ouderen van 75 jaar en ouder met een kwetsbare gezondheid",
    "cliënten in verpleeghuizen en kleinschalige woonvormen",
]
MOTIVES = [
    "de zorgvraag van ouderen in de regio de komende jaren sterk toeneemt, terwijl het aantal zorgverleners "
    "niet groeit",
    "patiënten nu vaak onnodig lang wachten op een passende plek na ontslag uit het ziekenhuis",
]
VISIONS = [
    "Iedere oudere in de regio krijgt de juiste zorg op de juiste plek, dicht bij huis en zonder onnodige overdrachten",
    "Inwoners met psychische klachten vinden snel de weg naar passende hulp, in de wijk waar het kan en in de "
    "kliniek waar het moet",
]
GOALS = [
    "één telefoonnummer en één dienstrooster voor de acute ouderenzorg",
    "de wachttijd voor de geheugenpoli daalt tot zes weken",
    "minder vermijdbare opnames van kwetsbare ouderen",
    "een gezamenlijk zorgpad voor patiënten met hartfalen",
]
VALUES = ["vertrouwen & openheid", "het belang van de cliënt voorop", "besluiten op grond van data en feiten"]
WORKGROUPS = ["Werkgroep Dienstrooster & Bezetting", "Werkgroep Medische Protocollen", "Werkgroep Data en Monitoring"]
SYSTEMS = [
    "de regionale triage- en registratieapplicatie",
    "een beveiligde koppeling met de elektronische cliëntdossiers",
]
TASKS = [
    "voert de centrale coördinatie uit", "levert specialisten ouderengeneeskunde voor het rooster",
    "ontwikkelt de gezamenlijke protocollen", "verzamelt en analyseert de gegevens voor de rapportage",
]
IN_KIND = ["de ruimte en de telefonie voor het coördinatiepunt", "twee verpleegkundigen voor 16 uur per week"]
SHIFTS = ["bereikbaarheidsdiensten op werkdagen van 17.00 tot 8.00 uur en in het weekend de klok rond"]
KPIS = [
    ("Terugbeltijd van de dienstdoende arts", "binnen 15 minuten bij ten minste 90 % van de oproepen",
     "Triage-applicatie"),
    ("Wachttijd geheugenpoli", "ten hoogste 6 weken", None),
    ("Tevredenheid van cliënten", "gemiddeld een 8 of hoger", "Cliëntenpanel ’t Zand"),
]
COURTS = ["Rechtbank Noord-Nederland", "Rechtbank Oost-Brabant", "Rechtbank Noord-Holland"]
INSTITUTES = ["Nederlands Arbitrage Instituut", "NAI", "Stichting Geschillenbeslechting Zorg"]
AUTHORS = ["Projectbureau Zorgnetwerk", "mr. drs. F. de Boer-Öztürk, advocaat"]

# a municipality's bodies; every other body belongs to the other parties
MUNICIPAL_BODIES = [b for b in S.APPROVAL_BODIES if b in ("college", "gemeenteraad")]
OTHER_BODIES = [b for b in S.APPROVAL_BODIES if b not in MUNICIPAL_BODIES]
from agreement_gen.spec.rules import APPROVAL_KINDS_OF  # which kinds of approval a body can give

# a public body signs by law, power of attorney or mandate; others under their articles or by proxy
AUTHORITY_BY_FORM = {"openbaar lichaam": ["wet", "volmacht", "mandaat"]}
GRANTORS = ["de burgemeester", "de raad van bestuur", "het college van burgemeester en wethouders"]
SUBJECTS = ["de vaststelling van de Begroting", "de toetreding van een nieuwe Partij",
            "de keuze van een regionaal ICT-systeem"]
PROCESSINGS = [
    "de registratie van oproepen en triage in de centrale applicatie",
    "de regionale capaciteitsdashboards met gegevens over beschikbare bedden",
    "de gezamenlijke dienstplanning van de zorgcoördinatoren",
]
EXTERNAL_PROCESSORS = ["de leverancier van de triage-applicatie", "Zorgplatform Noord B.V. (hostingpartij)"]

# a spec's ``document.datum`` lies in this window; all other dates are drawn around it
FIRST_DATE = dt.date(2024, 1, 1)
LAST_DATE = dt.date(2028, 12, 31)


def _keys_of(top: str) -> set[str]:
    """The keys the schema allows in the mapping ``top`` (or in the items of the list ``top``)."""
    rule = S.SCHEMA[top]
    schema = rule.get("schema", {})
    if rule.get("type") == "list":
        schema = schema.get("schema", {})
    return set(schema)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _sublist(draw, items, min_size=0, max_size=None):
    """An ordered, duplicate-free sublist of ``items``."""
    flags = [draw(st.booleans()) for _ in items]
    chosen = [item for item, keep in zip(items, flags) if keep]
    if len(chosen) < min_size:
        chosen = list(items[:min_size])
    if max_size is not None:
        chosen = chosen[:max_size]
    return chosen


def _processings(draw, role: str, controller: Optional[str], care_ids: list[str]) -> list[dict[str, Any]]:
    """Processings that fit the data role: a processor for 'verwerker', joint controllers for
    'gezamenlijk', no party processing for another under 'zelfstandig'."""
    out = []
    for k, name in enumerate(_sublist(draw, PROCESSINGS, min_size=1, max_size=3)):
        item: dict[str, Any] = {"naam": name}
        if role == "gezamenlijk" and (k == 0 or draw(st.booleans())) and len(care_ids) >= 2:
            item["verantwoordelijken"] = _sublist(draw, care_ids, min_size=2, max_size=3)
        elif role != "verwerker" or draw(st.booleans()):
            item["verantwoordelijken"] = [draw(st.sampled_from(care_ids))]
        owners = item.get("verantwoordelijken") or [controller]
        if role == "verwerker" and (k == 0 or draw(st.booleans())):
            others = [i for i in care_ids if i not in owners]
            if others and draw(st.booleans()):
                item["verwerkers"] = _sublist(draw, others, min_size=1, max_size=2)
            if not item.get("verwerkers") or draw(st.booleans()):
                item["externe_verwerkers"] = _sublist(draw, EXTERNAL_PROCESSORS, min_size=1, max_size=2)
        elif role != "verwerker" and draw(st.integers(0, 2)) == 0:
            item["externe_verwerkers"] = _sublist(draw, EXTERNAL_PROCESSORS, min_size=1, max_size=1)
        out.append(item)
    if role == "gezamenlijk" and not any(len(p.get("verantwoordelijken") or ()) > 1 for p in out):
        return []  # one care provider only: no joint processing to name
    return out


# --- strategies ------------------------------------------------------------------------------


@st.composite
def parties(draw, min_size: int = 2, max_size: int = 12) -> list[dict[str, Any]]:
    """2-12 parties; the first is always a care provider, the others of any type."""
    first = draw(st.sampled_from(CARE_TYPES))
    # a list (not a count, then a list) so that shrinking can drop a party
    rest = draw(st.lists(st.sampled_from(S.PARTY_TYPES), min_size=min_size - 1, max_size=max_size - 1))
    count = 1 + len(rest)
    places = draw(st.permutations(PLACES))[:count]
    kvk_base = draw(st.integers(10_000_000, 89_999_000))
    out = []
    for i, (ptype, place) in enumerate(zip([first] + rest, places)):
        naam, kort = draw(st.sampled_from(NAMES[ptype]))
        legal_form = draw(st.sampled_from(LEGAL_FORMS_BY_TYPE[ptype]))
        authorities = AUTHORITY_BY_FORM.get(legal_form, ["statuten", "volmacht"])
        reps = []
        for _ in range(draw(st.integers(1, 2))):
            rep = {
                "naam": draw(st.sampled_from(PEOPLE)),
                "functie": draw(st.sampled_from(FUNCTIONS)),
                "bevoegdheid": draw(st.sampled_from(authorities)),
            }
            if rep["bevoegdheid"] in ("volmacht", "mandaat") and draw(st.booleans()):
                rep["volmacht_van"] = draw(st.sampled_from(GRANTORS))
            if rep["bevoegdheid"] in ("volmacht", "mandaat") and draw(st.booleans()):
                rep["volmacht_datum"] = draw(st.dates(FIRST_DATE - dt.timedelta(days=400), FIRST_DATE))
            if draw(st.booleans()):
                rep["plaats"] = place
            reps.append(rep)
        party = {
            "id": f"{ID_PREFIX[ptype]}{i + 1}",
            "naam": naam.format(p=place),
            "korte_naam": kort.format(p=place),
            "type": ptype,
            "rechtsvorm": legal_form,
            "kvk": f"{kvk_base + i:08d}",
            "vestigingsplaats": place,
            "adres": f"{draw(st.sampled_from(STREETS))} {draw(st.integers(1, 250))}, "
                     f"{draw(st.integers(1000, 9999))} {draw(st.sampled_from(['AB', 'HA', 'LR', 'ZB']))} {place}",
            "vertegenwoordigers": reps,
        }
        if draw(st.booleans()):
            party["omvang"] = draw(st.integers(0, 5000))
        if i >= 2 and draw(st.integers(0, 4)) == 0:  # now and then a party without a vote
            party["stemrecht"] = False
        if i >= 1 and draw(st.booleans()):  # an explicit cost role; the first party always bears costs
            party["kostendragend"] = draw(st.booleans())
        if ptype == "gemeente" and party.get("kostendragend", True) and draw(st.booleans()):
            party["bijdragevorm"] = draw(st.sampled_from(S.MUNICIPAL_CONTRIBUTIONS))
        out.append(party)
    return out


def _dates(draw):
    datum = draw(st.dates(FIRST_DATE, LAST_DATE))
    start = datum + dt.timedelta(days=draw(st.integers(-365, 400)))
    return datum, start


def _shares(draw, ids: list[str]) -> dict[str, int]:
    """Whole percentages, one per cost-bearing party, adding up to exactly 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=len(ids) - 1, max_size=len(ids) - 1)))
    bounds = [0] + cuts + [100]
    shares = {i: bounds[k + 1] - bounds[k] for k, i in enumerate(ids)}
    assert sum(shares.values()) == 100
    return shares


def bears_costs(party: dict[str, Any]) -> bool:
    return party.get("kostendragend", party["type"] != "zorgverzekeraar")


@st.composite
def specs(draw) -> dict[str, Any]:
    """A spec as a plain dict that ``validate_spec`` always accepts."""
    partijen = draw(parties())
    ids = [p["id"] for p in partijen]
    types = {p["id"]: p["type"] for p in partijen}
    present = set(types.values())
    care_ids = [i for i in ids if types[i] in CARE_TYPES]
    datum, start = _dates(draw)
    collab, collab_short = draw(st.sampled_from(COLLABORATIONS))
    region, area = draw(st.sampled_from(REGIONS))

    data: dict[str, Any] = {
        "versie": 1,
        "document": {
            "titel": f"Samenwerkingsovereenkomst {collab}",
            "kenmerk": f"{slug(collab_short).upper()}/{datum.year}/{draw(st.integers(1, 999)):03d}",
            "status": draw(st.sampled_from(["concept", "definitief"])),
            "versie": draw(st.sampled_from(["0.9", "1.0", "2.1"])),
            "datum": datum,
            "auteur": draw(st.sampled_from(AUTHORS)),
        },
        "samenwerking": {"naam": collab, "korte_naam": collab_short},
        "partijen": partijen,
        "regio": {
            "naam": region,
            "gebied": area,
            "domeinen": _sublist(draw, DOMAINS, min_size=1, max_size=3),
        },
        "visie": draw(st.sampled_from(VISIONS)),
        "doelen": _sublist(draw, GOALS, min_size=1),
    }
    if draw(st.booleans()):
        data["document"]["plaats_ondertekening"] = draw(st.sampled_from(PLACES))
    reg = data["regio"]
    for key, pool in (("roaz", ROAZ), ("zorgkantoor", ZORGKANTOREN), ("populatie", POPULATIONS)):
        if draw(st.booleans()):
            reg[key] = draw(st.sampled_from(pool))
    if draw(st.booleans()):
        reg["buiten_scope"] = _sublist(draw, OUT_OF_SCOPE, min_size=1)
    if draw(st.booleans()):
        data["aanleiding"] = draw(st.sampled_from(MOTIVES))
    if draw(st.booleans()):
        data["waarden"] = _sublist(draw, VALUES, min_size=1)
    if draw(st.booleans()):
        data["intentieverklaring"] = datum - dt.timedelta(days=draw(st.integers(30, 700)))

    # approvals: a party's own bodies, every status; kind and dates where the schema has them
    approval_keys = _keys_of("goedkeuringen")
    approvals = []
    for party_id in draw(st.lists(st.sampled_from(ids), max_size=5)):
        bodies = MUNICIPAL_BODIES if types[party_id] == "gemeente" else OTHER_BODIES
        body = draw(st.sampled_from(bodies))
        if any(a["partij"] == party_id and a["orgaan"] == body for a in approvals):
            continue
        approval = {"partij": party_id, "orgaan": body, "status": draw(st.sampled_from(S.APPROVAL_STATES))}
        if "soort" in approval_keys and APPROVAL_KINDS_OF.get(body) and draw(st.booleans()):
            approval["soort"] = draw(st.sampled_from(APPROVAL_KINDS_OF[body]))
        if approval["status"] == "verkregen" and (body == "college" or draw(st.booleans())):
            approval["datum"] = datum - dt.timedelta(days=draw(st.integers(0, 400)))
        if approval["status"] == "vereist" and "uiterlijk" in approval_keys and draw(st.booleans()):
            approval["uiterlijk"] = start + dt.timedelta(days=draw(st.integers(-60, 365)))
        approvals.append(approval)
    if approvals:
        data["goedkeuringen"] = approvals

    if draw(st.booleans()):
        phases = _sublist(draw, S.PHASES, min_size=1)
        fasering: dict[str, Any] = {"fasen": phases}
        if draw(st.booleans()):
            fasering["go_no_go"] = draw(st.booleans())
        if "pilot" in phases and draw(st.booleans()):
            fasering["pilot_maanden"] = draw(st.integers(1, 60))
            if draw(st.booleans()):
                fasering["opzegging_tijdens_pilot"] = draw(st.booleans())
        data["fasering"] = fasering

    if draw(st.booleans()):
        roles = []
        for party_id in _sublist(draw, ids, min_size=1, max_size=4):
            role: dict[str, Any] = {"partij": party_id, "taken": _sublist(draw, TASKS, min_size=1, max_size=2)}
            if draw(st.booleans()):
                role["inbreng_in_natura"] = draw(st.sampled_from(IN_KIND))
            roles.append(role)
        data["rollen"] = roles

    # governance first: who votes decides the quorum
    governance: dict[str, Any] = {"stuurgroep": {}}
    if "gemeente" in present and draw(st.booleans()):
        governance["rol_gemeente"] = draw(st.sampled_from(S.OUTSIDE_ROLES))
    if "zorgverzekeraar" in present and draw(st.booleans()):
        governance["rol_zorgverzekeraar"] = draw(st.sampled_from(S.OUTSIDE_ROLES))
    non_voting = {
        ptype for ptype, key in (("gemeente", "rol_gemeente"), ("zorgverzekeraar", "rol_zorgverzekeraar"))
        if governance.get(key) in ("adviseur", "toehoorder")
    }
    voting = [p["id"] for p in partijen if types[p["id"]] not in non_voting and p.get("stemrecht", True)]
    if len(voting) < 2:  # a collaboration decides with at least two voting parties
        for party in partijen:
            party.pop("stemrecht", None)
        non_voting = set()
        governance.pop("rol_gemeente", None)
        governance.pop("rol_zorgverzekeraar", None)
        voting = list(ids)
    governance["stuurgroep"] = {
        "voorzitter": draw(st.sampled_from(list(S.CHAIRS) + voting)),
        "vergaderingen_per_jaar": draw(st.integers(1, 12)),
    }
    if draw(st.booleans()):
        governance["stuurgroep"]["leden_per_partij"] = draw(st.integers(1, 3))
    if draw(st.booleans()):
        governance["werkgroepen"] = _sublist(draw, WORKGROUPS, min_size=1)
    if draw(st.booleans()):
        coordinator: dict[str, Any] = {"bekostiging": draw(st.sampled_from(["gezamenlijk"] + ids))}
        if draw(st.booleans()):
            coordinator["uren_per_week"] = draw(st.integers(1, 40))
        governance["procescoordinator"] = coordinator
    data["governance"] = governance

    if draw(st.booleans()):
        data["mandaat"] = {"bekrachtiging_dagen": draw(st.integers(1, 180))}

    # with two voting parties a majority is one party alone: only unanimity or consent
    rules = S.DECISION_RULES if len(voting) > 2 else ["unanimiteit", "consent"]
    rule = draw(st.sampled_from(rules))
    decisions: dict[str, Any] = {"regel": rule, "quorum": draw(st.integers(1, len(voting)))}
    if rule == "gekwalificeerde_meerderheid" or draw(st.booleans()):
        decisions["meerderheid_procent"] = draw(st.integers(51, 100))
    if rule in S.RESPONSE_PERIOD_RULES and draw(st.booleans()):  # else a visible default (14)
        decisions["reactietermijn_dagen"] = draw(st.integers(1, 90))
    if draw(st.booleans()):
        decisions["stemgewicht"] = {i: draw(st.integers(1, 5)) for i in _sublist(draw, voting, min_size=1)}
    if draw(st.integers(0, 3)) == 0:
        others = []
        for subject in _sublist(draw, SUBJECTS, min_size=1, max_size=2):
            other_rule = draw(st.sampled_from([r for r in S.SUBJECT_RULES if r != rule and r in rules]))
            other = {"onderwerp": subject, "regel": other_rule}
            if other_rule == "gekwalificeerde_meerderheid":
                other["meerderheid_procent"] = draw(st.integers(51, 100))
            others.append(other)
        decisions["per_onderwerp"] = others
    data["besluitvorming"] = decisions

    # one binding forum per dispute: binding advice ends the escalation only when it is the forum
    forum = draw(st.sampled_from(S.DISPUTE_FORUMS))
    if draw(st.booleans()):
        thirds = ["mediation", "bindend_advies"] if forum == "bindend_advies" else ["mediation"]
        data["escalatie"] = {"derde": draw(st.sampled_from(thirds))}
        if draw(st.booleans()):
            data["escalatie"]["termijn_dagen"] = draw(st.integers(1, 180))

    method = draw(st.sampled_from(S.COST_METHODS))
    costs: dict[str, Any] = {"methode": method}
    bearing = [p["id"] for p in partijen if bears_costs(p)]
    if method != "gelijk" or draw(st.booleans()):
        costs["aandelen"] = _shares(draw, bearing)
    finance: dict[str, Any] = {
        "bronnen": draw(st.lists(st.sampled_from(S.FUNDING_SOURCES), min_size=1, max_size=5, unique=True)),
        "penvoerder": draw(st.sampled_from(ids)),
        "kostenverdeling": costs,
    }
    if draw(st.booleans()):
        finance["jaarbudget"] = draw(st.integers(0, 2_000_000))
    if draw(st.booleans()):
        finance["overschrijding_procent"] = draw(st.integers(0, 100))
    if draw(st.booleans()):
        finance["structureel_per"] = start + dt.timedelta(days=draw(st.integers(180, 2000)))
    data["financiering"] = finance

    if draw(st.booleans()):
        staff: dict[str, Any] = {}
        if draw(st.booleans()):
            staff["gezamenlijk_rooster"] = draw(st.booleans())
        if draw(st.booleans()):
            staff["diensten"] = draw(st.sampled_from(SHIFTS))
        if draw(st.booleans()):
            staff["detachering"] = draw(st.booleans())
        if draw(st.booleans()):
            staff["constructie"] = draw(st.sampled_from(S.STAFF_CONSTRUCTIONS))
        if staff.get("constructie") in ("payrolling", "gezamenlijk_team") or draw(st.integers(0, 3)) == 0:
            staff["werkgever"] = draw(st.sampled_from(care_ids or ids))
        data["personeel"] = staff

    data_role = draw(st.sampled_from(S.DATA_ROLES))
    exchange: dict[str, Any] = {"rol": data_role}
    if data_role == "verwerker":
        exchange["verwerkingsverantwoordelijke"] = draw(st.sampled_from(care_ids or ids))
    if data_role == "verwerker" or draw(st.booleans()):
        exchange["verwerkingen"] = _processings(draw, data_role, exchange.get("verwerkingsverantwoordelijke"),
                                                care_ids or ids)
    if draw(st.booleans()):
        exchange["systemen"] = _sublist(draw, SYSTEMS, min_size=1)
    data["gegevensuitwisseling"] = exchange

    if draw(st.booleans()):
        monitoring: dict[str, Any] = {"rapportage": draw(st.sampled_from(S.REPORTING))}
        if draw(st.booleans()):
            monitoring["kpis"] = [
                {"naam": n, "norm": norm, **({"bron": bron} if bron else {})}
                for n, norm, bron in _sublist(draw, KPIS, min_size=1)
            ]
        if draw(st.booleans()):
            monitoring["maturity_index"] = draw(st.booleans())
        data["monitoring"] = monitoring

    if draw(st.booleans()):
        data["inspraak"] = {"platform": draw(st.booleans()), "clientenraden": draw(st.booleans())}

    renewal = draw(st.sampled_from(S.RENEWAL))
    term: dict[str, Any] = {"ingangsdatum": start, "duur_jaren": draw(st.integers(1, 20)), "verlenging": renewal}
    if draw(st.booleans()):  # optional: a visible default follows from the renewal
        term["verlenging_jaren"] = draw(st.integers(1, 10))
    data["looptijd"] = term
    data["uittreding"] = {
        "opzegtermijn_maanden": draw(st.integers(1, 36)),
        "uittredingsbijdrage": draw(st.booleans()),
    }
    if draw(st.booleans()):
        liability: dict[str, Any] = {}
        if draw(st.booleans()):
            liability["maximum_bedrag"] = draw(st.integers(0, 5_000_000))
        if draw(st.booleans()):
            liability["verzekerd_bedrag"] = draw(st.integers(0, 10_000_000))
        data["aansprakelijkheid"] = liability
    if draw(st.booleans()):
        joining: dict[str, Any] = {"toegestaan": draw(st.booleans())}
        if draw(st.booleans()):
            joining["toetredingsbijdrage"] = draw(st.integers(0, 50_000))
        data["toetreding"] = joining

    disputes: dict[str, Any] = {"beslechting": forum}
    if forum == "rechter" or draw(st.booleans()):
        disputes["rechtbank"] = draw(st.sampled_from(COURTS))
    if forum != "rechter" and draw(st.booleans()):
        disputes["instituut"] = draw(st.sampled_from(INSTITUTES))
    if forum == "arbitrage":  # only with arbitrage, where the schema has them
        if "arbiters" in _keys_of("geschillen") and draw(st.booleans()):
            disputes["arbiters"] = draw(st.sampled_from([1, 3]))
        if "plaats" in _keys_of("geschillen") and draw(st.booleans()):
            disputes["plaats"] = draw(st.sampled_from(PLACES))
    data["geschillen"] = disputes

    if draw(st.booleans()):
        contacts = []
        for party in _sublist(draw, partijen, min_size=1):
            person = draw(st.sampled_from(PEOPLE))
            contacts.append({
                "partij": party["id"],
                "naam": person,
                "functie": draw(st.sampled_from(FUNCTIONS)),
                "email": f"{slug(person.split()[-1])}@{slug(party['korte_naam'])}.example",
            })
        data["contactpersonen"] = contacts
    return data


def spec_from_data(data: dict[str, Any], name: str = "hypothesis.yaml") -> Spec:
    """Validate a drawn dict (a deep copy: Cerberus normalises in place) into a ``Spec``."""
    return validate_spec(copy.deepcopy(data), {}, name)


def example_data(**changes: Any) -> dict[str, Any]:
    """A small, fixed, valid spec dict (three care providers), for hand-made tests.

    ``changes`` replace top-level keys, e.g. ``example_data(geschillen={...})``.
    """
    def party(i: int, ptype: str, naam: str, kort: str, place: str) -> dict[str, Any]:
        return {
            "id": f"{ID_PREFIX[ptype]}{i}", "naam": naam, "korte_naam": kort, "type": ptype,
            "rechtsvorm": LEGAL_FORMS_BY_TYPE[ptype][0], "kvk": f"5300000{i}", "vestigingsplaats": place,
            "adres": f"Stationsweg {i}, 1234 AB {place}",
            "vertegenwoordigers": [{"naam": PEOPLE[i], "functie": "bestuurder", "bevoegdheid": "statuten"}],
        }

    data: dict[str, Any] = {
        "versie": 1,
        "document": {"titel": "Samenwerkingsovereenkomst Hartnet", "kenmerk": "HN/2027/001",
                     "versie": "1.0", "datum": dt.date(2027, 2, 1), "auteur": AUTHORS[0]},
        "samenwerking": {"naam": "Hartnet Noord-Brabant & Limburg", "korte_naam": "Hartnet"},
        "partijen": [
            party(1, "ziekenhuis", "Franciscus Gasthuis & Vlietland", "Franciscus", "Rotterdam"),
            party(2, "vvt", "Stichting Woonzorgcentrum 't Hoogeland", "'t Hoogeland", "Ede"),
            party(3, "huisartsen", "Huisartsencoöperatie Ëlst", "HCO Ëlst", "Tiel"),
        ],
        "regio": {"naam": "Midden-Brabant", "gebied": "de regio Tilburg", "domeinen": [DOMAINS[3]]},
        "visie": VISIONS[0],
        "doelen": [GOALS[3]],
        "governance": {"stuurgroep": {"voorzitter": "onafhankelijk", "vergaderingen_per_jaar": 4}},
        "besluitvorming": {"regel": "unanimiteit", "quorum": 2},
        "financiering": {"bronnen": ["eigen_middelen"], "penvoerder": "zkh1",
                         "kostenverdeling": {"methode": "gelijk"}},
        "gegevensuitwisseling": {"rol": "zelfstandig"},
        "looptijd": {"ingangsdatum": dt.date(2027, 4, 1), "duur_jaren": 3, "verlenging": "geen"},
        "uittreding": {"opzegtermijn_maanden": 6},
        "geschillen": {"beslechting": "rechter", "rechtbank": "Rechtbank Oost-Brabant"},
    }
    data.update(copy.deepcopy(changes))
    return data
