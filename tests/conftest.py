"""Shared paths and fixtures. Tests write only under tmp_path."""

from __future__ import annotations

import os
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
