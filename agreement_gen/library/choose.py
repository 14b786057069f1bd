"""Which library stack a spec builds with: the library given (or the bundled one), a released
version from the archive stores when the given one does not fit the spec's pin, and the spec's
own layers (``bibliotheek.lagen``) on top."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from .. import resources
from ..errors import LibraryError, Problem, SpecError, display
from .manifest import MANIFEST, MANIFEST_SCHEMA, read_manifest
from .pins import version_in_range
from .validate import LazyValidator


@dataclass(frozen=True)
class Roots:
    """The layer folders to load, bottom first, and what was chosen from an archive (if anything)."""

    roots: tuple[Path, ...]
    note: Optional[str] = None  # "bibliotheek X 1.0.0 uit het archief ...: de spec vraagt ..."
    archive: Optional[Path] = None


def spec_layers(spec: Any) -> list[Path]:
    """The folders in the spec's ``bibliotheek.lagen``, relative to the spec file; each must exist."""
    pin = spec.data.get("bibliotheek") or {}
    out = []
    for i, relative in enumerate(pin.get("lagen") or ()):
        base = Path(spec.path).parent if getattr(spec, "path", None) else Path.cwd()
        root = base / relative
        if not root.is_dir():
            raise LibraryError(f"{spec.name} (bibliotheek.lagen[{i + 1}]): laag '{relative}' niet gevonden "
                               f"(gezocht: {display(root)})")
        out.append(root)
    return out


def unique_roots(roots: Sequence[Path]) -> tuple[Path, ...]:
    unique: dict[Path, Path] = {}
    for root in roots:
        unique.setdefault(root.resolve(), root)
    return tuple(unique.values())


def _name_and_version(root: Path) -> tuple[Optional[str], Optional[str]]:
    problems: list[Problem] = []
    layer = read_manifest(root, LazyValidator(MANIFEST_SCHEMA), problems)
    return (layer.name, layer.version) if layer.manifest else (None, None)


def library_roots(spec: Any, libraries: Optional[Sequence[Path | str]] = None,
                  archives: Sequence[Path | str] = ()) -> Roots:
    """The stack for ``spec``: ``libraries`` (default: the bundled library) with the spec's layers on
    top; when the spec pins ``bibliotheek.naam`` (and ``versie``) and no layer of ``libraries`` fits,
    the highest fitting release from the archive stores (``stores.store_dirs(archives)``) takes the
    place of the layer of that name, or of ``libraries`` when none has that name. Raises LibraryError
    listing every version there is when nothing fits. A pin the stack fits, a pin on one of the spec's
    own layers and a range that cannot be read are left to ``pins.check_pin``."""
    base = [Path(r) for r in (libraries or [resources.clauses_dir()])]
    layers = spec_layers(spec)
    pin = spec.data.get("bibliotheek") or {}
    name, wanted = pin.get("naam"), pin.get("versie")
    if not isinstance(name, str) or not name or (wanted is not None and not isinstance(wanted, str)):
        return Roots(unique_roots(base + layers))
    if name in {_name_and_version(root)[0] for root in layers}:
        return Roots(unique_roots(base + layers))
    given = [_name_and_version(root) for root in base]
    index = next((i for i, (layer_name, _) in enumerate(given) if layer_name == name), None)
    try:
        fits = index is not None and (wanted is None or (given[index][1] is not None
                                                         and version_in_range(given[index][1], wanted)))
    except ValueError:
        return Roots(unique_roots(base + layers))
    if fits:
        return Roots(unique_roots(base + layers))
    from .stores import best_release, extract_archive, store_dirs
    best, found, notes = best_release(name, wanted, archives)
    if index is None:
        label = (" + ".join(f"{n or r.name} {v or ''}".strip() for (n, v), r in zip(given, base))
                 + f" ({', '.join(display(r) for r in base)})")
        head = (f"{spec.name} (bibliotheek.naam): de spec vraagt de bibliotheek '{name}'"
                + (f" {wanted}" if wanted else "") + f", maar de gebruikte bibliotheek is {label}")
    else:
        label = f"{name} {given[index][1]} ({display(base[index])})"
        head = (f"{spec.name} (bibliotheek.versie): de spec vraagt {name} {wanted}, maar "
                f"{display(base[index] / MANIFEST)} is versie {given[index][1] or '(geen)'}")
    if best is None:
        versions = ", ".join(r.label for r in found) or f"geen versie van {name}"
        where = ", ".join(display(d) for d in store_dirs(archives))
        raise LibraryError(
            f"{head}; in de archiefmappen ({where}): {versions}{''.join(f'; {n}' for n in notes)}. Gebruik een "
            "versie van de bibliotheek die in het bereik valt (-l MAP, of een archiefmap met --archief MAP), of "
            "pas het bereik in de spec aan nadat een jurist de nieuwe versie heeft beoordeeld (agreement-gen "
            "upgrade laat zien wat er dan verandert)")
    root = extract_archive(best.path)
    chosen = base[:index] + [root] + base[index + 1:] if index is not None else [root]
    asked = f"{name} {wanted}" if wanted else name
    note = (f"bibliotheek {best.name} {best.version} uit het archief {display(best.path)}: de spec vraagt "
            f"{asked}, de gegeven bibliotheek is {label}")
    return Roots(unique_roots(chosen + layers), note, best.path)


def prepare(spec: Any, libraries: Optional[Sequence[Path | str]] = None, library: Any = None,
            load: Optional[Callable] = None, archives: Sequence[Path | str] = ()) -> tuple[Any, Any, Optional[str]]:
    """The loaded spec, the library it builds with and a note when that library came from an
    archive; checked, so that every build (pipeline.draft, the batch) handles a pin, a layer or a
    needed migration alike: the pin fits, and the spec needs no migration for this library (else a
    Dutch error that says how to migrate). ``load``: how to load a stack of layer folders (default
    ``read.load_library``; the batch keeps a cache)."""
    from ..spec.load import Spec, load_spec
    from .pins import check_pin
    from .read import load_library
    try:
        spec = spec if isinstance(spec, Spec) else load_spec(spec)
    except SpecError as exc:
        from .spec_migration import failure_or_migration
        raise failure_or_migration(exc, spec, libraries, archives) from None
    note = None
    if library is None:
        try:
            chosen = library_roots(spec, libraries, archives)
        except LibraryError as exc:  # nothing fits the pin: can the given library migrate the spec?
            given = [Path(r) for r in (libraries or [resources.clauses_dir()])]
            try:
                target = (load or load_library)(list(unique_roots(given + spec_layers(spec))))
            except LibraryError:
                raise exc from None
            from .spec_migration import pin_hint
            raise pin_hint(exc, spec, target) from None
        library, note = (load or load_library)(list(chosen.roots)), chosen.note
    try:
        check_pin(library, spec.data.get("bibliotheek"), spec.name)
    except LibraryError as exc:
        from .spec_migration import pin_hint
        raise pin_hint(exc, spec, library) from None
    if any(layer.migrations for layer in library.layers):  # else nothing can need migrating
        from .spec_migration import check_current
        check_current(spec, library)
    return spec, library, note
