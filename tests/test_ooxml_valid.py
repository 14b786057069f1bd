"""An independent OOXML validator (openxml-audit: the ECMA-376 schemas and Word's semantic rules,
without .NET) finds no error in what agreement-gen writes: every sample, every kind of redline
(from specs, from .docx files, with a LibreOffice-saved side), and the review copy without
guidance. No finding is excused: where the validator would be wrong, it would be listed here."""

from __future__ import annotations

import pytest

import openxml_audit  # noqa: E402 - a test dependency (setup.cfg [test])

from agreement_gen.redline import compare as R  # noqa: E402
from agreement_gen.word.render import render_docx  # noqa: E402
from conftest import SAMPLES  # noqa: E402
from redline_pairs import PAIRS, PairMaker  # noqa: E402

KNOWN_VALIDATOR_MISTAKES: dict[str, str] = {}  # description -> why it is the validator's mistake


def problems(path) -> list[str]:
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(str(path))
    return [f"{e.description} ({getattr(e, 'part_uri', '')})" for e in result.errors
            if e.description not in KNOWN_VALIDATOR_MISTAKES]


@pytest.fixture(scope="module")
def pairs(tmp_path_factory):
    return {pair.name: pair for pair in PairMaker(tmp_path_factory.mktemp("paren")).pairs(SAMPLES[-1])}


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_every_sample_is_valid(tmp_path, sample):
    from agreement_gen.pipeline import build

    out = tmp_path / f"{sample.stem}.docx"
    build(sample, out)
    assert problems(out) == []


def test_the_review_copy_without_guidance_is_valid(tmp_path):
    from agreement_gen.pipeline import build

    out = tmp_path / "zonder.docx"
    build(SAMPLES[0], out, guidance=False)
    assert problems(out) == []


@pytest.mark.parametrize("name", PAIRS)
def test_every_kind_of_redline_is_valid(tmp_path, pairs, name):
    old, new = (R.version_from_agreement(a, f"{label}.docx") for label, a in (("oud", pairs[name].old),
                                                                              ("nieuw", pairs[name].new)))
    out = tmp_path / "redline.docx"
    out.write_bytes(R.compare(old, new, guidance=True).data)
    assert problems(out) == []


def test_a_redline_of_two_docx_files_is_valid(tmp_path, pairs):
    paths = []
    for label, agreement in (("oud", pairs["waarden"].old), ("nieuw", pairs["waarden"].new)):
        paths.append(tmp_path / f"{label}.docx")
        paths[-1].write_bytes(render_docx(agreement))
    out = tmp_path / "redline.docx"
    out.write_bytes(R.compare(R.version_from_docx(paths[0]), R.version_from_docx(paths[1])).data)
    assert problems(out) == []


def test_the_validator_sees_a_broken_package(tmp_path):
    """The check can fail: a comment style that is not defined is found (it was, before issue 14)."""
    from agreement_gen.pipeline import draft
    from word_save import replace_part

    good = render_docx(draft(SAMPLES[0]).agreement)
    out = tmp_path / "kapot.docx"
    out.write_bytes(replace_part(good, "word/styles.xml",
                                 lambda xml: xml.replace(b'w:styleId="CommentReference"', b'w:styleId="IetsAnders"')))
    assert any("CommentReference" in p for p in problems(out))


def test_the_title_page_has_no_running_header_and_the_redline_tracks_edits(tmp_path, pairs):
    import io
    import zipfile

    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(render_docx(pairs["waarden"].new)))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    first = "".join(p.text for p in section.first_page_header.paragraphs + section.first_page_footer.paragraphs)
    assert first.strip() == "" and "pagina" in "".join(p.text for p in section.footer.paragraphs)
    red = R.compare(R.version_from_agreement(pairs["waarden"].old, "oud.docx"),
                    R.version_from_agreement(pairs["waarden"].new, "nieuw.docx"))
    settings = zipfile.ZipFile(io.BytesIO(red.data)).read("word/settings.xml")
    assert b"<w:trackRevisions/>" in settings
    assert Document(io.BytesIO(red.data)).settings.element.find(qn("w:trackRevisions")) is not None


def test_lead_ins_stay_with_their_list_or_table_and_widows_are_controlled(pairs):
    """A sentence that introduces a list or a table keeps with it (w:keepNext), and the Normal
    style, on which every style builds, has widow and orphan control."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    from agreement_gen.model.agreement import Paragraph as ModelParagraph
    from agreement_gen.model.agreement import Table as ModelTable

    agreement = pairs["waarden"].new
    document = Document(io.BytesIO(render_docx(agreement)))
    assert document.styles["Normal"].paragraph_format.widow_control is True
    kept = {"".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
            for p in document.element.body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None}
    lead_ins = 0
    for unit in list(agreement.articles) + list(agreement.annexes):
        for block, following in zip(unit.blocks, list(unit.blocks[1:]) + [None]):
            if isinstance(block, ModelParagraph) and block.text and (block.items or isinstance(following, ModelTable)):
                text = "".join(piece if isinstance(piece, str) else getattr(piece, "text", "") for piece in block.text)
                words = text.split()[-3:]  # the end of the sentence, after any cross-reference
                assert any(all(w in k for w in words) for k in kept), text
                lead_ins += 1
    assert lead_ins >= 10
