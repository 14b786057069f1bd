"""``agreement-gen schema``: the JSON Schema of a spec, for YAML editors.

Thin: the schema is ``pipeline.spec_schema`` (spec/json_schema.py); this prints it or writes it
atomically.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..pipeline import spec_schema, write_atomic
from .app import CONTEXT


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), metavar="BESTAND",
              help="Schrijf het schema naar BESTAND in plaats van het te tonen.")
@click.option("--force", "-f", is_flag=True, help="Overschrijf een bestaand bestand.")
def schema(out: Path | None, force: bool) -> None:
    """Het JSON Schema van een spec, zodat uw editor velden aanvult en fouten aanwijst.

    Het schema (JSON Schema draft-07) kent ieder veld met zijn Nederlandse naam, uitleg,
    keuzes en standaard. VS Code met de YAML-extensie (Red Hat) gebruikt het als de spec
    begint met een regel als:

    \b
      # yaml-language-server: $schema=spec.schema.json

    Regels over velden heen die een schema niet kan uitdrukken (verwijzingen naar partijen,
    aandelen die samen 100 zijn, ...) controleert alleen 'agreement-gen validate'. Zie
    docs/spec.md.

    \b
    Voorbeelden:
      agreement-gen schema -o spec.schema.json
      agreement-gen schema > spec.schema.json
    """
    text = spec_schema()
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text.encode("utf-8"), force=force)
        click.echo(f"geschreven: {out}")
