"""A python-docx Document as deterministic .docx bytes.

The same parts give the same bytes: fixed entry times and attributes, parts in python-docx's
order. ``save_docx`` writes the parts once, compressed once (``Document.save`` followed by a
rewrite compressed everything twice, a tenth of a build); it follows ``OpcPackage.save`` and
uses python-docx's PackageWriter steps (pinned to python-docx 1.x in setup.cfg).
"""

from __future__ import annotations

import io
import zipfile

from docx.opc.pkgwriter import PackageWriter

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_entries(entries: list[tuple[str, bytes]]) -> bytes:
    """Entries (name, data) as a zip with fixed times and attributes, in the given order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            clean = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            clean.compress_type = zipfile.ZIP_DEFLATED
            clean.external_attr = 0o644 << 16
            clean.create_system = 0
            target.writestr(clean, data)
    return out.getvalue()


class _Entries:
    """Collects what PackageWriter would write to its zip file."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.entries.append((pack_uri.membername, blob))


def save_docx(document) -> bytes:
    """``document`` (python-docx) as deterministic .docx bytes."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    writer = _Entries()
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    return zip_entries(writer.entries)
