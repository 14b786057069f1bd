"""``agreement-gen migrate``: rewrite a spec for a newer version of its clause library with the
migration steps the library carries (library/migrations.py), keeping the drafter's comments, key
order and quoting; and the check that stops a build of a spec that still needs them, with a
message that says so instead of a schema error."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from .. import resources
from ..errors import LibraryError, Problem, SpecError, display
from ..spec.load import thaw
from .clause import Library
from .migrations import Change, apply, steps_until
from .pins import major_range, specifier_set, version_in_range


@dataclass(frozen=True)
class Migration:
    name: str  # the spec's file name
    library: str  # the target library, 'naam versie'
    changes: tuple[Change, ...]
    pin: Optional[tuple[str, str]]  # bibliotheek.versie: (old range, new range), when it changed
    text: str  # the migrated YAML
    remaining: tuple[Problem, ...]  # what the migrated spec still lacks for the target library
    lines: dict  # (path...) -> line of the original spec

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.pin)


def _yaml():
    from ruamel.yaml import YAML
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _pin_change(data: Any, library: Library) -> Optional[tuple[str, str]]:
    pin = data.get("bibliotheek") if isinstance(data, dict) else None
    wanted = pin.get("versie") if isinstance(pin, dict) else None
    if not isinstance(wanted, str) or pin.get("naam") not in (None, library.name):
        return None
    try:
        if version_in_range(library.version, wanted):
            return None
    except ValueError:
        pass
    return wanted, major_range(library.version)


def pending_changes(data: Any, library: Library) -> list[Change]:
    """What ``library``'s migration steps would change in the spec ``data`` (not changed)."""
    return apply(steps_until(library), copy.deepcopy(data), dry_run=True) if isinstance(data, dict) else []


def migrate_data(data: dict, from_library: Optional[Library], to_library: Library) -> tuple[dict, list[Change]]:
    """``data`` (plain dicts) moved from ``from_library``'s version to ``to_library``'s: a copy and
    the changes. Without ``from_library`` every step up to the target's version is tried."""
    steps = steps_until(to_library)
    if from_library is not None and from_library.name == to_library.name:
        from packaging.version import Version
        steps = [s for s in steps if Version(s.version) > Version(from_library.version)]
    new = copy.deepcopy(data)
    return new, apply(steps, new)


def _line(lines: dict, where: str) -> Optional[int]:
    path: list[Any] = []
    for name, index in re.findall(r"([a-z][a-z0-9_]*)(?:\[(\d+)\])?", where):
        path.append(name)
        if index:
            path.append(int(index) - 1)
    while path:
        if tuple(path) in lines:
            return lines[tuple(path)]
        path.pop()
    return None


def migrate_text(text: str, name: str, library: Library, lines: Optional[dict] = None) -> Migration:
    """The migration of the spec ``text`` to ``library`` (nothing written). ``lines``: the line map of
    the CLI's own reading of ``text`` (its limits, its Dutch messages), when the caller has it."""
    from ruamel.yaml.error import YAMLError
    from ..spec.yamlfile import load_yaml
    if lines is None:
        _, lines = load_yaml(text, name)
    try:
        tree = _yaml().load(text)
    except YAMLError as exc:  # load_yaml read it, so this is unlikely
        raise SpecError(f"{name}: geen leesbare YAML ({exc})") from exc
    changes = apply(steps_until(library), tree)
    pin = _pin_change(tree, library)
    if pin:
        tree["bibliotheek"]["versie"] = pin[1]
    out = io.StringIO()
    _yaml().dump(tree, out)
    new_text = out.getvalue() if changes or pin else text
    return Migration(name, f"{library.name} {library.version}", tuple(changes), pin, new_text,
                     tuple(_remaining(new_text, name, library)), lines)


def _remaining(text: str, name: str, library: Library) -> list[Problem]:
    from .fields import schema_for
    from ..spec.load import validate_extra, validate_spec
    from ..spec.yamlfile import load_yaml
    try:
        data, lines = load_yaml(text, name)
        spec = validate_spec(data, lines, name)
        validate_extra(spec, schema_for(library.fields), library.label)
    except SpecError as exc:
        return list(exc.problems)
    return []


