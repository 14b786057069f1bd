"""Checks on what users type: the goals, vision, recitals and roles of a spec, and the draft.

- ``tekst.begrip-kleine-letter``: a defined term of the agreement written in lower case in a spec
  text ("partijen" for Partijen), which the drafting then carries into the agreement;
- ``tekst.procentnotatie``: percentages written two ways in one draft ("45%" beside "90 %");
- ``tekst.woordvolgorde``: a recital (it continues "Overwegende dat") in main-clause word order,
  "de vraag neemt ... toe" for "toeneemt" (the heuristic is in ``wordorder``);
- ``tekst.kostentabel``: a percentage or amount in a spec text that the cost table contradicts,
  "UHN draagt 45% van de kosten" beside an aandeel of 40 (``amounts``);
- ``tekst.getalnotatie``: a spec text that writes a period as bare digits ("binnen 14 dagen") or a
  percentage in words ("5 procent") where the agreement writes "veertien (14) dagen" and "5%".

Built in, not rule files: they read words, not spec choices. A layer can switch one off with a
rule file ``id: tekst.procentnotatie`` + ``uit: true`` only when a rule of that id exists, so
``run.review`` drops a built-in check whose id a layer switched off.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ..spec.load import Spec
from ..dutch import number_words
from .amounts import Mismatch, mismatches, show
from .draft import Draft
from .finding import Finding
from .wordorder import main_clause_order

# Terms the bundled definitions give a capital, as a drafter types them in running text.
TERMS = {"partij": "Partij", "partijen": "Partijen", "stuurgroep": "Stuurgroep", "overeenkomst": "Overeenkomst",
         "samenwerkingsverband": "Samenwerkingsverband", "penvoerder": "Penvoerder",
         "procescoördinator": "Procescoördinator", "werkgroep": "Werkgroep", "jaarplan": "Jaarplan"}
_WORD = re.compile(r"(?<![\w-])(" + "|".join(TERMS) + r")(?![\w-])")
_PERCENT_TIGHT = re.compile(r"\d%")
_PERCENT_SPACED = re.compile(r"\d[ \u00a0]%")
# A period in bare digits ("14 dagen", not "veertien (14) dagen") and a percentage in words.
_BARE_PERIOD = re.compile(r"(?<![\w(,.])(\d{1,3})[ \u00a0](werkdagen|kalenderdagen|dagen|weken|maanden)\b")  # not "jaar": "75 jaar" is an age
_PERCENT_WORD = re.compile(r"(?<![\w,.])(\d+(?:,\d+)?)[ \u00a0]procent\b")
GRAMMAR = ("een overweging vervolgt 'Overwegende dat' en is dus een bijzin: de persoonsvorm staat achteraan, "
           "met het scheidbare deel ervoor ('toeneemt', niet 'neemt ... toe')")
COSTS = "de kostentabel van de spec (financiering.kostenverdeling, financiering.jaarbudget) bepaalt wie wat betaalt"
STYLE = "de stijlgids van de bibliotheek: gedefinieerde begrippen met een hoofdletter, één notatie voor getallen"


def _typed(spec: Spec) -> Iterable[tuple[str, str]]:
    data = spec.data
    yield "visie", data["visie"]
    if data.get("aanleiding"):
        yield "aanleiding", data["aanleiding"]
    for i, goal in enumerate(data["doelen"], 1):
        yield f"doelen[{i}]", goal
    for i, role in enumerate(data.get("rollen") or (), 1):
        for j, task in enumerate(role["taken"], 1):
            yield f"rollen[{i}].taken[{j}]", task


def _roles(spec: Spec) -> dict[str, str]:
    """Path of a role's task -> the party whose role it is."""
    return {f"rollen[{i}].taken[{j}]": role["partij"]
            for i, role in enumerate(spec.data.get("rollen") or (), 1) for j, _ in enumerate(role["taken"], 1)}


def _word_order(spec: Optional[Spec], draft: Draft) -> list[Finding]:
    reason = " ".join((spec.data.get("aanleiding") or "").split()) if spec is not None else ""
    out = []
    for n, recital in enumerate(draft.overwegingen):
        found = main_clause_order(recital)
        if found is None:
            continue
        letter = chr(ord("A") + n) if n < 26 else str(n + 1)
        typed = bool(reason) and recital.startswith(reason)
        where = "de aanleiding (veld aanleiding)" if typed else "deze overweging"
        out.append(Finding(
            "tekst.woordvolgorde", "advies", "Overweging in de woordvolgorde van een hoofdzin",
            f"Overweging {letter} vervolgt 'Overwegende dat', maar '{found.clause}' staat in de woordvolgorde van "
            f"een hoofdzin: '{found.verb} ... {found.particle}'. In een bijzin staat de persoonsvorm achteraan: "
            f"'{found.joined}'.", (GRAMMAR,),
            f"Schrijf in {where}: '{found.fixed}'.", None, "agreement-gen", "aanleiding" if typed else None,
            found.clause))
    return out


