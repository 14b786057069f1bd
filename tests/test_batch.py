"""``agreement-gen build SPEC... -d MAP -j N``: many specs in one run (issue 15).

Each draft is byte-identical to a single build; one bad spec does not stop the others; the
summary names what was built and what failed, in Dutch, with the exit code 1 when anything did.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_gen.batch import build_many
from agreement_gen.cli import main
from conftest import ROOT, SAMPLES, modules_loaded_by

BAD_SPEC = """versie: 1
document:
  titel: Kapot
partijen: geen lijst
"""


@pytest.fixture
def folder(tmp_path):
    """Three samples (one with a layer of its own, beside it as in samples/) and a bad spec."""
    specs = tmp_path / "specs"
    specs.mkdir()
    for sample in (SAMPLES[0], ROOT / "samples" / "ouderennetwerk-zuidoost-drenthe.yaml", SAMPLES[-1]):
        shutil.copy(sample, specs / sample.name)
    shutil.copytree(ROOT / "samples" / "lagen", specs / "lagen")
    (specs / "kapot.yaml").write_text(BAD_SPEC, encoding="utf-8")
    (specs / "notities.txt").write_text("geen spec", encoding="utf-8")
    return specs


def single(spec: Path, out: Path) -> bytes:
    result = CliRunner().invoke(main, ["build", str(spec), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_a_folder_builds_every_spec_and_reports_the_bad_one(folder, tmp_path):
    out = tmp_path / "uit"
    out.mkdir()
    result = CliRunner().invoke(main, ["build", str(folder), "-d", str(out), "-j", "2"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{p.stem}.docx" for p in folder.glob("*.yaml") if p.stem != "kapot")
    assert "3 van 4 specs gebouwd, 1 met fouten" in result.stdout
    assert "Fout: kapot.yaml" in result.stderr and "regel 4" in result.stderr
    assert "Traceback" not in result.output and "interne fout" not in result.output
    for spec in folder.glob("*.yaml"):
        if spec.stem != "kapot":
            assert (out / f"{spec.stem}.docx").read_bytes() == single(spec, tmp_path / f"los-{spec.stem}.docx")


def test_one_and_two_workers_give_the_same_bytes(folder, tmp_path):
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"uit-{jobs}"
        out.mkdir()
        items = build_many([folder], out, jobs=jobs)
        assert [item.spec.name for item in items] == sorted(p.name for p in folder.glob("*.yaml"))
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 3


def test_existing_files_need_force_and_the_others_are_still_built(folder, tmp_path):
    out = tmp_path / "uit"
    out.mkdir()
    (out / f"{SAMPLES[0].stem}.docx").write_bytes(b"van iemand anders")
    items = build_many([folder], out, jobs=1)
    blocked = next(item for item in items if item.spec.name == SAMPLES[0].name)
    assert not blocked.ok and "--force" in blocked.error
    assert (out / f"{SAMPLES[0].stem}.docx").read_bytes() == b"van iemand anders"
    assert sum(item.ok for item in items) == 2
    items = build_many([folder], out, jobs=1, force=True)
    assert sum(item.ok for item in items) == 3


def test_two_specs_with_one_name_are_not_both_written(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(SAMPLES[0], tmp_path / sub / "zelfde.yaml")
    out = tmp_path / "uit"
    out.mkdir()
    items = build_many([tmp_path / "a", tmp_path / "b"], out, jobs=1)
    assert [item.ok for item in items] == [True, False]
    assert "dezelfde naam" in items[1].error


def test_batch_options_are_checked_in_dutch(folder, tmp_path):
    result = CliRunner().invoke(main, ["build", str(SAMPLES[0]), str(SAMPLES[1]), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "gebruik -d/--map" in result.stderr
    result = CliRunner().invoke(main, ["build", str(folder), "--tekst", "-"])
    assert result.exit_code == 2 and "--tekst geldt voor één spec" in result.stderr
    result = CliRunner().invoke(main, ["build", str(folder), "-d", str(tmp_path / "bestaat-niet")])
    assert result.exit_code == 1 and "de uitvoermap bestaat niet" in result.stderr
    result = CliRunner().invoke(main, ["build", str(tmp_path / "weg.yaml"), str(SAMPLES[0]), "-d", str(tmp_path)])
    assert result.exit_code == 1 and "weg.yaml: geen bestand" in result.stderr
    assert (tmp_path / f"{SAMPLES[0].stem}.docx").is_file()


def test_a_batch_with_pdf_uses_one_libreoffice(office, folder, tmp_path):
    out = tmp_path / "uit"
    out.mkdir()
    (folder / "kapot.yaml").unlink()
    proc = subprocess.run([sys.executable, "-m", "agreement_gen", "build", str(folder), "-d", str(out), "--pdf"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 3 and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    assert "3 van 3 specs gebouwd" in proc.stdout


def _ours() -> set[int]:
    """Live soffice and UNO client processes of this test process (their pipe names carry its pid)."""
    mark = f"agreement_gen_{os.getpid()}_".encode()
    found = set()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if mark in (proc / "cmdline").read_bytes() and \
                    (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X"):
                found.add(int(proc.name))
        except (OSError, IndexError):
            continue
    return found


def test_pdfs_of_a_batch_come_from_one_libreoffice_per_job_which_all_end(office, folder, tmp_path):
    out = tmp_path / "uit"
    out.mkdir()
    before = _ours()  # the suite's own LibreOffice (the office fixture) may be among them
    reported = []
    items = build_many([folder], out, pdf=True, jobs=2, progress=reported.append)
    assert [item.spec.name for item in items] == sorted(p.name for p in folder.glob("*.yaml"))
    bad = [item for item in items if not item.ok]
    assert [item.spec.name for item in bad] == ["kapot.yaml"] and bad[0].pdf is None
    for item in items:
        if item.ok:
            assert item.pdf == item.docx.with_suffix(".pdf") and item.pdf.read_bytes().startswith(b"%PDF")
    # an item is reported once, when its PDF is there too
    assert sorted(item.spec.name for item in reported) == sorted(item.spec.name for item in items)
    assert all(item.pdf for item in reported if item.ok)
    assert _ours() == before  # no soffice or UNO client outlives the batch
    assert not [p for p in Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_agreement_gen_{os.getpid()}_*")
                if office.pipe not in p.name]


def test_a_single_build_loads_no_processes_or_threads(tmp_path):
    """Worker processes and PDF threads are a batch's: one spec loads neither module (keeping a
    single build fast)."""
    loaded = modules_loaded_by(["build", str(SAMPLES[0]), "-o", "een.docx"], tmp_path)
    assert not [m for m in loaded if m.split(".")[0] in ("multiprocessing", "concurrent", "queue")]
    assert "agreement_gen.batch" in loaded and (tmp_path / "een.docx").exists()  # the probe sees a build
