"""Walk a folder and read every .docx that agreement-gen built: ``scan_register``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import AgreementGenError, DocumentError
from ..model.agreement import ClauseUse
from ..word.provenance import Provenance, read_provenance

_CLAUSE = re.compile(r"[a-z][a-z0-9_.\-]*")  # library.validate.ID_PATTERN
_VERSION = re.compile(r"[0-9a-fA-F]{4,64}")


@dataclass(frozen=True)
class ClauseFilter:
    """``--clausule ID[@VERSION]``: a clause id and, optionally, (a prefix of) its version."""

    id: str
    version: Optional[str] = None

    @classmethod
    def parse(cls, text: str) -> "ClauseFilter":
        """``'geschillen@1a2b3c4d'`` -> ClauseFilter; DocumentError when malformed."""
        clause_id, sep, version = text.strip().partition("@")
        if not _CLAUSE.fullmatch(clause_id) or (sep and not _VERSION.fullmatch(version)):
            raise DocumentError(f"'{text}' is geen geldige clausule: schrijf ID of ID@VERSIE, bijvoorbeeld "
                                "geschillen of geschillen@1a2b3c4d (de versie zoals "
                                "'agreement-gen inspect' of 'agreement-gen library show' hem toont)")
        return cls(clause_id, version.lower() if sep else None)

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}" if self.version else self.id


@dataclass(frozen=True)
class Entry:
    """One agreement in the register."""

    path: str  # relative to the register's folder, with '/'
    provenance: Provenance

    @property
    def edited(self) -> Optional[bool]:
        return self.provenance.edited

    def uses(self, wanted: ClauseFilter) -> Optional[ClauseUse | str]:
        """The use of the wanted clause: a ClauseUse, the bare id (built before versions per clause:
        version unknown), or None when this agreement does not use it at that version."""
        if self.provenance.clauses:
            for use in self.provenance.clauses:
                if use.id == wanted.id and (wanted.version is None or use.version.startswith(wanted.version)):
                    return use
            return None
        return wanted.id if wanted.id in self.provenance.clause_ids else None


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str  # Dutch


@dataclass(frozen=True)
class Register:
    root: Path
    entries: tuple[Entry, ...]
    skipped: tuple[Skipped, ...]
    wanted: Optional[ClauseFilter] = None  # the clause asked about, if any

    @property
    def matching(self) -> tuple[Entry, ...]:
        """The agreements that use the wanted clause (at its version); all without a filter."""
        if self.wanted is None:
            return self.entries
        return tuple(entry for entry in self.entries if entry.uses(self.wanted) is not None)


def docx_files(root: Path) -> list[Path]:
    """Every *.docx under ``root`` (not following symbolic links to folders), sorted by path."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        found += [Path(folder) / name for name in files if name.lower().endswith(".docx")]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def scan_register(root: Path | str, wanted: Optional[ClauseFilter] = None) -> Register:
    """Read every .docx under ``root``; what is not an agreement of agreement-gen is skipped with
    its reason, never an exception. DocumentError when ``root`` is no folder."""
    root = Path(root)
    if not root.is_dir():
        what = "bestaat niet" if not root.exists() else "is geen map"
        raise DocumentError(f"{root}: {what}; geef een map met .docx-bestanden")
    entries, skipped = [], []
    for path in docx_files(root):
        name = path.relative_to(root).as_posix()
        if path.name.startswith("~$"):
            skipped.append(Skipped(name, "tijdelijk bestand van Word (het document is ergens geopend)"))
            continue
        try:
            entries.append(Entry(name, read_provenance(path)))
        except AgreementGenError as exc:
            skipped.append(Skipped(name, _reason(str(exc), path)))
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the register
            skipped.append(Skipped(name, f"kan niet worden gelezen ({type(exc).__name__}: {exc})"))
    return Register(root, tuple(entries), tuple(skipped), wanted)


def _reason(message: str, path: Path) -> str:
    """The message of a DocumentError without the leading path (the register shows it already)."""
    for prefix in (f"{path}: ", f"{path.name}: "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message
