"""Text of a WordprocessingML body (agreement_gen.word.wmltext): the fingerprint a built draft
carries comes out the same as paragraph_text reads it, for every kind of body a redline meets."""

from __future__ import annotations

import hashlib

import pytest
from docx.oxml.parser import parse_xml

from agreement_gen.pipeline import build, redline
from agreement_gen.word import wmltext
from agreement_gen.word.docxread import parse_docx
from conftest import FIXTURES, SAMPLES
from word_save import saved_by_word


def reference_fingerprint(body) -> str:
    """The fingerprint as paragraph_text gives it, paragraph by paragraph (as it was computed)."""
    carry: list = []
    texts = []
    for paragraph in body.iter(wmltext.P):
        text = " ".join(wmltext.paragraph_text(paragraph, carry, fingerprint=True).split())
        if text:
            texts.append(text)
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


def body_of(data: bytes):
    docx = parse_docx(data, "test.docx")
    return docx.xml(docx.main).find(wmltext.qn("w:body"))


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("wmltext")
    out = {}
    for spec in SAMPLES:
        build(spec, folder / f"{spec.stem}.docx")
        out[spec.stem] = (folder / f"{spec.stem}.docx").read_bytes()
    out["0.1.0"] = (FIXTURES / "gebouwd-0.1.0" / "hartnet-noord.docx").read_bytes()
    out["word"] = saved_by_word(out["hartnet-noord"], update_toc=True)
    redline(SAMPLES[0], SAMPLES[1], folder / "redline.docx")
    out["redline"] = (folder / "redline.docx").read_bytes()
    return out


def test_the_fingerprint_is_what_paragraph_text_gives(documents):
    for name, data in documents.items():
        body = body_of(data)
        assert wmltext.fingerprint(body) == reference_fingerprint(body), name


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>REF x</w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


BODIES = [
    [f'<w:r><w:t>a </w:t></w:r>{FIELD}<w:r><w:t> b</w:t><w:tab/><w:br/><w:softHyphen/></w:r>'],
    # a field spanning paragraphs, one without end, an end without begin
    ['<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>weg</w:t></w:r>', '<w:r><w:t>ook weg</w:t></w:r>',
     '<w:r><w:fldChar w:fldCharType="end"/><w:t>wel</w:t></w:r>'],
    ['<w:r><w:fldChar w:fldCharType="end"/><w:t>wel</w:t></w:r><w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple>'],
    ['<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>open tot het eind</w:t></w:r>', '<w:r><w:t>nog</w:t></w:r>'],
    # containers, content controls (only the first sdtContent), text outside runs, deleted text, comments
    ['<w:ins><w:r><w:t>in</w:t></w:r></w:ins><w:del><w:r><w:delText>uit</w:delText></w:r></w:del>'
     '<w:hyperlink><w:r><w:t>link</w:t><w:noBreakHyphen/></w:r><w:t>los in link</w:t></w:hyperlink>'
     '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>sdt</w:t></w:r></w:sdtContent><w:sdtContent><w:r><w:t>tweede</w:t></w:r>'
     '</w:sdtContent></w:sdt><w:t>los</w:t><!-- c --><w:smartTag><w:sdt><w:sdtContent><w:r><w:t>diep</w:t></w:r>'
     '</w:sdtContent></w:sdt></w:smartTag>'],
    # what flatten does not reach: inside a run's child, in properties, in a field of its own
    ['<w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:ruby><w:rt><w:r><w:t>ruby</w:t></w:r></w:rt></w:ruby><w:t>x</w:t>'
     '<w:tab>tekst in tab</w:tab></w:r><w:bookmarkStart w:id="1" w:name="a"/><w:r><w:t xml:space="preserve">  y  </w:t></w:r>'],
    # a text box: a paragraph inside a paragraph's run, between its fields
    [f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:fldChar w:fldCharType="end"/>'
     '<w:t>binnen</w:t></w:r></w:p></w:txbxContent></w:pict><w:t>buiten</w:t></w:r>', '<w:r><w:t>daarna</w:t></w:r>'],
    ['', '<w:r><w:t>   </w:t></w:r>', '<w:r><w:t>na lege</w:t></w:r>'],
    # a table of contents: a field whose result spans paragraphs, with fields of its own
    ['<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>TOC \\o</w:instrText><w:fldChar w:fldCharType="separate"/>'
     '<w:t>Inhoud</w:t></w:r>', f'<w:hyperlink><w:r><w:t>Doel</w:t><w:tab/></w:r>{FIELD}</w:hyperlink>',
     f'{FIELD}<w:fldSimple w:instr="PAGE"/><w:r><w:t>x</w:t></w:r>', '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
     '<w:r><w:fldChar w:fldCharType="end"/><w:t>binnen</w:t></w:r>',
     '<w:r><w:t>laatste</w:t><w:fldChar w:fldCharType="end"/><w:t>erna</w:t></w:r>', '<w:r><w:t>los</w:t></w:r>'],
    ['<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>TOC</w:instrText></w:r>', '<w:r><w:instrText> \\h</w:instrText>'
     '<w:fldChar w:fldCharType="separate"/><w:t>a</w:t></w:r>', '<w:r><w:t>b</w:t><w:fldChar w:fldCharType="separate"/></w:r>',
     '<w:r><w:t>c</w:t><w:fldChar w:fldCharType="end"/></w:r>'],
]


