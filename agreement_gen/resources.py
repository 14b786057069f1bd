"""Where the bundled clause library, Word template and sample specs live.

In an installed package they are shipped inside it (``agreement_gen/_clauses``,
``agreement_gen/_templates``, ``agreement_gen/_samples`` and the released library archives in
``agreement_gen/_archief``, see setup.cfg); in a checkout they are the top-level ``clauses/``,
``templates/``, ``samples/`` and ``archief/`` directories.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Iterator

_HERE = Path(__file__).resolve().parent

DEFAULT_TEMPLATE = "standaard.docx"


def _first(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[-1]


def clauses_dir() -> Path:
    return _first(_HERE / "_clauses", _HERE.parent / "clauses")


def templates_dir() -> Path:
    return _first(_HERE / "_templates", _HERE.parent / "templates")


def samples_dir() -> Path:
    return _first(_HERE / "_samples", _HERE.parent / "samples")


def archive_dir() -> Path:
    """The bundled store of released library archives (``archief/``, see ``library.stores``)."""
    return _first(_HERE / "_archief", _HERE.parent / "archief")


def default_template() -> Path:
    return templates_dir() / DEFAULT_TEMPLATE


def read_bounded(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (so that a caller sees a file over
    its limit without reading all of it). A device, pipe or socket raises OSError with a Dutch
    reason: ``/dev/zero`` would never end, a pipe would block forever."""
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "dit is een map, geen bestand")
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "dit is geen gewoon bestand (maar een apparaat, pijp of socket)")
    with open(path, "rb") as handle:
        return handle.read(limit + 1)


class TooManyFiles(Exception):
    """A folder holds more entries than a clause library can sensibly have."""


def walk_files(root: Path, suffix: str, limit: int) -> Iterator[Path]:
    """The entries under ``root`` (not folders) whose name ends in ``suffix``, sorted, without
    descending into linked folders; raises TooManyFiles after ``limit`` entries (``lagen: [/]``
    must not walk the whole file system). The caller refuses what is not a regular file."""
    seen = 0
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        seen += len(dirs) + len(files)
        if seen > limit:
            raise TooManyFiles(f"{root} bevat meer dan {limit} bestanden en mappen; is dit wel een bibliotheek?")
        for name in files:
            path = Path(folder) / name
            if name.endswith(suffix):
                found.append(path)
    return iter(sorted(found, key=lambda p: p.relative_to(root).as_posix()))
