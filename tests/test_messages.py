"""Dutch for Click's own messages: the table in cli/messages.py still fits the installed Click."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import click
from click.testing import CliRunner

from agreement_gen.cli import main
from agreement_gen.cli.messages import _MODULES, MESSAGES


def click_msgids() -> set[str]:
    """Every string Click passes to ``_()`` or ``ngettext()`` in its source."""
    found = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "ngettext")):
                found.update(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


def test_every_translated_string_is_still_one_click_uses():
    stale = sorted(set(MESSAGES) - click_msgids())
    assert not stale, f"Click no longer uses these strings; update cli/messages.py: {stale}"


def test_the_table_is_bound_in_every_module_that_translates():
    main  # importing the CLI installs the table
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            assert module._("Missing argument") == "Ontbrekend argument", name


def test_common_usage_errors_read_dutch():
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--geen-optie", "x.yaml"], prog_name="agreement-gen")
    assert result.exit_code == 2
    assert "Onbekende optie '--geen-optie'" in result.output
    assert "Probeer 'agreement-gen build --help' voor hulp." in result.output
    result = runner.invoke(main, ["bestaat-niet"], prog_name="agreement-gen")
    assert "Onbekend commando 'bestaat-niet'" in result.output