def _reference_texts(body) -> list[tuple]:
    """Every paragraph's text read item by item, fields carried from paragraph to paragraph,
    and the fields still open after it."""
    carry: list = []
    return [(wmltext._field_text(p, carry, False, False, None), _open(carry)) for p in body.iter(wmltext.P)]


def _texts(paragraphs, body_text=None) -> list[tuple]:
    carry: list = []
    return [(wmltext.paragraph_text(p, carry, body_text=body_text), _open(carry)) for p in paragraphs]


def _open(carry: list) -> list[tuple]:
    return [(f.result, f.local, f.shown, "".join(f.instr)) for f in carry]


@pytest.mark.parametrize("paragraphs", BODIES)
def test_fingerprints_agree_on_fields_and_containers(paragraphs):
    cells = "".join(f"<w:p>{p}</w:p>" for p in paragraphs)
    for body_xml in (f"<w:body {W}>{cells}</w:body>",
                     f"<w:body {W}><w:tbl><w:tr><w:tc>{cells}</w:tc></w:tr></w:tbl><w:p><w:r><w:t>na</w:t></w:r></w:p></w:body>",
                     f"<w:body {W}><w:sdt><w:sdtContent>{cells}</w:sdtContent></w:sdt></w:body>"):
        body = parse_xml(body_xml)
        assert wmltext.fingerprint(body) == reference_fingerprint(body)
        if not any(True for p in body.iter(wmltext.P) for _ in p.iterancestors(wmltext.P)):
            assert _texts(body.iter(wmltext.P)) == _reference_texts(body)


def _every_paragraph_text(body) -> list[tuple]:
    """(paragraph, plain_text) for every paragraph of ``body``, also those inside text boxes."""
    return [(p, wmltext.plain_text(p)) for p in body.iter(wmltext.P)]


def test_the_quick_paragraph_text_is_the_item_by_item_one(documents):
    """paragraph_text reads a paragraph in one pass (plain_text) unless a field is open from an
    earlier paragraph, nests or stays open; for every paragraph of the samples, a redline, a draft
    saved by Word and one built by 0.1.0 it gives what the item-by-item reading gives, with and
    without fingerprint and targets, fields (cross-references) included."""
    plain_fields = declined = 0
    for name, data in documents.items():
        body = body_of(data)
        targets = wmltext.bookmark_targets(body)
        for paragraph, _ in _every_paragraph_text(body):
            for fingerprint in (False, True):
                for target in (None, targets):
                    plain = wmltext.plain_text(paragraph, fingerprint, target)
                    if plain is None:
                        declined += 1
                        continue
                    assert plain == wmltext._field_text(paragraph, [], fingerprint, False, target), name
                    plain_fields += any(True for _ in paragraph.iter(wmltext.FLD_CHAR))
    assert plain_fields > 1000 and declined > 10, (plain_fields, declined)


