"""``agreement-gen template``: check a (restyled) Word template before building with it.

Thin: the checks are ``pipeline.check_template``; this prints its findings (fouten first, then
waarschuwingen, then a summary line) and exits 1 when there is a fout.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline import check_template
from .app import CONTEXT


@click.group(context_settings=CONTEXT, options_metavar="[OPTIES]", subcommand_metavar="COMMANDO [ARGUMENTEN]...")
def template() -> None:
    """Het Word-sjabloon met de huisstijl: controleren voordat u ermee bouwt.

    Een brancheorganisatie mag templates/standaard.docx in Word aanpassen (lettertypen,
    kleuren, logo, voorblad, kop- en voetteksten); zie docs/sjabloon.md voor wat moet blijven.

    \b
    Voorbeeld:
      agreement-gen template check huisstijl.docx
    """


@template.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("file", metavar="BESTAND", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Toon de bevindingen als JSON (voor andere programma's).")
def check(file: Path, as_json: bool) -> None:
    """Controleer een Word-sjabloon: wat ontbreekt er, wat is stuk.

    Gecontroleerd worden: of het een bruikbaar Word-document is; de stijlen die agreement-gen
    gebruikt (aanwezig, van de goede soort, nummering van artikelen en leden); een eigen kop- en
    voettekst voor het voorblad; elke plaatshouder ({{ ... }}, {% ... %}) in voorblad, kop- en
    voetteksten: onbekende namen, Jinja-fouten, een plaatshouder verdeeld over stukken met
    verschillende opmaak of over alinea's; en een proefvulling met voorbeeldwaarden.

    Eén regel per bevinding (eerst de fouten, dan de waarschuwingen) en een slotregel.
    Exitcode 0 zonder fouten (waarschuwingen mogen), 1 bij een fout.

    \b
    Voorbeelden:
      agreement-gen template check huisstijl.docx
      agreement-gen template check huisstijl.docx --json
      agreement-gen build samples/hartnet-noord.yaml -o hartnet.docx --template huisstijl.docx
    """
    report = check_template(file)
    if as_json:
        click.echo(report.to_json())
    else:
        for line in report.lines():
            click.echo(line)
    if not report.ok:
        raise click.exceptions.Exit(1)
