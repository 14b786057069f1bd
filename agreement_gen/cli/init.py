"""``agreement-gen init``: a new spec from a short interview, or a copy of a sample.

The questions ask only what a first draft needs; labels, explanations and choices come from the
field descriptions (``pipeline.field_doc``), the suggestions from ``spec/starter.py``. The answers
go to ``pipeline.write_starter``, which writes the commented spec only when it validates and
builds. Nothing is overwritten without --force.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path
from typing import Any, Optional

import click

from ..pipeline import (bears_costs, check_writable, copy_sample, field_doc, sample_names, starter_hints,
                        write_starter)
from .app import CONTEXT

DEFAULT_SPEC = Path("overeenkomst.yaml")


class _YesNo(click.ParamType):
    name = "ja/nee"

    def convert(self, value: Any, param, ctx) -> bool:
        if isinstance(value, bool):
            return value
        answer = str(value).strip().lower()
        if answer in ("j", "ja", "y", "yes"):
            return True
        if answer in ("n", "nee", "no"):
            return False
        self.fail("antwoord met ja of nee", param, ctx)


class _Date(click.ParamType):
    name = "datum"

    def convert(self, value: Any, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is geen datum; schrijf JJJJ-MM-DD, zoals 2027-01-01", param, ctx)


class _Pattern(click.ParamType):
    name = "tekst"

    def __init__(self, pattern: str, hint: str, taken: tuple[str, ...] = ()):
        self.pattern, self.hint, self.taken = pattern, hint, taken

    def convert(self, value: Any, param, ctx) -> str:
        value = str(value).strip()
        if not re.fullmatch(self.pattern, value):
            self.fail(f"'{value}' klopt niet: {self.hint}", param, ctx)
        if value in self.taken:
            self.fail(f"'{value}' heeft een andere partij al", param, ctx)
        return value


class _Optional(click.ParamType):
    """A whole number, or nothing (Enter)."""

    name = "getal"

    def convert(self, value: Any, param, ctx) -> Optional[int]:
        if value in (None, "") or isinstance(value, int):
            return value or None
        try:
            number = int(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is geen geheel getal", param, ctx)
        if number < 0:
            self.fail("een bedrag is niet negatief", param, ctx)
        return number


def _say(text: str = "", indent: str = "") -> None:
    click.echo(textwrap.fill(text, 96, initial_indent=indent, subsequent_indent=indent) if text else "")


def _heading(title: str) -> None:
    click.echo(f"\n== {title} ==")


def _ask(path: str, default: Any = None, kind: Any = None, note: str = "") -> Any:
    label = field_doc(path).label + (f" {note}" if note else "")
    return click.prompt(label, default=default, type=kind, show_default=default not in (None, ""))


def _text(path: str, default: Optional[str] = None, unique: tuple[str, ...] = ()) -> str:
    while True:
        answer = _ask(path, default).strip()
        if answer and answer not in unique:
            return answer
        _say("Vul iets in." if not answer else f"'{answer}' heeft een andere partij al; kies een andere.")


def _choose(path: str, default: Any = None, only: Optional[list] = None, extra: tuple = ()) -> Any:
    """A choice, with the meaning of every value shown first; ``extra`` adds (value, meaning) pairs."""
    doc = field_doc(path)
    options = [(c.value, c.meaning) for c in doc.choices if only is None or c.value in only] + list(extra)
    click.echo("")
    _say(f"{doc.label}: {doc.help}")
    width = max(len(str(v)) for v, _ in options)
    for value, meaning in options:
        lines = textwrap.wrap(meaning, 92 - width) or [""]
        click.echo(f"  {str(value):<{width}}  {lines[0]}")
        for line in lines[1:]:
            click.echo(f"  {'':<{width}}  {line}")
    values = [str(v) for v, _ in options]
    answer = click.prompt(doc.label, type=click.Choice(values), default=None if default is None else str(default),
                          show_choices=False)
    return next(v for v, _ in options if str(v) == answer)


def _list(label: str) -> list[str]:
    """At least one item, one per question; an empty answer ends the list."""
    items: list[str] = []
    while True:
        hint = " (Enter: klaar)" if items else ""
        answer = click.prompt(f"{label} {len(items) + 1}{hint}", default="", show_default=False).strip()
        if answer:
            items.append(answer)
        elif items:
            return items
        else:
            _say("Geef er ten minste één.")


def _more(question: str) -> bool:
    return click.prompt(question, type=_YesNo(), default="nee")


def _party(number: int, taken_ids: list[str], taken_short: list[str]) -> dict:
    _heading(f"Partij {number}")
    kind = _choose("partijen[].type", default="ziekenhuis")
    name = _text("partijen[].naam")
    short = _text("partijen[].korte_naam", default=starter_hints().suggest_short_name(name), unique=tuple(taken_short))
    party_id = click.prompt(field_doc("partijen[].id").label, default=starter_hints().suggest_id(short, taken_ids),
                            type=_Pattern(r"[a-z][a-z0-9_]*", "kleine letters, cijfers en '_', te beginnen met "
                                          "een letter", tuple(taken_ids)))
    form = _choose("partijen[].rechtsvorm", default=starter_hints().suggest_legal_form(kind))
    party = {"id": party_id, "naam": name, "korte_naam": short, "type": kind, "rechtsvorm": form,
             "kvk": click.prompt(field_doc("partijen[].kvk").label,
                                 type=_Pattern(r"[0-9]{8}", "een KvK-nummer bestaat uit precies 8 cijfers")),
             "vestigingsplaats": _text("partijen[].vestigingsplaats"),
             "adres": _text("partijen[].adres"),
             "vertegenwoordigers": []}
    grounds = starter_hints().authorities(form)
    public = form == "openbaar lichaam"
    while True:
        _say(f"Vertegenwoordiger {len(party['vertegenwoordigers']) + 1} van {short}, die namens haar tekent:")
        party["vertegenwoordigers"].append({
            "naam": _text("partijen[].vertegenwoordigers[].naam"),
            "functie": _text("partijen[].vertegenwoordigers[].functie",
                             default="burgemeester" if public else "voorzitter raad van bestuur"),
            "bevoegdheid": _choose("partijen[].vertegenwoordigers[].bevoegdheid", default=grounds[0], only=grounds),
        })
        if not _more(f"Nog een vertegenwoordiger van {short}?"):
            return party


def _shares(bearing: list[dict]) -> dict[str, int]:
    _say("Het aandeel van iedere partij die kosten draagt, in procenten; samen precies 100.")
    while True:
        shares = {p["id"]: click.prompt(f"Aandeel van {p['korte_naam']}", type=click.IntRange(0, 100))
                  for p in bearing}
        if sum(shares.values()) == 100:
            return shares
        _say(f"Dat is samen {sum(shares.values())}, niet 100. Nog een keer:")


def _processing(named: tuple[tuple[str, str], ...]) -> dict:
    _say("Noem één verwerking waarbij een partij of een ander als verwerker optreedt; meer kunt u later "
         "in het bestand toevoegen.")
    ids = [i for i, _ in named]
    controller = _choose("gegevensuitwisseling.verwerkingsverantwoordelijke", extra=named, default=ids[0])
    processing = {"naam": _text("gegevensuitwisseling.verwerkingen[].naam"), "verantwoordelijken": [controller]}
    others = [i for i in ids if i != controller]
    answer = click.prompt("Verwerker: een partij-id (" + ", ".join(others) + ") of de naam van een verwerker die "
                          "geen partij is", type=str).strip()
    if answer in others:
        processing["verwerkers"] = [answer]
    else:
        processing["externe_verwerkers"] = [answer]
    return processing


def interview() -> dict:
    """Ask the questions; return the spec as plain values."""
    _say("Een nieuwe spec in een paar vragen. Enter neemt wat tussen [ ] staat; alles kunt u daarna in "
         "het bestand aanpassen of aanvullen.")
    _heading("Samenwerking")
    name = _text("samenwerking.naam")
    short = _text("samenwerking.korte_naam", default=starter_hints().suggest_short_name(name))
    region = {"naam": _text("regio.naam"), "gebied": _text("regio.gebied")}
    region["domeinen"] = _list("Zorgdomein")
    vision = _text("visie")
    goals = _list("Doel")

    _heading("Partijen")
    count = click.prompt("Hoeveel partijen?", type=click.IntRange(2, 50), default=2)
    parties: list[dict] = []
    for number in range(1, count + 1):
        parties.append(_party(number, [p["id"] for p in parties], [p["korte_naam"] for p in parties]))
    ids = [p["id"] for p in parties]
    named = tuple((p["id"], p["korte_naam"]) for p in parties)
    by_id = tuple((p["id"], f"{p['korte_naam']} levert de voorzitter") for p in parties)

    _heading("Document")
    title = _text("document.titel", default=f"Samenwerkingsovereenkomst {name}")
    date = click.prompt(field_doc("document.datum").label, type=_Date(), default=dt.date.today().isoformat())
    document = {"titel": title, "kenmerk": _text("document.kenmerk", default=f"{short}/{date.year}/001"),
                "status": "concept", "versie": "0.1", "datum": date, "auteur": _text("document.auteur")}

    _heading("Besturing en besluitvorming")
    chair = _choose("governance.stuurgroep.voorzitter", default=ids[0], extra=by_id)
    meetings = _ask("governance.stuurgroep.vergaderingen_per_jaar", default=4, kind=click.IntRange(1, 52))
    rule = _choose("besluitvorming.regel", default="consent",
                   only=["unanimiteit", "consent"] if count == 2 else None)
    decisions: dict[str, Any] = {"regel": rule}
    if rule == "gekwalificeerde_meerderheid":
        decisions["meerderheid_procent"] = _ask("besluitvorming.meerderheid_procent", default=66,
                                                kind=click.IntRange(51, 100))
    decisions["quorum"] = _ask("besluitvorming.quorum", default=starter_hints().suggest_quorum(count),
                               kind=click.IntRange(1, count))

    _heading("Geld")
    sources = _choose_many("financiering.bronnen", default="eigen_middelen")
    money: dict[str, Any] = {"bronnen": sources,
                             "penvoerder": _choose("financiering.penvoerder", default=ids[0], extra=named)}
    budget = _ask("financiering.jaarbudget", default="", kind=_Optional(), note="(Enter: geen)")
    if budget is not None:
        money["jaarbudget"] = budget
    method = _choose("financiering.kostenverdeling.methode", default="gelijk")
    money["kostenverdeling"] = {"methode": method}
    if method != "gelijk":
        money["kostenverdeling"]["aandelen"] = _shares([p for p in parties if bears_costs(p)])

    _heading("Gegevens")
    data_role = _choose("gegevensuitwisseling.rol", default="zelfstandig")
    data: dict[str, Any] = {"rol": data_role}
    if data_role == "verwerker":
        data["verwerkingen"] = [_processing(named)]

    _heading("Looptijd en uittreding")
    term = {"ingangsdatum": click.prompt(field_doc("looptijd.ingangsdatum").label, type=_Date(),
                                         default=dt.date(date.year + 1, 1, 1).isoformat()),
            "duur_jaren": _ask("looptijd.duur_jaren", default=4, kind=click.IntRange(1, 20)),
            "verlenging": _choose("looptijd.verlenging", default=field_doc("looptijd.verlenging").default)}
    notice = _ask("uittreding.opzegtermijn_maanden", default=12, kind=click.IntRange(1, 36))

    _heading("Geschillen")
    disputes: dict[str, Any] = {"beslechting": _choose("geschillen.beslechting", default="rechter")}
    if disputes["beslechting"] == "rechter":
        disputes["rechtbank"] = _text("geschillen.rechtbank")

    return {"versie": 1, "document": document, "samenwerking": {"naam": name, "korte_naam": short},
            "partijen": parties, "regio": region, "visie": vision, "doelen": goals,
            "governance": {"stuurgroep": {"voorzitter": chair, "vergaderingen_per_jaar": meetings}},
            "besluitvorming": decisions, "financiering": money, "gegevensuitwisseling": data,
            "looptijd": term, "uittreding": {"opzegtermijn_maanden": notice}, "geschillen": disputes}


def _choose_many(path: str, default: str) -> list:
    doc = field_doc(path)
    click.echo("")
    _say(f"{doc.label}: {doc.help} Noem er een of meer, gescheiden door komma's.")
    width = max(len(str(c.value)) for c in doc.choices)
    for choice in doc.choices:
        click.echo(f"  {str(choice.value):<{width}}  {choice.meaning}")
    values = [str(c.value) for c in doc.choices]
    while True:
        answer = click.prompt(doc.label, default=default)
        chosen = [a.strip() for a in answer.split(",") if a.strip()]
        wrong = [a for a in chosen if a not in values]
        if chosen and not wrong:
            return list(dict.fromkeys(chosen))
        _say(f"Onbekend: {', '.join(wrong)}. Kies uit: {', '.join(values)}." if wrong else "Kies er ten minste één.")


@click.command(context_settings=CONTEXT, options_metavar="[OPTIES]")
@click.argument("spec", metavar="[SPEC]", required=False, type=click.Path(path_type=Path))
@click.option("--voorbeeld", metavar="NAAM",
              help="Kopieer het voorbeeld NAAM (uit samples/) in plaats van vragen te stellen.")
@click.option("--force", "-f", is_flag=True, help="Overschrijf een bestaand bestand.")
def init(spec: Path | None, voorbeeld: str | None, force: bool) -> None:
    """Begin een nieuwe spec: beantwoord een paar vragen, of kopieer een voorbeeld.

    De vragen gaan over wat een eerste concept nodig heeft: de samenwerking en de regio, de
    partijen en wie voor hen tekent, de besluitvorming, het geld, de gegevens, de looptijd en
    geschillen. Bij iedere keuze staat wat zij betekent; Enter neemt de standaard. agreement-gen
    schrijft de spec met toelichting in commentaar, en alleen als hij in orde is en er een
    concept uit te bouwen is. Standaard: overeenkomst.yaml (met --voorbeeld: NAAM.yaml).

    \b
    Voorbeelden:
      agreement-gen init mijn-overeenkomst.yaml
      agreement-gen init --voorbeeld hartnet-noord mijn-overeenkomst.yaml
    """
    if voorbeeld is not None:
        names = sample_names()
        if voorbeeld not in names:
            raise click.BadParameter(f"onbekend voorbeeld '{voorbeeld}'; kies uit: {', '.join(names)}",
                                     param_hint="'--voorbeeld'")
        for written in copy_sample(voorbeeld, spec or Path(f"{voorbeeld}.yaml"), force=force):
            click.echo(f"geschreven: {written}")
        return
    spec = spec or DEFAULT_SPEC
    check_writable(spec, force)  # before the questions, not after
    assembly = write_starter(spec, interview(), force=force)
    agreement = assembly.agreement
    click.echo(f"\ngeschreven: {spec} ({len(agreement.parties)} partijen, {len(agreement.articles)} artikelen); "
               f"bouw het concept met: agreement-gen build {spec}")
