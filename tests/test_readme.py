"""Every command in README's "Gebruik" section works when copied from the repository root.

The commands run one after another, as a reader would type them, with bash in a copy of the
repository (with its git history, which one example reads), with agreement-gen from this
environment on PATH. The interview of `agreement-gen init` gets scripted answers. A command that
asks LibreOffice (--pdf) is skipped with the reason when LibreOffice is missing, as the other
LibreOffice tests are; under CI=true it must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, in_ci
from test_init import THREE_PARTIES

README = ROOT / "README.md"
# What a command reads on standard input, by a fragment of the command
ANSWERS = {"agreement-gen init mijn-overeenkomst.yaml": "\n".join(THREE_PARTIES) + "\n"}


def usage_commands(text: str) -> list[str]:
    """The command lines of the first ```sh block under '## Gebruik'."""
    section = text.split("\n## Gebruik\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "README: geen ```sh-blok onder ## Gebruik"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_usage_block_is_found_and_has_no_placeholders():
    commands = usage_commands(README.read_text(encoding="utf-8"))
    assert len(commands) >= 15
    assert all(c.split()[0] in ("agreement-gen", "sed", "mkdir") for c in commands), commands
    assert not [c for c in commands if re.search(r"\b(OUD|NIEUW|ID|SPEC)\b", c)], "plaatshouders in Gebruik"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("readme") / "agreement-gen"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", "out", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "node_modules"))
    return copy


def test_every_usage_command_works_from_the_repository_root(checkout):
    from agreement_gen.office.process import soffice_available

    no_office = soffice_available(need_poppler=False)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    assert shutil.which("agreement-gen", path=env["PATH"]), "agreement-gen staat niet in de omgeving (pip install -e .)"
    skipped = []
    for command in usage_commands(README.read_text(encoding="utf-8")):
        if "--pdf" in command and no_office:
            if in_ci():
                pytest.fail(f"LibreOffice is vereist in CI maar ontbreekt: {no_office}")
            skipped.append(command)
            continue
        stdin = next((answers for fragment, answers in ANSWERS.items() if fragment in command), "")
        result = subprocess.run(["bash", "-c", command], cwd=checkout, env=env, input=stdin, capture_output=True,
                                text=True, timeout=300)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{command}\n{output[-3000:]}"
        assert "Traceback" not in output and "interne fout" not in output, f"{command}\n{output[-3000:]}"
    assert (checkout / "hartnet.docx").is_file() and (checkout / "redline.docx").is_file()
    assert (checkout / "mijn-overeenkomst.yaml").is_file()
    if skipped:
        pytest.skip(f"LibreOffice ontbreekt ({no_office}); niet gedraaid: {skipped}")
