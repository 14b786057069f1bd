"""Tests of the LibreOffice harness itself (tests/office.py, tests/uno_script.py).

They run the real LibreOffice on tiny .docx files made here. Without LibreOffice
they are skipped with the reason, except where CI == "true": there they fail.
"""

from __future__ import annotations

import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

try:  # tests/ on sys.path (pytest's default for a folder without __init__.py)
    from office import (
        UNO_PYTHON, UNO_SCRIPT, Office, OfficeError, convert_to_pdf, office_required,
        pdf_text, pdf_to_png, soffice_available,
    )
except ImportError:  # tests/ as a package
    from tests.office import (  # type: ignore[no-redef]
        UNO_PYTHON, UNO_SCRIPT, Office, OfficeError, convert_to_pdf, office_required,
        pdf_text, pdf_to_png, soffice_available,
    )


@pytest.fixture(autouse=True, scope="module")
def _need_libreoffice():
    reason = soffice_available()
    if reason:
        if office_required():
            pytest.fail(f"LibreOffice is required on CI: {reason}", pytrace=False)
        pytest.skip(f"LibreOffice not available: {reason}")


@pytest.fixture(scope="module")
def lo():
    """A soffice of this module's own (its lifecycle is under test here too)."""
    with Office() as office:
        yield office


# ------------------------------------------------------------------ tiny documents


def plain_docx(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def _run(tag: str, text: str):
    run = OxmlElement("w:r")
    t = OxmlElement(tag)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    return run


def tracked_docx(path: Path) -> Path:
    """'Prijs: ' + <w:ins>nieuw</w:ins> + <w:del>oud</w:del> + ' bedrag', hand-made."""
    document = docx.Document()
    document.add_paragraph("Eerste alinea zonder wijzigingen.")
    p = document.add_paragraph("Prijs: ")._p
    for change_id, (kind, tag, text) in enumerate(
        [("w:ins", "w:t", "nieuw"), ("w:del", "w:delText", "oud")], start=1
    ):
        change = OxmlElement(kind)
        change.set(qn("w:id"), str(change_id))
        change.set(qn("w:author"), "Harness Test")
        change.set(qn("w:date"), "2024-05-01T12:00:00Z")
        change.append(_run(tag, text))
        p.append(change)
    p.append(_run("w:t", " bedrag"))
    document.save(path)
    # The hand-made XML is what we meant it to be (LibreOffice is lenient, so check).
    body = docx.Document(path).element.body
    ins = body.findall(".//" + qn("w:ins"))
    dels = body.findall(".//" + qn("w:del"))
    assert [e.findtext(".//" + qn("w:t")) for e in ins] == ["nieuw"]
    assert [e.findtext(".//" + qn("w:delText")) for e in dels] == ["oud"]
    assert not [e for e in dels if e.find(".//" + qn("w:t")) is not None]
    return path


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --------------------------------------------------------------------------- tests


def test_text_returns_paragraphs(lo, tmp_path):
    path = plain_docx(tmp_path / "plain.docx",
                      "Samenwerkingsovereenkomst", "Partijen: HartNet & Co", "Één artikel")
    assert lines(lo.text(path)) == [
        "Samenwerkingsovereenkomst", "Partijen: HartNet & Co", "Één artikel",
    ]


def test_text_prints_list_numbers_and_leaves_out_header(lo, tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "KOPTEKST"
    document.add_paragraph("Doel", style="List Number")
    document.add_paragraph("Duur", style="List Number")
    path = tmp_path / "list.docx"
    document.save(path)
    text = lo.text(path)
    assert lines(text) == ["1. Doel", "2. Duur"]
    assert "KOPTEKST" not in text


def test_accept_all_keeps_insertions_drops_deletions(lo, tmp_path):
    path = tracked_docx(tmp_path / "tracked.docx")
    text = lo.accept_all_text(path)
    assert "Prijs: nieuw bedrag" in lines(text)
    assert "oud" not in text
    assert "Eerste alinea zonder wijzigingen." in lines(text)


def test_reject_all_keeps_deletions_drops_insertions(lo, tmp_path):
    path = tracked_docx(tmp_path / "tracked.docx")
    text = lo.reject_all_text(path)
    assert "Prijs: oud bedrag" in lines(text)
    assert "nieuw" not in text


def test_text_with_pending_changes_shows_both(lo, tmp_path):
    path = tracked_docx(tmp_path / "tracked.docx")
    assert "Prijs: nieuwoud bedrag" in lines(lo.text(path))
    # The original is untouched: LibreOffice worked on a copy.
    assert len(docx.Document(path).element.body.findall(".//" + qn("w:ins"))) == 1
    assert not list(tmp_path.glob(".~lock*"))


def test_text_of_missing_file_raises(lo, tmp_path):
    with pytest.raises(OfficeError, match="no such file"):
        lo.text(tmp_path / "missing.docx")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04 this is not really a zip" * 20, "could not load"),
        # LibreOffice opens unreadable bytes as plain text without complaint;
        # uno_script.py notices the fallback filter.
        (bytes(range(256)) * 8, "not a readable word-processing file"),
        # ... and an empty .docx as a new empty document.
        (b"", "input file is empty"),
    ],
    ids=["broken-zip", "random-bytes", "empty"],
)
def test_text_of_corrupt_docx_raises_clearly(lo, tmp_path, content, message):
    bad = tmp_path / "corrupt.docx"
    bad.write_bytes(content)
    with pytest.raises(OfficeError, match=message):
        lo.text(bad)
    # and the soffice is still fine afterwards
    assert lines(lo.text(plain_docx(tmp_path / "ok.docx", "nog steeds"))) == ["nog steeds"]


