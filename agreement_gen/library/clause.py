"""The data classes of a loaded library: Source, ChangelogEntry, Layer, Clause, SwitchedOff, Library."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import jinja2
from jinja2 import nodes

from ..errors import display
from .compiled import compiled_texts
from .scan import ENV, normalise_body, parse_expression


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
class Deprecation:
    """``vervalt:`` in a clause's front matter: from ``datum`` on the clause is no longer offered;
    ``vervanging`` is the id of the clause to use instead (None: none), ``reden`` why. ``layer`` is
    the layer whose file says so (a replacement that does not say it inherits it)."""

    datum: dt.date
    vervanging: Optional[str] = None
    reden: Optional[str] = None
    layer: str = ""


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
    fields: tuple = ()  # spec fields it asks for (library.fields.FieldDecl, ``velden``)
    migrations: tuple = ()  # steps for specs of older versions (library.migrations.Step, ``migraties``)

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name

    @property
    def location(self) -> str:
        """The manifest (or the directory), for messages."""
        return display(self.manifest or self.root)

    @property
    def released(self) -> Optional[dt.date]:
        """The release date: the ``datum`` of the changelog entry of this ``version`` (if any)."""
        return next((e.datum for e in self.changelog if e.versie == self.version), None)


class FileEntry:
    """What a clause and a review rule share: the file it stands in (``path``), where each of its
    keys stands (``lines``: ("velden", 2) -> line), and the entry of a lower layer it replaces."""

    UNKNOWN_LINE = 1

    @property
    def location(self) -> str:
        """The file, relative to the working directory where possible, for messages."""
        return display(self.path)

    def line_of(self, *key: Any) -> int:
        """The line of a key (or its nearest parent); ``UNKNOWN_LINE`` if unknown."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.UNKNOWN_LINE

    def __getstate__(self) -> dict:
        """As pickled (library.snapshot): without the compiled templates and parsed texts that
        ``functools.cached_property`` keeps in the instance; they are made again on first use."""
        cached = {name for klass in type(self).__mro__ for name, value in vars(klass).items()
                  if isinstance(value, functools.cached_property)}
        return {name: value for name, value in self.__dict__.items() if name not in cached}

    @property
    def versions(self) -> tuple:
        """This entry and the ones it replaces, newest first."""
        chain, entry = [], self
        while entry is not None:
            chain.append(entry)
            entry = entry.replaces
        return tuple(chain)


@dataclass(frozen=True)
class Clause(FileEntry):
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
    version: str = ""  # derived from the file's content (library.versions)
    vervalt: Optional[Deprecation] = None  # deprecated: see Deprecation

    UNKNOWN_LINE = 2  # the first line of the front matter

    @functools.cached_property
    def template(self) -> jinja2.Template:
        """The compiled text (see ``compiled``: compiled once per text, then cached)."""
        return compiled_texts().template(normalise_body(self.body))

    @functools.cached_property
    def ast(self) -> nodes.Template:
        """The parsed text, for the library checks (a loaded clause's text parses)."""
        return ENV.parse(normalise_body(self.body))

    @functools.cached_property
    def condition_ast(self) -> Optional[nodes.Expr]:
        return parse_expression(self.voorwaarde) if self.voorwaarde else None

    @functools.cached_property
    def condition(self) -> Optional[Callable[..., Any]]:
        return compiled_texts().condition(self.voorwaarde) if self.voorwaarde else None


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
    rules: tuple = ()  # review rules (library.rules.Rule), sorted by id
    rules_off: tuple = ()  # rules a higher layer switched off (library.rules.RuleOff)

    @property
    def fields(self) -> tuple:
        """The spec fields all layers ask for under ``aanvullend`` (library.fields.FieldDecl)."""
        from .fields import merged
        return merged(self.layers)

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

