"""Deviations of an edited draft: per article, the sentences that differ from the library's text.

``base`` is the text the library gives for the draft's spec (the model the .docx carries, or the
spec assembled again); ``draft`` is what the .docx says now, after someone edited it in Word or
LibreOffice. Articles and annexes are paired by key (the model's, found by title); within a
pair, sentences are aligned (difflib) and each added, removed or changed sentence is listed.
An article that is gone or new is one finding. Whitespace, non-breaking spaces and the kind of
quotes are no deviation (the draft reader already reads them as the model writes them).
"""

from __future__ import annotations

import difflib
import re

from .draft import Draft, Unit
from .finding import Finding

RULE = "afwijking.model"
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=[A-Z0-9\u201c\"(])")
_REFERENCE = re.compile(r"\b(?:Artikel|Bijlage)(?=\s\d)")
_WHY = ("De tekst wijkt af van de modeltekst van de clausulebibliotheek voor deze spec; een afwijking "
        "die partijen hebben onderhandeld is mogelijk, maar moet bewust en door een jurist gezien zijn.",)
EXCERPT = 160


def deviations(base: Draft, draft: Draft) -> list[Finding]:
    """A finding per article or annex of ``draft`` whose text deviates from ``base``."""
    findings = []
    base_units = {_key(u): u for u in base.units}
    draft_units = {_key(u): u for u in draft.units}
    for key, unit in draft_units.items():
        model = base_units.get(key)
        if model is None:
            findings.append(_finding(unit, "is toegevoegd: de modeltekst heeft dit onderdeel niet",
                                     tuple(f"+ {_short(s)}" for s in _sentences(unit))))
            continue
        lines = _changed(_sentences(model), _sentences(unit))
        if lines:
            count = len(lines)
            findings.append(_finding(unit, f"wijkt af van de modeltekst ({count} "
                                           f"{'zin' if count == 1 else 'zinnen'})", tuple(lines)))
    for key, model in base_units.items():
        if key not in draft_units:
            findings.append(_finding(model, "is geschrapt: de modeltekst heeft dit onderdeel wel", ()))
    return findings


def _key(unit: Unit) -> tuple:
    return (unit.place.soort, unit.place.sleutel or " ".join(unit.place.titel.split()))


def _sentences(unit: Unit) -> list[str]:
    out = []
    for paragraph in unit.alineas:
        text = _compared(" ".join(paragraph.replace("\u00a0", " ").split()))
        out.extend(s.strip() for s in _SENTENCE_END.split(text) if s.strip())
    return out


def _changed(old: list[str], new: list[str]) -> list[str]:
    """'- sentence' (removed), '+ sentence' (added), '~ old -> new' (changed) lines."""
    lines = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        paired = min(len(removed), len(added)) if tag == "replace" else 0
        for was, now in zip(removed[:paired], added[:paired]):
            lines.append(f"gewijzigd: \u2018{_short(was)}\u2019 \u2192 \u2018{_short(now)}\u2019")
        lines += [f"geschrapt: \u2018{_short(s)}\u2019" for s in removed[paired:]]
        lines += [f"toegevoegd: \u2018{_short(s)}\u2019" for s in added[paired:]]
    return lines


def _compared(sentence: str) -> str:
    """Text as it is compared: a cross-reference in either case ("Artikel 7" where LibreOffice
    updated the field and ignored its \\* Lower switch) is the same reference."""
    return _REFERENCE.sub(lambda m: m.group(0).lower(), sentence)


def _short(sentence: str) -> str:
    return sentence if len(sentence) <= EXCERPT else sentence[:EXCERPT - 1].rsplit(" ", 1)[0] + "\u2026"


def _finding(unit: Unit, what: str, extra: tuple[str, ...]) -> Finding:
    return Finding(
        regel=RULE,
        ernst="waarschuwing",
        titel="Afwijking van het model",
        melding=f"{unit.place.label} {what}.",
        waarom=_WHY,
        remedie="Controleer of de afwijking is afgesproken; zo niet, neem de modeltekst over "
                "(agreement-gen build uit de spec) of pas de spec aan.",
        plaats=unit.place,
        bron="agreement-gen",
        extra=extra,
    )