def migrate(spec: Path | str, libraries: Optional[Sequence[Path | str]] = None, out: Optional[Path | str] = None,
            force: bool = False, write: bool = True, target: Optional[str] = None,
            archives: Sequence[Path | str] = ()) -> Migration:
    """Migrate the spec file ``spec`` to ``libraries`` (default: the bundled library), or to
    ``target`` (a folder, a release archive or ``NAAM@VERSIE`` from the archive stores, as for
    ``upgrade``), with the spec's own layers on top; write it to ``out`` (default: the spec itself,
    which needs ``force``)."""
    from .choose import spec_layers, unique_roots
    from .read import load_library
    from ..output import check_writable, write_atomic
    from ..spec.yamlfile import load_yaml, read_text
    path = Path(spec)
    if path.suffix.lower() in (".docx", ".doc", ".pdf"):
        raise SpecError(f"{path.name} is een document, geen spec; geef de spec (.yaml) waaruit het is gebouwd")
    text = read_text(path, path.name)
    data, lines = load_yaml(text, path.name)
    _looks_like_a_spec(data, path.name)
    if target:
        from .stores import target_library
        given = [target_library(target, archives)[0]]
    else:
        given = [Path(r) for r in (libraries or [resources.clauses_dir()])]
    raw = _Raw.of(path, data)
    library = load_library(list(unique_roots(given + spec_layers(raw))))
    _check_target(raw.pin, library, path.name)
    result = migrate_text(text, path.name, library, lines)
    if write and result.changed:
        target = Path(out) if out else path
        check_writable(target, force)
        write_atomic(target, result.text.encode("utf-8"), force=force)
    return result


def _looks_like_a_spec(data: Any, name: str) -> None:
    """Refuse a YAML file that is no spec of agreement-gen (a manifest, another program's file)."""
    if not isinstance(data, dict) or "versie" not in data or not {"document", "partijen"} & set(data):
        raise SpecError(f"{name} is geen spec van agreement-gen: een spec heeft 'versie', 'document' en 'partijen' "
                        "(zie docs/spec.md)")


def _older(version: str, wanted: str) -> bool:
    """Whether ``version`` lies below what the range ``wanted`` asks (``>=3.0``, ``==3.1.0``, ``~=3.0``)."""
    from packaging.version import InvalidVersion, Version
    try:
        return any(spec.operator in (">=", ">", "==", "~=", "===") and "*" not in spec.version
                   and Version(version) < Version(spec.version) for spec in specifier_set(wanted))
    except (ValueError, InvalidVersion):
        return False


def _check_target(pin: dict, library: Library, name: str) -> None:
    """``migrate`` moves a spec forward within its own library: refuse another library, or an older
    version than the spec already asks for (that would lower its pin)."""
    wanted_name, wanted = pin.get("naam"), pin.get("versie")
    how = (f"geef de nieuwe versie met --naar {wanted_name or 'NAAM'}@VERSIE (met --archief MAP als zij in een "
           "archiefmap staat) of met -l MAP")
    if isinstance(wanted_name, str) and wanted_name not in {layer.name for layer in library.layers}:
        raise LibraryError(f"{name} (bibliotheek.naam): de spec hoort bij de bibliotheek '{wanted_name}', maar u zet "
                           f"haar om naar {library.label}; {how}")
    layer = next((x for x in library.layers if x.name == wanted_name), None)
    if isinstance(wanted, str) and layer is not None and layer.version and _older(layer.version, wanted):
        raise LibraryError(f"{name} (bibliotheek.versie): de spec vraagt {wanted_name} {wanted}, en {layer.label} is "
                           f"ouder; agreement-gen migrate zet een spec alleen om naar een nieuwere versie: {how}")


def migrate_command(name: str, library: Library) -> str:
    """The ``agreement-gen migrate`` command that moves the spec ``name`` to ``library``."""
    from .stores import archive_of
    bottom = library.layers[0].root if library.layers else None
    if bottom is None or bottom.resolve() == resources.clauses_dir().resolve():
        where = ""
    elif archive_of(bottom):
        archive = Path(archive_of(bottom))
        bundled = archive.parent.resolve() == resources.archive_dir().resolve()
        where = f" --naar {library.name}@{library.version}" + ("" if bundled else f" --archief {archive.parent}")
    else:
        where = f" -l {display(bottom)}"
    return f"agreement-gen migrate {name}{where} --force"


@dataclass(frozen=True)
class _Raw:
    """What ``layer_roots`` reads of a spec, for a spec that does not validate (yet)."""

    data: dict
    path: Path
    name: str
    pin: dict = None  # type: ignore[assignment]  # bibliotheek.naam and .versie, as written

    @classmethod
    def of(cls, path: Path, data: Any) -> "_Raw":
        """From the spec at ``path`` as read (``spec.yamlfile.load_yaml``)."""
        if not isinstance(data, dict):
            data = {}
        pin = data.get("bibliotheek")
        lagen = pin.get("lagen") if isinstance(pin, dict) else None
        safe = {"bibliotheek": {"lagen": [x for x in lagen if isinstance(x, str)]}} if isinstance(lagen, list) else {}
        return cls(safe | {k: v for k, v in data.items() if k != "bibliotheek"}, path, path.name,
                   {k: v for k, v in pin.items() if k in ("naam", "versie")} if isinstance(pin, dict) else {})


