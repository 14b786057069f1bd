"""library check: one broken fixture library per problem, each with the message it must produce."""

from __future__ import annotations

import re

import shutil
from pathlib import Path

import pytest
from docx import Document

from agreement_gen.pipeline import check_library
from agreement_gen.errors import display
from agreement_gen.word.template import REQUIRED_STYLES
from conftest import FIXTURES, ROOT

LIBCHECK = FIXTURES / "libcheck"
BASIS = LIBCHECK / "basis"
SEEDS = LIBCHECK / "bronnen"


def check(*dirs: str, **kwargs):
    roots = [LIBCHECK / d for d in dirs]
    return check_library(roots, seeds=kwargs.pop("seeds", SEEDS), **kwargs)


def test_clean_fixture_library_passes():
    report = check("basis")
    assert report.problems == ()
    assert report.clauses_checked == 6


def test_bundled_library_with_the_region_layer_passes():
    """The bundled library and the sample region layer are what users build from."""
    report = check_library([ROOT / "clauses", ROOT / "samples" / "lagen" / "regio-noord"],
                           template=ROOT / "templates" / "standaard.docx")
    assert [str(p) for p in report.problems] == []


# (fixture, file in the fixture, line, message): layered over basis ...
OVER_BASIS = [
    ("schema-keuze", "extra.md", 3,
     "front matter: 'artikle' is geen geldige keuze; kies uit artikel, overweging, definitie, bijlage"),
    ("schema-onbekende-sleutel", "extra.md", 10, "front matter: onbekende sleutel 'titl'; bedoelt u 'titel'?"),
    ("geen-bronnen", "extra.md", 8, "front matter: moet ten minste 1 element(en) bevatten"),
    ("geen-toelichting", "extra.md", 2, "front matter: dit veld is verplicht maar ontbreekt"),
    ("halve-bron", "extra.md", 9,
     "bron 1: geef 'bestand' met 'citaat' (een passage uit de brondocumenten) of een 'grondslag' (wet of praktijk)"),
    ("dubbel-id", "b.md", 2, "id 'extra' komt ook voor in {fixture}/a.md"),
    ("id-conflict", "doel.md", 2,
     "conflict: id 'doel' bestaat al in {basis}/artikelen/doel.md (laag testbasis); schrijf 'vervangt: doel' om "
     "die clausule te vervangen, of kies een ander id"),
    ("vervangt-onbekend", "doel.md", 6,
     "vervangt 'doell', maar geen eerdere laag heeft een clausule met dit id; bedoelt u 'doel' "
     "({basis}/artikelen/doel.md)?"),
    ("vervangt-soort", "doel.md", 2,
     "conflict: vervangt 'doel' uit {basis}/artikelen/doel.md, maar verandert soort van 'artikel' in 'bijlage'; "
     "een vervanging houdt soort, slot, variant en term gelijk (voeg anders een nieuwe clausule of variant toe)"),
    ("vervangt-uitgezet", "doel.md", 6,
     "conflict: vervangt 'doel' uit {basis}/artikelen/doel.md, maar {fixture}/bibliotheek.yaml (regel 3) zet die "
     "clausule uit"),
    ("uit-onbekend", "bibliotheek.yaml", 3,
     "uit: geen eerdere laag heeft een clausule 'doell'; bedoelt u 'doel' ({basis}/artikelen/doel.md)?"),
    ("basis-versie", "bibliotheek.yaml", 3,
     "deze laag vraagt testbasis >=2,<3, maar {basis}/bibliotheek.yaml is versie 1.2.0"),
    ("jinja-syntax", "extra.md", 12, "Jinja-syntaxfout: onverwacht '}'"),
    ("onbekend-filter", "extra.md", 12, "Jinja: onbekend filter 'opsoming'; bedoelt u 'opsomming'?"),
    ("include", "extra.md", 12, "include, import en extends werken niet in een clausule; schrijf de tekst uit"),
    ("onbekend-veld", "extra.md", 12, "onbekend specveld 'regio.nam'; bedoelt u 'regio.naam'?"),
    ("voorwaarde-syntax", "extra.md", 11, "voorwaarde is geen geldige expressie: de tekst houdt onverwacht op (een haakje, aanhalingsteken of "
     "{% endif %}/{% endfor %} niet gesloten?)"),
    ("voorwaarde-veld", "extra.md", 11,
     "voorwaarde: onbekend specveld 'besluitvorming.regl'; bedoelt u 'besluitvorming.regel'?"),
    ("velden-ongebruikt", "extra.md", 7,
     "velden noemt 'regio.gebied', maar de tekst en de voorwaarde gebruiken het niet"),
    ("velden-ontbreekt", "extra.md", 12, "de tekst gebruikt 'regio.naam', maar velden noemt het niet"),
    ("velden-onbekend", "extra.md", 7, "velden: 'regio.nam' is geen veld van de spec"),
    ("ref-onbekend", "extra.md", 12, "ref('geschil'): geen artikel of bijlage met dit id of slot; bedoelt u 'geschillen'?"),
    ("ref-definitie", "extra.md", 12,
     "ref('def.partij') verwijst naar een definitie ({basis}/definities/partij.md); alleen artikelen en bijlagen "
     "hebben een nummer"),
    ("verwijst-naar", "extra.md", 11,
     "verwijst_naar noemt doel waar de tekst niet naar verwijst; laat het veld weg (het wordt uit ref(...) "
     "afgeleid) of maak het gelijk"),
    ("slot-zonder-variant", "{basis}/artikelen/geschillen-bindend-advies.md", 8,
     "slot 'geschillen' heeft geen variant voor geschillen.beslechting = 'arbitrage'; de spec staat die keuze "
     "toe (varianten: geschillen.bindend_advies, geschillen.rechter)"),
    ("variant-nooit", "{basis}/artikelen/geschillen-arbitrage.md", 9,
     "slot 'geschillen': deze variant wordt nooit gekozen, want 'geschillen.altijd' "
     "({fixture}/geschillen-altijd.md) heeft geen voorwaarde en gaat voor (volgorde, dan id)"),
    ("dubbel-begrip", "partij.md", 10, "het begrip 'Partij' is ook gedefinieerd in {basis}/definities/partij.md"),
    ("bron-bestand", "extra.md", 9, "bron 1: '009_bestaat_niet.txt' staat niet in {seeds}"),
    ("bron-citaat", "extra.md", 10,
     "bron 1: citaat niet gevonden in 001_schoon.txt: \"Een gedeelde visie is het eindpunt van goede "
     "samenwerking.\""),
    ("bron-ocr", "extra.md", 10,
     "bron 1: citaat niet gevonden in 002_ocr.txt: \"De onafhankelijke procescoördinator kan vanuit een "
     "subjectief persp...\""),
]

