"""``agreement-gen upgrade``: build one spec with the library it builds with today and with a target
library version, compare the clauses and write a redline of the agreement before -> after."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from ..assembly.assemble import assemble
from ..assembly.explain import deprecation_lines
from ..errors import OutputError, SpecError, display
from ..library.choose import library_roots, spec_layers, unique_roots
from ..library.clause import Library
from ..library.pins import check_pin
from ..library.read import load_library
from ..library.stores import target_library
from ..output import check_writable, write_atomic
from ..redline.compare import compare
from ..redline.version import Redline, version_from_agreement
from ..spec.load import load_spec, validate_spec
from ..spec.yamlfile import load_yaml, read_text
from .clauses import ClauseChange, compare_uses


@dataclass(frozen=True)
class Upgrade:
    spec: str
    before: str  # "proefbibliotheek 1.0.0 (tests/.../proef-1.0.0)"
    after: str
    clauses: tuple[ClauseChange, ...]
    redline: Optional[Redline]  # None: the text of the agreement does not change
    spec_changes: tuple[str, ...] = ()  # what the spec migration changed (migrate_spec)
    notes: tuple[str, ...] = ()

    def of(self, status: str) -> list[ClauseChange]:
        return [c for c in self.clauses if c.status == status]


def migrate_spec(data: dict, from_library: Library, to_library: Library) -> tuple[dict, tuple[str, ...]]:
    """The spec's data as the target library wants it: its migration steps (``migraties``, the
    same ones ``agreement-gen migrate`` applies to the file) for the versions after the library
    the spec builds with today, and what they changed, in Dutch."""
    from ..library.spec_migration import migrate_data
    new, changes = migrate_data(data, from_library, to_library)
    return new, tuple(str(change) for change in changes)


def _label(library: Library, where: Optional[str] = None) -> str:
    return f"{library.label} ({where or ', '.join(display(root) for root in library.roots)})"


def upgrade(spec_path: Path | str, target: str, out: Optional[Path | str] = None,
            libraries: Optional[Sequence[Path | str]] = None, archives: Sequence[Path | str] = (),
            template: Optional[Path | str] = None, force: bool = False, author: Optional[str] = None,
            date: Optional[dt.datetime] = None, write: bool = True) -> Upgrade:
    """Move the spec at ``spec_path`` to the library ``target`` (a folder, a .zip release, or
    ``NAAM[@VERSIE]`` from the archive stores, see ``stores.target_library``), the spec's own layers
    on top of it; compare with the build of today (``libraries``/``archives`` and its pin, as
    ``build``). Writes the redline to ``out`` (default ``SPEC-naar-VERSIE.docx``) unless the text of
    the agreement does not change, or ``write`` is off (then ``redline.path`` is None)."""
    spec_path = Path(spec_path)
    spec = load_spec(spec_path)
    raw, lines = load_yaml(read_text(spec_path, spec.name), spec.name)
    chosen = library_roots(spec, libraries, archives)
    old_library = load_library(list(chosen.roots))
    check_pin(old_library, spec.data.get("bibliotheek"), spec.name)
    root, where = target_library(target, archives)
    new_library = load_library(list(unique_roots([root] + spec_layers(spec))))
    # a value the new version asks for and the old one does not know is already in the spec: the old
    # side is built as if it were not there (it could not change the old text)
    old_data = _without_fields(raw, {d.name for d in new_library.fields} - {d.name for d in old_library.fields})
    before = assemble(spec if old_data == raw else validate_spec(old_data, lines, spec.name, spec.sha256), old_library)
    out = Path(out) if out is not None else Path(f"{spec_path.stem}-naar-{new_library.version}.docx")
    if out.suffix.lower() != ".docx":
        raise OutputError(f"{out}: de redline is een Word-document; geef een naam die op .docx eindigt")
    if write:
        check_writable(out, force)
    data, spec_changes = migrate_spec(copy.deepcopy(raw), old_library, new_library)
    try:
        new_spec = spec if data == raw else validate_spec(data, lines, spec.name, spec.sha256)
        after = assemble(new_spec, new_library)
    except SpecError as exc:
        raise SpecError(f"{spec.name} bouwt nog niet met {new_library.label}: de nieuwe versie vraagt wat de spec "
                        "niet heeft (ook na de migratie). Vul het in de spec in (de huidige versie laat velden die "
                        "zij niet kent buiten beschouwing) en draai upgrade opnieuw:", exc.problems) from None
    clauses = compare_uses(before.agreement.meta.clauses, after.agreement.meta.clauses)
    notes = [chosen.note] if chosen.note else []
    if spec_changes:
        notes.append(f"zet de spec na akkoord van een jurist om met 'agreement-gen migrate {spec.name} --naar "
                     f"{target} --force': dat past ook bibliotheek.versie aan")
    else:
        notes += _pin_notes(spec.data.get("bibliotheek") or {}, new_library, old_library)
    notes += [f"in de nieuwe versie: {line}" for line in deprecation_lines(after)]
    sides = [version_from_agreement(assembly.agreement, f"{spec_path.name} met {library.label}", _path(template))
             for assembly, library in ((before, old_library), (after, new_library))]
    redline = compare(*sides, author=author, date=date)
    if redline.changes and write:
        write_atomic(out, redline.data, force=force)
        redline = Redline(redline.data, redline.changes, redline.notes, out)
    elif redline.changes:
        redline = Redline(redline.data, redline.changes, redline.notes, None)
    else:
        redline = None
    old_where = f"het archief {display(chosen.archive)}" if chosen.archive else None
    return Upgrade(spec.name, _label(old_library, old_where), _label(new_library, where), clauses, redline,
                   spec_changes, tuple(notes))


def _path(value: Optional[Path | str]) -> Optional[Path]:
    return Path(value) if value is not None else None


def _without_fields(data: Any, names: set[str]) -> Any:
    extra = data.get("aanvullend") if isinstance(data, dict) else None
    if not names or not isinstance(extra, dict) or not names & set(extra):
        return data
    return {**data, "aanvullend": {k: v for k, v in extra.items() if k not in names}}


def _pin_notes(pin: Any, library: Library, old: Library) -> list[str]:
    from ..library.pins import major_range, version_in_range
    name, wanted = pin.get("naam"), pin.get("versie")
    if not name:
        return []
    if name not in {layer.name for layer in library.layers}:
        return [f"de spec pint de bibliotheek '{name}', maar het doel is {library.label}"]
    layer = next(layer for layer in library.layers if layer.name == name)
    try:
        fits = not wanted or (layer.version and version_in_range(layer.version, wanted))
    except ValueError:
        return []
    advice = (f"zet na akkoord van een jurist in de spec bibliotheek.versie: \"{major_range(layer.version)}\" om met "
              f"{layer.version} te bouwen")
    if not fits:
        return [f"de spec pint {name} {wanted}; {advice}"]
    before = next((x for x in old.layers if x.name == name), None)
    if before is None or before.version == layer.version:
        return []
    return [f"het bereik {wanted} van de spec laat ook {before.version} toe: zolang die versie wordt meegegeven "
            f"(-l MAP of de meegeleverde bibliotheek), bouwt de spec daarmee; {advice}"]
