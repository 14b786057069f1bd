"""Dutch wording of numbers, amounts and dates, as the clause texts' filters write them.

Plain Python without Jinja, so that what only needs a date in words (the redline's version
sentence, the cover page) does not load the template engine (about 35 ms a process).
``templating`` gives these to the clause texts as filters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()

_UNITS = "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien".split()
_TENS = {20: "twintig", 30: "dertig", 40: "veertig", 50: "vijftig", 60: "zestig", 70: "zeventig", 80: "tachtig", 90: "negentig"}


def number_words(n: int) -> str:
    """Dutch words for 0..999 ("éénentwintig" is written "eenentwintig")."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS[tens * 10]
        joiner = "ën" if _UNITS[unit].endswith("e") else "en"
        return f"{_UNITS[unit]}{joiner}{_TENS[tens * 10]}"
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "honderd" if hundreds == 1 else f"{_UNITS[hundreds]}honderd"
        return head + (number_words(rest) if rest else "")
    return str(n)


def format_number(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").replace(".", ",")
    return str(value)


def f_getal(value: int) -> str:
    """30 -> 'dertig (30)'."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"getal verwacht een geheel getal, niet {value!r}")
    if value == 1:
        return "één (1)"
    if value >= 1000:
        return f_bedrag_plain(value)
    return f"{number_words(value)} ({value})"


def f_bedrag_plain(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def f_bedrag(value: Any) -> str:
    """240000 -> '€ 240.000'; 1250.5 -> '€ 1.250,50'."""
    if isinstance(value, float) and not value.is_integer():
        whole, cents = f"{value:,.2f}".split(".")
        return f"€ {whole.replace(',', '.')},{cents}"
    return f"€ {f_bedrag_plain(int(value))}"


def f_datum(value: dt.date) -> str:
    if not isinstance(value, dt.date):
        raise ValueError(f"datum verwacht een datum, niet {value!r}")
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
