"""``agreement-gen review``: the drafting review of a spec and/or a built (and edited) .docx."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from ..pipeline import SPEC_SUFFIXES
from ..pipeline import review as run_review
from ..pipeline import review_json, review_text
from .app import CONTEXT, archive_option, library_option


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("inputs", metavar="SPEC|DRAFT.docx...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Schrijf de bevindingen als JSON (voor andere programma's).")
@click.option("--docx", "docx_out", type=click.Path(dir_okay=False, path_type=Path), metavar="UIT.docx",
              help="Schrijf een reviewkopie: het concept met elke bevinding als opmerking bij haar artikel.")
@click.option("--force", "-f", is_flag=True, help="Overschrijf een bestaand uitvoerbestand.")
@library_option
@archive_option
@click.option("--template", "-t", type=click.Path(dir_okay=False, path_type=Path),
              help="Word-sjabloon voor de reviewkopie van een spec. Standaard: templates/standaard.docx.")
def review(inputs: tuple[Path, ...], as_json: bool, docx_out: Optional[Path], force: bool,
           libraries: tuple[Path, ...], archives: tuple[Path, ...], template: Optional[Path]) -> None:
    """Beoordeel een concept zoals een ervaren jurist dat doet: wat raden de bronnen aan dat
    ontbreekt, wat is zwak geregeld, wat is in de tekst afgeweken van het model.

    Geef een spec, een .docx die agreement-gen bouwde (ook na bewerking in Word of
    LibreOffice), of allebei: de spec voor de regels over de keuzes, het document voor de
    tekst zoals die nu is en de afwijkingen van de bibliotheektekst. Elke bevinding heeft
    een ernst (fout, waarschuwing, advies), het artikel, wat er aan de hand is, waarom (de
    bron of de wet) en wat te doen. De regels staan in de map regels/ van de bibliotheek
    (zie docs/review.md). Exitcode 0 zonder fouten, 1 met een fout, 2 bij verkeerd gebruik.

    \b
    Voorbeelden:
      agreement-gen review samples/hartnet-noord.yaml
      agreement-gen review hartnet.yaml hartnet-onderhandeld.docx --docx hartnet-review.docx
      agreement-gen review hartnet.docx --json
    """
    specs = [p for p in inputs if p.suffix.lower() in SPEC_SUFFIXES]
    drafts = [p for p in inputs if p.suffix.lower() not in SPEC_SUFFIXES]
    if len(specs) > 1 or len(drafts) > 1:
        raise click.UsageError("geef ten hoogste één spec en één .docx (review één concept tegelijk)")
    for path in inputs:
        if not path.is_file():
            raise click.BadParameter(f"'{path}' bestaat niet", param_hint="'SPEC|DRAFT.docx'")
    result = run_review(specs[0] if specs else None, drafts[0] if drafts else None, libraries or None,
                        template, docx_out, force, archives)
    for note in result.notes:
        click.echo(f"Let op: {note}", err=True)
    sys.stdout.write(review_json(result) if as_json else review_text(result))
    if docx_out is not None:
        click.echo(f"geschreven: {docx_out} ({len(result.findings)} opmerkingen)", err=True)
    if result.has_errors:
        raise click.exceptions.Exit(1)
