"""agreement-gen review end to end: the CLI's exit codes and output, JSON, a built .docx, a rule
that fails at run time, the weak spec a lawyer would flag, and the review copy with its comments
(python-docx, and LibreOffice reading it back)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from agreement_gen.cli import main
from agreement_gen.errors import LibraryError
from agreement_gen.pipeline import build, review
from conftest import FIXTURES, HARTNET, ROOT

WEAK = FIXTURES / "review" / "zwak.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_sample_reviews_with_exit_0():
    result = run("review", HARTNET)
    assert result.exit_code == 0, result.output
    assert "0 fouten" in result.output


def test_the_weak_spec_gives_what_a_lawyer_expects():
    found = review(WEAK)
    by_rule = {f.regel: f for f in found.findings}
    assert {"escalatie.zonder-termijn", "besluitvorming.unanimiteit", "procescoordinator.ontbreekt",
            "fasering.pilot-zonder-evaluatie", "gemeente.woo", "monitoring.geen-indicatoren"} <= set(by_rule)
    assert found.has_errors
    assert by_rule["escalatie.zonder-termijn"].plaats.label == "Artikel 14 Escalatie en impasse"
    assert by_rule["besluitvorming.unanimiteit"].plaats.titel == "Besluitvorming"
    assert "6 Partijen" in by_rule["procescoordinator.ontbreekt"].melding
    assert "Gemeente Rotterdam" in by_rule["gemeente.woo"].melding
    assert by_rule["besluitvorming.unanimiteit"].waarom[0].startswith("\"HartNet")
    result = run("review", WEAK)
    assert result.exit_code == 1
    assert result.output.index("Fouten (1)") < result.output.index("Waarschuwingen") < result.output.index("Adviezen")


def test_json_for_tools():
    result = run("review", WEAK, "--json")
    data = json.loads(result.stdout)
    assert data["aantallen"]["fout"] == 1
    first = data["bevindingen"][0]
    assert (first["regel"], first["ernst"], first["artikel"]["nummer"]) == ("escalatie.zonder-termijn", "fout", 14)
    assert first["veld"] == "escalatie.termijn_dagen" and first["waarom"]


@pytest.mark.parametrize("args, message", [
    (["a.yaml", "b.yaml"], "geef ten hoogste één spec en één .docx"),
    (["bestaat-niet.yaml"], "bestaat niet"),
    ([], "Ontbrekend argument"),
])
def test_usage_errors_exit_2(tmp_path, args, message):
    for name in args:
        if name != "bestaat-niet.yaml":
            shutil.copy(HARTNET, tmp_path / name)
    result = run("review", *[tmp_path / a if a else a for a in args])
    assert result.exit_code == 2
    assert message in result.output


def test_a_built_docx_without_its_spec(tmp_path):
    docx = tmp_path / "hartnet.docx"
    build(HARTNET, docx)
    alone = review(docx=docx)
    # every rule that fires for hartnet needs the spec; the word-order check reads the document itself
    assert [f.regel for f in alone.findings] == ["tekst.woordvolgorde"]
    assert any("zonder spec niet beoordeeld" in note for note in alone.notes)
    both = review(HARTNET, docx)
    assert [f.regel for f in both.findings] == [f.regel for f in review(HARTNET).findings]


def test_a_docx_without_a_model_needs_the_spec(tmp_path):
    from docx import Document
    plain = tmp_path / "los.docx"
    Document().save(plain)
    result = run("review", plain)
    assert result.exit_code == 1
    assert "geen (bruikbaar) model van agreement-gen" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("condition, words", [
    ("partijen[99].naam == 'x'", "voorwaarde kan niet worden berekend: onbekende waarde"),
    ("partijen.__class__.__mro__", "niet toegestaan in de sandbox"),
    ("range(100000) | list", "range() met 100000 elementen"),
])
def test_a_rule_that_fails_is_a_dutch_library_error(tmp_path, condition, words):
    layer = tmp_path / "laag"
    (layer / "regels").mkdir(parents=True)
    (layer / "regels" / "kapot.yaml").write_text(
        f'id: kapot\nernst: advies\ntitel: Kapot\nvoorwaarde: "{condition}"\nmelding: Kapot.\n'
        'bronnen: [{grondslag: test}]\nremedie: {tekst: Repareer de regel.}\n', encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        review(HARTNET, libraries=[ROOT / "clauses", layer])
    text = str(caught.value)
    assert "kapot.yaml, regel 4" in text and words in text


def _comments(docx: Path) -> dict[str, list[str]]:
    """Comment text -> the texts of the paragraphs it is anchored in."""
    with zipfile.ZipFile(docx) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        comments = etree.fromstring(archive.read("word/comments.xml"))
    texts = {c.get(f"{W}id"): "".join(t.text or "" for t in c.iter(f"{W}t")) for c in comments.iter(f"{W}comment")}
    anchored: dict[str, list[str]] = {}
    for start in document.iter(f"{W}commentRangeStart"):
        paragraph = next(start.iterancestors(f"{W}p"))
        anchored.setdefault(texts[start.get(f"{W}id")], []).append(
            "".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    return anchored


def _review_comments(anchored: dict[str, list[str]]) -> dict[str, list[str]]:
    return {text: where for text, where in anchored.items() if text.startswith("[")}


def test_the_review_copy_has_a_comment_on_each_article(tmp_path):
    out = tmp_path / "review.docx"
    result = run("review", WEAK, "--docx", out)
    assert result.exit_code == 1 and out.is_file()
    comments = _review_comments(_comments(out))
    found = review(WEAK).findings
    assert len(comments) == len(found)
    for finding in found:
        text = next(t for t in comments if t.startswith(f"[{finding.ernst}] {finding.titel}:"))
        assert comments[text] == [finding.plaats.titel], finding.regel
    again = tmp_path / "again.docx"
    run("review", WEAK, "--docx", again)
    assert again.read_bytes() == out.read_bytes()  # deterministic
    assert run("review", WEAK, "--docx", out).exit_code == 1
    assert "bestaat al" in run("review", WEAK, "--docx", out).output


def test_the_review_copy_opens_in_libreoffice_with_the_comments_in_place(office, tmp_path):
    from agreement_gen.office.process import clean_env, find_soffice, soffice_tmp
    out = tmp_path / "review.docx"
    run("review", WEAK, "--docx", out)
    assert office.text(out)  # LibreOffice loads it
    saved = tmp_path / "lo"
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run([find_soffice(), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "docx", "--outdir", str(saved), str(out)],
                   env=clean_env(soffice_tmp(work)), timeout=120, check=True, capture_output=True)
    comments = _review_comments(_comments(saved / "review.docx"))
    found = review(WEAK).findings
    assert len(comments) == len(found)
    for finding in found:
        text = next(t for t in comments if t.startswith(f"[{finding.ernst}] {finding.titel}:"))
        assert [" ".join(w.split()) for w in comments[text]] == [finding.plaats.titel], finding.regel
