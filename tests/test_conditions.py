"""Conditions in Dutch (spec/conditions.py): every condition of the bundled library translates,
the translation says what the expression says, and what it does not understand falls back."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from agreement_gen.library.read import load_library
from agreement_gen.spec.conditions import condition_text, field_label
from conftest import ROOT


def bundled_conditions() -> list[str]:
    """The conditions of every bundled clause, the sample layers' clauses and every review rule."""
    library = load_library([ROOT / "clauses", ROOT / "samples" / "lagen" / "regio-noord"])
    found = {c.voorwaarde for c in library.clauses if c.voorwaarde}
    found |= {r.voorwaarde for r in library.rules if r.voorwaarde}
    return sorted(found)


def test_the_bundled_library_has_conditions_to_walk():
    conditions = bundled_conditions()
    assert len(conditions) > 50
    assert "regio.roaz is not none" in conditions and "not heeft_artikel('escalatie')" in conditions


@pytest.mark.parametrize("expression", bundled_conditions())
def test_every_bundled_condition_translates_without_falling_back(expression):
    text = condition_text(expression)
    assert text, expression
    assert not re.search(r"\b(is not none|is none|selectattr|length|==|!=)\b|[(][)]", text), text
    assert "_" not in re.sub(r"\u2018[^\u2019]*\u2019", "", text), text  # no field path outside a quote


@pytest.mark.parametrize("expression, dutch", [
    ("aanleiding is not none", "\u2018Aanleiding\u2019 is ingevuld"),
    ("aanleiding is none", "\u2018Aanleiding\u2019 niet is ingevuld"),
    ("not (aanleiding is none)", "\u2018Aanleiding\u2019 is ingevuld"),
    ("geschillen.beslechting == 'rechter'", "\u2018Forum\u2019 \u2018rechter\u2019 (de overheidsrechter) is"),
    ("geschillen.beslechting != 'arbitrage'", "\u2018Forum\u2019 niet \u2018arbitrage\u2019 is"),
    ("heeft_type('gemeente')", "er een gemeente partij is"),
    ("not heeft_type('zorgverzekeraar')", "er geen zorgverzekeraar partij is"),
    ("toetreding.toegestaan", "\u2018Toetreding mogelijk\u2019 op ja staat"),
    ("not toetreding.toegestaan", "\u2018Toetreding mogelijk\u2019 op nee staat"),
    ("escalatie.termijn_dagen > 60", "\u2018Termijn per stap (dagen)\u2019 meer dan 60 is"),
    ("not escalatie.termijn_dagen > 60", "\u2018Termijn per stap (dagen)\u2019 ten hoogste 60 is"),
    ("'pilot' in fasering.fasen", "\u2018Fasen\u2019 \u2018pilot\u2019 bevat"),
    ("'pilot' not in fasering.fasen", "\u2018Fasen\u2019 \u2018pilot\u2019 niet bevat"),
    ("partijen | length >= 5", "er in \u2018Partijen\u2019 ten minste 5 staan"),
    ("partijen | length == 1", "er in \u2018Partijen\u2019 precies één staat"),
    ("partijen_van_type('ggz') | length == 0",
     "er in \u2018Partijen\u2019 geen staat met \u2018Soort organisatie\u2019 \u2018ggz\u2019 "
     "(een instelling voor geestelijke gezondheidszorg)"),
    ("concurrenten() | length > 0", "er concurrenten onder de partijen zijn"),
    ("goedkeuringen | selectattr('status', 'equalto', 'vereist') | list | length > 0",
     "er in \u2018Goedkeuringen en adviezen\u2019 ten minste één staat met \u2018Status\u2019 \u2018vereist\u2019 (nog nodig)"),
    ("partijen | selectattr('naam', 'equalto', 'x') | list",
     "er in \u2018Partijen\u2019 ten minste één staat met \u2018Statutaire naam\u2019 \u2018x\u2019"),
    ("monitoring.kpis | selectattr('bron', 'none') | list",
     "er in \u2018Prestatie-indicatoren\u2019 ten minste één staat zonder \u2018Bron\u2019"),
    # and / or / not, with De Morgan and brackets where the words change
    ("aanleiding is none and (fasering is none or inspraak is none)",
     "\u2018Aanleiding\u2019 niet is ingevuld en (\u2018Fasering\u2019 niet is ingevuld of \u2018Inspraak\u2019 niet is ingevuld)"),
    ("not (heeft_artikel('relatie') and 'stoppen' in artikel('relatie').tekst)",
     "de overeenkomst geen artikel \u2018relatie\u2019 heeft of de tekst van het artikel \u2018relatie\u2019 "
     "\u2018stoppen\u2019 niet bevat"),
    ("heeft_type('gemeente') and 'Wet open overheid' not in overeenkomst.tekst",
     "er een gemeente partij is en de tekst van de overeenkomst \u2018Wet open overheid\u2019 niet bevat"),
])
def test_what_a_condition_says(expression, dutch):
    assert condition_text(expression) == dutch


@pytest.mark.parametrize("expression", [
    "partijen | map(attribute='naam') | list",        # a filter it does not know
    "aanleiding is defined",                           # a test it does not know
    "onbekend_veld is not none",                       # no such field
    "besluitvorming.regel == besluitvorming.regel",    # compares two fields
    "partij('uhn').korte_naam == 'UHN'",               # a function it does not know
    "aanleiding is not",                               # not even Jinja
    "{{ x }}",
    "1 < escalatie.termijn_dagen < 60",
    "partijen | selectattr('naam', 'ne', 'x') | list",      # a test of selectattr it does not know
    "partijen | selectattr('bestaat_niet', 'equalto', 'x') | list",
])
def test_what_it_does_not_understand_falls_back_and_never_raises(expression):
    assert condition_text(expression) is None


def test_field_labels_for_values():
    assert field_label("besluitvorming.regel") == "Besluitvormingsregel"
    assert field_label("partijen[2].type") == "Soort organisatie"
    assert field_label("bestaat.niet") is None


def test_rule_conditions_of_a_layer_yaml_too():
    rule = yaml.safe_load((ROOT / "clauses" / "regels" / "gemeente-woo.yaml").read_text(encoding="utf-8"))
    assert condition_text(rule["voorwaarde"]).startswith("er een gemeente partij is")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "aanleiding", "fasering.fasen", "partijen", "heeft_type('gemeente')", "concurrenten()", "'x'", "5", "none",
    " is ", " not ", " and ", " or ", " in ", " == ", " > ", " | length", " | list", "(", ")", ".tekst",
    " | selectattr('type', 'equalto', 'ggz')", "artikel('doel')", "standaardkeuzes", "[", "]", ",",
]), max_size=12))
def test_any_jumble_of_condition_words_gives_text_or_none(parts):
    result = condition_text("".join(parts))
    assert result is None or isinstance(result, str) and result
