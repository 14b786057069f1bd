"""Read an input .docx safely: refuse what is not a usable Word document, with a clear reason.

A .docx is a zip archive of XML parts. Before anything parses it, ``read_docx`` checks, in
this order: the file exists and is not oversized; it is not an OLE compound file (a document
encrypted with a password, or an old binary .doc); it is a zip whose entries all decompress
with good checksums and within limits on count, total size and compression ratio (a zip
bomb stops at the limit, not when memory runs out); it holds a WordprocessingML main part;
and that part is not protected against editing. XML is parsed without DTDs, entities or
network access.

Every refusal is a ``DocumentError`` naming the file and what to do about it.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from lxml import etree

from ..errors import DocumentError
from ..output import reason

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 250 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for entries larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
MACRO_MAIN_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
OTHER_OFFICE = {
    "spreadsheetml": "een Excel-werkmap",
    "presentationml": "een PowerPoint-presentatie",
}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_blank_text=False)


@dataclass(frozen=True)
class DocxFile:
    """A checked .docx: its bytes, its decompressed parts and where the main part is."""

    name: str
    data: bytes
    parts: dict[str, bytes] = field(repr=False)
    main: str
    content_types: dict[str, str] = field(repr=False)
    _parsed: dict = field(default_factory=dict, repr=False, compare=False)
    # part name -> (CRC, start, end) of its deflated bytes in ``data`` (see ``deflated``)
    _spans: dict = field(default_factory=dict, repr=False, compare=False)

    def deflated(self, partname: str, content: bytes) -> Optional[tuple[int, bytes]]:
        """(CRC, deflated bytes) of the part as this archive stores it, when it holds ``content``
        deflated: a writer can copy it instead of compressing ``content`` again."""
        span = self._spans.get(partname)
        if span is None or self.parts.get(partname) != content:
            return None
        crc, start, end = span
        return crc, self.data[start:end]

    def xml(self, partname: str) -> etree._Element:
        """The part parsed (no DTD, no entities); DocumentError if it is not well-formed XML.

        Parsed once and shared: read it, never change it (parse ``parts[name]`` for a copy)."""
        if partname not in self._parsed:
            self._parsed[partname] = parse_xml(self.parts[partname], f"{self.name} ({partname})")
        return self._parsed[partname]

    def rels(self, partname: str) -> dict[str, tuple[str, str, str]]:
        """Relationships of a part: {rId: (type, target part name, target mode)}."""
        folder, base = posixpath.split(partname)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self.parts:
            return {}
        out = {}
        for rel in self.xml(rels_name).iter(f"{{{PKG_REL_NS}}}Relationship"):
            mode = rel.get("TargetMode", "Internal")
            target = rel.get("Target", "")
            if mode == "Internal":
                target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/") if not target.startswith("/") \
                    else target.lstrip("/")
            out[rel.get("Id", "")] = (rel.get("Type", ""), target, mode)
        return out

    def related(self, partname: str, reltype: str) -> list[str]:
        return [target for kind, target, mode in self.rels(partname).values()
                if kind == reltype and mode == "Internal" and target in self.parts]


def parse_xml(data: bytes, where: str, parser: etree.XMLParser = _PARSER) -> etree._Element:
    """``data`` parsed with ``parser`` (none that loads DTDs or entities); DocumentError naming
    ``where`` when it is not well-formed XML or holds a DTD."""
    head = data[:2048].lstrip()
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise DocumentError(f"{where}: bevat een DTD of entiteiten; Word schrijft die nooit (gemanipuleerd bestand?)")
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"{where}: beschadigde XML ({exc})") from exc


def read_docx(path: Path | str, what: Optional[str] = None) -> DocxFile:
    """Read and check the .docx at ``path``; DocumentError with the reason when it cannot be used."""
    path = Path(path)
    name = what or str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise DocumentError(f"{name}: is geen bestand")
        if size > MAX_FILE_BYTES:
            raise DocumentError(_too_large(name, size))
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError(f"{name}: bestand niet gevonden") from exc
    except IsADirectoryError as exc:
        raise DocumentError(f"{name}: is een map, geen .docx") from exc
    except OSError as exc:
        raise DocumentError(f"{name}: kan niet worden gelezen: {reason(exc)}") from exc
    return parse_docx(data, name)


def sniff(data: bytes) -> str:
    """'docx' (a zip), 'ole' (encrypted document or old .doc), or 'other'."""
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(ZIP_MAGIC) or data.startswith(EMPTY_ZIP_MAGIC):
        return "docx"
    return "other"


def parse_docx(data: bytes, name: str) -> DocxFile:
    """Check ``data`` as a .docx (see the module docstring) and return its parts."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(_too_large(name, len(data)))
    kind = sniff(data)
    if kind == "ole":
        raise DocumentError(_ole_message(name, data))
    if kind != "docx":
        raise DocumentError(_not_docx_message(name, data))
    spans: dict = {}
    parts = _unzip(data, name, spans)
    content_types = _content_types(parts, name)
    main = _main_part(parts, content_types, name)
    docx = DocxFile(name=name, data=data, parts=parts, main=main, content_types=content_types, _spans=spans)
    _check_part_types(docx)
    _check_protection(docx)
    return docx


