"""The text checks of the review on word order and on numbers against the cost table
(review/text.py, review/wordorder.py, review/amounts.py): a spec that triggers each and one that
does not, the six samples, and the same finding in text and JSON."""

from __future__ import annotations

import copy
import json
from functools import lru_cache

import pytest
import yaml

from agreement_gen.assembly.assemble import assemble
from agreement_gen.library.read import load_library
from agreement_gen.review.amounts import mismatches
from agreement_gen.review.draft import from_model
from agreement_gen.review.report import review_json, review_text
from agreement_gen.review.run import review
from agreement_gen.review.wordorder import main_clause_order
from conftest import ROOT, SAMPLES
from specgen import spec_from_data

CHECKS = ("tekst.woordvolgorde", "tekst.kostentabel")


@lru_cache(maxsize=None)
def library():
    return load_library(None)


def sample(name: str) -> dict:
    return copy.deepcopy(yaml.safe_load((ROOT / "samples" / f"{name}.yaml").read_text(encoding="utf-8")))


def run(data: dict):
    spec = spec_from_data(data)
    return review("test", library(), {}, spec, assemble(spec, library()).agreement)


def found(data: dict, check: str) -> list:
    return [f for f in run(data).findings if f.regel == check]


# --- word order --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, verb, fixed", [
    ("de vraag naar zorg neemt door de vergrijzing toe", "toeneemt", "de vraag naar zorg door de vergrijzing toeneemt"),
    ("de kosten nemen elk jaar toe", "toenemen", "de kosten elk jaar toenemen"),
    ("kwetsbare ouderen komen vaak terug, terwijl de capaciteit krimpt", "terugkomen",
     "kwetsbare ouderen vaak terugkomen"),
    ("het aanbod groeit, terwijl de capaciteit loopt terug", "terugloopt", "terwijl de capaciteit terugloopt"),
    ("zij leggen hun afspraken vast", "vastleggen", "zij hun afspraken vastleggen"),
])
def test_main_clause_order_is_found(text, verb, fixed):
    result = main_clause_order(text)
    assert result is not None and result.joined == verb and result.fixed == fixed


@pytest.mark.parametrize("text", [
    "de vraag naar zorg door de vergrijzing toeneemt",           # right
    "Partijen samenwerken in de regio",                          # right
    "de inspectie houdt toezicht op",                            # two words might be the verb: quiet
    "het aantal ouderen dat zorg nodig heeft neemt toe",         # idem
    "de zorg in de regio staat onder druk",                      # no particle at the end
    "Partijen de toegankelijkheid van de zorg willen waarborgen",
    "de wachttijd voor een eerste bezoek",                       # no verb at all
])
def test_right_or_unclear_word_order_is_left_alone(text):
    assert main_clause_order(text) is None


def test_a_recital_in_main_clause_order_gives_advice_with_the_verb_form():
    data = sample("anw-vvt-apeldoorn")
    data["aanleiding"] = "de vraag naar verpleegkundige zorg in de nacht neemt door de vergrijzing toe"
    (finding,) = found(data, "tekst.woordvolgorde")
    assert finding.ernst == "advies" and finding.veld == "aanleiding"
    assert "'toeneemt'" in finding.melding and "Overweging A" in finding.melding
    assert "door de vergrijzing toeneemt'" in finding.remedie
    data["aanleiding"] = "de vraag naar verpleegkundige zorg in de nacht door de vergrijzing toeneemt"
    assert found(data, "tekst.woordvolgorde") == []


