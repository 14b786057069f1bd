"""Loaded libraries kept whole: one cache file per stack of layers, keyed on their content.

Reading a library parses the YAML front matter of every clause file, checks it against its
schema and scans every text; for the bundled library that is about a third of a build. A stack
of layers that loaded without problems is kept in the cache folder (``codecache``, under
``geladen``), as one file with the loaded library and the compiled texts of its clauses and
conditions, so that the next build reads one file instead of a hundred and parses nothing.

* The key is a hash of every file under every layer root (its path inside the root and its
  bytes; the quoted documents under ``bronnen/`` are not read by a load and are left out), the
  roots themselves, the working directory and the archives that messages name (``errors``), with
  this format, the Python bytecode tag, the versions of Jinja, PyYAML and Cerberus and the source
  of the modules that read a library. A changed, added or removed file is a new key: a stale
  library is never served. Nothing is invalidated by date; at most ``KEEP`` files are kept.
* A library with problems is never kept: ``load_library`` reads it again and raises them all, and
  ``library check`` never uses this cache.
* As ``compiled``: only an optimisation. A folder that cannot be written or an entry that cannot be
  read is passed over and the library is read as before. Whoever can write the cache folder can
  run code as the user (the file is a pickle, as the compiled texts are bytecode).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Optional, Sequence

import importlib.util

import jinja2
import yaml

from .. import __version__, errors
from ..codecache import cache_folder, write_file
from .clause import Library
from .compiled import CONDITION, TEXT, compiled_texts
from .scan import normalise_body

FORMAT = 1
KEEP = 32  # library files kept in the cache folder; the oldest go first
MAX_ENTRIES = 5_000  # as read.MAX_LAYER_ENTRIES: a bigger root is not a library (read says so)
SEEDS_DIR = "bronnen"  # as read.SEEDS_DIR
MAX_FILE_BYTES = 10_000_000  # above every limit a load puts on one file (resources.read_bounded)
_PACKAGE = Path(__file__).resolve().parent.parent
# The modules whose code shapes a loaded library: the library package, the spec package (its YAML
# reader and schema) and the shared modules they use.
_SOURCES = ("library", "spec", "errors.py", "resources.py", "templating.py", "output.py", "__init__.py")

_CODE: Optional[bytes] = None


def _code() -> bytes:
    """The part of every key that stands for this program: worked out once per process."""
    global _CODE
    if _CODE is None:
        digest = hashlib.sha256()
        for part in (str(FORMAT), sys.implementation.cache_tag or "", __version__, jinja2.__version__,
                     yaml.__version__, _cerberus()):
            digest.update(part.encode() + b"\0")
        for name in _SOURCES:
            path = _PACKAGE / name
            files = sorted(path.glob("*.py")) if path.is_dir() else [path]
            for source in files:
                digest.update(source.relative_to(_PACKAGE).as_posix().encode() + b"\0")
                try:
                    digest.update(source.read_bytes())
                except OSError:
                    digest.update(b"?")
        _CODE = digest.digest()
    return _CODE


def _cerberus() -> str:
    """Which Cerberus checks a library (its rules decide what loads without problems), without
    importing it (a build that needs no Cerberus does not load it): its validator's file, size
    and time of change, which an upgrade changes."""
    try:
        found = importlib.util.find_spec("cerberus")
        origin = Path(found.origin).with_name("validator.py")
        stat = origin.stat()
        return f"{origin}|{stat.st_size}|{stat.st_mtime_ns}"
    except (ImportError, AttributeError, TypeError, OSError):
        return "?"


def _folder() -> Optional[Path]:
    base = cache_folder()
    return base / "geladen" if base is not None else None


def key(roots: Sequence[Path]) -> Optional[str]:
    """The key of a stack of layers, or None when one cannot be read whole (then nothing is kept)."""
    digest = hashlib.sha256(_code())
    digest.update(os.getcwd().encode("utf-8", "surrogateescape") + b"\0")
    for root, label in sorted((str(r), str(v)) for r, v in errors.ALIASES.items()):
        digest.update(f"alias\0{root}\0{label}\0".encode("utf-8", "surrogateescape"))
    for root in roots:
        digest.update(b"root\0" + os.fsencode(root) + b"\0")
        try:
            if not root.is_dir():
                return None
            if not _add_files(digest, root):
                return None
        except OSError:
            return None
    return digest.hexdigest()


def _add_files(digest, root: Path) -> bool:
    """Hash every entry under ``root``; False (keep nothing) for anything but regular files and
    links (a pipe is never opened: a load refuses it, and reading one would wait forever) and for a
    file over ``MAX_FILE_BYTES`` (a load refuses that too)."""
    seen = 0
    found = []
    for folder, dirs, files in os.walk(root):
        if folder == str(root):
            dirs[:] = [d for d in dirs if d != SEEDS_DIR]
        seen += len(dirs) + len(files)
        if seen > MAX_ENTRIES:
            return False
        found.extend(os.path.join(folder, name) for name in files)
        found.extend(os.path.join(folder, name) for name in dirs if os.path.islink(os.path.join(folder, name)))
    for path in sorted(found):
        digest.update(b"file\0" + os.fsencode(os.path.relpath(path, root)) + b"\0")
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            digest.update(b"link\0" + os.fsencode(os.readlink(path)) + b"\0")
            continue
        if not stat.S_ISREG(mode):
            return False
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return False
        digest.update(len(data).to_bytes(8, "little") + data)
    return True


def recall(roots: Sequence[Path]) -> tuple[Optional[Library], Optional[str]]:
    """The library kept for ``roots`` (None if there is none) and its key (None: do not keep)."""
    folder = _folder()
    if folder is None:
        return None, None
    found = key(roots)
    if found is None:
        return None, None
    try:
        data = (folder / found).read_bytes()
        fmt, library, texts, conditions = marshal.loads(data)
        if fmt != FORMAT:
            return None, found
        library = pickle.loads(library)
        if not isinstance(library, Library):
            return None, found
        cache = compiled_texts()
        for kind, entries in ((TEXT, texts), (CONDITION, conditions)):
            for text, entry in entries:
                cache.remember(text, kind, entry)
    except Exception:  # an entry that cannot be read is passed over: the library is read again
        return None, found
    return library, found


def keep(found: str, library: Library) -> None:
    """Keep ``library`` (loaded without problems) under ``found``, with its compiled texts."""
    folder = _folder()
    if folder is None:
        return
    cache = compiled_texts()
    texts, conditions = {}, {}
    for entry in library.clauses + tuple(off.clause for off in library.switched_off):
        for version in entry.versions:
            texts[normalise_body(version.body)] = None
            if version.voorwaarde:
                conditions[version.voorwaarde] = None
    for rule in library.rules:
        for version in rule.versions:
            conditions[version.voorwaarde] = None
    try:
        data = marshal.dumps((
            FORMAT,
            pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL),
            [(text, cache.stored(text, TEXT)) for text in texts],
            [(text, cache.stored(text, CONDITION)) for text in conditions],
        ))
    except Exception:  # something that does not keep (a text that does not compile is kept as None)
        return
    write_file(folder / found, data)
    _prune(folder)


def _prune(folder: Path) -> None:
    kept = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_file() and not entry.name.startswith(".tmp-"):
                kept.append((entry.stat().st_mtime_ns, entry.name))
        except OSError:
            pass
    for _, name in sorted(kept)[:-KEEP]:
        try:
            os.unlink(folder / name)
        except OSError:
            pass
