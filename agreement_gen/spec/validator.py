"""Cerberus, made strict where a contract needs it.

Cerberus accepts ``true`` as an integer (``jaarbudget: true`` would print "€ 1"), a date-time
as a date, NaN as a number between 0 and 100, and a pattern followed by a newline ("41000002\\n"
as a KvK number). ``SpecValidator`` refuses each. The checks on raw values that no field rule
expresses are in ``values``; a spec that is plainly valid is checked without Cerberus (``quick``),
so this module is imported only where Cerberus has to decide or word a problem.
"""

from __future__ import annotations

import datetime as dt
import re

import cerberus
import cerberus.schema
from cerberus import errors as cerr
from cerberus.validator import TypeDefinition

from .values import FIRST_YEAR, LAST_YEAR, _NOT_XML, value_problems  # noqa: F401 - where callers looked


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
