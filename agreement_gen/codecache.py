"""The per-user cache folder, and the compiled code of Word templates kept there.

Everything agreement-gen caches lives under one folder: ``$AGREEMENT_GEN_CACHE``, else
``$XDG_CACHE_HOME/agreement-gen`` or ``~/.cache/agreement-gen`` (a folder only the user can
write; a non-editable install never writes beside its own files); ``AGREEMENT_GEN_CACHE=uit``
switches it off. Below it: ``teksten`` (clause texts and conditions, library.compiled),
``geladen`` (loaded libraries, library.snapshot), ``bibliotheken`` (unpacked library releases,
library.stores) and ``sjablonen`` (the parts of Word templates, here).

A cache is only an optimisation: a folder that cannot be made or written, or an entry that
cannot be read, is passed over silently. Writes are atomic. Whoever can write the folder can run
code as the user, as with any per-user cache of Python bytecode.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from types import CodeType
from typing import Optional

OFF = ("0", "uit", "off", "nee", "no", "false")
FORMAT = 1
_CODE: dict[str, CodeType] = {}  # this process's template code, by key


def cache_folder() -> Optional[Path]:
    """The cache folder (not made here), or None when caching is switched off."""
    configured = os.environ.get("AGREEMENT_GEN_CACHE")
    if configured is not None and configured.strip().lower() in OFF:
        return None
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "agreement-gen"


def write_file(path: Path, data: bytes) -> None:
    """``data`` into ``path`` atomically, making its folder; an error only costs the cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass  # no cache today: a read-only or full disk only costs speed


def template_code(env, text: str) -> Optional[CodeType]:
    """What ``env.compile(text)`` gives (``env``: templating.TemplateSandbox, for a part of a Word
    template that docxtpl fills); None when it does not compile (the caller compiles it again
    for Jinja's error). The key covers the text, the environment's settings and the names of its
    filters and tests, this cache's format, the bytecode tag and the versions of Jinja,
    agreement-gen and the module that defines the environment."""
    import jinja2

    from . import __version__, templating
    shape = repr((FORMAT, sys.implementation.cache_tag, jinja2.__version__, __version__, _source(templating.__file__),
                  type(env).__qualname__, env.autoescape, env.trim_blocks, env.lstrip_blocks,
                  env.keep_trailing_newline, env.block_start_string, env.block_end_string,
                  env.variable_start_string, env.variable_end_string, env.comment_start_string,
                  env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                  env.newline_sequence, env.optimized, sorted(env.filters), sorted(env.tests)))
    key = hashlib.sha256(shape.encode() + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()
    code = _CODE.get(key)
    if code is not None:
        return code
    base = cache_folder()
    path = base / "sjablonen" / key[:2] / key[2:] if base is not None else None
    if path is not None:
        try:
            fmt, code = marshal.loads(path.read_bytes())
            if fmt != FORMAT or not isinstance(code, CodeType):
                code = None
        except (OSError, EOFError, ValueError, TypeError):
            code = None
    if code is None:
        try:
            code = env.compile(text)
        except jinja2.TemplateError:
            return None
        if path is not None:
            write_file(path, marshal.dumps((FORMAT, code)))
    _CODE[key] = code
    return code


_SOURCES: dict[str, str] = {}


def _source(path: str) -> str:
    if path not in _SOURCES:
        try:
            _SOURCES[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            _SOURCES[path] = "?"
    return _SOURCES[path]
