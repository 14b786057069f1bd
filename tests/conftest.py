"""Shared paths and fixtures. Tests write only under tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
FIXTURES = TESTS / "fixtures"
FIXTURE_LIBRARY = FIXTURES / "bibliotheek"
HARTNET = ROOT / "samples" / "hartnet-noord.yaml"


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def office():
    """A running LibreOffice, or a skip with the reason; under CI=true a missing one fails."""
    from office import Office, soffice_available

    reason = soffice_available()
    if reason:
        if in_ci():
            pytest.fail(f"LibreOffice is vereist in CI maar ontbreekt: {reason}")
        pytest.skip(f"LibreOffice ontbreekt: {reason}")
    with Office() as running:
        yield running


@pytest.fixture(autouse=True, scope="session")
def _compiled_texts_cache(tmp_path_factory):
    """The suite's compiled clause texts go to a folder of its own, not to ~/.cache."""
    from agreement_gen.library import compiled

    before = os.environ.get("AGREEMENT_GEN_CACHE")
    os.environ["AGREEMENT_GEN_CACHE"] = str(tmp_path_factory.mktemp("compiled-cache"))
    compiled.reset()
    yield
    if before is None:
        os.environ.pop("AGREEMENT_GEN_CACHE", None)
    else:
        os.environ["AGREEMENT_GEN_CACHE"] = before
    compiled.reset()


@pytest.fixture
def workspace(tmp_path):
    """The web app's workspace folder (made by the app)."""
    return tmp_path / "werkmap"


@pytest.fixture
def client(workspace):
    """A Flask test client of the web app on ``workspace``, with its CSRF cookie."""
    from agreement_gen.web import create_app
    app = create_app(workspace, secret=b"test-secret-of-at-least-32-bytes!!")
    with app.test_client() as c:
        c.get("/")  # the CSRF cookie
        yield c


def signature_blocks(document) -> list[tuple[str, list]]:
    """The signature page's blocks in reading order: (party name, paragraphs under it).

    The blocks stand two by two in one table (style Ondertekening): a row with two party names
    in bold, then rows with a representative of each. Within a pair, left comes before right."""
    table = next(t for t in document.tables
                 if t.rows[0].cells[0].paragraphs[0].style.name == "Ondertekening")
    blocks: list[tuple[str, list]] = []
    pair: list = []
    for row in table.rows:
        cells = row.cells
        first = cells[0].paragraphs[0]
        if first.runs and first.runs[0].bold:  # a row of party names starts a pair
            pair = [(c.paragraphs[0].text, []) for c in cells if c.text.strip()]
            blocks.extend(pair)
            continue
        for (name, paragraphs), cell in zip(pair, cells):
            paragraphs.extend(cell.paragraphs)
    return blocks


def modules_loaded_by(args: list[str], cwd: Path) -> set[str]:
    """The modules a fresh process has loaded after running ``agreement-gen ARGS`` in ``cwd``
    (what a command loads decides how fast it starts)."""
    code = ("import sys\nfrom agreement_gen.cli import main\n"
            f"main({args!r}, standalone_mode=False)\n"
            "print(' '.join(sorted(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.strip().splitlines()[-1].split())
