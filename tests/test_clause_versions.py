"""Versions per clause (library/versions.py): derived from the clause file's content, carried
into the Agreement model (Meta.clauses, assembly/uses.py), embedded in the .docx and shown by
``inspect`` and ``library show``."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from docx import Document

from agreement_gen import pipeline
from agreement_gen.cli import main
from agreement_gen.library.read import load_library
from agreement_gen.library.versions import clause_version, content_digest
from conftest import FIXTURES, HARTNET, ROOT

TEXT = "---\nid: x\nsoort: artikel\n---\nPartijen werken samen.\n"


@pytest.mark.parametrize("same", [
    TEXT.replace("\n", "\r\n"),
    TEXT.replace("\n", "\r"),
    "\ufeff" + TEXT,
    TEXT.replace("samen.\n", "samen.   \n"),
    TEXT + "\n\n\n",
    TEXT.rstrip("\n"),
])
def test_what_a_reader_cannot_see_keeps_the_version(same):
    assert clause_version(content_digest(same)) == clause_version(content_digest(TEXT))


@pytest.mark.parametrize("other", [
    TEXT.replace("samen", "nauw samen"),
    TEXT.replace("soort: artikel", "soort: artikel\nvoorwaarde: regio.naam"),
    TEXT.replace("Partijen werken", "Partijen  werken"),
    TEXT.replace("\nPartijen", "\n\nPartijen"),
])
def test_every_visible_change_gives_a_new_version(other):
    assert clause_version(content_digest(other)) != clause_version(content_digest(TEXT))


def test_a_replacement_covers_the_version_it_replaces():
    digest = content_digest(TEXT)
    assert clause_version(digest, "aaaa1111") != clause_version(digest, "bbbb2222") != clause_version(digest)


def test_every_bundled_clause_has_a_short_hex_version():
    library = load_library()
    assert all(re.fullmatch(r"[0-9a-f]{8}", c.version) for c in library.clauses)
    assert len({c.version for c in library.clauses}) == len(library.clauses)


def test_a_layered_replacement_has_its_own_version():
    layers = sorted(p for p in (ROOT / "samples" / "lagen").iterdir() if p.is_dir())
    replaced = [c for c in load_library([ROOT / "clauses", *layers]).clauses if c.replaces is not None]
    if not replaced:
        pytest.skip("the sample layers replace no clause")
    for clause in replaced:
        assert clause.version != clause.replaces.version


def test_library_show_tells_the_version():
    clause = load_library().by_id("overweging.visie")
    result = CliRunner().invoke(main, ["library", "show", "overweging.visie"])
    assert f"  versie: {clause.version} (afgeleid van de inhoud van het bestand)" in result.stdout


def test_the_model_records_every_clause_at_its_version_with_a_text_hash():
    agreement = pipeline.draft(HARTNET).agreement
    library = load_library()
    assert [use.id for use in agreement.meta.clauses] == list(agreement.meta.clause_ids)
    for use in agreement.meta.clauses:
        assert use.version == library.by_id(use.id).version
        assert re.fullmatch(r"[0-9a-f]{64}", use.text_sha256)
    assert len({use.text_sha256 for use in agreement.meta.clauses}) == len(agreement.meta.clauses)


def test_inspect_shows_clause_versions_and_edits(tmp_path):
    out = tmp_path / "h.docx"
    pipeline.build(HARTNET, out)
    result = CliRunner().invoke(main, ["inspect", str(out)])
    assert result.exit_code == 0, result.output
    assert "Gewijzigd:    nee\n" in result.stdout
    assert "Versies:      per clausule id@versie en de hash van de tekst zoals gebouwd\n" in result.stdout
    for use in pipeline.draft(HARTNET).agreement.meta.clauses:
        assert re.search(rf"^  {re.escape(use.label)} +tekst {use.text_sha256[:12]}$", result.stdout, re.M)

    edited = Document(str(out))
    edited.paragraphs[-1].add_run(" Aangevuld.")
    edited.save(str(tmp_path / "bewerkt.docx"))
    result = CliRunner().invoke(main, ["inspect", str(tmp_path / "bewerkt.docx")])
    assert "Gewijzigd:    ja: de tekst is na het bouwen gewijzigd (bijvoorbeeld in Word)\n" in result.stdout


def test_inspect_of_a_build_from_before_versions(tmp_path):
    old = tmp_path / "oud.docx"
    shutil.copy(FIXTURES / "gebouwd-0.1.0" / "hartnet-noord.docx", old)
    result = CliRunner().invoke(main, ["inspect", str(old)])
    assert result.exit_code == 0, result.output
    assert "Versies:      niet vastgelegd (gebouwd voordat agreement-gen versies per clausule vastlegde)" in result.stdout
    assert "Clausules (73):\n  overweging.aanleiding\n" in result.stdout
    assert pipeline.load_version(old).agreement.meta.clauses == ()
