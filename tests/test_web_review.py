"""The drafting review in the web app (``web/findings.py``, ``templates/_review.html``): a valid
spec's findings beside the preview, grouped by severity, with links to the article in the
preview and to the field in the form, all escaped; none for an invalid spec; the review copy of
a saved version."""

from __future__ import annotations

import io
import zipfile

import lxml.html

from conftest import HARTNET
from webforms import form_values, token

from agreement_gen import pipeline

NASTY = '<script>alert(1)</script> & "de Begroting"'


def upload(client, text: str, name: str = "eigen") -> str:
    response = client.post("/importeren", data={"csrf": token(client.get("/").data), "naam": name,
                                                "bestand": (io.BytesIO(text.encode("utf-8")), f"{name}.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 303, response.data[:500]
    return response.headers["Location"]


def unanimous() -> str:
    text = HARTNET.read_text(encoding="utf-8")
    assert "  regel: gekwalificeerde_meerderheid\n" in text
    return text.replace("  regel: gekwalificeerde_meerderheid\n", "  regel: unanimiteit\n")


def findings_on(page) -> list[tuple[str, str]]:
    """(severity, title) of every finding the page shows, in order."""
    tree = lxml.html.fromstring(page)
    return [(li.xpath("ancestor::section[1]/@id")[0].removeprefix("review-"), li.xpath("p[@class='waar']/strong")[0]
             .text_content()) for li in tree.xpath('//*[@id="review"]//li[@class="bevinding"]')]


def test_findings_stand_by_severity_with_links_to_article_and_field(client, workspace):
    page = client.get(upload(client, unanimous())).data.decode()
    tree = lxml.html.fromstring(page)
    # the same findings as agreement-gen review on the saved file, in its order
    expected = pipeline.review(workspace / "eigen" / "eigen.v1.yaml")
    assert findings_on(page) == [(f.ernst, f.titel) for f in expected.findings]
    assert tree.get_element_by_id("review").xpath("summary")[0].text_content() == (
        f"Review: {expected.count('fout')} fouten, {expected.count('waarschuwing')} waarschuwingen, "
        f"{expected.count('advies')} adviezen")
    assert [h.text_content() for h in tree.xpath('//*[@id="review"]//h3')][0].startswith("Waarschuwingen")
    finding = next(f for f in expected.findings if f.regel == "besluitvorming.unanimiteit")
    item = tree.xpath('//*[@id="review-waarschuwing"]//li[p/strong="Unanimiteit voor gewone besluiten"]')[0]
    text = item.text_content()
    assert finding.melding in text and "ieder van de 3 Partijen" in text
    assert "Waarom" in text and all(why in text for why in finding.waarom)
    assert "Wat te doen: " + finding.remedie in " ".join(text.split())
    # the article: a link to its heading in the preview
    article = item.xpath("p[@class='waar']/a")[0]
    assert article.text_content() == finding.where and finding.where.endswith("Besluitvorming")
    target = tree.get_element_by_id(article.get("href")[1:])
    assert target.xpath("div/h3")[0].text_content() == finding.where
    # the field its remedy names: a link to the field in the form
    field = item.xpath("p[@class='naar-veld']/a")[0]
    assert field.get("href") == "#v-besluitvorming-regel" and field.text_content().endswith("Besluitvormingsregel")
    assert tree.get_element_by_id("v-besluitvorming-regel").xpath('.//input[@name="besluitvorming.regel"]')


def test_findings_are_escaped_in_the_page_and_the_live_panel(client):
    text = HARTNET.read_text(encoding="utf-8").replace(
        "  meerderheid_procent: 66   # twee van de drie stemmen (66,7%) volstaan\n",
        "  meerderheid_procent: 66\n  per_onderwerp:\n    - onderwerp: '" + NASTY.replace("'", "''") + "'\n"
        "      regel: unanimiteit\n")
    url = upload(client, text)
    page = client.get(url).data.decode()
    panel = client.post("/bewerk/paneel", data=form_values(page)).data.decode()
    for html in (page, panel):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;de Begroting&#34;" in html
        item = lxml.html.fromstring(html).xpath('//li[p/strong="Unanimiteit voor een bijzonder onderwerp"]')[0]
        assert NASTY in item.text_content()
        assert item.xpath("p[@class='naar-veld']/a/@href") == ["#v-besluitvorming-per_onderwerp"]


def test_an_invalid_spec_shows_its_problems_and_no_review(client):
    page = client.get(upload(client, unanimous())).data
    assert b'id="review"' in page
    values = form_values(page)
    values["partijen[1].kvk"] = "12"
    for response in (client.post("/bewerk/paneel", data=values), client.post("/bewerk", data=values)):
        html = response.data.decode()
        assert 'id="review"' not in html and "Unanimiteit voor gewone besluiten" not in html
        assert "1 probleem" in html and "een KvK-nummer bestaat uit precies 8 cijfers" in html


def test_a_spec_without_findings_says_so(client, workspace):
    text = (HARTNET.read_text(encoding="utf-8").replace("  - partijen ", "  - Partijen ")
            .replace("bronnen: [eigen_middelen, zorgverzekeraar]", "bronnen: [eigen_middelen]")
            .replace("neemt door de vergrijzing toe,", "door de vergrijzing toeneemt,"))
    page = client.get(upload(client, text)).data.decode()
    left = pipeline.review(workspace / "eigen" / "eigen.v1.yaml").findings
    assert not left, f"deze spec moet zonder bevindingen zijn; pas hem aan: {[f.regel for f in left]}"
    assert findings_on(page) == []
    tree = lxml.html.fromstring(page)
    assert tree.get_element_by_id("review").xpath("summary")[0].text_content() == (
        "Review: 0 fouten, 0 waarschuwingen, 0 adviezen")
    assert "Geen bevindingen (" in tree.get_element_by_id("review").text_content()


def test_the_review_copy_of_a_saved_version(client, workspace, tmp_path):
    page = client.get(upload(client, unanimous())).data.decode()
    assert 'href="/spec/eigen/review-v1.docx"' in page
    assert 'href="/spec/eigen/review-v1.docx"' in client.get("/spec/eigen/versies").data.decode()
    response = client.get("/spec/eigen/review-v1.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    assert 'filename="eigen-v1-review.docx"' in response.headers["Content-Disposition"]
    cli = tmp_path / "cli.docx"
    result = pipeline.review(workspace / "eigen" / "eigen.v1.yaml", out=cli)
    assert response.data == cli.read_bytes()  # byte for byte the CLI's review copy
    comments = zipfile.ZipFile(io.BytesIO(response.data)).read("word/comments.xml").decode("utf-8")
    assert comments.count("<w:comment ") == len(result.findings) > 0
    assert "Unanimiteit voor gewone besluiten" in comments
    assert client.get("/spec/eigen/review-v9.docx").status_code == 404


def test_a_review_that_fails_leaves_the_spec_valid_and_says_why(client, workspace):
    text = "bibliotheek:\n  lagen: [laag]\n" + unanimous()
    rules = workspace / "eigen" / "laag" / "regels"
    rules.mkdir(parents=True)
    (rules / "kapot.yaml").write_text(
        'id: kapot\nernst: advies\ntitel: Kapot\nvoorwaarde: "partijen[99].naam == \'x\'"\nmelding: Kapot.\n'
        'bronnen: [{grondslag: test}]\nremedie: {tekst: Repareer de regel.}\n', encoding="utf-8")
    page = client.get(upload(client, text)).data.decode()
    assert "De spec is geldig" in page and 'id="art-1"' in page
    review = lxml.html.fromstring(page).get_element_by_id("review").text_content()
    assert "De review lukte niet: " in review and "kapot.yaml, regel 4" in review
    assert "onbekende waarde" in review and findings_on(page) == []
