"""Processes for LibreOffice at run time: find soffice, run children safely, check availability.

* ``soffice_available()`` says why LibreOffice cannot be used here (soffice, Debian's
  ``/usr/bin/python3`` with ``import uno``, optionally poppler), or None.
* Children get a clean environment (no venv/pyenv Python settings) and their own
  process group; ``run()`` has a timeout and kills the whole group when it runs out.
* ``kill_group()`` ends soffice with its children; ``pipe_sockets()`` finds the
  ``OSL_PIPE_*`` sockets a soffice holds, so they can be removed after it is killed.

``import uno`` works only under Debian's own interpreter, so UNO work runs as
``/usr/bin/python3 agreement_gen/office/uno_script.py`` ($UNO_PYTHON overrides the
interpreter, $SOFFICE the soffice binary). All failures raise ``OfficeError``.
Standard library only.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
from pathlib import Path

__all__ = [
    "OfficeError",
    "soffice_available",
    "find_soffice",
    "clean_env",
    "soffice_tmp",
    "tail",
    "kill_group",
    "run",
    "pipe_sockets",
    "UNO_PYTHON",
    "UNO_SCRIPT",
    "WRITER_UI",
]

UNO_PYTHON = os.environ.get("UNO_PYTHON", "/usr/bin/python3")
UNO_SCRIPT = Path(__file__).resolve().with_name("uno_script.py")


class OfficeError(RuntimeError):
    """LibreOffice could not do what was asked; the message holds what it printed.

    ``crashed`` is true when soffice or the UNO client died of a signal, ``timed_out``
    when LibreOffice did not finish within the time it was given.
    """

    crashed = False
    timed_out = False

    @classmethod
    def crash(cls, message: str) -> "OfficeError":
        error = cls(message)
        error.crashed = True
        return error

    @classmethod
    def timeout(cls, message: str) -> "OfficeError":
        error = cls(message)
        error.timed_out = True
        return error


# --------------------------------------------------------------------------- helpers


def find_soffice() -> str | None:
    """The soffice binary: $SOFFICE if executable, else soffice/libreoffice on PATH."""
    explicit = os.environ.get("SOFFICE")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def clean_env(tmpdir: Path | None = None) -> dict:
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


def soffice_tmp(base: Path) -> Path:
    """A TMPDIR for soffice inside base (removed with base)."""
    tmp = base / "tmp"
    tmp.mkdir(exist_ok=True)
    return tmp


def tail(text: str | bytes | None, limit: int = 4000) -> str:
    """The last ``limit`` characters of a child's output, decoded and stripped."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = text.strip()
    return text if len(text) <= limit else "..." + text[-limit:]


def kill_group(proc: subprocess.Popen, grace: float = 5.0) -> None:
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


def run(cmd: list[str], timeout: float, what: str, env: dict | None = None,
        **kw) -> subprocess.CompletedProcess:
    """Run cmd in its own process group; on timeout kill the whole group."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env=env if env is not None else clean_env(),
        **kw,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc, grace=2.0)
        out, err = proc.communicate()
        raise OfficeError(
            f"{what} timed out after {timeout:.0f} s: {' '.join(cmd)}\n"
            f"stdout: {tail(out)}\nstderr: {tail(err)}"
        ) from None
    except BaseException:
        kill_group(proc, grace=2.0)
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def pipe_sockets(pgid: int) -> list[Path]:
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
    soffice = find_soffice()
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
                capture_output=True, timeout=30, env=clean_env(), stdin=subprocess.DEVNULL,
            )
            if res.returncode != 0:
                missing.append(
                    f"{UNO_PYTHON} cannot 'import uno' (apt-get install python3-uno): "
                    + tail(res.stderr, 300)
                )
        except (OSError, subprocess.TimeoutExpired) as exc:
            missing.append(f"{UNO_PYTHON} -c 'import uno' failed: {exc}")
    for tool in ("pdftotext", "pdftoppm") if need_poppler else ():
        if shutil.which(tool) is None:
            missing.append(f"{tool} not found (apt-get install poppler-utils)")
    if not UNO_SCRIPT.is_file():
        missing.append(f"{UNO_SCRIPT} is missing")
    return "; ".join(missing) or None
