"""Deprecated clauses (``vervalt:``): the front matter, library check's notes and failures, and the
warnings of build, the batch build and explain (which never change the .docx)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_gen.cli import main
from agreement_gen.errors import display
from agreement_gen.library.deprecation import deprecation_notices
from agreement_gen.library.read import load_library
from agreement_gen.pipeline import build, check_library, draft
from conftest import FIXTURES, HARTNET

BASIS = FIXTURES / "libcheck" / "basis"
SEEDS = FIXTURES / "libcheck" / "bronnen"
LAYER = FIXTURES / "vervallen" / "laag"
CLAUSE = Path("artikelen") / "geschillen-rechter.md"
NOTICE = ("Let op: de bibliotheek heeft clausule 'geschillen.rechter' (artikel 'Geschillen', variant rechter) laten "
          "vervallen: zij wordt vanaf 1 juli 2027 niet meer aangeboden voor nieuwe overeenkomsten (laag "
          "vervallen-test). Reden: Arbitrage houdt geschillen tussen Partijen vertrouwelijk. Gebruik in plaats "
          "daarvan 'geschillen.arbitrage' (artikel 'Geschillen', variant arbitrage); u kiest die met "
          "'geschillen.beslechting: arbitrage' in de spec.")


def layer_copy(tmp_path: Path, old: str = "", new: str = "", manifest: tuple[str, str] = ("", "")) -> Path:
    layer = tmp_path / "laag"
    shutil.copytree(LAYER, layer)
    for path, (a, b) in ((layer / CLAUSE, (old, new)), (layer / "bibliotheek.yaml", manifest)):
        text = path.read_text(encoding="utf-8")
        assert a in text
        path.write_text(text.replace(a, b, 1) if a else text, encoding="utf-8")
    return layer


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- library check -------------------------------------------------------------------------------


def test_check_lists_a_deprecated_clause_and_passes():
    report = check_library([BASIS, LAYER], seeds=SEEDS)
    assert report.problems == ()
    assert (f"vervallen clausule 'geschillen.rechter' (artikel 'Geschillen', variant rechter) per 1 juli 2027 "
            f"({display(LAYER / CLAUSE)}); vervanging: 'geschillen.arbitrage'") in report.notes
    result = run("library", "check", BASIS, LAYER, "--bronnen", SEEDS)
    assert result.exit_code == 0, result.output
    assert "1 vervallen" in result.output


def test_check_without_deprecations_has_no_such_note():
    report = check_library([BASIS], seeds=SEEDS)
    assert not [n for n in report.notes if "vervallen" in n]


@pytest.mark.parametrize("released, fails", [("2027-06-30", False), ("2027-07-01", True), ("2028-01-15", True)])
def test_a_release_on_or_after_the_date_that_still_offers_the_clause_fails(tmp_path, released, fails):
    layer = layer_copy(tmp_path, manifest=("datum: 2026-12-01", f"datum: {released}"))
    problems = [str(p) for p in check_library([BASIS, layer], seeds=SEEDS).problems]
    expected = (f"{display(layer / CLAUSE)}, regel 4 (vervalt.datum): 'geschillen.rechter' (artikel 'Geschillen', "
                "variant rechter) vervalt per 1 juli 2027, maar vervallen-test 1.1.0 (uitgebracht")
    assert any(p.startswith(expected) for p in problems) is fails, problems
    if fails:
        result = run("library", "check", BASIS, layer, "--bronnen", SEEDS)
        assert result.exit_code == 1 and "biedt haar nog aan" in result.output


def test_a_deprecation_in_the_base_library_is_checked_against_its_own_release(tmp_path):
    base = tmp_path / "basis"
    shutil.copytree(BASIS, base)
    path = base / CLAUSE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "volgorde: 900", "volgorde: 900\nvervalt: {datum: 2026-11-01, vervanging: geschillen.arbitrage}"),
        encoding="utf-8")
    [problem] = check_library([base], seeds=SEEDS).problems  # testbasis 1.2.0 is dated 2026-11-01
    assert "vervalt per 1 november 2026, maar testbasis 1.2.0 (uitgebracht 1 november 2026)" in problem.message


BAD = [
    ("datum: 2027-07-01", "datum: 2027-13-01", 4, "vervalt.datum",
     "front matter: moet een datum (JJJJ-MM-DD, zonder aanhalingstekens) zijn, niet '2027-13-01', een datum die niet bestaat"),
    ("datum: 2027-07-01", 'datum: "1 juli 2027"', 4, "vervalt.datum",
     "front matter: moet een datum (JJJJ-MM-DD, zonder aanhalingstekens) zijn, niet de tekst '1 juli 2027'"),
    ("datum: 2027-07-01", "datum: 2027-07-01T10:00:00", 4, "vervalt.datum",
     "vervalt.datum: geef een datum zonder tijd (JJJJ-MM-DD)"),
    ("  datum: 2027-07-01\n", "", 3, "vervalt.datum", "front matter: dit veld is verplicht maar ontbreekt"),
    ("vervanging: geschillen.arbitrage", "vervanging: geschillen.arbitrag", 5, "vervalt.vervanging",
     "vervalt.vervanging: geen clausule 'geschillen.arbitrag', die bestaat niet; bedoelt u 'geschillen.arbitrage'?"),
    ("vervanging: geschillen.arbitrage", "vervanging: geschillen.rechter", 5, "vervalt.vervanging",
     "vervalt.vervanging: een clausule kan niet zichzelf vervangen; noem de clausule die in haar plaats komt"),
    ("vervanging: geschillen.arbitrage", "vervanging: def.partij", 5, "vervalt.vervanging",
     "vervalt.vervanging: 'def.partij' is een definitie, deze clausule een artikel; vervang door een artikel"),
    ("  reden:", "  redenen:", 6, "vervalt.redenen", "front matter: onbekende sleutel 'redenen'"),
]


@pytest.mark.parametrize("old, new, line, field, message", BAD, ids=[b[4][:40] for b in BAD])
def test_bad_deprecations_are_reported_with_file_line_and_field(tmp_path, old, new, line, field, message):
    layer = layer_copy(tmp_path, old, new)
    problems = check_library([BASIS, layer], seeds=SEEDS).problems
    assert [(p.file, p.line, p.path, p.message) for p in problems] == [(display(layer / CLAUSE), line, field, message)]


def test_a_replacement_that_is_deprecated_itself_is_refused(tmp_path):
    layer = layer_copy(tmp_path)
    (layer / "artikelen" / "arbitrage.md").write_text((BASIS / "artikelen" / "geschillen-arbitrage.md").read_text(
        encoding="utf-8").replace("id: geschillen.arbitrage", "vervangt: geschillen.arbitrage\n"
                                  "vervalt: {datum: 2028-01-01, vervanging: geschillen.bindend_advies}"), encoding="utf-8")
    problems = [p.message for p in check_library([BASIS, layer], seeds=SEEDS).problems]
    assert problems == ["vervalt.vervanging: 'geschillen.arbitrage' vervalt zelf ook (per 1 januari 2028); verwijs "
                        "naar de clausule die blijft"]


def test_a_replacement_switched_off_by_a_layer_is_refused(tmp_path):
    layer = layer_copy(tmp_path, manifest=("basis:", "uit: [geschillen.arbitrage]\nbasis:"))
    problems = [p.message for p in check_library([BASIS, layer], seeds=SEEDS).problems]
    assert (f"vervalt.vervanging: geen clausule 'geschillen.arbitrage', die is uitgezet door "
            f"{display(layer / 'bibliotheek.yaml')}") in problems


def test_a_replacement_layer_inherits_a_deprecation_it_does_not_repeat(tmp_path):
    top = tmp_path / "boven"
    (top / "artikelen").mkdir(parents=True)
    (top / "artikelen" / "rechter.md").write_text(
        "---\nvervangt: geschillen.rechter\nvelden: [geschillen.rechtbank]\nbronnen:\n  - grondslag: test\n"
        "toelichting: Een eigen tekst.\n---\nGeschillen gaan naar de {{ geschillen.rechtbank }}.\n", encoding="utf-8")
    clause = load_library([BASIS, LAYER, top]).by_id("geschillen.rechter")
    assert clause.layer == "boven" and clause.vervalt.layer == "vervallen-test"


# --- build, batch, explain -----------------------------------------------------------------------


def test_build_warns_and_the_docx_is_the_same_as_without_warnings(tmp_path):
    result = run("build", HARTNET, "-l", BASIS, "-l", LAYER, "-o", tmp_path / "a.docx")
    assert result.exit_code == 0, result.output
    assert NOTICE in result.output
    build(HARTNET, tmp_path / "b.docx", [BASIS, LAYER])  # the API prints nothing
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    # the same layer without 'vervalt:': only the clause's version (in the model part) differs
    plain = layer_copy(tmp_path, "vervalt:\n  datum: 2027-07-01\n  vervanging: geschillen.arbitrage\n  reden: "
                                 '"Arbitrage houdt geschillen tussen Partijen vertrouwelijk"\n', "")
    quiet = run("build", HARTNET, "-l", BASIS, "-l", plain, "-o", tmp_path / "c.docx")
    assert quiet.exit_code == 0 and "Let op" not in quiet.output
    parts = [zipfile.ZipFile(tmp_path / name).read("word/document.xml") for name in ("a.docx", "c.docx")]
    assert parts[0] == parts[1] and b"vervalt" not in parts[0]


def test_a_spec_that_does_not_use_the_deprecated_variant_gets_no_warning(tmp_path):
    spec = tmp_path / "arbitrage.yaml"
    spec.write_text(HARTNET.read_text(encoding="utf-8").replace("beslechting: rechter", "beslechting: arbitrage")
                    .replace("rechtbank: Rechtbank Noord-Nederland", "instituut: het NAI"), encoding="utf-8")
    assembly = draft(spec, [BASIS, LAYER])
    from agreement_gen.assembly.explain import deprecation_lines
    assert deprecation_lines(assembly) == []
    result = run("build", spec, "-l", BASIS, "-l", LAYER, "-o", tmp_path / "a.docx")
    assert result.exit_code == 0 and "Let op" not in result.output, result.output


def test_after_the_date_the_warning_says_since(tmp_path):
    library = load_library([BASIS, LAYER])
    import datetime as dt
    [notice] = deprecation_notices([library.by_id("geschillen.rechter")], library, dt.date(2027, 7, 1))
    assert notice.startswith("Let op: de bibliotheek heeft clausule 'geschillen.rechter' (artikel 'Geschillen', "
                             "variant rechter) laten vervallen: zij wordt sinds 1 juli 2027 niet meer aangeboden voor "
                             "nieuwe overeenkomsten (laag vervallen-test).")


def test_batch_build_warns_per_spec(tmp_path):
    (tmp_path / "uit").mkdir()
    result = run("build", HARTNET, "-l", BASIS, "-l", LAYER, "-d", tmp_path / "uit", "-j", "1")
    assert result.exit_code == 0, result.output
    assert f"{HARTNET}: {NOTICE}" in result.output


def test_explain_text_and_json_name_the_deprecated_clause():
    text = run("explain", HARTNET, "-l", BASIS, "-l", LAYER)
    assert text.exit_code == 0 and NOTICE in text.output
    data = json.loads(run("explain", HARTNET, "-l", BASIS, "-l", LAYER, "--json").output)
    assert data["vervallen"] == [{"clausule": "geschillen.rechter", "datum": "2027-07-01",
                                  "vervanging": "geschillen.arbitrage",
                                  "reden": "Arbitrage houdt geschillen tussen Partijen vertrouwelijk",
                                  "laag": "vervallen-test", "melding": NOTICE}]
    assert json.loads(run("explain", HARTNET, "-l", BASIS, "--json").output)["vervallen"] == []


def test_library_list_and_show_name_the_deprecation():
    listed = run("library", "list", BASIS, LAYER)
    assert ("vervalt: geschillen.rechter per 1 juli 2027 (laag vervallen-test); vervanging: 'geschillen.arbitrage'; "
            "reden: Arbitrage houdt geschillen tussen Partijen vertrouwelijk") in listed.output
    shown = run("library", "show", "geschillen.rechter", BASIS, LAYER)
    assert "  VERVALT per 1 juli 2027 (laag vervallen-test); vervanging: 'geschillen.arbitrage'" in shown.output
    assert "VERVALT" not in run("library", "show", "geschillen.arbitrage", BASIS, LAYER).output
    assert "vervalt:" not in run("library", "list", BASIS).output
