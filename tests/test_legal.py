"""Issue 11: what a health lawyer checks, class by class, on the bundled library.

Each test varies a sample spec along one choice and reads the assembled text as a lawyer
would: one binding forum per dispute, decision wording that matches the chosen rule, required
approvals as a condition precedent, no raw ids, and defaults the drafter can see.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from agreement_gen.errors import SpecError
from agreement_gen.library.read import load_library
from agreement_gen.model.text import render_text
from agreement_gen.pipeline import defaults_text, draft
from agreement_gen.spec.load import load_spec
from conftest import ROOT

SAMPLES = ROOT / "samples"
LIBRARY = load_library(None)


def base(name: str = "hartnet-noord") -> dict:
    return yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def build(tmp_path: Path, data: dict):
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assembly = draft(load_spec(path), library=LIBRARY)
    return assembly, render_text(assembly.agreement)


def article(text: str, title: str) -> str:
    """The text of the article with ``title``, up to the next article heading."""
    match = re.search(rf"^Artikel \d+ {re.escape(title)}\n(.*?)(?=^Artikel \d+ |^Bijlage |\Z)", text, re.S | re.M)
    assert match, f"artikel '{title}' ontbreekt"
    return match.group(1)


# --- class 2: one dispute, one binding forum --------------------------------------------------


@pytest.mark.parametrize("forum", ["rechter", "arbitrage", "bindend_advies"])
@pytest.mark.parametrize("third", ["mediation", "bindend_advies"])
def test_a_dispute_has_one_binding_forum(tmp_path, forum, third):
    data = base()
    data["geschillen"] = {"beslechting": forum}
    if forum == "rechter":
        data["geschillen"]["rechtbank"] = "Rechtbank Noord-Nederland"
    data["escalatie"] = {"derde": third}
    if third == "bindend_advies" and forum != "bindend_advies":
        with pytest.raises(SpecError, match=r"\(escalatie\.derde\): bindend advies als laatste stap .* twee "
                                            r"bindende fora voor één geschil; kies escalatie\.derde: mediation"):
            build(tmp_path, data)
        return
    _, text = build(tmp_path, data)
    ladder = article(text, "Escalatie en impasse")
    disputes = article(text, "Geschillen")
    geschil_route = ladder[ladder.index("Een Geschil over de uitleg"):]
    if forum == "bindend_advies":
        assert "door arbitrage" not in disputes and "scheidsgerecht" not in disputes
        if third == "bindend_advies":
            assert "benoemd zoals bepaald in artikel" in ladder
            assert "de laatste stap is het bindend advies volgens artikel" in geschil_route
    else:
        assert "bindend adviseur" not in ladder  # mediation is the only third party before the forum
    assert ("met inbegrip van mediation" in disputes) == (third == "mediation")


def test_arbitration_names_its_arbitrators_and_seat_and_lists_the_defaults(tmp_path):
    data = base()
    data["geschillen"] = {"beslechting": "arbitrage"}
    assembly, text = build(tmp_path, data)
    disputes = article(text, "Geschillen")
    assert "Het scheidsgerecht bestaat uit één arbiter." in disputes
    assert "De plaats van arbitrage is Groningen." in disputes
    assert "voorlopige voorziening" in disputes
    listed = defaults_text(assembly)
    assert "geschillen.arbiters = 1" in listed and "geschillen.plaats = Groningen" in listed
    data["geschillen"].update(arbiters=3, plaats="Zwolle")
    assembly, text = build(tmp_path, data)
    assert "bestaat uit drie arbiters" in text and "De plaats van arbitrage is Zwolle." in text
    assert "geschillen.arbiters" not in defaults_text(assembly)


def test_arbitrators_without_arbitration_are_refused(tmp_path):
    data = base()
    data["geschillen"]["arbiters"] = 3
    with pytest.raises(SpecError, match=r"geschillen\.arbiters\): geldt alleen bij beslechting door arbitrage"):
        build(tmp_path, data)


# --- class 4: decision wording follows the rule --------------------------------------------------

VOTE_WORDS = re.compile(r"\b(stem|stemmen|stemming|gestemd)\b", re.I)


@pytest.mark.parametrize("rule", ["consent", "stilzwijgende_instemming"])
def test_no_votes_where_nobody_votes(tmp_path, rule):
    data = base()
    data["besluitvorming"] = {"regel": rule, "quorum": 2}
    _, text = build(tmp_path, data)
    mandate = article(text, "Mandaat en continuïteit")
    assert not VOTE_WORDS.search(mandate), VOTE_WORDS.search(mandate)
    assert "bezwaar" in mandate  # a refused ratification has a meaning under this rule


def test_a_refused_ratification_under_unanimity_is_a_vote_against(tmp_path):
    data = base()
    data["besluitvorming"] = {"regel": "unanimiteit", "quorum": 2}
    _, text = build(tmp_path, data)
    assert "geldt zij als een stem tegen het voorstel" in article(text, "Mandaat en continuïteit")


@pytest.mark.parametrize("rule, own, others", [
    ("consent", "overwegend bezwaar", ["doorslaggevende stem", "opt-out", "stilzwijgende"]),
    ("gekwalificeerde_meerderheid", "gekwalificeerde meerderheid", ["consent", "opt-out", "doorslaggevende"]),
    ("doorslaggevende_stem", "doorslaggevende stem", ["consent", "opt-out", "stilzwijgende"]),
    ("opt_out", "opt-out", ["consent", "doorslaggevende", "stilzwijgende"]),
    ("stilzwijgende_instemming", "bezwaar binnen de termijn", ["consent", "opt-out", "doorslaggevende"]),
])
def test_core_decisions_name_only_the_chosen_rule(tmp_path, rule, own, others):
    data = base()
    data["besluitvorming"] = {"regel": rule, "quorum": 2}
    if rule == "gekwalificeerde_meerderheid":
        data["besluitvorming"]["meerderheid_procent"] = 67
    if rule == "stilzwijgende_instemming":
        data["besluitvorming"]["reactietermijn_dagen"] = 14
    _, text = build(tmp_path, data)
    core = article(text, "Kernbesluiten")
    assert own in core
    for word in others:
        assert word not in core, word


# --- class 3: required approvals are a condition precedent -----------------------------------------


def test_required_approvals_suspend_entry_into_force(tmp_path):
    data = base()
    data["goedkeuringen"] = [
        {"partij": "mcf", "orgaan": "ondernemingsraad", "status": "vereist"},
        {"partij": "zdv", "orgaan": "ondernemingsraad", "status": "vereist", "soort": "instemming",
         "uiterlijk": dt.date(2027, 6, 30)},
        {"partij": "uhn", "orgaan": "raad_van_toezicht", "status": "verkregen", "datum": dt.date(2026, 10, 15)},
    ]
    assembly, text = build(tmp_path, data)
    entry = article(text, "Inwerkingtreding, looptijd en verlenging")
    assert "opschortende voorwaarde" in entry
    assert "het advies van de ondernemingsraad van MCF, uiterlijk op 1 april 2027" in entry
    assert "de instemming van de ondernemingsraad van ZDV of de vervangende toestemming van de kantonrechter, " \
           "uiterlijk op 30 juni 2027" in entry
    assert "artikel 25, zesde lid, van de Wet op de ondernemingsraden" in entry
    assert "treedt de Overeenkomst tussen de Partij die het betreft en de overige Partijen niet in werking" in entry
    assert "raad van toezicht" not in entry  # obtained, so no condition
    assert "goedkeuringen[1].uiterlijk = 2027-04-01" in defaults_text(assembly)


def test_without_required_approvals_entry_into_force_is_unconditional(tmp_path):
    data = base()
    data["goedkeuringen"] = [{"partij": "uhn", "orgaan": "raad_van_toezicht", "status": "verkregen"}]
    _, text = build(tmp_path, data)
    entry = article(text, "Inwerkingtreding, looptijd en verlenging")
    assert "opschortende voorwaarde" not in entry
    assert entry.startswith("30.1 De Overeenkomst treedt in werking op 1 januari 2027") or \
        "De Overeenkomst treedt in werking op 1 januari 2027 en" in entry


@pytest.mark.parametrize("approval, message", [
    ({"partij": "uhn", "orgaan": "raad_van_toezicht", "status": "vereist", "soort": "advies"},
     "raad_van_toezicht geeft geen 'advies'; kies uit goedkeuring"),
    ({"partij": "uhn", "orgaan": "ondernemingsraad", "status": "vereist", "datum": dt.date(2026, 10, 1)},
     "een goedkeuring die nog vereist is, heeft nog geen datum"),
    ({"partij": "uhn", "orgaan": "ondernemingsraad", "status": "verkregen", "uiterlijk": dt.date(2027, 1, 1)},
     "een verkregen goedkeuring heeft geen uiterste datum meer"),
    ({"partij": "uhn", "orgaan": "ondernemingsraad", "status": "verkregen", "datum": dt.date(2030, 1, 1)},
     "ligt na de datum van dit concept"),
])
def test_approvals_that_cannot_be_are_refused(tmp_path, approval, message):
    data = base()
    data["goedkeuringen"] = [approval]
    with pytest.raises(SpecError, match=re.escape(message)):
        build(tmp_path, data)


@pytest.mark.parametrize("body", ["ledenvergadering", "aandeelhouders", "medische_staf", "verpleegkundige_adviesraad"])
def test_other_approving_bodies(tmp_path, body):
    data = base()
    data["goedkeuringen"] = [{"partij": "mcf", "orgaan": body, "status": "vereist"},
                             {"partij": "uhn", "orgaan": body, "status": "verkregen"}]
    _, text = build(tmp_path, data)
    assert "opschortende voorwaarde" in article(text, "Inwerkingtreding, looptijd en verlenging")


# --- class 10 and 11: no raw ids; visible defaults ----------------------------------------------------


@pytest.mark.parametrize("sample", sorted(p.stem for p in SAMPLES.glob("*.yaml")))
def test_no_party_id_stands_where_a_name_belongs(sample):
    spec = load_spec(SAMPLES / f"{sample}.yaml")
    text = render_text(draft(spec, library=LIBRARY).agreement)
    for party in spec.parties:
        if party.id in (party.korte_naam, party.naam):
            continue
        found = re.search(rf"(?<![\w@.\-/]){re.escape(party.id)}(?![\w@\-])", text)
        assert not found, f"{party.id}: ...{text[max(0, found.start() - 60):found.end() + 20]}..."


def test_build_and_explain_list_the_defaults(tmp_path):
    from click.testing import CliRunner

    from agreement_gen.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["build", str(SAMPLES / "hartnet-noord.yaml"), "-o", str(tmp_path / "h.docx")])
    assert result.exit_code == 0, result.output
    assert "Standaardkeuzes (niet in de spec gezet" in result.output
    assert "escalatie.derde = mediation" in result.output
    result = runner.invoke(main, ["explain", str(SAMPLES / "hartnet-noord.yaml")])
    assert "escalatie.derde = mediation" in result.output
    data = base()
    data["escalatie"] = {"termijn_dagen": 30, "derde": "mediation"}
    assembly, _ = build(tmp_path, data)
    assert "escalatie." not in defaults_text(assembly)


# --- proportion: two parties read like two parties ------------------------------------------------


def test_a_two_party_agreement_needs_both_for_unanimity_and_no_one_goes_alone(tmp_path):
    data = base()
    data["partijen"] = data["partijen"][:2]
    keep = {p["id"] for p in data["partijen"]}
    data["financiering"]["penvoerder"] = data["partijen"][0]["id"]
    data["financiering"]["kostenverdeling"] = {"methode": "gelijk"}
    data["governance"]["stuurgroep"]["voorzitter"] = data["partijen"][0]["id"]
    data["goedkeuringen"] = [g for g in data.get("goedkeuringen", []) if g["partij"] in keep]
    data["contactpersonen"] = [c for c in data.get("contactpersonen", []) if c["partij"] in keep]
    data["besluitvorming"] = {"regel": "unanimiteit", "quorum": 2}
    _, text = build(tmp_path, data)
    rule = article(text, "Besluitvorming")
    assert "wanneer beide Partijen vóór het voorstel stemmen" in rule
    assert "Onthouding geldt niet als tegenstem" not in rule and "meerderheid" not in rule
    assert "dat doen zonder de andere Partijen" not in article(text, "Escalatie en impasse")


def test_the_closing_line_counts_no_copies(tmp_path):
    _, text = build(tmp_path, base())
    assert not re.search(r"in \w+ \(\d+\) exemplaren", text)
    assert "Aldus overeengekomen en ondertekend op de plaatsen en data die bij de handtekeningen zijn vermeld." in text


def test_parties_are_not_listed_among_outsiders_and_an_insurer_party_buys_care_alone(tmp_path):
    _, text = build(tmp_path, base("zorgcoordinatie-apeldoorn-zutphen"))
    steering = article(text, "Stuurgroep")
    outsiders = steering[steering.index("belanghebbenden buiten het Samenwerkingsverband"):].split("\n")[0]
    assert "gemeenten" not in outsiders and "zorgverzekeraars" not in outsiders
    assert "zorgverzekeraarsengemeenten" not in text
    money = article(text, "Financiering, Begroting en Penvoerder")
    assert "preferente zorgverzekeraar" not in money
    assert "Over tarieven, over de inkoop van zorg en over individuele contractering wordt binnen het " \
           "Samenwerkingsverband niet onderhandeld" in money


def test_defaults_that_used_to_be_required_are_filled_and_listed(tmp_path):
    data = base()
    data["besluitvorming"] = {"regel": "stilzwijgende_instemming", "quorum": 2}
    data["looptijd"].pop("verlenging_jaren", None)
    data["looptijd"]["verlenging"] = "na_evaluatie"
    assembly, text = build(tmp_path, data)
    listed = defaults_text(assembly)
    assert "besluitvorming.reactietermijn_dagen = 14" in listed
    assert f"looptijd.verlenging_jaren = {data['looptijd']['duur_jaren']}" in listed
    assert "binnen veertien (14) dagen na verzending" in text


# --- class 1: data roles per processing ------------------------------------------------------


def test_processor_role_needs_the_processings_named(tmp_path):
    data = base()
    data["gegevensuitwisseling"] = {"rol": "verwerker", "verwerkingsverantwoordelijke": "uhn"}
    with pytest.raises(SpecError, match=r"\(gegevensuitwisseling\.verwerkingen\): bij de rol verwerker noemt u per "
                                        r"verwerking wie verwerkingsverantwoordelijke is"):
        build(tmp_path, data)


def test_every_processing_names_its_controller_and_processors(tmp_path):
    data = base()
    data["gegevensuitwisseling"] = {"rol": "verwerker", "verwerkingsverantwoordelijke": "uhn", "verwerkingen": [
        {"naam": "de regionale hartregistratie", "verwerkers": ["mcf"], "externe_verwerkers": ["Registratie B.V."]},
        {"naam": "de teleconsultatie", "verantwoordelijken": ["mcf", "zdv"]},
    ]}
    _, text = build(tmp_path, data)
    body = article(text, "Gegevensuitwisseling en privacy")
    names = {p["id"]: p["korte_naam"] for p in data["partijen"]}
    first = next(line for line in body.splitlines() if "de regionale hartregistratie" in line)
    assert f"verwerkingsverantwoordelijke is {names['uhn']}" in first
    assert f"{names['mcf']} en Registratie B.V. verwerken die Persoonsgegevens als verwerker" in first
    second = next(line for line in body.splitlines() if "de teleconsultatie" in line)
    assert f"{names['mcf']} en {names['zdv']} zijn daarvoor gezamenlijk verwerkingsverantwoordelijken" in second
    assert "zonder verwerker" in second
    assert f"{names['zdv']} is verwerker" not in body and "De andere Partijen verwerken" not in body


def test_independent_role_refuses_a_party_as_processor(tmp_path):
    data = base()
    data["gegevensuitwisseling"] = {"rol": "zelfstandig", "verwerkingen": [
        {"naam": "de planning", "verantwoordelijken": ["uhn"], "verwerkers": ["mcf"]}]}
    with pytest.raises(SpecError, match=r"bij de rol zelfstandig is geen partij verwerker van een andere partij"):
        build(tmp_path, data)


# --- class 6: a gemeente as a party ----------------------------------------------------------


def _gemeente(bevoegdheid="volmacht", **extra) -> dict:
    rep = {"naam": "drs. K. de Wit", "functie": "wethouder Zorg", "bevoegdheid": bevoegdheid}
    rep.update(extra)
    return {"id": "gem", "naam": "Gemeente Groningen", "korte_naam": "Gemeente Groningen", "type": "gemeente",
            "rechtsvorm": "openbaar lichaam", "kvk": "01234567", "vestigingsplaats": "Groningen",
            "adres": "Grote Markt 1, 9712 HN Groningen", "vertegenwoordigers": [rep]}


def _comparitie(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if re.match(rf"\d+\. {re.escape(name)},", line))


def test_a_gemeente_signs_under_article_171_with_its_college_decision(tmp_path):
    data = base()
    data["partijen"].append(dict(_gemeente(volmacht_datum=dt.date(2026, 9, 1)), kostendragend=False))
    data["goedkeuringen"] = [{"partij": "gem", "orgaan": "college", "status": "verkregen",
                              "datum": dt.date(2026, 9, 8)}]
    _, text = build(tmp_path, data)
    line = _comparitie(text, "Gemeente Groningen")
    assert "verleend door de burgemeester op 1 september 2026 (artikel 171, tweede lid, van de Gemeentewet)" in line
    assert "ter uitvoering van het besluit van het college van burgemeester en wethouders van 8 september 2026" in line
    assert "handelsregister" not in line


def test_a_gemeente_without_a_college_decision_gets_it_as_a_condition(tmp_path):
    data = base()
    data["partijen"].append(dict(_gemeente(bevoegdheid="wet", functie="burgemeester"), kostendragend=False))
    assembly, text = build(tmp_path, data)
    line = _comparitie(text, "Gemeente Groningen")
    assert "op grond van artikel 171, eerste lid, van de Gemeentewet" in line
    assert "onder voorbehoud van het besluit van het college van burgemeester en wethouders" in line
    assert "opschortende voorwaarde" in article(text, "Inwerkingtreding, looptijd en verlenging")
    assert any(path.startswith("goedkeuringen[") for path, _ in assembly.defaults)


def test_a_public_body_has_no_statutes(tmp_path):
    data = base()
    data["partijen"].append(_gemeente(bevoegdheid="statuten"))
    with pytest.raises(SpecError, match=r"een openbaar lichaam heeft geen statuten"):
        build(tmp_path, data)


@pytest.mark.parametrize("form, words", [("subsidie", "artikel 4:21 van de Algemene wet bestuursrecht"),
                                         ("opdracht", "Aanbestedingswet 2012")])
def test_a_gemeentes_money_is_a_subsidy_or_a_contract(tmp_path, form, words):
    data = base()
    gemeente = _gemeente()
    gemeente["bijdragevorm"] = form
    data["partijen"].append(gemeente)
    shares = data["financiering"]["kostenverdeling"].get("aandelen")
    if shares:
        largest = max(shares, key=shares.get)
        shares[largest] -= 10
        shares["gem"] = 10
    data["goedkeuringen"] = [{"partij": "gem", "orgaan": "college", "status": "verkregen",
                              "datum": dt.date(2026, 9, 8)}]
    _, text = build(tmp_path, data)
    money = article(text, "Financiering, Begroting en Penvoerder")
    assert words in money
    assert "Gemeente Groningen" in money


# --- class 8: liability -----------------------------------------------------------------------


def test_liability_has_a_floor_and_no_limit_for_intent_or_towards_patients(tmp_path):
    data = base()
    data["aansprakelijkheid"] = {"maximum_bedrag": 250000, "verzekerd_bedrag": 5000000}
    _, text = build(tmp_path, data)
    body = article(text, "Aansprakelijkheid en verzekering")
    assert "€ 250.000 per schadeveroorzakende gebeurtenis" in body
    assert "7:463 BW" in body and "jegens patiënten en cliënten niet" in body
    assert "opzet of bewuste roekeloosheid" in body and "grove schuld" in body
    assert "ten minste € 5.000.000 per gebeurtenis" in body


# --- class 9: disentanglement with shared staff -------------------------------------------------


@pytest.mark.parametrize("staff", [
    {"detachering": True},
    {"gezamenlijk_rooster": True},
    {"constructie": "payrolling", "werkgever": "uhn"},
    {"constructie": "gezamenlijk_team", "werkgever": "mcf"},
])
def test_exit_with_shared_staff_checks_transfer_of_undertaking(tmp_path, staff):
    data = base()
    data["personeel"] = staff
    _, text = build(tmp_path, data)
    assert "7:662" in article(text, "Gevolgen van beëindiging en exitplan")


def test_a_pilot_can_lock_in_the_parties(tmp_path):
    data = base()
    data["fasering"] = {"fasen": ["pilot", "evaluatie"], "pilot_maanden": 12, "opzegging_tijdens_pilot": False}
    _, text = build(tmp_path, data)
    assert "pilot" in article(text, "Opzegging en uittreding").lower()
    data["fasering"] = {"fasen": ["analyse"], "opzegging_tijdens_pilot": False}
    with pytest.raises(SpecError, match=r"\(fasering\.opzegging_tijdens_pilot\): geldt alleen bij een pilot"):
        build(tmp_path, data)


# --- class 10 and 11: consistency and proportion ------------------------------------------------


def test_independent_chair_is_appointed_by_the_steering_group_in_annex_and_article(tmp_path):
    data = base()
    data["governance"]["stuurgroep"]["voorzitter"] = "onafhankelijk"
    _, text = build(tmp_path, data)
    annex = text[text.index("Bijlage"):]
    assert "door Partijen gezamenlijk benoemd" not in text
    assert "De Stuurgroep heeft een onafhankelijke voorzitter, die de Stuurgroep benoemt" in annex
    assert "De Stuurgroep benoemt, schorst en ontslaat de voorzitter" in article(text, "Stuurgroep")


def test_closed_agreement_is_not_called_open_in_the_competition_article(tmp_path):
    data = base()
    data["toetreding"] = {"toegestaan": False}
    _, text = build(tmp_path, data)
    assert "staat open op basis van objectieve" not in text
    assert "staat niet open voor toetreding" in article(text, "Mededinging")


def test_a_party_without_a_vote_takes_part_without_deciding(tmp_path):
    data = base()
    data["partijen"][2]["stemrecht"] = False
    data["besluitvorming"] = {"regel": "unanimiteit", "quorum": 2}
    _, text = build(tmp_path, data)
    assert f"{data['partijen'][2]['korte_naam']} neemt aan de Stuurgroep deel zonder stemrecht" in text
    data["besluitvorming"]["stemgewicht"] = {data["partijen"][2]["id"]: 2}
    with pytest.raises(SpecError, match="heeft geen stemrecht"):
        build(tmp_path, data)


def test_two_voting_parties_cannot_decide_by_majority(tmp_path):
    data = base()
    data["partijen"][2]["stemrecht"] = False
    data["besluitvorming"] = {"regel": "gekwalificeerde_meerderheid", "quorum": 2, "meerderheid_procent": 67}
    with pytest.raises(SpecError, match="met twee stemgerechtigde partijen betekent een meerderheid"):
        build(tmp_path, data)


def test_a_subject_can_have_its_own_rule(tmp_path):
    data = base()
    data["besluitvorming"]["per_onderwerp"] = [{"onderwerp": "de keuze van een ICT-systeem", "regel": "consent"}]
    _, text = build(tmp_path, data)
    body = article(text, "Besluitvorming over bijzondere onderwerpen")
    assert "over de keuze van een ICT-systeem: bij consent" in body


def test_no_values_the_parties_never_stated(tmp_path):
    data = base()
    data.pop("waarden", None)
    _, text = build(tmp_path, data)
    assert "Gedeelde waarden" not in text and "natuurlijke regio" not in text
