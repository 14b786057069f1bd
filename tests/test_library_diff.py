"""library diff: added, removed, changed clauses with a text diff, and the SemVer step they call for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agreement_gen.library.diff import _next_version, diff_libraries, diff_markdown, diff_text
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


def test_text_change_is_a_minor_step_changed_in_meaning_with_a_word_excerpt(tmp_path):
    new = new_version(tmp_path)
    edit(new / "artikelen" / "doel.md", "met deze doelen:", "met de volgende doelen:")
    diff = diff_libraries([BASIS], [new])
    [change] = diff.changed
    assert (change.new.id, change.fields, diff.step) == ("doel", ("body",), "minor")
    text = diff_text(diff)
    assert "Bibliotheek: testbasis 1.2.0 -> testbasis 1.3.0" in text
    assert change.category == "betekenis"
    assert ("Gewijzigd in betekenis (1):\n  ~ doel (artikel 'Doel'): tekst\n"
            "      tekst: … \"{{ samenwerking.naam }}\" met [-deze-] {+de volgende+} doelen: "
            "{% for doel in doelen %} - {{ doel }} …\n") in text
    assert "Versieadvies: een nieuwe subversie, ten minste 1.3.0." in text
    assert "Let op" not in text
    assert "Changelog 1.3.0 (2026-12-01):\n  - Doel herschreven." in text
    assert "---" not in text and "@@" not in text  # no unified diff any more


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
    assert "Nieuw (1):\n  + geschillen.altijd (artikel 'Geschillen')  artikelen/extra.md" in text
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


# --- release notes: categories, word excerpts, Markdown ------------------------------------------


@pytest.mark.parametrize("old, new, category", [
    # only whitespace, punctuation at a word's edge or typography: editorial
    ("met deze doelen:", "met deze doelen;", "redactioneel"),
    ('samen in "{{ samenwerking.naam }}"', "samen in \u201c{{samenwerking.naam}}\u201d", "redactioneel"),
    ("Partijen werken samen", "Partijen  werken\nsamen", "redactioneel"),
    ("Een geschil hierover", "Een geschil\u00a0hierover", "redactioneel"),
    # a word, its case, a paragraph, a list item or a Jinja tag: meaning
    ("met deze doelen:", "met die doelen:", "betekenis"),
    ("Partijen werken", "partijen werken", "betekenis"),
    ("Een geschil hierover", "Een geschil\n\nhierover", "betekenis"),
    ("- {{ doel }}", "{{ doel }}", "betekenis"),
    ("{{ ref('geschillen') }}", "{{ ref('doel') }}", "betekenis"),
])
def test_a_text_change_is_editorial_only_when_no_word_changes(tmp_path, old, new, category):
    library = new_version(tmp_path)
    edit(library / "artikelen" / "doel.md", old, new)
    [change] = diff_libraries([BASIS], [library]).changed
    assert change.category == category
    heading = {"redactioneel": "Redactioneel (1):", "betekenis": "Gewijzigd in betekenis (1):"}[category]
    assert heading in diff_text(diff_libraries([BASIS], [library]))


def test_guidance_sources_and_category_alone_are_editorial(tmp_path):
    library = new_version(tmp_path)
    edit(library / "definities" / "partij.md", "toelichting: Iedere partij", "toelichting: Elke partij")
    [change] = diff_libraries([BASIS], [library]).changed
    assert change.category == "redactioneel"
    assert change.excerpts() == [("toelichting", ["[-Iedere-] {+Elke+} partij bij de Overeenkomst."])]


def test_a_newly_deprecated_variant_is_vervallen(tmp_path):
    library = new_version(tmp_path)
    edit(library / "artikelen" / "geschillen-rechter.md", "volgorde: 900",
         'volgorde: 900\nvervalt: {datum: 2027-07-01, vervanging: geschillen.arbitrage, reden: "Vertrouwelijk."}')
    diff = diff_libraries([BASIS], [library])
    [change] = diff.category("vervallen")
    assert change.new.id == "geschillen.rechter" and diff.category("betekenis") == ()
    assert ("Vervallen (1):\n  ~ geschillen.rechter (artikel 'Geschillen'): vervalt\n"
            "      vervalt per 1 juli 2027; vervanging 'geschillen.arbitrage' (Vertrouwelijk.)") in diff_text(diff)


def test_markdown_release_page(tmp_path):
    library = new_version(tmp_path)
    edit(library / "artikelen" / "doel.md", "met deze doelen:", "met de volgende doelen:")
    edit(library / "definities" / "partij.md", "toelichting: Iedere partij", "toelichting: Elke partij")
    edit(library / "artikelen" / "geschillen-rechter.md", "volgorde: 900",
         "volgorde: 900\nvervalt: {datum: 2027-07-01, vervanging: geschillen.arbitrage}")
    (library / "artikelen" / "procescoordinator.md").unlink()
    shutil.copy(FIXTURES / "libcheck" / "variant-nooit" / "geschillen-altijd.md", library / "artikelen" / "extra.md")
    page = diff_markdown(diff_libraries([BASIS], [library]))
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert headings == ["# testbasis 1.3.0", "## Changelog 1.3.0 (2026-12-01)", "## Versieadvies", "## Nieuw (1)",
                        "## Gewijzigd in betekenis (1)", "## Redactioneel (1)", "## Vervallen (1)", "## Verwijderd (1)"]
    assert "van versie 1.2.0 naar 1.3.0" in page and "- Doel herschreven." in page
    assert "Versieadvies: een nieuwe hoofdversie, ten minste 2.0.0." in page
    assert "- `geschillen.altijd` (artikel *Geschillen*): `artikelen/extra.md`" in page
    assert "  - tekst: … \"{{ samenwerking.naam }}\" met ~~deze~~ **de volgende** doelen:" in page
    assert "- `def.partij` (definitie *Partij*): toelichting" in page
    assert ("- `geschillen.rechter` (artikel *Geschillen*): vervalt per 1 juli 2027; vervanging "
            "'geschillen.arbitrage'") in page
    assert "- `procescoordinator` (artikel *Procescoördinator*): `artikelen/procescoordinator.md`" in page


def test_markdown_of_identical_libraries_says_so_under_every_heading(tmp_path):
    shutil.copytree(BASIS, tmp_path / "kopie")
    page = diff_markdown(diff_libraries([BASIS], [tmp_path / "kopie"]))
    assert page.count("Geen.") == 5 and "Geen verschillen in de clausules." in page


def test_long_changes_are_cut_to_a_few_excerpts():
    from agreement_gen.library.wording import excerpts
    old = " ".join(f"woord{i}" for i in range(200))
    new = " ".join(f"woord{i}" if i % 20 else f"ander{i}" for i in range(200))
    found = excerpts(old, new)
    assert len(found) == 6 and found[-1] == "(en nog 5 wijzigingen)"
    assert found[1] == "… woord16 woord17 woord18 woord19 [-woord20-] {+ander20+} woord21 woord22 woord23 woord24 …"
