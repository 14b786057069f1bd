"""Typographic ties: the non-breaking spaces a Dutch law firm sets, so no line ends between an
initial and a surname ("D. Hofstede"), a currency sign and its amount ("€ 1.500"), a reference
word and its number ("artikel 5", "lid 2", "art. 4:21"), a number and its unit ("30 dagen",
"10 procent") or a day and its month ("1 januari 2027").

Presentation only: the Agreement keeps ordinary spaces; the renderer ties them in Word.
"""

from __future__ import annotations

import re

from ..dutch import MONTHS as _MONTHS

NBSP = "\u00a0"

_UNITS = ("procent|dagen|dag|werkdagen|kalenderdagen|weken|week|maanden|maand|jaren|jaar|uur|uren|"
          "minuten|kilometer|km|euro")
_REFERENCE_WORDS = ("artikel", "artikelen", "art.", "lid", "leden", "bijlage", "sub", "onderdeel", "nr.", "nummer",
                    "NEN", "ISO")
_TITLES = ("mr.", "dr.", "drs.", "ir.", "ing.", "prof.", "dhr.", "mevr.", "mw.")
_PARTICLES = r"(?:van|de|der|den|ter|ten|het)\b"
_PARTICLE_GROUPS = ("van", "de", "der", "den", "ter", "ten", "het", "van de", "van der", "van den", "van het",
                    "in het", "in 't", "van 't", "op de", "op den")


def _after(words) -> str:
    """Lookbehinds for 'one of ``words``, then the space' (each fixed width, as re requires)."""
    return "|".join(rf"(?<=(?<![\w.]){re.escape(w)} )" for w in words)


def _either_case(words) -> list[str]:
    return list(dict.fromkeys(w for word in words for w in (word, word[0].upper() + word[1:])))


# The pattern starts at the space (re then looks for spaces only), and a one-character test
# before and after it settles most spaces (a word, a space, a word) before any list is tried.
_TIE = re.compile(
    " (?:"
    r"(?<=\. )(?:"                                                 # after a full stop:
    rf"(?<=\b[A-Z]\. )(?=[A-Z]|{_PARTICLES})"                      #   initials: D. Hofstede
    rf"|(?:{_after(_TITLES)})(?=[A-Za-z])"                          #   titles: mr. A. de Vries
    rf"|(?:{_after(['art.', 'Art.', 'nr.'])})(?=\d))"               #   art. 4:21, nr. 3
    r"|(?<=€ )"                                                     # € 1.500
    r"|(?<=[a-z] )(?=[A-Z])(?:"                                      # a word, then a name:
    + "|".join(rf"(?<=[A-Z]\. {re.escape(p)} )" for p in _PARTICLE_GROUPS) + ")"  # A. van der Berg
    + r"|(?<=[a-zA-Z] )(?=\d)(?:"                                   # a word, then a number:
    rf"{_after(w for w in _either_case(_REFERENCE_WORDS) if not w.endswith('.'))}"  # artikel 5, lid 2
    rf"|(?:{_after(_MONTHS)})(?=\d{{4}}\b))"                        #   januari 2027
    r"|(?<=[\d)] )(?:"                                               # a number, then a word:
    rf"(?<=\d )(?=(?:{_UNITS})\b)|(?<=\d\) )(?=(?:{_UNITS})\b)"     #   30 dagen, (30) dagen
    rf"|(?:(?<=(?<![\w,.])\d )|(?<=(?<![\w,.])\d\d ))(?=(?:{'|'.join(_MONTHS)})\b))"  # 1 januari
    ")"
)


def tie(text: str) -> str:
    """``text`` with the spaces that must not break as non-breaking spaces, and typographic
    quotes and apostrophes for straight ones."""
    if " " in text:
        text = _TIE.sub(NBSP, text)
    if '"' in text or "'" in text:
        text = _OPENING_QUOTE.sub("\u201c", text).replace('"', "\u201d").replace("'", "\u2019")
    return text


# A straight double quote opens at the start or after a space or bracket, and closes elsewhere; a
# straight single quote is an apostrophe (risico’s, zo’n, ’s-Hertogenbosch).
_OPENING_QUOTE = re.compile(r'(?:(?<=^)|(?<=[\s(\[\u00a0]))"')
