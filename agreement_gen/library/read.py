"""Load a clause library: one or more layers of clause files with YAML front matter.

A library is a stack of directories (``layers``): a branch organisation's standard library, a
region's layer over it, an agreement's own layer on top. Each directory may carry a manifest
``bibliotheek.yaml`` (name, publisher, semantic version, language, supported spec versions,
changelog). A layer can

- add a clause (a new id; also a new variant in an existing slot),
- replace a clause of a lower layer: ``vervangt: <id>`` in the front matter (the replacement
  keeps the id and inherits soort, titel, term, vormen, categorie, slot, variant, voorwaarde and
  volgorde unless it sets them; it may not change soort, slot, variant or term),
- switch clauses of lower layers off: ``uit: [<id>, ...]`` in its manifest.

Any other use of an existing id is a conflict, so two layers cannot clash silently. Every
problem in every file is collected before anything is raised, with file and line.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

import cerberus
import jinja2
from jinja2 import nodes
from jinja2.parser import Parser

from .. import resources
from ..errors import LibraryError, Problem, display
from ..spec.load import _leaf_errors, _message
from ..templating import compile_condition, make_environment
from ..spec.yamlfile import LineMap, parse_yaml

KINDS = ("artikel", "overweging", "definitie", "bijlage")
CATEGORIES = (
    "doel_visie regionaal_belang reikwijdte fasering rollen governance procescoordinator mandaat "
    "besluitvorming escalatie financiering personeel kwaliteit gegevens monitoring transparantie "
    "geheimhouding mededinging aansprakelijkheid toetreding relatie looptijd uittreding inspraak "
    "geschillen slotbepalingen overwegingen definities bijlagen"
).split()
ID_PATTERN = r"[a-z][a-z0-9_.\-]*"
MANIFEST = "bibliotheek.yaml"
SEEDS_DIR = "bronnen"  # a library carries the documents its clauses quote here; never clauses
MAX_FILE_BYTES = 200_000

# MAJOR.MINOR.PATCH with an optional pre-release tag that sorts the same in SemVer and PEP 440.
SEMVER = r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(alpha|beta|rc)(\.(0|[1-9][0-9]*))?)?"

_PATTERN_HINTS = {
    ID_PATTERN: "gebruik kleine letters, cijfers, '_', '.' en '-', te beginnen met een letter",
    SEMVER: "schrijf een semantische versie MAJOR.MINOR.PATCH, bijvoorbeeld 1.4.0 (of 2.0.0-rc.1)",
}

_SOURCE = {
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
    "bronnen": {"type": "list", "required": True, "minlength": 1, "schema": _SOURCE},
    "toelichting": {"type": "string", "required": True, "empty": False},
    "verwijst_naar": {"type": "list", "schema": {"type": "string"}},
}

# What a replacement takes over from the clause it replaces when it does not say otherwise.
INHERITED = ("soort", "titel", "term", "vormen", "categorie", "slot", "variant", "voorwaarde", "volgorde")
# What a replacement may not change: it would move the clause or break references to it.
FIXED_BY_REPLACEMENT = ("soort", "slot", "variant", "term")

MANIFEST_SCHEMA = {
    "naam": {"type": "string", "required": True, "regex": ID_PATTERN},
    "versie": {"type": "string", "required": True, "regex": SEMVER},
    "uitgever": {"type": "string", "empty": False},
    "beschrijving": {"type": "string", "empty": False},
    "taal": {"type": "string", "regex": r"[a-z]{2}"},
    "spec_versies": {"type": "list", "minlength": 1, "schema": {"type": "integer", "min": 1}},
    "basis": {
        "type": "dict",
        "schema": {"naam": {"type": "string", "required": True, "regex": ID_PATTERN},
                   "versie": {"type": "string", "empty": False}},
    },
    "uit": {"type": "list", "schema": {"type": "string", "regex": ID_PATTERN}},
    "changelog": {
        "type": "list",
        "schema": {
            "type": "dict",
            "schema": {
                "versie": {"type": "string", "required": True, "regex": SEMVER},
                "datum": {"type": "date", "required": True},
                "wijzigingen": {"type": "list", "required": True, "minlength": 1,
                                "schema": {"type": "string", "empty": False}},
            },
        },
    },
}

_ENV = make_environment()


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
class ChangelogEntry:
    versie: str
    datum: Any
    wijzigingen: tuple[str, ...]


@dataclass(frozen=True)
class Layer:
    """One directory of the stack, with what its manifest says (if it has one)."""

    name: str
    root: Path
    version: Optional[str] = None
    manifest: Optional[Path] = None
    publisher: Optional[str] = None
    description: Optional[str] = None
    language: Optional[str] = None
    spec_versions: tuple[int, ...] = ()
    base: Optional[tuple[str, Optional[str]]] = None
    switched_off: tuple[str, ...] = ()
    changelog: tuple[ChangelogEntry, ...] = ()
    lines: Mapping[Any, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name

    @property
    def location(self) -> str:
        """The manifest (or the directory), for messages."""
        return display(self.manifest or self.root)


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
    replaces: Optional["Clause"] = None
    verwijst_naar: tuple[str, ...] = ()
    ref_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)  # (target, line)
    # The front matter as written (before inheritance), and where each key stands: ("velden", 2) -> line.
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # Where each front matter key stands in the file: ("velden", 2) -> line.
    lines: Mapping[Any, int] = field(default_factory=dict, compare=False, repr=False)
    ast: Any = field(default=None, compare=False, repr=False)
    condition_ast: Any = field(default=None, compare=False, repr=False)

    @property
    def location(self) -> str:
        """The file, relative to the working directory where possible, for messages."""
        return display(self.path)

    def line_of(self, *key: Any) -> int:
        """The line of a front matter key (or its nearest parent); 2 if unknown."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 2

    @property
    def versions(self) -> tuple["Clause", ...]:
        """This clause and the ones it replaces, newest first."""
        chain, clause = [], self
        while clause is not None:
            chain.append(clause)
            clause = clause.replaces
        return tuple(chain)

    @functools.cached_property
    def template(self) -> jinja2.Template:
        """The compiled text; compiled on first use (a library holds far more than a draft uses)."""
        return _ENV.from_string(normalise_body(self.body))

    @functools.cached_property
    def condition(self) -> Optional[Callable[..., Any]]:
        return compile_condition(_ENV, self.voorwaarde) if self.voorwaarde else None


