"""``agreement-gen serve``: the web app on this computer (Flask is imported only when it runs)."""

from __future__ import annotations

from pathlib import Path

import click

from .app import CONTEXT

DEFAULT_WORKSPACE = Path("agreement-gen-werkmap")


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.option("--werkmap", "workspace", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_WORKSPACE,
              show_default=True, help="De map waarin de specs en al hun versies staan (wordt aangemaakt als hij ontbreekt).")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRES",
              help="Het adres om op te luisteren. Standaard alleen deze computer; 0.0.0.0 maakt de app "
                   "bereikbaar voor anderen in het netwerk (zie docs/web.md).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), metavar="POORT", help="Het poortnummer.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), metavar="AANTAL",
              help="Hoeveel verzoeken tegelijk worden behandeld.")
def serve(workspace: Path, host: str, port: int, threads: int) -> None:
    """Start de web-app: een formulier voor elke overeenkomst, zonder YAML.

    Open daarna http://127.0.0.1:8000 in de browser. Vul een overeenkomst in (elk veld met
    uitleg, de keuzes in gewone woorden), zie meteen de meldingen en een voorbeeld van de
    tekst, download de .docx (of PDF), en sla versies op in de werkmap; tussen twee versies
    maakt u met één klik een redline. Stoppen: Ctrl+C.

    \b
    Voorbeelden:
      agreement-gen serve
      agreement-gen serve --werkmap ~/overeenkomsten --port 8080
    """
    from ..web.server import run  # Flask and waitress load here, never for a build
    run(workspace, host, port, threads, echo=click.echo)
