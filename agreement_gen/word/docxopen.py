"""A checked .docx (``docxread.DocxFile``) opened with python-docx, from the parts already read.

``docx.Document(stream)`` would unzip the archive a second time. ``open_document`` gives
python-docx's package reader the parts ``read_docx`` decompressed and checked: the steps of
``PackageReader.from_file`` with a reader of those parts in place of the zip reader (python-docx
is pinned to 1.x in setup.cfg).
"""

from __future__ import annotations

import re

from lxml import etree
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader, _ContentTypeMap
from docx.package import Package

from ..errors import DocumentError
from .docxread import DocxFile, parse_xml


class _Parts:
    """python-docx's physical package reader, over parts already read."""

    def __init__(self, parts: dict[str, bytes]):
        self.parts = parts

    def blob_for(self, pack_uri) -> bytes:
        name = pack_uri.membername
        if name not in self.parts:  # as the zip reader says it: see ``missing_part``
            raise KeyError(f"There is no item named '{name}' in the archive")
        return self.parts[name]

    @property
    def content_types_xml(self) -> bytes:
        return self.blob_for(CONTENT_TYPES_URI)

    def rels_xml_for(self, source_uri):
        return self.parts.get(source_uri.rels_uri.membername)

    def close(self) -> None:
        pass


def open_document(docx: DocxFile, name: str):
    """``docx`` as a python-docx Document; DocumentError (naming the file as ``name``) when
    python-docx cannot read it."""
    try:
        reader = _Parts(docx.parts)
        content_types = _ContentTypeMap.from_xml(reader.content_types_xml)
        relationships = PackageReader._srels_for(reader, PACKAGE_URI)
        parts = PackageReader._load_serialized_parts(reader, relationships, content_types)
        package = Package()
        Unmarshaller.unmarshal(PackageReader(content_types, relationships, parts), package, PartFactory)
        main = package.main_document_part
    except KeyError as exc:  # python-docx follows every relationship; a missing part is a KeyError
        raise DocumentError(f"{name}: is geen leesbaar Word-document: het pakket verwijst naar een onderdeel "
                            f"dat ontbreekt ({missing_part(exc)})") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds on broken parts
        raise DocumentError(f"{name}: is geen leesbaar Word-document: {exc}") from exc
    if main.content_type != CT.WML_DOCUMENT_MAIN:  # as docx.Document refuses it
        raise DocumentError(f"{name}: is geen leesbaar Word-document: het is een Word-sjabloon (.dotx); sla het in "
                            "Word op als Word-document (.docx)")
    return main.document


#: python-docx's parser without its element classes: the same tree, for reading (lxml makes an
#: object for every element it hands out, one of python-docx's classes is dearer to make).
_READING = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)


def read_only_xml(docx: DocxFile, partname: str):
    """A part of ``docx`` parsed as python-docx parses it, for reading and copying elements from;
    DocumentError when it is no well-formed XML (or holds a DTD)."""
    return parse_xml(docx.parts[partname], f"{docx.name} ({partname})", _READING)


def missing_part(exc: KeyError) -> str:
    """The part name in python-docx's KeyError ("There is no item named 'x' in the archive")."""
    text = str(exc.args[0]) if exc.args else str(exc)
    found = re.search(r"named '([^']+)'", text)
    return found.group(1) if found else text
