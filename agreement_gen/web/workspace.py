"""The workspace folder (``--werkmap``): the only state of the web app.

Layout: one folder per spec, one file per saved version, never changed after it is written::

    werkmap/
      hartnet/                 a spec, named by the drafter (lower case, digits, '-')
        hartnet.v1.yaml        every save is a new version
        hartnet.v2.yaml
      eigen-spec.yaml          a hand-written spec beside them can be taken in (as version 1)

Names are checked against a strict pattern before any path is built, every path is checked to
lie inside the workspace, and symbolic links are neither followed nor replaced: nothing outside
the folder can be read or written through the web app. A save links a complete temporary file
into place (``output.write_atomic``), which fails when the version exists: two people saving on
the same version cannot overwrite each other, the second gets ``Conflict``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import AgreementGenError, OutputError
from ..output import write_atomic
from ..output import reason

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
VERSION_FILE = re.compile(r"(?P<name>[a-z0-9][a-z0-9-]{0,59})\.v(?P<n>[1-9][0-9]{0,5})\.yaml")
LOOSE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.ya?ml")
MAX_SPEC_BYTES = 1_000_000  # as spec/yamlfile.py allows


class WorkspaceError(AgreementGenError):
    """A name, path or file in the workspace that cannot be used (Dutch message)."""


class NotFound(WorkspaceError):
    """The spec or version does not exist."""


class Conflict(WorkspaceError):
    """Someone else saved a newer version first; ``latest`` is the newest version now."""

    def __init__(self, message: str, latest: int):
        super().__init__(message)
        self.latest = latest


@dataclass(frozen=True)
class Version:
    name: str
    number: int
    path: Path
    saved: dt.datetime
    size: int


def check_name(name: str) -> str:
    """``name`` if it is a valid spec name, else WorkspaceError in Dutch."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise WorkspaceError(f"'{name}' is geen geldige naam: gebruik kleine letters, cijfers en '-' "
                             "(hoogstens 60 tekens, te beginnen met een letter of cijfer), "
                             "bijvoorbeeld hartnet-noord")
    return name


def slug(text: str) -> str:
    """A spec name made from any text ('Hartnet Noord.yaml' -> 'hartnet-noord')."""
    text = re.sub(r"\.ya?ml\Z", "", text.strip(), flags=re.IGNORECASE).lower()
    text = text.translate(str.maketrans("àáâäèéêëìíîïòóôöùúûüç", "aaaaeeeeiiiioooouuuuc"))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


