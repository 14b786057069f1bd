"""explain in words a lawyer reads (assembly/explain.py, the explain command): conditions in Dutch,
the deciding spec values with their labels, sources by title, a technical fallback, and --json with
the same facts."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache

import pytest
from click.testing import CliRunner

from agreement_gen.assembly.explain import explain_data, explain_json, explain_text
from agreement_gen.cli import main
from agreement_gen.pipeline import draft
from conftest import HARTNET, SAMPLES


@lru_cache(maxsize=None)
def hartnet():
    return draft(HARTNET)


def block(text: str, head: str) -> str:
    return next(b for b in text.split("\n\n") if b.startswith(head))


def test_a_condition_that_held_reads_as_a_reason_with_its_value():
    text = explain_text(hartnet())
    aanleiding = block(text, "Overweging 'overweging.aanleiding'")
    assert "    omdat \u2018Aanleiding\u2019 is ingevuld" in aanleiding
    assert "    \u2018Aanleiding\u2019 (aanleiding): 'de vraag naar cardiologische zorg" in aanleiding
    assert "is not none" not in text and "selectattr" not in text and "voorwaarde (technisch)" not in text


def test_a_condition_that_failed_says_when_the_clause_would_come_in():
    fasering = block(explain_text(hartnet()), "Artikel 'fasering'")
    assert fasering.splitlines()[0] == "Artikel 'fasering': weggelaten"
    assert "    alleen als \u2018Fasering\u2019 is ingevuld; dat is niet zo" in fasering
    assert "    \u2018Fasering\u2019 (fasering): leeg" in fasering


def test_sources_by_title_and_legal_bases_apart():
    aanleiding = block(explain_text(hartnet()), "Overweging 'overweging.aanleiding'")
    assert ('  bron: "Samen sterker", whitepaper Bisnez / Corparis (003_91c65105b23de59e.txt): '
            '\u201cWanneer de noodzaak') in aanleiding
    waarden = block(explain_text(hartnet()), "Artikel 'waarden'")
    assert "  grondslag: artikel 6:248 BW" in waarden


def test_a_condition_it_cannot_say_in_words_is_shown_as_it_is():
    assembly = hartnet()
    decisions = list(assembly.decisions)
    at = next(i for i, d in enumerate(decisions) if d.slot == "fasering")
    odd = "partijen | map(attribute='naam') | list | length > 9"
    considered = (replace(decisions[at].considered[0], condition=odd),) + decisions[at].considered[1:]
    decisions[at] = replace(decisions[at], considered=considered)
    text = explain_text(replace(assembly, decisions=tuple(decisions)))
    assert f"    voorwaarde (technisch): {odd}" in block(text, "Artikel 'fasering'")
    data = explain_data(replace(assembly, decisions=tuple(decisions)))
    item = next(p for p in data["plaatsen"] if p["plaats"] == "fasering")["overwogen"][0]
    assert item["voorwaarde_tekst"] is None and item["uitleg"] == f"voorwaarde (technisch): {odd}"


def test_json_parses_and_carries_the_facts_of_the_text():
    assembly = hartnet()
    data = json.loads(explain_json(assembly))
    text = explain_text(assembly)
    assert data["titel"] in text and data["kenmerk"] == "HNN/2027/001"
    assert [p["plaats"] for p in data["plaatsen"]] == [d.slot for d in assembly.decisions]
    blocks = text.split("\n\n")[2:]  # after the heading and the defaults
    assert len(blocks) == len(data["plaatsen"])
    for place, shown in zip(data["plaatsen"], blocks):
        assert f"'{place['plaats']}': {'opgenomen' if place['opgenomen'] else 'weggelaten'}" in shown
        for item in place["overwogen"]:
            assert f"{item['uitkomst']}: {item['clausule']}" in shown
            if item["uitleg"]:
                assert item["uitleg"] in shown
            for value in item["waarden"]:
                assert value["label"] and f"({value['veld']}): {value['waarde']}" in shown
        for source in place["bronnen"]:
            assert (source["grondslag"] or source["tekst"]) in shown
            assert source["grondslag"] or source["titel"], source  # every seed has its title
    assert {d["veld"] for d in data["standaardkeuzes"]} == {p for p, _ in assembly.defaults}
    assert all(d["label"] for d in data["standaardkeuzes"])


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_the_command_in_text_and_json(sample):
    runner = CliRunner()
    text = runner.invoke(main, ["explain", str(sample)])
    as_json = runner.invoke(main, ["explain", str(sample), "--json"])
    assert text.exit_code == 0 and as_json.exit_code == 0, text.output + as_json.output
    data = json.loads(as_json.stdout)
    conditions = [i for p in data["plaatsen"] for i in p["overwogen"] if i["voorwaarde"]]
    assert conditions and all(i["voorwaarde_tekst"] for i in conditions)  # every bundled one in words
    assert "voorwaarde (technisch)" not in text.stdout


def test_explain_of_a_bad_spec_is_a_dutch_error_in_json_mode_too(tmp_path):
    spec = tmp_path / "kapot.yaml"
    spec.write_text("versie: 1\npartijen: nee\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(spec), "--json"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "kapot.yaml" in result.output
