"""The web app through Flask's test client: every page, every action, the CLI's messages at
their fields, versions and conflicts, and the round trip of a hand-written spec."""

from __future__ import annotations

import io
import subprocess
import sys

import docx
import pytest
import yaml

from conftest import HARTNET, ROOT, in_ci
from webforms import form_values, message_at, spec_inputs, token


def csrf(client) -> str:
    return token(client.get("/").data)


def take_sample(client, sample="hartnet-noord", name=None) -> str:
    response = client.post("/voorbeeld", data={"csrf": csrf(client), "voorbeeld": sample, "naam": name or ""})
    assert response.status_code == 303, response.data[:500]
    return response.headers["Location"]


def editor(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


# --- pages -----------------------------------------------------------------------------------------


def test_home_lists_specs_loose_files_and_samples(client, workspace):
    (workspace / "eigen.yaml").write_text(HARTNET.read_text(encoding="utf-8"), encoding="utf-8")
    take_sample(client)
    page = client.get("/").data.decode()
    assert "hartnet-noord" in page and "eigen.yaml" in page and "Beginnen met een voorbeeld" in page
    assert "Opnemen als versie 1" in page


def test_new_form_has_every_group_and_two_parties(client):
    page = client.get("/nieuw").data.decode()
    for label in ("Partijen", "Samenwerking", "Besturing en besluitvorming", "Geld", "Gegevens",
                  "Looptijd en uittreding", "Escalatie en geschillen"):
        assert f"<h2>{label}</h2>" in page
    assert 'name="partijen[2].vertegenwoordigers[1].naam"' in page and 'name="partijen[3]' not in page
    # a choice explained in plain Dutch, from the field descriptions
    assert "unanimiteit</strong> — " in page
    assert "dit veld is verplicht maar ontbreekt" in page


def test_sample_opens_valid_with_preview_and_explain(client):
    page = editor(client, take_sample(client)).data.decode()
    assert "De spec is geldig" in page
    assert 'id="art-1"' in page and "Artikel 1 " in page and 'class="toelichting-noot"' in page
    assert "Waarom deze clausules" in page and "Standaardkeuzes" in page
    assert '<span class="nr">1.1</span>' in page


def test_unchanged_save_gives_the_same_file_as_a_new_version(client, workspace):
    page = editor(client, take_sample(client))
    values = form_values(page.data)
    values["actie"] = "opslaan"
    response = client.post("/bewerk", data=values)
    assert response.status_code == 303 and "opgeslagen=2" in response.headers["Location"]
    folder = workspace / "hartnet-noord"
    assert (folder / "hartnet-noord.v2.yaml").read_bytes() == (folder / "hartnet-noord.v1.yaml").read_bytes()
    assert "Opgeslagen als versie 2" in client.get(response.headers["Location"]).data.decode()


def test_messages_are_the_clis_and_stand_at_their_field(client, workspace, tmp_path):
    values = form_values(editor(client, take_sample(client)).data)
    values["partijen[2].kvk"] = "123"
    values["besluitvorming.quorum"] = "twee"
    values["partijen[1].vertegenwoordigers[1].naam"] = ""
    values["actie"] = "opslaan"
    saved = client.post("/bewerk", data=values)
    assert saved.status_code == 303
    page = client.get(saved.headers["Location"]).data
    cli = subprocess.run([sys.executable, "-m", "agreement_gen", "validate",
                          str(workspace / "hartnet-noord" / "hartnet-noord.v2.yaml")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert cli.returncode == 1
    for name, path in [("partijen[2].kvk", "partijen[2].kvk"), ("besluitvorming.quorum", "besluitvorming.quorum"),
                       ("partijen[1].vertegenwoordigers[1].naam", "partijen[1].vertegenwoordigers[1].naam")]:
        shown = message_at(page, name)
        assert len(shown) == 1, (name, shown)
        assert f"({path}): {shown[0]}" in cli.stderr
    assert "3 problemen" in page.decode()


def test_live_panel_updates_messages_out_of_band(client):
    values = form_values(editor(client, take_sample(client)).data)
    values["partijen[1].kvk"] = "12"
    response = client.post("/bewerk/paneel", data=values)
    text = response.data.decode()
    assert response.status_code == 200 and text.lstrip().startswith('<aside id="paneel"')
    assert message_at(text, "partijen[1].kvk") == ["'12' klopt niet: een KvK-nummer bestaat uit precies 8 cijfers, "
                                                  "tussen aanhalingstekens (\"12345678\")"]
    assert 'hx-swap-oob="true"' in text


def test_rows_are_added_and_removed(client):
    values = form_values(client.get("/nieuw").data)
    values["actie"] = "toevoegen:partijen"
    page = client.post("/bewerk", data=values).data.decode()
    assert 'name="partijen[3].vertegenwoordigers[1].naam"' in page
    values = form_values(page)
    values["actie"] = "toevoegen:partijen[3].vertegenwoordigers"
    page = client.post("/bewerk", data=values).data.decode()
    assert 'name="partijen[3].vertegenwoordigers[2].naam"' in page
    values = form_values(page)
    values["partijen[3].naam"] = "Derde"
    values["actie"] = "verwijder:partijen[1]"
    page = client.post("/bewerk", data=values).data
    values = form_values(page)
    assert values["partijen[2].naam"] == "Derde" and "partijen[3]" not in values


def test_a_new_agreement_from_the_form_builds_like_the_cli(client, workspace, tmp_path):
    data = yaml.safe_load(HARTNET.read_text(encoding="utf-8"))
    values = form_values(client.get("/nieuw").data)
    for key in [k for k in values if k not in ("csrf", "naam", "basis")]:
        del values[key]
    for name, value in spec_inputs(data):
        values.add(name, value)
    values["nieuwe_naam"] = "hartnet"
    values["actie"] = "docx"
    response = client.post("/bewerk", data=values)
    assert response.status_code == 200, response.data.decode()[:3000]
    assert response.headers["Content-Disposition"] == 'attachment; filename="hartnet.docx"'
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert "Stichting Universitair Hartcentrum Noord" in text
    values["actie"] = "opslaan"
    assert client.post("/bewerk", data=values).status_code == 303
    saved = yaml.safe_load((workspace / "hartnet" / "hartnet.v1.yaml").read_text(encoding="utf-8"))
    assert saved == data


def test_download_needs_a_valid_spec(client):
    values = form_values(client.get("/nieuw").data)
    values["actie"] = "docx"
    response = client.post("/bewerk", data=values)
    assert response.status_code == 422 and "Los eerst de problemen op" in response.data.decode()


def test_new_spec_needs_a_good_name(client):
    values = form_values(client.get("/nieuw").data)
    values["nieuwe_naam"] = "../etc"
    values["actie"] = "opslaan"
    response = client.post("/bewerk", data=values)
    assert response.status_code == 422 and "geen geldige naam" in response.data.decode()


def test_versions_downloads_and_redline(client, workspace):
    values = form_values(editor(client, take_sample(client)).data)
    values["besluitvorming.regel"] = "consent"
    values["actie"] = "opslaan"
    assert client.post("/bewerk", data=values).status_code == 303
    page = client.get("/spec/hartnet-noord/versies").data.decode()
    assert 'name="oud"' in page and "Redline downloaden" in page
    assert client.get("/spec/hartnet-noord/v1.yaml").data == (workspace / "hartnet-noord" / "hartnet-noord.v1.yaml").read_bytes()
    built = client.get("/spec/hartnet-noord/v2.docx")
    assert built.status_code == 200 and built.mimetype.endswith("wordprocessingml.document")
    red = client.get("/spec/hartnet-noord/redline?oud=1&nieuw=2")
    assert red.status_code == 200
    assert 'filename="hartnet-noord-v1-v2-redline.docx"' in red.headers["Content-Disposition"]
    body = docx.Document(io.BytesIO(red.data)).element.body
    assert body.xpath(".//w:ins") and body.xpath(".//w:del")
    same = client.get("/spec/hartnet-noord/redline?oud=2&nieuw=2")
    assert same.status_code == 422 and "twee verschillende versies" in same.data.decode()


def test_pdf_downloads_of_the_form_and_of_a_saved_version(client, tmp_path):
    from office import pdf_text, soffice_available
    reason = soffice_available()
    if reason:
        if in_ci():
            pytest.fail(f"LibreOffice is vereist in CI maar ontbreekt: {reason}")
        pytest.skip(f"LibreOffice ontbreekt: {reason}")
    page = editor(client, take_sample(client))
    assert 'href="/spec/hartnet-noord/v1.pdf"' in client.get("/spec/hartnet-noord/versies").data.decode()
    values = form_values(page.data)
    values["actie"] = "pdf"
    for response, name in [(client.post("/bewerk", data=values), "hartnet-noord-v1.pdf"),
                           (client.get("/spec/hartnet-noord/v1.pdf"), "hartnet-noord-v1.pdf")]:
        assert response.status_code == 200 and response.mimetype == "application/pdf", response.data[:300]
        assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response.data.startswith(b"%PDF-")
        pdf = tmp_path / name
        pdf.write_bytes(response.data)
        text = pdf_text(pdf)
        assert "Stichting Universitair Hartcentrum Noord" in text and "Artikel 1" in text


def test_without_libreoffice_there_is_no_pdf_but_a_dutch_reason(client, monkeypatch):
    from agreement_gen.web import downloads, routes
    reason = "een PDF maken vraagt LibreOffice, en dat is hier niet bruikbaar (test)"
    for module in (downloads, routes):
        monkeypatch.setattr(module, "pdf_reason", lambda: reason)
    page = editor(client, take_sample(client)).data.decode()
    assert f'value="pdf" disabled title="{reason}"' in page
    assert "v1.pdf" not in client.get("/spec/hartnet-noord/versies").data.decode()
    values = form_values(page)
    values["actie"] = "pdf"
    response = client.post("/bewerk", data=values)
    assert response.status_code == 422 and f"Geen PDF: {reason}." in response.data.decode()
    response = client.get("/spec/hartnet-noord/v1.pdf")
    assert response.status_code == 422 and reason in response.data.decode()


def test_an_older_version_opens_read_only_for_saving(client):
    values = form_values(editor(client, take_sample(client)).data)
    values["actie"] = "opslaan"
    client.post("/bewerk", data=values)
    page = client.get("/spec/hartnet-noord?versie=1").data.decode()
    assert "U bekijkt versie 1; de nieuwste is versie 2" in page


def test_two_people_saving_the_same_version_conflict(client, workspace):
    first = form_values(editor(client, take_sample(client)).data)
    second = first.copy()
    first["document.versie"], first["actie"] = "0.4", "opslaan"
    second["document.versie"], second["actie"] = "0.5", "opslaan"
    assert client.post("/bewerk", data=first).status_code == 303
    response = client.post("/bewerk", data=second)
    page = response.data.decode()
    assert response.status_code == 409
    assert "iemand anders heeft &#39;hartnet-noord&#39; intussen opgeslagen" in page
    assert "u bewerkte versie 1, de nieuwste is nu versie 2" in page
    assert form_values(page)["document.versie"] == "0.5"  # nothing of the second person's work is lost
    assert sorted(p.name for p in (workspace / "hartnet-noord").iterdir()) == [
        "hartnet-noord.v1.yaml", "hartnet-noord.v2.yaml"]
    assert "0.4" in (workspace / "hartnet-noord" / "hartnet-noord.v2.yaml").read_text(encoding="utf-8")


def test_a_new_spec_cannot_take_an_existing_name(client):
    take_sample(client)
    values = form_values(client.get("/nieuw").data)
    values["nieuwe_naam"], values["actie"] = "hartnet-noord", "opslaan"
    response = client.post("/bewerk", data=values)
    assert response.status_code == 409 and "er bestaat al een spec met de naam" in response.data.decode()


def test_a_sample_with_layers_brings_them(client, workspace):
    url = take_sample(client, "ouderennetwerk-zuidoost-drenthe", "onz")
    assert "De spec is geldig" in editor(client, url).data.decode()
    assert any((workspace / "onz").glob("*/"))


def test_errors_are_dutch_pages(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404 and "deze pagina bestaat niet" in response.data.decode()
    response = client.get("/spec/onbekend")
    assert response.status_code == 404 and "geen spec &#39;onbekend&#39;" in response.data.decode()
    assert client.get("/spec/onbekend/v1.docx").status_code == 404
    assert client.post("/voorbeeld", data={"csrf": csrf(client), "voorbeeld": "geen"}).status_code == 404
    response = client.open("/nieuw", method="PATCH")
    assert response.status_code == 403 and "Traceback" not in response.data.decode()  # refused before routing
    response = client.get("/bewerk")
    assert response.status_code == 405 and "deze pagina kan zo niet worden opgevraagd" in response.data.decode()


def test_cli_serve_does_not_load_flask_for_a_build():
    code = ("import sys; from agreement_gen.cli import main; from agreement_gen import pipeline;"
            "print(any(m == 'flask' or m.startswith('agreement_gen.web') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


def test_serve_reports_a_port_in_use(tmp_path):
    import socket

    from click.testing import CliRunner

    from agreement_gen.cli import main
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--werkmap", str(tmp_path / "w"), "--port", str(port)])
    assert result.exit_code == 1
    assert f"poort {port} op 127.0.0.1 is al in gebruik" in result.output
