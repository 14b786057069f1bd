"""The web app end to end in a real browser: Chromium from Debian, driven by Selenium through
Debian's chromedriver, against the app served by waitress on a free loopback port.

A drafter fills in a new agreement with three parties from scratch, sees the CLI's message at
the field she got wrong, fixes it (the live preview turns valid), previews, downloads the .docx,
saves two versions and downloads their redline. Screenshots of the main pages go to
$AGREEMENT_GEN_SCREENSHOTS (default: the test's tmp folder). Without Chromium the test skips,
but under CI=true it fails.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import in_ci
from webforms import spec_inputs

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def _party(i: int, pid: str, naam: str, plaats: str) -> dict:
    return {"id": pid, "naam": naam, "korte_naam": pid.upper(), "type": "ziekenhuis", "rechtsvorm": "stichting",
            "kvk": f"4100000{i}", "vestigingsplaats": plaats, "adres": f"Dorpsstraat {i}, 1234 AB {plaats}",
            "vertegenwoordigers": [{"naam": f"mr. A. Bestuurder{i}", "functie": "voorzitter raad van bestuur",
                                    "bevoegdheid": "statuten"}]}


# A new agreement as a drafter would type it into the form (everything the schema requires)
AGREEMENT = {
    "document": {"titel": "Samenwerkingsovereenkomst Zorgnet West", "kenmerk": "ZW/2027/001", "versie": "0.1",
                 "datum": dt.date(2026, 11, 2), "auteur": "Juridische Zaken"},
    "samenwerking": {"naam": "Zorgnet West", "korte_naam": "ZW"},
    "partijen": [_party(1, "awz", "Stichting Algemeen Ziekenhuis West", "Leiden"),
                 _party(2, "fgv", "Franciscus Gasthuis & Vlietland <script>", "Rotterdam"),
                 _party(3, "hmc", "Stichting Haaglanden Medisch Centrum", "Den Haag")],
    "regio": {"naam": "Zuid-Holland West", "gebied": "de gemeenten Leiden, Den Haag en Rotterdam",
              "domeinen": ["acute zorg"]},
    "visie": "Partijen bieden iedere inwoner van de regio tijdig de juiste acute zorg",
    "doelen": ["partijen delen de spoedeisende hulp in de nacht"],
    "governance": {"stuurgroep": {"voorzitter": "awz", "vergaderingen_per_jaar": 4}},
    "besluitvorming": {"regel": "unanimiteit", "quorum": 3},
    "financiering": {"bronnen": ["eigen_middelen"], "penvoerder": "awz", "kostenverdeling": {"methode": "gelijk"}},
    "gegevensuitwisseling": {"rol": "zelfstandig"},
    "looptijd": {"ingangsdatum": dt.date(2027, 1, 1), "duur_jaren": 3},
    "uittreding": {"opzegtermijn_maanden": 6},
    "geschillen": {"beslechting": "rechter", "rechtbank": "Rechtbank Den Haag"},
}


def _browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is niet geïnstalleerd (pip install -e '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} ontbreekt (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a free port of 127.0.0.1, served by waitress in a thread."""
    from waitress import create_server

    from agreement_gen.web import create_app
    workspace = tmp_path_factory.mktemp("werkmap")
    served = create_server(create_app(workspace), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{served.effective_port}", workspace
    served.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    reason = _browser_missing()
    if reason:
        if in_ci():
            pytest.fail(f"Chromium is vereist in CI maar ontbreekt: {reason}")
        pytest.skip(f"Chromium ontbreekt: {reason}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1100",
                     "--lang=nl-NL", f"--user-data-dir={tmp_path_factory.mktemp('profiel')}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    driver.downloads = downloads
    yield driver
    driver.quit()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("AGREEMENT_GEN_SCREENSHOTS") or tmp_path / "schermafdrukken")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- driving the page ----------------------------------------------------------------------------


def _wait(condition, timeout: float = 20.0, what: str = "de pagina"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"wachten op {what} duurde te lang")


def _fill(driver, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    elements = driver.find_elements(By.NAME, name)
    assert elements, f"geen veld {name}"
    first = elements[0]
    kind = first.get_attribute("type")
    if first.tag_name == "select":
        Select(first).select_by_value(value)
    elif kind in ("radio", "checkbox"):
        target = next(e for e in elements if e.get_attribute("value") == value)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", target)
        if not target.is_selected():
            target.click()
    elif kind == "date":  # a date input is typed in the browser's locale; set it as the page would
        driver.execute_script("arguments[0].value = arguments[1];"
                              "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", first, value)
    else:
        first.clear()
        first.send_keys(value)


def _click(driver, selector: str) -> None:
    from selenium.webdriver.common.by import By
    button = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()


def _download(driver, before: set, suffix: str) -> Path:
    """The new download once it is complete.

    Chromium reserves the final name with an empty file when a download starts and writes into a
    ``.crdownload`` beside it, so the file counts only once no partial file is left and it is whole."""
    def done():
        files = [p for p in driver.downloads.iterdir() if p not in before]
        if any(p.suffix == ".crdownload" for p in files):
            return None
        new = [p for p in files if p.suffix == suffix and p.stat().st_size > 0]
        if not new or (suffix in (".docx", ".zip") and not zipfile.is_zipfile(new[0])):
            return None
        return new[0]
    return _wait(done, 60, f"de download ({suffix})")


def _messages(driver, name: str) -> list[str]:
    """The messages at field ``name``, read in one go (htmx may swap them at any moment)."""
    dom = "v-" + re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9_]", "-", name)).strip("-")
    return driver.execute_script("return Array.from(document.querySelectorAll(arguments[0]))"
                                 ".map(e => e.textContent);", f"#m-{dom} li")


def _text_of(driver, element_id: str) -> str:
    return driver.execute_script("var e = document.getElementById(arguments[0]); return e ? e.innerText : '';",
                                 element_id)


def test_a_new_agreement_from_scratch_in_the_browser(server, browser, shots):
    from selenium.webdriver.common.by import By
    base, workspace = server
    driver = browser
    driver.get(base + "/")
    driver.save_screenshot(str(shots / "1-werkmap.png"))
    driver.find_element(By.LINK_TEXT, "Nieuwe overeenkomst invullen").click()
    _wait(lambda: driver.find_elements(By.NAME, "partijen[2].naam"), what="het formulier")
    driver.save_screenshot(str(shots / "2-nieuw-formulier.png"))

    # a third party: the row comes in through htmx, with a representative row of its own
    _click(driver, 'button[value="toevoegen:partijen"]')
    _wait(lambda: driver.find_elements(By.NAME, "partijen[3].vertegenwoordigers[1].naam"), what="partij 3")

    _fill(driver, "nieuwe_naam", "zorgnet-west")
    for name, value in spec_inputs(AGREEMENT):
        if driver.find_elements(By.NAME, name) and not name.endswith("]"):
            _fill(driver, name, "123" if name == "partijen[2].kvk" else value)

    # check: the CLI's message stands at the field that is wrong
    _click(driver, 'button[value="controleer"]')
    _wait(lambda: _messages(driver, "partijen[2].kvk"), what="de melding bij het KvK-nummer")
    assert _messages(driver, "partijen[2].kvk") == [
        "'123' klopt niet: een KvK-nummer bestaat uit precies 8 cijfers, tussen aanhalingstekens (\"12345678\")"]
    assert "1 probleem" in _text_of(driver, "problemen")
    field = driver.find_element(By.NAME, "partijen[2].kvk")
    assert field.get_attribute("aria-invalid") == "true"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
    driver.save_screenshot(str(shots / "3-melding-bij-veld.png"))

    # fix it: the live preview (htmx on change) turns valid without a reload
    _fill(driver, "partijen[2].kvk", "41000002")
    driver.find_element(By.NAME, "partijen[2].vestigingsplaats").click()  # leave the field: 'change'
    _wait(lambda: "De spec is geldig" in _text_of(driver, "paneel"), what="het live voorbeeld")
    assert _messages(driver, "partijen[2].kvk") == []
    preview = driver.find_element(By.ID, "overeenkomst")
    assert "Artikel 1 " in preview.text and "Franciscus Gasthuis & Vlietland <script>" in preview.text
    review = driver.find_element(By.ID, "review")  # the drafting review beside the preview
    assert review.is_displayed() and review.text.startswith("Review: ")
    driver.save_screenshot(str(shots / "4-voorbeeld.png"))

    # download the .docx and read it
    before = set(driver.downloads.iterdir())
    _click(driver, 'button[value="docx"]')
    document = docx.Document(str(_download(driver, before, ".docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    for party in AGREEMENT["partijen"]:
        assert party["naam"] in text

    # save, change a choice, save again
    _click(driver, 'button[value="opslaan"]')
    _wait(lambda: "Opgeslagen als versie 1" in driver.page_source, what="versie 1")
    _fill(driver, "besluitvorming.regel", "consent")
    _click(driver, 'button[value="opslaan"]')
    _wait(lambda: "Opgeslagen als versie 2" in driver.page_source, what="versie 2")
    assert sorted(p.name for p in (workspace / "zorgnet-west").glob("*.yaml")) == [
        "zorgnet-west.v1.yaml", "zorgnet-west.v2.yaml"]

    # the redline between them is one click on the versions page
    driver.find_element(By.LINK_TEXT, "Alle versies en redlines").click()
    _wait(lambda: driver.find_elements(By.ID, "redline"), what="de versies")
    driver.save_screenshot(str(shots / "5-versies.png"))
    before = set(driver.downloads.iterdir())
    _click(driver, "#redline button")
    redline = docx.Document(str(_download(driver, before, ".docx")))
    body = redline.element.body
    assert body.xpath(".//w:ins") and body.xpath(".//w:del")
    assert "Wijzigingsoverzicht" in "\n".join(p.text for p in redline.paragraphs)
    if os.environ.get("AGREEMENT_GEN_SCREENSHOTS"):
        shutil.copytree(workspace, shots / "werkmap", dirs_exist_ok=True)
