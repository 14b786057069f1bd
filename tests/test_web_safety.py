"""The web app's safety: CSRF on every POST, size limits, nothing outside the workspace read or
written (``../``, absolute paths, symbolic links), everything escaped; and a hand-written spec
edited in the form keeps its comments and key order."""

from __future__ import annotations

import io
import os
import re

import docx
import pytest
import yaml

from conftest import HARTNET
from webforms import form_values, token

from agreement_gen.web import create_app
from agreement_gen.web.workspace import Workspace, WorkspaceError


def csrf(client) -> str:
    return token(client.get("/").data)


def upload(client, text: str, name: str = "eigen", filename: str = "eigen.yaml"):
    return client.post("/importeren", data={"csrf": csrf(client), "naam": name,
                                            "bestand": (io.BytesIO(text.encode("utf-8")), filename)},
                       content_type="multipart/form-data")


# --- CSRF ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route, data", [
    ("/bewerk", {"actie": "controleer"}),
    ("/bewerk/paneel", {}),
    ("/voorbeeld", {"voorbeeld": "hartnet-noord"}),
    ("/opnemen", {"bestand": "x.yaml"}),
    ("/importeren", {}),
])
def test_every_post_needs_the_token(client, workspace, route, data):
    good = csrf(client)
    altered = good[:-1] + ("1" if good[-1] == "0" else "0")  # one character off
    for token_value in (None, "", "0" * 64, altered):
        sent = dict(data, **({"csrf": token_value} if token_value is not None else {}))
        response = client.post(route, data=sent)
        assert response.status_code == 403, (route, token_value)
        assert "dit formulier is verlopen" in response.data.decode()
    assert not any(p.is_dir() for p in workspace.iterdir())


def test_a_token_from_another_browser_does_not_fit(workspace):
    app = create_app(workspace, secret=b"test-secret-of-at-least-32-bytes!!")
    alice, mallory = app.test_client(), app.test_client()
    theirs = token(mallory.get("/").data)
    alice.get("/")
    response = alice.post("/voorbeeld", data={"csrf": theirs, "voorbeeld": "hartnet-noord"})
    assert response.status_code == 403


def test_the_cookie_is_strict_and_http_only(workspace):
    app = create_app(workspace, secret=b"test-secret-of-at-least-32-bytes!!")
    with app.test_client() as c:
        cookie = c.get("/").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_the_secret_is_kept_in_the_workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("AGREEMENT_GEN_SECRET", raising=False)
    first = create_app(tmp_path / "w").config["SECRET_KEY"]
    assert create_app(tmp_path / "w").config["SECRET_KEY"] == first  # a second process accepts the tokens
    assert (tmp_path / "w" / ".agreement-gen-sleutel").stat().st_mode & 0o077 == 0


# --- limits -----------------------------------------------------------------------------------------


def test_a_too_large_request_is_refused_in_dutch(client):
    response = upload(client, "# " + "x" * 2_100_000)
    assert response.status_code == 413 and "te groot" in response.data.decode()


def test_too_many_fields_are_refused(client):
    data = {"csrf": csrf(client), **{f"veld{i}": "x" for i in range(6000)}}
    response = client.post("/bewerk", data=data)
    assert response.status_code == 413 and "te groot" in response.data.decode()


# --- paths ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../buiten", "..", "/etc/passwd", "a/b", "A", "x" * 61, "-x", "naam.yaml", ""])
def test_bad_names_are_refused(name):
    with pytest.raises(WorkspaceError):
        Workspace("/tmp").folder(name)


@pytest.mark.parametrize("url", [
    "/spec/..%2F..%2Fetc/versies", "/spec/%2Fetc/v1.yaml", "/spec/../v1.yaml", "/spec/hartnet/v..%2F1.yaml",
    "/spec/hartnet/v-1.docx", "/spec/hartnet/redline?oud=../1&nieuw=2", "/spec/.%2E/v1.yaml",
])
def test_urls_cannot_leave_the_workspace(client, url):
    response = client.get(url, follow_redirects=True)
    assert response.status_code in (404, 422)
    assert "root:" not in response.data.decode()


@pytest.mark.parametrize("field, value", [("naam", "../../buiten"), ("naam", "/tmp/buiten"), ("naam", "ok/../../buiten")])
def test_a_form_cannot_name_a_path_outside(client, workspace, tmp_path, field, value):
    values = form_values(client.get("/nieuw").data)
    values[field] = value
    values["nieuwe_naam"], values["actie"] = "ok", "opslaan"
    response = client.post("/bewerk", data=values)
    assert response.status_code in (404, 422)
    assert not (tmp_path / "buiten").exists() and not list(tmp_path.glob("buiten*"))


def test_uploads_and_loose_files_cannot_name_a_path_outside(client, workspace, tmp_path):
    assert upload(client, HARTNET.read_text(encoding="utf-8"), name="../buiten").status_code == 422
    assert upload(client, HARTNET.read_text(encoding="utf-8"), name="", filename="../../buiten.yaml").status_code == 303
    assert (workspace / "buiten" / "buiten.v1.yaml").is_file() and not (tmp_path / "buiten").exists()
    (tmp_path / "geheim.yaml").write_text("geheim: ja\n", encoding="utf-8")
    for filename in ("../geheim.yaml", str(tmp_path / "geheim.yaml")):
        response = client.post("/opnemen", data={"csrf": csrf(client), "bestand": filename})
        assert response.status_code == 404


