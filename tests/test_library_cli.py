"""The 'library' command group: check, list, show, diff; exit codes and Dutch output."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from agreement_gen.cli import main
from agreement_gen.errors import display
from conftest import FIXTURES, ROOT

BASIS = FIXTURES / "libcheck" / "basis"
SEEDS = FIXTURES / "libcheck" / "bronnen"
REGIO = FIXTURES / "lagen" / "regio"


def run(*args: str):
    return CliRunner().invoke(main, ["library", *map(str, args)], prog_name="agreement-gen")


def test_help_is_dutch_with_examples():
    result = run("--help")
    assert result.exit_code == 0
    assert "Gebruik: agreement-gen library [OPTIES] COMMANDO [ARGUMENTEN]..." in result.output
    for command in ("check", "list", "show", "diff"):
        assert command in result.output
    assert "Voorbeelden:" in run("check", "--help").output


def test_check_in_order_exits_0():
    result = run("check", BASIS, "--bronnen", SEEDS, "--template", ROOT / "templates" / "standaard.docx")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"in orde: testbasis 1.2.0 ({display(BASIS)}): 6 clausules, 6 bestanden gecontroleerd\n"


def test_check_reports_every_problem_and_exits_1():
    result = run("check", BASIS, FIXTURES / "libcheck" / "onbekend-veld", "--bronnen", SEEDS)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Fout: library check vond problemen in {display(BASIS)}, {display(FIXTURES / 'libcheck' / 'onbekend-veld')} "
        f"(1 probleem):\n  - {display(FIXTURES / 'libcheck' / 'onbekend-veld' / 'extra.md')}, regel 12: onbekend "
        "specveld 'regio.nam'; bedoelt u 'regio.naam'?\n")


def test_check_of_a_missing_directory_is_a_usage_error():
    result = run("check", ROOT / "bestaat-niet")
    assert result.exit_code == 2
    assert "bestaat niet" in result.stderr or "does not exist" in result.stderr


def test_list_shows_layers_and_switched_off_clauses():
    result = run("list", BASIS, REGIO)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"bibliotheek: testbasis 1.2.0 ({display(BASIS)})")
    assert lines[1] == f"laag 2: regio 0.3.0 ({display(REGIO)})"
    assert any(line.split()[:4] == ["doel", "artikel", "doel", "regio"] for line in lines)
    assert any(line.startswith("uitgezet: procescoordinator") for line in lines)
    assert lines[-1] == "6 clausules (definitie: 1, artikel: 5)"


def test_show_a_clause_with_its_versions_sources_and_guidance():
    result = run("show", "doel", BASIS, REGIO)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("doel: Doel (artikel, categorie doel_visie)\n")
    assert f"    regio 0.3.0: {display(REGIO / 'doel.md')} (vervangt)" in out
    assert f"    testbasis 1.2.0: {display(BASIS / 'artikelen' / 'doel.md')} (oorspronkelijk)" in out
    assert "    - grondslag: regionale afspraak" in out
    assert "    De regionale versie van het doelartikel." in out


def test_show_a_slot_lists_every_variant():
    out = run("show", "geschillen", BASIS).stdout
    assert out.count("\ngeschillen.") + out.startswith("geschillen.") == 3
    assert "varianten in dit slot: geschillen.arbitrage (geschillen.beslechting == 'arbitrage')" in out


def test_show_an_unknown_clause_suggests_one():
    result = run("show", "doell", BASIS)
    assert result.exit_code == 1
    assert result.stderr == "Fout: geen clausule of slot 'doell' in testbasis 1.2.0; bedoelt u 'doel'?\n"


def test_diff_for_release_notes(tmp_path):
    new = tmp_path / "nieuw"
    shutil.copytree(BASIS, new)
    (new / "definities" / "partij.md").unlink()
    result = run("diff", BASIS, new, "--zonder-tekst")
    assert result.exit_code == 0, result.output
    assert "Verwijderd (1):\n  - def.partij (definitie 'Partij')  definities/partij.md" in result.stdout
    assert "Versieadvies: een nieuwe hoofdversie, ten minste 2.0.0." in result.stdout


def test_explain_of_the_region_sample_names_the_layer():
    result = CliRunner().invoke(main, ["explain", str(ROOT / "samples" / "ouderennetwerk-zuidoost-drenthe.yaml")])
    assert result.exit_code == 0, result.output
    assert "laag: regio-noord (communicatie.md)" in result.stdout
    assert "laag: regio-noord (roaz.md)" in result.stdout


def test_a_pin_mismatch_on_the_command_line(tmp_path):
    spec = tmp_path / "spec.yaml"
    text = (ROOT / "samples" / "ouderennetwerk-zuidoost-drenthe.yaml").read_text(encoding="utf-8")
    spec.write_text(text.replace('versie: ">=2.0,<3"', 'versie: ">=3"').replace("lagen: [lagen/regio-noord]",
                    f"lagen: [{ROOT / 'samples' / 'lagen' / 'regio-noord'}]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: spec.yaml (bibliotheek.versie): de spec vraagt regionale-zorgsamenwerking "
                                    ">=3, maar ")


def test_diff_markdown_is_a_release_page_and_excludes_zonder_tekst(tmp_path):
    new = tmp_path / "nieuw"
    shutil.copytree(BASIS, new)
    (new / "definities" / "partij.md").unlink()
    result = run("diff", BASIS, new, "--markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# testbasis 1.2.0\n")
    assert "## Verwijderd (1)\n\n- `def.partij` (definitie *Partij*): `definities/partij.md`" in result.stdout
    wrong = run("diff", BASIS, new, "--markdown", "--zonder-tekst")
    assert wrong.exit_code == 2 and "gaan niet samen" in wrong.stderr
