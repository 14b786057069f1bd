"""Document properties: the core properties Word shows (title, author, version, ...) and the
custom properties by which ``inspect`` and ``redline`` recognise a draft of agreement-gen."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from ..model.agreement import Agreement

CUSTOM_PROPS_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


CORE_LIMIT = 255  # characters of a core property (docProps/core.xml); python-docx refuses more


def _fit(text: str) -> str:
    """``text`` as a document property: whole when it fits, else cut at a word with an ellipsis (the
    agreement itself keeps the whole title; a very long one in a spec is the drafter's right)."""
    if len(text) <= CORE_LIMIT:
        return text
    cut = text[:CORE_LIMIT - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "\u2026"


def set_properties(document, agreement: Agreement) -> None:
    meta = agreement.meta
    core = document.core_properties
    moment = dt.datetime.combine(meta.date, dt.time(0, 0))
    core.title = _fit(meta.title)
    core.subject = _fit(meta.subject)
    core.author = _fit(meta.author)
    core.last_modified_by = _fit(meta.author)
    core.keywords = _fit(f"samenwerkingsovereenkomst; {meta.collaboration}; {meta.kenmerk}")
    core.comments = f"Gemaakt met agreement-gen {meta.generator_version}"
    core.category = "Concept" if meta.status == "concept" else "Definitief"
    core.version = _fit(meta.version)
    core.identifier = _fit(meta.kenmerk)
    core.created = moment
    core.modified = moment
    core.revision = 1
    core.content_status = meta.status
    core.language = "nl-NL"
    properties = {
        "agreement-gen-versie": meta.generator_version,
        "spec-sha256": meta.spec_sha256,
        "bibliotheek": meta.library_name,
        "bibliotheek-versie": meta.library_version,
        "bibliotheek-lagen": meta.library_layers,
        "clausules": ",".join(meta.clause_ids),
        "kenmerk": meta.kenmerk,
        "status": meta.status,
    }
    set_custom_properties(document, properties)


def set_custom_properties(document, properties: dict[str, str]) -> None:
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(properties.items(), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=PROPERTY_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_PROPS_CT, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_custom_properties(docx_bytes: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        try:
            xml = archive.read("docProps/custom.xml")
        except KeyError:
            return {}
    root = etree.fromstring(xml)
    return {
        prop.get("name"): "".join(prop.itertext())
        for prop in root.iter(f"{{{CUSTOM_NS}}}property")
    }