@dataclass(frozen=True)
class SwitchedOff:
    """A clause that a higher layer switched off with ``uit:``."""

    clause: Clause
    layer: Layer
    line: int


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    spec_versions: tuple[int, ...]
    roots: tuple[Path, ...]
    clauses: tuple[Clause, ...]
    layers: tuple[Layer, ...] = ()
    switched_off: tuple[SwitchedOff, ...] = ()
    unreadable: frozenset[str] = frozenset()  # ids whose file has problems (read_library only)

    def by_id(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def layer(self, name: str) -> Layer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    @property
    def label(self) -> str:
        """All layers, bottom first: 'standaard 1.0.0 + regio-noord 0.1.0'."""
        return " + ".join(layer.label for layer in self.layers) or f"{self.name} {self.version}"


# --- reading files -------------------------------------------------------------------------

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


def parse_expression(source: str) -> nodes.Expr:
    """Parse a condition the way ``compile_expression`` does, without compiling it."""
    parser = Parser(_ENV, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        token = parser.stream.current
        raise jinja2.TemplateSyntaxError(f"onverwacht '{token.value}' na de expressie", token.lineno)
    return expr


def _read_mapping(text: str, name: str, first_line: int, problems: list[Problem],
                  what: str) -> Optional[tuple[dict, LineMap]]:
    """A YAML mapping with its line numbers, or None after adding the problems to ``problems``."""
    data, lines, found = parse_yaml(text, name, first_line)
    if found:
        problems.extend(found)
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, f"{what} moet een groep 'sleutel: waarde'-regels zijn", first_line))
        return None
    return data, lines


