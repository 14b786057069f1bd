"""Clause files: splitting front matter from the text, the front matter schema, and building a
Clause from a file (merged with the clause it replaces), with every problem found."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import jinja2

from ..errors import Problem, display
from ..spec.yamlfile import LineMap
from .clause import Clause, Deprecation, Layer, Source
from .compiled import compiled_texts
from .scan import normalise_body
from .validate import ID_PATTERN, dotted, line_at, read_mapping, schema_problems
from .versions import clause_version, content_digest
from ..resources import read_bounded
from ..templating import dutch_jinja
from ..output import reason

if TYPE_CHECKING:  # Cerberus loads only when the quick check is in doubt (validate)
    import cerberus

KINDS = ("artikel", "overweging", "definitie", "bijlage")
CATEGORIES = (
    "doel_visie regionaal_belang reikwijdte fasering rollen governance procescoordinator mandaat "
    "besluitvorming escalatie financiering personeel kwaliteit gegevens monitoring transparantie "
    "geheimhouding mededinging aansprakelijkheid toetreding relatie looptijd uittreding inspraak "
    "geschillen slotbepalingen overwegingen definities bijlagen"
).split()
MAX_FILE_BYTES = 200_000

SOURCE_RULE = {  # a source in front matter and in a review rule
    "type": "dict",
    "schema": {
        "bestand": {"type": "string", "empty": False},
        "citaat": {"type": "string", "empty": False},
        "grondslag": {"type": "string", "empty": False},
    },
}

FRONT_MATTER_SCHEMA = {
    "id": {"type": "string", "required": True, "regex": ID_PATTERN},
    "vervangt": {"type": "string", "regex": ID_PATTERN},
    "soort": {"type": "string", "required": True, "allowed": list(KINDS)},
    "titel": {"type": "string", "empty": False},
    "term": {"type": "string", "empty": False},
    "vormen": {"type": "list", "schema": {"type": "string", "empty": False}, "default": []},
    "categorie": {"type": "string", "required": True, "allowed": CATEGORIES},
    "slot": {"type": "string", "regex": ID_PATTERN},
    "variant": {"type": "string", "empty": False},
    "voorwaarde": {"type": "string", "empty": False},
    "volgorde": {"type": "integer", "required": True},
    "velden": {"type": "list", "required": True, "schema": {"type": "string", "empty": False}},
    "bronnen": {"type": "list", "required": True, "minlength": 1, "schema": SOURCE_RULE},
    "toelichting": {"type": "string", "required": True, "empty": False},
    "verwijst_naar": {"type": "list", "schema": {"type": "string"}},
    "vervalt": {  # deprecated from 'datum' on (docs/clausules.md)
        "type": "dict",
        "schema": {
            "datum": {"type": "date", "required": True},
            "vervanging": {"type": "string", "regex": ID_PATTERN},
            "reden": {"type": "string", "empty": False},
        },
    },
}

# What a replacement takes over from the clause it replaces when it does not say otherwise.
INHERITED = ("soort", "titel", "term", "vormen", "categorie", "slot", "variant", "voorwaarde", "volgorde")
# What a replacement may not change: it would move the clause or break references to it.
FIXED_BY_REPLACEMENT = ("soort", "slot", "variant", "term")

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)

def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line on which the body starts)."""
    match = _FRONT.match(text)
    if not match:
        raise ValueError("het bestand begint niet met front matter tussen twee regels '---'")
    front = match.group(1)
    body = text[match.end():]
    return front, body, text[: match.end()].count("\n") + 1


@dataclass
class Raw:
    """A clause file read as far as front matter and body; not yet validated."""

    path: Path
    name: str
    meta: dict
    lines: LineMap
    body: str
    body_line: int
    digest: str = ""  # SHA-256 of the normalised file text (versions.content_digest)

    @property
    def key(self) -> Optional[str]:
        value = self.meta.get("vervangt") or self.meta.get("id")
        return value if isinstance(value, str) else None


