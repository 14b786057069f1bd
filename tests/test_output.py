"""Output is atomic: no overwrite without force, no partial file after a failure."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from agreement_gen.cli import main
from agreement_gen.errors import OutputError
from agreement_gen.output import write_atomic
from conftest import FIXTURE_LIBRARY, HARTNET


def test_write_creates_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a.docx"
    write_atomic(target, b"inhoud")
    assert target.read_bytes() == b"inhoud"
    assert os.listdir(tmp_path) == ["a.docx"]


def test_existing_file_is_kept_without_force(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"oud")
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"nieuw")
    assert "bestaat al; gebruik --force" in str(info.value)
    assert target.read_bytes() == b"oud"
    write_atomic(target, b"nieuw", force=True)
    assert target.read_bytes() == b"nieuw"
    assert os.listdir(tmp_path) == ["a.docx"]


def test_missing_directory(tmp_path):
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "nergens" / "a.docx", b"x")
    assert "map bestaat niet" in str(info.value)


def test_cli_refuses_overwrite_and_keeps_old_file(tmp_path):
    out = tmp_path / "h.docx"
    out.write_bytes(b"vorige versie")
    result = CliRunner().invoke(main, ["build", str(HARTNET), "-l", str(FIXTURE_LIBRARY), "-o", str(out)])
    assert result.exit_code == 1
    assert f"Fout: {out} bestaat al; gebruik --force om het te overschrijven" in result.stderr
    assert out.read_bytes() == b"vorige versie"


def test_failed_build_leaves_no_file(tmp_path):
    spec = tmp_path / "kapot.yaml"
    spec.write_text(HARTNET.read_text(encoding="utf-8").replace("quorum: 2", "quorum: 9"), encoding="utf-8")
    out = tmp_path / "uit.docx"
    result = CliRunner().invoke(main, ["build", str(spec), "-l", str(FIXTURE_LIBRARY), "-o", str(out)])
    assert result.exit_code == 1
    assert sorted(os.listdir(tmp_path)) == ["kapot.yaml"]


def test_failed_render_leaves_old_file_untouched_with_force(tmp_path):
    out = tmp_path / "h.docx"
    out.write_bytes(b"vorige versie")
    bad_template = tmp_path / "kapot.docx"
    bad_template.write_bytes(b"geen zip")
    result = CliRunner().invoke(main, ["build", str(HARTNET), "-l", str(FIXTURE_LIBRARY), "-o", str(out),
                                       "--template", str(bad_template), "--force"])
    assert result.exit_code == 1
    assert "geen bruikbaar Word-sjabloon" in result.stderr
    assert out.read_bytes() == b"vorige versie"
    assert sorted(os.listdir(tmp_path)) == ["h.docx", "kapot.docx"]
