"""The names a Word template shares with the renderer: its placeholders and its required styles.

``PLACEHOLDERS`` is the one list of the names the renderer fills in the cover, header and footer
(tests/test_template_check.py compares it with the renderer's context), with what fills each and
an example value; ``STYLE_ROLES`` says what each style of ``template.REQUIRED_STYLES`` is for and
which type it must have. ``template check`` checks templates against both, and
docs/sjabloon.md lists both (made by scripts/template_doc.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE


@dataclass(frozen=True)
class Placeholder:
    description: str  # Dutch: what fills it
    example: Any  # a value of the type the renderer passes, for the trial and the docs


PLACEHOLDERS = {
    "titel": Placeholder("de titel van de overeenkomst (`document.titel` in de spec)",
                         "Samenwerkingsovereenkomst Hartnetwerk Noord"),
    "samenwerking": Placeholder("de naam van de samenwerking (`samenwerking.naam`)", "Hartnetwerk Noord"),
    "regio": Placeholder("de naam van de regio (`regio.naam`)", "Noord-Nederland"),
    "partijnamen": Placeholder(
        "de namen van de partijen die ondertekenen, in de volgorde van de spec: een lijst, te gebruiken in een "
        "lus (`{%p for naam in partijnamen %}` ... `{{ naam }}` ... `{%p endfor %}`)",
        ["Stichting Voorbeeldziekenhuis & Partners", "Huisartsencoöperatie Voorbeeld U.A."]),
    "kenmerk": Placeholder("het kenmerk van de overeenkomst (`document.kenmerk`)", "HNN/2027/001"),
    "versie": Placeholder("het versienummer (`document.versie`)", "0.3"),
    "datum": Placeholder("de datum van deze versie, uitgeschreven (`document.datum`)", "2 november 2026"),
    "concept": Placeholder("waar zolang de status `concept` is: voor `{% if concept %}` ... `{% endif %}`", True),
    "status": Placeholder("`concept` of `definitief` (`document.status`)", "concept"),
}


def sample_contexts() -> list[dict[str, Any]]:
    """Contexts to fill a template with on trial: a concept and a final version (a template may
    fail in a branch only one of them takes)."""
    concept = {name: placeholder.example for name, placeholder in PLACEHOLDERS.items()}
    return [concept, {**concept, "concept": False, "status": "definitief"}]


@dataclass(frozen=True)
class StyleRole:
    purpose: str  # Dutch: where the renderer uses the style
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH


#: Keyed by the names in REQUIRED_STYLES; 'Table Grid' is the table style of templates made
#: before the house style of issue 14.
STYLE_ROLES = {
    "Title": StyleRole("de titel op het voorblad"),
    "Subtitle": StyleRole("de ondertitel op het voorblad: de regio"),
    "Header": StyleRole("de koptekst"),
    "Footer": StyleRole("de voettekst"),
    "Tekst": StyleRole("gewone tekst: de slotzin bij de partijen, tekst in bijlagen, de alinea na een tabel"),
    "Tussenkop": StyleRole("de tussenkoppen: Inhoudsopgave, De ondergetekenden, Overwegende dat, Ondertekening"),
    "Comparitie": StyleRole("de beschrijving van elke partij, genummerd 1., 2., ..."),
    "Overweging": StyleRole("de overwegingen, genummerd A., B., ..."),
    "Artikel": StyleRole("de kop van elk artikel, genummerd 'Artikel 1' en opgenomen in de inhoudsopgave"),
    "Lid": StyleRole("de leden van een artikel, genummerd 1.1, 1.2, ..."),
    "Lidopsomming": StyleRole("een opsomming binnen een lid, genummerd a., b., ..."),
    "Bijlagekop": StyleRole("de kop van elke bijlage, genummerd 'Bijlage 1'"),
    "Opsomming": StyleRole("een opsomming in een bijlage, met streepjes"),
    "Ondertekening": StyleRole("de tekst in de ondertekeningsblokken"),
    "Tabeltekst": StyleRole("de tekst in de cellen van tabellen"),
    "TOC 1": StyleRole("de regels van de inhoudsopgave"),
    "Tabel": StyleRole("de tabelstijl van de tabellen in bijlagen", WD_STYLE_TYPE.TABLE),
    "Table Grid": StyleRole("de tabelstijl van de tabellen in bijlagen", WD_STYLE_TYPE.TABLE),
}

KIND_NAMES = {
    WD_STYLE_TYPE.PARAGRAPH: "alineastijl",
    WD_STYLE_TYPE.CHARACTER: "tekenstijl",
    WD_STYLE_TYPE.TABLE: "tabelstijl",
    WD_STYLE_TYPE.LIST: "lijststijl",
}


def expected_kind(style: str) -> WD_STYLE_TYPE:
    """The type a required style must have: a paragraph style unless STYLE_ROLES says otherwise."""
    role = STYLE_ROLES.get(style)
    return role.kind if role else WD_STYLE_TYPE.PARAGRAPH