_TYPES = {"string": str, "integer": int, "list": list, "dict": dict, "boolean": bool}


def _plainly_valid(value: Any, rule: dict) -> bool:
    """A quick yes for the rule subset our schemas use; on any doubt Cerberus decides (and words
    the message). Validating every clause of a large library with Cerberus took a third of the load."""
    kind = _TYPES.get(rule.get("type"))
    if kind is None or not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        return False
    if "allowed" in rule and value not in rule["allowed"]:
        return False
    if kind is str:
        return (rule.get("empty", True) or value != "") and ("regex" not in rule or _fullmatch(rule["regex"], value))
    if kind is list:
        item = rule.get("schema")
        return len(value) >= rule.get("minlength", 0) and (item is None or all(_plainly_valid(v, item) for v in value))
    if kind is dict and "schema" in rule:
        return _plainly_valid_mapping(value, rule["schema"])
    return True


def _plainly_valid_mapping(mapping: dict, schema: dict) -> bool:
    return (all(key in schema and _plainly_valid(value, schema[key]) for key, value in mapping.items())
            and all(key in mapping for key, rule in schema.items() if rule.get("required")))


@functools.lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _fullmatch(pattern: str, value: str) -> bool:
    return _compiled(pattern).fullmatch(value) is not None


def _schema_problems(meta: dict, schema: dict, lines: LineMap, name: str, validator: cerberus.Validator,
                     what: str) -> list[Problem]:
    if _plainly_valid_mapping(meta, schema) or validator.validate(meta, normalize=False):
        return []
    out = []
    for error in _leaf_errors(validator._errors):  # the public tree drops the codes
        path = tuple(error.document_path)
        if error.code == cerberus.errors.UNKNOWN_FIELD.code:
            key = str(path[-1])
            allowed = sorted(schema) if len(path) == 1 else []
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            message = f"onbekende sleutel '{key}'" + (f"; bedoelt u '{guess[0]}'?" if guess else "")
        elif error.rule == "regex" and error.constraint in _PATTERN_HINTS:
            message = f"{error.value!r} klopt niet: {_PATTERN_HINTS[error.constraint]}"
        else:
            message = _message(error)
        out.append(Problem(name, f"{what}: {message}", _line(lines, path), _dotted(path)))
    return out


