"""--pdf: let LibreOffice lay out a built .docx, update its contents and fields, and export PDF."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import OutputError, display
from .process import OfficeError, soffice_available
from .session import Office
from ..output import write_atomic


def pdf_unavailable() -> str | None:
    """Why no PDF can be made on this machine, in Dutch, or None."""
    reason = soffice_available(need_poppler=False)
    if reason:
        return (f"een PDF maken vraagt LibreOffice, en dat is hier niet bruikbaar ({reason}); "
                "installeer het (Debian: apt-get install libreoffice-writer python3-uno) of laat --pdf weg")
    return None


def start_office() -> Office:
    """A running LibreOffice for PDFs; OutputError in Dutch when it does not start."""
    try:
        return Office()
    except OfficeError as exc:
        raise OutputError(f"LibreOffice start niet: {exc}") from exc


def write_pdf(docx: Path, pdf: Path, force: bool = False, office: Office | None = None) -> Path:
    """``docx`` as ``pdf`` (atomically); with ``office`` through that running LibreOffice (a batch
    converts every draft with one), otherwise through one started for this document."""
    if office is None:
        reason = pdf_unavailable()
        if reason:
            raise OutputError(reason)
        with start_office() as started:
            return write_pdf(docx, pdf, force, started)
    with tempfile.TemporaryDirectory(prefix="agreement_gen_pdf_") as work:
        tmp = Path(work) / "uit.pdf"
        try:
            office.pdf(docx, tmp)
        except OfficeError as exc:
            if exc.timed_out:
                raise OutputError(
                    f"LibreOffice maakte binnen {office.call_timeout:g} s geen PDF van {display(docx)} "
                    "(time-out); er is geen PDF geschreven. Probeer het opnieuw, of laat --pdf weg") from exc
            raise OutputError(f"LibreOffice kon {display(docx)} niet naar PDF omzetten: {exc}") from exc
        write_atomic(pdf, tmp.read_bytes(), force=force)
    return pdf
