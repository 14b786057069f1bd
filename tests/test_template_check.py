"""`agreement-gen template check`: a restyled template passes (and builds); each way of breaking
one gives its own Dutch finding, with its place; no file a user can give ends in a traceback."""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement_gen.assembly.assemble import assemble
from agreement_gen.cli import main
from agreement_gen.library.read import load_library
from agreement_gen.spec.load import load_spec
from agreement_gen.word import docxread, render
from agreement_gen.word.template import REQUIRED_STYLES
from agreement_gen.word.template_check import FOUT, WAARSCHUWING, check_template
from agreement_gen.word.template_names import PLACEHOLDERS, STYLE_ROLES, expected_kind
from conftest import FIXTURE_LIBRARY, HARTNET, ROOT
from word_save import saved_by_word

STANDARD = ROOT / "templates" / "standaard.docx"
DOC = ROOT / "docs" / "sjabloon.md"
KNOWN = "agreement-gen vult alleen titel, samenwerking, regio, partijnamen, kenmerk, versie, datum, concept, status"


# --- making templates -------------------------------------------------------------------------


def tiny_png() -> bytes:
    """A 1x1 green PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00\xa0\x00"))
            + chunk(b"IEND", b""))


def paragraph(document, text: str) -> Paragraph:
    return next(p for p in document.paragraphs if text in p.text)


def number(document, p: Paragraph) -> int:
    """The paragraph's number as template check counts it: in document order, from 1."""
    return list(document.element.body.iter(qn("w:p"))).index(p._p) + 1


def set_runs(p: Paragraph, *runs: tuple[str, bool]) -> None:
    """Replace the runs of ``p`` by runs of (text, bold)."""
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    for text, bold in runs:
        p.add_run(text).bold = bold or None


def make(tmp_path, edit, name: str = "huisstijl.docx"):
    document = Document(str(STANDARD))
    edit(document)
    path = tmp_path / name
    document.save(str(path))
    return path


def restyle(document) -> None:
    """What a branch organisation does in Word: fonts, a heading colour, a logo, the cover's layout."""
    normal = document.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = Pt(11)
    document.styles["Artikel"].font.color.rgb = RGBColor(0x00, 0x55, 0x88)
    header = document.sections[0].first_page_header
    header.paragraphs[0].add_run().add_picture(io.BytesIO(tiny_png()), width=Cm(3))
    title, subtitle = paragraph(document, "{{ titel }}"), paragraph(document, "{{ regio }}")
    subtitle._p.addnext(title._p)  # the title now below the region


def check_cli(path, *options):
    return CliRunner().invoke(main, ["template", "check", str(path), *options])


# --- templates that pass ------------------------------------------------------------------------


def test_the_standard_template_passes():
    report = check_template(STANDARD)
    assert report.findings == ()
    assert report.lines() == [f"Sjabloon in orde: {report.file} (stijlen, plaatshouders in voorblad, kop- en "
                              "voetteksten, en een proefvulling met voorbeeldwaarden)"]


def test_a_restyled_template_passes_and_builds(tmp_path):
    template = make(tmp_path, restyle)
    result = check_cli(template)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Sjabloon in orde: ")
    assert check_template(template).findings == ()

    out = tmp_path / "hartnet.docx"
    built = CliRunner().invoke(main, ["build", str(HARTNET), "-o", str(out), "--template", str(template)])
    assert built.exit_code == 0, built.output
    document = Document(str(out))
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Normal"].font.size == Pt(11)
    assert document.styles["Artikel"].font.color.rgb == RGBColor(0x00, 0x55, 0x88)
    first_header = document.sections[0].first_page_header._element
    assert first_header.findall(f".//{qn('w:drawing')}"), "the logo is gone from the first-page header"
    styles = [p.style.name for p in document.paragraphs[:4]]
    assert styles.index("Subtitle") < styles.index("Title")
    assert paragraph(document, "Samenwerkingsovereenkomst Hartnetwerk Noord").style.name == "Title"
    assert [p.text for p in document.paragraphs if p.style.name == "Artikel"][0] == "Definities"


def test_runs_split_by_word_in_one_formatting_are_no_warning(tmp_path):
    """Word splits runs where editing sessions and proofing marks fall; with one formatting
    nothing is lost when docxtpl merges them, so there is nothing to warn about."""
    saved = tmp_path / "opgeslagen.docx"
    saved.write_bytes(saved_by_word(STANDARD.read_bytes()))
    document = Document(str(saved))
    loop = paragraph(document, "partijnamen")
    assert len(loop.runs) == 2  # '{%p for ' | 'naam in partijnamen %}'
    assert check_template(saved).findings == ()


