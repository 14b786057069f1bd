"""What an editor shows: yaml-language-server (behind VS Code's YAML extension) reads a spec with a
'# yaml-language-server: $schema=...' line and the schema of `agreement-gen schema`.

Runs only where the server is installed (npm install yaml-language-server; YAML_LANGUAGE_SERVER
or yaml-language-server on PATH), else skipped with that reason. scripts/editor_check.py drives it.
"""

from __future__ import annotations

import importlib.util

import pytest

from conftest import HARTNET, ROOT, SAMPLES

_spec = importlib.util.spec_from_file_location("editor_check", ROOT / "scripts" / "editor_check.py")
editor_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(editor_check)

LINE = "# yaml-language-server: $schema=spec.schema.json\n"


@pytest.fixture(scope="module")
def server():
    command = editor_check.find_server()
    if not command:
        pytest.skip("yaml-language-server ontbreekt (npm install yaml-language-server; zet YAML_LANGUAGE_SERVER)")
    running = editor_check.Server(command)
    yield running
    running.close()


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "spec.schema.json").write_bytes((ROOT / "docs" / "spec.schema.json").read_bytes())
    return tmp_path


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_the_editor_finds_nothing_in_a_sample(server, folder, sample):
    spec = folder / sample.name
    spec.write_text(LINE + sample.read_text(encoding="utf-8"), encoding="utf-8")
    assert server.diagnostics(spec) == []


def test_the_editor_shows_each_problem_at_its_line_in_dutch(server, folder):
    text = LINE + HARTNET.read_text(encoding="utf-8")
    for old, new in (("regel: gekwalificeerde_meerderheid", "regel: meerderheid"), ('kvk: "41000002"', 'kvk: "4100002"'),
                     ("duur_jaren: 4", "duur_jaren: vier"), ("  rechtbank: Rechtbank Noord-Nederland\n", ""),
                     ("  quorum: 2\n", "  quorum: 2\n  reactietermijn_dagen: 10\n")):
        assert old in text
        text = text.replace(old, new, 1)
    spec = folder / "kapot.yaml"
    spec.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    found = dict(server.diagnostics(spec))

    def at(fragment: str) -> str:
        return found.get(next(i for i, line in enumerate(lines, 1) if fragment in line), "")

    assert at("regel: meerderheid").startswith("kies uit unanimiteit, gekwalificeerde_meerderheid")
    assert "precies 8 cijfers" in at('"4100002"')
    assert at("duur_jaren: vier") == "moet een geheel getal zijn"
    assert at("reactietermijn_dagen: 10") == "reactietermijn_dagen geldt alleen bij stilzwijgende_instemming en opt_out"
    assert at("beslechting: rechter") == "rechtbank is verplicht bij de rechter" or \
        at("geschillen:") == "rechtbank is verplicht bij de rechter"
