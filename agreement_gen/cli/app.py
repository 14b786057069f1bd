"""The ``agreement-gen`` command. Thin: parse options, call ``pipeline``, map errors to exits.

Exit codes: 0 success, 1 an error in the input (spec, library, template, output), 2 wrong use
of the command line. Every error is printed once, in Dutch, as ``Fout: ...`` on stderr; no
traceback for anything a user can cause.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from .. import __version__
from . import messages
from ..errors import AgreementGenError
from ..assembly.explain import explain_text
from ..pipeline import build as build_agreement
from ..pipeline import draft
from ..word.provenance import provenance_text, read_provenance
from ..spec.load import load_spec
from ..model.text import render_text

messages.install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Failure(click.ClickException):
    def __init__(self, error: AgreementGenError):
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.message}", err=True)


class _Group(click.Group):
    """Turns our errors into clean exits; an unexpected crash gets a short message too."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AgreementGenError as exc:
            raise _Failure(exc) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug: say so without a wall of text
            if os.environ.get("AGREEMENT_GEN_DEBUG"):
                traceback.print_exc()
            raise _Failure(AgreementGenError(
                f"interne fout in agreement-gen ({type(exc).__name__}: {exc}). Dit is een fout in het "
                "programma, niet in uw invoer; meld het met de spec erbij. Zet AGREEMENT_GEN_DEBUG=1 "
                "voor details."
            )) from exc


library_option = click.option(
    "--library", "-l", "libraries", multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Map met clausules; herhaal voor lagen (latere lagen gaan voor). Standaard: de meegeleverde bibliotheek.",
)


@click.group(cls=_Group, context_settings=CONTEXT, options_metavar="[OPTIES]",
             subcommand_metavar="COMMANDO [ARGUMENTEN]...")
@click.version_option(__version__, "--version", "-V", prog_name="agreement-gen", message="%(prog)s %(version)s")
def main() -> None:
    """Stel samenwerkingsovereenkomsten voor regionale zorg op uit een YAML-spec.

    \b
    Voorbeelden:
      agreement-gen validate samples/*.yaml
      agreement-gen build samples/hartnet-noord.yaml -o hartnet.docx
      agreement-gen explain samples/hartnet-noord.yaml
    """


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("specs", metavar="SPEC...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@library_option
def validate(specs: tuple[Path, ...], libraries: tuple[Path, ...]) -> None:
    """Controleer specs: meldt 'in orde' of elk probleem, met bestand, regel en veld.

    Een spec is in orde als hij aan het specformaat voldoet en er met de bibliotheek een
    volledige overeenkomst uit te bouwen is.

    \b
    Voorbeeld:
      agreement-gen validate samples/hartnet-noord.yaml samples/anw-vvt-apeldoorn.yaml
    """
    failures = []
    for path in specs:
        try:
            assembly = draft(load_spec(path), libraries or None)
        except AgreementGenError as exc:
            failures.append(exc)
            click.echo(f"Fout: {exc}", err=True)
            continue
        agreement = assembly.agreement
        click.echo(
            f"in orde: {path} ({len(agreement.parties)} partijen, {len(agreement.articles)} artikelen, "
            f"{len(agreement.annexes)} bijlagen)"
        )
    if failures:
        raise click.exceptions.Exit(max(f.exit_code for f in failures))


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Het .docx-bestand om te schrijven. Standaard: SPEC-naam.docx in de huidige map.")
@library_option
@click.option("--template", "-t", type=click.Path(dir_okay=False, path_type=Path),
              help="Word-sjabloon (.docx) met de huisstijl. Standaard: templates/standaard.docx.")
@click.option("--force", "-f", is_flag=True, help="Overschrijf een bestaand uitvoerbestand.")
@click.option("--zonder-toelichting", "no_guidance", is_flag=True,
              help="Geen toelichtingen als opmerkingen in de kantlijn (bij 'definitief' staan ze altijd uit).")
@click.option("--tekst", "text_out", metavar="BESTAND|-",
              help="Schrijf ook de platte tekst; '-' toont hem op het scherm (zonder -o dan geen .docx).")
@click.option("--pdf", "pdf", is_flag=True,
              help="Schrijf ook een PDF naast het .docx-bestand (vraagt LibreOffice).")
def build(spec: Path, out: Path | None, libraries: tuple[Path, ...], template: Path | None, force: bool,
          no_guidance: bool, text_out: str | None, pdf: bool) -> None:
    """Bouw een Word-concept van de overeenkomst uit SPEC.

    Het bestand wordt in één keer geschreven: bij een fout blijft er geen half bestand achter,
    en een bestaand bestand wordt alleen met --force overschreven.

    \b
    Voorbeelden:
      agreement-gen build samples/hartnet-noord.yaml -o hartnet.docx
      agreement-gen build hartnet.yaml -l clauses/ -l regio-noord/ -o hartnet.docx --force
      agreement-gen build hartnet.yaml --tekst -
      agreement-gen build hartnet.yaml -o hartnet.docx --pdf
    """
    if text_out == "-":
        assembly = draft(spec, libraries or None)
        if out is None and not pdf:
            sys.stdout.write(render_text(assembly.agreement))
            return
        out = out or Path(spec.stem + ".docx")
        result = build_agreement(spec, out, libraries or None, template, force, not no_guidance, pdf=pdf)
        sys.stdout.write(render_text(result.assembly.agreement))
        click.echo(f"geschreven: {result.docx}", err=True)
        return
    out = out or Path(spec.stem + ".docx")
    result = build_agreement(spec, out, libraries or None, template, force, not no_guidance, text_out, pdf)
    agreement = result.assembly.agreement
    extra = [str(p) for p in (result.text, result.pdf) if p]
    click.echo(
        f"geschreven: {result.docx} ({len(agreement.articles)} artikelen, {len(agreement.annexes)} bijlagen)"
        + (f" en {', '.join(extra)}" if extra else "")
    )


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@library_option
def explain(spec: Path, libraries: tuple[Path, ...]) -> None:
    """Toon per plek in de overeenkomst welke clausule is gekozen of weggelaten, en waarom.

    Per clausule: de voorwaarde, de specwaarden die de doorslag gaven, het artikelnummer en de
    bron in de brondocumenten. Zo controleert een jurist wat het programma heeft gedaan.

    \b
    Voorbeeld:
      agreement-gen explain samples/hartnet-noord.yaml
    """
    click.echo(explain_text(draft(spec, libraries or None)), nl=False)


@main.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("draft_path", metavar="CONCEPT.docx", type=click.Path(dir_okay=False, path_type=Path))
def inspect(draft_path: Path) -> None:
    """Toon waarmee een concept is gemaakt: spec-hash, bibliotheek en versie, clausules.

    agreement-gen schrijft deze gegevens als documenteigenschappen in elk .docx-bestand (in
    Word: Bestand > Info > Eigenschappen > Geavanceerde eigenschappen > Aangepast).

    \b
    Voorbeeld:
      agreement-gen inspect hartnet.docx
    """
    click.echo(provenance_text(read_provenance(draft_path)), nl=False)