def _line(lines: LineMap, path: tuple) -> Optional[int]:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _dotted(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


@dataclass
class _Raw:
    """A clause file read as far as front matter and body; not yet validated."""

    path: Path
    name: str
    meta: dict
    lines: LineMap
    body: str
    body_line: int

    @property
    def key(self) -> Optional[str]:
        value = self.meta.get("vervangt") or self.meta.get("id")
        return value if isinstance(value, str) else None


def _read_raw(path: Path, problems: list[Problem]) -> Optional[_Raw]:
    name = display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, f"bestand kan niet worden gelezen ({exc.strerror})"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(name, f"bestand is te groot ({len(raw)} bytes; ten hoogste {MAX_FILE_BYTES})"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(name, "het bestand is geen geldige UTF-8-tekst"))
        return None
    try:
        front, body, body_line = split_front_matter(text)
    except ValueError as exc:
        problems.append(Problem(name, str(exc), 1))
        return None
    read = _read_mapping(front, name, 2, problems, "front matter")
    if read is None:
        return None
    meta, lines = read
    return _Raw(path, name, meta, lines, body, body_line)


def _build_clause(raw: _Raw, layer: Layer, target: Optional[Clause], validator: cerberus.Validator,
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
    errors = _schema_problems(meta, FRONT_MATTER_SCHEMA, lines, name, validator, "front matter")
    if errors:
        problems.extend(errors)
        return None
    ok = True

    def problem(message: str, *key: Any) -> None:
        nonlocal ok
        ok = False
        problems.append(Problem(name, message, _line(lines, key) or 2, _dotted(key) or None))

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
    ast = None
    try:
        ast = _ENV.parse(normalise_body(raw.body))
    except jinja2.TemplateSyntaxError as exc:
        problem_line = raw.body_line + (exc.lineno or 1) - 1
        problems.append(Problem(name, f"Jinja-syntaxfout: {exc.message}", problem_line))
        ok = False
    unknown, refs = scan(ast)
    for message, line in unknown:
        problems.append(Problem(name, f"Jinja: {message}", raw.body_line + line - 1))
        ok = False
    condition_ast = None
    if meta.get("voorwaarde"):
        try:
            condition_ast = parse_expression(meta["voorwaarde"])
        except jinja2.TemplateSyntaxError as exc:
            problem(f"voorwaarde is geen geldige expressie: {exc.message}", "voorwaarde")
        else:
            for message, _ in scan(condition_ast)[0]:
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
        ast=ast,
        condition_ast=condition_ast,
    )


def find_all(node: nodes.Node, types) -> Iterable[nodes.Node]:
    """``node`` itself and its descendants of ``types`` (Jinja's find_all skips the node itself)."""
    if isinstance(node, types):
        yield node
    yield from node.find_all(types)


def scan(ast: Optional[nodes.Node]) -> tuple[list[tuple[str, int]], tuple[tuple[str, int], ...]]:
    """One pass over a parsed text or condition: filters and tests the environment does not have
    (Jinja only finds those when compiling), as (message, line); and every ``ref('target')`` with
    a constant target, as (target, line)."""
    unknown, refs = [], []
    if ast is None:
        return unknown, ()
    for node in find_all(ast, (nodes.Filter, nodes.Test, nodes.Call)):
        if isinstance(node, nodes.Call):
            func, args = node.node, node.args
            if (isinstance(func, nodes.Name) and func.name == "ref" and args and isinstance(args[0], nodes.Const)
                    and isinstance(args[0].value, str)):
                refs.append((args[0].value, node.lineno))
            continue
        kind, known = ("filter", _ENV.filters) if isinstance(node, nodes.Filter) else ("test", _ENV.tests)
        if node.name not in known:
            guess = difflib.get_close_matches(node.name, list(known), n=1, cutoff=0.7)
            unknown.append((f"onbekend {kind} '{node.name}'" + (f"; bedoelt u '{guess[0]}'?" if guess else ""),
                            node.lineno))
    return unknown, tuple(refs)


# --- manifests ----------------------------------------------------------------------------


def _read_manifest(root: Path, validator: cerberus.Validator, problems: list[Problem]) -> Layer:
    path = root / MANIFEST
    fallback = Layer(name=root.resolve().name, root=root)
    if not path.is_file():
        return fallback
    name = display(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, f"manifest kan niet worden gelezen ({exc})"))
        return fallback
    read = _read_mapping(text, name, 1, problems, "manifest")
    if read is None:
        return fallback
    data, lines = read
    errors = _schema_problems(data, MANIFEST_SCHEMA, lines, name, validator, "manifest")
    if errors:
        problems.extend(errors)
        usable = isinstance(data.get("naam"), str) and re.fullmatch(ID_PATTERN, data["naam"])
        return Layer(name=data["naam"], root=root, manifest=path, lines=lines) if usable else fallback
    changelog = tuple(ChangelogEntry(e["versie"], e["datum"], tuple(e["wijzigingen"]))
                      for e in data.get("changelog") or ())
    if changelog and data["versie"] not in {e.versie for e in changelog}:
        problems.append(Problem(name, f"het changelog heeft geen regel voor versie {data['versie']}",
                                lines.get(("changelog",)), "changelog"))
    base = data.get("basis")
    return Layer(
        name=data["naam"],
        root=root,
        version=data["versie"],
        manifest=path,
        publisher=data.get("uitgever"),
        description=data.get("beschrijving"),
        language=data.get("taal"),
        spec_versions=tuple(data.get("spec_versies") or ()),
        base=(base["naam"], base.get("versie")) if base else None,
        switched_off=tuple(data.get("uit") or ()),
        changelog=changelog,
        lines=lines,
    )


