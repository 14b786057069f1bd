"""``agreement-gen validate``, ``build``, ``explain`` and ``inspect``: one spec or draft at a time."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import AgreementGenError
from ..pipeline import build as build_agreement
from ..pipeline import build_many, expand_specs
from ..pipeline import defaults_text, deprecation_lines, draft, render_text
from ..pipeline import explain as explain_text
from ..pipeline import inspect as inspect_text
from .app import CONTEXT, archive_option, library_option


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("specs", metavar="SPEC...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@library_option
@archive_option
def validate(specs: tuple[Path, ...], libraries: tuple[Path, ...], archives: tuple[Path, ...]) -> None:
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
            assembly = draft(path, libraries or None, archives=archives)
        except AgreementGenError as exc:
            failures.append(exc)
            click.echo(f"Fout: {exc}", err=True)
            continue
        agreement = assembly.agreement
        click.echo(
            f"in orde: {path} ({len(agreement.parties)} partijen, {len(agreement.articles)} artikelen, "
            f"{len(agreement.annexes)} bijlagen)"
        )
        _notes(assembly)
        _warn(deprecation_lines(assembly))
    if failures:
        raise click.exceptions.Exit(max(f.exit_code for f in failures))


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("specs", metavar="SPEC...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="Het .docx-bestand om te schrijven (één spec). Standaard: SPEC-naam.docx in de huidige map.")
@click.option("-d", "--map", "outdir", type=click.Path(path_type=Path),
              help="Map voor de .docx-bestanden (meerdere specs of een map met specs). Standaard: de huidige map.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Bouw N specs tegelijk (meerdere specs). Standaard: één per processorkern.")
@library_option
@archive_option
@click.option("--template", "-t", type=click.Path(path_type=Path),
              help="Word-sjabloon (.docx) met de huisstijl. Standaard: templates/standaard.docx.")
@click.option("--force", "-f", is_flag=True, help="Overschrijf een bestaand uitvoerbestand.")
@click.option("--zonder-toelichting", "no_guidance", is_flag=True,
              help="Geen toelichtingen als opmerkingen in de kantlijn (bij 'definitief' staan ze altijd uit).")
@click.option("--tekst", "text_out", metavar="BESTAND|-",
              help="Schrijf ook de platte tekst; '-' toont hem op het scherm (zonder -o dan geen .docx). Eén spec.")
@click.option("--pdf", "pdf", is_flag=True,
              help="Schrijf ook een PDF naast elk .docx-bestand (vraagt LibreOffice: één per taak, zie -j, voor alle specs).")
def build(specs: tuple[Path, ...], out: Path | None, outdir: Path | None, jobs: int | None,
          libraries: tuple[Path, ...], archives: tuple[Path, ...], template: Path | None, force: bool,
          no_guidance: bool, text_out: str | None, pdf: bool) -> None:
    """Bouw een Word-concept van de overeenkomst uit SPEC; of uit elke SPEC, of elke spec in een map.

    Elk bestand wordt in één keer geschreven: bij een fout blijft er geen half bestand achter,
    en een bestaand bestand wordt alleen met --force overschreven. Bij meerdere specs bouwt
    agreement-gen ze tegelijk (-j), laadt het de bibliotheek één keer, gaat het na een fout
    door met de andere en noemt het aan het eind wat gebouwd is en wat niet.

    \b
    Voorbeelden:
      agreement-gen build samples/hartnet-noord.yaml -o hartnet.docx
      agreement-gen build hartnet.yaml -l clauses/ -l regio-noord/ -o hartnet.docx --force
      agreement-gen build hartnet.yaml --tekst -
      agreement-gen build hartnet.yaml -o hartnet.docx --pdf
      agreement-gen build samples/ -d concepten/ -j 2
    """
    if len(specs) > 1 or specs[0].is_dir() or outdir is not None:
        if out is not None:
            raise click.UsageError("-o/--output geldt voor één spec; gebruik -d/--map voor meerdere specs")
        if text_out is not None:
            raise click.UsageError("--tekst geldt voor één spec; bouw meerdere specs zonder --tekst")
        _build_many(specs, outdir or Path("."), jobs, libraries, template, force, no_guidance, pdf, archives)
        return
    spec = specs[0]
    if text_out == "-":
        assembly = draft(spec, libraries or None, archives=archives)
        _notes(assembly)
        if out is None and not pdf:
            sys.stdout.write(render_text(assembly.agreement))
            return
        out = out or Path(spec.stem + ".docx")
        result = build_agreement(spec, out, libraries or None, template, force, not no_guidance, pdf=pdf,
                                 archives=archives)
        sys.stdout.write(render_text(result.assembly.agreement))
        click.echo(f"geschreven: {result.docx}", err=True)
        _notes(result.assembly)
        _warn(deprecation_lines(result.assembly))
        return
    out = out or Path(spec.stem + ".docx")
    result = build_agreement(spec, out, libraries or None, template, force, not no_guidance, text_out, pdf, archives)
    _notes(result.assembly)
    agreement = result.assembly.agreement
    extra = [str(p) for p in (result.text, result.pdf) if p]
    click.echo(
        f"geschreven: {result.docx} ({len(agreement.articles)} artikelen, {len(agreement.annexes)} bijlagen)"
        + (f" en {', '.join(extra)}" if extra else "")
    )
    click.echo(defaults_text(result.assembly), nl=False)
    _warn(deprecation_lines(result.assembly))


def _warn(lines) -> None:
    """Warnings (deprecated clauses) on stderr: they never change what is written."""
    for line in lines:
        click.echo(line, err=True)


def _notes(assembly) -> None:
    """Which library version was chosen, when it was not the one given (a release from an archive)."""
    for note in assembly.notes:
        click.echo(note, err=True)


def _build_many(specs, outdir: Path, jobs, libraries, template, force: bool, no_guidance: bool, pdf: bool,
                archives=()) -> None:
    """Many specs: a progress bar on a terminal, then what was built and what failed."""
    total = len(expand_specs(specs))
    with click.progressbar(length=total, label="bouwen", file=sys.stderr, show_pos=True) as bar:
        items = build_many(specs, outdir, libraries or None, template, force, not no_guidance, pdf, jobs,
                           progress=lambda item: bar.update(1), archives=archives)
    built = [item for item in items if item.ok]
    for item in built:
        extra = f" en {item.pdf}" if item.pdf else ""
        click.echo(f"geschreven: {item.docx} ({item.articles} artikelen, {item.annexes} bijlagen){extra}")
        if item.note:
            click.echo(f"  {item.note}", err=True)
        _warn(f"{item.spec}: {line}" for line in item.warnings)
    for item in items:
        if not item.ok:
            click.echo(f"Fout: {item.error}", err=True)
    click.echo(f"{len(built)} van {len(items)} specs gebouwd" + (f", {len(items) - len(built)} met fouten"
                                                                  if len(built) < len(items) else ""))
    if len(built) < len(items):
        raise click.exceptions.Exit(1)


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("spec", type=click.Path(path_type=Path))
@library_option
@archive_option
@click.option("--json", "as_json", is_flag=True, help="Schrijf de uitleg als JSON (voor andere programma's).")
def explain(spec: Path, libraries: tuple[Path, ...], archives: tuple[Path, ...], as_json: bool) -> None:
    """Toon per plek in de overeenkomst welke clausule is gekozen of weggelaten, en waarom.

    Per clausule: de voorwaarde in woorden ("omdat 'Aanleiding' is ingevuld"), de specwaarden
    die de doorslag gaven met hun naam in de spec, het artikelnummer en de bron: de titel van het
    brondocument met het citaat, of de wettelijke grondslag. Zo controleert een jurist wat het
    programma heeft gedaan. Een voorwaarde die niet in woorden te vatten is, staat er als
    "voorwaarde (technisch)".

    \b
    Voorbeelden:
      agreement-gen explain samples/hartnet-noord.yaml
      agreement-gen explain samples/hartnet-noord.yaml --json
    """
    click.echo(explain_text(spec, libraries or None, as_json=as_json, archives=archives), nl=False)


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("draft_path", metavar="CONCEPT.docx", type=click.Path(path_type=Path))
def inspect(draft_path: Path) -> None:
    """Toon waarmee een concept is gemaakt: spec-hash, bibliotheek en versie, clausules.

    agreement-gen schrijft deze gegevens als documenteigenschappen in elk .docx-bestand (in
    Word: Bestand > Info > Eigenschappen > Geavanceerde eigenschappen > Aangepast).

    \b
    Voorbeeld:
      agreement-gen inspect hartnet.docx
    """
    click.echo(inspect_text(draft_path), nl=False)

