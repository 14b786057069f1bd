"""Bad specs: every one gives a Dutch message with file, line and field, exit code 1, no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_gen.cli import main
from agreement_gen.errors import SpecError
from agreement_gen.spec.load import load_spec
from conftest import HARTNET

GOOD = HARTNET.read_text(encoding="utf-8")


def replace(old: str, new: str):
    def apply(text: str) -> str:
        assert old in text, f"test fixture out of date: {old!r} not in sample"
        return text.replace(old, new, 1)

    return apply


def remove(line: str):
    return replace(line + "\n", "")


def append(extra: str):
    return lambda text: text + extra


def whole(text: str):
    return lambda _old: text


ALIAS_BOMB = """versie: 1
a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
"""

# (id, how to break the sample, expected message fragment, line marker or line number or None)
CASES = [
    ("yaml-syntax", replace("  titel: Samenwerkingsovereenkomst Hartnetwerk Noord", "  titel: [niet gesloten"),
     "YAML-syntaxfout", None),
    ("wrong-type", replace("duur_jaren: 4", "duur_jaren: vier"),
     "(looptijd.duur_jaren): moet een geheel getal zijn, niet de tekst 'vier'", "duur_jaren: vier"),
    ("unknown-key-typo", replace("  penvoerder: uhn", "  penvoeder: uhn"),
     "(financiering.penvoeder): onbekende sleutel 'penvoeder'; bedoelt u 'penvoerder'?", "penvoeder"),
    ("missing-party-field", remove("    korte_naam: MCF"),
     "(partijen[2].korte_naam): dit veld is verplicht maar ontbreekt", "  - id: mcf"),
    ("kvk-7-digits", replace('kvk: "41000002"', 'kvk: "4100002"'),
     "(partijen[2].kvk): '4100002' klopt niet: een KvK-nummer bestaat uit precies 8 cijfers", '"4100002"'),
    ("cost-key-90", replace("      zdv: 30", "      zdv: 20"),
     "(financiering.kostenverdeling.aandelen): de aandelen tellen op tot 90%, niet tot 100%", "    aandelen:"),
    ("unknown-decision-rule", replace("regel: gekwalificeerde_meerderheid", "regel: meerderheid"),
     "(besluitvorming.regel): 'meerderheid' is geen geldige keuze; kies uit unanimiteit, gekwalificeerde_meerderheid",
     "regel: meerderheid"),
    ("empty-file", whole(""), "het bestand is leeg", None),
    ("only-comments", whole("# nog niets\n"), "het bestand bevat alleen commentaar", None),
    ("alias-bomb", whole(ALIAS_BOMB), "alias-bom", None),
    ("python-tag", replace("versie: 1\n", "versie: !!python/object/apply:os.system ['echo oeps']\n"),
     "de YAML-tag tag:yaml.org,2002:python/object/apply:os.system is niet toegestaan", "!!python"),
    ("duplicate-key", replace("versie: 1\n", "versie: 1\nversie: 1\n"),
     "de sleutel 'versie' staat twee keer in dezelfde groep", 4),
    ("unknown-party-ref", replace("  penvoerder: uhn", "  penvoerder: uhm"),
     "(financiering.penvoerder): 'uhm' is geen partij-id uit partijen; bedoelt u 'uhn'?", "penvoerder: uhm"),
    ("quorum-too-high", replace("  quorum: 2", "  quorum: 5"),
     "(besluitvorming.quorum): het quorum (5) is groter dan het aantal partijen (3)", "quorum: 5"),
    ("majority-missing", remove("  meerderheid_procent: 66   # twee van de drie stemmen (66,7%) volstaan"),
     "(besluitvorming.meerderheid_procent): verplicht bij de regel gekwalificeerde_meerderheid", "besluitvorming:"),
    ("quoted-date", replace("  datum: 2026-11-02", '  datum: "2026-11-02"'),
     "(document.datum): moet een datum (JJJJ-MM-DD, zonder aanhalingstekens) zijn", '"2026-11-02"'),
    ("bad-email", replace("email: k.dejong@mcf.example", "email: k.dejong-at-mcf"),
     "(contactpersonen[2].email): 'k.dejong-at-mcf' klopt niet: dit is geen geldig e-mailadres", "k.dejong-at-mcf"),
    ("unknown-party-type", replace("    type: ziekenhuis\n    rechtsvorm: stichting\n    kvk: \"41000002\"",
                                   "    type: kliniek\n    rechtsvorm: stichting\n    kvk: \"41000002\""),
     "(partijen[2].type): 'kliniek' is geen geldige keuze", "type: kliniek"),
    ("two-documents", append("---\nversie: 1\n"), "meer dan één YAML-document", None),
    ("top-level-list", whole("- een\n- twee\n"), "de spec moet een groep 'sleutel: waarde'-regels zijn", 1),
    ("tab-indent", replace("  kenmerk: HNN/2027/001", "\tkenmerk: HNN/2027/001"), "tabs zijn in YAML niet toegestaan", None),
    ("share-missing-party", remove("      zdv: 30"),
     "geen aandeel voor zdv; elke partij die kosten draagt, krijgt een aandeel", "    aandelen:"),
    ("duplicate-short-name", replace("    korte_naam: MCF", "    korte_naam: UHN"),
     "(partijen[2].korte_naam): 'UHN' komt al voor bij partij 1", "korte_naam: UHN\n    type: ziekenhuis\n    rechtsvorm: stichting\n    kvk: \"41000002\""),
    ("processor-without-controller", replace("  rol: zelfstandig", "  rol: verwerker"),
     "(gegevensuitwisseling.verwerkingen): bij de rol verwerker noemt u per verwerking wie "
     "verwerkingsverantwoordelijke is", "gegevensuitwisseling:"),
    ("court-missing", remove("  rechtbank: Rechtbank Noord-Nederland"),
     "(geschillen.rechtbank): verplicht bij beslechting door de rechter", "geschillen:\n"),
    ("future-format-version", replace("versie: 1\n", "versie: 2\n"),
     "(versie): 2 is geen geldige keuze; kies uit 1", 3),
    ("municipal-role-without-municipality", replace("    uren_per_week: 16", "    uren_per_week: 16\n  rol_gemeente: lid"),
     "(governance.rol_gemeente): er is geen partij van het type gemeente", "rol_gemeente"),
    ("merge-key", replace("samenwerking:\n", "basis: &b {naam: X}\nsamenwerking:\n  <<: *b\n"),
     "samenvoegsleutels ('<<') worden niet ondersteund", "<<"),
    ("negative-budget", replace("jaarbudget: 240000", "jaarbudget: -5"),
     "(financiering.jaarbudget): -5 is te klein; het minimum is 0", "jaarbudget: -5"),
    ("no-representatives", replace("    vertegenwoordigers:\n      - naam: drs. C. Hoekstra\n        functie: lid raad van bestuur\n        bevoegdheid: volmacht\n",
                                   "    vertegenwoordigers: []\n"),
     "(partijen[2].vertegenwoordigers): moet ten minste 1 element(en) bevatten", "vertegenwoordigers: []"),
]


def expected_line(text: str, marker) -> int | None:
    if marker is None or isinstance(marker, int):
        return marker
    index = text.index(marker)
    return text[:index].count("\n") + 1


@pytest.mark.parametrize("case_id, breaker, message, marker", CASES, ids=[c[0] for c in CASES])
def test_bad_spec_is_reported_with_line_and_field(tmp_path: Path, case_id, breaker, message, marker):
    text = breaker(GOOD)
    spec = tmp_path / "kapot.yaml"
    spec.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "Fout: kapot.yaml" in result.stderr
    assert message in result.stderr
    line = expected_line(text, marker)
    if line is not None:
        assert f"kapot.yaml, regel {line}" in result.stderr and message in _line_of(result.stderr, message)
        assert f"regel {line}" in _line_of(result.stderr, message)


def _line_of(output: str, fragment: str) -> str:
    return next(line for line in output.splitlines() if fragment in line)


def test_table_has_at_least_twenty_cases():
    assert len(CASES) >= 20


def test_non_utf8_file_names_the_line(tmp_path: Path):
    spec = tmp_path / "latin1.yaml"
    spec.write_bytes(GOOD.encode("latin-1"))
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 1
    line = GOOD[: GOOD.index("Veenkoloni")].count("\n") + 1
    assert f"latin1.yaml, regel {line}: het bestand is geen geldige UTF-8-tekst" in result.stderr


def test_file_over_size_limit(tmp_path: Path):
    spec = tmp_path / "groot.yaml"
    spec.write_text(GOOD + "#" * 1_100_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 1
    assert "bestand is te groot" in result.stderr


def test_missing_file(tmp_path: Path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "weg.yaml")])
    assert result.exit_code == 1
    assert "weg.yaml: bestand bestaat niet" in result.stderr


def test_every_problem_is_listed_at_once(tmp_path: Path):
    text = GOOD
    for case in ("wrong-type", "kvk-7-digits", "cost-key-90", "unknown-decision-rule", "quorum-too-high"):
        breaker = next(c[1] for c in CASES if c[0] == case)
        text = breaker(text)
    spec = tmp_path / "veel.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    assert len(info.value.problems) == 5
    assert "5 problemen" in str(info.value)
    lines = [p.line for p in info.value.problems]
    assert lines == sorted(lines)


def test_valid_spec_is_frozen_and_has_defaults():
    spec = load_spec(HARTNET)
    assert spec.data["escalatie"]["termijn_dagen"] == 30
    assert spec.data["personeel"] is None
    with pytest.raises(TypeError):
        spec.data["visie"] = "anders"
    assert spec.party("zdv").naam == "Stichting Ziekenhuisgroep Drenthe & Veenkoloniën"
    assert re.fullmatch(r"[0-9a-f]{64}", spec.sha256)


def test_the_spec_schema_is_a_valid_cerberus_schema():
    """load_spec trusts the schema (validator.spec_validator skips Cerberus's check of it for
    speed), so the check is made here, the ordinary way."""
    import cerberus.schema

    from agreement_gen.spec.schema import SCHEMA
    from agreement_gen.spec.validator import SpecValidator

    cerberus.schema.DefinitionSchema(SpecValidator(), SCHEMA)  # raises SchemaError when it is not
    with pytest.raises(cerberus.schema.SchemaError):
        cerberus.schema.DefinitionSchema(SpecValidator(), {**SCHEMA, "versie": {"type": "geen-type"}})