# --- versions -----------------------------------------------------------------------------


def version_in_range(version: str, wanted: str) -> bool:
    """Whether ``version`` (SemVer) lies in ``wanted`` (``>=1.2,<2``, ``~=1.4``, ``==1.*``, ``1.2.0``).

    Ranges use the PEP 440 specifier syntax through ``packaging``: the syntax Python users
    know, with pre-releases left out unless the range names one. Raises ValueError for a range
    that cannot be read.
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    text = wanted.strip()
    if re.fullmatch(r"[0-9][0-9A-Za-z.\-]*", text):
        text = f"=={text}"
    try:
        specifier = SpecifierSet(text)
    except InvalidSpecifier as exc:
        raise ValueError(f"'{wanted}' is geen geldig versiebereik; schrijf bijvoorbeeld '>=1.2,<2' of '==1.4.0'") from exc
    try:
        return specifier.contains(Version(version))
    except InvalidVersion as exc:
        raise ValueError(f"'{version}' is geen geldige versie") from exc


def check_pin(library: Library, pin: Optional[Mapping[str, Any]], spec_name: str) -> None:
    """Raise LibraryError when the spec's ``bibliotheek: {naam, versie}`` does not fit the library."""
    if not pin or (not pin.get("naam") and not pin.get("versie")):
        return
    if not pin.get("naam"):
        raise LibraryError(f"{spec_name} (bibliotheek.versie): een versie zonder bibliotheek.naam; "
                           "noem ook de naam van de bibliotheek")
    wanted_name, wanted = pin["naam"], pin.get("versie")
    try:
        layer = library.layer(wanted_name)
    except KeyError:
        raise LibraryError(
            f"{spec_name} (bibliotheek.naam): de spec vraagt de bibliotheek '{wanted_name}', maar de gebruikte "
            f"bibliotheek is {library.label} ({', '.join(display(r) for r in library.roots)})"
        ) from None
    if not wanted:
        return
    if not layer.version:
        raise LibraryError(f"{spec_name} (bibliotheek.versie): de spec vraagt {wanted_name} {wanted}, maar "
                           f"{layer.location} noemt geen versie (zet 'versie' in {MANIFEST})")
    try:
        fits = version_in_range(layer.version, wanted)
    except ValueError as exc:
        raise LibraryError(f"{spec_name} (bibliotheek.versie): {exc}") from exc
    if not fits:
        raise LibraryError(
            f"{spec_name} (bibliotheek.versie): de spec vraagt {wanted_name} {wanted}, maar {layer.location} "
            f"is versie {layer.version}; gebruik een versie van de bibliotheek die in het bereik valt, of pas "
            "het bereik in de spec aan nadat een jurist de nieuwe versie heeft beoordeeld"
        )


def layer_roots(spec: Any, libraries: Optional[Sequence[Path | str]] = None) -> list[Path]:
    """The directories to load for ``spec``: ``libraries`` (default: the bundled library),
    then the layers the spec names in ``bibliotheek.lagen``, relative to the spec file."""
    roots = [Path(r) for r in (libraries or [resources.clauses_dir()])]
    pin = spec.data.get("bibliotheek") or {}
    for i, relative in enumerate(pin.get("lagen") or ()):
        base = Path(spec.path).parent if getattr(spec, "path", None) else Path.cwd()
        root = base / relative
        if not root.is_dir():
            raise LibraryError(f"{spec.name} (bibliotheek.lagen[{i + 1}]): laag '{relative}' niet gevonden "
                               f"(gezocht: {display(root)})")
        roots.append(root)
    unique: dict[Path, Path] = {}
    for root in roots:
        unique.setdefault(root.resolve(), root)
    return list(unique.values())


# --- stacking layers ----------------------------------------------------------------------


