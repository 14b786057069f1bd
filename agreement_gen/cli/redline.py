"""The ``agreement-gen redline`` command: a Word redline of two versions of an agreement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import click

from ..pipeline import redline as make_redline
from .app import CONTEXT, archive_option, library_option

DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("old", metavar="OUD", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", metavar="NIEUW", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Het .docx-bestand om te schrijven. Standaard: NIEUW-naam-redline.docx in de huidige map.")
@click.option("--auteur", metavar="NAAM",
              help="Naam bij elke wijziging. Standaard: de auteur uit de nieuwe spec (of het nieuwe document).")
@click.option("--datum", type=click.DateTime(DATE_FORMATS), metavar="DATUM",
              help="Datum bij elke wijziging (JJJJ-MM-DD of JJJJ-MM-DDTUU:MM). Standaard: de datum uit de "
                   "nieuwe spec, niet de klok, zodat dezelfde invoer hetzelfde bestand geeft.")
@click.option("--force", "-f", is_flag=True, help="Overschrijf een bestaand uitvoerbestand.")
@library_option
@archive_option
@click.option("--template", "-t", type=click.Path(dir_okay=False, path_type=Path),
              help="Word-sjabloon voor versies die als spec worden gegeven. Standaard: templates/standaard.docx.")
@click.option("--zonder-overzicht", "no_summary", is_flag=True,
              help="Geen wijzigingsoverzicht vooraan; alleen de overeenkomst met bijgehouden wijzigingen.")
@click.option("--toelichting", "guidance", is_flag=True,
              help="Zet de toelichting van elk nieuw, gewijzigd of verplaatst artikel als opmerking in de kantlijn.")
def redline(old: Path, new: Path, out: Optional[Path], auteur: Optional[str], datum: Optional[dt.datetime],
            force: bool, libraries: tuple[Path, ...], archives: tuple[Path, ...], template: Optional[Path],
            no_summary: bool, guidance: bool) -> None:
    """Maak een Word-redline van OUD naar NIEUW: elke wijziging als bijgehouden wijziging.

    OUD en NIEUW zijn elk een spec (.yaml) of een .docx. Een .docx die agreement-gen bouwde,
    draagt zijn model mee; is hij daarna in Word bewerkt, of is het een ander Word-document,
    dan worden de documenten zelf vergeleken (per alinea en per woord). Vooraan staat een
    wijzigingsoverzicht voor het bestuur. In Word: Controleren > Accepteren of Weigeren.

    \b
    Voorbeelden:
      agreement-gen redline hartnet-v3.yaml hartnet-v4.yaml -o hartnet-wijzigingen.docx
      agreement-gen redline hartnet-v3.docx hartnet-v4.docx -o redline.docx --auteur "J. Smit"
      agreement-gen redline oud.docx nieuw.yaml -o redline.docx --datum 2026-11-09 --force
    """
    out = out or Path(f"{new.stem}-redline.docx")
    result = make_redline(old, new, out, author=auteur, date=datum, force=force, libraries=libraries or None,
                          template=template, summary=not no_summary, guidance=guidance, archives=archives)
    for note in result.notes:
        click.echo(f"Let op: {note}", err=True)
    if not result.changes:
        click.echo(f"geen wijzigingen: beide versies hebben dezelfde tekst; geschreven: {result.path} "
                   "(een redline zonder wijzigingen)")
        return
    counts: dict[str, int] = {}
    for change in result.changes:
        counts[change.status] = counts.get(change.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    noun = "wijziging" if len(result.changes) == 1 else "wijzigingen"
    click.echo(f"geschreven: {result.path} ({len(result.changes)} {noun}: {summary})")
