"""LibreOffice test harness: render .docx files with the real LibreOffice.

Pytest-free helpers (standard library only) for tests that want to see a generated
.docx the way an office suite sees it:

``soffice_available() -> str | None``
    Why LibreOffice cannot be used here (soffice, Debian's ``/usr/bin/python3`` with
    ``import uno``, or poppler's pdftotext/pdftoppm missing), or None when all is there.
``convert_to_pdf(docx, outdir, timeout=120) -> Path``
    ``soffice --headless --convert-to pdf`` with a throw-away profile; returns the PDF.
``pdf_text(pdf, timeout=60) -> str``
    The PDF's text, by ``pdftotext`` (reading order, no ``-layout``).
``pdf_to_png(pdf, outdir, first_page=1, last_page=2, dpi=100, timeout=120) -> list[Path]``
    Pages rendered to PNG by ``pdftoppm``, in page order.
``Office``
    One soffice listening on its own pipe, with its own profile. Use as a context
    manager (or call ``close()``)::

        with Office() as office:
            office.text(path)             # document as LibreOffice reads it
            office.accept_all_text(path)  # after .uno:AcceptAllTrackedChanges
            office.reject_all_text(path)  # after .uno:RejectAllTrackedChanges

    The text comes from LibreOffice's "Text (encoded)" export (UTF-8): one line per
    paragraph, automatic list numbers printed (``"    1. Artikel"``), headers and
    footers left out; with tracked changes pending, ``text()`` shows inserted *and*
    deleted text. Each call loads a copy of the file, so a stale ``.~lock`` file
    cannot get in the way.

All failures raise ``OfficeError`` with what LibreOffice printed. Every subprocess has
a timeout. ``import uno`` works only under Debian's own interpreter, so UNO work runs
as ``/usr/bin/python3 agreement_gen/uno_script.py`` (override with $UNO_PYTHON; the soffice
binary with $SOFFICE).

Pytest fixture plan (tests/conftest.py, written by whoever owns it)::

    import os
    import pytest
    from tests.office import Office, soffice_available   # or: from office import ...

    @pytest.fixture(scope="session")
    def office():
        reason = soffice_available()
        if reason:
            if os.environ.get("CI") == "true":
                pytest.fail("LibreOffice is required on CI: " + reason, pytrace=False)
            pytest.skip("LibreOffice not available: " + reason)
        with Office() as o:
            yield o

One soffice then serves the whole session: start + first ``text()`` took a median
1.4 s here, each call after that about 0.2 s, ``convert_to_pdf()`` about 1.3 s
(a soffice of its own each time). ``office_required()`` (CI == "true") gives the
same skip/fail decision without pytest.
"""

from __future__ import annotations

import atexit
import functools
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

__all__ = [
    "OfficeError",
    "Office",
    "soffice_available",
    "office_required",
    "convert_to_pdf",
    "pdf_text",
    "pdf_to_png",
    "UNO_PYTHON",
    "UNO_SCRIPT",
]

UNO_PYTHON = os.environ.get("UNO_PYTHON", "/usr/bin/python3")
UNO_SCRIPT = Path(__file__).resolve().with_name("uno_script.py")
OOXML_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")


class OfficeError(RuntimeError):
    """LibreOffice could not do what was asked; the message holds what it printed.

    ``crashed`` is true when soffice or the UNO client died of a signal.
    """

    crashed = False

    @classmethod
    def crash(cls, message: str) -> "OfficeError":
        error = cls(message)
        error.crashed = True
        return error


# --------------------------------------------------------------------------- helpers


def _soffice() -> str | None:
    explicit = os.environ.get("SOFFICE")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _clean_env(tmpdir: Path | None = None) -> dict:
    """Environment for child processes: no venv/pyenv Python settings leaking in.

    With tmpdir, TMPDIR points there, so the lu*.tmp folders a killed soffice leaves
    behind land in a folder we remove. (Its pipe sockets, OSL_PIPE_*, go to /tmp
    whatever TMPDIR says; Office.close() removes those.)
    """
    env = dict(os.environ)
    for var in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH"):
        env.pop(var, None)
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return env


