"""The spec as a JSON Schema (draft-07), so that YAML editors complete and check specs.

Derived from the Cerberus schema (types, required fields, allowed values, limits, patterns,
defaults) and the field descriptions (titles, help texts, the meaning of every choice, in
Dutch). Draft-07 because yaml-language-server, behind the YAML extension of VS Code and other
editors, implements draft-07; ``enumDescriptions``, ``markdownDescription`` and
``patternErrorMessage`` are that editor family's own keywords, which other validators ignore.

The cross-field rules of ``rules.py`` that a schema can say (a companion a choice needs, a field
that only belongs with one choice, the kinds of approval a body gives, ...) are ``if``/``then``
branches; those it cannot say (a reference to a party, a cost key that adds up to 100, a quorum
the parties can reach, unique ids, dates compared with each other) are listed in
``NOT_CHECKED``: only ``agreement-gen validate`` checks them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Mapping

from .choices import RESPONSE_PERIOD_RULES
from .fields import FIELDS, FieldDoc
from .load import _PATTERN_HINTS, _TYPE_NAMES
from .rules import APPROVAL_KINDS_OF
from .schema import SCHEMA
from .validator import FIRST_YEAR, LAST_YEAR

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID = "urn:agreement-gen:spec:1"

# Text that XML 1.0, and so Word, can hold (validator._NOT_XML, said the other way round): no
# control characters but tab and line ends, no U+FFFE/U+FFFF. ECMA-262 and Python read it alike.
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]*$"
TEXT_HINT = "bevat een stuurteken dat een Word-document niet kan bevatten; haal het weg"


def _date_pattern(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> str:
    """A date JJJJ-MM-DD whose year lies in whole centuries from ``first`` to ``last``."""
    assert first % 100 == 0 and last % 100 == 99, "the year range is whole centuries"
    centuries = "|".join(str(c) for c in range(first // 100, last // 100 + 1))
    return f"^(?:{centuries})[0-9]{{2}}-[0-9]{{2}}-[0-9]{{2}}$"


DATE_PATTERN = _date_pattern()
DATE_HINT = f"een datum als JJJJ-MM-DD, zonder tijd, in de jaren {FIRST_YEAR}-{LAST_YEAR}"

# What only `agreement-gen validate` checks: the JSON Schema cannot say it.
NOT_CHECKED = (
    "dat een partij-id waarnaar u verwijst (penvoerder, voorzitter, aandelen, goedkeuringen, ...) "
    "bij een van de partijen hoort",
    "dat id, korte naam en KvK-nummer van iedere partij uniek zijn",
    "dat de aandelen van de kostenverdeling samen 100 zijn en precies de partijen noemen die kosten dragen",
    "dat het quorum niet groter is dan het aantal stemgerechtigde partijen, en dat twee stemgerechtigde "
    "partijen niet bij meerderheid besluiten",
    "dat ten minste één partij kosten draagt en ten minste twee partijen stemrecht hebben",
    "dat een andere regel per onderwerp niet gelijk is aan de algemene regel",
    "datums ten opzichte van elkaar (een verkregen goedkeuring niet na de documentdatum, een "
    "ingangsdatum niet meer dan tien jaar ervoor)",
    "dat een partij niet haar eigen verwerker is, en dat een collegebesluit dat is verkregen een datum heeft",
    "dat er met de bibliotheek een volledige overeenkomst uit te bouwen is",
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _described(out: dict, doc: FieldDoc | None) -> dict:
    """Title, description (plain and Markdown) and example of a field, from its FieldDoc."""
    if doc is None:
        return out
    plain, marked = [doc.help], [doc.help]
    if doc.choices:
        plain.append("Keuzes: " + "; ".join(f"{c.value} = {c.meaning}" for c in doc.choices) + ".")
        marked.append("\n".join(f"- `{c.value}`: {c.meaning}" for c in doc.choices))
    if doc.default_note:
        plain.append(f"Standaard: {doc.default_note}.")
        marked.append(f"Standaard: {doc.default_note}.")
    if doc.required:
        plain.append("Verplicht.")
        marked.append("**Verplicht.**")
    out["title"] = doc.label
    out["description"] = " ".join(plain)
    out["markdownDescription"] = "\n\n".join(marked)
    if doc.example is not None:
        out["examples"] = [_jsonable(doc.example)]
    return out


def _string(rule: Mapping[str, Any]) -> dict:
    out: dict[str, Any] = {"type": "string"}
    if rule.get("empty") is False:
        out["minLength"] = 1
    if "allowed" in rule:
        return out
    if rule.get("regex"):
        out["pattern"] = f"^(?:{rule['regex']})$"
        hint = _PATTERN_HINTS.get(rule["regex"], f"moet voldoen aan het patroon {rule['regex']}")
        out["patternErrorMessage"] = hint
        out["allOf"] = [{"pattern": TEXT_PATTERN, "patternErrorMessage": TEXT_HINT}]
    else:
        out["pattern"] = TEXT_PATTERN
        out["patternErrorMessage"] = TEXT_HINT
    return out


def _node(rule: Mapping[str, Any], path: str) -> dict:
    """The JSON Schema of one Cerberus rule at ``path`` (a FIELDS path, or the item of a list)."""
    kind = rule.get("type")
    if kind == "string":
        out = _string(rule)
    elif kind in ("integer", "number"):
        out = {"type": kind}
        if "min" in rule:
            out["minimum"] = rule["min"]
        if "max" in rule:
            out["maximum"] = rule["max"]
    elif kind == "boolean":
        out = {"type": "boolean"}
    elif kind == "date":
        out = {"type": "string", "format": "date", "pattern": DATE_PATTERN, "patternErrorMessage": DATE_HINT}
    elif kind == "list":
        item = rule.get("schema") or {}
        out = {"type": "array", "items": _node(item, path + "[]" if item.get("type") == "dict" else path + "[*]")}
        if "minlength" in rule:
            out["minItems"] = rule["minlength"]
    elif kind == "dict" and "schema" in rule:
        children = rule["schema"]
        out = {
            "type": "object",
            "properties": {key: _node(sub, f"{path}.{key}" if path else key) for key, sub in children.items()},
            "additionalProperties": False,
        }
        required = [key for key, sub in children.items() if sub.get("required")]
        if required:
            out["required"] = required
    elif kind == "dict" and "valuesrules" not in rule:  # free-form (aanvullend: the library checks it)
        out = {"type": "object"}
    elif kind == "dict":
        out = {"type": "object", "additionalProperties": _node(rule["valuesrules"], path + ".*")}
    else:
        raise ValueError(f"{path}: Cerberus type {kind!r} has no JSON Schema translation")
    if "allowed" in rule:
        out["enum"] = list(rule["allowed"])
        out["errorMessage"] = "kies uit " + ", ".join(str(v) for v in rule["allowed"])
    elif kind in _TYPE_NAMES and kind not in ("list", "dict"):
        out["errorMessage"] = f"moet {_TYPE_NAMES[kind]} zijn"
    if rule.get("nullable"):
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = out["enum"] + [None]
    default = rule.get("default")
    if default is not None and not isinstance(default, (list, dict)):
        out["default"] = default
    chooser = FIELDS.get(path.removesuffix("[*]"))  # an item of a list of choices: the list's meanings
    if chooser is not None and chooser.choices and "enum" in out:
        meanings = {c.value: c.meaning for c in chooser.choices}
        out["enumDescriptions"] = [meanings.get(v, "") for v in out["enum"]]
    return _described(out, FIELDS.get(path))


# --- cross-field rules, as far as a schema can say them -------------------------------------


def _is(key: str, value: Any) -> dict:
    return {"properties": {key: {"const": value}}, "required": [key]}


def _is_in(key: str, values) -> dict:
    return {"properties": {key: {"enum": list(values)}}, "required": [key]}


def _absent(*keys: str) -> dict:
    """Each key is left out or empty (null)."""
    return {"properties": {key: {"type": "null"} for key in keys}}


def _present(*keys: str) -> dict:
    return {"required": list(keys), "properties": {key: {"not": {"type": "null"}} for key in keys}}


def _rule(node: dict, description: str, branch: dict) -> None:
    """Add an if/then(/else) to ``node``; an editor shows ``description`` when a branch fails."""
    for key in ("then", "else"):
        if key in branch:
            _tag(branch[key], description)
    node.setdefault("allOf", []).append({"description": description, **branch})


def _tag(schema: dict, message: str) -> None:
    """Give ``schema`` (a branch built here, shared with no field) and every schema in it ``message``."""
    schema.setdefault("errorMessage", message)
    for sub in (schema.get("properties") or {}).values():
        _tag(sub, message)
    for key in ("items", "contains", "not"):
        if isinstance(schema.get(key), dict):
            _tag(schema[key], message)
    for key in ("anyOf", "allOf"):
        for sub in schema.get(key) or ():
            _tag(sub, message)


def _at(root: dict, path: str) -> dict:
    """The node of ``root`` at a FIELDS path (``partijen[].vertegenwoordigers[]`` is the item)."""
    node = root
    for part in path.split("."):
        items = part.endswith("[]")
        node = node["properties"][part.removesuffix("[]")]
        if items:
            node = node["items"]
    return node


def _add_cross_field_rules(root: dict) -> None:
    majority = "gekwalificeerde_meerderheid"
    _rule(_at(root, "besluitvorming"), "meerderheid_procent is verplicht bij gekwalificeerde_meerderheid",
          {"if": _is("regel", majority), "then": _present("meerderheid_procent")})
    _rule(_at(root, "besluitvorming"), "reactietermijn_dagen geldt alleen bij stilzwijgende_instemming en opt_out",
          {"if": _is_in("regel", RESPONSE_PERIOD_RULES), "else": _absent("reactietermijn_dagen")})
    _rule(_at(root, "besluitvorming.per_onderwerp[]"), "meerderheid_procent hoort bij, en alleen bij, "
          "gekwalificeerde_meerderheid",
          {"if": _is("regel", majority), "then": _present("meerderheid_procent"), "else": _absent("meerderheid_procent")})
    _rule(_at(root, "geschillen"), "rechtbank is verplicht bij de rechter",
          {"if": _is("beslechting", "rechter"), "then": _present("rechtbank")})
    _rule(_at(root, "geschillen"), "arbiters en plaats gelden alleen bij arbitrage",
          {"if": _is("beslechting", "arbitrage"), "else": _absent("arbiters", "plaats")})
    _rule(root, "bindend advies als laatste stap van de escalatie kan alleen naast bindend advies als forum",
          {"if": {"required": ["escalatie"], "properties": {"escalatie": _is("derde", "bindend_advies")}},
           "then": {"properties": {"geschillen": {"properties": {"beslechting": {"const": "bindend_advies"}}}}}})
    _rule(_at(root, "financiering.kostenverdeling"), "aandelen zijn verplicht bij iedere methode behalve gelijk",
          {"if": {"required": ["methode"], "properties": {"methode": {"not": {"const": "gelijk"}}}},
           "then": {"required": ["aandelen"], "properties": {"aandelen": {"type": "object", "minProperties": 1}}}})
    _rule(_at(root, "personeel"), "werkgever is verplicht bij payrolling en gezamenlijk_team",
          {"if": _is_in("constructie", ["payrolling", "gezamenlijk_team"]), "then": _present("werkgever")})
    _rule(_at(root, "fasering"), "opzegging_tijdens_pilot: false vraagt een pilot met een duur",
          {"if": _is("opzegging_tijdens_pilot", False),
           "then": {**_present("pilot_maanden"), "properties": {"pilot_maanden": {"not": {"type": "null"}},
                                                               "fasen": {"contains": {"const": "pilot"}}}}})
    _add_data_rules(root)
    _add_party_rules(root)
    approvals = _at(root, "goedkeuringen[]")
    _rule(approvals, "een vereiste goedkeuring heeft nog geen datum",
          {"if": _is("status", "vereist"), "then": _absent("datum")})
    _rule(approvals, "een verkregen goedkeuring heeft geen uiterste datum",
          {"if": _is("status", "verkregen"), "then": _absent("uiterlijk")})
    for body, kinds in APPROVAL_KINDS_OF.items():
        _rule(approvals, f"{body} geeft {', '.join(kinds)}",
              {"if": _is("orgaan", body), "then": {"properties": {"soort": {"enum": [*kinds, None]}}}})


def _add_data_rules(root: dict) -> None:
    data = _at(root, "gegevensuitwisseling")
    _rule(data, "verwerkingsverantwoordelijke hoort alleen bij de rol verwerker",
          {"if": _is("rol", "verwerker"), "else": _absent("verwerkingsverantwoordelijke")})
    named = {"anyOf": [{"required": [key], "properties": {key: {"minItems": 1}}}
                       for key in ("verwerkers", "externe_verwerkers")]}
    _rule(data, "bij de rol verwerker heeft ten minste één verwerking een verwerker",
          {"if": _is("rol", "verwerker"),
           "then": {"required": ["verwerkingen"], "properties": {"verwerkingen": {"contains": named}}}})
    _rule(data, "zonder verwerkingsverantwoordelijke noemt iedere verwerking haar verantwoordelijken",
          {"if": {"properties": {"verwerkingsverantwoordelijke": {"type": "null"}}},
           "then": {"properties": {"verwerkingen": {"items": _present("verantwoordelijken")}}}})
    _rule(data, "bij de rol zelfstandig is geen partij verwerker en heeft een verwerking één verantwoordelijke",
          {"if": _is("rol", "zelfstandig"),
           "then": {"properties": {"verwerkingen": {"items": {"properties": {
               "verwerkers": {"maxItems": 0}, "verantwoordelijken": {"maxItems": 1}}}}}}})
    joint = {"required": ["verantwoordelijken"], "properties": {"verantwoordelijken": {"type": "array", "minItems": 2}}}
    _rule(data, "bij de rol gezamenlijk heeft ten minste één verwerking twee of meer verantwoordelijken",
          {"if": _is("rol", "gezamenlijk"),
           "then": {"properties": {"verwerkingen": {"anyOf": [{"maxItems": 0}, {"contains": joint}]}}}})


def _add_party_rules(root: dict) -> None:
    party = _at(root, "partijen[]")
    _rule(party, "bijdragevorm geldt alleen voor een gemeente die kosten draagt",
          {"if": {"allOf": [_is("type", "gemeente"), {"not": _is("kostendragend", False)}]},
           "else": _absent("bijdragevorm")})
    _rule(party, "een openbaar lichaam heeft geen statuten; wet en mandaat gelden alleen voor een openbaar lichaam",
          {"if": _is("rechtsvorm", "openbaar lichaam"),
           "then": {"properties": {"vertegenwoordigers": {"items": {"properties": {
               "bevoegdheid": {"not": {"const": "statuten"}}}}}}},
           "else": {"properties": {"vertegenwoordigers": {"items": {"properties": {
               "bevoegdheid": {"not": {"enum": ["wet", "mandaat"]}}}}}}}})
    _rule(_at(root, "partijen[].vertegenwoordigers[]"), "volmacht_van en volmacht_datum horen bij volmacht of mandaat",
          {"if": _is_in("bevoegdheid", ["volmacht", "mandaat"]), "else": _absent("volmacht_van", "volmacht_datum")})
    for key, kind in (("rol_gemeente", "gemeente"), ("rol_zorgverzekeraar", "zorgverzekeraar")):
        _rule(root, f"governance.{key} alleen als een partij van het type {kind} is",
              {"if": {"properties": {"partijen": {"not": {"contains": _is("type", kind)}}}},
               "then": {"properties": {"governance": _absent(key)}}})


def json_schema() -> dict:
    """The JSON Schema of a spec (format version 1), as a dict."""
    root = _node({"type": "dict", "schema": SCHEMA}, "")
    _add_cross_field_rules(root)
    head = {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "Spec voor agreement-gen (specformaat 1)",
        "description": ("Een samenwerkingsovereenkomst voor regionale zorg, als YAML. Dit schema controleert "
                        "de velden, hun soort en hun keuzes; alleen 'agreement-gen validate' controleert ook: "
                        + "; ".join(NOT_CHECKED) + "."),
    }
    return {**head, **root}


def json_schema_text() -> str:
    """The JSON Schema as text: UTF-8 JSON, indented, ending in a newline."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
