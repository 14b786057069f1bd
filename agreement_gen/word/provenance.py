"""What produced a draft: the properties agreement-gen writes into every .docx it builds, and
from its embedded model (``modelpart``) the clauses at their versions and whether someone
changed the text after the build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .docxopen import open_document
from .docxread import DocxFile, read_docx
from ..errors import DocumentError, ModelError
from ..model import serialize
from ..model.agreement import ClauseUse
from .modelpart import model_element, text_changed
from .properties import read_custom_properties


@dataclass(frozen=True)
class Provenance:
    title: str
    subject: str
    author: str
    created: str
    custom: dict[str, str]
    # From the embedded model: every clause at its version (empty for builds from before
    # versions per clause); whether the text changed after the build (None: no model part);
    # why the model could not be read (Dutch), if so.
    clauses: tuple[ClauseUse, ...] = ()
    edited: Optional[bool] = None
    note: Optional[str] = None

    @property
    def clause_ids(self) -> tuple[str, ...]:
        if self.clauses:
            return tuple(use.id for use in self.clauses)
        return tuple(x for x in self.custom.get("clausules", "").split(",") if x)

    @property
    def library(self) -> str:
        """'name@version' of the (bottom) library; 'name' if it has no version."""
        name, version = self.custom.get("bibliotheek", ""), self.custom.get("bibliotheek-versie", "")
        return f"{name}@{version}" if version else name


def read_provenance(path: Path) -> Provenance:
    """The provenance of a draft; DocumentError when it is no usable .docx or not ours."""
    docx = read_docx(path)  # size, zip bomb, encryption and protection checks
    document = open_document(docx, str(path))
    try:
        custom = read_custom_properties(docx.data)
    except Exception as exc:  # noqa: BLE001 - zipfile and lxml raise many kinds on broken parts
        raise DocumentError(f"{path}: is geen leesbaar Word-document: {exc}") from exc
    core = document.core_properties
    if "agreement-gen-versie" not in custom:
        raise DocumentError(
            f"{path}: dit document is niet door agreement-gen gemaakt (geen eigenschappen van agreement-gen gevonden)"
        )
    clauses, edited, note = _from_model(docx)
    return Provenance(
        title=core.title or "",
        subject=core.subject or "",
        author=core.author or "",
        created=core.created.date().isoformat() if core.created else "",
        custom=custom,
        clauses=clauses,
        edited=edited,
        note=note,
    )


def _from_model(docx: DocxFile) -> tuple[tuple[ClauseUse, ...], Optional[bool], Optional[str]]:
    """(clauses, edited, note) from the embedded model of ``docx``."""
    root = model_element(docx)
    if root is None:
        return (), None, "geen ingebed model gevonden"
    edited = text_changed(docx, root)
    try:
        agreement = serialize.from_json(root.text or "")
    except ModelError as exc:
        return (), edited, f"het ingebedde model is onbruikbaar ({exc})"
    return agreement.meta.clauses, edited, None


def provenance_text(p: Provenance) -> str:
    c = p.custom
    if p.edited is None:
        edited = "onbekend (" + (p.note or "geen ingebed model gevonden") + ")"
    elif p.edited:
        edited = "ja: de tekst is na het bouwen gewijzigd (bijvoorbeeld in Word)"
    else:
        edited = "nee"
    lines = [
        f"Titel:        {p.title}",
        f"Onderwerp:    {p.subject}",
        f"Auteur:       {p.author}",
        f"Datum:        {p.created}",
        f"Kenmerk:      {c.get('kenmerk', '')}",
        f"Status:       {c.get('status', '')}",
        f"Gemaakt met:  agreement-gen {c.get('agreement-gen-versie', '')}",
        f"Spec sha256:  {c.get('spec-sha256', '')}",
        f"Bibliotheek:  {c.get('bibliotheek-lagen') or (c.get('bibliotheek', '') + ' ' + c.get('bibliotheek-versie', ''))}",
        f"Gewijzigd:    {edited}",
    ]
    if p.clauses:
        lines.append("Versies:      per clausule id@versie en de hash van de tekst zoals gebouwd")
        lines.append(f"Clausules ({len(p.clauses)}):")
        width = max(len(use.label) for use in p.clauses)
        lines += [f"  {use.label:<{width}}  tekst {use.text_sha256[:12]}" for use in p.clauses]
    else:
        clause_ids = p.clause_ids
        reason = p.note or "gebouwd voordat agreement-gen versies per clausule vastlegde"
        lines.append(f"Versies:      niet vastgelegd ({reason})")
        lines.append(f"Clausules ({len(clause_ids)}):")
        lines += [f"  {clause_id}" for clause_id in clause_ids]
    return "\n".join(lines) + "\n"
