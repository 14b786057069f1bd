"""``library check``: everything a library maintainer can get wrong, reported at once.

On top of what loading already refuses (front matter against its schema, duplicate ids, layer
conflicts, Jinja syntax, unknown filters, conditions that do not parse), this module reads the
clause texts and conditions statically:

- placeholders and conditions may only use fields the spec format has (``schema.SCHEMA``);
  loop variables, ``{% set %}`` names and the context functions are followed, not flagged;
- ``velden`` says exactly which spec fields the text and condition use;
- ``ref('x')`` points at an article or annex that exists;
- a slot whose variants choose on ``field == 'value'`` has a variant for every value the
  schema allows;
- sources cite a seed file that exists and a quote that is in it (OCR-tolerant where the
  seed is OCR output), and every clause has guidance;
- manifests carry what a published library needs; a Word template has the styles the
  renderer uses;
- review rules (``regels/``): fields, remedy, articles and sources (``check_rules``);
- deprecated clauses (``vervalt:``): listed as notes; a replacement that exists and stays, and no
  release on or after a deprecation's date that still offers the clause (``deprecation``).

The checks live in ``check_fields``, ``check_clauses`` and ``check_sources``; this module
checks the manifests and runs them all (``check_library``).

Pure analysis: no clause is rendered, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Sequence

from ..errors import Problem, display
from .check_clauses import check_computation, check_references, check_slots, check_terms
from .check_fields import check_fields, rule_at
from .fields import schema_for
from .check_rules import check_rules
from .check_sources import Sources
from .deprecation import check_deprecations
from .clause import Clause, Library
from .manifest import MANIFEST
from .read import SEEDS_DIR, read_library


def default_seeds_dir() -> Path:
    """``../shared/seeds`` next to the checkout of agreement-gen."""
    return Path(__file__).resolve().parents[3] / "shared" / "seeds"


@dataclass(frozen=True)
class CheckReport:
    library: Optional[Library]
    problems: tuple[Problem, ...]
    notes: tuple[str, ...] = ()
    clauses_checked: int = 0
    rules_checked: int = 0



def seed_dirs(library: Library) -> list[Path]:
    """Where the seed files are: each layer's own ``bronnen/`` (top layer first), then ``../shared/seeds``."""
    dirs = [layer.root / SEEDS_DIR for layer in reversed(library.layers)] + [default_seeds_dir()]
    return [d for d in dirs if d.is_dir()]


def seed_title_dirs(library: Library) -> list[Path]:
    """Where to read the seeds' titles: ``seed_dirs``, then the bundled library's ``bronnen/``
    (a layer without seeds of its own, such as a test library, cites the same five documents;
    ``../shared/seeds`` exists only beside a developer's checkout)."""
    from .. import resources

    bundled = resources.clauses_dir() / SEEDS_DIR
    dirs = seed_dirs(library)
    return dirs + [bundled] if bundled.is_dir() and bundled not in dirs else dirs


# --- manifests and templates -----------------------------------------------------------------


def _check_layers(library: Library, out: list[Problem]) -> None:
    """A published library (the bottom layer) says who publishes it, in which language, for which
    spec versions, and what changed. A layer above it needs a manifest only to name itself, to
    switch clauses off or to require a base version."""
    if not library.layers:
        return
    bottom = library.layers[0]
    if bottom.manifest is None:
        out.append(Problem(display(bottom.root), f"geen {MANIFEST}: een bibliotheek heeft een manifest met naam, "
                                                 "versie, uitgever, taal, spec_versies en changelog"))
        return
    if not bottom.version:
        return  # the manifest itself is broken: loading reported it
    present = {"uitgever": bottom.publisher, "taal": bottom.language, "spec_versies": bottom.spec_versions,
               "changelog": bottom.changelog}
    for key, value in present.items():
        if not value:
            out.append(Problem(bottom.location, f"manifest: '{key}' ontbreekt; een gepubliceerde bibliotheek noemt het",
                               1, key))


# --- all together ----------------------------------------------------------------------------


def all_versions(library: Library) -> Iterator[Clause]:
    """Every clause file of the stack: active clauses, what they replace, what was switched off."""
    for clause in list(library.clauses) + [s.clause for s in library.switched_off]:
        yield from clause.versions


def check_library(roots: Sequence[Path | str] | None = None, seeds: Optional[Path] = None,
                  extra: Sequence[Problem] = ()) -> CheckReport:
    """Run every check on the stack ``roots``; collect every problem (and ``extra`` ones, such as a
    template's), sorted by file and line."""
    library, problems = read_library(roots)
    problems = list(problems)
    notes = []
    if seeds is not None and not Path(seeds).is_dir():
        problems.append(Problem(display(Path(seeds)), "map met brondocumenten niet gevonden"))
    dirs = [Path(seeds)] if seeds is not None else seed_dirs(library)
    sources = Sources(dirs) if dirs and all(d.is_dir() for d in dirs) else None
    if seeds is None and sources is None:
        notes.append(f"brondocumenten niet gevonden (geen map {SEEDS_DIR}/ in de bibliotheek, geen "
                     f"{display(default_seeds_dir())}); citaten niet gecontroleerd (geef --bronnen MAP)")
    _check_layers(library, problems)
    active = library.clauses
    targets: dict[str, Clause] = {}
    for clause in active:
        targets.setdefault(clause.id, clause)
    for clause in active:
        if clause.soort in ("artikel", "bijlage"):
            targets.setdefault(clause.slot, clause)
    checked = 0
    schema = schema_for(library.fields)
    for clause in all_versions(library):
        checked += 1
        check_fields(clause, problems, schema)
        check_references(clause, targets, library, problems)
        check_computation(clause, problems)
        if sources is not None:
            sources.check(clause, problems)
    _check_migrations(library, schema, problems)
    check_slots(active, problems)
    check_terms(active, problems)
    notes += check_deprecations(library, problems)
    rules_checked = check_rules(library, sources, problems)
    problems.extend(extra)
    unique = sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line or 0, p.message))
    return CheckReport(library, tuple(unique), tuple(notes), checked, rules_checked)


def _check_migrations(library: Library, schema: dict, problems: list[Problem]) -> None:
    """A migration step must lead to a field the spec has now (``naar``, ``zet``), and may not remove
    one it still has (``verwijder``): else migrated specs would not build."""
    for layer in library.layers:
        for step in layer.migrations:
            target = step.target if step.kind == "hernoem" else step.path
            exists = rule_at(target.replace("[]", ""), schema) is not None
            if step.kind in ("hernoem", "zet") and not exists:
                word = "naar" if step.kind == "hernoem" else "veld"
                problems.append(Problem(layer.location, f"migraties ({step.version}): {word} '{target}' is geen veld "
                                        "van het specformaat of van de velden van deze bibliotheek", step.line))
            elif step.kind == "verwijder" and exists:
                problems.append(Problem(layer.location, f"migraties ({step.version}): verwijder '{target}', maar de "
                                        "spec heeft dat veld nog", step.line))