# --- templates that are broken, each with its own finding -------------------------------------


def delete_style(document) -> None:
    document.styles["Artikel"].delete()


def logo_url(document) -> None:
    document.sections[0].first_page_header.paragraphs[0].add_run("{{ logo_url }}")


def split_over_runs(document) -> None:
    set_runs(paragraph(document, "{{ titel }}"), ("{{ ti", False), ("tel }}", True))


def split_over_paragraphs(document) -> None:
    first = paragraph(document, "{{ kenmerk }}")
    second = Paragraph(copy.deepcopy(first._p), first._parent)
    first._p.addnext(second._p)
    set_runs(first, ("Kenmerk: {{ ken", False))
    set_runs(second, ("merk }}", False))


def if_without_endif(document) -> None:
    set_runs(paragraph(document, "{% if concept %}"), ("{% if concept %}CONCEPT: niet ondertekenen", True))


def unknown_list(document) -> None:
    set_runs(paragraph(document, "{%p for naam"), ("{%p for naam in partijen %}", False))


def misplaced_end(document) -> None:
    set_runs(paragraph(document, "{% if concept %}"), ("{% if concept %}CONCEPT{% endfor %}", False))


def missing_attribute(document) -> None:
    set_runs(paragraph(document, "{{ titel }}"), ("{{ titel.ondertitel }}", False))


def unescaped(document) -> None:
    set_runs(paragraph(document, "{{ naam }}"), ("{{ naam|safe }}", True))


def character_style(document) -> None:
    document.styles["Tussenkop"].delete()
    document.styles.add_style("Tussenkop", WD_STYLE_TYPE.CHARACTER)


def numbering_removed(document) -> None:
    ppr = document.styles["Artikel"].element.pPr
    ppr.remove(ppr.numPr)


def no_first_page(document) -> None:
    sect_pr = document.sections[0]._sectPr
    sect_pr.remove(sect_pr.find(qn("w:titlePg")))


def toc_renamed(document) -> None:
    document.styles["TOC 1"].name = "toc 1"  # as Word may write a built-in style's name


def header_syntax(document) -> None:
    set_runs(document.sections[0].header.paragraphs[0], ("Kenmerk {{ kenmerk | }}", False))


def property_placeholder(document) -> None:
    document.core_properties.subject = "{{ logo }}"


def _place(text: str, part: str = "voorblad"):
    """The place of the paragraph holding ``text`` once the edit is made, as template check names it."""
    def place(document) -> str:
        found = paragraph(document, text)
        shown = " ".join(found.text.split())
        return f"{part}, alinea {number(document, found)} ('{shown if len(shown) <= 50 else shown[:47] + '...'}')"
    return place


