"""LibreOffice test harness: render .docx files with the real LibreOffice.

Pytest-free helpers (standard library only) for tests that want to see a generated
.docx the way an office suite sees it. The process handling and the soffice session
are the runtime's (``agreement_gen.office``, also behind ``--pdf``); this module adds
what only tests need.

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
as ``/usr/bin/python3 agreement_gen/office/uno_script.py`` (override with $UNO_PYTHON;
the soffice binary with $SOFFICE).

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

import glob
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from agreement_gen.office.process import (
    UNO_PYTHON, UNO_SCRIPT, OfficeError, clean_env, find_soffice, run, soffice_available,
    soffice_tmp, tail,
)
from agreement_gen.office.session import Office as _RuntimeOffice

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

OOXML_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")


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
    soffice = find_soffice()
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
        res = run(cmd, timeout, "soffice --convert-to pdf",
                  env=clean_env(soffice_tmp(work)))
        # soffice exits 0 even when it could not load the file: trust only the PDF.
        if res.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            raise OfficeError(
                f"soffice made no PDF from {docx} (exit code {res.returncode})\n"
                f"stdout: {tail(res.stdout)}\nstderr: {tail(res.stderr)}"
            )
        return pdf
    finally:
        shutil.rmtree(work, ignore_errors=True)


def pdf_text(pdf: Path, timeout: float = 60) -> str:
    """Text of a PDF, by pdftotext in reading order (no -layout), UTF-8."""
    pdf = Path(pdf)
    if not pdf.is_file():
        raise OfficeError(f"pdf_text: no such file: {pdf}")
    res = run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], timeout, "pdftotext")
    if res.returncode != 0:
        raise OfficeError(
            f"pdftotext failed on {pdf} (exit code {res.returncode}): {tail(res.stderr)}"
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
    res = run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first_page), "-l", str(last_page),
         str(pdf), str(prefix)],
        timeout, "pdftoppm",
    )
    if res.returncode != 0:
        raise OfficeError(
            f"pdftoppm failed on {pdf} (exit code {res.returncode}): {tail(res.stderr)}"
        )
    # pdftoppm pads page numbers to the width of the page count: x-1.png or x-01.png.
    pages = []
    for png in outdir.glob(pattern):
        num = png.stem.rsplit("-", 1)[1]
        if num.isdigit():
            pages.append((int(num), png))
    if not pages:
        raise OfficeError(f"pdftoppm made no PNG from {pdf}: {tail(res.stderr)}")
    return [png for _, png in sorted(pages)]


# ---------------------------------------------------------------- running soffice


class Office(_RuntimeOffice):
    """The runtime's soffice session, plus reading documents back as text.

    ``call_timeout`` bounds each text()/accept_all_text()/reject_all_text() call,
    ``start_timeout`` how long the first call may wait for soffice to come up.
    """

    def text(self, docx: Path) -> str:
        """The document's text as LibreOffice exports it (tracked changes as they are)."""
        return self._export(docx, "text")

    def accept_all_text(self, docx: Path) -> str:
        """The text after accepting all tracked changes."""
        return self._export(docx, "accept")

    def reject_all_text(self, docx: Path) -> str:
        """The text after rejecting all tracked changes."""
        return self._export(docx, "reject")


if __name__ == "__main__":  # tiny manual check: python tests/office.py FILE.docx
    reason = soffice_available()
    if reason:
        sys.exit(f"LibreOffice not available: {reason}")
    with Office() as office:
        for arg in sys.argv[1:]:
            print(office.text(Path(arg)), end="")
