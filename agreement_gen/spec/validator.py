"""Cerberus, made strict where a contract needs it, and the checks on raw values Cerberus cannot do.

Cerberus accepts ``true`` as an integer (``jaarbudget: true`` would print "€ 1"), a date-time
as a date, NaN as a number between 0 and 100, and a pattern followed by a newline ("41000002\\n"
as a KvK number). ``SpecValidator`` refuses each. ``value_problems`` walks the raw data for what
no field rule expresses: characters that XML 1.0 (and so Word) cannot hold, numbers that are not
numbers, and dates outside any sensible range.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Iterator

import cerberus
import cerberus.schema
from cerberus import errors as cerr
from cerberus.validator import TypeDefinition

from .yamlfile import Location, NotADate

FIRST_YEAR, LAST_YEAR = 1900, 2199
# XML 1.0: tab, newline, carriage return, and the ranges below; everything else is refused
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class SpecValidator(cerberus.Validator):
    types_mapping = dict(cerberus.Validator.types_mapping)
    types_mapping["integer"] = TypeDefinition("integer", (int,), (bool,))
    types_mapping["number"] = TypeDefinition("number", (int, float), (bool,))
    types_mapping["date"] = TypeDefinition("date", (dt.date,), (dt.datetime,))

    def _validate_regex(self, pattern, field, value):
        """{'type': 'string'}"""
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            self._error(field, cerr.REGEX_MISMATCH)


class _CheckedSchema(cerberus.schema.DefinitionSchema):
    """A schema that is part of agreement-gen's code: expanded as Cerberus does, but not checked
    against Cerberus's rules on every run (that check was a tenth of a build). The test suite
    checks it the ordinary way (test_spec: the schema is a valid Cerberus schema)."""

    def validate(self, schema=None) -> None:
        return None


def spec_validator(schema: dict) -> SpecValidator:
    """A validator for ``schema``, one of agreement-gen's own schemas (never one from outside)."""
    return own_validator(schema, SpecValidator)


def own_validator(schema: dict, kind: type = cerberus.Validator) -> cerberus.Validator:
    """A validator of class ``kind`` (unknown keys refused) for one of agreement-gen's own
    schemas, which the test suite checks against Cerberus's rules instead of every run."""
    validator = kind(allow_unknown=False)
    validator.schema = _CheckedSchema(validator, schema)
    return validator


def value_problems(data: Any, path: Location = ()) -> Iterator[tuple[Location, str]]:
    """(path, Dutch message) for every raw value no field rule can catch."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from value_problems(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from value_problems(value, path + (i,))
    elif isinstance(data, NotADate):
        return  # the field's type check says it, in context
    elif isinstance(data, str):
        bad = _NOT_XML.search(data)
        if bad:
            yield path, (f"bevat het teken U+{ord(bad.group(0)):04X} op positie {bad.start() + 1}, dat een "
                         "Word-document niet kan bevatten (een stuurteken); haal het weg")
    elif isinstance(data, float) and not math.isfinite(data):
        yield path, f"{data} is geen getal; schrijf een gewoon getal, zoals 25"
    elif isinstance(data, dt.date) and not FIRST_YEAR <= data.year <= LAST_YEAR:
        yield path, (f"{data.isoformat()} ligt buiten de jaren {FIRST_YEAR}-{LAST_YEAR}; "
                     "klopt het jaartal?")
