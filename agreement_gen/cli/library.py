"""``agreement-gen library``: check, list, show and compare clause libraries.

Thin: parse options, call the ``library_*`` functions of ``pipeline``, print. Errors are
raised as ``AgreementGenError`` subclasses and printed once by the main group (exit 1).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline import (check_library, library_diff, library_failure, library_fields, library_list, library_show,
                        library_where, release_library)
from .app import CONTEXT

_DIRS = click.argument("dirs", metavar="[MAP]...", nargs=-1,
                       type=click.Path(exists=True, file_okay=False, path_type=Path))


@click.group(context_settings=CONTEXT, options_metavar="[OPTIES]",
             subcommand_metavar="COMMANDO [ARGUMENTEN]...")
def library() -> None:
    """Onderhoud van clausulebibliotheken: controleren, bekijken, vergelijken, uitbrengen.

    Een bibliotheek is een map met clausules en een bibliotheek.yaml; geef meer mappen voor
    lagen (de onderste eerst: brancheorganisatie, regio, deze overeenkomst). Zonder MAP: de
    meegeleverde bibliotheek. Zie docs/onderhoud.md.

    \b
    Voorbeelden:
      agreement-gen library check clauses/ --template templates/standaard.docx
      agreement-gen library list clauses/ samples/lagen/regio-noord/
      agreement-gen library show stuurgroep
      agreement-gen library diff oud/clauses/ clauses/
      agreement-gen library release clauses/ -o archief/
    """


@library.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_DIRS
@click.option("--template", "-t", type=click.Path(dir_okay=False, path_type=Path),
              help="Controleer ook dit Word-sjabloon op de stijlen die agreement-gen nodig heeft.")
@click.option("--bronnen", "seeds", type=click.Path(file_okay=False, path_type=Path),
              help="Map met de brondocumenten waaruit de clausules citeren. Standaard: de map bronnen/ "
                   "van elke laag, dan ../shared/seeds.")
def check(dirs: tuple[Path, ...], template: Path | None, seeds: Path | None) -> None:
    """Controleer een bibliotheek (en haar lagen): meldt 'in orde' of elk probleem, met bestand en regel.

    Gecontroleerd worden onder meer: front matter, dubbele id's en conflicten tussen lagen,
    Jinja-syntax, plaatshouders en voorwaarden met velden die de spec niet kent, 'velden' die
    niet kloppen met de tekst, verwijzingen naar clausules die niet bestaan, slots zonder
    variant voor een toegestane keuze, bronnen en citaten, toelichtingen, het manifest,
    de reviewregels in regels/ (syntax, voorwaarde, velden, bronnen, remedie), vervallen
    clausules (vervalt: een vervanging die bestaat; een uitgave op of na de vervaldatum die de
    clausule nog aanbiedt is een fout) en (met --template) de stijlen van het sjabloon.
    Vervallen clausules worden genoemd. Exitcode 1 als er iets gevonden is.

    \b
    Voorbeelden:
      agreement-gen library check clauses/
      agreement-gen library check clauses/ samples/lagen/regio-noord/ -t huisstijl.docx
    """
    report = check_library(dirs or None, template, seeds)
    for note in report.notes:
        click.echo(f"Let op: {note}", err=True)
    if report.problems:
        raise library_failure(report, dirs)
    where = library_where(dirs)
    library = report.library
    click.echo(f"in orde: {library.label} ({where}): {len(library.clauses)} clausules, "
               f"{report.clauses_checked} bestanden gecontroleerd"
               + (f", {len(library.rules)} reviewregels ({report.rules_checked} regelbestanden)"
                  if report.rules_checked else "")
               + (f", {len(library.switched_off)} uitgezet" if library.switched_off else "")
               + (f", {deprecated} vervallen" if (deprecated := sum(1 for c in library.clauses if c.vervalt)) else ""))


@library.command(name="list", context_settings=CONTEXT, options_metavar="[OPTIES]")
@_DIRS
def list_(dirs: tuple[Path, ...]) -> None:
    """Toon wat er in een bibliotheek zit: per clausule id, soort, slot en variant, laag en titel.

    \b
    Voorbeeld:
      agreement-gen library list clauses/ samples/lagen/regio-noord/
    """
    click.echo(library_list(dirs), nl=False)


@library.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_DIRS
def velden(dirs: tuple[Path, ...]) -> None:
    """Toon de velden die een bibliotheek zelf vraagt (in de spec onder 'aanvullend'), met hun
    soort, standaardwaarde en keuzes, en de migraties die zij meedraagt.

    \b
    Voorbeeld:
      agreement-gen library velden tests/fixtures/migratie/v2/
    """
    click.echo(library_fields(dirs), nl=False)


@library.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("clause_id", metavar="ID")
@_DIRS
def show(clause_id: str, dirs: tuple[Path, ...]) -> None:
    """Toon alles over één clausule (of alle varianten van een slot): versies per laag,
    varianten, voorwaarde, velden, bronnen, toelichting en tekst.

    \b
    Voorbeelden:
      agreement-gen library show besluitvorming
      agreement-gen library show stuurgroep clauses/ samples/lagen/regio-noord/
    """
    click.echo(library_show(clause_id, dirs), nl=False)


@library.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("old", metavar="OUD", type=click.Path(exists=True, path_type=Path))
@click.argument("new", metavar="NIEUW", type=click.Path(exists=True, path_type=Path))
@click.option("--zonder-tekst", "no_text", is_flag=True, help="Alleen de samenvatting, zonder tekstverschillen.")
@click.option("--markdown", "markdown", is_flag=True,
              help="Schrijf een releasepagina in Markdown (een kop per soort wijziging, changelog, versieadvies).")
def diff(old: Path, new: Path, no_text: bool, markdown: bool) -> None:
    """Vergelijk twee versies van een bibliotheek (mappen of uitgebrachte archieven, .zip), per
    clausule in de woorden van release notes: nieuw, gewijzigd in betekenis, redactioneel,
    vervallen, verwijderd; en de velden en migraties van de bibliotheek.

    Redactioneel is een wijziging van alleen toelichting, bronnen of categorie, of van tekst of
    titel in alleen witruimte, leestekens aan het begin of eind van een woord of typografie
    (zie docs/onderhoud.md). Elke gewijzigde clausule krijgt een uittreksel per woord:
    [-weg-] {+erbij+}. Eindigt met een versieadvies (SemVer) en de nieuwe regels uit het changelog.

    \b
    Voorbeelden:
      mkdir -p oud && git archive 8c246b9 clauses | tar -x -C oud
      agreement-gen library diff oud/clauses/ clauses/
      agreement-gen library diff oud/ nieuw/ --zonder-tekst
      agreement-gen library diff oud/clauses/ clauses/ --markdown > release.md
    """
    if markdown and no_text:
        raise click.UsageError("--markdown en --zonder-tekst gaan niet samen: de releasepagina toont de uittreksels")
    click.echo(library_diff(old, new, with_text=not no_text, markdown=markdown), nl=False)


@library.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@_DIRS
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=False, help="Map voor het archief. Standaard: de huidige map.")
@click.option("--force", "-f", is_flag=True,
              help="Overschrijf een bestaand archief met een andere inhoud (alleen als die uitgave nooit is verspreid).")
@click.option("--bronnen", "seeds", type=click.Path(file_okay=False, path_type=Path),
              help="Map met de brondocumenten voor de controle (zie library check).")
def release(dirs: tuple[Path, ...], outdir: Path, force: bool, seeds: Path | None) -> None:
    """Breng een versie uit: controleer de bibliotheek en schrijf NAAM-VERSIE.zip.

    Eerst draait de volledige library check; bij een probleem komt er geen archief. Uitgebracht
    wordt de bovenste MAP (de mappen eronder zijn de lagen waarop zij wordt gecontroleerd). Het
    archief bevat de hele map (ook bronnen/ en regels/) en een lijst met de hash van elk bestand,
    zodat een beschadigd archief bij het lezen wordt geweigerd. Dezelfde bibliotheek geeft
    hetzelfde bestand, byte voor byte; een archief dat er al is met dezelfde inhoud blijft staan.
    Zet het archief in een archiefmap (--archief, AGREEMENT_GEN_ARCHIEF of archief/ in
    agreement-gen zelf): specs die deze versie vastpinnen, blijven ermee bouwen.

    \b
    Voorbeelden:
      agreement-gen library release clauses/ -o archief/
      agreement-gen library release clauses/ samples/lagen/regio-noord/ -o uitgaven/
    """
    result = release_library(dirs or None, outdir, force, seeds)
    for note in result.notes:
        click.echo(f"Let op: {note}", err=True)
    state = "geschreven" if result.written else "ongewijzigd (hetzelfde archief stond er al)"
    click.echo(f"{state}: {result.path} ({result.name} {result.version}, {result.files} bestanden, "
               f"sha256 {result.sha256[:12]})")
