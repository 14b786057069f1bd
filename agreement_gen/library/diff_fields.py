"""``library diff`` for what a manifest asks of specs: the library's own fields (``velden``) and
its migration steps (``migraties``), with the SemVer step each change calls for.

A spec of the old version must keep building with a minor or patch release. So a new required
field without a default, a removed field, a narrowed choice, another kind, and any new migration
step call for a major version; a new optional field or another default for a minor one; a new
label or help text for a patch.
"""

from __future__ import annotations

from dataclasses import dataclass

from .clause import Library
from .migrations import steps_until


@dataclass(frozen=True)
class FieldChange:
    path: str  # aanvullend.zorgpad, or the field a migration step changes
    what: str  # nieuw, verwijderd, gewijzigd, migratie
    step: str  # major, minor, patch
    text: str  # in Dutch, for the release notes


def _required(decl) -> bool:
    return decl.required and decl.default is None


def field_changes(old: Library, new: Library) -> tuple[FieldChange, ...]:
    """What changed between the fields and migration steps of ``old`` and ``new``."""
    from packaging.version import InvalidVersion, Version
    try:
        since = Version(old.version)
        steps = [s for s in steps_until(new) if Version(s.version) > since]
    except InvalidVersion:
        steps = steps_until(new)
    set_by_step = {s.path for s in steps if s.kind == "zet"}
    renamed = {s.target: s.path for s in steps if s.kind == "hernoem"}
    before = {d.path: d for d in old.fields}
    after = {d.path: d for d in new.fields}
    out = []
    for path, decl in after.items():
        if path in before:
            continue
        if path in renamed:
            out.append(FieldChange(path, "nieuw", "major", f"nieuw veld ({decl.label}), hernoemd van {renamed[path]}"))
        elif _required(decl) and path not in set_by_step:
            out.append(FieldChange(path, "nieuw", "major", f"nieuw verplicht veld ({decl.label}) zonder standaard en "
                                   "zonder migratiestap: een spec van de vorige versie bouwt er niet mee tot zij het "
                                   "invult; geef een 'standaard' of een stap 'zet' in 'migraties'"))
        elif _required(decl):
            out.append(FieldChange(path, "nieuw", "major", f"nieuw verplicht veld ({decl.label}); de migratie vult het in"))
        else:
            out.append(FieldChange(path, "nieuw", "minor", f"nieuw optioneel veld ({decl.label})"))
    new_name = {old_path: new_path for new_path, old_path in renamed.items()}
    removed_by_step = {s.path for s in steps if s.kind == "verwijder"}
    for path, decl in before.items():
        if path not in after:
            if path in new_name:
                text = f"vervallen veld ({decl.label}), hernoemd naar {new_name[path]}; de migratie zet het om"
            elif path in removed_by_step:
                text = f"vervallen veld ({decl.label}); de migratie haalt het uit de spec"
            else:
                text = (f"vervallen veld ({decl.label}): een spec die het invult, wordt geweigerd; geef een stap "
                        "'verwijder' in 'migraties'")
            out.append(FieldChange(path, "verwijderd", "major", text))
            continue
        old_decl, new_decl = decl, after[path]
        if old_decl == new_decl:
            continue
        breaking = (old_decl.kind != new_decl.kind or set(old_decl.choices or ()) - set(new_decl.choices or ())
                    or (_required(new_decl) and not _required(old_decl))
                    or (new_decl.minimum is not None and (old_decl.minimum is None or new_decl.minimum > old_decl.minimum))
                    or (new_decl.maximum is not None and (old_decl.maximum is None or new_decl.maximum < old_decl.maximum)))
        meaning = breaking or old_decl.default != new_decl.default or old_decl.choices != new_decl.choices
        step = "major" if breaking else "minor" if meaning else "patch"
        words = {"major": "gewijzigd: een spec van de vorige versie kan worden geweigerd",
                 "minor": "gewijzigd: andere standaard of keuzes", "patch": "alleen label of uitleg gewijzigd"}
        out.append(FieldChange(path, "gewijzigd", step, f"{new_decl.label}: {words[step]}"))
    out += [FieldChange(s.path, "migratie", "major", f"migratiestap {s.version}: {s.describe()}") for s in steps]
    return tuple(out)


def field_lines(changes: tuple[FieldChange, ...]) -> list[str]:
    """The changes as lines of the text report (empty without changes)."""
    if not changes:
        return []
    return [f"Velden en migraties ({len(changes)}):"] + [f"  {c.path}: {c.text}" for c in changes]
