"""Checks on what users type: the goals, vision, recitals and roles of a spec, and the draft.

- ``tekst.begrip-kleine-letter``: a defined term of the agreement written in lower case in a spec
  text ("partijen" for Partijen), which the drafting then carries into the agreement;
- ``tekst.procentnotatie``: percentages written two ways in one draft ("45%" beside "90 %").

Built in, not rule files: they read words, not spec choices. A layer can switch one off with a
rule file ``id: tekst.procentnotatie`` + ``uit: true`` only when a rule of that id exists, so
``run.review`` drops a built-in check whose id a layer switched off.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ..spec.load import Spec
from .draft import Draft
from .finding import Finding

# Terms the bundled definitions give a capital, as a drafter types them in running text.
TERMS = {"partij": "Partij", "partijen": "Partijen", "stuurgroep": "Stuurgroep", "overeenkomst": "Overeenkomst",
         "samenwerkingsverband": "Samenwerkingsverband", "penvoerder": "Penvoerder",
         "procescoördinator": "Procescoördinator", "werkgroep": "Werkgroep", "jaarplan": "Jaarplan"}
_WORD = re.compile(r"(?<![\w-])(" + "|".join(TERMS) + r")(?![\w-])")
_PERCENT_TIGHT = re.compile(r"\d%")
_PERCENT_SPACED = re.compile(r"\d[ \u00a0]%")
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


def text_findings(spec: Optional[Spec], draft: Draft) -> list[Finding]:
    out = []
    if spec is not None:
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
