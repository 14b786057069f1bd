"""``library release``: check a library, then write its release archive ``<naam>-<versie>.zip``.

A release is what regions sign on and keep building with for years, so it is only made from a
library that passes every check of ``library check``, and it never changes once written: the same
library gives the same bytes (``archive.make_archive``), writing the same archive again is a no-op,
and an archive of that name with other content is refused unless ``force`` is given (a released
version that changes is what the versions are there to prevent: raise the version instead).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .. import resources
from ..errors import LibraryError, OutputError, display
from ..output import check_writable, write_atomic
from .archive import archive_name, library_files, make_archive, verify_archive
from .check import check_library
from .read import library_error


@dataclass(frozen=True)
class ReleaseResult:
    path: Path
    name: str
    version: str
    files: int
    sha256: str
    written: bool  # False: the same archive was already there
    notes: tuple[str, ...] = ()


def release_library(dirs: Optional[Sequence[Path | str]] = None, outdir: Path | str = ".", force: bool = False,
                    seeds: Optional[Path | str] = None) -> ReleaseResult:
    """Release the top layer of the stack ``dirs`` (default: the bundled library; the layers below are
    what it is checked on, as in ``library check``) as ``outdir/<naam>-<versie>.zip``."""
    roots = [Path(d) for d in dirs] if dirs else [resources.clauses_dir()]
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise OutputError(f"{display(outdir)}: de uitvoermap bestaat niet; maak haar eerst aan")
    report = check_library(roots, Path(seeds) if seeds is not None else None)
    if report.problems:
        where = ", ".join(display(r) for r in roots)
        raise library_error(report.problems, f"library release weigert: library check vond problemen in {where}")
    top = report.library.layers[-1]
    if top.manifest is None or not top.version:
        raise LibraryError(f"{display(top.root)}: geen bibliotheek.yaml met naam en versie; een uitgave heeft ze nodig")
    inside = outdir.resolve() == top.root.resolve() or top.root.resolve() in outdir.resolve().parents
    if inside:
        raise OutputError(f"{display(outdir)} ligt in de bibliotheek {display(top.root)}: het archief zou zichzelf "
                          "bevatten. Kies een uitvoermap buiten de bibliotheek, zoals -o archief/")
    files = library_files(top.root)
    data = make_archive(top.name, top.version, files)
    out = outdir / archive_name(top.name, top.version)
    check_writable(out, force=True)  # a link, a folder or a device: refused even with --force
    same = out.is_file() and (out.read_bytes() == data or _same_content(out, files))
    if out.exists() and not same and not force:
        raise OutputError(f"{display(out)} bestaat al met een andere inhoud: een uitgebrachte versie verandert "
                          f"niet. Verhoog de versie in {display(top.manifest)} (en het changelog), of gebruik "
                          "--force als de oude uitgave nooit is verspreid")
    if not same:
        write_atomic(out, data, force=force)
    return ReleaseResult(out, top.name, top.version, len(files), hashlib.sha256(data).hexdigest(),
                         not same, report.notes)


def _same_content(path: Path, files: list[tuple[str, bytes]]) -> bool:
    """Whether the archive ``path`` holds exactly ``files``, though its bytes differ (another zlib
    compresses the same files differently: that is the same release, not another one)."""
    try:
        _, contents = verify_archive(path)
    except LibraryError:
        return False
    return contents == dict(files)