def test_uno_script_reports_unreachable_pipe(tmp_path):
    path = plain_docx(tmp_path / "a.docx", "x")
    res = subprocess.run(
        [UNO_PYTHON, str(UNO_SCRIPT), "--pipe", "agreement_gen_no_such_pipe",
         "--connect-timeout", "1", "--action", "text", str(path), str(tmp_path / "a.txt")],
        capture_output=True, text=True, timeout=60,
    )
    assert res.returncode == 3
    assert "cannot connect to soffice" in res.stderr


def test_convert_to_pdf_and_pdf_text(tmp_path):
    path = plain_docx(tmp_path / "overeenkomst.docx",
                      "Samenwerkingsovereenkomst", "Franciscus Gasthuis & Vlietland")
    pdf = convert_to_pdf(path, tmp_path / "pdf")
    assert pdf == (tmp_path / "pdf" / "overeenkomst.pdf").resolve()
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Samenwerkingsovereenkomst" in text
    assert "Franciscus Gasthuis & Vlietland" in text
    pngs = pdf_to_png(pdf, tmp_path / "png")
    assert [p.name for p in pngs] == ["overeenkomst-1.png"]  # one page only
    assert pngs[0].read_bytes().startswith(b"\x89PNG")


def test_convert_to_pdf_of_non_zip_raises(tmp_path):
    bad = tmp_path / "leeg.docx"
    bad.write_bytes(b"")
    with pytest.raises(OfficeError, match="not a zip file"):
        convert_to_pdf(bad, tmp_path / "pdf")


def test_convert_to_pdf_reports_libreoffice_error(tmp_path):
    bad = tmp_path / "geen_word.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("hallo.txt", "geen word/document.xml hier")
    with pytest.raises(OfficeError, match="source file could not be loaded"):
        convert_to_pdf(bad, tmp_path / "pdf")
    assert not (tmp_path / "pdf" / "geen_word.pdf").exists()


def live_group_members(pgid: int) -> list[int]:
    """Processes of process group pgid that are not zombies (Linux /proc)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state not in ("Z", "X"):
            members.append(int(stat.parent.name))
    return members


def test_close_ends_soffice_and_removes_profile(tmp_path):
    path = plain_docx(tmp_path / "t.docx", "Hallo")
    t0 = time.monotonic()
    office = Office()
    try:
        assert lines(office.text(path)) == ["Hallo"]
        elapsed = time.monotonic() - t0
        pid, profile = office.pid, office.tmpdir
        assert office.alive() and profile.is_dir()
    finally:
        office.close()
    print(f"Office start + first text(): {elapsed:.2f} s")
    assert not profile.exists()
    # The soffice.bin child of oosplash is gone too. (Zombies of soffice's gpg
    # helpers, reparented to init, may linger in the group until init reaps them.)
    assert live_group_members(pid) == []
    with pytest.raises(OfficeError, match="closed"):
        office.text(path)
