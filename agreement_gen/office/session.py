"""One LibreOffice at run time: a headless soffice on its own pipe and profile, driven over UNO.

``Office`` starts soffice listening on a pipe of its own, with a throw-away profile
and TMPDIR, and ends it (its whole process group, profile and pipe sockets) on
``close()`` or at the end of a ``with`` block::

    with Office() as office:
        office.pdf(docx, pdf)   # lay out, update TOC and fields, export PDF

Exports go through one UNO client for the session, ``uno_script.py --serve`` under
Debian's Python (see ``process``), which connects once and then takes one request a
line; it works on a copy of each document, so a stale ``.~lock`` file cannot get in the
way. Every call has a timeout; after a timeout the client is ended and soffice started
afresh (it may still be busy with that document). A crash of soffice or of the UNO client
is tried again, twice, with a fresh client (the second time with soffice started afresh
too). Failures raise ``OfficeError`` with what LibreOffice printed. Standard library only.
"""

from __future__ import annotations

import atexit
import json
import os
import select
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
        self._sockets: list[Path] = []  # soffice's OSL_PIPE_* sockets, noted once it is up
        self._client: subprocess.Popen | None = None  # uno_script.py --serve, for many documents
        self._client_log = None
        self._client_buffer = b""
        self._client_fresh = True
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
        self._stop_client()
        sockets: list[Path] = []
        if self.proc is not None:
            # A killed soffice leaves its pipe sockets in /tmp (LibreOffice puts them
            # there whatever TMPDIR says): note them now, remove them once it is dead.
            sockets = pipe_sockets(self.proc.pid) + self._sockets
            sockets.append(Path(f"/tmp/OSL_PIPE_{os.getuid()}_{self.pipe}"))
            self._sockets = []
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
        try:
            answer = self._ask({"action": action, "in": str(docx), "out": str(out)}, f"{docx} ({action})")
            if not answer.get("ok") or not out.is_file():
                raise OfficeError(
                    f"uno_script.py --action {action} failed on {docx} "
                    f"(code {answer.get('code')}): {answer.get('error') or 'no file written'}"
                    + (f"\nsoffice log: {self.soffice_log()}" if self.soffice_log() else "")
                )
            if binary:
                return out.read_bytes()
            # "Text (encoded)" with UTF8 writes a byte order mark first.
            return out.read_text(encoding="utf-8-sig")
        finally:
            if out.exists():
                out.unlink()

    # -- the UNO client: one uno_script.py --serve for many documents

    def _client_running(self) -> subprocess.Popen:
        """The UNO client, started if there is none (or the last one ended)."""
        if self._client is not None and self._client.poll() is None:
            return self._client
        self._stop_client()
        assert self.tmpdir is not None
        connect = self.start_timeout if not self._ready else 30
        self._client_log = open(self.tmpdir / f"client-{uuid.uuid4().hex[:8]}.log", "w+b")
        try:
            self._client = subprocess.Popen(
                [UNO_PYTHON, str(UNO_SCRIPT), "--pipe", self.pipe, "--serve",
                 "--connect-timeout", str(connect)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._client_log,
                start_new_session=True, env=self._env,
            )
        except OSError as exc:
            self._stop_client()
            raise OfficeError(f"cannot start {UNO_PYTHON} {UNO_SCRIPT}: {exc}") from exc
        self._client_buffer = b""
        self._client_fresh = True
        return self._client

    def _stop_client(self) -> None:
        """End the UNO client (it ends by itself when its stdin closes; killed if it does not)."""
        client, self._client = self._client, None
        if client is not None:
            try:
                if client.stdin is not None:
                    client.stdin.close()
            except OSError:
                pass
            try:
                client.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                pass
            kill_group(client, grace=1.0)
            if client.stdout is not None:
                client.stdout.close()
        if self._client_log is not None:
            self._client_log.close()
            self._client_log = None

    def _client_output(self) -> str:
        if self._client_log is None:
            return ""
        self._client_log.flush()
        self._client_log.seek(0)
        return tail(self._client_log.read())

    def _ask(self, request: dict, what: str) -> dict:
        """Send one request to the UNO client and wait for its answer, within the call timeout.

        A client or soffice that dies raises a crash; a timeout ends the client and
        starts soffice afresh (it may still be busy with the document), then raises.
        """
        client = self._client_running()
        timeout = self.call_timeout + (self.start_timeout if self._client_fresh and not self._ready else 0)
        deadline = time.monotonic() + timeout
        try:
            client.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            client.stdin.flush()
        except OSError:
            pass  # the client is gone; its exit status tells why (below)
        fd = client.stdout.fileno()
        try:
            while True:
                while b"\n" in self._client_buffer:
                    line, self._client_buffer = self._client_buffer.split(b"\n", 1)
                    answer = json.loads(line)
                    if answer.get("ready"):
                        if not self._ready:  # soffice is up: note its sockets while it can be asked
                            self._sockets = pipe_sockets(self.proc.pid)
                        self._ready = True
                        continue
                    self._client_fresh = False
                    if not answer.get("ok") and not self.alive():
                        raise self._soffice_died(what)
                    return answer
                ready, _, _ = select.select([fd], [], [], 0.2)
                if ready:
                    chunk = os.read(fd, 65536)
                    if chunk:
                        self._client_buffer += chunk
                        continue
                    raise self._client_ended(client, what)  # end of file: the client is gone
                if not self.alive():
                    raise self._soffice_died(what)
                if time.monotonic() > deadline:
                    output, log = self._client_output(), self.soffice_log()
                    self._restart_soffice()
                    raise OfficeError.timeout(
                        f"uno_script.py on {what} timed out after {timeout:g} s"
                        + (f"\nuno_script: {output}" if output else "")
                        + (f"\nsoffice log: {log}" if log else "")
                    )
        except OfficeError:
            raise
        except ValueError as exc:  # not a JSON answer: the client is not to be trusted
            self._stop_client()
            raise OfficeError(f"uno_script.py answered nonsense on {what}: {exc}") from exc
        except BaseException:  # interrupted: the client may be half-way through a document
            self._stop_client()
            raise

    def _client_ended(self, client: subprocess.Popen, what: str) -> OfficeError:
        try:
            code = client.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            code = None
        output = self._client_output()
        self._stop_client()
        if not self.alive():
            return self._soffice_died(what)
        message = (f"uno_script.py ended (exit code {code}) on {what}: {output or 'no output'}"
                   + (f"\nsoffice log: {self.soffice_log()}" if self.soffice_log() else ""))
        return OfficeError.crash(message) if code is not None and code < 0 else OfficeError(message)

    def _soffice_died(self, what: str) -> OfficeError:
        self._stop_client()
        code = self.proc.returncode if self.proc is not None else None
        return OfficeError.crash(
            f"soffice (pid {self.pid}) exited with code {code} while exporting {what}"
            f"\nsoffice log: {self.soffice_log()}"
        )

    def _restart_soffice(self) -> None:
        self.close()
        self.start()
