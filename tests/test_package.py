"""Writing a .docx package (agreement_gen.word.package): the archive zipfile would write, and
parts unchanged from a source package copied in their compressed form."""

from __future__ import annotations

import io
import zipfile

import pytest

from agreement_gen.pipeline import build
from agreement_gen.word.docxread import parse_docx
from agreement_gen.word.package import _zipfile_entries, zip_entries
from conftest import HARTNET


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("package") / "hartnet.docx"
    build(HARTNET, out)
    return out.read_bytes()


def parts_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every CRC holds
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def test_the_archive_is_byte_for_byte_what_zipfile_writes(built):
    entries = parts_of(built) + [("leeg.xml", b""), ("map/ünïcode.xml", "<a>é</a>".encode())]
    assert zip_entries(entries) == _zipfile_entries(entries)
    assert zip_entries(parts_of(built)) == built  # a build is written this way


def _recompressed(data: bytes, level: int) -> bytes:
    """``data`` as another program might have written it: the same parts, compressed otherwise."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for name, content in parts_of(data):
            target.writestr(name, content)
    return out.getvalue()


def test_unchanged_parts_keep_their_compressed_bytes_and_changed_ones_are_compressed_afresh(built):
    source = parse_docx(_recompressed(built, 1), "bron.docx")
    entries = parts_of(built)
    changed = [(name, data + b"<!-- anders -->" if name == "word/document.xml" else data) for name, data in entries]
    written = zip_entries(changed, source)
    assert parts_of(written) == changed  # reads back whole, with good checksums
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        sizes = {info.filename: info.compress_size for info in archive.infolist()}
    with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
        source_sizes = {info.filename: info.compress_size for info in archive.infolist()}
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        own_sizes = {info.filename: info.compress_size for info in archive.infolist()}
    styles = "word/styles.xml"
    assert sizes[styles] == source_sizes[styles] != own_sizes[styles]  # copied from the source
    assert sizes["word/document.xml"] not in (source_sizes["word/document.xml"], own_sizes["word/document.xml"])
    # without a source, or with a source of our own making, the bytes are those of a fresh compression
    assert zip_entries(entries, parse_docx(built, "eigen.docx")) == zip_entries(entries) == built


def test_a_stored_source_part_is_compressed(built):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name, content in parts_of(built):
            target.writestr(name, content)
    source = parse_docx(out.getvalue(), "ongecomprimeerd.docx")
    assert source.deflated("word/styles.xml", dict(parts_of(built))["word/styles.xml"]) is None
    assert zip_entries(parts_of(built), source) == built


def test_a_stored_archive_is_what_zipfile_stores_and_reads_back(built):
    entries = parts_of(built)
    stored = zip_entries(entries, compress=False)
    assert stored == _zipfile_entries(entries, zipfile.ZIP_STORED)
    assert parts_of(stored) == entries
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}


@pytest.mark.parametrize("size", [128 * 1024, 128 * 1024 + 1, 200_001, 1_000_000])
def test_a_part_compressed_in_two_pieces_reads_back_whole_and_the_same_on_any_machine(size, monkeypatch):
    """``split`` deflates a large part as two pieces of one stream (the second with the first's
    last 32 KiB as dictionary): zipfile and zlib read the part back whole, it is barely larger
    than one stream, and one core or two give the same bytes."""
    import os
    import random

    import agreement_gen.word.package as package

    rng = random.Random(size)
    words = [bytes(rng.choice(b"abcdefghij <>/=\"") for _ in range(rng.randint(2, 12))) for _ in range(400)]
    data = b"".join(rng.choice(words) for _ in range(size))[:size]
    entries = [("word/document.xml", data), ("klein.xml", b"<a/>"), ("ook-groot.xml", data[::-1])]
    split = zip_entries(entries, split=True)
    whole = zip_entries(entries)
    with zipfile.ZipFile(io.BytesIO(split)) as archive:
        assert archive.testzip() is None
        assert [archive.read(name) for name, _ in entries] == [d for _, d in entries]
        info = archive.getinfo("word/document.xml")
    assert info.compress_size <= 1.01 * zipfile.ZipFile(io.BytesIO(whole)).getinfo("word/document.xml").compress_size
    assert split != whole  # two pieces, not one stream
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert zip_entries(entries, split=True) == split
    assert package._deflate_piece(data, 0, len(data)) == package._deflate(data)[1]
