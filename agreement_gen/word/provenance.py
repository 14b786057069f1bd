"""What produced a draft: the properties agreement-gen writes into every .docx it builds."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document

from .docxread import read_docx
from ..errors import DocumentError
from .properties import read_custom_properties


@dataclass(frozen=True)
class Provenance:
    title: str
    subject: str
    author: str
    created: str
    custom: dict[str, str]


def missing_part(exc: KeyError) -> str:
    """The part name in python-docx's KeyError ("There is no item named 'x' in the archive")."""
    text = str(exc.args[0]) if exc.args else str(exc)
    found = re.search(r"named '([^']+)'", text)
    return found.group(1) if found else text


def read_provenance(path: Path) -> Provenance:
    """The provenance of a draft; DocumentError when it is no usable .docx or not ours."""
    docx = read_docx(path)  # size, zip bomb, encryption and protection checks
    try:
        document = Document(io.BytesIO(docx.data))
        custom = read_custom_properties(docx.data)
    except KeyError as exc:  # python-docx follows every relationship; a missing part is a KeyError
        raise DocumentError(f"{path}: is geen leesbaar Word-document: het pakket verwijst naar een onderdeel "
                            f"dat ontbreekt ({missing_part(exc)})") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds on broken parts
        raise DocumentError(f"{path}: is geen leesbaar Word-document: {exc}") from exc
    core = document.core_properties
    if "agreement-gen-versie" not in custom:
        raise DocumentError(
            f"{path}: dit document is niet door agreement-gen gemaakt (geen eigenschappen van agreement-gen gevonden)"
        )
    return Provenance(
        title=core.title or "",
        subject=core.subject or "",
        author=core.author or "",
        created=core.created.date().isoformat() if core.created else "",
        custom=custom,
    )


def provenance_text(p: Provenance) -> str:
    c = p.custom
    clauses = [x for x in c.get("clausules", "").split(",") if x]
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
        f"Clausules ({len(clauses)}):",
    ]
    lines += [f"  {clause_id}" for clause_id in clauses]
    return "\n".join(lines) + "\n"
