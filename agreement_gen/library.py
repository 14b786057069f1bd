"""Load a clause library: a directory of clause files with YAML front matter.

Every problem in every file is collected before anything is raised, with file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

import cerberus
import jinja2
import yaml

from . import resources
from .errors import LibraryError, Problem
from .templating import compile_condition, make_environment

KINDS = ("artikel", "overweging", "definitie", "bijlage")
CATEGORIES = (
    "doel_visie regionaal_belang reikwijdte fasering rollen governance procescoordinator mandaat "
    "besluitvorming escalatie financiering personeel kwaliteit gegevens monitoring transparantie "
    "geheimhouding mededinging aansprakelijkheid toetreding relatie looptijd uittreding inspraak "
    "geschillen slotbepalingen overwegingen definities bijlagen"
).split()
ID_PATTERN = r"[a-z][a-z0-9_.\-]*"
MANIFEST = "bibliotheek.yaml"

_SOURCE = {
    "type": "dict",
    "schema": {
        "bestand": {"type": "string", "empty": False, "excludes": "grondslag", "dependencies": "citaat"},
        "citaat": {"type": "string", "empty": False, "dependencies": "bestand"},
        "grondslag": {"type": "string", "empty": False, "excludes": ["bestand", "citaat"]},
    },
}

FRONT_MATTER_SCHEMA = {
    "id": {"type": "string", "required": True, "regex": ID_PATTERN},
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
    "bronnen": {"type": "list", "required": True, "minlength": 1, "schema": _SOURCE},
    "toelichting": {"type": "string", "required": True, "empty": False},
    "verwijst_naar": {"type": "list", "schema": {"type": "string"}},
}


@dataclass(frozen=True)
class Source:
    bestand: Optional[str] = None
    citaat: Optional[str] = None
    grondslag: Optional[str] = None

    def __str__(self) -> str:
        if self.grondslag:
            return f"grondslag: {self.grondslag}"
        return f'{self.bestand}: "{self.citaat}"'


@dataclass(frozen=True)
class Clause:
    id: str
    soort: str
    categorie: str
    slot: str
    volgorde: int
    velden: tuple[str, ...]
    bronnen: tuple[Source, ...]
    toelichting: str
    body: str
    path: Path
    body_line: int
    titel: Optional[str] = None
    term: Optional[str] = None
    vormen: tuple[str, ...] = ()
    variant: Optional[str] = None
    voorwaarde: Optional[str] = None
    layer: str = ""
    template: Any = field(default=None, compare=False, repr=False)
    condition: Any = field(default=None, compare=False, repr=False)

    @property
    def location(self) -> str:
        """The file, relative to the working directory where possible, for messages."""
        return _display(self.path)


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    spec_versions: tuple[int, ...]
    roots: tuple[Path, ...]
    clauses: tuple[Clause, ...]

    def by_id(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line on which the body starts)."""
    match = _FRONT.match(text)
    if not match:
        raise ValueError("het bestand begint niet met front matter tussen twee regels '---'")
    front = match.group(1)
    body = text[match.end():]
    return front, body, text[: match.end()].count("\n") + 1


_WS_CONTROL = re.compile(r"(\{%-|-%\})")