PARAGRAPHS = [
    '<w:ins><w:r><w:t>in</w:t></w:r></w:ins><w:del><w:r><w:delText>uit</w:delText></w:r></w:del>'
    '<w:hyperlink><w:r><w:t>link</w:t><w:noBreakHyphen/></w:r><w:t>los in link</w:t></w:hyperlink>'
    '<w:sdt><w:sdtPr><w:r><w:t>in de eigenschappen</w:t></w:r></w:sdtPr><w:sdtContent><w:r><w:t>sdt</w:t></w:r>'
    '</w:sdtContent><w:sdtContent><w:r><w:t>tweede</w:t></w:r></w:sdtContent></w:sdt><w:t>los</w:t><!-- c -->'
    '<w:smartTag><w:sdt><w:sdtContent><w:r><w:t>diep</w:t></w:r></w:sdtContent></w:sdt></w:smartTag>',
    '<w:pPr><w:tabs><w:tab w:val="left" w:pos="709"/></w:tabs><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:ruby><w:rt>'
    '<w:r><w:t>ruby</w:t></w:r></w:rt></w:ruby><w:t>x</w:t><w:tab>tekst in tab</w:tab><w:cr/><w:ptab/></w:r>'
    '<w:bookmarkStart w:id="1" w:name="a"/><w:r><w:t xml:space="preserve">  y  </w:t><w:softHyphen/></w:r>',
    '<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>binnen</w:t></w:r></w:p></w:txbxContent></w:pict><w:t>buiten</w:t></w:r>',
    '<w:customXml><w:r><w:t>a</w:t></w:r><w:moveTo><w:r><w:t>b</w:t><w:br/></w:r></w:moveTo></w:customXml>',
    '',
    f'<w:r><w:t>a </w:t></w:r>{FIELD}<w:r><w:t> b</w:t><w:tab/><w:br/><w:softHyphen/></w:r>',
    f'{FIELD}<w:fldSimple w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:t>3</w:t></w:r></w:fldSimple>{FIELD}',
    '<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>REF </w:instrText></w:r><w:ins><w:r><w:instrText>x \\h'
    '</w:instrText><w:fldChar w:fldCharType="end"/></w:r></w:ins><w:r><w:t>na</w:t></w:r>',
    '<w:r><w:fldChar w:fldCharType="separate"/><w:t>los</w:t><w:fldChar w:fldCharType="end"/></w:r>',
    '<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>IF </w:instrText><w:fldChar w:fldCharType="begin"/>'
    '<w:instrText>REF x</w:instrText><w:fldChar w:fldCharType="end"/><w:fldChar w:fldCharType="end"/></w:r>',
    '<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>REF x</w:instrText></w:r>'
    '<w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:fldChar w:fldCharType="end"/></w:r>',
    '<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>REF x</w:instrText><w:fldChar w:fldCharType="separate"/>'
    '<w:t>7</w:t></w:r>',
]


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_the_quick_paragraph_text_on_containers_and_what_flatten_does_not_reach(paragraph):
    p = parse_xml(f"<w:p {W}>{paragraph}</w:p>")
    for fingerprint in (False, True):
        plain = wmltext.plain_text(p, fingerprint, {"x": "Doel"})
        if len(list(p.iter(wmltext.P))) > 1 or paragraph.count('"begin"') > paragraph.count('"end"'):
            assert plain is None  # a paragraph inside a paragraph, a field left open: item by item
        elif plain is not None:
            assert plain == wmltext._field_text(p, [], fingerprint, False, {"x": "Doel"})
        assert wmltext.paragraph_text(p, fingerprint=fingerprint) == wmltext._field_text(p, [], fingerprint, False, None)


def test_the_body_pass_finds_what_each_paragraph_finds(documents):
    """BodyText finds every paragraph's elements in one pass over the body: the same lists as
    own_elements, paragraph by paragraph, and the same lines; crafted bodies included."""
    from agreement_gen.word.bodytext import BodyText

    bodies = [body_of(data) for data in documents.values()]
    bodies += [parse_xml(f"<w:body {W}><w:p>{p}</w:p><w:tbl><w:tr><w:tc><w:p>{p}</w:p></w:tc></w:tr></w:tbl>"
                         f"<w:sdt><w:sdtContent><w:p>{p}</w:p></w:sdtContent></w:sdt></w:body>")
               for p in PARAGRAPHS]
    compared = declined = 0
    for body in bodies:
        text = BodyText(body)
        for paragraph in body.iter(wmltext.P):
            assert text.elements(paragraph) == wmltext.own_elements(paragraph)
            compared += 1
            declined += text.elements(paragraph) is None
        assert wmltext.lines(body, body_text=text) == wmltext.lines(body)
        assert text.fingerprint() == reference_fingerprint(body)
        if not text.nested:  # paragraph by paragraph, in one pass also inside a table of contents
            assert _texts(text.paragraphs, text) == _reference_texts(body)
    assert compared > 3000 and declined >= 3, (compared, declined)
