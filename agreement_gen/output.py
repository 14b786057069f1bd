"""Write output files atomically: a reader sees the old file, the new file, or nothing.

The bytes go to a temporary file in the target directory, are flushed to disk, and are then
linked into place (no overwrite) or renamed over the old file (with ``force``). A failed build
never leaves a partial file behind.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from .errors import OutputError


_REASONS = {
    errno.EACCES: "u hebt geen schrijfrechten in die map",
    errno.EPERM: "u hebt geen schrijfrechten in die map",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENAMETOOLONG: "de bestandsnaam is te lang",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "uw schijfquotum is op",
    errno.ENOENT: "het bestand of de map bestaat niet",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.EEXIST: "het bestand bestaat al",
    errno.EBUSY: "het bestand is in gebruik",
}


def reason(exc: OSError) -> str:
    """Why an OS call failed, in Dutch where we know the words."""
    return _REASONS.get(exc.errno, exc.strerror or str(exc))


def check_writable(path: Path, force: bool) -> None:
    """Fail early, before any work, when ``path`` cannot be written."""
    if path.is_symlink():
        raise OutputError(f"{path} is een symbolische koppeling; geef het bestand zelf op (agreement-gen "
                          "schrijft niet via een koppeling en vervangt haar ook niet)")
    if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
        raise OutputError(f"{path} is geen gewoon bestand (maar bijvoorbeeld een apparaat of een pijp); "
                          "kies een gewoon bestand")
    if path.is_dir():
        raise OutputError(f"{path} is een map, geen bestand; geef een bestandsnaam op")
    if path.exists() and not force:
        raise OutputError(f"{path} bestaat al; gebruik --force om het te overschrijven")
    if path.parent.exists() and not path.parent.is_dir():
        raise OutputError(f"{path.parent} is een bestand, geen map; kies een bestandsnaam in een bestaande map")
    if not path.parent.is_dir():
        raise OutputError(f"{path.parent}: map bestaat niet")


TMP_PREFIX, TMP_SUFFIX = ".agreement-gen-", ".tmp"
STALE_SECONDS = 3600  # a temporary file of ours this old belongs to a write that was killed


def _remove_stale(folder: Path) -> None:
    """Remove temporary files that a killed write of ours left behind (never a recent one: another
    process may be writing it now)."""
    now = time.time()
    try:
        for leftover in folder.glob(f"{TMP_PREFIX}*{TMP_SUFFIX}"):
            try:
                if leftover.is_file() and not leftover.is_symlink() and now - leftover.stat().st_mtime > STALE_SECONDS:
                    leftover.unlink()
            except OSError:
                pass
    except OSError:
        pass


def write_atomic(path: Path, data: bytes, force: bool = False) -> None:
    path = Path(path)
    check_writable(path, force)
    _remove_stale(path.parent)
    try:  # a short, fixed prefix: a long target name must not make the temporary name too long
        fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path} kan niet worden geschreven: {reason(exc)}") from exc
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
        raise OutputError(f"{path} kan niet worden geschreven: {reason(exc)}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
