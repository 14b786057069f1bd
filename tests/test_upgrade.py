"""``agreement-gen upgrade``: what changes in one agreement when it moves from version 1.0.0 of the
test library to 2.0.0 (one clause changed, one new), and a redline that accepts to 2.0 and rejects
to 1.0."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from agreement_gen import pipeline
from agreement_gen.cli import main
from agreement_gen.errors import OutputError
from agreement_gen.model.agreement import ClauseUse
from agreement_gen.upgrade.clauses import compare_uses
from test_library_release import V1, V2, _no_outside_stores, pinned_spec, store  # noqa: F401 - fixtures
from agreement_gen.redline import revisions
from test_redline import document, lines_of, states


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def spec(tmp_path):
    return pinned_spec(tmp_path, ">=1,<2")


@pytest.fixture
def moved(store, spec, tmp_path):
    """The spec pinned to 1.x (built from the archive; 2.0 is the library given) moved to 2.0.0."""
    return pipeline.upgrade(spec, "proefbibliotheek@2.0.0", tmp_path / "naar-2.docx", [V2], [store])


def test_the_report_lists_exactly_the_changed_and_the_new_clauses(moved):
    assert [(c.id, c.text_changed) for c in moved.of("gewijzigd")] == [("doel", True)]
    assert [c.id for c in moved.of("nieuw")] == ["evaluatie"]
    assert moved.of("vervallen") == []
    same = {c.id: c for c in moved.of("gelijk")}
    assert "geschillen" in same and not same["geschillen"].text_changed
    # the same clause version, but its reference now reads 'artikel 4': this agreement's text changes
    assert same["besluitvorming"].text_changed
    changed = moved.of("gewijzigd")[0]
    assert changed.old_version != changed.new_version
    assert moved.before.startswith("proefbibliotheek 1.0.0 (het archief ")
    assert moved.after.startswith("proefbibliotheek 2.0.0 (het archief ")
    assert moved.spec_changes == ()


def test_the_redline_accepts_to_2_0_and_rejects_to_1_0(moved, spec, store):
    old = pipeline.draft(spec, [V2], archives=[store]).agreement
    new = pipeline.assemble(pipeline.load_spec(spec), pipeline.load_library([V2])).agreement  # the pin left aside
    assert old.meta.library_version == "1.0.0"
    data = moved.redline.path.read_bytes()
    accepted, rejected = states(data)
    assert accepted == lines_of(new)
    assert rejected == lines_of(old)
    assert accepted != rejected
    summary = " ".join(revisions.text_lines(document(data))[:3])
    assert "De bibliotheek gaat van proefbibliotheek 1.0.0 naar proefbibliotheek 2.0.0." in summary
    assert {("gewijzigd", "Artikel 2 Doel en visie"), ("nieuw", "Artikel 4 Evaluatie")} <= \
        {(c.status, c.label) for c in moved.redline.changes}


def test_the_cli_reports_in_dutch_and_as_json(store, spec, tmp_path):
    out = tmp_path / "redline.docx"
    result = run("upgrade", spec, "--naar", V2, "-l", V2, "--archief", store, "-o", out)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Gewijzigd (1):\n  ~ doel: " in text and "tekst in deze overeenkomst gewijzigd" in text
    assert "Nieuw (1):\n  + evaluatie@" in text
    assert "Vervallen (0):\n  (geen)" in text
    assert f"Redline: {out}" in text
    assert 'bibliotheek.versie: ">=2.0,<3"' in text  # the pin no longer fits: say what to write
    again = run("upgrade", spec, "--naar", V2, "-l", V2, "--archief", store, "-o", out, "--json")
    assert again.exit_code == 1 and "bestaat al" in again.output  # no overwrite without --force
    again = run("upgrade", spec, "--naar", V2, "-l", V2, "--archief", store, "-o", out, "--json", "--force")
    data = json.loads(again.output)
    statuses = {c["id"]: c["status"] for c in data["clausules"]}
    assert statuses["doel"] == "gewijzigd" and statuses["evaluatie"] == "nieuw"
    assert [c for c in data["clausules"] if c["status"] in ("gewijzigd", "nieuw", "vervallen")] == [
        c for c in data["clausules"] if c["id"] in ("doel", "evaluatie")]
    assert data["redline"] == str(out)


def test_a_target_archive_by_path_gives_the_same_report(store, spec, tmp_path, moved):
    by_path = pipeline.upgrade(spec, str(store / "proefbibliotheek-2.0.0.zip"), tmp_path / "b.docx", [V2], [store])
    assert by_path.clauses == moved.clauses
    assert (tmp_path / "b.docx").read_bytes() == moved.redline.path.read_bytes()


def test_no_change_writes_no_redline(store, spec, tmp_path):
    result = pipeline.upgrade(spec, "proefbibliotheek@1.0.0", tmp_path / "geen.docx", [V2], [store])
    assert result.redline is None and not (tmp_path / "geen.docx").exists()
    assert {c.status for c in result.clauses} == {"gelijk"}
    assert "er is geen redline geschreven" in pipeline.upgrade_text(result)


def test_an_unknown_target_lists_what_there_is(store, spec, tmp_path):
    result = run("upgrade", spec, "--naar", "proefbibliotheek@3", "-l", V2, "--archief", store)
    assert result.exit_code == 1
    assert "geen uitgebrachte versie die past" in result.output
    assert "proefbibliotheek 1.0.0" in result.output and "proefbibliotheek 2.0.0" in result.output
    missing = run("upgrade", spec, "--naar", tmp_path / "nergens", "-l", V2, "--archief", store)
    assert missing.exit_code == 1 and "bibliotheek niet gevonden" in missing.output


def test_the_output_is_checked_before_the_work(store, spec, tmp_path):
    (tmp_path / "bestaat.docx").write_bytes(b"x")
    with pytest.raises(OutputError):
        pipeline.upgrade(spec, str(V2), tmp_path / "bestaat.docx", [V2], [store])


@pytest.mark.parametrize("before, after, expected", [
    ([("a", "1", "t")], [("a", "1", "t")], [("a", "gelijk", False)]),
    ([("a", "1", "t")], [("a", "2", "t")], [("a", "gewijzigd", False)]),
    ([("a", "1", "t")], [("a", "1", "u")], [("a", "gelijk", True)]),
    ([("a", "1", "t"), ("b", "1", "t")], [("b", "1", "t")], [("a", "vervallen", True), ("b", "gelijk", False)]),
    ([("b", "1", "t")], [("a", "1", "t"), ("b", "2", "u")], [("b", "gewijzigd", True), ("a", "nieuw", True)]),
])
def test_clause_records_compared(before, after, expected):
    changes = compare_uses([ClauseUse(*u) for u in before], [ClauseUse(*u) for u in after])
    assert [(c.id, c.status, c.text_changed) for c in changes] == expected


def test_a_sample_pinned_to_the_bundled_1_1_moves_to_the_bundled_library(tmp_path):
    # Offline, from the archives shipped in archief/: the spec builds with 1.1.0 today.
    spec = pinned_spec(tmp_path, ">=1.1,<2", name="regionale-zorgsamenwerking")
    old = pipeline.draft(spec)
    assert old.agreement.meta.library_version == "1.1.0" and "archief/regionale-zorgsamenwerking-1.1.0.zip" in old.notes[0]
    result = pipeline.upgrade(spec, "regionale-zorgsamenwerking@2.1.0", tmp_path / "naar-2.1.docx")
    new = pipeline.assemble(pipeline.load_spec(spec), pipeline.load_library()).agreement
    assert result.of("gewijzigd") and result.redline is not None
    accepted, rejected = states(result.redline.path.read_bytes())
    assert accepted == lines_of(new) and rejected == lines_of(old.agreement)
    old_ids = {u.id for u in old.agreement.meta.clauses}
    new_ids = {u.id for u in new.meta.clauses}
    assert {c.id for c in result.of("nieuw")} == new_ids - old_ids
    assert {c.id for c in result.of("vervallen")} == old_ids - new_ids


def test_without_naar_it_is_a_usage_error(spec):
    result = run("upgrade", spec)
    assert result.exit_code == 2 and "geef de nieuwe versie met --naar" in result.output
