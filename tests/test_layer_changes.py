"""What regional layers changed against the branch library: explain (text and --json) and the
reviewer comments in the built draft; a draft without layers carries nothing of it."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from agreement_gen.cli import main
from agreement_gen.model.serialize import from_json, to_json
from agreement_gen.pipeline import build, draft
from conftest import FIXTURES, HARTNET, ROOT

BASIS = FIXTURES / "libcheck" / "basis"
REGION = FIXTURES / "afwijkingen" / "regio"
SAMPLE = ROOT / "samples" / "ouderennetwerk-zuidoost-drenthe.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def comments(path: Path) -> list[str]:
    return [c.text for c in Document(str(path)).comments]


def layer_comments(path: Path) -> list[str]:
    return [text for text in comments(path) if text.startswith("Regionale afwijking")]


def test_replaced_added_and_switched_off_clauses_are_recorded():
    changes = draft(HARTNET, [BASIS, REGION]).agreement.meta.layer_changes
    assert [(c.clause_id, c.kind, c.layer, c.base_layer, c.key, c.applies) for c in changes] == [
        ("doel", "vervangen", "regio-test", "testbasis", "doel", True),
        ("regio.overleg", "toegevoegd", "regio-test", "testbasis", "regio.overleg", True),
        ("procescoordinator", "uitgezet", "regio-test", "testbasis", None, True),
    ]
    # the excerpt compares the texts as this agreement reads them (values filled in), word by word
    assert changes[0].excerpts == ('Doel ¶ Partijen werken {+in de regio+} samen in "Hartnetwerk Noord" met [-deze-] '
                                   "{+de volgende+} doelen: ¶ de toegangstijd …",)


def test_a_switched_off_clause_whose_condition_fails_is_marked_as_not_applying(tmp_path):
    spec = tmp_path / "zonder-pc.yaml"
    text = HARTNET.read_text(encoding="utf-8")
    block = "  procescoordinator:\n    bekostiging: gezamenlijk\n    uren_per_week: 16\n"
    assert block in text
    spec.write_text(text.replace(block, ""), encoding="utf-8")
    [off] = [c for c in draft(spec, [BASIS, REGION]).agreement.meta.layer_changes if c.kind == "uitgezet"]
    assert off.applies is False
    assert off.summary == "laag regio-test zet 'procescoordinator' (Procescoördinator) uit (is op deze spec niet van toepassing)"


def test_explain_text_and_json_say_what_the_region_changed():
    text = run("explain", HARTNET, "-l", BASIS, "-l", REGION)
    assert text.exit_code == 0, text.output
    assert ("Regionale afwijkingen ten opzichte van testbasis 1.2.0 (3):\n"
            "  laag regio-test vervangt 'doel' (Doel) van testbasis.\n"
            "  laag regio-test voegt 'regio.overleg' (Regionaal overleg) toe; testbasis heeft het niet.\n"
            "  laag regio-test zet 'procescoordinator' (Procescoördinator) uit (zou anders van toepassing zijn).\n"
            ) in text.output
    assert ("  Regionale afwijking: laag regio-test vervangt 'doel' (Doel) van testbasis.\n"
            "    Doel ¶ Partijen werken {+in de regio+} samen in") in text.output
    data = json.loads(run("explain", HARTNET, "-l", BASIS, "-l", REGION, "--json").output)
    assert [(c["clausule"], c["soort"]) for c in data["afwijkingen"]] == [
        ("doel", "vervangen"), ("regio.overleg", "toegevoegd"), ("procescoordinator", "uitgezet")]
    places = {p["plaats"]: p["afwijking"] for p in data["plaatsen"]}
    assert places["doel"]["uittreksels"] == data["afwijkingen"][0]["uittreksels"]
    assert places["regio.overleg"]["laag"] == "regio-test" and places["geschillen"] is None


def test_the_region_sample_names_its_replaced_communication_article():
    data = json.loads(run("explain", SAMPLE, "--json").output)
    kinds = {c["clausule"]: c for c in data["afwijkingen"]}
    assert kinds["communicatie"]["soort"] == "vervangen"
    assert kinds["communicatie"]["basislaag"] == "regionale-zorgsamenwerking"
    assert any("{+Stuurgroep wijst een aanspreekpunt aan" in x for x in kinds["communicatie"]["uittreksels"])
    assert kinds["regio_noord.roaz"]["soort"] == "toegevoegd"


def test_without_layers_there_are_no_changes_and_nothing_in_the_model():
    data = json.loads(run("explain", HARTNET, "-l", BASIS, "--json").output)
    assert data["afwijkingen"] == [] and all(p["afwijking"] is None for p in data["plaatsen"])
    assert "Regionale afwijking" not in run("explain", HARTNET, "-l", BASIS).output
    agreement = draft(HARTNET).agreement
    assert agreement.meta.layer_changes == () and "layer_changes" not in to_json(agreement)


def test_the_draft_comments_on_replaced_and_added_articles_only(tmp_path):
    out = tmp_path / "regio.docx"
    build(HARTNET, out, [BASIS, REGION])
    assert layer_comments(out) == [
        "Regionale afwijking: laag regio-test vervangt 'doel' (Doel) van testbasis.\n"
        "Anders dan de tekst van testbasis, voor deze overeenkomst (tussen haken wat weggelaten en wat toegevoegd "
        "is):\n"
        'Doel (nieuwe alinea) Partijen werken [toegevoegd: in de regio] samen in "Hartnetwerk Noord" met '
        "[weggelaten: deze] [toegevoegd: de volgende] doelen: (nieuwe alinea) de toegangstijd …",
        "Regionale afwijking: laag regio-test voegt 'regio.overleg' (Regionaal overleg) toe; testbasis heeft het niet.",
    ]
    document = Document(str(out))
    anchored = [p.text for p in document.paragraphs if p._p.xpath(".//w:commentRangeStart")]
    assert "Doel" in anchored and "Regionaal overleg" in anchored and "Geschillen" in anchored  # guidance too
    # the model in the draft carries the changes and reads back
    model = zipfile.ZipFile(out).read("customXml/item1.xml").decode("utf-8")
    assert '"layer_changes":' in model
    agreement = draft(HARTNET, [BASIS, REGION]).agreement
    assert from_json(to_json(agreement)) == agreement


def test_no_layer_comments_without_guidance_or_in_a_final_draft(tmp_path):
    build(HARTNET, tmp_path / "stil.docx", [BASIS, REGION], guidance=False)
    assert comments(tmp_path / "stil.docx") == []
    final = tmp_path / "definitief.yaml"
    final.write_text(HARTNET.read_text(encoding="utf-8").replace("status: concept", "status: definitief"),
                     encoding="utf-8")
    build(final, tmp_path / "definitief.docx", [BASIS, REGION])
    assert comments(tmp_path / "definitief.docx") == []


def test_without_layers_no_layer_comments(tmp_path):
    build(HARTNET, tmp_path / "a.docx", [BASIS])
    assert layer_comments(tmp_path / "a.docx") == [] and comments(tmp_path / "a.docx")


def test_a_clause_added_by_the_region_and_replaced_above_it_is_still_added(tmp_path):
    top = tmp_path / "overeenkomst"
    (top / "artikelen").mkdir(parents=True)
    (top / "artikelen" / "overleg.md").write_text(
        "---\nvervangt: regio.overleg\nvelden: []\nbronnen:\n  - grondslag: test\ntoelichting: Eigen tekst.\n---\n"
        "Partijen overleggen.\n", encoding="utf-8")
    changes = {c.clause_id: c for c in draft(HARTNET, [BASIS, REGION, top]).agreement.meta.layer_changes}
    assert (changes["regio.overleg"].kind, changes["regio.overleg"].layer) == ("toegevoegd", "regio-test")


def test_a_branch_text_that_does_not_fit_the_spec_is_said_so(tmp_path):
    base = tmp_path / "basis"
    shutil.copytree(BASIS, base)
    doel = base / "artikelen" / "doel.md"
    doel.write_text(doel.read_text(encoding="utf-8").replace("{{ ref('geschillen') }}", "{{ ref('bestaat_niet') }}")
                    .replace("velden: [samenwerking.naam, doelen]", "velden: [samenwerking.naam, doelen]\nverwijst_naar: [bestaat_niet]"),
                    encoding="utf-8")
    [replaced] = [c for c in draft(HARTNET, [base, REGION]).agreement.meta.layer_changes if c.kind == "vervangen"]
    assert replaced.excerpts[0].startswith("(de tekst van de bibliotheek eronder is voor deze spec niet te maken")
