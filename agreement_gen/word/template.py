"""The house-style Word template: the styles the renderer needs, loading it, checking it.

The word package is the only one that imports docxtpl; this module opens a template to build
with it, ``template_check`` opens one to check it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocumentError, Problem, TemplateError
from .docxread import read_docx

if TYPE_CHECKING:  # docxtpl (and Jinja) load when a template is filled, not for missing_styles
    from docxtpl import DocxTemplate

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


def preload() -> None:
    """Import docxtpl (and with it Jinja) now, so that a child process forked after this does
    not import it again (see forked)."""
    import docxtpl  # noqa: F401


def load_template(path: Path) -> DocxTemplate:
    if not path.is_file():
        raise TemplateError(f"{path}: sjabloon niet gevonden")
    try:  # the same size, zip-bomb and protection checks as any other .docx we open
        checked = read_docx(path, str(path))
    except DocumentError as exc:
        raise TemplateError(f"{path}: geen bruikbaar Word-sjabloon (.docx): {_reason(exc, str(path))}") from exc
    from docxtpl import DocxTemplate
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
    """What keeps ``template`` from building: the errors of ``template check`` (missing or
    wrong styles, unknown or broken placeholders, a trial fill that fails), for ``library check
    --template``."""
    from .template_check import check_template

    report = check_template(template)
    return [Problem(report.file, f"{f.place}: {f.message}" if f.place else f.message) for f in report.errors]
