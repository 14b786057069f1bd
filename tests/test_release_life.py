"""A library's release life, end to end, as issue 17 asks it: two versions of one test library
(tests/fixtures/migratie: 1.0.0, and 2.0.0 with a renamed field, a changed clause, a deprecated
variant and a new clause), both released into an archive folder.

A spec written for 1.x builds with 1.0 from the archive while 2.0 is the library given; it
migrates to 2.0; its upgrade redline accepts to the migrated 2.0 build and rejects to the 1.0
build; and the register finds, among a folder of built drafts, those that use the old version of
the changed clause, one of them edited after building.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from docx import Document

from agreement_gen import pipeline
from agreement_gen.cli import main
from agreement_gen.library import stores
from agreement_gen.library.read import load_library
from agreement_gen.model.text import render_text
from conftest import FIXTURES
from test_redline import lines_of, states

BASE = FIXTURES / "migratie"
V1, V2 = BASE / "v1", BASE / "v2"


@pytest.fixture(autouse=True)
def _no_outside_stores(monkeypatch):
    monkeypatch.delenv(stores.ENV, raising=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archief")
    for version in (V1, V2):
        result = CliRunner().invoke(main, ["library", "release", str(version), "-o", str(folder)])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["zorgpaden-1.0.0.zip", "zorgpaden-2.0.0.zip"]
    return folder


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "zorgpad.yaml"
    shutil.copy(BASE / "spec-1.yaml", path)
    return path


def test_the_whole_life_of_a_spec_from_1_x_to_2_0(store, spec, tmp_path):
    # 1. pinned to 1.x, it builds with 1.0 from the archive although 2.0 is the library given
    old = pipeline.draft(spec, [V2], archives=[store])
    assert old.agreement.meta.library_version == "1.0.0"
    assert any("zorgpaden 1.0.0 uit het archief" in note for note in old.notes)
    assert "Partijen evalueren het zorgpad ieder halfjaar." in render_text(old.agreement).replace("3.2 ", "")

    # 2. what moving to 2.0 does to this agreement, with a redline (the spec migrated on the way)
    moved = pipeline.upgrade(spec, "zorgpaden@2.0.0", tmp_path / "naar-2.docx", [V2], [store])
    assert [c.id for c in moved.of("gewijzigd")] == ["zorgpad"]
    assert [c.id for c in moved.of("nieuw")] == ["kwaliteit"]
    assert len(moved.spec_changes) == 2

    # 3. migrate the file; the 2.0 build is the redline accepted, the 1.0 build the redline rejected
    result = CliRunner().invoke(main, ["migrate", str(spec), "--naar", "zorgpaden@2.0.0", "--archief", str(store),
                                       "--force"])
    assert result.exit_code == 0, result.output
    new = pipeline.draft(spec, [V2], archives=[store])
    assert new.agreement.meta.library_version == "2.0.0" and not new.notes
    accepted, rejected = states(moved.redline.path.read_bytes())
    assert accepted == lines_of(new.agreement) and rejected == lines_of(old.agreement)


def test_the_deprecated_variant_warns_on_build_and_is_listed_by_library_check(store, spec, tmp_path):
    pipeline.migrate(spec, [V2], force=True)
    consent = tmp_path / "consent.yaml"
    consent.write_text(spec.read_text(encoding="utf-8").replace("regel: unanimiteit", "regel: consent"),
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(consent), "-l", str(V2), "-o", str(tmp_path / "c.docx")])
    assert result.exit_code == 0, result.output
    assert "clausule 'besluitvorming.consent' (artikel 'Besluitvorming', variant consent) laten vervallen: zij " \
           "wordt sinds 1 januari 2027 niet meer aangeboden" in result.output  # the draft is dated 15 januari 2027
    assert "Gebruik in plaats daarvan 'besluitvorming.meerderheid'" in result.output
    check = CliRunner().invoke(main, ["library", "check", str(V2)])
    assert check.exit_code == 0 and "1 vervallen" in check.output


def test_the_register_finds_the_drafts_on_the_old_clause_version(store, spec, tmp_path):
    folder = tmp_path / "overeenkomsten"
    folder.mkdir()
    pipeline.build(spec, folder / "zorgpad-1.docx", [V2], archives=[store])
    edited = Document(str(folder / "zorgpad-1.docx"))
    edited.paragraphs[-1].add_run(" Aangevuld na ondertekening.")
    edited.save(str(folder / "zorgpad-1-bewerkt.docx"))
    pipeline.migrate(spec, [V2], force=True)
    pipeline.build(spec, folder / "zorgpad-2.docx", [V2])
    old_version = load_library([V1]).by_id("zorgpad").version
    assert old_version != load_library([V2]).by_id("zorgpad").version

    result = CliRunner().invoke(main, ["register", str(folder), "--clausule", f"zorgpad@{old_version}"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line.endswith(("ja", "nee"))}
    assert set(rows) == {"zorgpad-1.docx", "zorgpad-1-bewerkt.docx"}
    assert rows["zorgpad-1-bewerkt.docx"][-1] == "ja" and rows["zorgpad-1.docx"][-1] == "nee"
    assert "in 2 van de 3 overeenkomsten; 1 met een andere versie" in result.output


def test_validate_also_warns_of_a_deprecated_clause(spec, tmp_path):
    pipeline.migrate(spec, [V2], force=True)
    consent = tmp_path / "consent.yaml"
    consent.write_text(spec.read_text(encoding="utf-8").replace("regel: unanimiteit", "regel: consent"),
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(consent), "-l", str(V2)])
    assert result.exit_code == 0, result.output
    assert "in orde:" in result.output and "'besluitvorming.consent'" in result.output


def test_library_diff_compares_two_released_archives(store):
    result = CliRunner().invoke(main, ["library", "diff", str(store / "zorgpaden-1.0.0.zip"),
                                       str(store / "zorgpaden-2.0.0.zip"), "--zonder-tekst"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Bibliotheek: zorgpaden 1.0.0 -> zorgpaden 2.0.0\n")
    assert "Versieadvies: een nieuwe hoofdversie" in result.output
