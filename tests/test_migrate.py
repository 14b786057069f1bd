"""Fields a library asks for itself (``velden`` in bibliotheek.yaml, the spec's ``aanvullend``) and
migrations as data (``migraties``, ``agreement-gen migrate``).

tests/fixtures/migratie has two versions of one test library: 1.0.0 asks for
``aanvullend.zorgpad``; 2.0.0 renames it to ``aanvullend.zorgpad_naam``, adds the required
``aanvullend.evaluatie_maanden`` (its migration sets 12), changes the clause ``zorgpad`` and adds
the clause ``kwaliteit``. ``spec-1.yaml`` is written for 1.0, with comments to keep.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from agreement_gen import pipeline
from agreement_gen.cli import main
from agreement_gen.errors import LibraryError, SpecError
from agreement_gen.library.check import check_library
from agreement_gen.library.migrations import Step, apply
from agreement_gen.library.read import load_library
from agreement_gen.model.text import render_text
from conftest import FIXTURES

BASE = FIXTURES / "migratie"
V1, V2 = BASE / "v1", BASE / "v2"
SPEC1 = BASE / "spec-1.yaml"


def text_of(spec, library):
    return render_text(pipeline.draft(spec, [library]).agreement)


@pytest.fixture
def spec1(tmp_path):
    path = tmp_path / "zorgpad.yaml"
    shutil.copy(SPEC1, path)
    return path


# --- fields a library declares ------------------------------------------------------------------


def test_both_versions_pass_library_check():
    for root in (V1, V2):
        report = check_library([root])
        assert not report.problems, report.problems


def test_a_one_x_spec_builds_with_one_x_and_its_field_reaches_the_text():
    text = text_of(SPEC1, V1)
    assert "Partijen werken samen aan het zorgpad Hartfalen & COPD." in text
    assert "evalueren het zorgpad ieder halfjaar" in text


def test_a_default_of_a_library_field_is_used(tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC1.read_text(encoding="utf-8").replace("  evaluatie: halfjaarlijks\n", ""), encoding="utf-8")
    assert "evalueren het zorgpad ieder jaar" in text_of(spec, V1)
    # and it is listed with the other choices the spec left to a default
    assert ("aanvullend.evaluatie", "jaarlijks") in pipeline.draft(spec, [V1]).defaults


@pytest.mark.parametrize("old, new, message, line", [
    ("  zorgpad: Hartfalen & COPD   # met een ampersand\n", "  zorgpd: Hartfalen\n",
     "onbekende sleutel 'zorgpd'; bedoelt u 'zorgpad'?", 8),
    ("  evaluatie: halfjaarlijks\n", "  evaluatie: maandelijks\n",
     "'maandelijks' is geen geldige keuze; kies uit jaarlijks, halfjaarlijks", 9),
    ("  zorgpad: Hartfalen & COPD   # met een ampersand\n", "", "dit veld is verplicht maar ontbreekt", 6),
])
def test_library_fields_are_checked_with_line_and_field(tmp_path, old, new, message, line):
    spec = tmp_path / "s.yaml"
    text = SPEC1.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        pipeline.draft(spec, [V1])
    found = {(p.message, p.line) for p in caught.value.problems}
    assert (message, line) in found, found
    assert all(p.path.startswith("aanvullend") for p in caught.value.problems)


def test_aanvullend_for_a_library_without_fields_is_refused_with_the_reason(tmp_path):
    spec = tmp_path / "s.yaml"
    text = SPEC1.read_text(encoding="utf-8")
    spec.write_text(text.replace('  naam: zorgpaden\n  versie: ">=1.0,<2"   # vastgepind op de eerste versie\n', "  {}\n")
                    .replace("bibliotheek:\n  {}\n", ""), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        pipeline.draft(spec, [FIXTURES / "bibliotheek"])
    assert all("vraagt geen aanvullende velden" in p.message for p in caught.value.problems)
    assert len(caught.value.problems) == 2


def _copy(root, tmp_path, name="lib"):
    target = tmp_path / name
    shutil.copytree(root, target)
    return target


def test_library_check_reports_a_clause_reading_an_undeclared_field(tmp_path):
    lib = _copy(V2, tmp_path)
    clause = lib / "artikelen" / "kwaliteit.md"
    clause.write_text(clause.read_text(encoding="utf-8").replace("aanvullend.zorgpad_naam }}", "aanvullend.zorgpad }}"),
                      encoding="utf-8")
    messages = [p.message for p in check_library([lib]).problems]
    assert "onbekend specveld 'aanvullend.zorgpad'; bedoelt u 'aanvullend.zorgpad_naam'?" in messages


@pytest.mark.parametrize("declaration, message", [
    ("  extra:\n    soort: keuze\n    label: Extra\n", "velden.extra: een keuzeveld noemt zijn 'keuzes'"),
    ("  extra:\n    soort: geheel_getal\n    label: Extra\n    standaard: veel\n",
     "velden.extra: de standaardwaarde 'veel' is geen geldige waarde voor een veld van soort geheel_getal"),
    ("  extra:\n    soort: tekst\n    label: Extra\n    min: 3\n", "velden.extra: 'min' en 'max' horen alleen bij een getal"),
])
def test_a_broken_field_declaration_is_reported(tmp_path, declaration, message):
    lib = _copy(V1, tmp_path)
    manifest = lib / "bibliotheek.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("velden:\n", "velden:\n" + declaration),
                        encoding="utf-8")
    assert message in [p.message for p in check_library([lib]).problems]


def test_a_layer_may_not_declare_a_field_of_the_library_below(tmp_path):
    layer = tmp_path / "regio"
    layer.mkdir()
    (layer / "bibliotheek.yaml").write_text("naam: regio\nversie: 0.1.0\nvelden:\n  zorgpad:\n    soort: tekst\n"
                                            "    label: Zorgpad\n", encoding="utf-8")
    messages = [p.message for p in check_library([V1, layer]).problems]
    assert "velden.zorgpad: laag zorgpaden noemt dit veld al; kies een andere naam" in messages


# --- migrations -------------------------------------------------------------------------------------


def test_a_spec_that_needs_migrating_gets_that_message_not_a_schema_error(tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC1.read_text(encoding="utf-8").replace('  versie: ">=1.0,<2"', '  versie: ">=1.0"'),
                    encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        pipeline.draft(spec, [V2])
    message = str(caught.value)
    assert "geschreven voor een eerdere versie van de bibliotheek zorgpaden" in message
    assert "agreement-gen migrate s.yaml -l tests/fixtures/migratie/v2 --force" in message
    renamed = caught.value.problems[0]
    assert (renamed.line, renamed.path, renamed.message) == (8, "aanvullend.zorgpad",
                                                            "hernoemd naar 'aanvullend.zorgpad_naam'")
    assert "onbekende sleutel" not in message


def test_a_pin_that_does_not_fit_says_the_spec_can_be_migrated(spec1):
    with pytest.raises(LibraryError) as caught:
        pipeline.draft(spec1, [V2])
    assert "de spec vraagt zorgpaden >=1.0,<2" in str(caught.value)
    assert ("of zet de spec om naar zorgpaden 2.0.0 met 'agreement-gen migrate zorgpad.yaml -l "
            "tests/fixtures/migratie/v2 --force' (2 wijzigingen in de velden)") in str(caught.value)


def test_migrate_rewrites_the_spec_keeping_comments_and_order(spec1):
    before = spec1.read_text(encoding="utf-8")
    result = pipeline.migrate(spec1, [V2], force=True)
    after = spec1.read_text(encoding="utf-8")
    assert [str(c) for c in result.changes] == [
        "aanvullend.zorgpad: hernoemd naar 'aanvullend.zorgpad_naam'",
        "aanvullend.evaluatie_maanden: toegevoegd met de waarde 12",
    ]
    assert result.pin == (">=1.0,<2", ">=2.0,<3")
    assert not result.remaining
    assert after.startswith("# Zorgpad Zwolle: een spec voor versie 1 van de testbibliotheek zorgpaden.\n")
    assert "  # het zorgpad zoals het in de regio heet\n  zorgpad_naam: Hartfalen & COPD" in after
    assert "# met een ampersand" in after and '  versie: ">=2.0,<3"' in after
    # everything else is the drafter's text, line for line
    untouched = [line for line in before.splitlines() if "zorgpad" not in line and "versie: \">=" not in line]
    assert all(line in after.splitlines() for line in untouched)
    # and the migrated spec builds with 2.0: the new article, the new field in the text
    text = text_of(spec1, V2)
    assert "Partijen evalueren het zorgpad voor het eerst twaalf (12) maanden na de inwerkingtreding" in text
    assert "Kwaliteit van het zorgpad" in text and "Hartfalen & COPD" in text
    # a second run finds nothing to do
    again = pipeline.migrate(spec1, [V2], force=True)
    assert not again.changed and spec1.read_text(encoding="utf-8") == after


def test_migrate_writes_nothing_without_force_or_output(spec1):
    before = spec1.read_bytes()
    result = CliRunner().invoke(main, ["migrate", str(spec1), "-l", str(V2)])
    assert result.exit_code == 0, result.output
    assert "moet worden omgezet naar zorgpaden 2.0.0" in result.output
    assert "aanvullend.zorgpad: hernoemd naar 'aanvullend.zorgpad_naam' (regel 8)" in result.output
    assert "Niets geschreven" in result.output
    assert spec1.read_bytes() == before


def test_migrate_to_a_new_file_and_never_over_one_without_force(spec1, tmp_path):
    out = tmp_path / "nieuw.yaml"
    result = CliRunner().invoke(main, ["migrate", str(spec1), "-l", str(V2), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"geschreven: {out}" in result.output
    assert "zorgpad_naam" in out.read_text(encoding="utf-8")
    again = CliRunner().invoke(main, ["migrate", str(spec1), "-l", str(V2), "-o", str(out)])
    assert again.exit_code == 1 and "bestaat al" in again.output


def test_migrate_says_what_is_left_to_fill_in(spec1, tmp_path):
    lib = _copy(V2, tmp_path)
    manifest = lib / "bibliotheek.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "      - zet: {veld: aanvullend.evaluatie_maanden, waarde: 12}\n", ""), encoding="utf-8")
    result = pipeline.migrate(spec1, [lib], write=False)
    assert [p.path for p in result.remaining] == ["aanvullend.evaluatie_maanden"]
    assert "Nog te doen" in pipeline.migration_text(result)


def test_steps_reach_into_lists_and_keep_key_order():
    data = {"partijen": [{"id": "a", "aandeel": 50, "naam": "A"}, {"id": "b", "naam": "B"}]}
    steps = [Step("hernoem", "partijen[].aandeel", target="partijen[].kostenaandeel", version="2.0.0"),
             Step("zet", "partijen[].stemrecht", value=True, version="2.0.0"),
             Step("verwijder", "partijen[].naam", version="2.0.0")]
    changes = apply(steps, data)
    assert [str(c) for c in changes] == [
        "partijen[1].aandeel: hernoemd naar 'partijen[1].kostenaandeel'",
        "partijen[1].stemrecht: toegevoegd met de waarde ja", "partijen[2].stemrecht: toegevoegd met de waarde ja",
        "partijen[1].naam: verwijderd", "partijen[2].naam: verwijderd",
    ]
    assert list(data["partijen"][0]) == ["id", "kostenaandeel", "stemrecht"]
    assert apply(steps, data) == []


def test_only_the_steps_up_to_the_library_version_apply(tmp_path):
    lib = _copy(V2, tmp_path)
    manifest = lib / "bibliotheek.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("  - versie: 2.0.0\n    toelichting",
                                                                     "  - versie: 3.0.0\n    toelichting"),
                        encoding="utf-8")
    library = load_library([lib])
    assert library.layers[0].migrations and library.version == "2.0.0"
    from agreement_gen.library.migrations import steps_until
    assert steps_until(library) == []


def test_library_velden_lists_fields_and_migrations():
    result = CliRunner().invoke(main, ["library", "velden", str(V2)])
    assert result.exit_code == 0, result.output
    assert "aanvullend.zorgpad_naam: Naam van het zorgpad (tekst, verplicht; laag zorgpaden)" in result.output
    assert "aanvullend.evaluatie: Evaluatie (keuze, optioneel, standaard jaarlijks; laag zorgpaden)" in result.output
    assert "2.0.0 (zorgpaden): 'aanvullend.zorgpad' heet voortaan 'aanvullend.zorgpad_naam'" in result.output


def test_conditions_on_library_fields_read_in_words_with_the_library_labels():
    from agreement_gen.library.fields import field_docs
    from agreement_gen.spec.conditions import condition_text, library_fields
    condition = "aanvullend.evaluatie == 'jaarlijks'"
    assert condition_text(condition) is None  # without the library: not understood, shown as it is
    with library_fields(field_docs(load_library([V2]).fields)):
        assert condition_text(condition) == "‘Evaluatie’ ‘jaarlijks’ (ieder jaar) is"
    assert condition_text(condition) is None


# --- the whole life: 1.x builds with 1.x, migrates to 2.0, its upgrade redline holds ----------------


def test_upgrade_applies_the_migration_and_its_redline_accepts_to_the_migrated_build(spec1, tmp_path):
    from test_redline import lines_of, states
    result = pipeline.upgrade(spec1, str(V2), tmp_path / "naar-2.docx", [V1])
    assert list(result.spec_changes) == ["aanvullend.zorgpad: hernoemd naar 'aanvullend.zorgpad_naam'",
                                         "aanvullend.evaluatie_maanden: toegevoegd met de waarde 12"]
    assert [c.id for c in result.of("gewijzigd")] == ["zorgpad"]
    assert [c.id for c in result.of("nieuw")] == ["kwaliteit"]
    assert any(f"agreement-gen migrate {spec1.name} --naar {V2} --force" in note for note in result.notes)
    old = pipeline.draft(spec1, [V1]).agreement
    pipeline.migrate(spec1, [V2], force=True)
    new = pipeline.draft(spec1, [V2]).agreement
    accepted, rejected = states(result.redline.path.read_bytes())
    assert accepted == lines_of(new) and rejected == lines_of(old) and accepted != rejected


def test_migrate_to_a_named_target_as_upgrade_does(spec1):
    result = CliRunner().invoke(main, ["migrate", str(spec1), "--naar", str(V2), "--force"])
    assert result.exit_code == 0, result.output
    assert "omgezet naar zorgpaden 2.0.0" in result.output
    both = CliRunner().invoke(main, ["migrate", str(spec1), "--naar", str(V2), "-l", str(V2)])
    assert both.exit_code == 2 and "geef --naar of -l, niet allebei" in both.output


def test_migrate_refuses_another_library_or_an_older_version(spec1, tmp_path):
    other = CliRunner().invoke(main, ["migrate", str(spec1), "--force"])  # the bundled library
    assert other.exit_code == 1
    assert "de spec hoort bij de bibliotheek 'zorgpaden', maar u zet haar om naar regionale-zorgsamenwerking" in other.output
    newer = tmp_path / "nieuwer.yaml"
    newer.write_text(SPEC1.read_text(encoding="utf-8").replace('">=1.0,<2"', '">=3.0,<4"'), encoding="utf-8")
    older = CliRunner().invoke(main, ["migrate", str(newer), "-l", str(V2), "--force"])
    assert older.exit_code == 1 and "agreement-gen migrate zet een spec alleen om naar een nieuwere versie" in older.output
    assert '">=3.0,<4"' in newer.read_text(encoding="utf-8")


def test_a_zet_step_makes_the_aanvullend_group_when_the_spec_has_none(tmp_path):
    spec = tmp_path / "s.yaml"
    text = SPEC1.read_text(encoding="utf-8")
    start, end = text.index("aanvullend:\n"), text.index("document:")
    spec.write_text(text[:start] + text[end:], encoding="utf-8")
    result = pipeline.migrate(spec, [V2], force=True)
    assert [str(c) for c in result.changes] == ["aanvullend.evaluatie_maanden: toegevoegd met de waarde 12"]
    assert "aanvullend:\n  evaluatie_maanden: 12\n" in spec.read_text(encoding="utf-8")
    assert [p.path for p in result.remaining] == ["aanvullend.zorgpad_naam"]  # required, and no step can know it


def test_migrate_says_what_a_current_spec_still_lacks(tmp_path):
    spec = tmp_path / "s.yaml"
    text = SPEC1.read_text(encoding="utf-8").replace('">=1.0,<2"', '">=2.0,<3"')
    spec.write_text(text.replace("  zorgpad: Hartfalen & COPD   # met een ampersand\n", "")
                    .replace("  evaluatie: halfjaarlijks\n", "  evaluatie: halfjaarlijks\n  evaluatie_maanden: 6\n"),
                    encoding="utf-8")
    result = pipeline.migrate(spec, [V2], write=False)
    assert not result.changed
    assert "hoeft niet te worden omgezet voor zorgpaden 2.0.0, maar bouwt er nog niet mee" in pipeline.migration_text(result)


def test_library_diff_reports_fields_and_migrations_and_advises_a_major_version():
    result = CliRunner().invoke(main, ["library", "diff", str(V1), str(V2), "--zonder-tekst"])
    assert result.exit_code == 0, result.output
    assert "aanvullend.zorgpad_naam: nieuw veld (Naam van het zorgpad), hernoemd van aanvullend.zorgpad" in result.output
    assert "aanvullend.evaluatie_maanden: nieuw verplicht veld (Eerste evaluatie na (maanden)); de migratie vult het in" \
        in result.output
    assert "Versieadvies: een nieuwe hoofdversie, ten minste 2.0.0." in result.output


def test_library_diff_calls_a_required_field_without_default_or_step_breaking(tmp_path):
    lib = _copy(V1, tmp_path, "v1b")
    manifest = lib / "bibliotheek.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("versie: 1.0.0\n", "versie: 1.1.0\n", 1)
                        .replace("changelog:\n", "changelog:\n  - versie: 1.1.0\n    datum: 2026-02-01\n"
                                 "    wijzigingen: [Klachtenregeling.]\n")
                        .replace("velden:\n", "velden:\n  klachtenregeling:\n    soort: tekst\n    label: Klachtenregeling\n"
                                 "    verplicht: true\n"), encoding="utf-8")
    text = pipeline.library_diff(V1, lib)
    assert "nieuw verplicht veld (Klachtenregeling) zonder standaard en zonder migratiestap" in text
    assert "Versieadvies: een nieuwe hoofdversie, ten minste 2.0.0." in text


def test_a_layer_with_a_broken_field_declaration_gets_a_message_not_an_internal_error(tmp_path):
    layer = tmp_path / "regio"
    layer.mkdir()
    (layer / "bibliotheek.yaml").write_text("naam: regio\nversie: 0.1.0\nvelden:\n  zorgpad:\n    soort: keuze\n"
                                            "    label: Zorgpad\n    keuzes: [hartfalen, copd]\n  Zorg-Pad:\n"
                                            "    soort: tekst\n    label: X\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["library", "check", str(V1), str(layer)])
    assert result.exit_code == 1 and "interne fout" not in result.output
    assert "(velden.zorgpad.keuzes): manifest: moet een groep" in result.output
    assert "Zorg-Pad" in result.output


@pytest.mark.parametrize("step, message", [
    ("      - hernoem: {van: aanvullend.zorgpad, naar: aanvullend.zorgpad_nam}\n",
     "naar 'aanvullend.zorgpad_nam' is geen veld van het specformaat of van de velden van deze bibliotheek"),
    ("      - zet: {veld: aanvullend.evaluatie_maand, waarde: 12}\n",
     "veld 'aanvullend.evaluatie_maand' is geen veld van het specformaat of van de velden van deze bibliotheek"),
    ("      - verwijder: aanvullend.evaluatie\n", "verwijder 'aanvullend.evaluatie', maar de spec heeft dat veld nog"),
])
def test_library_check_refuses_a_migration_step_that_leads_nowhere(tmp_path, step, message):
    lib = _copy(V2, tmp_path)
    manifest = lib / "bibliotheek.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("    stappen:\n", "    stappen:\n" + step), encoding="utf-8")
    assert any(message in p.message for p in check_library([lib]).problems)


def _with_required_field(tmp_path):
    """2.1.0: version 2.0.0 plus a required field without default, read by the clause kwaliteit."""
    lib = _copy(V2, tmp_path, "v21")
    manifest = lib / "bibliotheek.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("versie: 2.0.0\nuitgever", "versie: 2.1.0\nuitgever")
                        .replace("versie: 2.0.0\ntaal", "versie: 2.1.0\ntaal")
                        .replace("changelog:\n", "changelog:\n  - versie: 2.1.0\n    datum: 2026-09-01\n"
                                 "    wijzigingen: [Klachtenregeling.]\n")
                        .replace("velden:\n", "velden:\n  klachtenregeling:\n    soort: tekst\n"
                                 "    label: Klachtenregeling\n    verplicht: true\n"), encoding="utf-8")
    clause = lib / "artikelen" / "kwaliteit.md"
    clause.write_text(clause.read_text(encoding="utf-8").replace("velden: [aanvullend.zorgpad_naam]",
                                                                 "velden: [aanvullend.zorgpad_naam, aanvullend.klachtenregeling]")
                      + "\nKlachten volgen {{ aanvullend.klachtenregeling }}.\n", encoding="utf-8")
    assert not check_library([lib]).problems
    return lib


def test_upgrade_to_a_release_with_a_new_required_field_says_what_to_fill_in(spec1, tmp_path):
    v21 = _with_required_field(tmp_path)
    pipeline.migrate(spec1, [V2], force=True)
    with pytest.raises(SpecError) as caught:
        pipeline.upgrade(spec1, str(v21), tmp_path / "r.docx", [V2])
    assert "bouwt nog niet met zorgpaden 2.1.0" in str(caught.value)
    assert [p.path for p in caught.value.problems] == ["aanvullend.klachtenregeling"]
    # filled in, the spec moves: the 2.0 side leaves the field it does not know aside
    text = spec1.read_text(encoding="utf-8")
    spec1.write_text(text.replace("  evaluatie: halfjaarlijks\n",
                                  "  evaluatie: halfjaarlijks\n  klachtenregeling: de regeling van de Penvoerder\n"),
                     encoding="utf-8")
    moved = pipeline.upgrade(spec1, str(v21), tmp_path / "r.docx", [V2])
    assert [c.id for c in moved.of("gewijzigd")] == ["kwaliteit"]
    assert any('bibliotheek.versie: ">=2.1,<3"' in note for note in moved.notes)


def test_release_refuses_to_write_into_the_library_it_releases(tmp_path):
    lib = _copy(V1, tmp_path)
    result = CliRunner().invoke(main, ["library", "release", str(lib), "-o", str(lib)])
    assert result.exit_code == 1 and "het archief zou zichzelf bevatten" in result.output
    assert not list(lib.glob("*.zip"))


@pytest.mark.parametrize("name, content, message", [
    ("compose.yaml", "services:\n  web: {image: x}\n", "is geen spec van agreement-gen"),
    ("concept.docx", "PK", "is een document, geen spec"),
])
def test_migrate_refuses_what_is_not_a_spec(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["migrate", str(path), "-l", str(V2)])
    assert result.exit_code == 1 and message in result.output


def test_upgrade_refuses_an_empty_version_and_a_redline_not_named_docx(spec1, tmp_path):
    empty = CliRunner().invoke(main, ["upgrade", str(spec1), "-l", str(V1), "--naar", "zorgpaden@"])
    assert empty.exit_code == 1 and "na '@' hoort een versie" in empty.output
    txt = CliRunner().invoke(main, ["upgrade", str(spec1), "-l", str(V1), "--naar", str(V2), "-o", str(tmp_path / "r.txt")])
    assert txt.exit_code == 1 and "eindigt" in txt.output and not (tmp_path / "r.txt").exists()


def test_upgrade_json_writes_a_redline_only_when_asked(spec1, tmp_path, monkeypatch):
    import json
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # twice: no file in the way the second time
        result = CliRunner().invoke(main, ["upgrade", str(spec1), "-l", str(V1), "--naar", str(V2), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["redline"] is None
    assert not list(tmp_path.glob("*.docx"))
