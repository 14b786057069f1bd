"""The plain functions behind the CLI: spec -> Agreement -> files.

Use agreement-gen as a library through these::

    from agreement_gen.pipeline import draft, build
    assembly = draft("samples/hartnet-noord.yaml")
    build("samples/hartnet-noord.yaml", "hartnet.docx")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .assembly.assemble import Assembly, assemble
from .library.read import Library, check_pin, layer_roots, load_library
from .errors import OutputError
from .output import check_writable, write_atomic
from .office.pdf import pdf_unavailable, write_pdf
from .word.render import render_docx
from .spec.load import Spec, load_spec
from .model.text import render_text


@dataclass(frozen=True)
class BuildResult:
    assembly: Assembly
    docx: Path
    text: Optional[Path]
    pdf: Optional[Path] = None


def draft(spec: Path | str | Spec, libraries: Optional[Sequence[Path | str]] = None,
          library: Optional[Library] = None) -> Assembly:
    """Assemble the agreement for a spec (a path or a loaded Spec) and a clause library.

    The library is ``libraries`` (default: the bundled one) with the spec's own layers
    (``bibliotheek.lagen``) on top; it must fit the spec's pin (``bibliotheek.naam/versie``).
    """
    spec = spec if isinstance(spec, Spec) else load_spec(spec)
    library = library or load_library(layer_roots(spec, libraries))
    check_pin(library, spec.data.get("bibliotheek"), spec.name)
    return assemble(spec, library)


def build(spec: Path | str, out: Path | str, libraries: Optional[Sequence[Path | str]] = None,
          template: Optional[Path | str] = None, force: bool = False, guidance: bool = True,
          text_out: Optional[Path | str] = None, pdf: bool = False) -> BuildResult:
    """Build ``spec`` into the .docx ``out`` (optionally also plain text, and a PDF beside it)."""
    out = Path(out)
    check_writable(out, force)
    text_path = Path(text_out) if text_out else None
    if text_path:
        check_writable(text_path, force)
    pdf_path = out.with_suffix(".pdf") if pdf else None
    if pdf_path:
        check_writable(pdf_path, force)
        reason = pdf_unavailable()
        if reason:
            raise OutputError(reason)
    assembly = draft(spec, libraries)
    data = render_docx(assembly.agreement, Path(template) if template else None, guidance=guidance)
    write_atomic(out, data, force=force)
    if text_path:
        write_atomic(text_path, render_text(assembly.agreement).encode("utf-8"), force=force)
    if pdf_path:
        write_pdf(out, pdf_path, force=force)
    return BuildResult(assembly, out, text_path, pdf_path)
