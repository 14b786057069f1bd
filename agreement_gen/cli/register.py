"""The ``agreement-gen register`` command: which built agreements use which clause versions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from ..pipeline import register as scan_register
from ..pipeline import register_csv, register_text
from .app import CONTEXT


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("folder", metavar="MAP", type=click.Path(path_type=Path))
@click.option("--clausule", "clause", metavar="ID[@VERSIE]",
              help="Toon alleen de overeenkomsten die deze clausule gebruiken (in deze versie, als die "
                   "is gegeven), met de versie en de hash van de tekst zoals gebouwd.")
@click.option("--csv", "as_csv", is_flag=True,
              help="Schrijf CSV (één regel per overeenkomst) voor andere programma's; overgeslagen "
                   "bestanden staan dan als 'Let op:' op stderr.")
def register(folder: Path, clause: Optional[str], as_csv: bool) -> None:
    """Toon elke overeenkomst die agreement-gen bouwde in MAP (en submappen).

    Per document: bestand, titel, bibliotheek@versie, en of de tekst na het bouwen is
    gewijzigd (bijvoorbeeld in Word). Met --clausule: welke overeenkomsten een clausule
    gebruiken en in welke versie; een versie (zoals 'agreement-gen inspect' en 'agreement-gen
    library show' hem tonen) vindt bijvoorbeeld alle overeenkomsten met een tekst waarin een
    fout is gevonden. Andere bestanden (geen .docx van agreement-gen, beschadigd, beveiligd)
    worden overgeslagen met de reden.

    \b
    Voorbeelden:
      agreement-gen register overeenkomsten/
      agreement-gen register overeenkomsten/ --clausule geschillen.arbitrage
      agreement-gen register overeenkomsten/ --clausule geschillen.arbitrage@fe85353a --csv
    """
    result = scan_register(folder, clause)
    if as_csv:
        click.echo(register_csv(result), nl=False)
        for item in result.skipped:
            click.echo(f"Let op: overgeslagen: {item.path}: {item.reason}", err=True)
        return
    click.echo(register_text(result), nl=False)