BROKEN = [
    ("stijl verwijderd", delete_style, FOUT, "stijlen",
     "stijl 'Artikel' ontbreekt: agreement-gen gebruikt hem voor de kop van elk artikel, genummerd 'Artikel 1' en "
     "opgenomen in de inhoudsopgave; maak hem in Word (Stijlen > Nieuwe stijl) met precies deze naam"),
    ("onbekende plaatshouder", logo_url, FOUT, "koptekst eerste pagina van sectie 1, alinea 1 ('{{ logo_url }}')",
     f"onbekende plaatshouder 'logo_url': {KNOWN} (zie docs/sjabloon.md)"),
    ("verdeeld over runs", split_over_runs, WAARSCHUWING, _place("{{ ti"),
     "plaatshouder '{{ titel }}' staat in 2 stukken met verschillende opmaak ('{{ ti' | 'tel }}'); agreement-gen "
     "voegt ze samen in de opmaak van het eerste stuk, de opmaak van de rest gaat verloren"),
    ("verdeeld over alinea's", split_over_paragraphs, FOUT, _place("{{ ken"),
     "'{{ ken' wordt in deze alinea niet gesloten ('}}' ontbreekt): een plaatshouder moet binnen één alinea staan"),
    ("if zonder endif", if_without_endif, FOUT, _place("{% if concept %}"),
     "Jinja-syntaxfout: '{% if %}' wordt niet afgesloten: '{% endif %}' ontbreekt"),
    ("endfor binnen if", misplaced_end, FOUT, _place("{% if concept %}"),
     "Jinja-syntaxfout: '{% endfor %}' staat op de verkeerde plaats: eerst moet '{% if %}' worden afgesloten met "
     "'{% endif %}'"),
    ("onbekende lijst", unknown_list, FOUT, _place("{%p for naam"),
     f"onbekende plaatshouder 'partijen': {KNOWN} (zie docs/sjabloon.md); bedoelt u 'partijnamen'?"),
    ("syntaxfout in koptekst", header_syntax, FOUT, "koptekst van sectie 1, alinea 1 ('Kenmerk {{ kenmerk | }}')",
     "Jinja-syntaxfout: een naam verwacht, maar '}}' gevonden"),
    ("proefvulling", missing_attribute, FOUT, _place("{{ titel.ondertitel }}"),
     "proefvulling mislukt: str object heeft geen onderdeel 'ondertitel'"),
    ("ongecodeerd", unescaped, FOUT, _place("{{ naam|safe }}"),
     "na het invullen van de plaatshouders is dit geen geldige Word-XML meer (XML-fout: xmlParseEntityRef: no name"),
    ("documenteigenschap", property_placeholder, FOUT, None,
     f"proefvulling van het hele sjabloon mislukt: onbekende plaatshouder 'logo': {KNOWN} (zie docs/sjabloon.md); "
     "docxtpl vult ook plaatshouders in de documenteigenschappen (Bestand > Info) en in voetnoten in"),
    ("tekenstijl", character_style, FOUT, "stijlen",
     "stijl 'Tussenkop' is een tekenstijl; agreement-gen gebruikt hem als alineastijl"),
    ("nummering weg", numbering_removed, FOUT, "stijlen",
     "stijl 'Artikel' (de kop van elk artikel, genummerd 'Artikel 1' en opgenomen in de inhoudsopgave) is niet "
     "(meer) gekoppeld aan een genummerde lijst: de nummers en de verwijzingen ernaar ontbreken dan in het document"),
    ("geen eerste pagina", no_first_page, WAARSCHUWING, "sectie 1",
     "het voorblad heeft geen eigen kop- en voettekst (Word: dubbelklik op de koptekst, vink 'Eerste pagina "
     "afwijkend' aan)"),
    ("stijlnaam in kleine letters", toc_renamed, FOUT, "stijlen",
     "stijl 'TOC 1' ontbreekt: agreement-gen gebruikt hem voor de regels van de inhoudsopgave; er is wel een stijl "
     "'toc 1': geef die precies deze naam"),
]


@pytest.mark.parametrize("edit, severity, place, message", [case[1:] for case in BROKEN],
                         ids=[case[0] for case in BROKEN])
def test_a_broken_template_gets_its_own_finding(tmp_path, edit, severity, place, message):
    path = make(tmp_path, edit)
    report = check_template(path)
    assert len(report.findings) == 1, report.lines()
    finding = report.findings[0]
    assert finding.severity == severity
    assert finding.place == (place(Document(str(path))) if callable(place) else place)
    assert message in finding.message
    result = check_cli(path)
    assert result.exit_code == (1 if severity == FOUT else 0), result.output
    where = f"{report.file}, {finding.place}" if finding.place else report.file
    assert result.stdout.splitlines()[0] == f"{severity}: {where}: {finding.message}"


def _zip_without_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notities.txt", "geen Word")
    return out.getvalue()


NOT_A_TEMPLATE = [
    ("leeg", b"", "het bestand is leeg, geen Word-document (.docx)"),
    ("tekst", "Dit is geen Word-document.".encode(), "het is geen zip-archief"),
    ("pdf", b"%PDF-1.7\n...", "dit is een PDF, geen Word-document (.docx)"),
    ("zip", _zip_without_word(), "geen Office-document: [Content_Types].xml ontbreekt in het zip-archief"),
]


