"""Old library versions side by side: folders of release archives ("archiefmappen"), searched in order.

1. the folders given with ``--archief`` (in the order given),
2. the folders in ``AGREEMENT_GEN_ARCHIEF`` (separated by ``os.pathsep``),
3. the store shipped inside the package (``resources.archive_dir()``): works offline.

An archive is read by extracting it, after every check of ``archive.verify_archive``, into a
per-user cache keyed on the archive's SHA-256 (``$AGREEMENT_GEN_CACHE``, else
``$XDG_CACHE_HOME/agreement-gen`` or ``~/.cache/agreement-gen``, subfolder ``bibliotheken``). The
package folder is never written (it may be read-only). Extraction goes to a temporary folder
beside the target that is then renamed into place: two processes extracting the same archive at
once both end up with a complete folder (the loser of the rename removes its own copy). A folder
in the cache is checked against the archive's file list before every use; a damaged one is
extracted afresh. Without a usable cache (``AGREEMENT_GEN_CACHE=uit``, a read-only home) the
archive goes to a temporary folder that is removed when the process ends.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .. import resources
from ..errors import ALIASES, LibraryError, display
from .archive import MAX_TOTAL_BYTES, ArchiveInfo, read_info, verify_archive
from .pins import version_in_range
from ..codecache import cache_folder
from ..output import reason

ENV = "AGREEMENT_GEN_ARCHIEF"


@dataclass(frozen=True)
class Release:
    """One archive in a store: its name and version (from its release manifest) and where it is."""

    name: str
    version: str
    path: Path

    @property
    def label(self) -> str:
        return f"{self.name} {self.version} ({display(self.path)})"


def store_dirs(archives: Sequence[Path | str] = ()) -> list[Path]:
    """The archive folders to search, in order: ``archives``, then ``$AGREEMENT_GEN_ARCHIEF``,
    then the bundled store."""
    folders = [Path(a) for a in archives]
    folders += [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p.strip()]
    folders.append(resources.archive_dir())
    return list(dict.fromkeys(folders))


def releases(name: str, archives: Sequence[Path | str] = ()) -> tuple[list[Release], list[str]]:
    """Every archive of the library ``name`` in the stores, and a note per archive that could not be
    read (named ``<name>-*.zip`` but damaged). A store folder that does not exist is skipped."""
    found, notes = [], []
    for folder in store_dirs(archives):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.zip")):
            if not path.is_file():  # a folder, or a pipe that would block the zip reader
                continue
            try:
                info = read_info(path)
            except LibraryError as exc:
                if path.name.startswith(f"{name}-"):
                    notes.append(str(exc))
                continue
            if info.name == name:
                found.append(Release(info.name, info.version, path))
    return found, notes


def _version_key(version: str):
    from packaging.version import InvalidVersion, Version
    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, Version("0"))


def best_release(name: str, wanted: Optional[str], archives: Sequence[Path | str] = ()) -> tuple[Optional[Release],
                                                                                                    list[Release], list[str]]:
    """The highest version of ``name`` in the stores that lies in ``wanted`` (any version when None),
    the first store winning a tie; with every release seen and the notes of ``releases``."""
    found, notes = releases(name, archives)
    fitting = []
    for release in found:
        try:
            if wanted is None or version_in_range(release.version, wanted):
                fitting.append(release)
        except ValueError:
            continue
    best = None
    for release in fitting:  # '>': the first store wins a tie
        if best is None or _version_key(release.version) > _version_key(best.version):
            best = release
    return best, found, notes


def _cache_base() -> Optional[Path]:
    base = cache_folder()
    return base / "bibliotheken" if base is not None else None


def _intact(root: Path, info: ArchiveInfo) -> bool:
    """Whether the extracted folder ``root`` still holds exactly the archive's files."""
    try:
        for item in info.files:
            data = (root / item.path).read_bytes()
            if len(data) != item.size or hashlib.sha256(data).hexdigest() != item.sha256:
                return False
    except OSError:
        return False
    return True


def _write_tree(target: Path, info: ArchiveInfo, contents: dict[str, bytes]) -> Path:
    root = target / info.folder
    for relative, data in contents.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


_PRIVATE: list[Path] = []


