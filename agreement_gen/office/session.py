"""One LibreOffice at run time: a headless soffice on its own pipe and profile, driven over UNO.

``Office`` starts soffice listening on a pipe of its own, with a throw-away profile
and TMPDIR, and ends it (its whole process group, profile and pipe sockets) on
``close()`` or at the end of a ``with`` block::

    with Office() as office:
        office.pdf(docx, pdf)   # lay out, update TOC and fields, export PDF

Each export runs ``uno_script.py`` under Debian's Python (see ``process``) on a copy
of the document, so a stale ``.~lock`` file cannot get in the way. Every call has a
timeout; a crash of soffice or of the UNO client is tried again, twice (the second time
with soffice started afresh). Failures raise ``OfficeError`` with what LibreOffice
printed. Standard library only.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from .process import (
    UNO_PYTHON, UNO_SCRIPT, OfficeError, clean_env, find_soffice, kill_group, pipe_sockets,
    soffice_tmp, tail,
)

__all__ = ["Office"]

CRASH_ATTEMPTS = 3  # a crashed UNO client is tried again; the third time soffice is new too


class Office:
    """One headless soffice listening on a pipe of its own, with a profile of its own.

    Started by the constructor (or ``start()``); ended by ``close()`` / ``with``.
    ``call_timeout`` bounds each export call (``pdf()``, and the harness's text calls),
    ``start_timeout`` how long the first call may wait for soffice to come up.
    """

    def __init__(self, *, start_timeout: float = 60, call_timeout: float = 120,
                 start: bool = True) -> None:
        self.start_timeout = start_timeout
        self.call_timeout = call_timeout
        self.pipe = f"agreement_gen_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.tmpdir: Path | None = None
        self.proc: subprocess.Popen | None = None
        self._log = None
        self._env: dict = clean_env()
        self._ready = False
        if start:
            self.start()

    # -- lifecycle

    def start(self) -> "Office":
        if self.proc is not None:
            return self
        soffice = find_soffice()
        if soffice is None:
            raise OfficeError("soffice not found (apt-get install libreoffice-writer-nogui)")
        self.tmpdir = Path(tempfile.mkdtemp(prefix="agreement_gen_office_"))
        (self.tmpdir / "work").mkdir()
        self._log = open(self.tmpdir / "soffice.log", "w+b")
        self._env = clean_env(soffice_tmp(self.tmpdir))
        cmd = [
            soffice,
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={self.pipe};urp;",
            f"-env:UserInstallation={(self.tmpdir / 'profile').as_uri()}",
        ]
        try:
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
                start_new_session=True, env=self._env, cwd=self.tmpdir,
            )
        except OSError as exc:
            self.close()
            raise OfficeError(f"cannot start soffice: {exc}") from exc
        atexit.register(self.close)  # no soffice outlives this process
        return self

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def close(self) -> None:
        """Terminate soffice (its whole process group) and remove its profile."""
        atexit.unregister(self.close)
        sockets: list[Path] = []
        if self.proc is not None:
            # A killed soffice leaves its pipe sockets in /tmp (LibreOffice puts them
            # there whatever TMPDIR says): note them now, remove them once it is dead.
            sockets = pipe_sockets(self.proc.pid)
            sockets.append(Path(f"/tmp/OSL_PIPE_{os.getuid()}_{self.pipe}"))
            kill_group(self.proc)
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None
        for sock in sockets:
            try:
                if sock.is_socket():
                    sock.unlink()
            except OSError:
                pass
        self._ready = False

    def __enter__(self) -> "Office":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:  # last resort; close() is the way
        try:
            self.close()
        except Exception:
            pass

    def soffice_log(self) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        return tail(self._log.read())

    # -- documents

    def pdf(self, docx: Path, pdf: Path) -> Path:
        """Export ``docx`` to ``pdf`` after LibreOffice updated its table of contents and fields."""
        data = self._export(docx, "pdf", binary=True)
        Path(pdf).write_bytes(data)
        return Path(pdf)

    def _export(self, docx: Path, action: str, binary: bool = False):
        """Run one uno_script.py action; try again when the UNO client or soffice crashed.

        LibreOffice's Python-UNO bridge now and then dies with SIGSEGV on a document it
        handles fine the next time (once twice in a row, in a CI run of the suite); after a
        second crash soffice is started afresh too, and a third crash is reported as it is.
        """
        for attempt in range(CRASH_ATTEMPTS):
            try:
                return self._export_once(docx, action, binary)
            except OfficeError as exc:
                if not exc.crashed or attempt == CRASH_ATTEMPTS - 1:
                    raise
                if attempt or not self.alive():  # a second crash: start soffice afresh as well
                    self.close()
                    self.start()
        raise AssertionError("unreachable")

    def _export_once(self, docx: Path, action: str, binary: bool = False):
        if self.proc is None:
            raise OfficeError("Office is closed")
        docx = Path(docx).resolve()
        if not docx.is_file():
            raise OfficeError(f"no such file: {docx}")
        assert self.tmpdir is not None
        out = self.tmpdir / "work" / f"{uuid.uuid4().hex}.{'pdf' if binary else 'txt'}"
        connect = self.start_timeout if not self._ready else 30
        cmd = [
            UNO_PYTHON, str(UNO_SCRIPT), "--pipe", self.pipe, "--action", action,
            "--connect-timeout", str(connect), str(docx), str(out),
        ]
        timeout = self.call_timeout + (0 if self._ready else self.start_timeout)
        script = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            start_new_session=True, env=self._env,
        )
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    stdout, stderr = script.communicate(timeout=0.2)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if not self.alive():
                    # soffice died (crash, killed): no point waiting for the script.
                    kill_group(script, grace=1.0)
                    code = self.proc.returncode if self.proc is not None else None
                    raise OfficeError.crash(
                        f"soffice (pid {self.pid}) exited with code {code} while "
                        f"exporting {docx} ({action})\nsoffice log: {self.soffice_log()}"
                    )
                if time.monotonic() > deadline:
                    kill_group(script, grace=1.0)
                    raise OfficeError(
                        f"uno_script.py --action {action} on {docx} timed out after "
                        f"{timeout:.0f} s\nsoffice log: {self.soffice_log()}"
                    )
        except BaseException:
            if script.poll() is None:
                kill_group(script, grace=1.0)
            raise
        try:
            if script.returncode != 0 or not out.is_file():
                raise (OfficeError.crash if script.returncode < 0 else OfficeError)(
                    f"uno_script.py --action {action} failed on {docx} "
                    f"(exit code {script.returncode}): {tail(stderr) or tail(stdout)}"
                    + (f"\nsoffice log: {self.soffice_log()}" if self.soffice_log() else "")
                )
            self._ready = True
            if binary:
                return out.read_bytes()
            # "Text (encoded)" with UTF8 writes a byte order mark first.
            return out.read_text(encoding="utf-8-sig")
        finally:
            if out.exists():
                out.unlink()
