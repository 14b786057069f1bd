"""Clause texts and conditions parsed and compiled once: a cache keyed on the text itself.

Loading a library parses every clause text (to find unknown filters and ``ref()`` targets) and a
build compiles the ones it uses; for the bundled library that was most of a build's time. The
cache keeps, per clause text, what loading and building need: the scan's findings and the
compiled Python code of the Jinja template; per condition (a clause's ``voorwaarde``, a review
rule's condition) the scan's findings, the spec paths it reads and its compiled code.

* The key is a hash of the text with everything that shapes the result: this cache's format,
  the Python bytecode tag, Jinja's version, agreement-gen's version and the source of the modules
  that define the Jinja environment and the scan. A changed clause is a new key, so a stale
  template is never served; nothing is ever invalidated by date.
* Entries live in memory (bounded) and on disk in the cache folder under ``teksten``
  (``codecache``: ``$AGREEMENT_GEN_CACHE``, else ``~/.cache/agreement-gen``; ``uit`` switches
  it off).
* The cache is only an optimisation: a folder that cannot be made or written, or an entry that
  cannot be read, is passed over silently and the text is compiled as before. Writes are atomic.
* The compiled code is what the sandboxed environment generates, so it calls the sandbox's
  checks exactly as a freshly compiled template does. Whoever can write the cache folder can run
  code as the user, as with any per-user cache of Python bytecode (~/.cache is the user's own).
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Optional

import jinja2
from jinja2 import nodes
from jinja2.environment import TemplateExpression

from .. import __version__
from ..codecache import cache_folder, write_file
from ..templating import __file__ as _templating_file, variable_paths
from .scan import ENV, __file__ as _scan_file, parse_expression, scan

FORMAT = 1
TEXT, CONDITION = b"\0", b"\1"  # what a key is of: it is hashed in, so the two never share a key
MEMORY_ENTRIES = 4096


@dataclass(frozen=True)
class Entry:
    unknown: tuple[tuple[str, int], ...]  # (message, line) for filters and tests Jinja lacks
    refs: tuple[tuple[str, int], ...]     # (target, line) of every ref('target')
    code: Optional[CodeType]              # None when the text does not compile


@dataclass(frozen=True)
class ConditionEntry:
    unknown: tuple[tuple[str, int], ...]  # as Entry
    paths: tuple[str, ...]                # the spec paths the condition reads (templating.variable_paths)
    code: Optional[CodeType]              # what Environment.compile_expression compiles; None if it fails


def _salt() -> bytes:
    parts = [str(FORMAT), sys.implementation.cache_tag or "", jinja2.__version__, __version__]
    for source in (_templating_file, _scan_file):
        try:
            parts.append(hashlib.sha256(Path(source).read_bytes()).hexdigest())
        except OSError:
            parts.append("?")
    return "|".join(parts).encode()


class CompiledTexts:
    def __init__(self) -> None:
        self.salt = _salt()
        self.memory: OrderedDict[str, Entry | ConditionEntry] = OrderedDict()
        self.folder = self._folder()

    @staticmethod
    def _folder() -> Optional[Path]:
        base = cache_folder()
        return base / "teksten" if base is not None else None

    def key(self, text: str, kind: bytes = TEXT) -> str:
        return hashlib.sha256(self.salt + kind + text.encode("utf-8", "surrogatepass")).hexdigest()

    def entry(self, text: str) -> Entry:
        """The scan and compiled code of ``text`` (a normalised clause body); parses on a miss.

        Raises jinja2.TemplateSyntaxError when the text does not parse (never cached).
        """
        return self._get(text, TEXT)

    def condition_entry(self, source: str) -> ConditionEntry:
        """The scan, spec paths and compiled code of the condition ``source``; parses on a miss.

        Raises jinja2.TemplateSyntaxError (in scan.parse_expression's words) when it does not parse.
        """
        return self._get(source, CONDITION)

    def condition(self, source: str) -> TemplateExpression:
        """``source`` compiled as ``ENV.compile_expression(source, undefined_to_none=False)``."""
        entry = self.condition_entry(source)
        if entry.code is None:
            return ENV.compile_expression(source, undefined_to_none=False)  # raises, in Jinja's words
        template = ENV.template_class.from_code(ENV, entry.code, ENV.make_globals(None), None)
        return TemplateExpression(template, False)

    def _get(self, text: str, kind: bytes) -> Entry | ConditionEntry:
        key = self.key(text, kind)
        found = self.memory.get(key)
        if found is None:
            found = self._read(key, kind)
            if found is None:
                found = self._make(text) if kind == TEXT else self._make_condition(text)
                self._write(key, found)
            self._remember(key, found)
        return found

    def stored(self, text: str, kind: bytes) -> Optional[tuple]:
        """What ``remember`` takes back for ``text`` (library.snapshot keeps it); None when it does
        not parse (a text that does not parse is never kept)."""
        try:
            entry = self._get(text, kind)
        except jinja2.TemplateError:
            return None
        second = entry.refs if isinstance(entry, Entry) else entry.paths
        return entry.unknown, second, entry.code

    def remember(self, text: str, kind: bytes, stored: Optional[tuple]) -> None:
        """Take back what ``stored`` gave for ``text`` (from library.snapshot's file)."""
        if stored is None:
            return
        unknown, second, code = stored
        if not isinstance(code, (CodeType, type(None))):
            raise ValueError("geen code")
        unknown = tuple((str(message), int(line)) for message, line in unknown)
        if kind == TEXT:
            entry = Entry(unknown, tuple((str(t), int(line)) for t, line in second), code)
        else:
            entry = ConditionEntry(unknown, tuple(str(p) for p in second), code)
        self._remember(self.key(text, kind), entry)

    def template(self, text: str) -> jinja2.Template:
        entry = self.entry(text)
        if entry.code is None:
            return ENV.from_string(text)  # raises the compile error, in Jinja's words
        return ENV.template_class.from_code(ENV, entry.code, ENV.make_globals(None), None)

    def _remember(self, key: str, entry: Entry | ConditionEntry) -> None:
        self.memory[key] = entry
        self.memory.move_to_end(key)
        while len(self.memory) > MEMORY_ENTRIES:
            self.memory.popitem(last=False)

    @staticmethod
    def _make(text: str) -> Entry:
        ast = ENV.parse(text)
        unknown, refs = scan(ast)
        try:
            code = ENV.compile(ast)  # the scan first: Jinja's optimiser may rewrite the tree
        except jinja2.TemplateError:
            code = None
        return Entry(tuple(unknown), tuple(refs), code)

    @staticmethod
    def _make_condition(source: str) -> ConditionEntry:
        expr = parse_expression(source)
        unknown = scan(expr)[0]
        paths = variable_paths(expr)
        try:  # as compile_expression does (the scan first: the optimiser may rewrite the tree)
            expr.set_environment(ENV)
            code = ENV.compile(nodes.Template([nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)], lineno=1))
        except jinja2.TemplateError:
            code = None
        return ConditionEntry(tuple(unknown), tuple(paths), code)

    def _path(self, key: str) -> Optional[Path]:
        return self.folder / key[:2] / key[2:] if self.folder is not None else None

    def _read(self, key: str, kind: bytes) -> Optional[Entry | ConditionEntry]:
        path = self._path(key)
        if path is None:
            return None
        try:
            data = path.read_bytes()
            fmt, unknown, second, code = marshal.loads(data)
            unknown = tuple((str(message), int(line)) for message, line in unknown)
            if kind == TEXT:
                second = tuple((str(target), int(line)) for target, line in second)
            else:
                second = tuple(str(p) for p in second)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if fmt != FORMAT or not isinstance(code, (CodeType, type(None))):
            return None
        return Entry(unknown, second, code) if kind == TEXT else ConditionEntry(unknown, second, code)

    def _write(self, key: str, entry: Entry | ConditionEntry) -> None:
        path = self._path(key)
        if path is None:
            return
        second = [list(r) for r in entry.refs] if isinstance(entry, Entry) else list(entry.paths)
        data = marshal.dumps((FORMAT, [list(u) for u in entry.unknown], second, entry.code))
        write_file(path, data)


_TEXTS: Optional[CompiledTexts] = None


def compiled_texts() -> CompiledTexts:
    """The process's cache (made on first use, so the environment variable is read then)."""
    global _TEXTS
    if _TEXTS is None:
        _TEXTS = CompiledTexts()
    return _TEXTS


def reset() -> None:
    """Forget the process's cache (tests: after changing AGREEMENT_GEN_CACHE)."""
    global _TEXTS
    _TEXTS = None
