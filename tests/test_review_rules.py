"""The bundled review rules (clauses/regels/): each fires on a spec or draft that has the weakness,
and stays silent on one that does not; the samples review without a 'fout'."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import replace
from functools import lru_cache

import pytest
import yaml

from agreement_gen.assembly.assemble import assemble
from agreement_gen.library.check import seed_dirs
from agreement_gen.library.read import load_library
from agreement_gen.library.seeds import seed_titles
from agreement_gen.review.draft import from_model
from agreement_gen.review.run import review
from conftest import ROOT, SAMPLES
from specgen import spec_from_data


@lru_cache(maxsize=None)
def library():
    return load_library(None)


@lru_cache(maxsize=None)
def sample(name: str) -> dict:
    return yaml.safe_load((ROOT / "samples" / f"{name}.yaml").read_text(encoding="utf-8"))


def findings(data: dict, drop: tuple = (), texts: dict | None = None) -> set[str]:
    """The rule ids that fire for ``data``; ``drop`` removes articles from the draft and ``texts``
    replaces an article's text (as a layer or a hand edit would)."""
    spec = spec_from_data(data)
    agreement = assemble(spec, library()).agreement
    draft = from_model(agreement)
    units = tuple(u for u in draft.units if u.place.sleutel not in drop)
    units = tuple(replace(u, alineas=(texts[u.place.sleutel],)) if texts and u.place.sleutel in texts else u
                  for u in units)
    draft = replace(draft, units=units)
    result = review("test", library(), seed_titles(seed_dirs(library())), spec, agreement, draft=draft)
    return {f.regel for f in result.findings}


def edit(name: str, change) -> dict:
    data = copy.deepcopy(sample(name))
    change(data)
    return data


def unanimity(d):
    d["besluitvorming"]["regel"] = "unanimiteit"
    d["besluitvorming"].pop("meerderheid_procent", None)


def subject_unanimity(d):
    d["besluitvorming"]["per_onderwerp"] = [{"onderwerp": "de Begroting", "regel": "unanimiteit"}]


def no_coordinator(d):
    d["governance"]["procescoordinator"] = None


def pilot_only(d):
    d["fasering"] = {"fasen": ["pilot"], "pilot_maanden": 12}
    d.setdefault("monitoring", {})["kpis"] = []


def pilot_evaluated(d):
    d["fasering"] = {"fasen": ["pilot", "evaluatie"], "pilot_maanden": 12}
    d.setdefault("monitoring", {})["kpis"] = []


def no_indicators(d):
    d["monitoring"] = {"kpis": [], "maturity_index": False}


def kpi_without_source(d):
    d["monitoring"]["kpis"] = [{"naam": "Doorlooptijd", "norm": "binnen 48 uur"}]


def kpi_with_source(d):
    d["monitoring"]["kpis"] = [{"naam": "Doorlooptijd", "norm": "binnen 48 uur", "bron": "het transferdossier"}]


def kpi_vague_norm(d):
    d["monitoring"]["kpis"] = [{"naam": "Doorlooptijd", "norm": "n.t.b.", "bron": "het transferdossier"}]


def insurer_bears_costs(d):
    insurer = next(p for p in d["partijen"] if p["type"] == "zorgverzekeraar")
    insurer["kostendragend"] = True
    shares = d["financiering"]["kostenverdeling"]["aandelen"]
    first = next(iter(shares))
    shares[first] -= 5
    shares[insurer["id"]] = 5


def joint_unnamed(d):
    d["gegevensuitwisseling"] = {"rol": "gezamenlijk"}


def joint_named(d):
    ids = [p["id"] for p in d["partijen"]][:2]
    d["gegevensuitwisseling"] = {"rol": "gezamenlijk", "verwerkingen": [
        {"naam": "de regionale wachtlijst", "verantwoordelijken": ids}]}


def explicit_contribution(d):
    for party in d["partijen"]:
        if party["type"] == "gemeente":
            party["bijdragevorm"] = "opdracht"


def no_insurer_money(d):
    d["financiering"]["bronnen"] = [b for b in d["financiering"]["bronnen"] if b != "zorgverzekeraar"] or ["eigen_middelen"]


def structural(d):
    d["financiering"]["structureel_per"] = dt.date(2029, 1, 1)


def long_steps(d):
    d["escalatie"] = {"termijn_dagen": 90}


WEAK_ESCALATION = "Partijen lossen een impasse in goed overleg op."
WITHOUT_WOO = "Partijen houden vertrouwelijke informatie geheim."
WITHOUT_TRANSITIONS = "Iedere Partij geeft haar Afgevaardigden een schriftelijk mandaat."