def _suggest(wanted: str, clauses: Mapping[str, Clause]) -> str:
    guess = difflib.get_close_matches(wanted, list(clauses), n=1, cutoff=0.7)
    return f"; bedoelt u '{guess[0]}' ({clauses[guess[0]].location})?" if guess else ""


def read_library(roots: Sequence[Path | str] | None = None) -> tuple[Optional[Library], list[Problem]]:
    """Read and stack the layers in ``roots``; return what could be read and every problem.

    ``load_library`` raises on the problems; ``library check`` reports them with its own.
    """
    roots = tuple(Path(r) for r in (roots or [resources.clauses_dir()]))
    problems: list[Problem] = []
    clause_validator = cerberus.Validator(FRONT_MATTER_SCHEMA, allow_unknown=False)
    manifest_validator = cerberus.Validator(MANIFEST_SCHEMA, allow_unknown=False)
    current: dict[str, Clause] = {}  # id -> clause, all layers so far
    off: dict[str, SwitchedOff] = {}
    broken: set[str] = set()  # ids whose file could not be read: do not report knock-on problems
    layers: list[Layer] = []
    for index, root in enumerate(roots):
        if not root.is_dir():
            raise LibraryError(f"{root}: clausulebibliotheek niet gevonden (geen map)")
        layer = _read_manifest(root, manifest_validator, problems)
        for other in layers:
            if other.name == layer.name:
                problems.append(Problem(layer.location, f"twee lagen heten '{layer.name}': ook {other.location}"))
        if layer.base:
            _check_base(layer, layers, problems)
        layers.append(layer)
        for i, clause_id in enumerate(layer.switched_off):
            line = layer.lines.get(("uit", i))
            if clause_id in current:
                off[clause_id] = SwitchedOff(current.pop(clause_id), layer, line)
            elif clause_id in off:
                problems.append(Problem(layer.location, f"uit: '{clause_id}' is al uitgezet door "
                                                        f"{off[clause_id].layer.location}", line, f"uit[{i + 1}]"))
            elif clause_id not in broken:
                problems.append(Problem(layer.location, f"uit: geen eerdere laag heeft een clausule '{clause_id}'"
                                        + _suggest(clause_id, current), line, f"uit[{i + 1}]"))
        here: dict[str, str] = {}  # id -> file, in this layer
        files = sorted(root.rglob("*.md"), key=lambda p: p.relative_to(root).as_posix())
        for path in files:
            if path.name.lower() == "readme.md" or path.relative_to(root).parts[0] == SEEDS_DIR:
                continue
            raw = _read_raw(path, problems)
            if raw is None:
                continue
            clause_id = raw.key
            target = None
            if clause_id is None:
                pass  # the schema check reports the missing or broken id
            elif clause_id in here:
                verb = "vervangt" if "vervangt" in raw.meta else "id"
                problems.append(Problem(raw.name, f"{verb} '{clause_id}' komt ook voor in {here[clause_id]}",
                                        raw.lines.get((verb,))))
                continue
            elif "vervangt" in raw.meta:
                target = current.get(clause_id)
                if target is None:
                    if clause_id not in broken:
                        problems.append(_missing_target(raw, clause_id, index, off, current))
                    broken.add(clause_id)
                    continue
                clash = [k for k in FIXED_BY_REPLACEMENT if k in raw.meta and raw.meta[k] != getattr(target, k)]
                if clash:
                    key = clash[0]
                    problems.append(Problem(
                        raw.name,
                        f"conflict: vervangt '{clause_id}' uit {target.location}, maar verandert {key} van "
                        f"'{getattr(target, key)}' in '{raw.meta[key]}'; een vervanging houdt soort, slot, "
                        "variant en term gelijk (voeg anders een nieuwe clausule of variant toe)",
                        raw.lines.get((key,)), key))
                    broken.add(clause_id)
                    continue
            elif clause_id in current:
                problems.append(Problem(
                    raw.name,
                    f"conflict: id '{clause_id}' bestaat al in {current[clause_id].location} (laag "
                    f"{current[clause_id].layer}); schrijf 'vervangt: {clause_id}' om die clausule te vervangen, "
                    "of kies een ander id", raw.lines.get(("id",)), "id"))
                continue
            elif clause_id in off:
                gone = off[clause_id]
                problems.append(Problem(
                    raw.name,
                    f"conflict: id '{clause_id}' is van {gone.clause.location}, die {gone.layer.location} "
                    f"(regel {gone.line}) uitzet; kies een ander id", raw.lines.get(("id",)), "id"))
                continue
            if clause_id is not None:
                here[clause_id] = raw.name
            clause = _build_clause(raw, layer, target, clause_validator, problems)
            if clause is None:
                if clause_id is not None:
                    broken.add(clause_id)
                continue
            current[clause.id] = clause
    if not current and not problems:
        problems.append(Problem(", ".join(map(display, roots)), "geen clausules gevonden (*.md)"))
    library = _library(roots, layers, current, off)
    return replace(library, unreadable=frozenset(broken)), problems