def migration_text(result: Migration, written: Optional[Path] = None) -> str:
    """The report of ``migrate`` in Dutch."""
    if not result.changed and not result.remaining:
        return f"{result.name} hoeft niet te worden omgezet voor {result.library}."
    if not result.changed:
        lines = [f"{result.name} hoeft niet te worden omgezet voor {result.library}, maar bouwt er nog niet mee; "
                 "de bibliotheek vraagt:"]
        return "\n".join(lines + [f"  - {p.path or ''}: {p.message}".replace("  - : ", "  - ")
                                  for p in result.remaining])
    lines = [f"{result.name} omgezet naar {result.library}:" if written else
             f"{result.name} moet worden omgezet naar {result.library}:"]
    for change in result.changes:
        line = _line(result.lines, change.where)
        lines.append(f"  - {change}" + (f" (regel {line})" if line else ""))
    if result.pin:
        lines.append(f"  - bibliotheek.versie: '{result.pin[0]}' wordt '{result.pin[1]}'")
    if result.remaining:
        lines.append("Nog te doen in de omgezette spec (de bibliotheek vraagt dit; de migratie kan het niet weten):")
        lines += [f"  - {p.path or ''}: {p.message}".replace("  - : ", "  - ") for p in result.remaining]
    if written:
        lines.append(f"geschreven: {written}")
    else:
        lines.append("Niets geschreven: geef --force om de spec zelf te herschrijven, of -o NIEUW.yaml.")
    return "\n".join(lines)


def needs_migration_error(name: str, library: Library, changes: Sequence[Change], lines: dict) -> LibraryError:
    return LibraryError(
        f"{name}: deze spec is geschreven voor een eerdere versie van de bibliotheek {library.name}; versie "
        f"{library.version} verandert velden die zij gebruikt. Zet de spec om met '{migrate_command(name, library)}' "
        "(of -o NIEUW.yaml in plaats van --force) en lees de wijzigingen na:",
        [Problem(name, c.message, _line(lines, c.where), c.where) for c in changes],
    )


def _structural(changes: Sequence[Change]) -> bool:
    """Whether the spec still has fields a migration renames or removes (a missing field that a
    step would add alone does not make a spec old: validation reports it as missing)."""
    return any(change.step.kind != "zet" for change in changes)


def check_current(spec: Any, library: Library) -> None:
    """Raise a clear LibraryError when ``spec`` (a loaded Spec) still needs ``library``'s migrations."""
    changes = pending_changes(thaw(spec.data), library)
    if _structural(changes):
        raise needs_migration_error(spec.name, library, changes, dict(getattr(spec, "lines", {}) or {}))


def pin_hint(error: LibraryError, spec: Any, library: Library) -> LibraryError:
    """A pin that does not fit, with the way forward when ``library`` can migrate the spec."""
    changes = pending_changes(thaw(spec.data), library)
    if not library.layers or not any(layer.migrations for layer in library.layers):
        return error
    count = f" ({len(changes)} {'wijziging' if len(changes) == 1 else 'wijzigingen'} in de velden)" if changes else ""
    hint = (f"of zet de spec om naar {library.name} {library.version} met '{migrate_command(spec.name, library)}'"
            + count)
    return LibraryError(f"{error.args[0]}; {hint}", error.problems)


def failure_or_migration(error: SpecError, spec: Path | str, libraries: Optional[Sequence[Path | str]],
                         archives: Sequence[Path | str] = ()) -> Exception:
    """For a spec file that does not validate: the migration message when the library's steps
    would change it (its old fields are what validation trips over), else ``error`` itself."""
    from .pins import layer_roots
    from .read import load_library
    from ..spec.yamlfile import load_yaml, read_text
    path = Path(spec)
    try:
        text = read_text(path, path.name)
        data, lines = load_yaml(text, path.name)
        library = load_library(layer_roots(_Raw.of(path, data), libraries, archives))
    except Exception:  # noqa: BLE001 - the spec's own error is the one to show
        return error
    changes = pending_changes(data, library)
    if not _structural(changes):
        return error
    return needs_migration_error(path.name, library, changes, lines)
