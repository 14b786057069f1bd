"""The JSON Schema (agreement-gen schema) accepts every good spec and rejects the bad ones.

It is read as an editor reads it: YAML 1.2 as yaml-language-server does (a date is text), and
patterns in ECMA-262, where '$' is the end of the text (Python's '$' also matches before a final
newline: PITFALLS). The bad specs are those of the table-driven tests (test_spec.CASES,
test_hardening.CASES) and, for every cross-field rule the schema says, a spec that breaks it.
What a JSON Schema cannot say is listed below with the reason, and must stay accepted: when the
schema learns to catch one, move it out of the list.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from jsonschema.exceptions import ValidationError

from agreement_gen.cli import main
from agreement_gen.errors import SpecError
from agreement_gen.spec.json_schema import DATE_PATTERN, TEXT_PATTERN, json_schema
from agreement_gen.spec.validator import _NOT_XML
from conftest import SAMPLES
from specgen import example_data, spec_from_data, specs
from test_hardening import CASES as HARDENING_CASES
from test_spec import CASES as SPEC_CASES
from test_spec import GOOD


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor with yaml-language-server reads it: dates stay text (YAML 1.2)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _ecma_pattern(validator, pattern, instance, schema):
    """'pattern' as ECMA-262 reads it: a final '$' is the end of the text."""
    if not validator.is_type(instance, "string"):
        return
    if not re.search(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


EditorValidator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _ecma_pattern})
SCHEMA = json_schema()
VALIDATOR = EditorValidator(SCHEMA, format_checker=jsonschema.FormatChecker())


def as_editor_data(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_editor_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_data(v) for v in value]
    return value


def error_paths(data) -> set[str]:
    """Each error as the dotted path of the field it is about (as spec errors name fields)."""
    out = set()
    for error in VALIDATOR.iter_errors(data):
        base = _dotted(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, dict):
            out |= {_join(base, key) for key in error.validator_value if key not in error.instance}
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = set(error.schema.get("properties", {}))
            out |= {_join(base, key) for key in error.instance if key not in known}
        else:
            out.add(base)
    return out


def _dotted(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part + 1}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def _join(base: str, key: str) -> str:
    return f"{base}.{key}" if base else key


def test_the_schema_is_a_valid_draft_07_schema():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_titles_descriptions_and_enums_come_from_the_field_docs():
    rule = SCHEMA["properties"]["besluitvorming"]["properties"]["regel"]
    assert rule["title"] == "Besluitvormingsregel"
    assert "consent = er wordt niet gestemd" in rule["description"]
    assert rule["enum"][0] == "unanimiteit" and len(rule["enumDescriptions"]) == len(rule["enum"])
    party = SCHEMA["properties"]["partijen"]["items"]
    assert party["additionalProperties"] is False and "kvk" in party["required"]
    assert party["properties"]["kvk"]["pattern"] == "^(?:[0-9]{8})$"
    assert SCHEMA["properties"]["escalatie"]["properties"]["derde"]["default"] == "mediation"


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_is_accepted(sample):
    data = yaml.load(sample.read_text(encoding="utf-8"), Loader=EditorLoader)
    assert error_paths(data) == set()


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(specs())
def test_every_valid_spec_is_accepted(data):
    spec_from_data(data)  # valid for agreement-gen ...
    assert error_paths(as_editor_data(data)) == set()  # ... so valid for the schema


def test_text_and_date_patterns_say_what_the_validator_says():
    text = re.compile(TEXT_PATTERN)
    for code in [*range(0x00, 0x2000), *range(0xE000, 0x10000)]:
        char = chr(code)
        assert bool(text.search(char)) == (_NOT_XML.search(char) is None), hex(code)
    date = re.compile(DATE_PATTERN)
    assert date.search("1900-01-01") and date.search("2199-12-31")
    assert not date.search("1899-12-31") and not date.search("2200-01-01") and not date.search("2026-11-02T10:00")


# --- the bad specs of the table-driven tests -------------------------------------------------------

# Cases the YAML reader refuses before any schema applies; an editor shows them as YAML errors.
YAML_ERRORS = {"yaml-syntax", "python-tag", "two-documents", "tab-indent"}

# What a JSON Schema cannot say; only `agreement-gen validate` refuses these.
NOT_EXPRESSIBLE = {
    "cost-key-90": "aandelen die samen 100 moeten zijn: JSON Schema telt geen waarden op",
    "share-missing-party": "een aandeel voor iedere partij die kosten draagt: JSON Schema kan sleutels niet "
                           "tegen de id's elders in het document houden",
    "unknown-party-ref": "een partij-id moet een id uit partijen zijn: JSON Schema kan een waarde niet tegen "
                         "andere waarden in het document houden",
    "quorum-too-high": "het quorum tegen het aantal partijen: JSON Schema telt geen items over velden heen",
    "duplicate-short-name": "een korte naam per partij uniek: uniqueItems vergelijkt hele items, niet één veld",
    "quoted-date": "in YAML 1.2 (zoals een editor leest) en in JSON is een datum tekst, met of zonder "
                   "aanhalingstekens; alleen agreement-gen leest YAML 1.1, waarin dat verschil bestaat",
    "duplicate-key": "JSON kent geen dubbele sleutels: de YAML-lezer houdt er één; een editor meldt het als YAML-fout",
    "nan-aandeel": "NaN is geen JSON-getal en valt buiten iedere vergelijking met minimum en maximum",
}

BAD = ([(case, breaker(GOOD), re.search(r"\(([a-z_][\w.\[\]]*)\):", message)) for case, breaker, message, _ in SPEC_CASES]
       + [(case, text, field) for case, text, field, _ in HARDENING_CASES])


@pytest.mark.parametrize("case, text, field", BAD, ids=[b[0] for b in BAD])
def test_the_bad_specs_of_the_tables_are_rejected(case, text, field):
    if case in YAML_ERRORS:
        with pytest.raises(yaml.YAMLError):
            yaml.load(text, Loader=EditorLoader)
        return
    data = yaml.load(text, Loader=EditorLoader)
    found = error_paths(data)
    if case in NOT_EXPRESSIBLE:
        assert not found, f"het schema weigert {case} nu wel ({found}): haal het uit NOT_EXPRESSIBLE"
        return
    assert found, f"{case}: het schema accepteert deze spec"
    field = field.group(1) if isinstance(field, re.Match) else field
    if field:
        assert any(p == field or p.startswith(field + ".") or p.startswith(field + "[") for p in found), found


def test_the_lists_name_only_cases_that_exist():
    assert (YAML_ERRORS | set(NOT_EXPRESSIBLE)) <= {b[0] for b in BAD}


# --- every cross-field rule the schema says: Cerberus and the schema both refuse its break ---------

def _party(data, i, **changes):
    data["partijen"][i].update(changes)
    return data


RULE_BREAKS = [
    ("per-onderwerp-zonder-procent", "besluitvorming.per_onderwerp[1].meerderheid_procent",
     lambda d: d["besluitvorming"].update(per_onderwerp=[{"onderwerp": "de Begroting", "regel": "gekwalificeerde_meerderheid"}])),
    ("per-onderwerp-procent-bij-consent", "besluitvorming.per_onderwerp[1].meerderheid_procent",
     lambda d: d["besluitvorming"].update(per_onderwerp=[{"onderwerp": "de Begroting", "regel": "consent",
                                                          "meerderheid_procent": 60}])),
    ("reactietermijn-bij-unanimiteit", "besluitvorming.reactietermijn_dagen",
     lambda d: d["besluitvorming"].update(reactietermijn_dagen=10)),
    ("arbiters-bij-rechter", "geschillen.arbiters", lambda d: d["geschillen"].update(arbiters=3)),
    # the schema names the other field of the pair
    ("bindend-advies-naast-rechter", ("escalatie.derde", "geschillen.beslechting"),
     lambda d: d.update(escalatie={"derde": "bindend_advies"})),
    ("aandelen-ontbreken", ("financiering.kostenverdeling.methode", "financiering.kostenverdeling.aandelen"),
     lambda d: d["financiering"]["kostenverdeling"].update(methode="naar_omvang")),
    ("werkgever-ontbreekt", "personeel.werkgever", lambda d: d.update(personeel={"constructie": "payrolling"})),
    ("pilotslot-zonder-pilot", ("fasering.opzegging_tijdens_pilot", "fasering.fasen"),
     lambda d: d.update(fasering={"fasen": ["analyse"], "opzegging_tijdens_pilot": False})),
    ("vereist-met-datum", "goedkeuringen[1].datum",
     lambda d: d.update(goedkeuringen=[{"partij": "zkh1", "orgaan": "ondernemingsraad", "status": "vereist",
                                        "datum": dt.date(2027, 1, 5)}])),
    ("verkregen-met-uiterlijk", "goedkeuringen[1].uiterlijk",
     lambda d: d.update(goedkeuringen=[{"partij": "zkh1", "orgaan": "ondernemingsraad", "status": "verkregen",
                                        "uiterlijk": dt.date(2027, 5, 1)}])),
    ("raad-van-toezicht-geeft-advies", "goedkeuringen[1].soort",
     lambda d: d.update(goedkeuringen=[{"partij": "zkh1", "orgaan": "raad_van_toezicht", "status": "vereist",
                                        "soort": "advies"}])),
    ("verantwoordelijke-bij-zelfstandig", "gegevensuitwisseling.verwerkingsverantwoordelijke",
     lambda d: d["gegevensuitwisseling"].update(verwerkingsverantwoordelijke="zkh1")),
    ("verwerker-bij-zelfstandig", "gegevensuitwisseling.verwerkingen[1].verwerkers",
     lambda d: d["gegevensuitwisseling"].update(verwerkingen=[{"naam": "de triage", "verantwoordelijken": ["zkh1"],
                                                               "verwerkers": ["vvt2"]}])),
    ("twee-verantwoordelijken-bij-zelfstandig", "gegevensuitwisseling.verwerkingen[1].verantwoordelijken",
     lambda d: d["gegevensuitwisseling"].update(verwerkingen=[{"naam": "de triage",
                                                               "verantwoordelijken": ["zkh1", "vvt2"]}])),
    ("gezamenlijk-zonder-gezamenlijke-verwerking", "gegevensuitwisseling.verwerkingen",
     lambda d: d["gegevensuitwisseling"].update(rol="gezamenlijk", verwerkingen=[{"naam": "de triage",
                                                                                  "verantwoordelijken": ["zkh1"]}])),
    ("verwerking-zonder-verantwoordelijke", "gegevensuitwisseling.verwerkingen[1]",
     lambda d: d["gegevensuitwisseling"].update(verwerkingen=[{"naam": "de triage"}])),
    ("verwerker-zonder-verwerkingen", "gegevensuitwisseling.verwerkingen",
     lambda d: d["gegevensuitwisseling"].update(rol="verwerker", verwerkingsverantwoordelijke="zkh1")),
    ("bijdragevorm-bij-ziekenhuis", "partijen[1].bijdragevorm", lambda d: _party(d, 0, bijdragevorm="subsidie")),
    ("statuten-bij-openbaar-lichaam", "partijen[1].vertegenwoordigers[1].bevoegdheid",
     lambda d: _party(d, 0, rechtsvorm="openbaar lichaam")),
    ("wet-bij-stichting", "partijen[1].vertegenwoordigers[1].bevoegdheid",
     lambda d: d["partijen"][0]["vertegenwoordigers"][0].update(bevoegdheid="wet")),
    ("volmachtgever-bij-statuten", "partijen[1].vertegenwoordigers[1].volmacht_van",
     lambda d: d["partijen"][0]["vertegenwoordigers"][0].update(volmacht_van="de raad van bestuur")),
    ("rol-zorgverzekeraar-zonder-zorgverzekeraar", "governance.rol_zorgverzekeraar",
     lambda d: d["governance"].update(rol_zorgverzekeraar="adviseur")),
]


@pytest.mark.parametrize("case, field, breaker", RULE_BREAKS, ids=[r[0] for r in RULE_BREAKS])
def test_a_cross_field_rule_is_refused_by_both(case, field, breaker):
    rule_field, schema_field = field if isinstance(field, tuple) else (field, field)
    data = example_data()
    breaker(data)
    with pytest.raises(SpecError) as info:
        spec_from_data(data)
    assert any((p.path or "").startswith(rule_field) for p in info.value.problems), info.value
    found = error_paths(as_editor_data(copy.deepcopy(data)))
    assert any(p.startswith(schema_field) or schema_field.startswith(p + ".") for p in found), found


def test_a_base_for_the_rule_breaks_is_valid():
    spec_from_data(example_data())
    assert error_paths(as_editor_data(example_data())) == set()


# --- the command -------------------------------------------------------------------------------------

def test_schema_command_prints_the_schema_and_writes_it_atomically(tmp_path):
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(json.dumps(SCHEMA))
    out = tmp_path / "spec.schema.json"
    assert CliRunner().invoke(main, ["schema", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == SCHEMA["title"]
    again = CliRunner().invoke(main, ["schema", "-o", str(out)])
    assert again.exit_code == 1 and "bestaat al; gebruik --force" in again.stderr
    assert CliRunner().invoke(main, ["schema", "-o", str(out), "--force"]).exit_code == 0
