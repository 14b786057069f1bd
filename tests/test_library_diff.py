"""library diff: added, removed, changed clauses with a text diff, and the SemVer step they call for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agreement_gen.library.diff import _next_version, diff_libraries, diff_text
from agreement_gen.errors import display
from conftest import FIXTURES

BASIS = FIXTURES / "libcheck" / "basis"


def new_version(tmp_path: Path, version: str = "1.3.0") -> Path:
    new = tmp_path / "nieuw"
    shutil.copytree(BASIS, new)
    manifest = new / "bibliotheek.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("versie: 1.2.0\ntaal", f"versie: {version}\ntaal")
                        .replace("changelog:\n", f"changelog:\n  - versie: {version}\n    datum: 2026-12-01\n"
                                                 "    wijzigingen: [Doel herschreven.]\n"), encoding="utf-8")
    return new


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_identical_libraries_have_no_differences(tmp_path):
    shutil.copytree(BASIS, tmp_path / "kopie")
    diff = diff_libraries([BASIS], [tmp_path / "kopie"])
    assert (diff.added, diff.removed, diff.changed, diff.step) == ((), (), (), None)
    assert "Geen verschillen in de clausules." in diff_text(diff)


def test_text_change_is_a_minor_step_with_a_unified_diff(tmp_path):
    new = new_version(tmp_path)
    edit(new / "artikelen" / "doel.md", "met deze doelen:", "met de volgende doelen:")
    diff = diff_libraries([BASIS], [new])
    [change] = diff.changed
    assert (change.new.id, change.fields, diff.step) == ("doel", ("body",), "minor")
    text = diff_text(diff)
    assert "Bibliotheek: testbasis 1.2.0 -> testbasis 1.3.0" in text
    assert "  ~ doel (artikel 'Doel'): tekst" in text
    assert "Versieadvies: een nieuwe subversie, ten minste 1.3.0." in text
    assert "Let op" not in text
    assert "Changelog 1.3.0 (2026-12-01):\n  - Doel herschreven." in text
    assert f"--- {display(BASIS / 'artikelen' / 'doel.md')} (tekst)" in text
    assert '-Partijen werken samen in "{{ samenwerking.naam }}" met deze doelen:' in text
    assert '+Partijen werken samen in "{{ samenwerking.naam }}" met de volgende doelen:' in text


def test_guidance_only_is_a_patch(tmp_path):
    new = new_version(tmp_path, "1.2.1")
    edit(new / "definities" / "partij.md", "toelichting: Iedere partij", "toelichting: Elke partij")
    diff = diff_libraries([BASIS], [new])
    assert [c.fields for c in diff.changed] == [("toelichting",)]
    assert diff.step == "patch"
    assert "Versieadvies: een nieuwe patchversie, ten minste 1.2.1." in diff_text(diff)


def test_removed_clause_or_changed_condition_is_a_major_step_and_a_low_version_is_flagged(tmp_path):
    new = new_version(tmp_path)
    (new / "artikelen" / "procescoordinator.md").unlink()
    edit(new / "artikelen" / "geschillen-rechter.md", "== 'rechter'\"", "in ['rechter']\"")
    shutil.copy(FIXTURES / "libcheck" / "variant-nooit" / "geschillen-altijd.md", new / "artikelen" / "extra.md")
    diff = diff_libraries([BASIS], [new])
    assert [c.id for c in diff.added] == ["geschillen.altijd"]
    assert [c.id for c in diff.removed] == ["procescoordinator"]
    assert [(c.new.id, c.fields) for c in diff.changed] == [("geschillen.rechter", ("voorwaarde",))]
    assert diff.step == "major"
    text = diff_text(diff, with_text=False)
    assert "Toegevoegd (1):\n  + geschillen.altijd (artikel 'Geschillen')  artikelen/extra.md" in text
    assert "Verwijderd (1):\n  - procescoordinator (artikel 'Procescoördinator')  artikelen/procescoordinator.md" in text
    assert "      voorwaarde: \"geschillen.beslechting == 'rechter'\" -> \"geschillen.beslechting in ['rechter']\"" in text
    assert "Versieadvies: een nieuwe hoofdversie, ten minste 2.0.0." in text
    assert ("Let op: de nieuwe bibliotheek heeft versie 1.3.0; verhoog 'versie' in bibliotheek.yaml en vul het "
            "changelog aan.") in text
    assert "---" not in text


def test_a_moved_file_is_not_a_change(tmp_path):
    new = new_version(tmp_path, "1.2.0")
    (new / "artikelen" / "doel.md").rename(new / "doel.md")
    diff = diff_libraries([BASIS], [new])
    assert diff.changed == () and diff.step is None
    assert "  > doel: artikelen/doel.md -> doel.md" in diff_text(diff)


@pytest.mark.parametrize("version, step, advice", [("1.2.0", "major", "2.0.0"), ("0.4.1", "minor", "0.5.0")])
def test_advice_counts_from_the_old_version(version, step, advice):
    assert _next_version(version, step) == advice
