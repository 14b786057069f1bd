"""One LibreOffice session (agreement_gen/office/session.py): one UNO client for many documents.

The client (``uno_script.py --serve``) stays up between documents; a crash of it, mid-document
or between documents, is survived with a fresh client; a timeout is a Dutch error and the
session carries on; closing leaves no soffice, no client and no pipe behind. Real LibreOffice
on real drafts; without it the tests are skipped (under CI=true they fail).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from agreement_gen.errors import OutputError
from agreement_gen.office.pdf import write_pdf
from agreement_gen.office.process import OfficeError, pipe_sockets, soffice_available
from agreement_gen.office.session import Office
from agreement_gen.pipeline import build
from conftest import HARTNET, in_ci


@pytest.fixture(autouse=True, scope="module")
def _need_libreoffice():
    reason = soffice_available(need_poppler=False)
    if reason:
        if in_ci():
            pytest.fail(f"LibreOffice is vereist in CI maar ontbreekt: {reason}", pytrace=False)
        pytest.skip(f"LibreOffice ontbreekt: {reason}")


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    """A real draft: LibreOffice needs about a second for its PDF, long enough to interrupt."""
    return build(HARTNET, tmp_path_factory.mktemp("concept") / "hartnet-noord.docx").docx


def processes_with(text: str) -> list[int]:
    """Live processes whose command line contains ``text`` (Linux /proc)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if text.encode() in (proc / "cmdline").read_bytes() and \
                    (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X"):
                found.append(int(proc.name))
        except (OSError, IndexError):
            continue
    return found


def pipe_socket(office: Office) -> Path:
    return Path(f"/tmp/OSL_PIPE_{os.getuid()}_{office.pipe}")


def assert_nothing_left(office: Office, tmpdir: Path) -> None:
    assert processes_with(office.pipe) == [], "a soffice or UNO client outlived close()"
    assert not pipe_socket(office).exists()
    assert not tmpdir.exists()


def is_pdf(path: Path) -> bool:
    return path.read_bytes().startswith(b"%PDF")


def test_one_client_serves_every_document(draft, tmp_path):
    with Office() as office:
        office.pdf(draft, tmp_path / "1.pdf")
        client = office._client.pid
        office.pdf(draft, tmp_path / "2.pdf")
        assert office._client.pid == client  # no new process per document
        assert is_pdf(tmp_path / "1.pdf") and is_pdf(tmp_path / "2.pdf")
        tmpdir = office.tmpdir
    assert_nothing_left(office, tmpdir)


def test_a_client_crash_mid_document_is_survived(draft, tmp_path):
    with Office() as office:
        office.pdf(draft, tmp_path / "eerste.pdf")
        client, soffice = office._client.pid, office.pid
        done: dict = {}
        worker = threading.Thread(target=lambda: done.update(pdf=office.pdf(draft, tmp_path / "tweede.pdf")))
        worker.start()
        time.sleep(0.3)  # the client is now half-way through the draft (it takes about a second)
        os.kill(client, signal.SIGSEGV)
        worker.join(timeout=300)
        assert done.get("pdf") == tmp_path / "tweede.pdf" and is_pdf(tmp_path / "tweede.pdf")
        assert office._client.pid != client  # a fresh client took over
        assert office.pid == soffice  # one crash: the same soffice
        assert processes_with(f"--pipe\0{office.pipe}") == [office._client.pid]  # the old one is gone
        tmpdir = office.tmpdir
    assert_nothing_left(office, tmpdir)


def test_a_client_crash_between_documents_is_survived(draft, tmp_path):
    with Office() as office:
        office.pdf(draft, tmp_path / "eerste.pdf")
        os.kill(office._client.pid, signal.SIGSEGV)
        office._client.wait(timeout=30)
        assert office.pdf(draft, tmp_path / "tweede.pdf") == tmp_path / "tweede.pdf"
        assert is_pdf(tmp_path / "tweede.pdf")


def test_soffice_killed_mid_batch_is_started_afresh(draft, tmp_path):
    with Office() as office:
        write_pdf(draft, tmp_path / "eerste.pdf", office=office)
        old_soffice, old_sockets = office.pid, pipe_sockets(office.pid)
        assert pipe_socket(office) in old_sockets and len(old_sockets) > 1  # and SingleOfficeIPC_...
        os.killpg(old_soffice, signal.SIGKILL)
        write_pdf(draft, tmp_path / "tweede.pdf", office=office)
        assert office.pid != old_soffice and is_pdf(tmp_path / "tweede.pdf")
        tmpdir = office.tmpdir
    assert_nothing_left(office, tmpdir)
    # a killed soffice cannot remove its sockets; the session noted them and did
    assert [sock for sock in old_sockets if sock.exists()] == []


def test_a_timeout_is_a_dutch_error_and_the_session_carries_on(draft, tmp_path):
    with Office() as office:
        write_pdf(draft, tmp_path / "eerste.pdf", office=office)
        first_soffice, first_tmpdir = office.pid, office.tmpdir
        office.call_timeout = 0.05
        with pytest.raises(OutputError) as info:
            write_pdf(draft, tmp_path / "te-laat.pdf", office=office)
        assert "LibreOffice maakte binnen 0.05 s geen PDF van" in str(info.value)
        assert "time-out" in str(info.value) and "er is geen PDF geschreven" in str(info.value)
        assert isinstance(info.value.__cause__, OfficeError) and info.value.__cause__.timed_out
        assert not (tmp_path / "te-laat.pdf").exists()  # atomic: nothing half-written
        # soffice may still be busy with that draft: it was started afresh, the old one is gone
        assert office.pid != first_soffice and not first_tmpdir.exists()
        assert processes_with(f"--pipe\0{office.pipe}") == []
        office.call_timeout = 120
        write_pdf(draft, tmp_path / "daarna.pdf", office=office)
        assert is_pdf(tmp_path / "daarna.pdf")
        tmpdir = office.tmpdir
    assert_nothing_left(office, tmpdir)


def test_a_broken_draft_is_an_error_and_the_client_stays(draft, tmp_path):
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(b"")
    with Office() as office:
        office.pdf(draft, tmp_path / "eerste.pdf")
        client = office._client.pid
        with pytest.raises(OutputError, match="kon .*kapot.docx niet naar PDF omzetten: .*input file is empty"):
            write_pdf(bad, tmp_path / "kapot.pdf", office=office)
        assert not (tmp_path / "kapot.pdf").exists()
        office.pdf(draft, tmp_path / "tweede.pdf")
        assert office._client.pid == client
