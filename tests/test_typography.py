"""The house style's typographic rules, checked on the XML of drafts (issue 14): table column
widths, a repeated and shaded header row, amounts aligned right, a total row, non-breaking
spaces in names, amounts and references, one percent notation, and the tie rules themselves."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings

from agreement_gen import pipeline
from agreement_gen.word.render import render_docx
from agreement_gen.word.tablelayout import (
    CELL_MARGINS, _needs, _pieces, _twips, column_widths, fitting_size, numeric_columns, text_width,
)
from agreement_gen.word.typography import NBSP, tie
from conftest import SAMPLES
from specgen import spec_from_data, specs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LARGEST = next(s for s in SAMPLES if s.stem == "zorgcoordinatie-apeldoorn-zutphen")


@pytest.fixture(scope="module")
def largest():
    agreement = pipeline.draft(LARGEST).agreement
    return agreement, Document(io.BytesIO(render_docx(agreement)))


def annex_tables(document):
    return [t for t in document.tables if t._tbl.tblPr.find(qn("w:tblStyle")) is not None]


def cell_text(cell) -> str:
    return cell.text.replace(NBSP, " ")


# -- tie rules ------------------------------------------------------------------------------

@pytest.mark.parametrize("plain, tied", [
    ("vertegenwoordigd door D. Hofstede", "vertegenwoordigd door D.\u00a0Hofstede"),
    ("prof. dr. A.B. de Vries", "prof.\u00a0dr.\u00a0A.B.\u00a0de\u00a0Vries"),
    ("E. ten Brinke en NEN 7513", "E.\u00a0ten\u00a0Brinke en NEN\u00a07513"),
    ("een bedrag van € 1.500", "een bedrag van €\u00a01.500"),
    ("bedoeld in artikel 5 lid 2", "bedoeld in artikel\u00a05 lid\u00a02"),
    ("art. 4:21 Awb en Bijlage 3", "art.\u00a04:21 Awb en Bijlage\u00a03"),
    ("binnen dertig (30) dagen en 10 procent", "binnen dertig (30)\u00a0dagen en 10\u00a0procent"),
    ("per 1 januari 2027", "per 1\u00a0januari\u00a02027"),
])
def test_tie_rules(plain, tied):
    assert tie(plain) == tied


@pytest.mark.parametrize("text", [
    "De ACM. De zaak", "Partijen werken samen", "in 2027 en 2028", "e-mail: a@b.nl", "NZa. Daarna",
])
def test_tie_leaves_other_spaces_alone(text):
    assert tie(text) == text


def test_quotes_and_apostrophes_are_typographic():
    assert tie('de naam "Hartnetwerk Noord" ("HNN"), risico\'s en zo\'n') == \
        "de naam \u201cHartnetwerk Noord\u201d (\u201cHNN\u201d), risico\u2019s en zo\u2019n"


# -- column widths ---------------------------------------------------------------------------

def test_widths_fill_the_page_and_give_no_column_less_than_its_longest_word():
    rows = [["Nr.", "Prestatie-indicator", "Norm", "Bron van de gegevens"],
            ["1", "Doorlooptijd van verwijzing tot eerste consult in de regio", "90% binnen 14 dagen",
             "zorgcoordinatie@ziekenhuis-ijssel-veluwe.nl"]]
    widths = column_widths(rows, 9072, 10)
    assert sum(widths) == 9072
    assert widths[0] < 1000  # a one-digit "Nr." column is narrow, not a quarter of the page
    email = _twips(text_width("zorgcoordinatie@ziekenhuis-ijssel-veluwe.nl"), 10) + CELL_MARGINS
    assert widths[3] >= email  # an e-mail address is one word: it does not break


def test_an_e_mail_address_and_a_tied_name_are_one_word_and_a_hyphen_may_break():
    assert _pieces("a.b@zorg-net.nl Prestatie-indicator") == ["a.b@zorg-net.nl", "Prestatie-", "indicator"]
    assert _pieces("B.\u00a0Reinders") == ["B.\u00a0Reinders"]


def test_numeric_columns_are_recognised():
    header = ["Partij", "Aandeel", "Bijdrage", "Vorm"]
    body = [["A", "45%", "€ 607.500", "subsidie"], ["B", "27,5%", "€\u00a01.250,50", "opdracht"]]
    assert numeric_columns(header, body) == [False, True, True, False]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(specs())
def test_every_table_of_any_spec_is_laid_out(data):
    """For every generated spec: each table is as wide as the text it stands in (the page, or
    the leden of an article), has a width for every column, a repeated header row, rows that do
    not split, and no column narrower than its longest word: a table too wide for its longest
    words at 10 pt is set smaller, and only below 8 pt may a word break."""
    agreement = pipeline.draft(spec_from_data(data)).agreement
    document = Document(io.BytesIO(render_docx(agreement)))
    page = int(document._block_width.twips)
    for table in annex_tables(document):
        indent = table._tbl.tblPr.find(qn("w:tblInd"))
        available = page - (int(indent.get(qn("w:w"))) if indent is not None else 0)
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) == available
        rows = [[c.text for c in row.cells] for row in table.rows]  # with their non-breaking spaces
        sizes = {int(sz.get(qn("w:val"))) / 2 for sz in table._tbl.iter(f"{W}sz")} or {10.0}
        assert len(sizes) == 1 and 8 <= min(sizes) <= 10
        least = _needs(rows, sizes.pop(), 1)[0]
        if sum(least) < available:
            assert all(g >= m - 1 for g, m in zip(grid, least)), (rows[0], grid, least)
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            for cell, col_width in zip(row.cells, grid):
                assert int(cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) == col_width


def test_a_table_too_wide_for_its_words_is_set_smaller_not_broken():
    e_mail = "ouderenzorg@huisartsenzorgmaasmond-rijnmond.example"
    rows = [["Partij", "Naam", "Functie", "E-mailadres"],
            ["Stichting Huisartsenzorg Maasmond", "G. Wijnands", "ouderengeneeskunde", e_mail]]
    assert sum(_needs(rows, 10, 1)[0]) >= 9072
    size = fitting_size(rows, 9072, 10)
    assert 8 <= size < 10 and sum(_needs(rows, size, 1)[0]) < 9072


# -- the tables of a draft -------------------------------------------------------------------

def test_header_row_is_shaded_by_the_table_style_and_repeats(largest):
    _, document = largest
    tables = annex_tables(document)
    assert tables
    style_id = tables[0]._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val"))
    style = next(s for s in document.styles.element.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id)
    first_row = next(p for p in style.findall(qn("w:tblStylePr")) if p.get(qn("w:type")) == "firstRow")
    assert first_row.find(f"{W}tcPr/{W}shd").get(qn("w:fill")) not in (None, "auto", "FFFFFF")
    for table in tables:
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        assert look.get(qn("w:firstRow")) == "1" and int(look.get(qn("w:val")), 16) & 0x0020
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_amounts_and_percentages_align_right_and_the_cost_key_has_a_total(largest):
    _, document = largest
    table = next(t for t in annex_tables(document) if cell_text(t.rows[0].cells[1]) == "Aandeel")
    rows = [[cell_text(c) for c in row.cells] for row in table.rows]
    assert rows[-1][:3] == ["Totaal", "100%", "€ 1.350.000"]
    shares = [float(r[1].rstrip("%").replace(",", ".")) for r in rows[1:-1]]
    amounts = [int(re.sub(r"\D", "", r[2])) for r in rows[1:-1]]
    assert sum(shares) == 100 and sum(amounts) == 1_350_000
    for row in table.rows:
        jc = [c.paragraphs[0]._p.find(f"{W}pPr/{W}jc") for c in row.cells]
        assert [j.get(qn("w:val")) if j is not None else "left" for j in jc][:3] == ["left", "right", "right"]
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:lastRow")) == "1"
    assert all(r.find(f"{W}rPr/{W}b") is not None for r in table.rows[-1]._tr.iter(f"{W}r") if r.find(f"{W}t") is not None)


def test_names_amounts_and_references_are_tied(largest):
    agreement, document = largest
    xml = document.element.xml
    texts = "".join(t.text or "" for t in document.element.body.iter(f"{W}t"))
    signer = agreement.signatures[0].naam  # "prof. dr. C.J. Mensink"
    assert tie(signer) in texts and tie(signer) != signer
    assert re.search("€\u00a0\\d", texts) and not re.search("€ \\d", texts)
    assert not re.search(r"\b(?:artikel|Artikel|lid|Bijlage) \d", texts)
    assert "artikel\u00a0" in xml


def test_one_percent_notation(largest):
    agreement, _ = largest
    text = pipeline.render_text(agreement)
    assert re.search(r"\d%", text) and not re.search(r"\d %", text)
