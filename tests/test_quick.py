"""The spec checked without Cerberus when it is plainly valid (agreement_gen.spec.quick).

The quick check may only say "valid" where Cerberus says so too, and then its normalised document
must be Cerberus's, key order included (defaults are listed and embedded in that order). Checked
here against Cerberus over the samples, generated valid specs, every field of a sample replaced
by values of every kind, and the rules of a library's own fields. A build of a valid spec does
not load Cerberus at all; a spec with a problem still gets Cerberus's every message.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
import sys
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from agreement_gen.library.fields import KINDS
from agreement_gen.spec import schema as S
from agreement_gen.spec.quick import plainly_valid
from agreement_gen.spec.validator import spec_validator
from agreement_gen.spec.values import _NOT_XML
from agreement_gen.spec.yamlfile import NotADate, load_yaml, read_text
from conftest import HARTNET, ROOT, SAMPLES
from specgen import specs


def ordered(value: Any) -> Any:
    """``value`` with every mapping as a list of its items, so that == also compares key order."""
    if isinstance(value, dict):
        return [(k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


def cerberus(data: Any, schema: dict = S.SCHEMA) -> tuple[bool, Any]:
    validator = spec_validator(schema)
    valid = validator.validate(copy.deepcopy(data))
    return valid, validator.document


def agrees(data: Any, schema: dict = S.SCHEMA) -> bool:
    """Assert the quick check agrees with Cerberus on ``data``; True when it said valid."""
    before = copy.deepcopy(data)
    quick = plainly_valid(data, schema)
    assert ordered(data) == ordered(before), "the quick check changed its input"
    if quick is None:
        return False
    valid, document = cerberus(data, schema)
    assert valid, "the quick check said valid where Cerberus does not"
    assert ordered(quick) == ordered(document)
    return True


def raw(path) -> Any:
    return load_yaml(read_text(path, path.name), path.name)[0]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_is_plainly_valid_and_normalised_as_cerberus_does(sample):
    assert agrees(raw(sample)), "a sample went to Cerberus: the quick check saves nothing for it"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_generated_valid_specs_are_plainly_valid(data):
    assert agrees(data)


def paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, path + (index,))


REPLACEMENTS = [None, "", "tekst", [], ["a"], {}, {"onbekend": 1}, 0, -1, 7, 10**9, 2.5, True, False,
                dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 12, 0), NotADate("2026-02-30")]
DELETE = object()


def replaced(data: Any, path: tuple, value: Any) -> Any:
    out = copy.deepcopy(data)
    target = out
    for part in path[:-1]:
        target = target[part]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


def test_every_field_of_a_sample_replaced_by_every_kind_of_value():
    """Each field of the hartnet sample deleted or set to each value above: the quick check never
    says valid where Cerberus does not, and both ways occur (the test can fail)."""
    data = raw(HARTNET)
    said = {True: 0, False: 0}
    for path in list(paths(data))[1:]:
        for value in [DELETE] + REPLACEMENTS:
            said[agrees(replaced(data, path, value))] += 1
    assert said[True] > 100 and said[False] > 1000, said


def test_unknown_keys_and_shapes_go_to_cerberus():
    data = raw(HARTNET)
    assert plainly_valid({**data, "onbekend": 1}, S.SCHEMA) is None
    assert plainly_valid([data], S.SCHEMA) is None
    assert plainly_valid({**data, "partijen": tuple(data["partijen"])}, S.SCHEMA) is None
    odd = copy.deepcopy(data)
    odd["document"]["titel"] = type("Tekst", (str,), {})("Titel")  # not a plain str: Cerberus decides
    assert plainly_valid(odd, S.SCHEMA) is None
    assert plainly_valid(data, {**S.SCHEMA, "versie": {"type": "integer", "check_with": "x"}}) is None


def test_cerberus_quirks_are_followed_not_fixed():
    schema = {"lijst": {"type": "list", "minlength": 2, "empty": True, "schema": {"type": "string"}},
              "andere": {"type": "list", "minlength": 2, "schema": {"type": "string"}},
              "tekst": {"type": "string", "nullable": True, "allowed": ["a"]},
              "getal": {"type": "integer", "nullable": False, "default": 3}}
    for data in ({"lijst": []}, {"lijst": ["x"]}, {"lijst": ["x", "y"], "tekst": None},
                 {"lijst": ["x", "y"], "tekst": "b"}, {"lijst": ["x", "y"], "getal": None}, {"getal": True}):
        agrees(data, schema)
    assert plainly_valid({"lijst": []}, schema) == {"lijst": [], "getal": 3}  # 'empty' skips minlength
    assert plainly_valid({"lijst": ["x", "y"], "andere": []}, schema) is None  # without it, it does not
    agrees({"lijst": ["x", "y"], "andere": []}, schema)
    assert plainly_valid({"lijst": ["x", "y"], "getal": None}, schema)["getal"] == 3  # None takes the default


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_rules_of_a_library_field(kind):
    rules = {"type": "dict", "nullable": False,
             "schema": {"veld": {**KINDS[kind], "required": kind == "tekst", "nullable": True, "default": None},
                        "keuze": {"type": "string", "allowed": ["een", "twee"]}}}
    schema = {"aanvullend": rules}
    said = set()
    for value in [DELETE] + REPLACEMENTS + [["x", ""], ["x", "y"]]:
        data = {"aanvullend": {"veld": value, "keuze": "een"}}
        if value is DELETE:
            data = {"aanvullend": {"keuze": "een"}}
        said.add(agrees(data, schema))
        agrees({"aanvullend": {"keuze": "drie"}}, schema)
    assert said == {True, False}


def test_only_what_xml_cannot_hold_is_refused():
    def xml_char(c: int) -> bool:  # XML 1.0, production [2] Char
        return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or 0x10000 <= c <= 0x10FFFF
    wrong = [c for c in range(0x110000) if bool(_NOT_XML.search(chr(c))) == xml_char(c)]
    assert wrong == []


def test_a_build_of_a_valid_spec_does_not_load_cerberus(tmp_path):
    code = ("import sys\n"
            "from agreement_gen import pipeline\n"
            f"pipeline.build({str(HARTNET)!r}, {str(tmp_path / 'uit.docx')!r}, force=True)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'cerberus'))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(2):  # the first may fill the library cache, the second reads it
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                             check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_a_spec_with_a_problem_still_gets_cerberus_messages(tmp_path):
    from agreement_gen.errors import SpecError
    from agreement_gen.spec.load import load_spec

    text = HARTNET.read_text(encoding="utf-8").replace('kvk: "', 'kvk: "1', 1)
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert "een KvK-nummer bestaat uit precies 8 cijfers" in str(caught.value)
