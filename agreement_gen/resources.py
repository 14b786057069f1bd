"""Where the bundled clause library and Word template live.

In an installed package they are shipped inside it (``agreement_gen/_clauses`` and
``agreement_gen/_templates``, see setup.cfg); in a checkout they are the top-level
``clauses/`` and ``templates/`` directories.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent

DEFAULT_TEMPLATE = "standaard.docx"


def _first(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[-1]


def clauses_dir() -> Path:
    return _first(_HERE / "_clauses", _HERE.parent / "clauses")


def templates_dir() -> Path:
    return _first(_HERE / "_templates", _HERE.parent / "templates")


def default_template() -> Path:
    return templates_dir() / DEFAULT_TEMPLATE