def test_an_edited_recital_is_checked_too():
    spec = spec_from_data(sample("doorstroom-rotterdam"))
    draft = from_model(assemble(spec, library()).agreement)
    edited = draft.__class__(draft.units, draft.overwegingen + ("de vraag naar bedden neemt elk jaar toe;",),
                             draft.clausules)
    result = review("test", library(), {}, spec, None, draft=edited)
    (finding,) = [f for f in result.findings if f.regel == "tekst.woordvolgorde"]
    assert finding.veld is None and "deze overweging" in finding.remedie


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_samples_trigger_the_new_checks_only_where_the_text_is_wrong(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    checks = {f.regel: f for f in run(data).findings if f.regel in CHECKS}
    if path.stem == "hartnet-noord":  # "de vraag ... neemt door de vergrijzing toe": a real case
        assert set(checks) == {"tekst.woordvolgorde"}
        assert "'toeneemt'" in checks["tekst.woordvolgorde"].melding
    else:
        assert checks == {}


# --- numbers against the cost table ----------------------------------------------------------------


def test_a_share_that_differs_from_the_cost_table_is_a_warning_naming_both_numbers():
    data = sample("hartnet-noord")  # UHN 45, MCF 25, ZDV 30 of EUR 240,000
    data["doelen"].append("UHN draagt 40% van de kosten van de gezamenlijke dienst")
    (finding,) = found(data, "tekst.kostentabel")
    assert finding.ernst == "waarschuwing"
    assert "40%" in finding.melding and "45%" in finding.melding and "UHN" in finding.melding
    assert finding.veld == "financiering.kostenverdeling.aandelen.uhn" and finding.waarde == 45
    assert finding.plaats is not None and finding.plaats.titel == "Kostenverdeelsleutel"
    data["doelen"][-1] = "UHN draagt 45% van de kosten van de gezamenlijke dienst"
    assert found(data, "tekst.kostentabel") == []


def test_a_role_says_its_own_share_and_amounts_count_against_the_budget():
    data = sample("doorstroom-rotterdam")  # nmrg 40 of EUR 420,000; hzm 10
    roles = {r["partij"]: r for r in data["rollen"]}
    roles["nmrg"]["taken"].append("draagt 35 procent van de jaarlijkse kosten")   # owner: nmrg
    roles["hzm"]["taken"].append("betaalt per jaar € 42.000 bij")                  # 10% of 420,000: right
    data["doelen"].append("de begroting bedraagt € 400.000 per jaar")              # the budget: wrong
    data["doelen"].append("het aantal verkeerde beddagen daalt met 25%")            # no cost word: not a share
    findings = found(data, "tekst.kostentabel")
    said = {(f.veld, f.waarde) for f in findings}
    assert said == {("financiering.kostenverdeling.aandelen.nmrg", 40), ("financiering.jaarbudget", 420000)}
    budget = next(f for f in findings if f.veld == "financiering.jaarbudget")
    assert "€ 400.000" in budget.melding and "€ 420.000" in budget.melding


def test_equal_shares_accept_the_rounded_figure_and_a_party_without_costs_has_none():
    data = sample("ouderennetwerk-zuidoost-drenthe")  # methode gelijk
    bearing = [p for p in data["partijen"] if p.get("kostendragend", p["type"] != "zorgverzekeraar")]
    share = 100 / len(bearing)
    first = bearing[0]["id"]
    texts = [("doelen[1]", f"{first} draagt {round(share)}% van de kosten", None),
             ("doelen[2]", f"{first} draagt {round(share) + 5}% van de kosten", None)]
    (wrong,) = mismatches(data, texts)
    assert wrong.path == "doelen[2]" and wrong.expected == round(share, 2)


def test_the_finding_reads_the_same_in_text_and_json():
    data = sample("hartnet-noord")
    data["doelen"].append("UHN draagt 40% van de kosten")
    result = run(data)
    parsed = json.loads(review_json(result))
    mine = [b for b in parsed["bevindingen"] if b["regel"] in CHECKS]
    assert {b["regel"] for b in mine} == set(CHECKS)
    text = review_text(result)
    for item in mine:
        assert item["melding"] in text and item["remedie"] in text and f"({item['regel']})" in text


# --- number style in typed text --------------------------------------------------------------------


def test_a_period_in_bare_digits_or_a_percentage_in_words_gets_advice():
    data = sample("hartnet-noord")
    data["doelen"][0] = "Partijen reageren binnen 14 dagen op een verwijzing en verlagen de wachttijd met 5 procent."
    (finding,) = found(data, "tekst.getalnotatie")
    assert finding.ernst == "advies" and finding.veld == "doelen"
    assert "'14 dagen'" in finding.melding and "'5 procent'" in finding.melding
    assert "'veertien (14) dagen'" in finding.remedie and "'5%'" in finding.remedie


@pytest.mark.parametrize("text", [
    "Partijen reageren binnen veertien (14) dagen op een verwijzing en verlagen de wachttijd met 5%.",
    "Ouderen van 75 jaar en ouder krijgen binnen één dag een plek.",  # an age, not a period
    "Eén verwijzing per 1 dagen is geen termijn die iemand schrijft.",  # one: too small to write out
])
def test_the_agreement_s_own_notation_and_ages_are_left_alone(text):
    data = sample("hartnet-noord")
    data["doelen"][0] = text
    assert found(data, "tekst.getalnotatie") == []


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_no_sample_mixes_number_styles(path):
    assert found(yaml.safe_load(path.read_text(encoding="utf-8")), "tekst.getalnotatie") == []