def _missing_target(raw: _Raw, clause_id: str, index: int, off: Mapping[str, SwitchedOff],
                    current: Mapping[str, Clause]) -> Problem:
    line = raw.lines.get(("vervangt",))
    if clause_id in off:
        gone = off[clause_id]
        return Problem(raw.name, f"conflict: vervangt '{clause_id}' uit {gone.clause.location}, maar "
                                 f"{gone.layer.location} (regel {gone.line}) zet die clausule uit", line, "vervangt")
    hint = " (dit is de onderste laag: geef de bibliotheek eronder eerst mee)" if index == 0 else ""
    return Problem(raw.name, f"vervangt '{clause_id}', maar geen eerdere laag heeft een clausule met dit id"
                             + _suggest(clause_id, current) + hint, line, "vervangt")


def _check_base(layer: Layer, below: Sequence[Layer], problems: list[Problem]) -> None:
    name, wanted = layer.base
    line = layer.lines.get(("basis",))
    match = next((other for other in below if other.name == name), None)
    if match is None:
        found = ", ".join(other.label for other in below) or "geen"
        problems.append(Problem(layer.location, f"deze laag ligt over '{name}', maar die ligt er niet onder "
                                                f"(lagen eronder: {found})", line, "basis"))
        return
    if not wanted:
        return
    try:
        fits = bool(match.version) and version_in_range(match.version, wanted)
    except ValueError as exc:
        problems.append(Problem(layer.location, f"basis.versie: {exc}", line, "basis.versie"))
        return
    if not fits:
        problems.append(Problem(layer.location, f"deze laag vraagt {name} {wanted}, maar {match.location} is "
                                                f"versie {match.version or '(geen)'}", line, "basis.versie"))


def _library(roots: tuple[Path, ...], layers: list[Layer], current: Mapping[str, Clause],
             off: Mapping[str, SwitchedOff]) -> Library:
    base = next((layer for layer in layers if layer.version), layers[0] if layers else None)
    declared = [set(layer.spec_versions) for layer in layers if layer.spec_versions]
    versions = set.intersection(*declared) if declared else {1}
    return Library(
        name=base.name if base else roots[-1].name,
        version=(base.version if base else None) or "0.0.0",
        spec_versions=tuple(sorted(versions)),
        roots=roots,
        clauses=tuple(sorted(current.values(), key=lambda c: (c.volgorde, c.id))),
        layers=tuple(layers),
        switched_off=tuple(off.values()),
    )


def load_library(roots: Sequence[Path | str] | None = None) -> Library:
    """Load the clause library from ``roots`` (default: the bundled library), bottom layer first.

    Raises LibraryError with every problem of every layer.
    """
    library, problems = read_library(roots)
    if problems:
        raise library_error(problems)
    return library


def library_error(problems: Sequence[Problem], head: str = "de clausulebibliotheek bevat fouten") -> LibraryError:
    noun = "probleem" if len(problems) == 1 else "problemen"
    return LibraryError(f"{head} ({len(problems)} {noun}):", problems)
