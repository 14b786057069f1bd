"""The house-style Word template: the styles the renderer needs, loading it, checking it.

The word package is the only one that imports docxtpl, and this module the only place that
opens a template with it.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate

from ..errors import DocumentError, Problem, TemplateError, display
from .docxread import read_docx

REQUIRED_STYLES = (
    "Title",
    "Subtitle",
    "Header",
    "Footer",
    "Tekst",
    "Tussenkop",
    "Comparitie",
    "Overweging",
    "Artikel",
    "Lid",
    "Lidopsomming",
    "Bijlagekop",
    "Opsomming",
    "Ondertekening",
    "Tabeltekst",
    "TOC 1",
    "Tabel",
)


def missing_styles(document) -> list[str]:
    names = {s.name for s in document.styles}
    return [name for name in REQUIRED_STYLES if name not in names]


def _reason(exc: DocumentError, name: str) -> str:
    return str(exc).removeprefix(f"{name}: ").removeprefix("geen Word-document (.docx): ")


def load_template(path: Path) -> DocxTemplate:
    if not path.is_file():
        raise TemplateError(f"{path}: sjabloon niet gevonden")
    try:  # the same size, zip-bomb and protection checks as any other .docx we open
        checked = read_docx(path, str(path))
    except DocumentError as exc:
        raise TemplateError(f"{path}: geen bruikbaar Word-sjabloon (.docx): {_reason(exc, str(path))}") from exc
    try:
        template = DocxTemplate(io.BytesIO(checked.data))
        template.init_docx()
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a bad package
        raise TemplateError(f"{path}: geen bruikbaar Word-sjabloon (.docx): {exc}") from exc
    missing = missing_styles(template.docx)
    if missing:
        raise TemplateError(
            f"{path}: het sjabloon mist stijl(en) die agreement-gen gebruikt: {', '.join(missing)}; "
            "voeg ze toe in Word (Stijlen) of ga uit van templates/standaard.docx"
        )
    return template


def template_problems(template: Path) -> list[Problem]:
    """The styles the renderer needs that ``template`` lacks."""
    name = display(template)
    if not template.is_file():
        return [Problem(name, "sjabloon niet gevonden")]
    try:
        checked = read_docx(template, name)
    except DocumentError as exc:
        return [Problem(name, f"geen bruikbaar Word-sjabloon (.docx): {_reason(exc, name)}")]
    try:
        document = Document(io.BytesIO(checked.data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a bad package
        return [Problem(name, f"geen bruikbaar Word-sjabloon (.docx): {exc}")]
    missing = missing_styles(document)
    if missing:
        return [Problem(name, f"het sjabloon mist stijl(en) die agreement-gen gebruikt: {', '.join(missing)}")]
    return []
