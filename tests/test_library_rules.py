"""Review rules in a library: library check reports every mistake in a rule file with file, line
and a Dutch message; layers add, replace and switch off rules."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from agreement_gen.errors import LibraryError, display
from agreement_gen.library.read import load_library
from agreement_gen.pipeline import check_library
from conftest import FIXTURES, ROOT

LIBCHECK = FIXTURES / "libcheck"
BASIS = LIBCHECK / "basis"
SEEDS = LIBCHECK / "bronnen"

GOOD = """\
id: proef.unaniem
ernst: waarschuwing
titel: Unanimiteit
artikel: [doel]
voorwaarde: "besluitvorming.regel == 'unanimiteit'"
melding: "Ieder van de {{ partijen | length }} Partijen kan blokkeren."
bronnen:
  - bestand: 001_schoon.txt
    citaat: "Maak knelpunten bespreekbaar voordat ze een geschil worden."
  - grondslag: "artikel 6:248 BW"
remedie:
  tekst: Kies consent.
  veld: besluitvorming.regel
  waarde: consent
"""


def layer(root: Path, name: str, rules: dict[str, str]) -> Path:
    folder = root / name
    (folder / "regels").mkdir(parents=True)
    (folder / "bibliotheek.yaml").write_text(f"naam: {name}\nversie: 0.1.0\n", encoding="utf-8")
    for file, text in rules.items():
        (folder / "regels" / file).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def problems(*dirs: Path) -> list[tuple[str, int, str]]:
    report = check_library([BASIS, *dirs], seeds=SEEDS)
    return [(p.file, p.line, p.message) for p in report.problems]


def test_a_good_rule_passes_and_is_loaded(tmp_path):
    top = layer(tmp_path, "regels-a", {"unaniem.yaml": GOOD})
    assert problems(top) == []
    rule = load_library([BASIS, top]).rules[0]
    assert (rule.id, rule.ernst, rule.artikel, rule.remedie.veld) == ("proef.unaniem", "waarschuwing", ("doel",),
                                                                       "besluitvorming.regel")


# (what to change in GOOD, line, message)
BROKEN = [
    (("ernst: waarschuwing", "ernst: kritiek"), 2,
     "regel: 'kritiek' is geen geldige keuze; kies uit fout, waarschuwing, advies"),
    (("titel: Unanimiteit", "titl: Unanimiteit"), 3, "regel: onbekende sleutel 'titl'; bedoelt u 'titel'?"),
    (("voorwaarde: \"besluitvorming.regel == 'unanimiteit'\"", "voorwaarde: \"besluitvorming.regel ==\""), 5,
     "voorwaarde is geen geldige expressie: de tekst houdt onverwacht op (een haakje, aanhalingsteken of "
     "{% endif %}/{% endfor %} niet gesloten?)"),
    (("besluitvorming.regel ==", "besluitvorming.regl =="), 5,
     "voorwaarde: onbekend specveld 'besluitvorming.regl'; bedoelt u 'besluitvorming.regel'?"),
    (("{{ partijen | length }}", "{{ partijen | lengte }}"), 6,
     "melding: onbekend filter 'lengte'; bedoelt u 'length'?"),
    (("{{ partijen | length }}", "{{ partijn | length }}"), 6,
     "melding: onbekend specveld 'partijn'; bedoelt u 'partijen'?"),
    (("voordat ze een geschil worden.", "voordat ze een rechtszaak worden."), 9,
     "bron 1: citaat niet gevonden in 001_schoon.txt: \"Maak knelpunten bespreekbaar voordat ze een rechtszaak "
     "worden.\""),
    (("  veld: besluitvorming.regel", "  veld: besluitvorming.regels"), 13,
     "remedie.veld: 'besluitvorming.regels' is geen veld van de spec (zie docs/spec.md)"),
    (("artikel: [doel]", "artikel: [doell]"), 4, "artikel: de bibliotheek heeft geen artikel of bijlage 'doell'"),
    (("  - grondslag: \"artikel 6:248 BW\"\n", "  - citaat: zonder bestand\n"), 10,
     "bron 2: geef 'bestand' met 'citaat' (een passage uit de brondocumenten) of een 'grondslag' (wet of praktijk)"),
    (("melding: \"Ieder van de {{ partijen | length }} Partijen kan blokkeren.\"\n", ""), 1,
     "regel: 'melding' ontbreekt"),
    (("ernst: waarschuwing\n", "ernst: waarschuwing\n  - fout\n"), 2, None),  # YAML error: its own message
]


@pytest.mark.parametrize("change, line, message", BROKEN, ids=[str(i) for i in range(len(BROKEN))])
def test_each_broken_rule_gives_its_message(tmp_path, change, line, message):
    old, new = change
    assert old in GOOD
    top = layer(tmp_path, "regels-a", {"unaniem.yaml": GOOD.replace(old, new)})
    found = problems(top)
    name = display(top / "regels" / "unaniem.yaml")
    assert len(found) == 1, found
    assert found[0][:2] == (name, line)
    if message is not None:
        assert found[0][2] == message


def test_layers_replace_and_switch_off_rules(tmp_path):
    below = layer(tmp_path, "branche", {"unaniem.yaml": GOOD, "tweede.yaml": GOOD.replace("proef.unaniem", "proef.twee")})
    above = layer(tmp_path, "regio", {
        "strenger.yaml": "vervangt: proef.unaniem\nernst: fout\n",
        "uit.yaml": "id: proef.twee\nuit: true\nreden: In deze regio bewust zo afgesproken.\n",
    })
    assert problems(below, above) == []
    library = load_library([BASIS, below, above])
    assert [(r.id, r.ernst, r.melding) for r in library.rules] == [
        ("proef.unaniem", "fout", "Ieder van de {{ partijen | length }} Partijen kan blokkeren.")]
    assert library.rules[0].replaces.ernst == "waarschuwing"
    assert [(off.rule.id, off.reason) for off in library.rules_off] == [
        ("proef.twee", "In deze regio bewust zo afgesproken.")]


LAYER_CONFLICTS = [
    ({"nieuw.yaml": GOOD}, 1,
     "conflict: regel 'proef.unaniem' bestaat al in {below}; schrijf 'vervangt: proef.unaniem' om haar te "
     "vervangen, 'uit: true' om haar uit te zetten, of kies een ander id"),
    ({"v.yaml": "vervangt: proef.unaniemm\nernst: fout\n"}, 1,
     "vervangt 'proef.unaniemm', maar geen eerdere laag heeft een regel met dit id; bedoelt u 'proef.unaniem' "
     "({below})?"),
    ({"u.yaml": "id: proef.onbekend\nuit: true\n"}, 1, "uit: geen eerdere laag heeft een regel 'proef.onbekend'"),
    ({"u.yaml": "id: proef.unaniem\nuit: true\nernst: fout\n"}, 3,
     "een regel uitzetten gaat met 'id', 'uit: true' en 'reden'; laat 'ernst' weg"),
]


@pytest.mark.parametrize("rules, line, message", LAYER_CONFLICTS, ids=[str(i) for i in range(len(LAYER_CONFLICTS))])
def test_layer_conflicts_are_named(tmp_path, rules, line, message):
    below = layer(tmp_path, "branche", {"unaniem.yaml": GOOD})
    above = layer(tmp_path, "regio", rules)
    found = problems(below, above)
    file = display(above / "regels" / next(iter(rules)))
    assert found == [(file, line, message.replace("{below}", display(below / "regels" / "unaniem.yaml")))]
    with pytest.raises(LibraryError):
        load_library([BASIS, below, above])


def test_the_bundled_rules_pass_library_check():
    report = check_library([ROOT / "clauses"])
    assert [str(p) for p in report.problems] == []
    assert report.rules_checked == len(report.library.rules) >= 20