# --- the checks ----------------------------------------------------------------------------


def _too_large(name: str, size: int) -> str:
    return (f"{name}: te groot ({size / 1024 / 1024:.1f} MB; ten hoogste {MAX_FILE_BYTES // 1024 // 1024} MB); "
            "een overeenkomst met bijlagen is zelden groter dan enkele MB")


def _ole_message(name: str, data: bytes) -> str:
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return (f"{name}: het document is beveiligd met een wachtwoord (versleuteld); sla het in Word op "
                "zonder wachtwoord (Bestand > Info > Document beveiligen) en probeer het opnieuw")
    return (f"{name}: dit is een Word 97-2003-document (.doc) of een ander oud Office-bestand; sla het in "
            "Word op als Word-document (.docx)")


def _not_docx_message(name: str, data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return f"{name}: dit is een PDF, geen Word-document (.docx)"
    if not data:
        return f"{name}: het bestand is leeg, geen Word-document (.docx)"
    if data.lstrip()[:5].lower() in (b"<?xml", b"<html", b"<!doc"):
        return f"{name}: dit is een XML- of HTML-bestand, geen Word-document (.docx)"
    return f"{name}: geen Word-document (.docx): het is geen zip-archief"


def _unzip(data: bytes, name: str, spans: dict) -> dict[str, bytes]:
    """The parts of the archive ``data``; ``spans`` gets where each deflated part's bytes lie."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise DocumentError(f"{name}: beschadigd zip-archief, geen bruikbaar Word-document ({exc})") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DocumentError(f"{name}: het archief heeft {len(infos)} onderdelen (ten hoogste {MAX_ENTRIES}); "
                                "geen gewoon Word-document")
        parts: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            if info.filename in parts:
                raise DocumentError(f"{name}: beschadigd zip-archief (onderdeel {info.filename} komt twee keer voor)")
            if info.flag_bits & 0x1:
                raise DocumentError(f"{name}: het zip-archief is versleuteld; sla het document op zonder wachtwoord")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise DocumentError(_bomb(name, info.filename))
            limit = min(MAX_PART_BYTES, MAX_TOTAL_BYTES - total)
            content = _read_entry(archive, info, limit, name)
            total += len(content)
            parts[info.filename] = content
            span = _deflated_span(data, info)
            if span is not None:
                spans[info.filename] = (info.CRC, *span)
        return parts


def _deflated_span(data: bytes, info: zipfile.ZipInfo) -> Optional[tuple[int, int]]:
    """Where the compressed bytes of ``info`` lie in ``data`` (as zipfile finds them: after the
    local header, its name and its extra field), for a deflated entry that was just read whole."""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return None
    at = info.header_offset
    head = data[at:at + 30]
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        return None
    name_length, extra_length = struct.unpack("<HH", head[26:30])
    start = at + 30 + name_length + extra_length
    end = start + info.compress_size
    return (start, end) if end <= len(data) else None


def _bomb(name: str, entry: str) -> str:
    return (f"{name}: het onderdeel {entry} pakt uit tot een onredelijke omvang (zip-bom?); "
            f"agreement-gen leest ten hoogste {MAX_TOTAL_BYTES // 1024 // 1024} MB uitgepakt")


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str) -> bytes:
    """Decompress one entry in chunks, stopping as soon as it grows beyond ``limit``."""
    chunks = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise DocumentError(_bomb(name, info.filename))
                chunks.append(chunk)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError) as exc:
        raise DocumentError(f"{name}: beschadigd zip-archief ({info.filename}: {exc})") from exc
    return b"".join(chunks)


def _content_types(parts: dict[str, bytes], name: str) -> dict[str, str]:
    if "[Content_Types].xml" not in parts:
        raise DocumentError(f"{name}: geen Office-document: [Content_Types].xml ontbreekt in het zip-archief")
    root = parse_xml(parts["[Content_Types].xml"], f"{name} ([Content_Types].xml)")
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in root.iter(f"{{{CT_NS}}}Default")}
    overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in root.iter(f"{{{CT_NS}}}Override")}
    out = {}
    for partname in parts:
        if partname in overrides:
            out[partname] = overrides[partname]
        else:
            out[partname] = defaults.get(posixpath.splitext(partname)[1].lstrip(".").lower(), "")
    return out


def _main_part(parts: dict[str, bytes], content_types: dict[str, str], name: str) -> str:
    main = None
    if "_rels/.rels" in parts:
        rels = parse_xml(parts["_rels/.rels"], f"{name} (_rels/.rels)")
        for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("Type") in (OFFICE_DOCUMENT, STRICT_OFFICE_DOCUMENT):
                main = rel.get("Target", "").lstrip("/")
                break
    if main is None or main not in parts:
        raise DocumentError(f"{name}: geen Word-document: het hoofddocument ontbreekt in het archief")
    kind = content_types.get(main, "")
    if kind in MACRO_MAIN_TYPES:
        raise DocumentError(f"{name}: bevat macro's (.docm); sla het in Word op als Word-document (.docx) zonder macro's")
    if kind not in WORD_MAIN_TYPES:
        for marker, what in OTHER_OFFICE.items():
            if marker in kind:
                raise DocumentError(f"{name}: dit is {what}, geen Word-document (.docx)")
        raise DocumentError(f"{name}: geen Word-document (.docx): onbekend documenttype {kind or '(geen)'}")
    return main


_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WML_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml."
#: Parts of the main document that are read by type; python-docx picks its class by content type.
PART_TYPES = {
    _OFFICE_REL + "styles": _WML_TYPE + "styles+xml",
    _OFFICE_REL + "numbering": _WML_TYPE + "numbering+xml",
    _OFFICE_REL + "settings": _WML_TYPE + "settings+xml",
    _OFFICE_REL + "comments": _WML_TYPE + "comments+xml",
    _OFFICE_REL + "header": _WML_TYPE + "header+xml",
    _OFFICE_REL + "footer": _WML_TYPE + "footer+xml",
}


def _check_part_types(docx: DocxFile) -> None:
    """A styles, numbering, settings, comments, header or footer part of the wrong content type
    would be read as an unknown part (and then fail far from here): refuse it by name."""
    for kind, target, mode in docx.rels(docx.main).values():
        expected = PART_TYPES.get(kind)
        if expected is None or mode != "Internal" or target not in docx.parts:
            continue
        found = docx.content_types.get(target, "")
        if found != expected:
            raise DocumentError(f"{docx.name}: beschadigd Word-document: onderdeel {target} heeft inhoudstype "
                                f"'{found or '(geen)'}' in [Content_Types].xml, verwacht '{expected}'")


def _check_protection(docx: DocxFile) -> None:
    for settings in docx.related(docx.main, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"):
        root = docx.xml(settings)
        protection = root.find(f"{{{W_NS}}}documentProtection")
        if protection is None:
            continue
        enforced = protection.get(f"{{{W_NS}}}enforcement", "0").lower() in ("1", "true", "on")
        if enforced:
            edit = protection.get(f"{{{W_NS}}}edit", "")
            raise DocumentError(
                f"{docx.name}: het document is beveiligd tegen bewerken (Word: Controleren > Bewerking beperken, "
                f"'{edit or 'none'}'); hef de beveiliging op en sla het opnieuw op"
            )
