"""The Agreement model inside a built .docx: a Custom XML Data part, and reading it back.

``render_docx`` calls ``embed_model`` once the body is written. It adds one part,
``/customXml/itemN.xml``, related from the main document part (as Word relates its own
data-store items) and with an ``itemPropsN.xml`` that gives it a fixed data-store id::

    <model xmlns="urn:agreement-gen:model" formaat="1" tekst-sha256="...">{JSON}</model>

The JSON is ``serialize.to_json(agreement)``; ``tekst-sha256`` is ``wmltext.fingerprint`` of
the body as written. Word and LibreOffice keep such parts when they save a document (unlike
custom document properties, whose values Word cuts at 255 characters).

``read_model`` finds the part again (by its namespace, whatever Word renamed it to) and
recomputes the fingerprint. If someone typed in the document after the build, the text
no longer matches and the model is *stale*: it describes a document that no longer exists,
so a redline must compare the .docx itself instead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Optional

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from ..model import serialize
from . import wmltext
from .docxread import DocxFile, parse_xml
from ..errors import DocumentError, ModelError
from ..model.agreement import Agreement

NS = "urn:agreement-gen:model"
DATASTORE_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
ITEM_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NS)).upper() + "}"
MAX_MODEL_BYTES = 20 * 1024 * 1024


STALE = ("de tekst is na het bouwen gewijzigd (bijvoorbeeld in Word); het ingebedde model is verouderd, dus is "
         "het document zelf vergeleken")


@dataclass(frozen=True)
class EmbeddedModel:
    """What a .docx says about its own model."""

    agreement: Optional[Agreement]
    fresh: bool
    note: Optional[str] = None  # why it cannot be used, in Dutch; None when fresh (or not yet checked)
    built_text: str = ""  # the fingerprint of the body's text when the model was embedded ("tekst-sha256")

    def checked(self, fingerprint: str) -> EmbeddedModel:
        """This model checked against ``fingerprint``, the body's text as it is now: fresh while
        they match, else stale (someone typed in the document after the build)."""
        if self.agreement is None:
            return self
        if fingerprint == self.built_text:
            return replace(self, fresh=True, note=None)
        return replace(self, fresh=False, note=STALE)


def embed_model(document, agreement: Agreement) -> None:
    """Add the model of ``agreement`` to the python-docx ``document`` (body already written)."""
    root = etree.Element(f"{{{NS}}}model", nsmap={None: NS})
    root.set("formaat", str(serialize.FORMAT))
    root.set("tekst-sha256", wmltext.fingerprint(document.element.body))
    root.text = serialize.to_json(agreement)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    props = etree.Element(f"{{{DATASTORE_NS}}}datastoreItem", nsmap={"ds": DATASTORE_NS})
    props.set(f"{{{DATASTORE_NS}}}itemID", ITEM_ID)
    refs = etree.SubElement(props, f"{{{DATASTORE_NS}}}schemaRefs")
    etree.SubElement(refs, f"{{{DATASTORE_NS}}}schemaRef").set(f"{{{DATASTORE_NS}}}uri", NS)
    props_blob = etree.tostring(props, xml_declaration=True, encoding="UTF-8", standalone=True)

    package = document.part.package
    taken = {str(part.partname) for part in package.iter_parts()}
    number = 1
    while f"/customXml/item{number}.xml" in taken:
        number += 1
    item = Part(PackURI(f"/customXml/item{number}.xml"), "application/xml", blob, package)
    item_props = Part(PackURI(f"/customXml/itemProps{number}.xml"), CT.OFC_CUSTOM_XML_PROPERTIES, props_blob,
                      package)
    item.relate_to(item_props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)


def model_element(docx: DocxFile):
    """The ``<model>`` root in the package, or None."""
    for name, data in sorted(docx.parts.items()):
        if not (name.startswith("customXml/") and name.endswith(".xml")) or "/_rels/" in name:
            continue
        if NS.encode() not in data[:4096]:
            continue
        if len(data) > MAX_MODEL_BYTES:
            return None
        root = parse_xml(data, f"{docx.name} ({name})")
        if root.tag == f"{{{NS}}}model":
            return root
    return None


def read_model(docx: DocxFile, body=None, check: bool = True) -> Optional[EmbeddedModel]:
    """The embedded model of ``docx`` and whether it still matches the text; None if there is none.

    ``body`` is the parsed ``w:body`` of the main part when the caller already has it. With
    ``check=False`` the text is left unread: the model is not fresh until ``checked``.
    """
    root = model_element(docx)
    if root is None:
        return None
    try:
        agreement = serialize.from_json(root.text or "")
    except ModelError as exc:
        return EmbeddedModel(None, False, f"het ingebedde model is onbruikbaar ({exc})")
    found = EmbeddedModel(agreement, False, None, root.get("tekst-sha256") or "")
    return found.checked(body_fingerprint(docx, body)) if check else found


def text_changed(docx: DocxFile, root, body=None) -> bool:
    """Whether the body text of ``docx`` differs from the fingerprint in its model ``root``
    (someone typed in the document after the build)."""
    return body_fingerprint(docx, body) != root.get("tekst-sha256")


def body_fingerprint(docx: DocxFile, body=None) -> str:
    """``wmltext.fingerprint`` of the body of ``docx`` (``body``: its parsed ``w:body``, when the
    caller has it)."""
    if body is None:
        body = docx.xml(docx.main).find(wmltext.qn("w:body"))
    if body is None:
        raise DocumentError(f"{docx.name}: het hoofddocument heeft geen inhoud (w:body ontbreekt)")
    return wmltext.fingerprint(body)
