"""The command line, end to end, on every sample with the bundled library."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from docx import Document

from agreement_gen import __version__
from agreement_gen.cli import main
from agreement_gen.pipeline import draft
from agreement_gen.spec.load import load_spec
from agreement_gen.model.text import render_text
from conftest import HARTNET, SAMPLES, signature_blocks


def test_there_are_realistic_samples():
    names = {p.stem for p in SAMPLES}
    assert {"hartnet-noord", "anw-vvt-apeldoorn"} <= names
    assert len(SAMPLES) >= 5


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_validates(sample):
    result = CliRunner().invoke(main, ["validate", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"in orde: {sample}")


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_builds_and_reads_back(tmp_path, sample):
    out = tmp_path / f"{sample.stem}.docx"
    result = CliRunner().invoke(main, ["build", str(sample), "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    spec = load_spec(sample)
    agreement = draft(spec).agreement
    for party in spec.parties:
        assert party.naam in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Artikel"]
    assert headings == [a.title for a in agreement.articles]
    assert headings[0] == "Definities"
    assert len(headings) >= 15
    recitals = [p.text for p in document.paragraphs if p.style.name == "Overweging"]
    assert len(recitals) >= 3
    blocks = signature_blocks(document)
    assert [name for name, _ in blocks] == [p.naam for p in spec.parties]
    signers = [p.text.removeprefix("Naam: ").replace("\u00a0", " ") for _, paragraphs in blocks
               for p in paragraphs if p.text.startswith("Naam: ")]
    assert signers == [r.naam for p in spec.parties for r in p.vertegenwoordigers]


def test_text_preview_on_stdout():
    result = CliRunner().invoke(main, ["build", str(HARTNET), "--tekst", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout == render_text(draft(HARTNET).agreement)
    assert "Artikel 1 Definities" in result.stdout


def test_explain_on_a_sample():
    result = CliRunner().invoke(main, ["explain", str(HARTNET)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Artikel 'besluitvorming': opgenomen -> artikel" in out
    assert "gekozen: besluitvorming." in out
    assert "(besluitvorming.regel): 'gekwalificeerde_meerderheid'" in out
    assert "omdat ‘Besluitvormingsregel’ ‘gekwalificeerde meerderheid’ is" in out
    assert "voorwaarde onwaar:" in out
    assert "bron: \"Samen sterker\", whitepaper Bisnez / Corparis (003_91c65105b23de59e.txt): “" in out
    assert "besluitvorming.regel ==" not in out and "is not none" not in out  # no Jinja for a lawyer


def test_version_and_dutch_help():
    assert CliRunner().invoke(main, ["--version"]).output == f"agreement-gen {__version__}\n"
    for command in ([], ["build"], ["validate"], ["explain"], ["inspect"]):
        result = CliRunner().invoke(main, command + ["--help"], prog_name="agreement-gen")
        assert result.exit_code == 0
        assert "Gebruik: agreement-gen" in result.output
        assert "Voorbeeld" in result.output
        assert "Usage" not in result.output and "Show this message" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["build"], "Fout: Ontbrekend argument 'SPEC...'."),
        (["bouw"], "Fout: Onbekend commando 'bouw'."),
        (["build", "x.yaml", "--kleur"], "Fout: Onbekende optie '--kleur'."),
        (["build", "x.yaml", "-l", "/bestaat/niet"], "bestaat niet"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_real_process_prints_no_traceback(tmp_path):
    spec = tmp_path / "leeg.yaml"
    spec.write_text("", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "agreement_gen", "build", str(spec), "-o", str(tmp_path / "x.docx")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "Fout: leeg.yaml is geen geldige spec (1 probleem):\n  - leeg.yaml: het bestand is leeg"
    assert "Traceback" not in proc.stderr


def test_inspect_tells_what_produced_a_draft(tmp_path):
    import hashlib

    out = tmp_path / "h.docx"
    assert CliRunner().invoke(main, ["build", str(HARTNET), "-o", str(out)]).exit_code == 0
    result = CliRunner().invoke(main, ["inspect", str(out)])
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(HARTNET.read_bytes()).hexdigest()
    assert f"Spec sha256:  {digest}" in result.stdout
    assert "Bibliotheek:  " in result.stdout
    clause_ids = draft(HARTNET).agreement.meta.clause_ids
    assert f"Clausules ({len(clause_ids)}):" in result.stdout
    assert "  besluitvorming." in result.stdout


def test_inspect_refuses_what_is_not_ours(tmp_path):
    other = tmp_path / "ander.docx"
    Document().save(str(other))
    result = CliRunner().invoke(main, ["inspect", str(other)])
    assert result.exit_code == 1
    assert "niet door agreement-gen gemaakt" in result.stderr
    text = tmp_path / "tekst.docx"
    text.write_text("geen zip", encoding="utf-8")
    result = CliRunner().invoke(main, ["inspect", str(text)])
    assert result.exit_code == 1
    assert "geen Word-document (.docx)" in result.stderr


def test_same_spec_gives_byte_identical_docx(tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (first, second):
        assert CliRunner().invoke(main, ["build", str(HARTNET), "-o", str(out)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_pdf_without_libreoffice_is_a_clear_error_and_writes_nothing(tmp_path):
    import os

    env = dict(os.environ, SOFFICE=str(tmp_path / "geen-soffice"))
    out = tmp_path / "h.docx"
    proc = subprocess.run([sys.executable, "-m", "agreement_gen", "build", str(HARTNET), "-o", str(out), "--pdf"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert "Fout: een PDF maken vraagt LibreOffice" in proc.stderr
    assert "laat --pdf weg" in proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_explain_shows_variant_and_source_for_every_topic(sample):
    result = CliRunner().invoke(main, ["explain", str(sample)])
    assert result.exit_code == 0, result.output
    blocks = result.stdout.split("\n\n")[1:]
    included = [b for b in blocks if ": opgenomen" in b.splitlines()[0]]
    assert len(included) >= 30
    for block in included:
        assert "  gekozen: " in block
        assert "  bron: " in block or "  grondslag: " in block, block.splitlines()[0]
        assert ".txt: \"" not in block  # a seed by its title, never by its file name alone
    decision = next(b for b in blocks if b.startswith("Artikel 'besluitvorming'"))
    regel = load_spec(sample).data["besluitvorming"]["regel"]
    assert f"(besluitvorming.regel): '{regel}'" in decision
    assert "voorwaarde (technisch)" not in result.stdout
