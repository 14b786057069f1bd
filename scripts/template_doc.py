"""Write the two tables of docs/sjabloon.md: every placeholder and every required style.

Made from ``PLACEHOLDERS`` and ``STYLE_ROLES`` (agreement_gen/word/template_names.py) and
``REQUIRED_STYLES`` (agreement_gen/word/template.py), between the markers
``<!-- begin: NAME -->`` and ``<!-- eind: NAME -->``; the rest of the page is written by hand.
tests/test_template_check.py checks that the tables are current.
Run: python scripts/template_doc.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_gen.word.template import REQUIRED_STYLES  # noqa: E402
from agreement_gen.word.template_names import KIND_NAMES, PLACEHOLDERS, STYLE_ROLES, expected_kind  # noqa: E402

DOC = ROOT / "docs" / "sjabloon.md"


def _example(value) -> str:
    if isinstance(value, bool):
        return "waar / onwaar"
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def placeholder_table() -> str:
    lines = ["| naam | wat erin komt | voorbeeld |", "|---|---|---|"]
    for name, placeholder in PLACEHOLDERS.items():
        lines.append(f"| `{name}` | {placeholder.description} | {_example(placeholder.example)} |")
    return "\n".join(lines)


def style_table() -> str:
    lines = ["| stijl | soort | waarvoor agreement-gen hem gebruikt |", "|---|---|---|"]
    for name in REQUIRED_STYLES:
        if name not in STYLE_ROLES:
            raise SystemExit(f"stijl '{name}' heeft geen StyleRole: voeg hem toe aan STYLE_ROLES in "
                             "agreement_gen/word/template_names.py")
        lines.append(f"| `{name}` | {KIND_NAMES[expected_kind(name)]} | {STYLE_ROLES[name].purpose} |")
    return "\n".join(lines)


TABLES = {"plaatshouders": placeholder_table, "stijlen": style_table}


def current(text: str) -> str:
    """``text`` with every marked table replaced by the one made now."""
    for name, make in TABLES.items():
        pattern = re.compile(rf"(<!-- begin: {name} -->\n).*?(\n<!-- eind: {name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{DOC}: de markeringen voor de tabel '{name}' ontbreken")
        text = pattern.sub(lambda m: m[1] + make() + m[2], text)
    return text


if __name__ == "__main__":
    DOC.write_text(current(DOC.read_text(encoding="utf-8")), encoding="utf-8")
