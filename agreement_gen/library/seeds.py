"""The titles of the seed documents, for people: "Samen sterker", not 003_91c65105b23de59e.txt.

Read from the table in the seeds' README (``| file | publication | ... |``), in each layer's
``bronnen/`` folder (see ``check.seed_dirs``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

_ROW = re.compile(r"^\|\s*([\w.-]+\.txt)\s*\|\s*([^|]+?)\s*\|")


def seed_titles(dirs: Iterable[Path]) -> dict[str, str]:
    """File name -> publication as the README names it; the first folder that names a file wins."""
    titles: dict[str, str] = {}
    for folder in dirs:
        readme = Path(folder) / "README.md"
        try:
            text = readme.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for line in text.splitlines():
            match = _ROW.match(line)
            if match:
                title = re.sub(r"\s*\(OCR[^)]*\)", "", match.group(2))  # a note for maintainers, in English
                titles.setdefault(match.group(1), " ".join(title.split()))
    return titles


def source_text(bestand: str | None, citaat: str | None, grondslag: str | None, titles: dict[str, str]) -> str:
    """One source in words: 'HartNet ... (002_....txt): “...”' or 'Grondslag: artikel 6:248 BW'."""
    if grondslag:
        return grondslag
    title = titles.get(bestand or "")
    where = f"{title} ({bestand})" if title else str(bestand)
    return f"{where}: \u201c{citaat}\u201d"
