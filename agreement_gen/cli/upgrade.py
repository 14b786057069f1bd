"""``agreement-gen upgrade``: what changes in one agreement when it moves to another library version."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Optional

import click

from ..pipeline import upgrade as run_upgrade
from ..pipeline import upgrade_json, upgrade_text
from .app import CONTEXT, archive_option, library_option
from .redline import DATE_FORMATS


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("spec", metavar="SPEC", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--naar", "target", metavar="BIBLIOTHEEK[@VERSIE]",
              help="Verplicht. De nieuwe versie: een map, een archief (.zip), of een naam uit de archiefmappen, met of "
                   "zonder versie (regionale-zorgsamenwerking@2.1.0; zonder versie: de hoogste).")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="De redline (.docx). Standaard: SPEC-naam-naar-VERSIE.docx in de huidige map.")
@click.option("--force", "-f", is_flag=True, help="Overschrijf een bestaand uitvoerbestand.")
@click.option("--json", "as_json", is_flag=True,
              help="Schrijf de lijst van clausules als JSON (voor andere programma's); een redline alleen met -o.")
@library_option
@archive_option
@click.option("--template", "-t", type=click.Path(dir_okay=False, path_type=Path),
              help="Word-sjabloon voor de redline. Standaard: templates/standaard.docx.")
@click.option("--auteur", metavar="NAAM", help="Naam bij elke wijziging. Standaard: de auteur uit de spec.")
@click.option("--datum", type=click.DateTime(DATE_FORMATS), metavar="DATUM",
              help="Datum bij elke wijziging (JJJJ-MM-DD). Standaard: de datum uit de spec.")
def upgrade(spec: Path, target: Optional[str], out: Optional[Path], force: bool, as_json: bool, libraries: tuple[Path, ...],
            archives: tuple[Path, ...], template: Optional[Path], auteur: Optional[str],
            datum: Optional[dt.datetime]) -> None:
    """Laat zien wat er in deze overeenkomst verandert bij de overstap naar een andere versie van de
    bibliotheek, met een redline.

    agreement-gen bouwt de overeenkomst twee keer: met de bibliotheek waarmee zij nu bouwt (de
    vastgepinde versie, of -l en --archief zoals bij build) en met de nieuwe versie (de lagen
    van de spec er weer bovenop). Dan volgt per clausule: gewijzigd (oude -> nieuwe versie, en of
    de tekst van deze overeenkomst verandert), nieuw, vervallen en gelijk; en een redline van
    de overeenkomst voor en na, met bijgehouden wijzigingen en een overzicht vooraan (geen
    redline als de tekst niet verandert). De spec zelf wordt niet gewijzigd. Exitcode 0 ook als
    er iets verandert (zie --json voor de lijst), 1 bij een fout in de invoer, 2 bij verkeerd
    gebruik.

    \b
    Voorbeelden:
      agreement-gen upgrade hartnet.yaml --naar regionale-zorgsamenwerking@2.1.0 -o hartnet-naar-2.1.docx
      agreement-gen upgrade hartnet.yaml --naar nieuw/clauses/ --json
      agreement-gen upgrade hartnet.yaml --naar uitgaven/regionale-zorgsamenwerking-3.0.0.zip
    """
    if not target:  # not Click's required=True: its "[required]" has no Dutch in cli/messages.py
        raise click.UsageError("geef de nieuwe versie met --naar BIBLIOTHEEK[@VERSIE]")
    # --json is for programs: a redline only when they ask for one with -o
    result = run_upgrade(spec, target, out, libraries or None, archives, template, force, auteur, datum,
                         write=not as_json or out is not None)
    sys.stdout.write(upgrade_json(result) if as_json else upgrade_text(result))
