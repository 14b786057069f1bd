"""What the web app sends as a file: a .docx, a PDF, a redline or a review copy, made by the same
pipeline functions as ``agreement-gen build``, ``redline`` and ``review`` (so a version downloaded here
is byte for byte the document the CLI builds from that file), in a temporary folder outside
the workspace that is removed afterwards.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from ..errors import OutputError
from ..pipeline import build, redline, render_docx, review
from ..pipeline import Assembly

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


@functools.lru_cache(maxsize=1)
def pdf_reason() -> str | None:
    """Why no PDF can be made here (Dutch), or None; asked once per process."""
    from ..office.pdf import pdf_unavailable
    return pdf_unavailable()


def docx_of(assembly: Assembly) -> bytes:
    """The .docx of a drafted agreement (the form's current values)."""
    return render_docx(assembly.agreement)


def pdf_of(assembly: Assembly) -> bytes:
    from ..office.pdf import write_pdf
    reason = pdf_reason()
    if reason:
        raise OutputError(reason)
    with tempfile.TemporaryDirectory(prefix="agreement_gen_web_") as work:
        docx = Path(work) / "overeenkomst.docx"
        docx.write_bytes(docx_of(assembly))
        return write_pdf(docx, Path(work) / "overeenkomst.pdf").read_bytes()


def build_version(spec: Path, pdf: bool = False) -> bytes:
    """The .docx (or PDF) of a saved version, exactly as ``agreement-gen build SPEC`` makes it."""
    if pdf and pdf_reason():
        raise OutputError(pdf_reason())
    with tempfile.TemporaryDirectory(prefix="agreement_gen_web_") as work:
        result = build(spec, Path(work) / f"{spec.stem}.docx", pdf=pdf)
        return (result.pdf if pdf and result.pdf else result.docx).read_bytes()


def redline_of(old: Path, new: Path) -> bytes:
    """The redline from version ``old`` to ``new``, as ``agreement-gen redline OLD NEW`` makes it."""
    with tempfile.TemporaryDirectory(prefix="agreement_gen_web_") as work:
        out = Path(work) / "redline.docx"
        redline(old, new, out)
        return out.read_bytes()


def review_copy_of(spec: Path) -> bytes:
    """The review copy of a saved version (the .docx with every finding as a comment on its
    article), as ``agreement-gen review SPEC --docx KOPIE.docx`` makes it."""
    with tempfile.TemporaryDirectory(prefix="agreement_gen_web_") as work:
        out = Path(work) / "review.docx"
        review(spec, out=out)
        return out.read_bytes()
