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

This module stacks the layers (``read_library``, ``load_library``); the data classes, clause
files, manifests and version pins are in ``clause``, ``frontmatter``, ``manifest`` and ``pins``.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import Mapping, Optional, Sequence

from .. import resources
from ..errors import LibraryError, Problem, display
from .clause import Clause, Layer, Library, SwitchedOff
from .frontmatter import FIXED_BY_REPLACEMENT, FRONT_MATTER_SCHEMA, Raw, build_clause, read_raw
from .fields import check_clashes
from .manifest import MANIFEST_SCHEMA, read_manifest
from .pins import version_in_range
from .rules import RULES_DIR, read_layer_rules
from .validate import LazyValidator
from ..resources import TooManyFiles, walk_files

MAX_LAYER_ENTRIES = 5_000  # files and folders under one layer root; the bundled library has about 100

SEEDS_DIR = "bronnen"  # a library carries the documents its clauses quote here; never clauses


def _suggest(wanted: str, clauses: Mapping[str, Clause]) -> str:
    guess = difflib.get_close_matches(wanted, list(clauses), n=1, cutoff=0.7)
    return f"; bedoelt u '{guess[0]}' ({clauses[guess[0]].location})?" if guess else ""


def read_library(roots: Sequence[Path | str] | None = None) -> tuple[Optional[Library], list[Problem]]:
    """Read and stack the layers in ``roots``; return what could be read and every problem.

    ``load_library`` raises on the problems; ``library check`` reports them with its own.
    """
    roots = tuple(Path(r) for r in (roots or [resources.clauses_dir()]))
    problems: list[Problem] = []
    clause_validator = LazyValidator(FRONT_MATTER_SCHEMA)
    manifest_validator = LazyValidator(MANIFEST_SCHEMA)
    current: dict[str, Clause] = {}  # id -> clause, all layers so far
    off: dict[str, SwitchedOff] = {}
    broken: set[str] = set()  # ids whose file could not be read: do not report knock-on problems
    layers: list[Layer] = []
    rules: dict = {}  # id -> review rule, all layers so far
    rules_off: dict = {}
    for index, root in enumerate(roots):
        if not root.is_dir():
            raise LibraryError(f"{root}: clausulebibliotheek niet gevonden (geen map)")
        layer = read_manifest(root, manifest_validator, problems)
        for other in layers:
            if other.name == layer.name:
                problems.append(Problem(layer.location, f"twee lagen heten '{layer.name}': ook {other.location}"))
        if layer.base:
            _check_base(layer, layers, problems)
        check_clashes(layer, layers, problems)
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
        try:
            files = list(walk_files(root, ".md", MAX_LAYER_ENTRIES))
        except TooManyFiles as exc:
            problems.append(Problem(display(root), str(exc)))
            files = []
        for path in files:
            if path.name.lower() == "readme.md" or path.relative_to(root).parts[0] in (SEEDS_DIR, RULES_DIR):
                continue
            if path.is_symlink():
                problems.append(Problem(display(path), "is een symbolische koppeling; een bibliotheek bevat alleen "
                                                       "gewone bestanden (kopieer het bestand in de laag)"))
                continue
            raw = read_raw(path, problems)
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
            clause = build_clause(raw, layer, target, clause_validator, problems)
            if clause is None:
                if clause_id is not None:
                    broken.add(clause_id)
                continue
            current[clause.id] = clause
        read_layer_rules(root, layer.name, rules, rules_off, problems)
    if not current and not problems:
        problems.append(Problem(", ".join(map(display, roots)), "geen clausules gevonden (*.md)"))
    library = _library(roots, layers, current, off)
    return replace(library, unreadable=frozenset(broken), rules=tuple(rules[k] for k in sorted(rules)),
                   rules_off=tuple(rules_off[k] for k in sorted(rules_off))), problems


def _missing_target(raw: Raw, clause_id: str, index: int, off: Mapping[str, SwitchedOff],
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
    from . import snapshot
    roots = tuple(Path(r) for r in (roots or [resources.clauses_dir()]))
    library, found = snapshot.recall(roots)
    if library is not None:
        return library
    library, problems = read_library(roots)
    if problems:
        raise library_error(problems)
    if found is not None:
        snapshot.keep(found, library)
    return library


def library_error(problems: Sequence[Problem], head: str = "de clausulebibliotheek bevat fouten") -> LibraryError:
    noun = "probleem" if len(problems) == 1 else "problemen"
    return LibraryError(f"{head} ({len(problems)} {noun}):", problems)
