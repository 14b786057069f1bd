"""Redlines: accepting all changes gives the new version, rejecting all the old one; the XML is sound.

The pairs come from the fixture library and variants of the hartnet spec (redline_pairs.py);
accept/reject is the pure-Python one (agreement_gen.revisions). LibreOffice does the same on
every sample in test_redline_libreoffice.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml.parser import parse_xml

from agreement_gen import pipeline
from agreement_gen.redline import compare as R
from agreement_gen.redline import revisions
from agreement_gen.redline.units import _toc_entry
from agreement_gen.cli import main
from agreement_gen.word.docxread import parse_docx
from agreement_gen.errors import DocumentError
from agreement_gen.word.modelpart import read_model
from agreement_gen.word.render import render_docx
from conftest import FIXTURE_LIBRARY, HARTNET, modules_loaded_by
from redline_pairs import PAIRS, PairMaker, library_copy
from word_save import replace_part, saved_by_word

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REVISIONS = {f"{W}{t}" for t in ("ins", "del", "moveFrom", "moveTo", "pPrChange", "rPrChange")}


@pytest.fixture(scope="module")
def maker(tmp_path_factory):
    return PairMaker(tmp_path_factory.mktemp("paren"), source=FIXTURE_LIBRARY, move=("doel.md", 950),
                     rule="consent")


@pytest.fixture(scope="module")
def pairs(maker):
    return {pair.name: pair for pair in maker.pairs(HARTNET)}


@pytest.fixture(scope="module")
def redlines(pairs):
    return {name: _redline(pair.old, pair.new) for name, pair in pairs.items()}


def _redline(old, new, **options):
    return R.compare(R.version_from_agreement(old, "oud.docx"), R.version_from_agreement(new, "nieuw.docx"),
                     **options)


def document(data: bytes):
    return parse_xml(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def without_summary(lines: list[str]) -> list[str]:
    ends = [i for i, line in enumerate(lines) if R.SUMMARY_END in line]
    assert len(ends) == 1, "the summary ends exactly once"
    return lines[ends[0] + 1:]


def states(data: bytes, summary: bool = True) -> tuple[list[str], list[str]]:
    root = document(data)
    accepted = revisions.text_lines(revisions.accept_all(root))
    rejected = revisions.text_lines(revisions.reject_all(root))
    if summary:
        return without_summary(accepted), without_summary(rejected)
    return accepted, rejected


def lines_of(agreement) -> list[str]:
    return revisions.text_lines(document(render_docx(agreement, guidance=False)))


# --- the defining property -----------------------------------------------------------------


@pytest.mark.parametrize("name", PAIRS)
def test_accept_all_gives_new_and_reject_all_gives_old(pairs, redlines, name):
    accepted, rejected = states(redlines[name].data)
    assert accepted == lines_of(pairs[name].new)
    assert rejected == lines_of(pairs[name].old)


@pytest.mark.parametrize("name", PAIRS)
def test_without_summary_the_states_are_exactly_the_versions(pairs, name):
    red = _redline(pairs[name].old, pairs[name].new, summary=False)
    accepted, rejected = states(red.data, summary=False)
    assert accepted == lines_of(pairs[name].new)
    assert rejected == lines_of(pairs[name].old)
    assert not any(R.SUMMARY_TITLE in line for line in accepted)


def test_the_check_sees_a_wrong_redline(pairs, redlines):
    # A redline of another pair must not pass for this one: the comparison can fail.
    accepted, _ = states(redlines["waarden"].data)
    assert accepted != lines_of(pairs["variant"].new)


@pytest.mark.parametrize("name, status, label", [
    ("waarden", "gewijzigd", "Artikel 3 Besluitvorming"),
    ("variant", "gewijzigd", "Artikel 3 Besluitvorming"),
    ("partij-erbij", "nieuw", "Partijen: Stichting Zorggroep Testhaven"),
    ("partij-eraf", "vervallen", "Partijen: Stichting Zorggroep Testhaven"),
    ("artikel-erbij", "nieuw", "Artikel 4 Evaluatiegesprek"),
    ("artikel-eraf", "vervallen", "Artikel 4 Evaluatiegesprek"),
    ("artikel-verplaatst", "verplaatst", "Artikel 4 Doel en visie"),
    ("bijlage-tabel", "gewijzigd", "Bijlage 1 Kostenverdeelsleutel"),
])
def test_summary_names_each_change(redlines, name, status, label):
    changes = redlines[name].changes
    assert (status, label) in [(c.status, c.label) for c in changes]


def test_changed_variant_is_one_changed_article(redlines):
    changes = [c for c in redlines["variant"].changes if c.kind == "artikel"]
    assert len(changes) == 1
    assert "andere variant (meerderheid \u2192 consent)" in changes[0].excerpt
    assert "besluitvorming." not in changes[0].excerpt  # no internal ids for the board


def test_added_article_changes_no_other_article(redlines):
    articles = [c for c in redlines["artikel-erbij"].changes if c.kind == "artikel"]
    assert [(c.status, c.label) for c in articles] == [("nieuw", "Artikel 4 Evaluatiegesprek")]
    # the cross-reference to the renumbered article 'geschillen' is the same field: no change
    root = document(redlines["artikel-erbij"].data)
    reference = next(p for p in root.iter(f"{W}p") if "Een geschil hierover volgt" in _text(p))
    assert reference.find(f".//{W}instrText") is not None
    assert not [e for e in reference.iter(*REVISIONS) if e.getparent().tag != f"{W}rPr"], "text or field changed"


def test_moved_article_is_a_move_and_references_follow_it(redlines):
    root = document(redlines["artikel-verplaatst"].data)
    starts = {e.get(f"{W}name") for e in root.iter(f"{W}moveFromRangeStart")}
    assert starts and starts == {e.get(f"{W}name") for e in root.iter(f"{W}moveToRangeStart")}
    headings = [p for p in root.iter(f"{W}p") if _style(p) == "Artikel" and _text(p) == "Doel en visie"]
    assert [_mark(p) for p in headings] == ["moveFrom", "moveTo"]
    moved_from = "".join(t.text for e in root.iter(f"{W}moveFrom") for t in e.iter(f"{W}t"))
    assert "Partijen werken samen in het Samenwerkingsverband" in moved_from


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText"))


def _style(paragraph) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else ""


def _mark(paragraph):
    rpr = paragraph.find(f"{W}pPr/{W}rPr")
    return next((c.tag.split("}")[1] for c in rpr), None) if rpr is not None else None


def test_change_within_a_paragraph_is_word_level(maker, tmp_path):
    library = library_copy(tmp_path, "zestig", source=FIXTURE_LIBRARY, edit=_article_with("zestig (60)"))
    base = library_copy(tmp_path, "dertig", source=FIXTURE_LIBRARY, edit=_article_with("dertig (30)"))
    data = yaml.safe_load(HARTNET.read_text(encoding="utf-8"))
    old, new = maker.agreement(data, base, "dertig"), maker.agreement(data, library, "zestig")
    red = _redline(old, new)
    root = document(red.data)
    paragraph = next(p for p in root.iter(f"{W}p") if "vertrouwelijk" in _text(p))
    deleted = ["".join(t.text for t in d.iter(f"{W}delText")) for d in paragraph.iter(f"{W}del")]
    inserted = ["".join(t.text for t in i.iter(f"{W}t")) for i in paragraph.iter(f"{W}ins")]
    assert deleted == ["dertig (30)"] and inserted == ["zestig (60)"]
    unchanged = "".join(t.text for r in paragraph.findall(f"{W}r") for t in r.iter(f"{W}t"))
    # "dertig (30)\u00a0dagen": the renderer ties a number to its unit
    assert unchanged == "Partijen houden vertrouwelijke informatie geheim tot \u00a0dagen na afloop."
    assert paragraph.find(f"{W}pPr/{W}rPr") is None, "the paragraph itself is not inserted or deleted"
    assert ("gewijzigd", "\u2018dertig (30)\u2019 wordt \u2018zestig (60)\u2019") in [
        (c.status, c.excerpt) for c in red.changes]


def _article_with(words: str):
    return article_text(f"Partijen houden vertrouwelijke informatie geheim tot {words} dagen na afloop.")


def article_text(*leden: str):
    """A library edit: the article 'Vertrouwelijkheid' with these leden."""
    def edit(directory: Path) -> None:
        (directory / "artikelen" / "vertrouwelijk.md").write_text(
            "---\nid: vertrouwelijk\nsoort: artikel\ntitel: Vertrouwelijkheid\ncategorie: geheimhouding\n"
            "volgorde: 500\nvelden: []\nbronnen:\n  - grondslag: test\ntoelichting: Test.\n---\n"
            + "\n\n".join(leden) + "\n", encoding="utf-8")
    return edit


# --- a mostly rewritten paragraph: the old text deleted, the new text inserted ------------------

REWRITTEN = (
    "De Stuurgroep neemt besluiten met een gewone meerderheid van de uitgebrachte stemmen; staken de stemmen, "
    "dan beslist de voorzitter. Een geschil hierover volgt {{ ref('geschillen') }}.",
    "De Stemgerechtigde Partijen besluiten bij consent: een voorstel is aangenomen als geen Partij een "
    "overwegend bezwaar maakt. Een geschil hierover volgt {{ ref('geschillen') }}.",
)
EDITED = (
    "Partijen houden vertrouwelijke informatie geheim tot dertig (30) dagen na afloop van de Overeenkomst en "
    "melden een inbreuk daarop onverwijld schriftelijk aan de voorzitter van de Stuurgroep.",
    "Partijen houden vertrouwelijke informatie geheim tot zestig (60) dagen na afloop van de Overeenkomst en "
    "melden een inbreuk daarop onverwijld per e-mail aan de voorzitter van de Stuurgroep.",
)
UNCHANGED = "Deze verplichting geldt ook voor Afgevaardigden en medewerkers van Partijen."


def rewrite_pair(maker, workdir: Path, old_lid: str, new_lid: str):
    """Two versions of the hartnet spec whose article 'Vertrouwelijkheid' differs in its first lid."""
    data = yaml.safe_load(HARTNET.read_text(encoding="utf-8"))
    old = library_copy(workdir, "lid-oud", source=FIXTURE_LIBRARY, edit=article_text(old_lid, UNCHANGED))
    new = library_copy(workdir, "lid-nieuw", source=FIXTURE_LIBRARY, edit=article_text(new_lid, UNCHANGED))
    return maker.agreement(data, old, "lid-oud"), maker.agreement(data, new, "lid-nieuw")


def _paragraph_with(root, words: str):
    """The lid with ``words`` (in either version)."""
    return next(p for p in root.iter(f"{W}p")
                if _style(p) == "Lid" and words in "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")))


def _revision_order(paragraph) -> list[str]:
    return [child.tag.split("}")[1] for child in paragraph if child.tag in (f"{W}ins", f"{W}del")]


def _lid_redline(maker, workdir: Path, lids: tuple[str, str], words: str):
    """The redline of ``rewrite_pair`` (checked: accept all gives the new, reject all the old
    version), the text after reject all, and the lid with ``words``."""
    old, new = rewrite_pair(maker, workdir, *lids)
    red = _redline(old, new)
    accepted, rejected = states(red.data)
    assert accepted == lines_of(new) and rejected == lines_of(old)
    return red, rejected, _paragraph_with(document(red.data), words)


def test_a_mostly_rewritten_lid_is_one_deletion_and_one_insertion(maker, tmp_path):
    red, rejected, paragraph = _lid_redline(maker, tmp_path, REWRITTEN, "Stemgerechtigde Partijen")
    assert _revision_order(paragraph) == ["del", "ins"], "the old text, then the new text, not a mix"
    assert not [r for r in paragraph.findall(f"{W}r") if r.find(f"{W}t") is not None], "no unchanged text"
    deletion, insertion = paragraph.find(f"{W}del"), paragraph.find(f"{W}ins")
    assert "".join(t.text or "" for t in deletion.iter(f"{W}delText")).startswith("De Stuurgroep neemt besluiten")
    assert "".join(t.text or "" for t in insertion.iter(f"{W}t")).startswith("De Stemgerechtigde Partijen")
    # the cross-reference is a field in both versions, the lid keeps its style (and so its number)
    assert "REF _Ref_geschillen" in "".join(t.text for t in deletion.iter(f"{W}delInstrText"))
    assert "REF _Ref_geschillen" in "".join(t.text for t in insertion.iter(f"{W}instrText"))
    assert _style(paragraph) == "Lid" and paragraph.find(f"{W}pPr/{W}rPr") is None
    assert any("{REF ->Geschillen" in line for line in rejected if "Stuurgroep neemt besluiten" in line)
    assert ("Artikel 4 Vertrouwelijkheid", "\u2018De Stuurgroep neemt besluiten met een\u2026\u2019 wordt "
            "\u2018De Stemgerechtigde Partijen besluiten\u2026\u2019") in [(c.label, c.excerpt) for c in red.changes]


def test_a_lightly_edited_lid_stays_word_level(maker, tmp_path):
    red, _, paragraph = _lid_redline(maker, tmp_path, EDITED, "vertrouwelijke informatie")
    assert _revision_order(paragraph) == ["del", "ins", "del", "ins"]
    assert ["".join(t.text for t in d.iter(f"{W}delText")) for d in paragraph.iter(f"{W}del")] == [
        "dertig (30)", "schriftelijk"]
    assert ["".join(t.text for t in i.iter(f"{W}t")) for i in paragraph.iter(f"{W}ins")] == [
        "zestig (60)", "per e-mail"]
    assert ("Artikel 4 Vertrouwelijkheid", "\u2018dertig (30)\u2019 wordt \u2018zestig (60)\u2019; "
            "\u2018schriftelijk\u2019 wordt \u2018per e-mail\u2019") in [(c.label, c.excerpt) for c in red.changes]


@pytest.mark.parametrize("old, new, whole", [
    ("De Stuurgroep neemt besluiten met een meerderheid van twee derde van de stemmen.",
     "De Stemgerechtigde Partijen besluiten bij consent als geen Partij een overwegend bezwaar maakt.", True),
    ("Partijen houden informatie geheim tot dertig (30) dagen na afloop.",
     "Partijen houden informatie geheim tot zestig (60) dagen na afloop.", False),
    ("Partijen werken samen.", "Partijen werken samen in het Samenwerkingsverband en stellen een jaarplan op.", False),
    ("Partijen werken samen in het Samenwerkingsverband en stellen een jaarplan op.", "Partijen werken samen.", False),
    # kept function words anchor nothing: 'de', 'van', 'een' do not keep this word by word
    ("De kosten van een activiteit worden gedeeld.", "De leden van een werkgroep zijn benoemd.", True),
])
def test_the_rule_for_a_rewritten_paragraph(old, new, whole):
    from agreement_gen.redline.align import rewritten, word_diff, words

    a, b = words(old), words(new)
    assert rewritten(word_diff(a, b), a, b) is whole


def test_a_short_kept_stretch_between_changes_joins_them():
    from agreement_gen.redline.align import word_diff, words

    a = words("Een Kernbesluit kan niet worden genomen met de meerderheid van dat artikel.")
    b = words("Een Afgevaardigde stemt alleen met een Kernbesluit in als het orgaan van zijn Partij instemt.")
    kept = ["".join(a[i1:i2]) for tag, i1, i2, _, _ in word_diff(a, b) if tag == "equal"]
    assert kept == ["Een"], "no lone 'met', 'van' or 'Kernbesluit' kept between the changes"


# --- sound WordprocessingML -----------------------------------------------------------------


@pytest.mark.parametrize("name", PAIRS)
def test_revision_ids_are_unique_and_attributed(redlines, name):
    root = document(redlines[name].data)
    marks = [e for e in root.iter() if e.tag in REVISIONS or e.tag.endswith("RangeStart") and "move" in e.tag]
    assert marks
    ids = [e.get(f"{W}id") for e in marks]
    assert len(ids) == len(set(ids))
    others = {e.get(f"{W}id") for e in root.iter() if e.get(f"{W}id") and e not in marks
              and not e.tag.endswith("RangeEnd")}
    assert not set(ids) & others
    for mark in marks:
        assert mark.get(f"{W}author") == "Juridische Zaken, Universitair Hartcentrum Noord"
        assert mark.get(f"{W}date").endswith("T00:00:00Z")


@pytest.mark.parametrize("name", PAIRS)
def test_deleted_text_is_deltext_inside_del(redlines, name):
    root = document(redlines[name].data)
    for text in root.iter(f"{W}delText", f"{W}delInstrText"):
        assert any(a.tag == f"{W}del" for a in text.iterancestors()), "w:delText outside w:del"
    for deletion in root.iter(f"{W}del"):
        if deletion.getparent().tag in (f"{W}rPr", f"{W}trPr"):
            continue
        assert not list(deletion.iter(f"{W}t", f"{W}instrText")), "w:t inside w:del"


def _marked(root, mode: str) -> int:
    return sum(1 for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}{mode}") is not None)


def test_paragraph_marks_of_whole_paragraphs_are_marked(pairs, redlines):
    added = [a for a in pairs["artikel-erbij"].new.articles if a.clause_id == "test.evaluatiegesprek"][0]
    paragraphs = 1 + 1 + len(added.blocks)  # its entry in the table of contents, heading and leden
    assert _marked(document(redlines["artikel-erbij"].data), "ins") == paragraphs
    assert _marked(document(redlines["artikel-eraf"].data), "del") == paragraphs
    assert _marked(document(redlines["waarden"].data), "ins") == 0


def test_same_inputs_give_the_same_bytes(pairs):
    pair = pairs["partij-erbij"]
    assert _redline(pair.old, pair.new).data == _redline(pair.old, pair.new).data


def test_author_and_date_are_parameters(pairs):
    red = _redline(pairs["waarden"].old, pairs["waarden"].new, author="J. Smit",
                   date=dt.datetime(2027, 3, 4, 10, 30))
    root = document(red.data)
    marks = [e for e in root.iter(f"{W}ins", f"{W}del")]
    assert marks and {(m.get(f"{W}author"), m.get(f"{W}date")) for m in marks} == {
        ("J. Smit", "2027-03-04T10:30:00Z")}


def test_identical_versions_give_a_redline_without_changes(pairs):
    red = _redline(pairs["waarden"].old, pairs["waarden"].old)
    assert red.changes == ()
    root = document(red.data)
    assert not [e for e in root.iter() if e.tag in REVISIONS]
    assert R.NO_CHANGES in _text(root)


def test_guidance_comments_only_on_changed_articles(pairs):
    red = _redline(pairs["artikel-erbij"].old, pairs["artikel-erbij"].new, guidance=True)
    comments = zipfile.ZipFile(io.BytesIO(red.data)).read("word/comments.xml").decode()
    assert comments.count("<w:comment ") == 1
    assert "Toelichting: Een artikel dat alleen de redline-tests toevoegen." in comments


# --- .docx inputs ---------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _edit_docx(data: bytes, old: str, new: str, drop_model: bool = False) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if drop_model and info.filename.startswith("customXml/") and b"urn:agreement-gen:model" in content:
                content = b'<?xml version="1.0"?><leeg/>'
            if info.filename == "word/document.xml":
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode())
            target.writestr(info, content)
    return out.getvalue()


def test_built_docx_carries_its_model(pairs):
    agreement = pairs["waarden"].new
    embedded = read_model(parse_docx(render_docx(agreement), "nieuw.docx"))
    assert embedded.fresh and embedded.agreement == agreement


def test_docx_edited_in_word_is_compared_as_docx(tmp_path, pairs):
    pair = pairs["waarden"]
    old = _write(tmp_path, "oud.docx", render_docx(pair.old))
    edited = _edit_docx(render_docx(pair.new), "Geschillen worden voorgelegd", "Alle geschillen worden voorgelegd")
    new = _write(tmp_path, "nieuw.docx", edited)
    assert not read_model(parse_docx(edited, "nieuw.docx")).fresh
    red = pipeline.redline(old, new, tmp_path / "redline.docx")
    assert any("verouderd" in note for note in red.notes)
    accepted, rejected = states(red.data)
    assert accepted == revisions.text_lines(document(edited))
    assert rejected == revisions.text_lines(document(old.read_bytes()))
    assert ("Artikel 4 Geschillen", "\u2018Geschillen\u2019 wordt \u2018Alle geschillen\u2019") in [
        (c.label, c.excerpt) for c in red.changes]


def test_the_embedded_model_is_checked_in_compare_as_on_reading(tmp_path, pairs):
    """pipeline.redline leaves the check of a .docx's embedded model to compare, on the body it
    reads anyway; a version checked when it is read gives the same redline, byte for byte, with
    the same notes: current models, a stale one (typed in after the build), both ways round."""
    pair = pairs["waarden"]
    old = _write(tmp_path, "oud.docx", render_docx(pair.old))
    new = _write(tmp_path, "nieuw.docx", render_docx(pair.new))
    edited = _write(tmp_path, "bewerkt.docx", _edit_docx(render_docx(pair.new), "Geschillen worden voorgelegd",
                                                         "Alle geschillen worden voorgelegd"))
    word = _write(tmp_path, "word.docx", saved_by_word(render_docx(pair.new), update_toc=True))
    date = dt.datetime(2026, 1, 1)
    for a, b in ((old, new), (old, edited), (edited, old), (edited, new), (old, word), (word, edited)):
        checked = [R.version_from_docx(path) for path in (a, b)]
        unchecked = [R.version_from_docx(path, check=False) for path in (a, b)]
        assert [v.agreement is None for v in checked] == [path == edited for path in (a, b)]
        assert all(v.agreement is None and v.unchecked is not None for v in unchecked)
        first, second = R.compare(*checked, date=date), R.compare(*unchecked, date=date)
        assert (first.data, first.notes, first.changes) == (second.data, second.notes, second.changes)
        assert any("verouderd" in note for note in first.notes) == (edited in (a, b))


def test_any_two_docx_files_without_model(tmp_path, pairs):
    pair = pairs["artikel-erbij"]
    old = _write(tmp_path, "a.docx", _edit_docx(render_docx(pair.old), "Partijen", "Partijen", drop_model=True))
    new = _write(tmp_path, "b.docx", _edit_docx(render_docx(pair.new), "Partijen", "Partijen", drop_model=True))
    assert read_model(parse_docx(new.read_bytes(), "b.docx")) is None
    red = pipeline.redline(old, new, tmp_path / "redline.docx")
    accepted, rejected = states(red.data)
    assert accepted == revisions.text_lines(document(new.read_bytes()))
    assert rejected == revisions.text_lines(document(old.read_bytes()))
    assert ("nieuw", "Artikel 4 Evaluatiegesprek") in [(c.status, c.label) for c in red.changes]


def test_docx_that_already_has_tracked_changes_is_compared_accepted(tmp_path, pairs):
    first = _redline(pairs["waarden"].old, pairs["waarden"].new, summary=False)
    old = _write(tmp_path, "oud.docx", first.data)
    new = _write(tmp_path, "nieuw.docx", render_docx(pairs["waarden"].new))
    red = pipeline.redline(old, new, tmp_path / "redline.docx")
    assert any("al bijgehouden wijzigingen" in note for note in red.notes)
    assert red.changes == ()


# --- bad input ------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", level) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def _protected(data: bytes) -> bytes:
    return replace_part(data, "word/settings.xml", lambda xml: xml.replace(
        b"<w:zoom ", b'<w:documentProtection w:edit="readOnly" w:enforcement="1"/><w:zoom ', 1))


OLE = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
BAD_INPUTS = {
    "tekst": (lambda good: b"Dit is geen Word-document.\n", "geen Word-document (.docx): het is geen zip-archief"),
    "pdf": (lambda good: b"%PDF-1.7\n...", "dit is een PDF"),
    "leeg": (lambda good: b"", "het bestand is leeg"),
    "afgebroken-zip": (lambda good: good[: len(good) // 2], "beschadigd zip-archief"),
    "slechte-crc": (lambda good: _corrupt_crc(good), "beschadigd zip-archief"),
    "zip-bom": (lambda good: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(30 * 1024 * 1024)}),
                "zip-bom"),
    "versleuteld": (lambda good: OLE + "EncryptionInfo".encode("utf-16-le") + bytes(64),
                    "beveiligd met een wachtwoord"),
    "doc-97": (lambda good: OLE, "Word 97-2003-document (.doc)"),
    "beveiligd": (lambda good: _protected(good), "beveiligd tegen bewerken"),
    "excel": (lambda good: replace_part(good, "[Content_Types].xml", lambda xml: xml.replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")), "een Excel-werkmap"),
    # found by the long fuzz run: python-docx read such a part as an unknown one and failed later
    "stijlen-verkeerd-type": (lambda good: replace_part(good, "[Content_Types].xml", lambda xml: xml.replace(
        b"wordprocessingml.styles+xml", b"wordprocessingml.stylez+xml")),
        "onderdeel word/styles.xml heeft inhoudstype"),
}


def _corrupt_crc(data: bytes) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_docx_input_is_refused_with_the_reason(tmp_path, pairs, kind):
    make, message = BAD_INPUTS[kind]
    good = render_docx(pairs["waarden"].old)
    bad = _write(tmp_path, "oud.docx", make(good))
    new = _write(tmp_path, "nieuw.docx", good)
    with pytest.raises(DocumentError) as info:
        pipeline.redline(bad, new, tmp_path / "redline.docx")
    assert message in str(info.value)
    assert str(bad) in str(info.value)
    assert not (tmp_path / "redline.docx").exists()
    result = CliRunner().invoke(main, ["redline", str(new), str(bad), "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output


def test_missing_input_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["redline", str(tmp_path / "weg.docx"), str(HARTNET),
                                       "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 1
    assert "bestand niet gevonden" in result.stderr


# --- the command line -----------------------------------------------------------------------


def test_cli_redline_of_two_specs(tmp_path, maker):
    data = yaml.safe_load(HARTNET.read_text(encoding="utf-8"))
    data["besluitvorming"]["quorum"] = 3
    newer = tmp_path / "hartnet-v2.yaml"
    newer.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "wijzigingen.docx"
    args = ["redline", str(HARTNET), str(newer), "-o", str(out), "-l", str(FIXTURE_LIBRARY)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"geschreven: {out} (1 wijziging: 1 gewijzigd)")
    accepted, _ = states(out.read_bytes())
    assert any("drie (3) Partijen" in line for line in accepted)
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and "bestaat al; gebruik --force" in again.stderr
    assert CliRunner().invoke(main, args + ["--force", "--auteur", "X", "--datum", "2027-01-02"]).exit_code == 0
    assert 'w:author="X" w:date="2027-01-02T00:00:00Z"' in zipfile.ZipFile(out).read("word/document.xml").decode()


def test_cli_says_when_there_are_no_changes(tmp_path):
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(main, ["redline", str(HARTNET), str(HARTNET), "-o", str(out),
                                       "-l", str(FIXTURE_LIBRARY)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("geen wijzigingen: beide versies hebben dezelfde tekst")
    assert out.exists()


def test_cli_rejects_a_bad_date(tmp_path):
    result = CliRunner().invoke(main, ["redline", str(HARTNET), str(HARTNET), "--datum", "morgen"])
    assert result.exit_code == 2
    assert "past niet bij de formaten" in result.stderr


def test_cli_help_is_dutch_with_an_example():
    result = CliRunner().invoke(main, ["redline", "--help"], prog_name="agreement-gen")
    assert result.exit_code == 0
    assert "Gebruik: agreement-gen redline [OPTIES] OUD NIEUW" in result.stdout
    assert re.search(r"agreement-gen redline \S+\.yaml \S+\.yaml -o", result.stdout)


# --- a side saved by Word (issue 16: reasoned from the format, see word_save.py) -------------


def toc_as_entries(lines: list[str]) -> list[str]:
    """Table-of-contents lines as the titles they list.

    A table of contents is generated: the redline keeps the new version's entries where the
    titles are the same, in the form the new version's program wrote them (agreement-gen: a
    REF field for the number; Word: the number as text). So after reject-all the entries are
    the old titles, possibly in the other program's form; everything else is exact.
    """
    out = []
    for line in lines:
        match = re.fullmatch(r"(\s*)\[(?:TOC|Contents) ?\d\] (.*)", line, flags=re.DOTALL)
        out.append(f"{match.group(1)}[toc] {_toc_entry(match.group(2))}" if match else line)
    return out


@pytest.mark.parametrize("update_toc", [False, True], ids=["as-is", "toc-updated"])
def test_an_unedited_word_save_is_no_change(tmp_path, pairs, update_toc):
    original = render_docx(pairs["waarden"].old)
    saved = saved_by_word(original, update_toc)
    assert saved != original
    for old, new in ((original, saved), (saved, original)):
        red = R.compare(R.version_from_docx(_write(tmp_path, "oud.docx", old)),
                        R.version_from_docx(_write(tmp_path, "nieuw.docx", new)))
        assert red.changes == ()
        accepted, rejected = states(red.data)
        assert accepted == revisions.text_lines(document(new))
        assert toc_as_entries(rejected) == toc_as_entries(revisions.text_lines(document(old)))


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("side", ["oud", "nieuw"])
def test_a_word_saved_side_accepts_to_new_and_rejects_to_old(tmp_path, pairs, side, name):
    data = {"oud": render_docx(pairs[name].old), "nieuw": render_docx(pairs[name].new)}
    data[side] = saved_by_word(data[side], update_toc=True)
    red = R.compare(R.version_from_docx(_write(tmp_path, "oud.docx", data["oud"])),
                    R.version_from_docx(_write(tmp_path, "nieuw.docx", data["nieuw"])))
    assert red.changes
    assert not any(change.label.startswith("Inhoud") for change in red.changes)  # the table of contents
    accepted, rejected = states(red.data)
    assert accepted == revisions.text_lines(document(data["nieuw"]))
    assert toc_as_entries(rejected) == toc_as_entries(revisions.text_lines(document(data["oud"])))


def _renumbered_lists(data: bytes, shift: int, restart_at: str = "") -> bytes:
    """``data`` with every list id shifted by ``shift`` (as LibreOffice renumbers them); with
    ``restart_at`` the first list's first level starts at that number (another definition)."""
    def shifted(pattern: bytes):
        return lambda xml: re.sub(pattern, lambda m: m.group(1) + str(int(m.group(2)) + shift).encode() + b'"', xml)

    def numbering(xml: bytes) -> bytes:
        xml = shifted(rb'(<w:num w:numId=")(\d+)"')(xml)
        if restart_at:
            xml = xml.replace(b'<w:start w:val="1"/>', f'<w:start w:val="{restart_at}"/>'.encode(), 1)
        return xml
    data = replace_part(data, "word/numbering.xml", numbering)
    return replace_part(data, "word/styles.xml", shifted(rb'(<w:numId w:val=")(\d+)"'))