def test_symbolic_links_are_not_followed(client, workspace, tmp_path):
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "x.v1.yaml").write_text(HARTNET.read_text(encoding="utf-8"), encoding="utf-8")
    (outside / "geheim.yaml").write_text("geheim: ja\n", encoding="utf-8")
    os.symlink(outside, workspace / "x")
    os.symlink(outside / "geheim.yaml", workspace / "geheim.yaml")
    (workspace / "y").mkdir()
    os.symlink(outside / "x.v1.yaml", workspace / "y" / "y.v1.yaml")
    home = client.get("/").data.decode()
    assert "geheim.yaml" not in home and ">x<" not in home and ">y<" not in home
    for url in ("/spec/x", "/spec/x/v1.yaml", "/spec/y/v1.yaml", "/spec/y"):
        assert client.get(url).status_code in (404, 422), url
    assert client.post("/opnemen", data={"csrf": csrf(client), "bestand": "geheim.yaml"}).status_code == 404
    assert client.post("/voorbeeld", data={"csrf": csrf(client), "voorbeeld": "hartnet-noord",
                                           "naam": "x"}).status_code == 422
    assert sorted(p.name for p in outside.iterdir()) == ["geheim.yaml", "x.v1.yaml"]


def test_layers_outside_the_workspace_are_not_read(client, workspace):
    text = HARTNET.read_text(encoding="utf-8").replace("versie: 1\n", "versie: 1\nbibliotheek:\n  lagen: [../../..]\n", 1)
    assert upload(client, text).status_code == 303
    page = client.get("/spec/eigen").data.decode()
    assert "de laag &#39;../../..&#39; ligt buiten de werkmap" in page
    response = client.get("/spec/eigen/v1.docx")
    assert response.status_code == 422 and "ligt buiten de werkmap" in response.data.decode()


# --- escaping -----------------------------------------------------------------------------------------


NASTY = "Franciscus Gasthuis & Vlietland <script>alert(1)</script>"


def test_everything_is_escaped(client):
    text = HARTNET.read_text(encoding="utf-8").replace("Stichting Universitair Hartcentrum Noord", NASTY)
    assert upload(client, text).status_code == 303
    values = form_values(client.get("/spec/eigen").data)
    assert values["partijen[1].naam"] == NASTY
    values["partijen[2].naam"] = '"><img src=x onerror=alert(2)>'
    page = client.post("/bewerk", data=values).data.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "Franciscus Gasthuis &amp; Vlietland &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'self'" in client.get("/spec/eigen").headers["Content-Security-Policy"]
    values["actie"] = "docx"
    built = client.post("/bewerk", data=values)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(built.data)).paragraphs)
    assert NASTY in text


# --- a hand-written spec keeps its comments and key order -------------------------------------------


HAND = HARTNET.read_text(encoding="utf-8")


def _top_keys(text: str) -> list[str]:
    return re.findall(r"^([a-z_]+):", text, flags=re.M)


def test_comments_and_key_order_survive_an_edit(client, workspace):
    # a drafter's own order: 'document' moved to the end, with comments of her own
    head, rest = HAND.split("\ndocument:", 1)
    document, tail = rest.split("\n\n", 1)
    text = head + "\n" + tail.rstrip("\n") + "\n\n# Documentgegevens: pas de versie aan bij elke ronde\ndocument:" \
        + document.replace("  status: concept", "  status: concept  # nog niet naar de besturen") + "\n"
    assert upload(client, text).status_code == 303
    values = form_values(client.get("/spec/eigen").data)
    values["regio.naam"] = "Noord-Nederland en Flevoland"           # changed
    values["escalatie.derde"] = "bindend_advies"                       # new key
    values["document.plaats_ondertekening"] = ""                       # removed
    values["actie"] = "opslaan"
    assert client.post("/bewerk", data=values).status_code == 303
    saved = (workspace / "eigen" / "eigen.v2.yaml").read_text(encoding="utf-8")
    comments = [line.strip() for line in text.splitlines() if "#" in line]
    assert comments and all(c in saved for c in comments)
    top = _top_keys(text)
    assert [k for k in _top_keys(saved) if k != "escalatie"] == top and top[-1] == "document"
    before, after = yaml.safe_load(text), yaml.safe_load(saved)
    assert after["regio"]["naam"] == "Noord-Nederland en Flevoland"
    assert after["escalatie"] == {"derde": "bindend_advies"}
    assert "plaats_ondertekening" not in after["document"]
    assert list(after["document"]) == [k for k in before["document"] if k != "plaats_ondertekening"]
    assert after["partijen"][0]["kvk"] == "41000001"  # quoted text stays text
    changed = {k for k in before if before[k] != after.get(k)} | {k for k in after if k not in before}
    assert changed == {"regio", "escalatie", "document"}
    # lines that were not edited stay byte for byte
    untouched = [line for line in text.splitlines() if "Flevoland" not in line and "plaats_ondertekening" not in line
                 and not line.startswith("  naam: Noord-Nederland")]
    assert all(line in saved.splitlines() for line in untouched)


def test_text_that_yaml_would_read_otherwise_is_quoted(client, workspace):
    assert upload(client, HAND).status_code == 303
    values = form_values(client.get("/spec/eigen").data)
    values["document.versie"] = "1.0"
    values["regio.gebied"] = "on"
    values["partijen[1].kvk"] = "41000009"
    values["actie"] = "opslaan"
    assert client.post("/bewerk", data=values).status_code == 303
    after = yaml.safe_load((workspace / "eigen" / "eigen.v2.yaml").read_text(encoding="utf-8"))
    assert after["document"]["versie"] == "1.0" and after["regio"]["gebied"] == "on"
    assert after["partijen"][0]["kvk"] == "41000009"
