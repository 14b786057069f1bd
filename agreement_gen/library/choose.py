"""The spec and the library it builds with, checked: used by every build (pipeline.draft and the
batch), so that a pin, a layer or a needed migration is handled the same way everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Sequence

from ..errors import LibraryError, SpecError

if TYPE_CHECKING:
    from ..spec.load import Spec
    from .clause import Library


def prepare(spec: Path | str | Spec, libraries: Optional[Sequence[Path | str]] = None,
            library: Optional[Library] = None, load: Optional[Callable] = None) -> tuple[Spec, Library]:
    """The loaded spec and the library it builds with, checked: the pin fits, and the spec needs
    no migration for this library (else a Dutch error that says how to migrate). ``load``: how to
    load a stack of layer folders (default ``load_library``; the batch keeps a cache)."""
    from .pins import check_pin, layer_roots
    from .read import load_library
    from .spec_migration import check_current, failure_or_migration, pin_hint
    from ..spec.load import Spec, load_spec
    try:
        spec = spec if isinstance(spec, Spec) else load_spec(spec)
    except SpecError as exc:
        raise failure_or_migration(exc, spec, libraries) from None
    library = library or (load or load_library)(layer_roots(spec, libraries))
    try:
        check_pin(library, spec.data.get("bibliotheek"), spec.name)
    except LibraryError as exc:
        raise pin_hint(exc, spec, library) from None
    check_current(spec, library)
    return spec, library