@pytest.mark.parametrize("data, message", [case[1:] for case in NOT_A_TEMPLATE], ids=[c[0] for c in NOT_A_TEMPLATE])
def test_what_is_no_docx_is_one_dutch_error(tmp_path, data, message):
    path = tmp_path / "huisstijl.docx"
    path.write_bytes(data)
    report = check_template(path)
    assert [(f.severity, f.place) for f in report.findings] == [(FOUT, None)]
    assert report.findings[0].message == f"geen bruikbaar Word-sjabloon (.docx): {message}"
    result = check_cli(path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"fout: {report.file}: geen bruikbaar Word-sjabloon (.docx): {message}"


def test_a_directory_a_missing_file_and_a_huge_file(tmp_path, monkeypatch):
    assert check_template(tmp_path).findings[0].message == "geen bruikbaar Word-sjabloon (.docx): is geen bestand"
    missing = check_template(tmp_path / "weg.docx").findings[0].message
    assert missing == "geen bruikbaar Word-sjabloon (.docx): bestand niet gevonden"
    monkeypatch.setattr(docxread, "MAX_FILE_BYTES", 1024)
    huge = check_template(STANDARD).findings[0].message
    assert huge.startswith("geen bruikbaar Word-sjabloon (.docx): te groot (")


def test_errors_come_first_then_warnings_then_a_summary(tmp_path):
    def both(document):
        split_over_runs(document)
        logo_url(document)
        no_first_page(document)
    path = make(tmp_path, both)
    lines = check_cli(path).stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["fout", "waarschuwing", "waarschuwing",
                                                      "Sjabloon niet bruikbaar"]
    assert lines[-1] == (f"Sjabloon niet bruikbaar: {check_template(path).file} (1 fout en 2 waarschuwingen); los "
                         "de fouten op en controleer opnieuw")


def test_json_output(tmp_path):
    path = make(tmp_path, logo_url)
    result = check_cli(path, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["in_orde"] is False
    assert [(f["ernst"], f["plaats"]) for f in data["bevindingen"]] == [
        ("fout", "koptekst eerste pagina van sectie 1, alinea 1 ('{{ logo_url }}')")]


@pytest.mark.parametrize("args, message", [
    (["template", "check"], "Fout: Ontbrekend argument 'BESTAND'."),
    (["template", "check", "x.docx", "--kleur"], "Fout: Onbekende optie '--kleur'."),
    (["template", "controleer"], "Fout: Onbekend commando 'controleer'."),
])
def test_usage_errors_exit_2(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_real_process_prints_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "agreement_gen", "template", "check", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "is geen bestand" in proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout


FUZZ = settings(max_examples=25, deadline=dt.timedelta(seconds=20), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 40), st.text(alphabet="{}%#p|()'\"<>&.-_ titelnaam", max_size=24)),
                min_size=1, max_size=4))
def test_any_placeholder_text_gives_a_report_never_a_crash(tmp_path, edits):
    document = Document(str(STANDARD))
    paragraphs = list(document.element.body.iter(qn("w:p")))
    paragraphs += list(document.sections[0].header._element.iter(qn("w:p")))
    for index, text in edits:
        p = Paragraph(paragraphs[index % len(paragraphs)], document._body)
        if p.runs:
            p.runs[index % len(p.runs)].text = text
        else:
            p.add_run(text)
    path = tmp_path / "fuzz.docx"
    document.save(str(path))
    report = check_template(path)
    assert all(f.severity in (FOUT, WAARSCHUWING) and f.message for f in report.findings)


# --- the one list of placeholders and styles, and the documentation --------------------------


def test_placeholders_are_what_the_renderer_fills():
    agreement = assemble(load_spec(HARTNET), load_library([FIXTURE_LIBRARY])).agreement
    context = render._title_context(agreement)
    assert list(PLACEHOLDERS) == list(context)
    for name, value in context.items():
        assert type(PLACEHOLDERS[name].example) is type(value), name


def test_every_required_style_has_a_role_and_the_type_of_the_standard_template():
    types = {s.name: s.type for s in Document(str(STANDARD)).styles}
    for name in REQUIRED_STYLES:
        assert name in STYLE_ROLES, f"STYLE_ROLES mist '{name}' (agreement_gen/word/template_names.py)"
        assert types[name] == expected_kind(name), name


def test_the_documentation_is_current():
    spec = importlib.util.spec_from_file_location("template_doc", ROOT / "scripts" / "template_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = DOC.read_text(encoding="utf-8")
    assert module.current(text) == text, "docs/sjabloon.md is verouderd: draai python scripts/template_doc.py"
    for name in PLACEHOLDERS:
        assert f"| `{name}` |" in text


def test_the_example_output_in_the_documentation_is_real(tmp_path, monkeypatch):
    def both(document):
        split_over_runs(document)
        logo_url(document)
    make(tmp_path, both)
    monkeypatch.chdir(tmp_path)
    lines = check_cli("huisstijl.docx").stdout.splitlines()
    example = DOC.read_text(encoding="utf-8").split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    assert lines == example
