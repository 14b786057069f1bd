"""Deviations of an edited draft (issue 12): per article, what differs from the library's text.

A draft built by agreement-gen and then edited in Word: the review lists every article whose
sentences were changed, added or removed, and no other; an unedited build, and one that only
went through LibreOffice, deviates nowhere.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

from docx import Document

from agreement_gen.pipeline import build, review
from agreement_gen.review.deviations import RULE, _changed
from conftest import HARTNET


def deviations(result) -> dict[str, tuple[str, ...]]:
    return {f.plaats.titel: f.extra for f in result.findings if f.regel == RULE}


def heading_index(document, title: str) -> int:
    return next(i for i, p in enumerate(document.paragraphs) if p.style.name == "Artikel" and p.text == title)


def edited(tmp_path: Path) -> Path:
    """The sample built, then edited as a negotiator would in Word: one sentence of the
    confidentiality article rewritten, a lid added to the article on costs, a lid removed from
    the article on the term."""
    draft = tmp_path / "concept.docx"
    build(HARTNET, draft)
    document = Document(str(draft))
    paragraphs = document.paragraphs
    geheim = paragraphs[heading_index(document, "Geheimhouding") + 1]
    runs = [r for r in geheim.runs if r.text.strip()]
    runs[0].text = "Partijen houden alle informatie van de andere Partijen geheim, ook na afloop."
    for other in runs[1:]:
        other.text = ""
    kosten = paragraphs[heading_index(document, "Kostenverdeling") + 1]
    added = copy.deepcopy(kosten._p)
    kosten._p.addnext(added)
    for t in added.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        t.text = ""
    next(added.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")).text = \
        "Iedere Partij betaalt haar bijdrage binnen veertien dagen na de factuurdatum."
    looptijd = heading_index(document, "Opzegging en uittreding")
    removed = paragraphs[looptijd + 2]
    removed._p.getparent().remove(removed._p)
    out = tmp_path / "onderhandeld.docx"
    document.save(str(out))
    return out


def test_an_unedited_build_deviates_nowhere(tmp_path):
    draft = tmp_path / "concept.docx"
    build(HARTNET, draft)
    assert deviations(review(docx=draft)) == {}
    assert deviations(review(HARTNET, docx=draft)) == {}


def test_each_edited_article_is_listed_with_its_sentences(tmp_path):
    found = deviations(review(HARTNET, docx=edited(tmp_path)))
    assert set(found) == {"Geheimhouding", "Kostenverdeling", "Opzegging en uittreding"}
    assert any(line.startswith("gewijzigd:") and "alle informatie" in line for line in found["Geheimhouding"]) \
        or any("toegevoegd:" in line and "alle informatie" in line for line in found["Geheimhouding"])
    assert any(line.startswith("toegevoegd:") and "veertien dagen" in line for line in found["Kostenverdeling"])
    assert found["Opzegging en uittreding"] and all(line.startswith("geschrapt:") for line in found["Opzegging en uittreding"])


def test_the_draft_alone_is_compared_with_the_model_it_carries(tmp_path):
    found = deviations(review(docx=edited(tmp_path)))
    assert set(found) == {"Geheimhouding", "Kostenverdeling", "Opzegging en uittreding"}


def test_a_draft_that_only_went_through_libreoffice_deviates_nowhere(office, tmp_path):
    from agreement_gen.office.process import clean_env, find_soffice, soffice_tmp
    draft = tmp_path / "concept.docx"
    build(HARTNET, draft)
    saved, work = tmp_path / "lo", tmp_path / "work"
    work.mkdir()
    subprocess.run([find_soffice(), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "docx", "--outdir", str(saved), str(draft)],
                   env=clean_env(soffice_tmp(work)), timeout=120, check=True, capture_output=True)
    assert deviations(review(HARTNET, docx=saved / "concept.docx")) == {}


def test_sentence_alignment():
    old = ["Een.", "Twee.", "Drie.", "Vier."]
    assert _changed(old, old) == []
    assert _changed(old, ["Een.", "Twee!", "Drie.", "Vier.", "Vijf."]) == [
        "gewijzigd: \u2018Twee.\u2019 \u2192 \u2018Twee!\u2019", "toegevoegd: \u2018Vijf.\u2019"]
    assert _changed(old, ["Een.", "Vier."]) == ["geschrapt: \u2018Twee.\u2019", "geschrapt: \u2018Drie.\u2019"]