def test_old_list_ids_mean_the_same_list_in_the_redline(pairs):
    from agreement_gen.redline.packages import Transplant, implied_numbering
    new = parse_docx(render_docx(pairs["waarden"].new), "nieuw.docx")
    renumbered = parse_docx(_renumbered_lists(render_docx(pairs["waarden"].old), 100), "oud.docx")
    article_list = implied_numbering(new)["Artikel"][0]
    assert implied_numbering(renumbered)["Artikel"][0] == str(int(article_list) + 100)
    assert Transplant(renumbered, new).list(str(int(article_list) + 100)) == article_list
    assert Transplant(renumbered, new).list("99999") is None  # not a list of the old package


def test_an_old_list_the_new_package_lacks_is_copied_into_it(pairs):
    from agreement_gen.redline.packages import Transplant
    document_ = Document(io.BytesIO(render_docx(pairs["waarden"].new)))
    root = document_.part.numbering_part.element
    new = parse_docx(render_docx(pairs["waarden"].new), "nieuw.docx")
    other = parse_docx(_renumbered_lists(render_docx(pairs["waarden"].old), 100, restart_at="7"), "oud.docx")
    numbering = parse_xml(other.parts["word/numbering.xml"])
    changed = next(a.get(f"{W}abstractNumId") for a in numbering.iter(f"{W}abstractNum")
                   if a.find(f"{W}lvl/{W}start") is not None and a.find(f"{W}lvl/{W}start").get(f"{W}val") == "7")
    restarted = next(n.get(f"{W}numId") for n in numbering.iter(f"{W}num")
                     if n.find(f"{W}abstractNumId").get(f"{W}val") == changed)
    before = len(root.findall(f"{W}num"))
    mapped = Transplant(other, new, lambda: root).list(restarted)
    assert mapped is not None and mapped not in {n.get(f"{W}numId") for n in parse_xml(new.parts["word/numbering.xml"]).iter(f"{W}num")}
    assert len(root.findall(f"{W}num")) == before + 1
    copied = next(n for n in root.findall(f"{W}num") if n.get(f"{W}numId") == mapped)
    abstract_id = copied.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = next(a for a in root.findall(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id)
    assert abstract.find(f"{W}lvl/{W}start").get(f"{W}val") == "7"


def test_a_docx_redline_loads_no_template_engine_or_spec_stack(tmp_path):
    """Two .docx files need neither Jinja (the version sentence writes its dates with
    agreement_gen.dutch), nor Cerberus, docxtpl or YAML: keeping them out keeps the process fast."""
    pipeline.build(HARTNET, tmp_path / "oud.docx")
    spec = yaml.safe_load(HARTNET.read_text(encoding="utf-8"))
    spec["document"]["versie"] = "0.4"
    (tmp_path / "nieuw.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    pipeline.build(tmp_path / "nieuw.yaml", tmp_path / "nieuw.docx")
    loaded = {m.split(".")[0] for m in modules_loaded_by(["redline", "oud.docx", "nieuw.docx", "-o", "r.docx"],
                                                         tmp_path)}
    for package in ("jinja2", "cerberus", "docxtpl", "yaml", "markupsafe"):
        assert package not in loaded
    assert "docx" in loaded  # the probe sees what a redline loads
    versions = " ".join(p.text for p in Document(tmp_path / "r.docx").paragraphs).replace("\u00a0", " ")
    assert "van versie 0.3 (2 november 2026) naar versie 0.4 (2 november 2026)" in versions
