"""agreement-gen init: the interview writes a commented spec that validates and builds; --voorbeeld
copies a sample; nothing is overwritten without --force; a build loads none of it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_gen.cli import main
from agreement_gen.spec.starter import suggest_id, suggest_short_name
from conftest import HARTNET, ROOT, modules_loaded_by

# One answer per question, in the order the interview asks; "" takes the suggestion in [ ].
THREE_PARTIES = [
    "Hartnetwerk Oost", "HNO",                                   # samenwerking: naam, korte naam
    "Oost-Nederland", "de provincie Overijssel",                 # regio: naam, werkgebied
    "cardiologische zorg", "",                                   # zorgdomeinen, Enter: klaar
    "Partijen bieden iedere inwoner met hartklachten tijdig de juiste zorg",   # visie
    "de toegangstijd voor de polikliniek is ten hoogste zes weken", "",       # doelen
    "3",                                                         # hoeveel partijen
    # partij 1: soort, naam, korte naam, id, rechtsvorm, KvK, plaats, adres
    "", "Stichting Medisch Spectrum Oost & Twente", "", "", "", "41000011", "Enschede",
    "Ziekenhuisplein 1, 7511 JX Enschede",
    "dr. A. Jansen", "", "", "nee",                              # vertegenwoordiger: naam, functie, grond; nog een?
    # partij 2
    "vvt", "Stichting Thuiszorg Twente", "TT", "", "", "41000012", "Hengelo", "Marktstraat 2, 7551 AA Hengelo",
    "B. de Boer", "bestuurder", "", "ja",
    "C. Bakker", "lid raad van bestuur", "volmacht", "",
    # partij 3: a gemeente - an openbaar lichaam, signing by law
    "gemeente", "Gemeente Enschede", "Enschede", "", "", "41000013", "Enschede", "Langestraat 24, 7511 HC Enschede",
    "R. Smit", "", "", "",
    # document: titel, datum, kenmerk, opsteller
    "", "2026-11-02", "", "Juridische Zaken MSO",
    # besturing: voorzitter, vergaderingen, regel, meerderheid, quorum
    "onafhankelijk", "6", "gekwalificeerde_meerderheid", "66", "",
    # geld: bronnen, penvoerder, jaarbudget, verdeelsleutel, aandelen per kostendragende partij
    "eigen_middelen, gemeente", "", "240000", "naar_omvang", "50", "30", "20",
    "",                                                          # gegevens: rol
    "2027-01-01", "4", "", "12",                                 # looptijd: ingang, duur, verlenging, opzegtermijn
    "rechter", "Rechtbank Overijssel",                           # geschillen
]

TWO_PARTIES = [
    "Wijkzorg West", "", "West-Brabant", "de gemeenten Bergen op Zoom en Roosendaal", "wijkverpleging", "",
    "Partijen verlenen samen wijkverpleging in West-Brabant", "iedere wijk heeft een vast wijkteam", "",
    "",                                                          # twee partijen
    "vvt", "Stichting Zorggroep West", "", "", "", "51000001", "Roosendaal", "Markt 1, 4701 PA Roosendaal",
    "E. de Wit", "", "", "",
    "zorgverzekeraar", "Zilverzee Zorgverzekeringen N.V.", "Zilverzee", "", "", "51000002", "Breda",
    "Stationsplein 5, 4811 BB Breda", "F. de Groot", "directeur zorginkoop", "volmacht", "",
    "", "", "", "Programmabureau Wijkzorg West",                 # titel, datum, kenmerk, opsteller
    "", "", "unanimiteit", "",                                   # voorzitter, vergaderingen, regel (twee: geen meerderheid), quorum
    "", "", "", "",                                              # bronnen, penvoerder, jaarbudget (geen), gelijk
    "verwerker", "", "de centrale planning", "het planningsbureau B.V.",  # gegevens: verwerker
    "", "", "stilzwijgend", "",                                  # looptijd
    "arbitrage",                                                 # geschillen
]


def _interview(tmp_path: Path, answers: list[str], name: str = "nieuw.yaml"):
    spec = tmp_path / name
    result = CliRunner().invoke(main, ["init", str(spec)], input="\n".join(answers) + "\n")
    return spec, result


@pytest.mark.parametrize("answers", [THREE_PARTIES, TWO_PARTIES], ids=["drie-partijen", "twee-partijen"])
def test_the_interview_writes_a_spec_that_validates_and_builds(tmp_path, answers):
    spec, result = _interview(tmp_path, answers)
    assert result.exit_code == 0, result.output[-3000:]
    assert "Fout" not in result.output, result.output
    assert f"geschreven: {spec}" in result.output
    validate = CliRunner().invoke(main, ["validate", str(spec)])
    assert validate.exit_code == 0 and "in orde" in validate.output, validate.output
    out = tmp_path / "nieuw.docx"
    build = CliRunner().invoke(main, ["build", str(spec), "-o", str(out)])
    assert build.exit_code == 0, build.output
    assert zipfile.is_zipfile(out)


def test_the_written_spec_says_what_was_chosen_in_comments(tmp_path):
    spec, result = _interview(tmp_path, THREE_PARTIES)
    assert result.exit_code == 0, result.output[-3000:]
    text = spec.read_text(encoding="utf-8")
    assert text.startswith("# Samenwerkingsovereenkomst Hartnetwerk Oost\n")
    assert f"agreement-gen validate {spec.name}" in text
    assert "# --- Partijen ---" in text and "# --- Geld ---" in text
    assert "# Besluitvormingsregel: gekwalificeerde_meerderheid = een besluit vraagt" in text
    assert "name: Stichting Medisch Spectrum Oost & Twente" not in text  # the name is data, not a comment
    assert "naam: Stichting Medisch Spectrum Oost & Twente" in text
    assert "kvk: '41000011'" in text and "datum: 2026-11-02" in text
    assert "aandelen: {msot: 50, tt: 30, enschede: 20}" in text
    assert "# Ook mogelijk in deze groep: " in text
    assert "  - id: enschede\n" in text and "bevoegdheid: wet" in text


def test_a_wrong_answer_is_asked_again_in_dutch(tmp_path):
    answers = list(THREE_PARTIES)
    kvk = answers.index("41000011")
    answers[kvk:kvk + 1] = ["4100001", "41000011"]  # seven digits first
    shares = answers.index("50")
    answers[shares:shares + 3] = ["50", "30", "30", "50", "30", "20"]  # 110 first
    spec, result = _interview(tmp_path, answers)
    assert result.exit_code == 0, result.output[-3000:]
    assert "'4100001' klopt niet: een KvK-nummer bestaat uit precies 8 cijfers" in result.output
    assert "Dat is samen 110, niet 100. Nog een keer:" in result.output


def test_the_interview_refuses_to_overwrite_before_asking(tmp_path):
    spec = tmp_path / "nieuw.yaml"
    spec.write_text("oud\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(spec)], input="")
    assert result.exit_code == 1
    assert "bestaat al; gebruik --force" in result.stderr
    assert "Naam van de samenwerking" not in result.output
    assert spec.read_text(encoding="utf-8") == "oud\n"
    forced = CliRunner().invoke(main, ["init", str(spec), "--force"], input="\n".join(THREE_PARTIES) + "\n")
    assert forced.exit_code == 0, forced.output[-2000:]
    assert spec.read_text(encoding="utf-8").startswith("# Samenwerkingsovereenkomst")


def test_an_interrupted_interview_writes_nothing(tmp_path):
    spec, result = _interview(tmp_path, THREE_PARTIES[:20])
    assert result.exit_code == 1 and "Afgebroken." in result.output
    assert not spec.exists()
    assert list(tmp_path.iterdir()) == []


def test_voorbeeld_copies_a_sample(tmp_path):
    out = tmp_path / "mijn.yaml"
    result = CliRunner().invoke(main, ["init", "--voorbeeld", "hartnet-noord", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == HARTNET.read_bytes()
    again = CliRunner().invoke(main, ["init", "--voorbeeld", "hartnet-noord", str(out)])
    assert again.exit_code == 1 and "bestaat al; gebruik --force" in again.stderr
    assert CliRunner().invoke(main, ["init", "--voorbeeld", "hartnet-noord", str(out), "-f"]).exit_code == 0


def test_voorbeeld_with_layers_copies_them_beside_it_and_builds(tmp_path):
    result = CliRunner().invoke(main, ["init", "--voorbeeld", "ouderennetwerk-zuidoost-drenthe",
                                       str(tmp_path / "drenthe.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lagen" / "regio-noord" / "bibliotheek.yaml").is_file()
    assert (tmp_path / "lagen" / "regio-noord" / "artikelen" / "roaz.md").is_file()
    build = CliRunner().invoke(main, ["build", str(tmp_path / "drenthe.yaml"), "-o", str(tmp_path / "d.docx")])
    assert build.exit_code == 0, build.output


def test_voorbeeld_without_spec_is_named_after_the_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "--voorbeeld", "doorstroom-rotterdam"]).exit_code == 0
    assert (tmp_path / "doorstroom-rotterdam.yaml").is_file()


def test_an_unknown_voorbeeld_lists_the_names(tmp_path):
    result = CliRunner().invoke(main, ["init", "--voorbeeld", "hartnet", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    names = ", ".join(sorted(p.stem for p in (ROOT / "samples").glob("*.yaml")))
    assert f"onbekend voorbeeld 'hartnet'; kies uit: {names}" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_suggestions():
    assert suggest_short_name("Stichting Universitair Hartcentrum Noord") == "UHN"
    assert suggest_short_name("Gemeente Enschede") == "GE"
    assert suggest_short_name("Zilverzee") == "Zilverzee"
    assert suggest_id("Wijkzorg Veluwezoom") == "wijkzorg_veluwezoom"
    assert suggest_id("Élisabeth", ["elisabeth"]) == "elisabeth2"
    assert suggest_id("4 Zorg") == "p_4_zorg"


def test_a_build_loads_no_spec_tools(tmp_path):
    """The interview, the field descriptions and the JSON Schema are only loaded by the commands
    that use them (keeping the imports lazy keeps a build fast)."""
    loaded = modules_loaded_by(["build", str(HARTNET), "-o", str(tmp_path / "h.docx")], tmp_path)
    for module in ("fields", "json_schema", "starter", "conditions"):
        assert f"agreement_gen.spec.{module}" not in loaded
    assert "agreement_gen.spec.load" in loaded  # the probe sees what a build loads
