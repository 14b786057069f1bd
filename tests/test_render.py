"""The .docx as Word sees it: styles, list numbering, fields, bookmarks, comments, properties."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from agreement_gen.assembly.assemble import assemble
from agreement_gen.errors import TemplateError
from agreement_gen.library.read import load_library
from agreement_gen.word.numbering import LISTS
from agreement_gen.word.properties import read_custom_properties
from agreement_gen.word.render import render_docx
from agreement_gen.spec.load import load_spec
from conftest import FIXTURE_LIBRARY, HARTNET, signature_blocks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def agreement():
    return assemble(load_spec(HARTNET), load_library([FIXTURE_LIBRARY])).agreement


@pytest.fixture(scope="module")
def docx_bytes(agreement):
    return render_docx(agreement)


@pytest.fixture(scope="module")
def document(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def paragraphs_with_style(document, style):
    return [p for p in document.paragraphs if p.style.name == style]


def test_articles_are_numbered_by_one_word_list_not_typed(document, agreement):
    headings = paragraphs_with_style(document, "Artikel")
    assert [p.text for p in headings] == [a.title for a in agreement.articles]
    for p in headings:
        assert not re.match(r"\s*(Artikel\s*)?\d", p.text), "typed number in heading"
    style = document.styles["Artikel"]
    num_pr = style.element.pPr.numPr
    assert num_pr.numId.val == LISTS["artikelen"].num_id and num_pr.ilvl.val == 0
    lid = document.styles["Lid"].element.pPr.numPr
    assert lid.numId.val == LISTS["artikelen"].num_id and lid.ilvl.val == 1
    numbering = document.part.numbering_part.element
    abstract = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{LISTS["artikelen"].abstract_id}"]')[0]
    texts = [lvl.find(f"{W}lvlText").get(f"{W}val") for lvl in abstract.findall(f"{W}lvl")]
    assert texts == ["Artikel\u00a0%1", "%1.%2", "%3."]  # a non-breaking space: "Artikel 7" never splits


def test_leden_and_recitals_use_their_styles(document, agreement):
    leden = paragraphs_with_style(document, "Lid")
    assert len(leden) == sum(1 for a in agreement.articles for _ in a.blocks)
    recitals = paragraphs_with_style(document, "Overweging")
    assert [p.text for p in recitals] == ["".join(r.text) for r in agreement.recitals]
    assert len(paragraphs_with_style(document, "Comparitie")) == 3


def test_cross_references_are_ref_fields_to_existing_bookmarks(docx_bytes):
    xml = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml").decode()
    bookmarks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml))
    refs = re.findall(r"<w:instrText[^>]*> REF (\S+) ", xml)
    assert refs, "no REF fields"
    assert set(refs) <= bookmarks
    # the cached result is the current number
    assert re.search(r"REF _Ref_geschillen [^<]*</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                     "<w:r><w:t>artikel\u00a04</w:t>", xml)


def test_toc_field_with_entries(document, agreement):
    body = document.element.body
    instr = [i.text for i in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC ") for i in instr)
    entries = paragraphs_with_style(document, "TOC 1")
    assert [p.text.split("\t")[0] for p in entries] == (
        [f"Artikel\u00a0{n} {a.title}" for n, a in enumerate(agreement.articles, 1)]
        + [f"Bijlage\u00a0{n} {a.title}" for n, a in enumerate(agreement.annexes, 1)]
    )


def test_header_footer_show_concept_kenmerk_and_page_fields(document):
    section = document.sections[0]
    assert "CONCEPT versie 0.3, 2 november 2026" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]
    assert "Kenmerk HNN/2027/001" in footer.text
    instr = [i.text.strip() for i in footer._p.iter(qn("w:instrText"))]
    assert instr == ["PAGE", "NUMPAGES"]


def test_guidance_comments_on_each_article(document, agreement):
    comments = list(document.comments)
    assert len(comments) == len(agreement.articles) + len(agreement.annexes)
    assert all(c.author == "agreement-gen" for c in comments)
    assert any("Bedenk vroeg spelregels" in c.text for c in comments)


def test_no_comments_without_guidance(agreement):
    document = Document(io.BytesIO(render_docx(agreement, guidance=False)))
    assert len(list(document.comments)) == 0


def test_signature_blocks_one_per_party_two_side_by_side(document, agreement):
    """One block per party with its representatives, two blocks side by side, the rows of two
    parties kept together on a page, each representative with a line to sign on (a bottom
    border), name, function, place and date; the lines of a pair stand on the same row."""
    tables = [t for t in document.tables if t.rows[0].cells[0].paragraphs[0].style.name == "Ondertekening"]
    assert len(tables) == 1 and len(tables[0].columns) == 2
    parties = list(dict.fromkeys(s.party for s in agreement.signatures))
    blocks = signature_blocks(document)
    assert [name for name, _ in blocks] == parties
    for row in tables[0].rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    for party, (_, paragraphs) in zip(parties, blocks):
        signers = [s for s in agreement.signatures if s.party == party]
        texts = [p.text.replace("\u00a0", " ") for p in paragraphs]
        lines = [p for p in paragraphs if p._p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None]
        assert len(lines) == len(signers) and all(not p.text for p in lines)
        for signer in signers:
            assert f"Naam: {signer.naam}" in texts and f"Functie: {signer.functie}" in texts
            assert f"Plaats: {signer.plaats}" in texts
        assert texts.count("Datum:") == len(signers)
    # every row of a pair but its last keeps with the next (w:keepNext on its paragraphs)
    rows = tables[0].rows
    for row, following in zip(rows, list(rows[1:]) + [None]):
        starts_pair = following is None or following.cells[0].paragraphs[0].runs[:1] and \
            following.cells[0].paragraphs[0].runs[0].bold
        kept = all(p._p.find(f"{W}pPr/{W}keepNext") is not None for c in row.cells for p in c.paragraphs)
        assert kept == (not starts_pair)


def test_annex_table(document):
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Partij")
    assert [c.text for c in table.rows[1].cells] == ["Stichting Universitair Hartcentrum Noord (UHN)", "45%"]
    assert table.rows[3].cells[0].text == "Stichting Ziekenhuisgroep Drenthe & Veenkoloniën (ZDV)"


def test_properties_from_spec_not_clock(document, docx_bytes, agreement):
    core = document.core_properties
    assert core.title == "Samenwerkingsovereenkomst Hartnetwerk Noord"
    assert core.created.date().isoformat() == "2026-11-02"
    custom = read_custom_properties(docx_bytes)
    assert custom["spec-sha256"] == agreement.meta.spec_sha256
    assert custom["bibliotheek"] == "testbibliotheek"
    assert custom["clausules"].split(",") == list(agreement.meta.clause_ids)


def test_two_builds_are_byte_identical(agreement, docx_bytes):
    assert render_docx(agreement) == docx_bytes


def test_template_without_a_style_is_rejected(tmp_path, agreement):
    template = tmp_path / "kaal.docx"
    Document().save(template)
    with pytest.raises(TemplateError) as info:
        render_docx(agreement, template)
    assert "mist stijl(en) die agreement-gen gebruikt: Tekst, Tussenkop" in str(info.value)


def test_not_a_template(tmp_path, agreement):
    template = tmp_path / "nep.docx"
    template.write_text("geen zip", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render_docx(agreement, template)
    assert "geen bruikbaar Word-sjabloon" in str(info.value)


def test_template_placeholders_are_escaped(tmp_path):
    text = HARTNET.read_text(encoding="utf-8").replace(
        "titel: Samenwerkingsovereenkomst Hartnetwerk Noord", "titel: 'Overeenkomst <Zorg> & \"Welzijn\"'")
    spec_path = tmp_path / "s.yaml"
    spec_path.write_text(text, encoding="utf-8")
    agreement = assemble(load_spec(spec_path), load_library([FIXTURE_LIBRARY])).agreement
    document = Document(io.BytesIO(render_docx(agreement)))
    assert document.paragraphs[1].text == 'Overeenkomst <Zorg> & "Welzijn"'
    assert document.sections[0].header.paragraphs[0].text.startswith('Overeenkomst <Zorg> & "Welzijn"')


def test_no_two_tables_touch(docx_bytes):
    """Word merges tables with nothing between them into one; every table is followed by a paragraph."""
    body = Document(io.BytesIO(docx_bytes)).element.body
    for table in body.iter(qn("w:tbl")):
        following = table.getnext()
        assert following is not None and following.tag != qn("w:tbl")
