"""Released libraries as archives: one deterministic zip per version, checked when it is read.

An archive ``<naam>-<versie>.zip`` holds the library folder as ``<naam>-<versie>/...`` (every
regular file: clauses, ``bibliotheek.yaml``, ``bronnen/``, ``regels/``; hidden files left out)
and, first, the release manifest ``agreement-gen-uitgave.json``: format, name, version and per
file its path, size and SHA-256. The same library gives the same bytes: entries in path order,
a fixed timestamp (1980-01-01), fixed permissions (0644) and compression level.

Reading (``verify_archive``, ``extract_archive``) trusts nothing in the zip: the entries must be
exactly the manifest's files, within the size limits, with safe relative paths, and every file
must have the manifest's size and hash. A truncated, damaged or edited archive is a LibraryError
in Dutch, never a half-read library.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import LibraryError, display
from ..resources import TooManyFiles, walk_files
from ..output import reason

RELEASE_MANIFEST = "agreement-gen-uitgave.json"
FORMAT = 1
TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: a release does not depend on the clock
MAX_FILES = 5_000
MAX_TOTAL_BYTES = 64_000_000  # uncompressed; the bundled library is under 1 MB
_SAFE_PART = re.compile(r"[^/\\\x00:]+")


@dataclass(frozen=True)
class ArchiveFile:
    path: str  # relative to the library folder, with '/'
    size: int
    sha256: str


@dataclass(frozen=True)
class ArchiveInfo:
    """What an archive's release manifest says (checked against its entries by ``verify_archive``)."""

    name: str
    version: str
    folder: str
    files: tuple[ArchiveFile, ...]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def library_files(root: Path) -> list[tuple[str, bytes]]:
    """Every regular file of the library folder ``root`` as (relative path, bytes), in path order.

    Hidden files and folders (``.git``, ``.DS_Store``) and ``__pycache__`` are left out; a link or
    a special file is refused: a release holds only what a reader can check."""
    out = []
    try:
        paths = list(walk_files(root, "", MAX_FILES))
    except TooManyFiles as exc:
        raise LibraryError(str(exc)) from exc
    for path in paths:
        relative = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        if path.is_symlink() or not stat.S_ISREG(os.lstat(path).st_mode):
            raise LibraryError(f"{display(path)}: is een koppeling of geen gewoon bestand; een uitgave bevat "
                               "alleen gewone bestanden")
        out.append((relative.as_posix(), path.read_bytes()))
    if sum(len(data) for _, data in out) > MAX_TOTAL_BYTES:
        raise LibraryError(f"{display(root)}: de bibliotheek is groter dan {MAX_TOTAL_BYTES} bytes")
    return out


def archive_name(name: str, version: str) -> str:
    return f"{name}-{version}.zip"


def make_archive(name: str, version: str, files: list[tuple[str, bytes]]) -> bytes:
    """The release archive of ``files`` (``library_files``) as bytes: same input, same bytes."""
    folder = f"{name}-{version}"
    manifest = {
        "formaat": FORMAT, "naam": name, "versie": version, "map": folder,
        "bestanden": [{"pad": path, "grootte": len(data), "sha256": _digest(data)} for path, data in files],
    }
    entries = [(RELEASE_MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                                   + "\n").encode("utf-8"))]
    entries += [(f"{folder}/{path}", data) for path, data in sorted(files)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in entries:
            info = zipfile.ZipInfo(entry, date_time=TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so that the permissions below mean the same everywhere
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def _broken(path: Path, why: str) -> LibraryError:
    return LibraryError(f"{display(path)}: dit bibliotheekarchief is beschadigd of bewerkt ({why}); "
                        "gebruik een ongeschonden kopie van de uitgave, of breng de versie opnieuw uit met "
                        "agreement-gen library release")


def _manifest(path: Path, archive: zipfile.ZipFile) -> ArchiveInfo:
    try:
        raw = archive.read(RELEASE_MANIFEST)
    except KeyError:
        raise _broken(path, f"{RELEASE_MANIFEST} ontbreekt; is dit een uitgave van agreement-gen?") from None
    try:
        data = json.loads(raw.decode("utf-8"))
        files = tuple(ArchiveFile(str(f["pad"]), int(f["grootte"]), str(f["sha256"])) for f in data["bestanden"])
        info = ArchiveInfo(str(data["naam"]), str(data["versie"]), str(data["map"]), files)
        known = data["formaat"] == FORMAT
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise _broken(path, f"{RELEASE_MANIFEST} is onleesbaar: {exc}") from exc
    if not known:
        raise LibraryError(f"{display(path)}: archiefformaat {data['formaat']} is onbekend; werk agreement-gen bij")
    for part in [info.folder] + [p for f in files for p in f.path.split("/")]:
        if not _SAFE_PART.fullmatch(part) or part in (".", ".."):
            raise _broken(path, f"onveilige naam '{part}' in {RELEASE_MANIFEST}")
    return info


def read_info(path: Path) -> ArchiveInfo:
    """The release manifest of the archive ``path`` (name and version), without checking the files."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _manifest(path, archive)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise _broken(path, "geen leesbaar zip-bestand (afgekapt, of geen zip)") from exc
    except OSError as exc:
        raise LibraryError(f"{display(path)}: kan niet worden gelezen ({reason(exc)})") from exc


def verify_archive(path: Path) -> tuple[ArchiveInfo, dict[str, bytes]]:
    """The manifest and every file (relative path -> bytes) of the archive ``path``, all checked."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = _manifest(path, archive)
            wanted = {f"{info.folder}/{f.path}": f for f in info.files}
            names = [i.filename for i in archive.infolist()]
            extra = sorted(set(names) - set(wanted) - {RELEASE_MANIFEST})
            missing = sorted(set(wanted) - set(names))
            if extra or missing or len(names) != len(set(names)):
                what = (f"niet in de lijst: {', '.join(extra[:3])}" if extra else
                        f"ontbreekt: {', '.join(missing[:3])}" if missing else "dubbele namen")
                raise _broken(path, what)
            if len(wanted) > MAX_FILES or sum(f.size for f in info.files) > MAX_TOTAL_BYTES:
                raise _broken(path, "te veel of te grote bestanden")
            contents = {}
            for entry, expected in wanted.items():
                if archive.getinfo(entry).file_size != expected.size:
                    raise _broken(path, f"{expected.path} heeft een andere grootte dan de lijst")
                data = archive.read(entry)
                if len(data) != expected.size or _digest(data) != expected.sha256:
                    raise _broken(path, f"{expected.path} komt niet overeen met de lijst")
                contents[expected.path] = data
            _same_release(path, info, contents)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise _broken(path, "geen leesbaar zip-bestand (afgekapt, of geen zip)") from exc
    except OSError as exc:
        raise LibraryError(f"{display(path)}: kan niet worden gelezen ({reason(exc)})") from exc
    return info, contents


def _same_release(path: Path, info: ArchiveInfo, contents: dict[str, bytes]) -> None:
    """The library's own manifest names the release the list names (the stores choose by the list)."""
    import yaml
    try:
        manifest = yaml.safe_load(contents["bibliotheek.yaml"].decode("utf-8"))
        named = (str(manifest["naam"]), str(manifest["versie"]))
    except (KeyError, TypeError, UnicodeDecodeError, yaml.YAMLError):
        raise _broken(path, "bibliotheek.yaml ontbreekt of noemt geen naam en versie") from None
    if named != (info.name, info.version):
        raise _broken(path, f"de lijst noemt {info.name} {info.version}, bibliotheek.yaml {named[0]} {named[1]}")
