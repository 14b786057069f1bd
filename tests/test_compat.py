"""Documents built by earlier versions of agreement-gen keep working.

``fixtures/gebouwd-0.1.0/hartnet-noord.docx`` was built from samples/hartnet-noord.yaml at
commit 94a6421, before the package was split into subpackages. Its embedded model (custom
XML part) must still be read and redline like a fresh build's.
"""

from __future__ import annotations

from pathlib import Path

from agreement_gen import pipeline
from agreement_gen.redline.compare import compare
from agreement_gen.redline.version import version_from_agreement

ROOT = Path(__file__).resolve().parent.parent
OLD_BUILD = ROOT / "tests" / "fixtures" / "gebouwd-0.1.0" / "hartnet-noord.docx"
SPEC = ROOT / "samples" / "hartnet-noord.yaml"


def test_an_older_build_still_carries_a_usable_model():
    version = pipeline.load_version(OLD_BUILD)
    assert version.notes == ()
    assert version.agreement is not None
    assert [a.title for a in version.agreement.articles][:2] == ["Definities", "Doel en visie"]


def test_an_older_build_redlines_against_its_own_model_without_changes():
    # Only the signature page differs: since issue 14 its blocks stand two side by side, one per
    # party with a line to sign on, where 0.1.0 stacked a table per representative. The
    # non-breaking spaces the renderer now sets are no change.
    old = pipeline.load_version(OLD_BUILD)
    again = version_from_agreement(old.agreement, "opnieuw.docx")
    changes = compare(old, again).changes
    assert {c.kind for c in changes} == {"ondertekening"}, [c for c in changes if c.kind != "ondertekening"]


def test_an_older_build_redlines_against_a_spec_by_its_model(tmp_path):
    # Units are paired by clause id (from the models), so no article of the older build
    # shows up as removed and re-added under another name.
    result = pipeline.redline(OLD_BUILD, SPEC, tmp_path / "redline.docx")
    assert result.path.is_file()
    labels = [c.label for c in result.changes if c.status == "vervallen"]
    added = [c.label for c in result.changes if c.status == "nieuw"]
    assert not set(labels) & set(added)
