"""A plainly valid spec normalised and checked without Cerberus.

Loading Cerberus and running it over a spec took a sixth of a build, while nearly every spec a
build sees is valid. ``plainly_valid`` normalises a spec as Cerberus does (defaults filled in, in
the same order; nested groups and lists copied) and checks the rule subset the spec schema uses.
It answers only when it is sure: the normalised document when the spec is valid, else None, and
then Cerberus decides and words every problem (``load.validate_spec``). Where Cerberus has a quirk
(an empty list passes ``minlength`` when the rule says ``empty: true``; a value of ``None`` skips every rule of a nullable field), this
follows it, so a spec is never valid here and invalid there; any rule, type or shape it does not
know sends the spec to Cerberus. ``tests/test_quick.py`` checks that against Cerberus over the
samples and generated valid and broken specs.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, Mapping, Optional

# What the spec schema uses; a rule with any other key is left to Cerberus.
KNOWN_RULES = frozenset({"type", "required", "default", "empty", "schema", "nullable", "allowed", "min", "max",
                         "minlength", "maxlength", "regex", "keysrules", "valuesrules"})

# spec.validator.SpecValidator's types, for the plain values YAML gives (anything else: Cerberus).
_TYPES = {
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "boolean": lambda v: type(v) is bool,
    "date": lambda v: type(v) is dt.date,
    "dict": lambda v: type(v) is dict,
    "list": lambda v: type(v) is list,
}


class _Doubt(Exception):
    """Not plainly valid: Cerberus decides."""


def plainly_valid(data: Any, schema: Mapping[str, Any]) -> Optional[dict]:
    """The spec ``data`` normalised as Cerberus's ``validator.document`` would be, when it is valid
    against ``schema`` (unknown keys refused); None when it is not, or when in doubt."""
    if type(data) is not dict:
        return None
    try:
        document = _normalise_mapping(data, schema)
        _check_mapping(document, schema)
    except (_Doubt, TypeError, ValueError, KeyError, AttributeError, RecursionError):
        return None
    return document


def plainly_valid_as_is(data: Any, schema: Mapping[str, Any]) -> bool:
    """Whether ``data`` is valid against ``schema`` as it stands (``validate(normalize=False)``:
    no defaults filled in, as a library's front matter and manifests are checked); False when it
    is not, or when in doubt (then Cerberus decides)."""
    if type(data) is not dict:
        return False
    try:
        _check_mapping(data, schema)
    except (_Doubt, TypeError, ValueError, KeyError, AttributeError, RecursionError):
        return False
    return True


# --- normalising: Validator.__normalize_mapping, for the rules above -----------------------------


def _normalise_mapping(mapping: dict, schema: Mapping[str, Any]) -> dict:
    out = dict(mapping)  # Cerberus works on a copy
    for key, rule in schema.items():
        if type(rule) is not dict or not rule.keys() <= KNOWN_RULES:
            raise _Doubt
        if key not in out or (out[key] is None and not rule.get("nullable", False)):
            if "default" in rule:
                out[key] = rule["default"]
    for key in out:  # containers, by the value's shape as Cerberus does
        rule = schema.get(key)
        value = out[key]
        if rule is None:
            continue  # an unknown key: the check refuses it
        if type(value) is dict:
            if None in value:
                raise _Doubt  # a key of null: Cerberus may rename it by a default of keysrules
            if "valuesrules" in rule:
                value = _normalise_mapping(value, {k: rule["valuesrules"] for k in value})
            if "schema" in rule and type(rule["schema"]) is dict:
                value = _normalise_mapping(value, rule["schema"])
            out[key] = value
        elif type(value) is list and "schema" in rule:
            items = _normalise_mapping(dict(enumerate(value)), {i: rule["schema"] for i in range(len(value))})
            out[key] = list(items.values())
        elif not isinstance(value, (str, int, float, bool, dt.date, type(None))):
            raise _Doubt  # a shape YAML does not give the loader
    return out


# --- checking: the rules, in Cerberus's order, on the normalised document -------------------------


def _check_mapping(mapping: dict, schema: Mapping[str, Any]) -> None:
    for key, value in mapping.items():
        rule = schema.get(key)
        if rule is None:
            raise _Doubt  # unknown key
        _check(value, rule)
    for key, rule in schema.items():
        if rule.get("required", False) and key not in mapping:
            raise _Doubt


def _check(value: Any, rule: Mapping[str, Any]) -> None:
    if not rule.keys() <= KNOWN_RULES:
        raise _Doubt
    if value is None:  # 'nullable' comes first and, for None, drops every other rule
        if not rule.get("nullable", False):
            raise _Doubt
        return
    kind = rule.get("type")
    if kind is not None and (type(kind) is not str or kind not in _TYPES or not _TYPES[kind](value)):
        raise _Doubt
    skipped = False
    if "empty" in rule and type(value) in (str, list, dict) and len(value) == 0:
        if not rule["empty"]:
            raise _Doubt
        skipped = True  # a rule 'empty' (only when given) drops allowed, minlength, maxlength and regex
    if not skipped:
        if "allowed" in rule:
            allowed = rule["allowed"]
            if type(value) in (list, dict):
                if any(item not in allowed for item in value):
                    raise _Doubt
            elif value not in allowed:
                raise _Doubt
        if "minlength" in rule and len(value) < rule["minlength"]:
            raise _Doubt
        if "maxlength" in rule and len(value) > rule["maxlength"]:
            raise _Doubt
        if "regex" in rule and type(value) is str and not _regex(rule["regex"]).fullmatch(value):
            raise _Doubt
    for bound, too_far in (("min", lambda v, b: v < b), ("max", lambda v, b: v > b)):
        if bound in rule:
            try:
                if too_far(value, rule[bound]):
                    raise _Doubt
            except TypeError:  # as Cerberus: a bound that does not compare is no error
                pass
    if "schema" in rule:
        schema = rule["schema"]
        if type(value) is list:
            for item in value:
                _check(item, schema)
        elif type(value) is dict:
            if type(schema) is not dict:
                raise _Doubt
            _check_mapping(value, schema)
    if "keysrules" in rule and type(value) is dict:
        for key in value:
            _check(key, rule["keysrules"])
    if "valuesrules" in rule and type(value) is dict:
        for item in value.values():
            _check(item, rule["valuesrules"])


@functools.lru_cache(maxsize=None)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)