def normalise_body(body: str) -> str:
    """Drop Jinja whitespace-control marks on block tags.

    Clause texts are line-structured (a blank line separates leden), and ``trim_blocks`` with
    ``lstrip_blocks`` already remove a tag standing on its own line. A ``{%-`` would also eat
    the line break before it and glue list items together, so it is neutralised here.
    """
    return _WS_CONTROL.sub(lambda m: "{%" if m.group(1) == "{%-" else "%}", body)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _parse_file(path: Path, layer: str, env, problems: list[Problem]) -> Optional[Clause]:
    name = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(name, "het bestand is geen geldige UTF-8-tekst"))
        return None
    try:
        front, body, body_line = split_front_matter(text)
    except ValueError as exc:
        problems.append(Problem(name, str(exc), 1))
        return None
    try:
        meta = yaml.safe_load(front)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark else 1
        problems.append(Problem(name, f"front matter is geen geldige YAML: {exc.problem}", line))
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(name, "front matter moet een groep 'sleutel: waarde'-regels zijn", 2))
        return None
    validator = cerberus.Validator(FRONT_MATTER_SCHEMA, allow_unknown=False)
    if not validator.validate(meta):
        for key, messages in sorted(validator.errors.items()):
            problems.append(Problem(name, f"front matter: {_flatten(messages)}", _front_line(front, key), key))
        return None
    meta = validator.document
    ok = True
    soort = meta["soort"]
    if soort in ("artikel", "bijlage") and not meta.get("titel"):
        problems.append(Problem(name, f"een {soort} heeft een 'titel' nodig", 2, "titel"))
        ok = False
    if soort == "definitie" and not meta.get("term"):
        problems.append(Problem(name, "een definitie heeft een 'term' nodig", 2, "term"))
        ok = False
    try:
        template = env.from_string(normalise_body(body))
    except jinja2.TemplateSyntaxError as exc:
        problems.append(Problem(name, f"Jinja-syntaxfout: {exc.message}", body_line + (exc.lineno or 1) - 1))
        ok = False
        template = None
    condition = None
    if meta.get("voorwaarde"):
        try:
            condition = compile_condition(env, meta["voorwaarde"])
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                Problem(name, f"voorwaarde is geen geldige expressie: {exc.message}",
                        _front_line(front, "voorwaarde"), "voorwaarde")
            )
            ok = False
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
        body=body,
        path=path,
        body_line=body_line,
        titel=meta.get("titel"),
        term=meta.get("term"),
        vormen=tuple(meta.get("vormen") or ()),
        variant=meta.get("variant"),
        voorwaarde=meta.get("voorwaarde"),
        layer=layer,
        template=template,
        condition=condition,
    )


def _flatten(messages: Any) -> str:
    if isinstance(messages, list):
        return "; ".join(_flatten(m) for m in messages)
    if isinstance(messages, dict):
        return "; ".join(f"{k}: {_flatten(v)}" for k, v in messages.items())
    return str(messages)


def _front_line(front: str, key: str) -> int:
    for i, line in enumerate(front.splitlines(), start=2):
        if line.startswith(f"{key}:"):
            return i
    return 2


def _read_manifest(root: Path, problems: list[Problem]) -> dict:
    path = root / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(Problem(_display(path), f"manifest is geen geldige YAML: {exc}"))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(_display(path), "manifest moet een groep 'sleutel: waarde'-regels zijn"))
        return {}
    return data


def load_library(roots: Sequence[Path | str] | None = None) -> Library:
    """Load the clause library from ``roots`` (default: the bundled library).

    Later roots lie over earlier ones: a clause with the same id replaces the earlier one.
    """
    roots = tuple(Path(r) for r in (roots or [resources.clauses_dir()]))
    env = make_environment()
    problems: list[Problem] = []
    by_id: dict[str, Clause] = {}
    first_seen: dict[str, str] = {}
    manifest: dict = {}
    for root in roots:
        if not root.is_dir():
            raise LibraryError(f"{root}: clausulebibliotheek niet gevonden (geen map)")
        manifest = _read_manifest(root, problems) or manifest
        layer = str(manifest.get("naam") or root.name)
        seen_here: dict[str, str] = {}
        files = sorted(root.rglob("*.md"), key=lambda p: p.relative_to(root).as_posix())
        for path in files:
            if path.name.lower() == "readme.md":
                continue
            clause = _parse_file(path, layer, env, problems)
            if clause is None:
                continue
            if clause.id in seen_here:
                problems.append(
                    Problem(_display(path), f"id '{clause.id}' komt ook voor in {seen_here[clause.id]}", path=None)
                )
                continue
            seen_here[clause.id] = _display(path)
            first_seen.setdefault(clause.id, _display(path))
            by_id[clause.id] = clause
    if problems:
        noun = "probleem" if len(problems) == 1 else "problemen"
        raise LibraryError(f"de clausulebibliotheek bevat fouten ({len(problems)} {noun}):", problems)
    if not by_id:
        raise LibraryError(f"{', '.join(map(str, roots))}: geen clausules gevonden (*.md)")
    clauses = tuple(sorted(by_id.values(), key=lambda c: (c.volgorde, c.id)))
    versions = manifest.get("spec_versies") or [1]
    return Library(
        name=str(manifest.get("naam") or roots[-1].name),
        version=str(manifest.get("versie") or "0.0.0"),
        spec_versions=tuple(int(v) for v in versions),
        roots=roots,
        clauses=clauses,
    )