def _cost_finding(item: Mismatch, draft: Draft) -> Finding:
    unit = draft.unit("bijlage.kostenverdeling") or draft.unit("financiering")
    who = f"het aandeel van {item.name} in de kosten" if item.party else "het jaarbudget"
    if item.party and item.kind == "bedrag":
        who = f"het aandeel van {item.name} in het jaarbudget"
    return Finding(
        "tekst.kostentabel", "waarschuwing", "Getal in de tekst wijkt af van de kostentabel",
        f"In {item.path} staat {show(item.typed, item.kind)}"
        + (f" bij {item.name}" if item.party else "")
        + f"; volgens de kostentabel is {who} {show(item.expected, item.kind)} ({item.field}). De overeenkomst zegt "
        "dan twee dingen.", (COSTS,),
        f"Maak beide gelijk: pas {item.path} aan, of {item.field} als de tekst klopt.",
        unit.place if unit is not None else None, "agreement-gen", item.field, item.expected)


def text_findings(spec: Optional[Spec], draft: Draft) -> list[Finding]:
    out = _word_order(spec, draft)
    if spec is not None:
        owners = _roles(spec)
        typed = [(path, text, owners.get(path)) for path, text in _typed(spec)]
        out += [_cost_finding(m, draft) for m in mismatches(spec.data, typed)]
        for path, text in _typed(spec):
            words = sorted({m.group(1) for m in _WORD.finditer(text)})
            if words:
                unit = draft.unit("rollen" if path.startswith("rollen") else "doel")
                out.append(Finding(
                    "tekst.begrip-kleine-letter", "advies", "Gedefinieerd begrip met een kleine letter",
                    f"In {path} staat {', '.join(repr(w) for w in words)} met een kleine letter; in de overeenkomst "
                    f"is {', '.join(TERMS[w] for w in words)} een gedefinieerd begrip, en een kleine letter laat "
                    "in het midden of het begrip is bedoeld.",
                    (STYLE,), f"Schrijf {', '.join(TERMS[w] for w in words)} in de spec (veld {path}).",
                    unit.place if unit is not None else None, "agreement-gen", path.split("[")[0]))
        out += _number_style(spec, draft)
    text = draft.text()
    tight, spaced = _PERCENT_TIGHT.findall(text), _PERCENT_SPACED.findall(text)
    if tight and spaced:
        out.append(Finding(
            "tekst.procentnotatie", "advies", "Twee notaties voor percentages",
            f"Het concept schrijft percentages op twee manieren: {len(tight)} keer zonder spatie ('45%') en "
            f"{len(spaced)} keer met een spatie ('90 %').", (STYLE,),
            "Kies één notatie (de bibliotheek schrijft '45%') en pas de teksten in de spec daarop aan.",
            None, "agreement-gen"))
    return out


def _number_style(spec: Spec, draft: Draft) -> list[Finding]:
    """A spec text with periods in bare digits or percentages in words: the agreement around it
    writes "veertien (14) dagen" and "5%", so the typed sentence stands out in the draft."""
    out = []
    for path, text in _typed(spec):
        periods = [(m.group(0), f"{number_words(int(m.group(1)))} ({m.group(1)}) {m.group(2)}")
                   for m in _BARE_PERIOD.finditer(text) if int(m.group(1)) > 1]
        percents = [(m.group(0), f"{m.group(1)}%") for m in _PERCENT_WORD.finditer(text)]
        if not periods and not percents:
            continue
        shown = "; ".join(f"'{typed}' als '{better}'" for typed, better in periods + percents)
        unit = draft.unit("rollen" if path.startswith("rollen") else "doel")
        out.append(Finding(
            "tekst.getalnotatie", "advies", "Getallen anders genoteerd dan in de overeenkomst",
            f"In {path} staan getallen anders dan de overeenkomst ze schrijft (termijnen als 'dertig (30) dagen', "
            f"percentages als '45%'): {', '.join(repr(t) for t, _ in periods + percents)}.", (STYLE,),
            f"Schrijf in de spec (veld {path}) {shown}.",
            unit.place if unit is not None else None, "agreement-gen", path.split("[")[0]))
    return out