def _private_copy(path: Path, info: ArchiveInfo, contents: dict[str, bytes]) -> Path:
    if not _PRIVATE:
        atexit.register(lambda: [shutil.rmtree(p, ignore_errors=True) for p in _PRIVATE])
    try:
        folder = Path(tempfile.mkdtemp(prefix="agreement-gen-bibliotheek-"))
        _PRIVATE.append(folder)
        return _write_tree(folder, info, contents)
    except OSError as exc:
        raise LibraryError(f"{display(path)}: het archief kan niet worden uitgepakt ({reason(exc)})") from exc


def extract_archive(path: Path | str) -> Path:
    """The library folder of the archive ``path``, checked and extracted (see the module's docstring);
    messages name its files as inside the archive (errors.ALIASES)."""
    root = _extract(Path(path))
    ALIASES[root.resolve()] = display(Path(path))
    return root


def archive_of(root: Path) -> Optional[str]:
    """The archive a library folder was unpacked from, as messages name it (None: a plain folder)."""
    return ALIASES.get(Path(root).resolve())


def _extract(path: Path) -> Path:
    try:
        if not path.is_file() or path.stat().st_size > 2 * MAX_TOTAL_BYTES:
            raise LibraryError(f"{display(path)}: geen gewoon bestand, of te groot voor een bibliotheekarchief")
        key = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise LibraryError(f"{display(path)}: kan niet worden gelezen ({reason(exc)})") from exc
    base = _cache_base()
    target = base / key if base else None
    if target is not None and target.is_dir():
        info = read_info(path)
        if _intact(target / info.folder, info):
            return target / info.folder
    info, contents = verify_archive(path)
    if target is None:
        return _private_copy(path, info, contents)
    temporary = None
    try:
        base.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=base))
        _write_tree(temporary, info, contents)
    except OSError:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        return _private_copy(path, info, contents)  # no cache today: only slower
    if target.is_dir():
        if _intact(target / info.folder, info):  # another process was first
            shutil.rmtree(temporary, ignore_errors=True)
            return target / info.folder
        try:  # damaged: move it aside (a process may still read it), then put ours in its place
            os.replace(target, tempfile.mkdtemp(prefix=f".oud-{key[:12]}-", dir=base))
        except OSError:
            pass
    try:
        os.rename(temporary, target)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)  # another process was first: use its copy
        if not _intact(target / info.folder, info):
            return _private_copy(path, info, contents)
    return target / info.folder


def target_library(text: str, archives: Sequence[Path | str] = ()) -> tuple[Path, str]:
    """The library folder that ``text`` names, and how to name it for people: a folder, a release
    archive (.zip), or ``NAAM`` / ``NAAM@VERSIE`` (a version or a range) looked up in the stores."""
    path = Path(text)
    if path.is_dir():
        return path, f"de map {display(path)}"
    if path.suffix.lower() == ".zip" or "/" in text or os.sep in text:
        if not path.is_file():
            raise LibraryError(f"{text}: bibliotheek niet gevonden (geen map en geen archief)")
        return extract_archive(path), f"het archief {display(path)}"
    name, at, wanted = text.partition("@")
    if at and not wanted.strip():
        raise LibraryError(f"{text}: na '@' hoort een versie (zoals {name}@2.1.0 of {name}@>=2.1); laat '@' weg "
                           "voor de hoogste versie")
    try:
        best, found, notes = best_release(name, wanted or None, archives)
        if wanted:
            version_in_range("0.0.0", wanted)  # a range that cannot be read: say so, not "nothing fits"
    except ValueError as exc:
        raise LibraryError(f"{text}: {exc}") from exc
    if best is None:
        versions = ", ".join(r.label for r in found) or "geen"
        where = ", ".join(display(d) for d in store_dirs(archives))
        raise LibraryError(f"{text}: geen map, geen archief en geen uitgebrachte versie die past; versies van "
                           f"'{name}' in de archiefmappen: {versions} (gezocht in: {where})"
                           + "".join(f"; {note}" for note in notes))
    return extract_archive(best.path), f"het archief {display(best.path)}"


def library_folder(path: Path | str) -> Path:
    """A library folder as given, or the folder of a released archive (.zip), checked and unpacked."""
    path = Path(path)
    if path.suffix.lower() == ".zip" and path.is_file():
        return extract_archive(path)
    if not path.is_dir():
        raise LibraryError(f"{display(path)}: geen map met een bibliotheek en geen uitgebracht archief (.zip)")
    return path
