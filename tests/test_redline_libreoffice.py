"""Redlines opened by LibreOffice: accept all gives the new version, reject all the old one.

For every sample and every pair of versions (redline_pairs.PAIRS), LibreOffice accepts or rejects
all tracked changes of the redline (UNO: .uno:AcceptAllTrackedChanges / RejectAllTrackedChanges)
and exports the text, which must equal LibreOffice's own text of the new or old .docx.

Two things in LibreOffice's text are not the agreement's text and are left out of the
comparison: page numbers in the table of contents (LibreOffice computes them for restored
entries only), and empty paragraphs that LibreOffice 7.4 leaves when a tracked paragraph sits
directly in front of a table (it cannot join a paragraph with a table; Word can). The latter
are bounded: at most one per such paragraph in the redline, and never with text or a number.
The pure-Python check in test_redline.py compares everything, empty paragraphs included.

A side saved by LibreOffice or (as reasoned from the format, word_save.py) by Word must give
the same: the redline unwraps their table of contents and maps their list and style ids.
"""

from __future__ import annotations

import re

import pytest
from docx.oxml.ns import qn

from agreement_gen.redline import compare as R
from agreement_gen.redline.units import _toc_entry
from conftest import SAMPLES
from redline_pairs import PAIRS, PairMaker
from test_redline import REWRITTEN, document, rewrite_pair
from word_save import saved_by_word

CASES = [(sample, name) for sample in SAMPLES for name in PAIRS]


@pytest.fixture(scope="module")
def maker(tmp_path_factory):
    return PairMaker(tmp_path_factory.mktemp("paren-lo"))


@pytest.fixture(scope="module")
def sample_pairs(maker):
    cache = {}

    def get(sample):
        if sample not in cache:
            cache[sample] = {pair.name: pair for pair in maker.pairs(sample)}
        return cache[sample]
    return get


def office_lines(text: str) -> list[str]:
    # LibreOffice sometimes recomputes a cross-reference (a REF field) while loading and then ignores its
    # \* Lower switch: the same reference reads "artikel 2" in one export and "Artikel 2" in another
    # (see PITFALLS). Within a line, a reference's case is not part of what is compared.
    lines = [re.sub(r"(?<=\S )(Artikel|Bijlage)(?=\u00a0\d)", lambda m: m.group(1).lower(), line)
             for line in text.splitlines()]
    lines = [re.sub(r"\t\d*$", "\t", line) for line in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def after_summary(lines: list[str]) -> list[str]:
    ends = [i for i, line in enumerate(lines) if R.SUMMARY_END in line]
    assert len(ends) == 1
    return lines[ends[0] + 1:]


def marks_before_tables(data: bytes) -> int:
    """Paragraphs with a tracked mark (or wholly tracked text) directly followed by a table."""
    count = 0
    for paragraph in document(data).iter(qn("w:p")):
        following = paragraph.getnext()
        if following is None or following.tag != qn("w:tbl"):
            continue
        tracked = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}") is not None and any(
            child.tag in (qn("w:ins"), qn("w:del")) for child in paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}"))
        count += tracked
    return count


def toc_as_titles(lines: list[str]) -> list[str]:
    return [f"[toc] {_toc_entry(line)}" if line.endswith("\t") else line for line in lines]


def assert_same_text(expected: list[str], actual: list[str], allowance: int) -> None:
    assert [line for line in actual if line.strip()] == [line for line in expected if line.strip()]
    extra = sum(1 for line in actual if not line.strip()) - sum(1 for line in expected if not line.strip())
    assert 0 <= extra <= allowance, f"{extra} empty paragraph(s) more than expected (at most {allowance})"


@pytest.mark.parametrize("sample, name", CASES, ids=[f"{s.stem}-{n}" for s, n in CASES])
def test_libreoffice_accepts_to_new_and_rejects_to_old(office, tmp_path, sample_pairs, sample, name):
    pair = sample_pairs(sample)[name]
    old = R.version_from_agreement(pair.old, "oud.docx")
    new = R.version_from_agreement(pair.new, "nieuw.docx")
    red = R.compare(old, new)
    assert red.changes, "each pair changes something"
    paths = {}
    for label, data in (("redline", red.data), ("oud", old.package.data), ("nieuw", new.package.data)):
        paths[label] = tmp_path / f"{label}.docx"
        paths[label].write_bytes(data)
    allowance = marks_before_tables(red.data)
    accepted = after_summary(office_lines(office.accept_all_text(paths["redline"])))
    rejected = after_summary(office_lines(office.reject_all_text(paths["redline"])))
    assert_same_text(office_lines(office.text(paths["nieuw"])), accepted, allowance)
    assert_same_text(office_lines(office.text(paths["oud"])), rejected, allowance)


