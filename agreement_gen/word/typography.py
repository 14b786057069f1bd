"""Typographic ties: the non-breaking spaces a Dutch law firm sets, so no line ends between an
initial and a surname ("D. Hofstede"), a currency sign and its amount ("€ 1.500"), a reference
word and its number ("artikel 5", "lid 2", "art. 4:21"), a number and its unit ("30 dagen",
"10 procent") or a day and its month ("1 januari 2027").

Presentation only: the Agreement keeps ordinary spaces; the renderer ties them in Word.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_UNITS = ("procent|dagen|dag|werkdagen|kalenderdagen|weken|week|maanden|maand|jaren|jaar|uur|uren|"
          "minuten|kilometer|km|euro")
_REFERENCE_WORDS = r"[Aa]rtikel|[Aa]rtikelen|[Aa]rt\.|[Ll]id|[Ll]eden|[Bb]ijlage|[Ss]ub|[Oo]nderdeel|nr\.|[Nn]ummer"
_TITLES = r"mr\.|dr\.|drs\.|ir\.|ing\.|prof\.|dhr\.|mevr\.|mw\."

# Each alternative ends just before the space it ties; that space is the group "space".
_TIE = re.compile(
    r"(?:"
    r"(?<![\w.])(?:[A-Z]\.)+(?= (?:[A-Z]|(?:van|de|der|den|ter|ten|het)\b))"  # initials: D. Hofstede
    rf"|(?<!\w)(?:{_TITLES})(?= [A-Za-z])"                   # titles before a name
    r"|(?<=€)"                                                # € 1.500
    rf"|(?<!\w)(?:{_REFERENCE_WORDS})(?= \d)"               # artikel 5, lid 2, art. 4:21
    rf"|(?<![\w,.])(?:\d+(?:[.,]\d+)*|\(\d+\))(?= (?:{_UNITS})\b)"  # 30 dagen, (30) dagen
    rf"|(?<![\w,.])\d{{1,2}}(?= (?:{_MONTHS})\b)"            # 1 januari
    rf"|(?<!\w)(?:{_MONTHS})(?= \d{{4}}\b)"                 # januari 2027
    r")(?P<space> )"
)


def tie(text: str) -> str:
    """``text`` with the spaces that must not break as non-breaking spaces."""
    if " " not in text:
        return text
    return _TIE.sub(lambda match: match.group(0)[:-1] + NBSP, text)
