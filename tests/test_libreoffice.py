"""Every sample opened by a real office suite: LibreOffice reads it and converts it to PDF."""

from __future__ import annotations

import re

import pytest

from agreement_gen.pipeline import build
from agreement_gen.model.text import render_text
from conftest import SAMPLES

HEADING = re.compile(r"^\s*(?:Artikel|Bijlage) \d+\s")
MENTION = re.compile(r"(?:Artikel|Bijlage) \d+", re.I)


def body(text: str) -> list[str]:
    """The lines after 'Verklaren te zijn overeengekomen als volgt:' (skips the TOC)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Verklaren te zijn overeengekomen" in line)
    return lines[start + 1:]


def cross_references(lines: list[str]) -> list[str]:
    # LibreOffice ignores REF's \* Lower switch and prints "Artikel 7" where Word shows "artikel 7".
    return [m.lower() for line in lines if not HEADING.match(line) for m in MENTION.findall(line)]


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_opens_and_converts_in_libreoffice(office, tmp_path, sample):
    from office import pdf_text

    result = build(sample, tmp_path / f"{sample.stem}.docx", pdf=True)
    agreement = result.assembly.agreement
    text = office.text(result.docx).replace("\u00a0", " ")  # names and references are tied
    lines = body(text)
    # LibreOffice prints Word's automatic numbers: every article number, in order, once.
    numbers = [int(n) for n in re.findall(r"^\s*Artikel (\d+)\s", "\n".join(lines), flags=re.M)]
    assert numbers == list(range(1, len(agreement.articles) + 1))
    # LibreOffice recomputes REF fields from the bookmarks: the numbers must be ours.
    ours = cross_references(body(render_text(agreement)))
    assert ours, "the sample has no cross-references"
    assert cross_references(lines) == ours
    for sig in agreement.signatures:
        assert sig.party in text and sig.naam in text
    pdf_words = " ".join(pdf_text(result.pdf).split())
    assert agreement.meta.title in pdf_words
    assert f"Artikel {len(agreement.articles)} {agreement.articles[-1].title}" in pdf_words
    assert "Ondertekening" in pdf_words
    # the table of contents got page numbers from LibreOffice's layout
    assert re.search(r"Artikel 1 Definities\s*\.{5,}\s*\d+", pdf_text(result.pdf))
