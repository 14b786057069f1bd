"""The register (agreement_gen/register): every agreement built by agreement-gen under a folder,
the clause versions it uses, and whether it was edited after the build.

A folder of real files: two builds of hartnet-noord (the bundled library, and a copy of it in
which one clause's text changed), one of them edited afterwards with python-docx, a build of
another sample, the 0.1.0 build (from before versions per clause), a Word document of someone
else, a file that is no zip, a truncated .docx and a Word lock file.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from docx import Document

from agreement_gen import pipeline
from agreement_gen.cli import main
from agreement_gen.errors import DocumentError
from agreement_gen.library.read import load_library
from conftest import FIXTURES, HARTNET, ROOT

CHANGED = "overweging.visie"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("register")
    library = base / "bibliotheek-nieuw"
    shutil.copytree(ROOT / "clauses", library)
    path = load_library([library]).by_id(CHANGED).path
    text = path.read_text(encoding="utf-8")
    assert "een gedeelde visie" in text
    path.write_text(text.replace("een gedeelde visie", "een gezamenlijke visie"), encoding="utf-8")

    out = base / "overeenkomsten"
    (out / "2027" / "concept").mkdir(parents=True)
    pipeline.build(HARTNET, out / "hartnet-oud.docx")
    pipeline.build(HARTNET, out / "2027" / "hartnet-nieuw.docx", libraries=[library])
    pipeline.build(ROOT / "samples" / "anw-vvt-apeldoorn.yaml", out / "2027" / "concept" / "anw.docx")
    edited = Document(str(out / "hartnet-oud.docx"))
    edited.paragraphs[-1].add_run(" Aangevuld na ondertekening.")
    edited.save(str(out / "2027" / "hartnet-bewerkt.docx"))
    shutil.copy(FIXTURES / "gebouwd-0.1.0" / "hartnet-noord.docx", out / "hartnet-0.1.0.docx")
    Document().save(str(out / "ander.docx"))
    (out / "kapot.docx").write_bytes(b"dit is geen Word-document")
    data = (out / "hartnet-oud.docx").read_bytes()
    (out / "2027" / "afgekapt.docx").write_bytes(data[: len(data) // 2])
    (out / "2027" / "~$rtnet-nieuw.docx").write_bytes(b"\x00" * 162)
    (out / "notities.txt").write_text("geen docx", encoding="utf-8")
    old = load_library().by_id(CHANGED).version
    new = load_library([library]).by_id(CHANGED).version
    return out, old, new


def run(*args):
    result = CliRunner().invoke(main, ["register", *map(str, args)])
    assert "Traceback" not in result.output
    return result


def test_a_changed_clause_text_gets_a_new_version(folder):
    _, old, new = folder
    assert old != new and len(old) == len(new) == 8


def test_register_lists_every_agreement_and_skips_the_rest_with_a_reason(folder):
    out, _, _ = folder
    result = pipeline.register(out)
    assert [e.path for e in result.entries] == [
        "2027/concept/anw.docx", "2027/hartnet-bewerkt.docx", "2027/hartnet-nieuw.docx",
        "hartnet-0.1.0.docx", "hartnet-oud.docx"]
    skipped = {s.path: s.reason for s in result.skipped}
    assert set(skipped) == {"2027/afgekapt.docx", "2027/~$rtnet-nieuw.docx", "ander.docx", "kapot.docx"}
    assert "niet door agreement-gen gemaakt" in skipped["ander.docx"]
    assert "geen zip-archief" in skipped["kapot.docx"]
    assert "tijdelijk bestand van Word" in skipped["2027/~$rtnet-nieuw.docx"]
    assert skipped["2027/afgekapt.docx"]  # whatever the zip check says, in Dutch, not an exception
    edited = {e.path: e.edited for e in result.entries}
    assert edited == {"2027/concept/anw.docx": False, "2027/hartnet-bewerkt.docx": True,
                      "2027/hartnet-nieuw.docx": False, "hartnet-0.1.0.docx": False, "hartnet-oud.docx": False}

    text = run(out)
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith(f"Register van {out}: 5 overeenkomsten van agreement-gen, 4 bestanden overgeslagen\n")
    row = next(line for line in text.stdout.splitlines() if line.startswith("2027/hartnet-bewerkt.docx"))
    assert "regionale-zorgsamenwerking@" in row and row.split()[-1] == "ja"
    assert "1 na het bouwen gewijzigd" in text.stdout
    assert "  kapot.docx: geen Word-document" in text.stdout


def test_the_clause_filter_tells_old_from_new_versions(folder):
    out, old, new = folder
    result = run(out, "--clausule", f"{CHANGED}@{old}")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.endswith(("ja", "nee"))}
    # the 0.1.0 build recorded no versions: it cannot be ruled out, so it is listed as 'onbekend'
    assert set(rows) == {"hartnet-oud.docx", "2027/hartnet-bewerkt.docx", "2027/concept/anw.docx", "hartnet-0.1.0.docx"}
    assert rows["hartnet-oud.docx"][-3] == old
    assert rows["hartnet-0.1.0.docx"][-2:] == ["onbekend", "nee"]
    assert f"Clausule {CHANGED}@{old}: in 4 van de 5 overeenkomsten; 1 met een andere versie" in result.stdout

    result = run(out, "--clausule", f"{CHANGED}@{new[:5]}")
    assert "2027/hartnet-nieuw.docx" in result.stdout and "hartnet-oud.docx" not in result.stdout


def test_the_text_hash_follows_the_text_as_built(folder):
    out, old, _ = folder
    uses = {e.path: e.uses(pipeline_filter(CHANGED)) for e in pipeline.register(out).entries}
    assert uses["hartnet-oud.docx"].text_sha256 == uses["2027/hartnet-bewerkt.docx"].text_sha256
    assert uses["hartnet-oud.docx"].text_sha256 != uses["2027/hartnet-nieuw.docx"].text_sha256
    assert uses["hartnet-oud.docx"].version == uses["2027/concept/anw.docx"].version == old
    # the same clause version filled for another spec ({{ regio.naam }}) reads differently
    assert uses["hartnet-oud.docx"].text_sha256 != uses["2027/concept/anw.docx"].text_sha256
    assert uses["hartnet-0.1.0.docx"] == CHANGED  # known to be used, version not recorded


def pipeline_filter(text):
    from agreement_gen.register.scan import ClauseFilter
    return ClauseFilter.parse(text)


def test_csv_has_one_row_per_agreement_and_the_notes_on_stderr(folder):
    out, old, new = folder
    result = run(out, "--clausule", CHANGED, "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_file = {row["bestand"]: row for row in rows}
    assert len(rows) == 5
    assert by_file["2027/hartnet-nieuw.docx"]["versie"] == new
    assert by_file["hartnet-oud.docx"]["versie"] == old
    assert by_file["2027/hartnet-bewerkt.docx"]["gewijzigd_na_bouwen"] == "ja"
    assert by_file["hartnet-0.1.0.docx"]["bibliotheek_versie"] == "1.0.0"
    assert len(by_file["hartnet-oud.docx"]["tekst_sha256"]) == 64
    assert "Let op: overgeslagen: kapot.docx: geen Word-document" in result.stderr

    every = list(csv.DictReader(io.StringIO(run(out, "--csv").stdout)))
    nieuw = next(row for row in every if row["bestand"] == "2027/hartnet-nieuw.docx")
    assert f"{CHANGED}@{new}" in nieuw["clausules"].split()


def test_the_register_is_deterministic(folder):
    out, _, _ = folder
    assert run(out).stdout == run(out).stdout
    assert run(out, "--csv").stdout == run(out, "--csv").stdout


@pytest.mark.parametrize("clause, message", [
    ("overweging visie", "'overweging visie' is geen geldige clausule: schrijf ID of ID@VERSIE"),
    ("overweging.visie@", "'overweging.visie@' is geen geldige clausule"),
    ("overweging.visie@xyz1", "'overweging.visie@xyz1' is geen geldige clausule"),
    ("@1234abcd", "'@1234abcd' is geen geldige clausule"),
])
def test_a_bad_clause_filter_is_a_dutch_error(folder, clause, message):
    result = run(folder[0], "--clausule", clause)
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_missing_folder_or_a_file_is_a_dutch_error(tmp_path):
    result = run(tmp_path / "nergens")
    assert result.exit_code == 1 and "bestaat niet; geef een map met .docx-bestanden" in result.stderr
    (tmp_path / "los.docx").write_bytes(b"x")
    with pytest.raises(DocumentError, match="is geen map"):
        pipeline.register(tmp_path / "los.docx")


def test_an_empty_folder_gives_an_empty_register(tmp_path):
    result = run(tmp_path)
    assert result.exit_code == 0
    assert result.stdout == f"Register van {tmp_path}: 0 overeenkomsten van agreement-gen\n"


def test_the_real_command_prints_no_traceback(folder):
    proc = subprocess.run([sys.executable, "-m", "agreement_gen", "register", str(folder[0])],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""
    assert "Traceback" not in proc.stdout
