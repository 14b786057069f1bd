"""``library diff``: what changed between two versions of a clause library, for release notes.

Clauses are matched by id. Each clause that differs falls in one category, in the words a
maintainer publishes (``CATEGORIES``): nieuw, gewijzigd in betekenis, redactioneel (only guidance,
sources or category, or a text or title whose change is editorial by ``wording.editorial_only``),
vervallen (newly deprecated, or its deprecation changed) and verwijderd. A change lists the front
matter fields that differ and a word-level excerpt of the text and the guidance
(``wording.excerpts``); the report ends with the smallest SemVer step the changes call for and the
new changelog lines. ``diff_text`` is the report for a terminal, ``diff_markdown`` a release page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from .clause import Clause, Library
from .diff_fields import field_changes, field_lines
from .pins import version_in_range
from .read import load_library
from .wording import editorial_only, excerpts, markdown_text

FIELDS = ("soort", "titel", "term", "vormen", "categorie", "slot", "variant", "voorwaarde", "volgorde",
          "velden", "bronnen", "toelichting", "body", "vervalt")
FIELD_NAMES = {"body": "tekst"}
# What each kind of change means for a spec that pinned the old version.
MAJOR_FIELDS = ("soort", "slot", "variant", "term", "voorwaarde")  # a different clause may be chosen
PATCH_FIELDS = ("categorie", "bronnen", "toelichting")  # the agreement's text stays the same
EDITORIAL_TEXT = ("body", "titel")  # editorial when only whitespace, punctuation or typography changed
STEPS = ("patch", "minor", "major")
# The categories of the release notes, in their order, with their headings.
CATEGORIES = {"nieuw": "Nieuw", "betekenis": "Gewijzigd in betekenis", "redactioneel": "Redactioneel",
              "vervallen": "Vervallen", "verwijderd": "Verwijderd"}


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

    @property
    def category(self) -> str:
        """'vervallen', 'redactioneel' or 'betekenis' (see the module)."""
        if self.new.vervalt is not None and self.new.vervalt != self.old.vervalt:
            return "vervallen"
        if all(f in PATCH_FIELDS or (f in EDITORIAL_TEXT and editorial_only(getattr(self.old, f) or "",
                                                                               getattr(self.new, f) or ""))
               for f in self.fields):
            return "redactioneel"
        return "betekenis"

    def excerpts(self, markdown: bool = False) -> list[tuple[str, list[str]]]:
        """(label, word-level excerpts) for the text, title and guidance, where they changed."""
        return [(FIELD_NAMES.get(f, f), excerpts(getattr(self.old, f) or "", getattr(self.new, f) or "",
                                                 markdown=markdown))
                for f in ("titel", "body", "toelichting") if f in self.fields]


@dataclass(frozen=True)
class LibraryDiff:
    old: Library
    new: Library
    added: tuple[Clause, ...]
    removed: tuple[Clause, ...]
    changed: tuple[ClauseChange, ...]
    moved: tuple[ClauseChange, ...]  # same clause, another file
    fields: tuple = ()  # the manifest's fields and migration steps (diff_fields.FieldChange)

    def category(self, name: str) -> tuple:
        """The clauses (``nieuw``, ``verwijderd``) or changes of category ``name``."""
        if name == "nieuw":
            return self.added
        if name == "verwijderd":
            return self.removed
        return tuple(c for c in self.changed if c.category == name)

    @property
    def step(self) -> Optional[str]:
        """The SemVer step the changes call for: 'major', 'minor', 'patch' or None (no change)."""
        steps = [c.step for c in self.changed]
        steps += ["major"] * bool(self.removed) + ["minor"] * bool(self.added)
        steps += [change.step for change in self.fields]
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
        fields=field_changes(old_lib, new_lib),
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


def _deprecation(clause: Clause) -> str:
    """'vervalt per 1 juli 2027; vervanging 'x'' (or that it no longer does)."""
    from ..templating import f_datum
    gone = clause.vervalt
    if gone is None:
        return "vervalt niet (meer)"
    text = f"vervalt per {f_datum(gone.datum)}; " + (f"vervanging '{gone.vervanging}'" if gone.vervanging
                                                     else "zonder vervanging")
    return text + (f" ({gone.reden})" if gone.reden else "")


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


def advice_lines(diff: LibraryDiff) -> list[str]:
    """The SemVer advice (and a warning when the new version is too low); empty without changes."""
    step = diff.step
    if step is None:
        return []
    advice = _next_version(diff.old.version, step)
    lines = [f"Versieadvies: een nieuwe {_STEP_WORDS[step]}, ten minste {advice}."]
    try:
        behind = not version_in_range(diff.new.version, f">={advice}")
    except ValueError:
        behind = False
    if behind:
        lines.append(f"Let op: de nieuwe bibliotheek heeft versie {diff.new.version}; verhoog 'versie' in "
                     "bibliotheek.yaml en vul het changelog aan.")
    return lines


def new_changelog(diff: LibraryDiff) -> list:
    """The changelog entries of the new library that the old one does not have."""
    known = {e.versie for e in _changelog(diff.old)}
    return [e for e in _changelog(diff.new) if e.versie not in known]


def _field_lines(change: ClauseChange) -> list[str]:
    """One line per changed field that is short enough to show whole."""
    lines = []
    for name in change.fields:
        if name in ("body", "toelichting", "bronnen"):
            continue
        if name == "vervalt":
            lines.append(f"      {_deprecation(change.new)}")
            continue
        lines.append(f"      {name}: {_short(_value(change.old, name))} -> {_short(_value(change.new, name))}")
    return lines


def diff_text(diff: LibraryDiff, with_text: bool = True) -> str:
    """The report of ``library diff``: per category the clauses (changes with their fields and,
    ``with_text``, word-level excerpts), the moved files, version advice and the changelog."""
    old, new = diff.old, diff.new
    lines = [f"Bibliotheek: {old.label} -> {new.label}", ""]
    for name, heading in CATEGORIES.items():
        items = diff.category(name)
        if not items:
            continue
        lines.append(f"{heading} ({len(items)}):")
        if name in ("nieuw", "verwijderd"):
            sign, side = ("+", new) if name == "nieuw" else ("-", old)
            lines += [f"  {sign} {_describe(c)}  {_relative(c, side)}" for c in items]
            continue
        for change in items:
            names = ", ".join(FIELD_NAMES.get(f, f) for f in change.fields)
            lines.append(f"  ~ {_describe(change.new)}: {names}")
            lines += _field_lines(change)
            if with_text:
                for label, found in change.excerpts():
                    lines += [f"      {label}: {found[0]}"] + [f"      {' ' * len(label)}  {x}" for x in found[1:]]
    if diff.moved:
        lines.append(f"Verplaatst ({len(diff.moved)}):")
        lines += [f"  > {c.new.id}: {_relative(c.old, old)} -> {_relative(c.new, new)}" for c in diff.moved]
    lines += field_lines(diff.fields)
    advice = advice_lines(diff)
    lines += [""] + advice if advice else ["Geen verschillen in de clausules."]
    for entry in new_changelog(diff):
        lines += ["", f"Changelog {entry.versie} ({entry.datum}):"] + [f"  - {w}" for w in entry.wijzigingen]
    return "\n".join(lines).rstrip() + "\n"


def diff_markdown(diff: LibraryDiff) -> str:
    """A release page in Markdown: the library and its versions, the new changelog lines, the
    version advice, then a heading per category with each clause and its word-level excerpts."""
    old, new = diff.old, diff.new
    md = markdown_text
    lines = [f"# {md(new.name)} {new.version}", "",
             f"Wijzigingen in de clausulebibliotheek **{md(new.name)}** van versie {old.version} naar "
             f"{new.version} (`{old.label}` naar `{new.label}`).", ""]
    for entry in new_changelog(diff):
        lines += [f"## Changelog {entry.versie} ({entry.datum})", ""] + [f"- {md(w)}" for w in entry.wijzigingen] + [""]
    lines += ["## Versieadvies", ""] + (advice_lines(diff) or ["Geen verschillen in de clausules."]) + [""]
    for name, heading in CATEGORIES.items():
        items = diff.category(name)
        lines += [f"## {heading} ({len(items)})", ""]
        if not items:
            lines += ["Geen.", ""]
            continue
        for item in items:
            clause = item if isinstance(item, Clause) else item.new
            title = clause.titel or clause.term
            entry = f"- `{clause.id}` ({clause.soort}{f' *{md(title)}*' if title else ''})"
            if isinstance(item, Clause):
                lines.append(f"{entry}: `{_relative(clause, new if name == 'nieuw' else old)}`")
                continue
            names = ", ".join(FIELD_NAMES.get(f, f) for f in item.fields)
            if "vervalt" in item.fields:
                names = ", ".join([md(_deprecation(item.new))] + [n for n in names.split(", ") if n != "vervalt"])
            lines.append(f"{entry}: {names}")
            for label, found in item.excerpts(markdown=True):
                lines += [f"  - {label}: {x}" for x in found]
        lines.append("")
    if diff.fields:
        lines += [f"## Velden en migraties ({len(diff.fields)})", ""]
        lines += [f"- `{c.path}`: {md(c.text)}" for c in diff.fields] + [""]
    if diff.moved:
        lines += [f"## Verplaatst ({len(diff.moved)})", ""]
        lines += [f"- `{c.new.id}`: `{_relative(c.old, old)}` naar `{_relative(c.new, new)}`" for c in diff.moved]
    return "\n".join(lines).rstrip() + "\n"


def _changelog(library: Library):
    return [entry for layer in library.layers for entry in layer.changelog]