# ... or a library on its own
ALONE = [
    ("zonder-manifest", "", None,
     "geen bibliotheek.yaml: een bibliotheek heeft een manifest met naam, versie, uitgever, taal, spec_versies "
     "en changelog"),
    ("manifest-versie", "bibliotheek.yaml", 3,
     "manifest: '1.0' klopt niet: schrijf een semantische versie MAJOR.MINOR.PATCH, bijvoorbeeld 1.4.0 "
     "(of 2.0.0-rc.1)"),
    ("manifest-changelog", "bibliotheek.yaml", 6, "het changelog heeft geen regel voor versie 1.1.0"),
    ("manifest-onvolledig", "bibliotheek.yaml", 1,
     "manifest: 'uitgever' ontbreekt; een gepubliceerde bibliotheek noemt het"),
]


def _expand(text: str, fixture: str) -> str:
    return (text.replace("{basis}", display(BASIS)).replace("{fixture}", display(LIBCHECK / fixture))
            .replace("{seeds}", display(SEEDS)))


def _expected_file(fixture: str, file: str) -> str:
    if file.startswith("{"):
        return _expand(file, fixture)
    return display(LIBCHECK / fixture / file) if file else display(LIBCHECK / fixture)


CASES = [(("basis", row[0]),) + row for row in OVER_BASIS] + [((row[0],),) + row for row in ALONE]