class Workspace:
    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()

    def ensure(self) -> None:
        """Create the workspace folder when it is missing."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(f"de werkmap {self.root} kan niet worden aangemaakt: {reason(exc)}") from exc

    # --- paths, checked ------------------------------------------------------------------

    def _inside(self, path: Path) -> Path:
        """``path`` if it and every folder up to the workspace are no links and lie inside it."""
        current = path
        while current != self.root:
            if current.is_symlink():
                raise WorkspaceError(f"{current.name} is een symbolische koppeling; de web-app volgt "
                                     "geen koppelingen")
            if current.parent == current:
                break
            current = current.parent
        if not path.resolve().is_relative_to(self.root):
            raise WorkspaceError("dit pad ligt buiten de werkmap")
        return path

    def folder(self, name: str) -> Path:
        return self._inside(self.root / check_name(name))

    def version_path(self, name: str, number: int) -> Path:
        if not isinstance(number, int) or not 1 <= number <= 999_999:
            raise WorkspaceError(f"'{number}' is geen geldig versienummer")
        return self._inside(self.folder(name) / f"{name}.v{number}.yaml")

    # --- reading -------------------------------------------------------------------------

    def names(self) -> list[str]:
        """The specs in the workspace, by name."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir()
                      if NAME.fullmatch(p.name) and p.is_dir() and not p.is_symlink() and self.versions(p.name))

    def loose_files(self) -> list[str]:
        """Hand-written specs lying in the workspace itself, not yet taken in."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir()
                      if LOOSE_FILE.fullmatch(p.name) and not p.is_symlink() and p.is_file())

    def versions(self, name: str) -> list[Version]:
        """Every saved version of ``name``, oldest first (empty when there is none)."""
        folder = self.folder(name)
        if not folder.is_dir():
            return []
        out = []
        for path in folder.iterdir():
            match = VERSION_FILE.fullmatch(path.name)
            if not match or match["name"] != name or path.is_symlink():
                continue
            info = path.stat()
            if stat.S_ISREG(info.st_mode):
                out.append(Version(name, int(match["n"]), path, dt.datetime.fromtimestamp(info.st_mtime),
                                   info.st_size))
        return sorted(out, key=lambda v: v.number)

    def latest(self, name: str) -> int:
        """The newest version number of ``name`` (0 when it has none)."""
        versions = self.versions(name)
        return versions[-1].number if versions else 0

    def read(self, name: str, number: Optional[int] = None) -> tuple[int, str]:
        """(number, text) of a version of ``name`` (default: the newest)."""
        number = number or self.latest(name)
        if not number:
            raise NotFound(f"de werkmap heeft geen spec '{name}'")
        return number, self._read_file(self.version_path(name, number), f"{name} versie {number}")

    def read_loose(self, filename: str) -> str:
        if not LOOSE_FILE.fullmatch(filename or "") or filename not in self.loose_files():
            raise NotFound(f"de werkmap heeft geen bestand '{filename}'")
        return self._read_file(self._inside(self.root / filename), filename)

    def _read_file(self, path: Path, what: str) -> str:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError as exc:
            raise NotFound(f"{what} bestaat niet") from exc
        except OSError as exc:
            raise WorkspaceError(f"{what} kan niet worden gelezen: {reason(exc)}") from exc
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise WorkspaceError(f"{what} is geen gewoon bestand")
            data = handle.read(MAX_SPEC_BYTES + 1)
        if len(data) > MAX_SPEC_BYTES:
            raise WorkspaceError(f"{what} is groter dan {MAX_SPEC_BYTES // 1000} kB")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise WorkspaceError(f"{what} is geen UTF-8-tekst") from exc

    # --- writing -------------------------------------------------------------------------

    def save(self, name: str, basis: int, text: str) -> int:
        """Save ``text`` as the version after ``basis`` (0: a new spec) and return its number.

        Raises Conflict when a version after ``basis`` exists already (someone else saved first,
        or a new spec's name is taken)."""
        folder = self.folder(name)
        latest = self.latest(name)
        if latest != basis:
            raise self._conflict(name, basis, latest)
        if basis == 0:
            try:
                folder.mkdir(parents=False, exist_ok=True)
            except OSError as exc:
                raise WorkspaceError(f"de map {name} kan niet worden aangemaakt: {reason(exc)}") from exc
        target = self.version_path(name, basis + 1)
        data = text.encode("utf-8")
        if len(data) > MAX_SPEC_BYTES:
            raise WorkspaceError(f"de spec is groter dan {MAX_SPEC_BYTES // 1000} kB")
        try:
            write_atomic(target, data)  # links into place: fails when the version exists by now
        except OutputError as exc:
            if target.exists():
                raise self._conflict(name, basis, self.latest(name)) from exc
            raise
        return basis + 1

    def _conflict(self, name: str, basis: int, latest: int) -> Conflict:
        if basis == 0:
            return Conflict(f"er bestaat al een spec met de naam '{name}' (met {latest} versie(s)); kies een "
                            "andere naam, of open die spec", latest)
        return Conflict(f"iemand anders heeft '{name}' intussen opgeslagen: u bewerkte versie {basis}, de "
                        f"nieuwste is nu versie {latest}. Uw wijzigingen zijn niet opgeslagen en staan nog in "
                        "het formulier; bekijk eerst de nieuwste versie (of de redline tussen beide) en sla "
                        "dan opnieuw op", latest)
