"""The field descriptions (spec/fields.py + fields.yaml) cover the schema exactly and say what it says."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings

from agreement_gen.spec import fields as F
from agreement_gen.spec.choices import DECISION_RULES
from agreement_gen.spec.defaults import RULES
from agreement_gen.spec.load import load_spec
from agreement_gen.spec.schema import SCHEMA
from conftest import SAMPLES
from specgen import spec_from_data, specs


def test_every_schema_field_is_described_and_nothing_else():
    assert F.problems() == []
    assert set(F.FIELDS) == {path for path, _ in F.schema_fields()}


def test_a_field_without_description_is_found():
    schema = copy.deepcopy(SCHEMA)
    schema["looptijd"]["schema"]["proefperiode"] = {"type": "integer"}
    assert F.problems(schema) == ["looptijd.proefperiode: het schema kent dit veld, maar fields.yaml beschrijft het niet"]


def test_a_description_of_a_field_the_schema_lacks_is_found():
    data = copy.deepcopy(F._DATA)
    data["velden"]["looptijd.proefperiode"] = {"label": "Proefperiode", "uitleg": "x", "voorbeeld": 3}
    assert F.problems(data=data) == ["looptijd.proefperiode: beschreven in fields.yaml, maar het schema kent dit veld niet"]


@pytest.mark.parametrize("change, words", [
    (lambda v: v["besluitvorming.regel"]["keuzes"].pop("consent"), "keuzes"),
    (lambda v: v["besluitvorming.regel"]["keuzes"].update(meerderheid="x"), "keuzes"),
    (lambda v: v["looptijd.verlenging"]["keuzes"].update(geen=""), "heeft geen betekenis"),
    (lambda v: v["document.kenmerk"].pop("voorbeeld"), "'voorbeeld' ontbreekt"),
    (lambda v: v["partijen[].kvk"].update(voorbeeld="1234"), "voldoet niet aan het schema"),
    (lambda v: v["looptijd"].update(groep="tijd"), "'groep' moet een van"),
    (lambda v: v["looptijd.duur_jaren"].update(groep="looptijd"), "alleen velden op het hoogste niveau"),
    (lambda v: v["visie"].pop("uitleg"), "'uitleg' ontbreekt"),
    (lambda v: v["geschillen.arbiters"].update(standaard="{onbekend}"), "DEFAULT_VALUES niet kent"),
], ids=["keuze-weg", "keuze-te-veel", "keuze-zonder-betekenis", "geen-voorbeeld", "fout-voorbeeld", "onbekende-groep",
        "groep-genest", "geen-uitleg", "onbekende-waarde"])
def test_each_kind_of_disagreement_is_found(change, words):
    data = copy.deepcopy(F._DATA)
    change(data["velden"])
    found = F.problems(data=data)
    assert len(found) == 1 and words in found[0], found


def test_what_the_schema_knows_comes_from_the_schema():
    regel = F.FIELDS["besluitvorming.regel"]
    assert [c.value for c in regel.choices] == DECISION_RULES
    assert regel.required and regel.group == "besturing"
    assert F.FIELDS["escalatie.derde"].default == "mediation"
    assert F.FIELDS["mandaat.bekrachtiging_dagen"].default == 30
    assert F.FIELDS["partijen[].kvk"].pattern == "[0-9]{8}"
    assert F.FIELDS["looptijd.duur_jaren"].minimum == 1 and F.FIELDS["looptijd.duur_jaren"].maximum == 20
    assert F.FIELDS["partijen"].min_items == 2 and F.FIELDS["partijen"].repeatable
    assert F.FIELDS["financiering.bronnen"].multiple
    assert F.FIELDS["governance.stuurgroep.voorzitter"].party_ref
    assert [c.value for c in F.FIELDS["governance.stuurgroep.voorzitter"].choices] == ["onafhankelijk", "roulerend"]
    assert "partijen[].vertegenwoordigers[].naam" in F.FIELDS["partijen[].vertegenwoordigers"].children


def test_groups_are_those_a_drafter_thinks_in_and_hold_every_field():
    assert [g.id for g in F.GROUPS] == ["partijen", "samenwerking", "besturing", "geld", "gegevens", "looptijd",
                                        "geschillen", "document"]
    grouped = [p for g in F.GROUPS for p in g.paths]
    assert sorted(grouped) == sorted(F.FIELDS)
    assert all(g.top for g in F.GROUPS)


def test_a_concrete_path_finds_its_field():
    assert F.field_for("partijen[2].vertegenwoordigers[1].bevoegdheid").path == "partijen[].vertegenwoordigers[].bevoegdheid"
    assert F.field_for("financiering.kostenverdeling.aandelen.uhn").path == "financiering.kostenverdeling.aandelen"
    assert F.field_for("goedkeuringen[3]").path == "goedkeuringen"
    assert F.field_for("onbekend") is None


def test_defaults_in_words_take_their_values_from_defaults_py():
    assert "14 dagen" in F.FIELDS["besluitvorming.reactietermijn_dagen"].default_note
    assert "€ 100.000" in F.FIELDS["aansprakelijkheid.maximum_bedrag"].default_note
    assert "Nederlands Arbitrage Instituut" in F.FIELDS["geschillen.instituut"].default_note
    assert "goedkeuring bij raad_van_toezicht" in F.FIELDS["goedkeuringen[].soort"].default_note
    assert {path for path, _, _ in RULES} <= {p for p, f in F.FIELDS.items() if f.default_note}


def _assert_every_default_is_described(spec):
    for path, value in spec.defaults:
        doc = F.field_for(path)
        assert doc is not None, path
        assert doc.default == value or doc.default_note, f"{path} = {value!r}: geen standaard beschreven"


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_default_a_sample_gets_is_described(sample):
    _assert_every_default_is_described(load_spec(sample))


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(specs())
def test_every_default_any_spec_gets_is_described(data):
    _assert_every_default_is_described(spec_from_data(data))
