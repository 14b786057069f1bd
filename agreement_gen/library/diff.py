"""``library diff``: what changed between two versions of a clause library, for release notes.

Clauses are matched by id. A change lists the front matter fields that differ and a unified
diff of the text; the report ends with the smallest SemVer step the changes call for.
"""

from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from .clause import Clause, Library
from .pins import version_in_range
from .read import load_library

FIELDS = ("soort", "titel", "term", "vormen", "categorie", "slot", "variant", "voorwaarde", "volgorde",
          "velden", "bronnen", "toelichting", "body")
FIELD_NAMES = {"body": "tekst"}
# What each kind of change means for a spec that pinned the old version.
MAJOR_FIELDS = ("soort", "slot", "variant", "term", "voorwaarde")  # a different clause may be chosen
PATCH_FIELDS = ("categorie", "bronnen", "toelichting")  # the agreement's text stays the same
STEPS = ("patch", "minor", "major")


@dataclass(frozen=True)
class ClauseChange:
    old: Clause
    new: Clause
    fields: tuple[str, ...]

    @property
    def step(self) -> str:
        if any(f in MAJOR_FIELDS for f in self.fields):
            return "major"
        if all(f in PATCH_FIELDS for f in self.fields):
            return "patch"
        return "minor"


@dataclass(frozen=True)
class LibraryDiff:
    old: Library
    new: Library
    added: tuple[Clause, ...]
    removed: tuple[Clause, ...]
    changed: tuple[ClauseChange, ...]
    moved: tuple[ClauseChange, ...]  # same clause, another file

    @property
    def step(self) -> Optional[str]:
        """The SemVer step the changes call for: 'major', 'minor', 'patch' or None (no change)."""
        steps = [c.step for c in self.changed]
        steps += ["major"] * bool(self.removed) + ["minor"] * bool(self.added)
        if set(self.old.spec_versions) - set(self.new.spec_versions):
            steps.append("major")
        return max(steps, key=STEPS.index) if steps else None


def _value(clause: Clause, name: str) -> Any:
    return getattr(clause, name)


def diff_libraries(old: Sequence[Path | str] | Library, new: Sequence[Path | str] | Library) -> LibraryDiff:
    old_lib = old if isinstance(old, Library) else load_library(old)
    new_lib = new if isinstance(new, Library) else load_library(new)
    before = {c.id: c for c in old_lib.clauses}
    after = {c.id: c for c in new_lib.clauses}
    changed, moved = [], []
    for clause_id in before.keys() & after.keys():
        a, b = before[clause_id], after[clause_id]
        fields = tuple(f for f in FIELDS if _value(a, f) != _value(b, f))
        if fields:
            changed.append(ClauseChange(a, b, fields))
        elif _relative(a, old_lib) != _relative(b, new_lib):
            moved.append(ClauseChange(a, b, ()))
    order = {c.id: i for i, c in enumerate(new_lib.clauses)}
    return LibraryDiff(
        old=old_lib,
        new=new_lib,
        added=tuple(c for c in new_lib.clauses if c.id not in before),
        removed=tuple(c for c in old_lib.clauses if c.id not in after),
        changed=tuple(sorted(changed, key=lambda c: order[c.new.id])),
        moved=tuple(sorted(moved, key=lambda c: order[c.new.id])),
    )


def _relative(clause: Clause, library: Library) -> str:
    """The clause file relative to its layer's directory: comparable across two checkouts."""
    try:
        return clause.path.relative_to(library.layer(clause.layer).root).as_posix()
    except (KeyError, ValueError):
        return clause.path.name


def _describe(clause: Clause) -> str:
    title = clause.titel or clause.term
    return f"{clause.id} ({clause.soort}{f' {title!r}' if title else ''})"


def _short(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _next_version(version: str, step: str) -> str:
    major, minor, patch = (int(p) for p in version.split("-")[0].split("."))
    if step == "major":
        return f"{major + 1}.0.0"
    if step == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


_STEP_WORDS = {"major": "hoofdversie", "minor": "subversie", "patch": "patchversie"}


def diff_text(diff: LibraryDiff, with_text: bool = True) -> str:
    """The report of ``library diff``: summary, version advice, changelog, then the text diffs."""
    old, new = diff.old, diff.new
    lines = [f"Bibliotheek: {old.label} -> {new.label}", ""]
    if diff.added:
        lines.append(f"Toegevoegd ({len(diff.added)}):")
        lines += [f"  + {_describe(c)}  {_relative(c, new)}" for c in diff.added]
    if diff.removed:
        lines.append(f"Verwijderd ({len(diff.removed)}):")
        lines += [f"  - {_describe(c)}  {_relative(c, old)}" for c in diff.removed]
    if diff.changed:
        lines.append(f"Gewijzigd ({len(diff.changed)}):")
        for change in diff.changed:
            names = ", ".join(FIELD_NAMES.get(f, f) for f in change.fields)
            lines.append(f"  ~ {_describe(change.new)}: {names}")
            for name in change.fields:
                if name in ("body", "toelichting", "bronnen"):
                    continue
                lines.append(f"      {name}: {_short(_value(change.old, name))} -> {_short(_value(change.new, name))}")
    if diff.moved:
        lines.append(f"Verplaatst ({len(diff.moved)}):")
        lines += [f"  > {c.new.id}: {_relative(c.old, old)} -> {_relative(c.new, new)}" for c in diff.moved]
    step = diff.step
    if step is None:
        lines.append("Geen verschillen in de clausules.")
    else:
        advice = _next_version(old.version, step)
        lines += ["", f"Versieadvies: een nieuwe {_STEP_WORDS[step]}, ten minste {advice}."]
        try:
            behind = not version_in_range(new.version, f">={advice}")
        except ValueError:
            behind = False
        if behind:
            lines.append(f"Let op: de nieuwe bibliotheek heeft versie {new.version}; verhoog 'versie' in "
                         "bibliotheek.yaml en vul het changelog aan.")
    newer = [e for e in _changelog(new) if e.versie not in {x.versie for x in _changelog(old)}]
    for entry in newer:
        lines += ["", f"Changelog {entry.versie} ({entry.datum}):"] + [f"  - {w}" for w in entry.wijzigingen]
    if with_text:
        for change in diff.changed:
            texts = [("tekst", change.old.body.splitlines(), change.new.body.splitlines()),
                     ("toelichting", textwrap.wrap(change.old.toelichting, 90), textwrap.wrap(change.new.toelichting, 90))]
            for label, before, after in texts:
                if before == after:
                    continue
                lines.append("")
                lines += difflib.unified_diff(
                    before, after,
                    fromfile=f"{change.old.location} ({label})", tofile=f"{change.new.location} ({label})",
                    lineterm="", n=1,
                )
    return "\n".join(lines).rstrip() + "\n"


def _changelog(library: Library):
    return [entry for layer in library.layers for entry in layer.changelog]
