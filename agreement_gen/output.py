"""Write output files atomically: a reader sees the old file, the new file, or nothing.

The bytes go to a temporary file in the target directory, are flushed to disk, and are then
linked into place (no overwrite) or renamed over the old file (with ``force``). A failed build
never leaves a partial file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def check_writable(path: Path, force: bool) -> None:
    """Fail early, before any work, when ``path`` cannot be written."""
    if path.exists() and not force:
        raise OutputError(f"{path} bestaat al; gebruik --force om het te overschrijven")
    if path.exists() and path.is_dir():
        raise OutputError(f"{path} is een map, geen bestand")
    if not path.parent.is_dir():
        raise OutputError(f"{path.parent}: map bestaat niet")


def write_atomic(path: Path, data: bytes, force: bool = False) -> None:
    path = Path(path)
    check_writable(path, force)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError as exc:
                raise OutputError(f"{path} bestaat al; gebruik --force om het te overschrijven") from exc
            tmp.unlink()
    except OSError as exc:
        raise OutputError(f"{path} kan niet worden geschreven: {exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
