"""Write docs/onderwerpen.md: every topic, slot and variant of the bundled library with its sources.

Generated from the clause files, so it cannot drift: tests/test_clauses.py checks it is current.
Run: python scripts/topics_table.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_gen.library.read import load_library  # noqa: E402

SEEDS = {
    "000_cacbbbe024e4d627.txt": "Gelijkgerichte samenwerking (7s-model)",
    "001_6725fb9fcbf752ec.txt": "10 regels voor samenwerking in zorgregio's (NVZ)",
    "002_a1fc4b32fa8badd6.txt": "HartNet: best practice (Boer & Croon)",
    "003_91c65105b23de59e.txt": "Samen sterker (Bisnez / Corparis)",
    "004_dba98a73cc7ffe91.txt": "Tips en trucs geïntegreerde persoonsgerichte zorg",
}
KINDS = {"overweging": "Overwegingen", "artikel": "Artikelen", "bijlage": "Bijlagen", "definitie": "Definities"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _sources(clause) -> str:
    out = []
    for s in clause.bronnen:
        if s.grondslag:
            out.append(f"grondslag: {s.grondslag}")
        else:
            quote = s.citaat if len(s.citaat) <= 90 else s.citaat[:87].rstrip() + "..."
            out.append(f"{SEEDS.get(s.bestand, s.bestand)} ({s.bestand[:3]}): \u201c{quote}\u201d")
    return "<br>".join(_cell(o) for o in out)


def table() -> str:
    library = load_library()
    lines = [
        "# Onderwerpen en varianten van de meegeleverde bibliotheek",
        "",
        f"Bibliotheek {library.name} {library.version}. Gemaakt door `scripts/topics_table.py` uit de",
        "clausulebestanden; niet met de hand bewerken. Bronnen: de brondocumenten in `shared/seeds`",
        "(bestandsnaam en citaat), of een `grondslag` in wet of praktijk.",
        "",
    ]
    for kind, heading in KINDS.items():
        clauses = [c for c in library.clauses if c.soort == kind]
        if not clauses:
            continue
        lines += [f"## {heading}", "", "| onderwerp | slot | variant | voorwaarde | bronnen |", "|---|---|---|---|---|"]
        for c in clauses:
            condition = f"`{_cell(c.voorwaarde)}`" if c.voorwaarde else "altijd"
            name = c.term or c.titel or c.id
            lines.append(f"| {_cell(name)} ({c.categorie}) | `{c.slot}` | {c.variant or '-'} | {condition} | {_sources(c)} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    target = ROOT / "docs" / "onderwerpen.md"
    target.write_text(table(), encoding="utf-8")
    print(f"geschreven: {target}")
