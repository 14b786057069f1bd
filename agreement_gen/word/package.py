"""A python-docx Document as deterministic .docx bytes.

The same parts give the same bytes: fixed entry times and attributes, parts in python-docx's
order. ``save_docx`` writes the parts once, compressed once (``Document.save`` followed by a
rewrite compressed everything twice, a tenth of a build); it follows ``OpcPackage.save`` and
uses python-docx's PackageWriter steps (pinned to python-docx 1.x in setup.cfg).

The archive is the one ``zipfile`` writes for these settings (``_zipfile_entries``, kept for
archives beyond 2 GB and as the reference the tests compare with), written here so that a
part that is unchanged from the ``source`` package (a redline's parts from the new version)
keeps its compressed bytes instead of being compressed again. Deflate is deterministic, so a
part that agreement-gen compressed comes out the same either way; a part compressed by
another program keeps that program's (equally valid) compression.
"""

from __future__ import annotations

import io
import os
import struct
import threading
import zipfile
import zlib
from typing import TYPE_CHECKING, Iterator, Optional

from docx.opc.pkgwriter import PackageWriter

if TYPE_CHECKING:
    from .docxread import DocxFile

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]
_DOS_TIME = ZIP_TIME[3] << 11 | ZIP_TIME[4] << 5 | ZIP_TIME[5] // 2
_VERSION = 20  # zipfile's DEFAULT_VERSION: what deflate needs
_ATTRIBUTES = 0o644 << 16
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # structCentralDir
_END = struct.Struct("<4s4H2LH")  # structEndArchive
_PARALLEL_BYTES = 256 * 1024  # below this, a thread costs more than it saves
_SPLIT_BYTES = 128 * 1024  # a part this large is compressed in two pieces where asked (``_deflate_all``)
_WINDOW = 32 * 1024  # how far deflate refers back
_LIMIT = (1 << 31) - 1  # zipfile's ZIP64_LIMIT: beyond it, zipfile itself writes the archive


def zip_entries(entries: list[tuple[str, bytes]], source: Optional[DocxFile] = None,
                compress: bool = True, split: bool = False) -> bytes:
    """Entries (name, data) as a zip with fixed times and attributes, in the given order;
    what ``source`` holds unchanged is copied in compressed form. ``compress=False`` stores
    every part as it is (an archive that is only read back in the same process); ``split``
    compresses a large part in two pieces (``_deflate_all``)."""
    out = bytearray()
    central = bytearray()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    kept = [source.deflated(name, data) if source is not None and compress else None for name, data in entries]
    fresh = _deflate_all([data for (_, data), raw in zip(entries, kept) if raw is None], split) if compress \
        else iter(())
    for (name, data), raw in zip(entries, kept):
        if not compress:
            crc, packed = zlib.crc32(data), data
        elif raw is None:
            crc, packed = next(fresh)
        else:
            crc, packed = raw
        try:
            filename, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            filename, flags = name.encode("utf-8"), 0x800
        offset = len(out)
        if max(offset, len(data), len(packed)) > _LIMIT:
            return _zipfile_entries(entries, method)
        out += _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, method, _DOS_TIME, _DOS_DATE, crc,
                           len(packed), len(data), len(filename), 0)
        out += filename
        out += packed
        central += _CENTRAL.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, flags, method, _DOS_TIME,
                                 _DOS_DATE, crc, len(packed), len(data), len(filename), 0, 0, 0, 0, _ATTRIBUTES,
                                 offset)
        central += filename
    if len(out) + len(central) > _LIMIT:
        return _zipfile_entries(entries, method)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


def _deflate(data: bytes) -> tuple[int, bytes]:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # as zipfile does
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


def _deflate_piece(data: bytes, start: int, end: int) -> bytes:
    """``data[start:end]`` as a piece of one deflate stream: the piece before it is its
    dictionary (the 32 KiB deflate may refer back to), and it ends byte-aligned for the next
    piece, or with the stream's final block (pigz splits a stream the same way)."""
    if start == 0 and end == len(data):
        return _deflate(data)[1]
    dictionary = {"zdict": data[max(0, start - _WINDOW):start]} if start else {}
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15, **dictionary)
    return compressor.compress(data[start:end]) + compressor.flush(zlib.Z_FINISH if end == len(data)
                                                                   else zlib.Z_SYNC_FLUSH)


def _deflate_all(parts: list[bytes], split: bool = False) -> Iterator[tuple[int, bytes]]:
    """(crc, deflated) of each part, in order. zlib lets go of the interpreter while it works, so
    with a second core a thread takes half the bytes (the parts are compressed each on its own,
    so the result is the same either way). With ``split`` a part of ``_SPLIT_BYTES`` or more is
    compressed as two pieces of one stream, which two cores can do at once (the same bytes on
    any machine: where it is split depends on the part alone)."""
    pieces = []  # (part, start, end)
    for index, part in enumerate(parts):
        middle = len(part) // 2 if split and len(part) >= _SPLIT_BYTES else 0
        pieces += [(index, 0, middle), (index, middle, len(part))] if middle else [(index, 0, len(part))]
    results: list[Optional[bytes]] = [None] * len(pieces)
    if sum(map(len, parts)) >= _PARALLEL_BYTES and (os.cpu_count() or 1) > 1:
        mine, theirs, load = [], [], [0, 0]
        for number in sorted(range(len(pieces)), key=lambda n: pieces[n][1] - pieces[n][2]):  # largest first,
            side = 0 if load[0] <= load[1] else 1                                              # to the lighter side
            (mine, theirs)[side].append(number)
            load[side] += pieces[number][2] - pieces[number][1]

        def work() -> None:
            for number in theirs:
                results[number] = _deflate_piece(parts[pieces[number][0]], *pieces[number][1:])

        helper = threading.Thread(target=work, name="deflate", daemon=True)
        helper.start()
        for number in mine:
            results[number] = _deflate_piece(parts[pieces[number][0]], *pieces[number][1:])
        helper.join()
    packed: list[list[bytes]] = [[] for _ in parts]
    for number, (index, start, end) in enumerate(pieces):
        packed[index].append(results[number] if results[number] is not None
                             else _deflate_piece(parts[index], start, end))
    for index, part in enumerate(parts):
        yield zlib.crc32(part), b"".join(packed[index])


def _zipfile_entries(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """``zip_entries`` by zipfile, every part compressed afresh (or stored)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for name, data in entries:
            clean = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            clean.compress_type = method
            clean.external_attr = _ATTRIBUTES
            clean.create_system = 0
            target.writestr(clean, data)
    return out.getvalue()


class _Entries:
    """Collects what PackageWriter would write to its zip file."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.entries.append((pack_uri.membername, blob))


def save_docx(document, source: Optional[DocxFile] = None, compress: bool = True, split: bool = False) -> bytes:
    """``document`` (python-docx) as deterministic .docx bytes; parts it shares unchanged with
    ``source`` (the package it was opened from) keep their compressed form; ``compress=False``
    stores them, ``split`` compresses large parts in two pieces (see ``zip_entries``)."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    writer = _Entries()
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    return zip_entries(writer.entries, source, compress, split)
