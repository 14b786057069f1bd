"""The checks on a spec's raw values that no field rule can express: characters that XML 1.0 (and
so Word) cannot hold, numbers that are not numbers, and dates outside any sensible range.

Apart from Cerberus (``validator``), so that a spec that is plainly valid is checked without
loading Cerberus at all (``quick``)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Iterator

from .yamlfile import Location, NotADate

FIRST_YEAR, LAST_YEAR = 1900, 2199
# XML 1.0 holds tab, newline, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF;
# this is the rest, written as what it refuses (the negated class compiled slowly on every run)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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