@pytest.mark.parametrize("stack, fixture, file, line, message", CASES, ids=[row[1] for row in CASES])
def test_each_broken_library_gives_its_message(stack, fixture, file, line, message):
    report = check(*stack)
    assert [(p.file, p.line, p.message) for p in report.problems] == [
        (_expected_file(fixture, file), line, _expand(message, fixture))]


def test_every_problem_is_reported_at_once(tmp_path):
    layer = tmp_path / "laag"
    layer.mkdir()
    broken = ["schema-keuze", "jinja-syntax", "onbekend-veld", "velden-ontbreekt", "ref-onbekend", "bron-citaat"]
    for i, fixture in enumerate(broken):
        text = (LIBCHECK / fixture / "extra.md").read_text(encoding="utf-8")
        (layer / f"{fixture}.md").write_text(text.replace("id: extra", f"id: extra{i}"), encoding="utf-8")
    report = check_library([BASIS, layer], seeds=SEEDS)
    assert sorted(Path(p.file).stem for p in report.problems) == sorted(broken)


def test_quote_with_the_intended_spelling_of_an_ocr_seed_is_found():
    # basis cites 002_ocr.txt ("procescodrdinator", "patiénten") with the intended words
    report = check("basis")
    assert report.problems == ()


def test_a_seeds_directory_that_does_not_exist_is_a_problem(tmp_path):
    report = check_library([BASIS], seeds=tmp_path / "geen")
    assert [(p.file, p.message) for p in report.problems] == [
        (display(tmp_path / "geen"), "map met brondocumenten niet gevonden")]


def test_without_default_seeds_the_quotes_are_skipped_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr("agreement_gen.library.check.default_seeds_dir", lambda: tmp_path / "geen")
    report = check_library([LIBCHECK / "basis", LIBCHECK / "bron-citaat"])
    assert report.problems == ()
    assert report.notes == (f"brondocumenten niet gevonden (geen map bronnen/ in de bibliotheek, geen "
                            f"{display(tmp_path / 'geen')}); citaten niet gecontroleerd (geef --bronnen MAP)",)


def test_a_library_carries_its_seeds_in_bronnen_for_every_layer_above(tmp_path, monkeypatch):
    monkeypatch.setattr("agreement_gen.library.check.default_seeds_dir", lambda: tmp_path / "geen")
    shutil.copytree(BASIS, tmp_path / "basis")
    shutil.copytree(SEEDS, tmp_path / "basis" / "bronnen")
    report = check_library([tmp_path / "basis", LIBCHECK / "bron-citaat"])
    assert report.notes == ()
    assert [p.message.split(":")[0] for p in report.problems] == ["bron 1"]
    assert "citaat niet gevonden in 001_schoon.txt" in report.problems[0].message


def test_template_without_the_renderers_styles(tmp_path):
    # library check --template reports the errors of `template check`: one per missing style
    plain = tmp_path / "kaal.docx"
    Document().save(str(plain))
    report = check("basis", template=plain)
    assert all(p.file == display(plain) for p in report.problems)
    named = {re.search(r"stijl '([^']+)'", p.message).group(1) for p in report.problems if "stijl '" in p.message}
    assert {"Tekst", "Lid", "Artikel", "Tabel"} <= named <= set(REQUIRED_STYLES)


def test_template_that_is_not_a_word_file(tmp_path):
    fake = tmp_path / "sjabloon.docx"
    fake.write_text("geen zip", encoding="utf-8")
    report = check("basis", template=fake)
    assert [p.message.split(":")[0] for p in report.problems] == ["geen bruikbaar Word-sjabloon (.docx)"]


def test_the_bundled_template_has_every_style():
    assert check("basis", template=ROOT / "templates" / "standaard.docx").problems == ()