def read_text(path: Path, limit: int, problems: list[Problem], what: str = "bestand") -> Optional[str]:
    """The UTF-8 text of a library file of at most ``limit`` bytes, or None with the problem noted
    (``what`` names the kind of file in the message: "bestand", "regelbestand")."""
    name = display(path)
    try:
        raw = read_bounded(path, limit)
    except OSError as exc:
        problems.append(Problem(name, f"{what} kan niet worden gelezen ({reason(exc)})"))
        return None
    if len(raw) > limit:
        problems.append(Problem(name, f"{what} is te groot (meer dan {limit} bytes)"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(name, f"het {what} is geen geldige UTF-8-tekst"))
        return None


def read_raw(path: Path, problems: list[Problem]) -> Optional[Raw]:
    name = display(path)
    text = read_text(path, MAX_FILE_BYTES, problems)
    if text is None:
        return None
    try:
        front, body, body_line = split_front_matter(text)
    except ValueError as exc:
        problems.append(Problem(name, str(exc), 1))
        return None
    read = read_mapping(front, name, 2, problems, "front matter")
    if read is None:
        return None
    meta, lines = read
    return Raw(path, name, meta, lines, body, body_line, content_digest(text))


def build_clause(raw: Raw, layer: Layer, target: Optional[Clause], validator: cerberus.Validator,
                 problems: list[Problem]) -> Optional[Clause]:
    """Validate a raw clause (merged with the clause it replaces) and parse its text."""
    name, lines = raw.name, raw.lines
    meta = dict(raw.meta)
    replaced = meta.get("vervangt")
    if isinstance(replaced, str):
        if "id" in meta and meta["id"] != replaced:
            problems.append(Problem(name, f"een vervanging houdt het id van wat zij vervangt: laat 'id' weg of "
                                          f"schrijf 'id: {replaced}'", lines.get(("id",), 2), "id"))
            return None
        meta["id"] = replaced
        if target is not None:
            for key in INHERITED:
                value = getattr(target, key)
                if key not in meta and value not in (None, ()):
                    meta[key] = list(value) if isinstance(value, tuple) else value
    errors = schema_problems(meta, FRONT_MATTER_SCHEMA, lines, name, validator, "front matter")
    if errors:
        problems.extend(errors)
        return None
    ok = True

    def problem(message: str, *key: Any) -> None:
        nonlocal ok
        ok = False
        problems.append(Problem(name, message, line_at(lines, key) or 2, dotted(key) or None))

    soort = meta["soort"]
    if soort in ("artikel", "bijlage") and not meta.get("titel"):
        problem(f"een {soort} heeft een 'titel' nodig", "titel")
    if soort == "definitie" and not meta.get("term"):
        problem("een definitie heeft een 'term' nodig", "term")
    if not meta["toelichting"].strip():
        problem("de toelichting is leeg; schrijf advies voor de opsteller", "toelichting")
    for i, source in enumerate(meta["bronnen"]):
        if source.get("grondslag") and (source.get("bestand") or source.get("citaat")):
            problem(f"bron {i + 1}: geef óf 'bestand' met 'citaat', óf een 'grondslag', niet beide", "bronnen", i)
        elif not source.get("grondslag") and not (source.get("bestand") and source.get("citaat")):
            problem(f"bron {i + 1}: geef 'bestand' met 'citaat' (een passage uit de brondocumenten) "
                    "of een 'grondslag' (wet of praktijk)", "bronnen", i)
    deprecation = _deprecation(meta, layer, target, problem)
    unknown, refs = [], ()
    try:
        entry = compiled_texts().entry(normalise_body(raw.body))
    except jinja2.TemplateSyntaxError as exc:
        problem_line = raw.body_line + (exc.lineno or 1) - 1
        problems.append(Problem(name, f"Jinja-syntaxfout: {dutch_jinja(exc.message)}", problem_line))
        ok = False
    else:
        unknown, refs = entry.unknown, entry.refs
    for message, line in unknown:
        problems.append(Problem(name, f"Jinja: {message}", raw.body_line + line - 1))
        ok = False
    if meta.get("voorwaarde"):
        try:
            condition = compiled_texts().condition_entry(meta["voorwaarde"])
        except jinja2.TemplateSyntaxError as exc:
            problem(f"voorwaarde is geen geldige expressie: {dutch_jinja(exc.message)}", "voorwaarde")
        else:
            for message, _ in condition.unknown:
                problem(f"voorwaarde: {message}", "voorwaarde")
    if not ok:
        return None
    return Clause(
        id=meta["id"],
        soort=soort,
        categorie=meta["categorie"],
        slot=meta.get("slot") or meta["id"],
        volgorde=meta["volgorde"],
        velden=tuple(meta["velden"]),
        bronnen=tuple(Source(**s) for s in meta["bronnen"]),
        toelichting=" ".join(meta["toelichting"].split()),
        body=raw.body,
        path=raw.path,
        body_line=raw.body_line,
        titel=meta.get("titel"),
        term=meta.get("term"),
        vormen=tuple(meta.get("vormen") or ()),
        variant=meta.get("variant"),
        voorwaarde=meta.get("voorwaarde"),
        layer=layer.name,
        replaces=target,
        verwijst_naar=tuple(dict.fromkeys(target for target, _ in refs)),
        ref_lines=tuple((target, raw.body_line + line - 1) for target, line in refs),
        meta=raw.meta,
        lines=lines,
        version=clause_version(raw.digest, target.version if target is not None else None),
        vervalt=deprecation,
    )


def _deprecation(meta: dict, layer: Layer, target: Optional[Clause], problem) -> Optional[Deprecation]:
    """The clause's ``vervalt:`` (checked as far as one file allows), or the one it inherits from
    the clause it replaces: a layer may deprecate a clause it replaces, not lift a deprecation."""
    given = meta.get("vervalt")
    if given is None:
        return target.vervalt if target is not None else None
    when = given["datum"]
    if isinstance(when, dt.datetime):  # PyYAML reads 2027-07-01T00:00 as a datetime, a date subclass
        problem("vervalt.datum: geef een datum zonder tijd (JJJJ-MM-DD)", "vervalt", "datum")
    if given.get("vervanging") == meta["id"]:
        problem("vervalt.vervanging: een clausule kan niet zichzelf vervangen; noem de clausule die "
                "in haar plaats komt", "vervalt", "vervanging")
    return Deprecation(when, given.get("vervanging"), " ".join(given["reden"].split()) if given.get("reden") else None,
                       layer.name)
