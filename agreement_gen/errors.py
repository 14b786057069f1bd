"""Exceptions of agreement-gen.

Domain code raises these; only the CLI prints them. Every exception carries the data a
person needs to act on it (file, line, path, all problems at once), and its ``str()`` is the
Dutch message shown to the user.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional


# Folders that stand for something else in messages: a library release unpacked in the cache
# shows as the archive it came from (library.stores.extract_archive fills this).
ALIASES: dict[Path, str] = {}


def display(path: Path) -> str:
    """``path`` as a message shows it: relative to the working directory where it lies below it, and
    a file of an unpacked library release as a path inside its archive (``archief/x-2.1.0.zip/...``).

    Worked out once per path, working directory and set of archives (a library load asks it several
    times for each of its files, and resolving a path is a system call per folder)."""
    return _display(Path(path), os.getcwd(), len(ALIASES))


@functools.lru_cache(maxsize=4096)
def _display(path: Path, cwd: str, aliases: int) -> str:  # ``aliases``: ALIASES only grows
    resolved = path.resolve()
    for root, label in ALIASES.items():
        if resolved == root or root in resolved.parents:
            inside = resolved.relative_to(root).as_posix()
            return label if inside == "." else f"{label}/{inside}"
    try:
        return str(resolved.relative_to(Path(cwd)))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we know."""

    file: str
    message: str
    line: Optional[int] = None
    path: Optional[str] = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", regel {self.line}"
        if self.path:
            where += f" ({self.path})"
        return f"{where}: {self.message}"


class AgreementGenError(Exception):
    """Base class: something the user can fix. ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str, problems: Iterable[Problem] = ()):
        self.problems = tuple(problems)
        super().__init__(message)

    def __str__(self) -> str:
        head = self.args[0]
        if not self.problems:
            return head
        lines = [head] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class SpecError(AgreementGenError):
    """A spec file cannot be read or is not valid; ``problems`` lists every problem."""


class LibraryError(AgreementGenError):
    """A clause library is broken (front matter, templates, conditions, duplicates)."""


class BuildError(AgreementGenError):
    """Spec and library are each valid, but together do not give a sound agreement."""


class TemplateError(AgreementGenError):
    """The Word template cannot be used (missing file, missing style, bad placeholder)."""


class OutputError(AgreementGenError):
    """The output cannot be written (exists without --force, directory missing, ...)."""


class DocumentError(AgreementGenError):
    """An input .docx cannot be read (not a zip, corrupt, too large, protected)."""


def spec_error(file: str, problems: Iterable[Problem]) -> SpecError:
    problems = tuple(problems)
    noun = "probleem" if len(problems) == 1 else "problemen"
    return SpecError(f"{file} is geen geldige spec ({len(problems)} {noun}):", problems)


class ModelError(AgreementGenError):
    """An Agreement model embedded in a .docx cannot be read (other format or damaged)."""