# rule id, sample, (change, drop, texts) that triggers it, (change, drop, texts) that does not
CASES = [
    ("besluitvorming.unanimiteit", "hartnet-noord", (unanimity, (), None), (None, (), None)),
    ("besluitvorming.onderwerp-unanimiteit", "hartnet-noord", (subject_unanimity, (), None), (None, (), None)),
    ("escalatie.ontbreekt", "hartnet-noord", (None, ("escalatie",), None), (None, (), None)),
    ("escalatie.zonder-termijn", "hartnet-noord", (None, (), {"escalatie": WEAK_ESCALATION}), (None, (), None)),
    ("escalatie.lange-termijn", "hartnet-noord", (long_steps, (), None), (None, (), None)),
    ("relatie.keuzemoment", "hartnet-noord", (None, ("relatie",), None), (None, (), None)),
    ("relatie.bij-stoppen", "hartnet-noord", (None, ("relatie",), None), (None, (), None)),
    ("procescoordinator.ontbreekt", "acute-ouderenzorg-friesland", (no_coordinator, (), None), (None, (), None)),
    ("financiering.zorgverzekeraar-niet-betrokken", "hartnet-noord", (None, (), None), (no_insurer_money, (), None)),
    ("financiering.niet-structureel", "hartnet-noord", (None, (), None), (structural, (), None)),
    ("fasering.pilot-zonder-evaluatie", "hartnet-noord", (pilot_only, (), None), (pilot_evaluated, (), None)),
    ("monitoring.ontbreekt", "hartnet-noord", (None, ("monitoring",), None), (None, (), None)),
    ("monitoring.geen-indicatoren", "hartnet-noord", (no_indicators, (), None), (None, (), None)),
    ("monitoring.kpi-zonder-bron", "hartnet-noord", (kpi_without_source, (), None), (kpi_with_source, (), None)),
    ("monitoring.kpi-zonder-bron", "hartnet-noord", (kpi_vague_norm, (), None), (kpi_with_source, (), None)),
    ("mandaat.ontbreekt", "hartnet-noord", (None, ("mandaat",), None), (None, (), None)),
    ("mandaat.bestuurswisseling", "hartnet-noord", (None, (), {"mandaat": WITHOUT_TRANSITIONS}), (None, (), None)),
    ("gemeente.woo", "doorstroom-rotterdam",
     (None, (), {"geheimhouding": WITHOUT_WOO, "rol_gemeente_zorgverzekeraar": WITHOUT_WOO}), (None, (), None)),
    ("gemeente.bijdragevorm", "doorstroom-rotterdam", (None, (), None), (explicit_contribution, (), None)),
    ("zorgverzekeraar.kosten", "zorgcoordinatie-apeldoorn-zutphen", (insurer_bears_costs, (), None), (None, (), None)),
    ("mededinging.taakverdeling", "anw-vvt-apeldoorn", (None, (), None), (None, ("mededinging",), None)),
    ("mededinging.ontbreekt", "anw-vvt-apeldoorn", (None, ("mededinging",), None), (None, (), None)),
    ("gegevens.verantwoordelijke", "hartnet-noord", (joint_unnamed, (), None), (joint_named, (), None)),
]


def test_every_bundled_rule_has_a_case():
    assert {rule.id for rule in library().rules} == {case[0] for case in CASES}


@pytest.mark.parametrize("rule, name, fires, silent", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_and_stays_silent(rule, name, fires, silent):
    change, drop, texts = fires
    assert rule in findings(edit(name, change or (lambda d: None)), drop, texts)
    change, drop, texts = silent
    assert rule not in findings(edit(name, change or (lambda d: None)), drop, texts)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_samples_review_without_errors(path):
    from agreement_gen.pipeline import review as run_review
    result = run_review(path)
    assert not result.has_errors, [f.melding for f in result.findings if f.ernst == "fout"]


def test_text_checks_flag_lower_case_terms_and_mixed_percentages():
    data = edit("doorstroom-rotterdam", lambda d: d["doelen"].append("partijen delen 45% van hun gegevens"))
    spec = spec_from_data(data)
    agreement = assemble(spec, library()).agreement
    result = review("test", library(), {}, spec, agreement)
    found = {f.regel: f for f in result.findings}
    mine = next(f for f in result.findings if f.melding.startswith(f"In doelen[{len(data['doelen'])}] staat 'partijen'"))
    assert mine.plaats.titel == "Doel en visie"
    assert "tekst.procentnotatie" not in found  # the renderer writes every percentage as "45%"
    edited = findings(sample("doorstroom-rotterdam"), texts={"doel": "ten minste 45% van de plaatsingen, "
                                                                     "en 90 % binnen een dag"})
    assert "tekst.procentnotatie" in edited  # as a hand edit in Word might
    def capitalised(d):
        d["doelen"] = [goal.replace("partijen", "Partijen") for goal in d["doelen"]]
    clean = spec_from_data(edit("hartnet-noord", capitalised))
    result = review("test", library(), {}, clean, assemble(clean, library()).agreement)
    assert not {f.regel for f in result.findings} & {"tekst.begrip-kleine-letter", "tekst.procentnotatie"}