def test_libreoffice_accepts_and_rejects_a_rewritten_lid(office, tmp_path, maker):
    """A mostly rewritten lid is its old text deleted and its new text inserted (test_redline.py
    checks the XML); LibreOffice accepts it to the new and rejects it to the old lid."""
    old_agreement, new_agreement = rewrite_pair(maker, tmp_path, *REWRITTEN)
    old = R.version_from_agreement(old_agreement, "oud.docx")
    new = R.version_from_agreement(new_agreement, "nieuw.docx")
    paths = {}
    for label, data in (("redline", R.compare(old, new).data), ("oud", old.package.data),
                        ("nieuw", new.package.data)):
        paths[label] = tmp_path / f"{label}.docx"
        paths[label].write_bytes(data)
    accepted = after_summary(office_lines(office.accept_all_text(paths["redline"])))
    rejected = after_summary(office_lines(office.reject_all_text(paths["redline"])))
    assert any("Stemgerechtigde Partijen" in line for line in accepted)
    assert any("De Stuurgroep neemt besluiten" in line for line in rejected)
    assert_same_text(office_lines(office.text(paths["nieuw"])), accepted, 0)
    assert_same_text(office_lines(office.text(paths["oud"])), rejected, 0)


def test_the_comparison_sees_a_difference(office, tmp_path, sample_pairs):
    pair = sample_pairs(SAMPLES[0])["waarden"]
    paths = []
    for label, agreement in (("oud", pair.old), ("nieuw", pair.new)):
        path = tmp_path / f"{label}.docx"
        path.write_bytes(R.version_from_agreement(agreement, path.name).package.data)
        paths.append(path)
    with pytest.raises(AssertionError):
        assert_same_text(office_lines(office.text(paths[0])), office_lines(office.text(paths[1])), 0)


# --- a side that went through LibreOffice (issue 16) ---------------------------------------------


def saved_by_libreoffice(docx, outdir):
    """``docx`` opened and saved by LibreOffice without an edit (soffice --convert-to docx)."""
    import shutil
    import tempfile
    from pathlib import Path

    from agreement_gen.office.process import clean_env, find_soffice, run, soffice_tmp, tail

    work = Path(tempfile.mkdtemp(prefix="agreement_gen_lo_"))
    try:
        src = work / "in" / "doc.docx"
        src.parent.mkdir()
        shutil.copyfile(docx, src)
        outdir.mkdir(parents=True, exist_ok=True)
        res = run([find_soffice(), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--invisible", "--norestore", "--nologo", "--nodefault", "--convert-to",
                   "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src)],
                  120, "soffice --convert-to docx", env=clean_env(soffice_tmp(work)))
        out = outdir / "doc.docx"
        assert res.returncode == 0 and out.is_file(), tail(res.stderr)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_an_unedited_libreoffice_save_is_no_change(office, tmp_path, sample_pairs):
    pair = sample_pairs(SAMPLES[0])["waarden"]
    original = tmp_path / "origineel.docx"
    original.write_bytes(R.version_from_agreement(pair.old, original.name).package.data)
    saved = saved_by_libreoffice(original, tmp_path / "lo")
    red = R.compare(R.version_from_docx(original), R.version_from_docx(saved))
    assert red.changes == ()


def check_saved_side(office, tmp_path, pair, side, save) -> None:
    """Redline ``pair`` with ``side`` passed through ``save`` (a .docx path -> a .docx path) and
    check that LibreOffice accepts it to the new and rejects it to the old version.

    The table of contents keeps the new version's form where the titles are the same (see
    test_redline.toc_as_entries), so its entries, the lines that end in a tab in LibreOffice's
    text, are compared by title after reject-all."""
    paths = {}
    for label, agreement in (("oud", pair.old), ("nieuw", pair.new)):
        paths[label] = tmp_path / f"{label}.docx"
        paths[label].write_bytes(R.version_from_agreement(agreement, label).package.data)
    paths[side] = save(paths[side])
    red = R.compare(R.version_from_docx(paths["oud"]), R.version_from_docx(paths["nieuw"]))
    assert red.changes, "the pair changes something"
    redline = tmp_path / "redline.docx"
    redline.write_bytes(red.data)
    allowance = marks_before_tables(red.data)
    accepted = after_summary(office_lines(office.accept_all_text(redline)))
    rejected = after_summary(office_lines(office.reject_all_text(redline)))
    assert_same_text(office_lines(office.text(paths["nieuw"])), accepted, allowance)
    assert_same_text(toc_as_titles(office_lines(office.text(paths["oud"]))), toc_as_titles(rejected), allowance)


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("side", ["oud", "nieuw"])
def test_a_libreoffice_saved_side_accepts_to_new_and_rejects_to_old(office, tmp_path, sample_pairs, side, name):
    """One version opened and saved by LibreOffice (its own table of contents, numbering written
    into every paragraph, list ids renumbered), the other as built."""
    check_saved_side(office, tmp_path, sample_pairs(SAMPLES[0])[name], side,
                     lambda path: saved_by_libreoffice(path, tmp_path / "lo"))


@pytest.mark.parametrize("name", ["waarden", "artikel-erbij"])
@pytest.mark.parametrize("side", ["oud", "nieuw"])
def test_a_word_saved_side_accepts_to_new_and_rejects_to_old(office, tmp_path, sample_pairs, side, name):
    """One version rewritten as Word saves it (word_save.py): its table of contents a content
    control with the numbers as text, runs split, revision ids everywhere."""
    def save(path):
        out = path.with_name(f"word-{path.name}")
        out.write_bytes(saved_by_word(path.read_bytes(), update_toc=True))
        return out
    check_saved_side(office, tmp_path, sample_pairs(SAMPLES[0])[name], side, save)
