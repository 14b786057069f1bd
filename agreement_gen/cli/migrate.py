"""The ``agreement-gen migrate`` command: rewrite a spec for a newer library version."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from ..pipeline import migrate as migrate_spec
from ..pipeline import migration_text
from .app import CONTEXT, archive_option, library_option


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("spec", type=click.Path(path_type=Path))
@library_option
@click.option("--output", "-o", "out", type=click.Path(dir_okay=False, path_type=Path), metavar="NIEUW.yaml",
              help="Schrijf de omgezette spec hierheen in plaats van de spec zelf te herschrijven.")
@click.option("--naar", "target", metavar="BIBLIOTHEEK[@VERSIE]",
              help="De bibliotheek om naar over te stappen: een map, een uitgebracht archief (.zip) of "
                   "NAAM@VERSIE uit de archiefmappen (zoals bij 'agreement-gen upgrade'); in plaats van -l.")
@archive_option
@click.option("--force", "-f", is_flag=True, help="Herschrijf de spec zelf, of overschrijf NIEUW.yaml.")
def migrate(spec: Path, libraries: tuple[Path, ...], out: Optional[Path], target: Optional[str],
            archives: tuple[Path, ...], force: bool) -> None:
    """Zet een spec om naar de versie van de bibliotheek waarmee u bouwt.

    Een nieuwe hoofdversie van een bibliotheek kan velden hernoemen, laten vervallen of
    toevoegen; zij zegt hoe in haar bibliotheek.yaml ('migraties'). Dit commando voert die
    stappen uit op SPEC, met behoud van commentaar, volgorde en aanhalingstekens, past het
    versiebereik in 'bibliotheek.versie' aan en zegt per regel wat er veranderde en wat u nog
    moet invullen. Zonder --force of -o wordt niets geschreven: u ziet eerst wat er zou
    veranderen.

    \b
    Voorbeelden:
      agreement-gen migrate spec.yaml -l bibliotheek-2.0/
      agreement-gen migrate spec.yaml -l bibliotheek-2.0/ --force
      agreement-gen migrate spec.yaml -l bibliotheek-2.0/ -o spec-2.0.yaml
      agreement-gen migrate spec.yaml --naar regionale-zorgsamenwerking@2.1.0 --force
    """
    if target and libraries:
        raise click.UsageError("geef --naar of -l, niet allebei")
    write = bool(out or force)
    result = migrate_spec(spec, libraries or None, out=out, force=force, write=write, target=target,
                          archives=archives)
    written = (out or spec) if write and result.changed else None
    click.echo(migration_text(result, written))