def _soffice_tmp(base: Path) -> Path:
    """A TMPDIR for soffice inside base (removed with base)."""
    tmp = base / "tmp"
    tmp.mkdir(exist_ok=True)
    return tmp


def _tail(text: str | bytes | None, limit: int = 4000) -> str:
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = text.strip()
    return text if len(text) <= limit else "..." + text[-limit:]


def _kill_group(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """End a process started with start_new_session=True, and its children."""
    if proc.poll() is not None:
        # The leader is gone; children (soffice.bin under oosplash) may not be.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        except PermissionError:
            proc.send_signal(sig)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The leader died; make sure nothing of its group lingers.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return


def _run(cmd: list[str], timeout: float, what: str, env: dict | None = None,
         **kw) -> subprocess.CompletedProcess:
    """Run cmd in its own process group; on timeout kill the whole group."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env=env if env is not None else _clean_env(),
        **kw,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc, grace=2.0)
        out, err = proc.communicate()
        raise OfficeError(
            f"{what} timed out after {timeout:.0f} s: {' '.join(cmd)}\n"
            f"stdout: {_tail(out)}\nstderr: {_tail(err)}"
        ) from None
    except BaseException:
        _kill_group(proc, grace=2.0)
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _pipe_sockets(pgid: int) -> list[Path]:
    """The OSL_PIPE_* unix sockets that live members of process group pgid hold open."""
    inodes = set()
    try:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) != pgid:
                    continue
                for fd in (stat.parent / "fd").iterdir():
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
            except (OSError, IndexError, ValueError):
                continue
        paths = []
        with open("/proc/net/unix") as table:
            next(table)
            for line in table:
                cols = line.split()
                if len(cols) >= 8 and cols[6] in inodes and "/OSL_PIPE_" in cols[7]:
                    paths.append(Path(cols[7]))
        return paths
    except OSError:  # no /proc (not Linux): nothing to clean
        return []


# --------------------------------------------------------------------- availability


WRITER_UI = Path("/usr/lib/libreoffice/share/config/soffice.cfg/modules/swriter/ui")


@functools.lru_cache(maxsize=None)
def soffice_available(need_poppler: bool = True) -> str | None:
    """None when LibreOffice, python3-uno (and poppler-utils) are usable, else why not."""
    missing = []
    soffice = _soffice()
    if soffice is None:
        missing.append("soffice not found on PATH (apt-get install libreoffice-writer)")
    elif Path(soffice).resolve().is_relative_to("/usr/lib/libreoffice") and not WRITER_UI.is_dir():
        # libreoffice-writer-nogui: soffice over UNO aborts on any document with comments.
        missing.append("Writer's UI files are missing (libreoffice-writer-nogui?): apt-get install libreoffice-writer")
    if not os.access(UNO_PYTHON, os.X_OK):
        missing.append(f"{UNO_PYTHON} not found (apt-get install python3-uno)")
    else:
        try:
            res = subprocess.run(
                [UNO_PYTHON, "-c", "import uno"],
                capture_output=True, timeout=30, env=_clean_env(), stdin=subprocess.DEVNULL,
            )
            if res.returncode != 0:
                missing.append(
                    f"{UNO_PYTHON} cannot 'import uno' (apt-get install python3-uno): "
                    + _tail(res.stderr, 300)
                )
        except (OSError, subprocess.TimeoutExpired) as exc:
            missing.append(f"{UNO_PYTHON} -c 'import uno' failed: {exc}")
    for tool in ("pdftotext", "pdftoppm") if need_poppler else ():
        if shutil.which(tool) is None:
            missing.append(f"{tool} not found (apt-get install poppler-utils)")
    if not UNO_SCRIPT.is_file():
        missing.append(f"{UNO_SCRIPT} is missing")
    return "; ".join(missing) or None


def office_required() -> bool:
    """True where a missing LibreOffice must fail the tests instead of skipping them."""
    return os.environ.get("CI") == "true"


# ------------------------------------------------------------------- one-shot tools


def convert_to_pdf(docx: Path, outdir: Path, timeout: float = 120) -> Path:
    """Convert docx to outdir/<stem>.pdf with a headless soffice of its own."""
    docx = Path(docx).resolve()
    outdir = Path(outdir).resolve()
    if not docx.is_file():
        raise OfficeError(f"convert_to_pdf: no such file: {docx}")
    if docx.suffix.lower() in OOXML_SUFFIXES and not zipfile.is_zipfile(docx):
        # soffice would silently import it as plain text and make a PDF of the bytes.
        raise OfficeError(f"convert_to_pdf: {docx} is not a .docx (not a zip file)")
    soffice = _soffice()
    if soffice is None:
        raise OfficeError("convert_to_pdf: soffice not found")
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / (docx.stem + ".pdf")
    if pdf.exists():
        pdf.unlink()  # never mistake an old PDF for a new one
    work = Path(tempfile.mkdtemp(prefix="agreement_gen_pdf_"))
    try:
        # Convert a copy: a stale .~lock file beside the original can make loads fail.
        src = work / "in" / docx.name
        src.parent.mkdir()
        shutil.copyfile(docx, src)
        cmd = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
            "--convert-to", "pdf", "--outdir", str(outdir), str(src),
        ]
        res = _run(cmd, timeout, "soffice --convert-to pdf",
                   env=_clean_env(_soffice_tmp(work)))
        # soffice exits 0 even when it could not load the file: trust only the PDF.
        if res.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            raise OfficeError(
                f"soffice made no PDF from {docx} (exit code {res.returncode})\n"
                f"stdout: {_tail(res.stdout)}\nstderr: {_tail(res.stderr)}"
            )
        return pdf
    finally:
        shutil.rmtree(work, ignore_errors=True)


def pdf_text(pdf: Path, timeout: float = 60) -> str:
    """Text of a PDF, by pdftotext in reading order (no -layout), UTF-8."""
    pdf = Path(pdf)
    if not pdf.is_file():
        raise OfficeError(f"pdf_text: no such file: {pdf}")
    res = _run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], timeout, "pdftotext")
    if res.returncode != 0:
        raise OfficeError(
            f"pdftotext failed on {pdf} (exit code {res.returncode}): {_tail(res.stderr)}"
        )
    return res.stdout.decode("utf-8", "replace")


def pdf_to_png(
    pdf: Path,
    outdir: Path,
    first_page: int = 1,
    last_page: int = 2,
    dpi: int = 100,
    timeout: float = 120,
) -> list[Path]:
    """Render pages first_page..last_page (those that exist) to PNGs in outdir."""
    pdf = Path(pdf)
    outdir = Path(outdir)
    if not pdf.is_file():
        raise OfficeError(f"pdf_to_png: no such file: {pdf}")
    if first_page < 1 or last_page < first_page:
        raise ValueError(f"bad page range {first_page}..{last_page}")
    outdir.mkdir(parents=True, exist_ok=True)
    prefix = outdir / pdf.stem
    pattern = f"{glob.escape(pdf.stem)}-*.png"
    for old in outdir.glob(pattern):
        old.unlink()
    res = _run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first_page), "-l", str(last_page),
         str(pdf), str(prefix)],
        timeout, "pdftoppm",
    )
    if res.returncode != 0:
        raise OfficeError(
            f"pdftoppm failed on {pdf} (exit code {res.returncode}): {_tail(res.stderr)}"
        )
    # pdftoppm pads page numbers to the width of the page count: x-1.png or x-01.png.
    pages = []
    for png in outdir.glob(pattern):
        num = png.stem.rsplit("-", 1)[1]
        if num.isdigit():
            pages.append((int(num), png))
    if not pages:
        raise OfficeError(f"pdftoppm made no PNG from {pdf}: {_tail(res.stderr)}")
    return [png for _, png in sorted(pages)]


# ---------------------------------------------------------------- running soffice


class Office:
    """One headless soffice listening on a pipe of its own, with a profile of its own.

    Started by the constructor (or ``start()``); ended by ``close()`` / ``with``.
    ``call_timeout`` bounds each text()/accept_all_text()/reject_all_text() call,
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
        self._env: dict = _clean_env()
        self._ready = False
        if start:
            self.start()

    # -- lifecycle

    def start(self) -> "Office":
        if self.proc is not None:
            return self
        soffice = _soffice()
        if soffice is None:
            raise OfficeError("soffice not found (apt-get install libreoffice-writer-nogui)")
        self.tmpdir = Path(tempfile.mkdtemp(prefix="agreement_gen_office_"))
        (self.tmpdir / "work").mkdir()
        self._log = open(self.tmpdir / "soffice.log", "w+b")
        self._env = _clean_env(_soffice_tmp(self.tmpdir))
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
        atexit.register(self.close)  # no soffice outlives the test run
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
            sockets = _pipe_sockets(self.proc.pid)
            sockets.append(Path(f"/tmp/OSL_PIPE_{os.getuid()}_{self.pipe}"))
            _kill_group(self.proc)
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
        return _tail(self._log.read())

    # -- documents

    def text(self, docx: Path) -> str:
        """The document's text as LibreOffice exports it (tracked changes as they are)."""
        return self._export(docx, "text")

    def accept_all_text(self, docx: Path) -> str:
        """The text after accepting all tracked changes."""
        return self._export(docx, "accept")

    def reject_all_text(self, docx: Path) -> str:
        """The text after rejecting all tracked changes."""
        return self._export(docx, "reject")

    def pdf(self, docx: Path, pdf: Path) -> Path:
        """Export ``docx`` to ``pdf`` after LibreOffice updated its table of contents and fields."""
        data = self._export(docx, "pdf", binary=True)
        Path(pdf).write_bytes(data)
        return Path(pdf)

    def _export(self, docx: Path, action: str, binary: bool = False):
        """Run one export; retry once when the UNO client or soffice crashed (a signal).

        LibreOffice's Python-UNO bridge now and then dies with SIGSEGV on a document it
        handles fine the next time; a second crash is reported as it is.
        """
        try:
            return self._export_once(docx, action, binary)
        except OfficeError as exc:
            if not exc.crashed:
                raise
            if not self.alive():
                self.close()
                self.start()
            return self._export_once(docx, action, binary)

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
                    _kill_group(script, grace=1.0)
                    code = self.proc.returncode if self.proc is not None else None
                    raise OfficeError.crash(
                        f"soffice (pid {self.pid}) exited with code {code} while "
                        f"exporting {docx} ({action})\nsoffice log: {self.soffice_log()}"
                    )
                if time.monotonic() > deadline:
                    _kill_group(script, grace=1.0)
                    raise OfficeError(
                        f"uno_script.py --action {action} on {docx} timed out after "
                        f"{timeout:.0f} s\nsoffice log: {self.soffice_log()}"
                    )
        except BaseException:
            if script.poll() is None:
                _kill_group(script, grace=1.0)
            raise
        try:
            if script.returncode != 0 or not out.is_file():
                raise (OfficeError.crash if script.returncode < 0 else OfficeError)(
                    f"uno_script.py --action {action} failed on {docx} "
                    f"(exit code {script.returncode}): {_tail(stderr) or _tail(stdout)}"
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


if __name__ == "__main__":  # tiny manual check: python tests/office.py FILE.docx
    reason = soffice_available()
    if reason:
        sys.exit(f"LibreOffice not available: {reason}")
    with Office() as office:
        for arg in sys.argv[1:]:
            print(office.text(Path(arg)), end="")
