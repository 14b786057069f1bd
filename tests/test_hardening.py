"""Issue 16: inputs that used to crash ("interne fout") or slip through, each as a repro.

Every bad spec ends in our own Dutch error, exit status 1, naming the line and the field, next
to every other problem of the spec; every unwritable output in a Dutch OutputError.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_gen.cli import main
from agreement_gen.errors import OutputError
from agreement_gen.output import write_atomic
from conftest import HARTNET

GOOD = HARTNET.read_text(encoding="utf-8")
NAME = "naam: Stichting Universitair Hartcentrum Noord"


def _date(value: str) -> str:
    return re.sub(r"^  datum: .*$", f"  datum: {value}", GOOD, count=1, flags=re.M)


# (case, spec text, the field, what the message says)
CASES = [
    ("stuurteken", GOOD.replace(NAME, 'naam: "Stichting Universitair\\x01Hartcentrum Noord"'),
     "partijen[1].naam", "U+0001"),
    ("nul-teken", GOOD.replace(NAME, 'naam: "Stichting Universitair\\0Hartcentrum Noord"'),
     "partijen[1].naam", "U+0000"),
    ("geen-teken", GOOD.replace(NAME, 'naam: "Stichting Universitair\\uFFFEHartcentrum Noord"'),
     "partijen[1].naam", "U+FFFE"),
    ("datum-met-tijd", _date("2026-11-02T10:00:00"), "document.datum", "schrijf alleen de datum"),
    ("jaar-een", _date("0001-01-01"), "document.datum", "buiten de jaren 1900-2199"),
    ("dertig-februari", _date("2027-02-30"), "document.datum", "een datum die niet bestaat"),
    ("nan-aandeel", GOOD.replace("uhn: 45", "uhn: .nan", 1), "financiering.kostenverdeling.aandelen.uhn",
     "is geen getal"),
    ("oneindig", GOOD.replace("jaarbudget: 240000", "jaarbudget: .inf", 1), "financiering.jaarbudget",
     "is geen getal"),
    ("ja-als-budget", GOOD.replace("jaarbudget: 240000", "jaarbudget: true", 1), "financiering.jaarbudget",
     "moet een geheel getal zijn, niet true"),
    ("ja-als-versie", GOOD.replace("versie: 1\n", "versie: true\n", 1), "versie", "niet true"),
    ("ja-als-quorum", re.sub(r"quorum: \d+", "quorum: true", GOOD, count=1), "besluitvorming.quorum", "niet true"),
    ("ja-als-duur", re.sub(r"duur_jaren: \d+", "duur_jaren: true", GOOD, count=1), "looptijd.duur_jaren",
     "niet true"),
    ("kvk-met-regeleinde", re.sub(r'kvk: "(\d{8})"', r'kvk: "\1\\n"', GOOD, count=1), "partijen[1].kvk",
     "precies 8 cijfers"),
]


@pytest.mark.parametrize("case, text, field, words", CASES, ids=[c[0] for c in CASES])
def test_bad_value_is_our_own_error_with_line_and_field(tmp_path: Path, case, text, field, words):
    assert text != GOOD, "de breuk raakt de voorbeeldspec niet meer"
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    for command in (["validate", str(spec)], ["build", str(spec), "-o", str(tmp_path / "uit.docx")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, result.output
        assert "interne fout" not in result.stderr
        line = next((l for l in result.stderr.splitlines() if f"({field})" in l), None)
        assert line is not None, result.stderr
        assert re.search(r"regel \d+", line) and words in line, line
    assert not (tmp_path / "uit.docx").exists()


def test_a_bad_date_is_one_problem_among_all(tmp_path: Path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(_date("2027-02-30").replace("vergaderingen_per_jaar: 6", "vergaderingen_per_jaar: 600"),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert "(2 problemen)" in result.stderr
    assert "day is out of range" not in result.stderr


def _fail_mkstemp(code):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return fail


@pytest.mark.parametrize("code, words", [(errno.EACCES, "geen schrijfrechten"),
                                         (errno.EROFS, "alleen-lezen"),
                                         (errno.ENOSPC, "de schijf is vol")])
def test_unwritable_folder_is_a_dutch_error(tmp_path: Path, monkeypatch, code, words):
    monkeypatch.setattr(tempfile, "mkstemp", _fail_mkstemp(code))
    with pytest.raises(OutputError, match=words):
        write_atomic(tmp_path / "uit.docx", b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_long_file_name_is_written(tmp_path: Path):
    target = tmp_path / ("a" * 245 + ".docx")
    write_atomic(target, b"inhoud")
    assert target.read_bytes() == b"inhoud"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_special_files_are_refused_even_with_force(tmp_path: Path):
    fifo = tmp_path / "pijp.docx"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="geen gewoon bestand"):
        write_atomic(fifo, b"x", force=True)
    real = tmp_path / "echt.docx"
    real.write_bytes(b"oud")
    link = tmp_path / "koppeling.docx"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="symbolische koppeling"):
        write_atomic(link, b"nieuw", force=True)
    assert real.read_bytes() == b"oud" and link.is_symlink()


# --- unbounded resources ------------------------------------------------------------------------

LAYER = Path(__file__).resolve().parent.parent / "samples" / "lagen" / "regio-noord"
LAYERED = Path(__file__).resolve().parent.parent / "samples" / "ouderennetwerk-zuidoost-drenthe.yaml"


def _layered_spec(tmp_path: Path, layer: Path) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(LAYERED.read_text(encoding="utf-8").replace("lagen: [lagen/regio-noord]", f"lagen: [{layer}]"),
                    encoding="utf-8")
    return spec


def _copy_layer(tmp_path: Path) -> Path:
    import shutil
    target = tmp_path / "laag"
    shutil.copytree(LAYER, target)
    return target


def test_a_spec_that_never_ends_or_blocks_is_refused(tmp_path: Path):
    fifo = tmp_path / "pijp.yaml"
    os.mkfifo(fifo)
    for spec in (fifo, Path("/dev/zero")):
        result = CliRunner().invoke(main, ["validate", str(spec)])
        assert result.exit_code == 1 and "geen gewoon bestand" in result.stderr, result.output


def test_a_pipe_in_a_layer_is_refused_not_waited_for(tmp_path: Path):
    layer = _copy_layer(tmp_path)
    os.mkfifo(layer / "artikelen" / "pijp.md")
    result = CliRunner().invoke(main, ["validate", str(_layered_spec(tmp_path, layer))])
    assert result.exit_code == 1 and "pijp.md: bestand kan niet worden gelezen" in result.stderr, result.output


def test_the_root_folder_is_no_layer(tmp_path: Path):
    result = CliRunner().invoke(main, ["validate", str(_layered_spec(tmp_path, Path("/")))])
    assert result.exit_code == 1 and "meer dan 5000 bestanden en mappen" in result.stderr, result.output


def _prepend(path: Path, text: str) -> None:
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    path.write_text(head + "\n---\n" + text + "\n" + body, encoding="utf-8")


def test_a_clause_that_computes_without_end_is_stopped_and_flagged(tmp_path: Path):
    layer = _copy_layer(tmp_path)
    _prepend(layer / "artikelen" / "communicatie.md",
             "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}"
             "{% endfor %}{% endfor %}{% endfor %}")
    _prepend(layer / "artikelen" / "roaz.md", "{{ 10 ** (10 ** 8) }}")
    result = CliRunner().invoke(main, ["build", str(_layered_spec(tmp_path, layer)), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1, result.output
    assert "communicatie.md" in result.stderr and "duurt langer dan 5 seconden" in result.stderr
    assert "roaz.md" in result.stderr and "machtsverheffing" in result.stderr
    assert not (tmp_path / "x.docx").exists()
    checked = CliRunner().invoke(main, ["library", "check", str(LAYER.parent.parent.parent / "clauses"), str(layer)])
    assert checked.exit_code == 1
    assert "rekent met range()" in checked.stderr and "rekent met '**'" in checked.stderr


def test_leftovers_of_a_killed_write_are_cleaned_up(tmp_path: Path):
    stale = tmp_path / ".agreement-gen-abc123.tmp"
    stale.write_bytes(b"x" * 1000)
    old = os.stat(stale).st_mtime - 7200
    os.utime(stale, (old, old))
    fresh = tmp_path / ".agreement-gen-def456.tmp"  # maybe another process writing right now
    fresh.write_bytes(b"y")
    write_atomic(tmp_path / "uit.docx", b"inhoud")
    assert not stale.exists() and fresh.exists()


def test_a_folder_as_spec_or_output_is_a_file_error(tmp_path: Path):
    assert CliRunner().invoke(main, ["validate", str(tmp_path)]).exit_code == 1
    result = CliRunner().invoke(main, ["build", str(HARTNET), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "is een map" in result.stderr


def test_a_raw_control_character_names_its_line(tmp_path: Path):
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(GOOD.replace(NAME, "naam: Stichting Universitair\x01Hartcentrum Noord").encode("utf-8"))
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 1
    assert re.search(r"regel 20: het bestand bevat het stuurteken U\+0001", result.stderr), result.stderr


def test_redline_of_a_package_with_a_missing_part(tmp_path: Path):
    import zipfile
    good = tmp_path / "goed.docx"
    assert CliRunner().invoke(main, ["build", str(HARTNET), "-o", str(good)]).exit_code == 0
    broken = tmp_path / "kapot.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdX9" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/image" Target="media/weg.png"/>'
                                    b"</Relationships>")
            out.writestr(info, data)
    result = CliRunner().invoke(main, ["redline", str(good), str(broken), "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 1 and "interne fout" not in result.stderr
    assert "verwijst naar een onderdeel dat ontbreekt (word/media/weg.png)" in result.stderr


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path):
    lines = GOOD.split("\n")
    number = next(i for i, line in enumerate(lines) if line.strip().startswith('versie: "'))
    lines[number] = lines[number].rstrip('"')
    spec = tmp_path / "spec.yaml"
    spec.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 1
    assert f"regel {number + 1}: YAML-syntaxfout: het aanhalingsteken op deze regel wordt niet gesloten" in result.stderr


def test_a_zip_bomb_template_is_refused_before_it_is_unpacked(tmp_path: Path):
    import zipfile
    template = Path(__file__).resolve().parent.parent / "templates" / "standaard.docx"
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<!--" + b" " * (300 * 1024 * 1024) + b"--></w:body>")
            out.writestr(info.filename, data)
    result = CliRunner().invoke(main, ["build", str(HARTNET), "-o", str(tmp_path / "x.docx"), "-t", str(bomb)])
    assert result.exit_code == 1 and "zip-bom" in result.stderr, result.output


def test_a_title_longer_than_a_document_property_builds_whole_in_the_text(tmp_path):
    """docProps/core.xml holds at most 255 characters a property (python-docx refuses more: found by
    test_fuzz); the property is cut at a word, the agreement keeps the whole title."""
    import yaml
    from docx import Document

    from agreement_gen import pipeline
    data = yaml.safe_load(HARTNET.read_text(encoding="utf-8"))
    data["document"]["titel"] = "Samenwerkingsovereenkomst " + "over de zorg in de regio " * 20
    data["document"]["auteur"] = "Juridische Zaken " * 20
    spec = tmp_path / "lang.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = pipeline.build(spec, tmp_path / "lang.docx").docx
    document = Document(str(out))
    title = document.core_properties.title
    assert len(title) <= 255 and title.endswith("\u2026") and data["document"]["titel"].startswith(title[:-1])
    assert len(document.core_properties.author) <= 255
    body = "\n".join(p.text for p in document.paragraphs)
    assert data["document"]["titel"].strip() in body.replace("\u00a0", " ")
