"""Versions: SemVer ranges, a spec's pin on a library (``bibliotheek``), and the layer
directories a spec asks for."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from ..errors import LibraryError, display
from .clause import Library
from .manifest import MANIFEST


def specifier_set(wanted: str):
    """The range ``wanted`` as packaging's SpecifierSet; a bare version (``1.2.0``) means exactly it.
    Raises ValueError in Dutch for a range that cannot be read."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    text = wanted.strip()
    if re.fullmatch(r"[0-9][0-9A-Za-z.\-]*", text):
        text = f"=={text}"
    try:
        return SpecifierSet(text)
    except InvalidSpecifier as exc:
        raise ValueError(f"'{wanted}' is geen geldig versiebereik; schrijf bijvoorbeeld '>=1.2,<2' of '==1.4.0'") from exc


def major_range(version: str) -> str:
    """The range of ``version`` and what follows it within its major version: '2.1.0' -> '>=2.1,<3'."""
    major, minor = (int(part) for part in re.findall(r"\d+", version)[:2])
    return f">={major}.{minor},<{major + 1}"


def version_in_range(version: str, wanted: str) -> bool:
    """Whether ``version`` (SemVer) lies in ``wanted`` (``>=1.2,<2``, ``~=1.4``, ``==1.*``, ``1.2.0``).

    Ranges use the PEP 440 specifier syntax through ``packaging``: the syntax Python users
    know, with pre-releases left out unless the range names one. Raises ValueError for a range
    that cannot be read.
    """
    from packaging.version import InvalidVersion, Version

    specifier = specifier_set(wanted)
    try:
        return specifier.contains(Version(version))
    except InvalidVersion as exc:
        raise ValueError(f"'{version}' is geen geldige versie") from exc


def check_pin(library: Library, pin: Optional[Mapping[str, Any]], spec_name: str) -> None:
    """Raise LibraryError when the spec's ``bibliotheek: {naam, versie}`` does not fit the library."""
    if not pin or (not pin.get("naam") and not pin.get("versie")):
        return
    if not pin.get("naam"):
        raise LibraryError(f"{spec_name} (bibliotheek.versie): een versie zonder bibliotheek.naam; "
                           "noem ook de naam van de bibliotheek")
    wanted_name, wanted = pin["naam"], pin.get("versie")
    try:
        layer = library.layer(wanted_name)
    except KeyError:
        raise LibraryError(
            f"{spec_name} (bibliotheek.naam): de spec vraagt de bibliotheek '{wanted_name}', maar de gebruikte "
            f"bibliotheek is {library.label} ({', '.join(display(r) for r in library.roots)})"
        ) from None
    if not wanted:
        return
    if not layer.version:
        raise LibraryError(f"{spec_name} (bibliotheek.versie): de spec vraagt {wanted_name} {wanted}, maar "
                           f"{layer.location} noemt geen versie (zet 'versie' in {MANIFEST})")
    try:
        fits = version_in_range(layer.version, wanted)
    except ValueError as exc:
        raise LibraryError(f"{spec_name} (bibliotheek.versie): {exc}") from exc
    if not fits:
        raise LibraryError(
            f"{spec_name} (bibliotheek.versie): de spec vraagt {wanted_name} {wanted}, maar {layer.location} "
            f"is versie {layer.version}; gebruik een versie van de bibliotheek die in het bereik valt, of pas "
            "het bereik in de spec aan nadat een jurist de nieuwe versie heeft beoordeeld"
        )


def layer_roots(spec: Any, libraries: Optional[Sequence[Path | str]] = None,
                archives: Sequence[Path | str] = ()) -> list[Path]:
    """The directories to load for ``spec``: ``libraries`` (default: the bundled library), or a
    released version from the archive stores when they do not fit the spec's pin, then the layers
    the spec names in ``bibliotheek.lagen``, relative to the spec file (``choose.library_roots``)."""
    from .choose import library_roots
    return list(library_roots(spec, libraries, archives).roots)
