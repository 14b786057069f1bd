"""Every sample opened by a real office suite: LibreOffice reads it and converts it to PDF."""

from __future__ import annotations

import re

import pytest

from agreement_gen.pipeline import build
from conftest import SAMPLES


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_opens_and_converts_in_libreoffice(office, tmp_path, sample):
    from office import convert_to_pdf, pdf_text

    result = build(sample, tmp_path / f"{sample.stem}.docx")
    agreement = result.assembly.agreement
    text = office.text(result.docx)
    # LibreOffice prints Word's automatic numbers: every article number appears, in order.
    numbers = [int(n) for n in re.findall(r"^\s*Artikel (\d+)\s", text, flags=re.M)]
    assert numbers == list(range(1, len(agreement.articles) + 1))
    for party in agreement.signatures:
        assert party.party in text and party.naam in text
    pdf = convert_to_pdf(result.docx, tmp_path)
    pdf_words = " ".join(pdf_text(pdf).split())
    assert agreement.meta.title in pdf_words
    assert f"Artikel {len(agreement.articles)} {agreement.articles[-1].title}" in pdf_words
    assert "Ondertekening" in pdf_words
