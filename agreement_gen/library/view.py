"""What is in a library: the reports behind ``library list`` and ``library show``."""

from __future__ import annotations

import difflib
import textwrap

from ..errors import LibraryError, display
from .clause import Clause, Library, SwitchedOff

_WIDTH = 100


def _header(library: Library) -> list[str]:
    lines = []
    for i, layer in enumerate(library.layers):
        facts = [f for f in (layer.publisher, layer.language and f"taal {layer.language}",
                             layer.spec_versions and "specformaat " + ", ".join(map(str, layer.spec_versions))) if f]
        where = display(layer.root)
        role = "bibliotheek" if i == 0 else f"laag {i + 1}"
        lines.append(f"{role}: {layer.label} ({where})" + (f": {', '.join(facts)}" if facts else ""))
        if layer.base:
            lines.append(f"  ligt over: {layer.base[0]} {layer.base[1] or ''}".rstrip())
    return lines


def _layers(clause: Clause) -> str:
    return " > ".join(version.layer for version in clause.versions)


def list_text(library: Library) -> str:
    """One line per clause: id, soort, slot (variant), layer(s), title, number of sources."""
    rows = [("id", "soort", "slot (variant)", "laag", "bronnen", "titel")]
    for clause in library.clauses:
        slot = clause.slot + (f" ({clause.variant})" if clause.variant else "")
        rows.append((clause.id, clause.soort, slot, _layers(clause), str(len(clause.bronnen)),
                     clause.titel or clause.term or ""))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = _header(library) + [""]
    for row in rows:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])
    for off in library.switched_off:
        lines.append(f"uitgezet: {off.clause.id} ({off.clause.location}) door {off.layer.label} "
                     f"({off.layer.location}, regel {off.line})")
    lines += [f"vervalt: {clause.id} {_deprecated(clause)}" for clause in library.clauses if clause.vervalt]
    kinds = {}
    for clause in library.clauses:
        kinds[clause.soort] = kinds.get(clause.soort, 0) + 1
    summary = ", ".join(f"{kind}: {count}" for kind, count in kinds.items())
    lines += ["", f"{len(library.clauses)} clausules ({summary})"]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _deprecated(clause: Clause) -> str:
    """'per 1 juli 2027 (laag x); vervanging: 'y'; reden: ...' for a deprecated clause."""
    from ..templating import f_datum
    gone = clause.vervalt
    text = f"per {f_datum(gone.datum)} (laag {gone.layer}); vervanging: " + (f"'{gone.vervanging}'" if gone.vervanging
                                                                             else "geen")
    return text + (f"; reden: {gone.reden}" if gone.reden else "")


def _wrap(text: str, indent: str = "    ", hanging: str = "") -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent + hanging) or [indent]


def _clause_lines(library: Library, clause: Clause, off: SwitchedOff | None = None) -> list[str]:
    title = clause.titel or clause.term or ""
    lines = [f"{clause.id}: {title} ({clause.soort}, categorie {clause.categorie})"]
    lines.append(f"  versie: {clause.version} (afgeleid van de inhoud van het bestand)")
    if off is not None:
        lines.append(f"  UITGEZET door {off.layer.label} ({off.layer.location}, regel {off.line})")
    if clause.vervalt is not None:
        lines.append(f"  VERVALT {_deprecated(clause)}")
    variants = [c for c in library.clauses if c.slot == clause.slot and c.soort == clause.soort]
    lines.append(f"  slot: {clause.slot}" + (f", variant {clause.variant}" if clause.variant else "")
                 + f"; volgorde {clause.volgorde}")
    if len(variants) > 1:
        lines.append("  varianten in dit slot: " + ", ".join(
            f"{v.id}" + (f" ({v.voorwaarde})" if v.voorwaarde else " (altijd)") for v in variants))
    lines.append("  versies:")
    for version in clause.versions:
        try:
            layer = library.layer(version.layer).label
        except KeyError:
            layer = version.layer
        verb = "vervangt" if version.replaces is not None else "oorspronkelijk"
        lines.append(f"    {layer}: {version.location} ({verb})")
    lines.append(f"  voorwaarde: {clause.voorwaarde or '(geen: altijd opgenomen)'}")
    lines.append(f"  velden: {', '.join(clause.velden) or '(geen)'}")
    if clause.verwijst_naar:
        lines.append(f"  verwijst naar: {', '.join(clause.verwijst_naar)}")
    lines.append("  bronnen:")
    for source in clause.bronnen:
        lines += _wrap(f"- {source}", "    ", "  ")
    lines.append("  toelichting:")
    lines += _wrap(clause.toelichting)
    lines.append(f"  tekst (vanaf regel {clause.body_line}):")
    lines += ["    " + line if line else "" for line in clause.body.rstrip().splitlines()]
    return lines


def show_text(library: Library, wanted: str) -> str:
    """Everything about one clause, or about every variant of a slot."""
    matches = [c for c in library.clauses if c.id == wanted] or [c for c in library.clauses if c.slot == wanted]
    off = [s for s in library.switched_off if s.clause.id == wanted]
    if not matches and not off:
        names = [c.id for c in library.clauses] + sorted({c.slot for c in library.clauses})
        guess = difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
        raise LibraryError(f"geen clausule of slot '{wanted}' in {library.label}"
                           + (f"; bedoelt u '{guess[0]}'?" if guess else "; zie 'agreement-gen library list'"))
    blocks = [_clause_lines(library, c) for c in matches] + [_clause_lines(library, s.clause, s) for s in off]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def fields_text(library: Library) -> str:
    """The fields the library asks for under ``aanvullend`` (``velden``), and its migrations."""
    from .migrations import steps_until
    lines = _header(library) + [""]
    if not library.fields:
        lines.append("Deze bibliotheek vraagt geen aanvullende velden (alleen de velden van het specformaat).")
    for decl in library.fields:
        facts = [decl.kind, "verplicht" if decl.required and decl.default is None else "optioneel"]
        if decl.default is not None:
            facts.append(f"standaard {decl.default}")
        if decl.minimum is not None or decl.maximum is not None:
            facts.append(f"van {decl.minimum if decl.minimum is not None else '…'} tot "
                         f"{decl.maximum if decl.maximum is not None else '…'}")
        lines.append(f"{decl.path}: {decl.label} ({', '.join(facts)}; laag {decl.layer})")
        if decl.help:
            lines += _wrap(decl.help)
        for value, meaning in (decl.choices or {}).items():
            lines.append(f"    {value}: {meaning}")
    steps = steps_until(library)
    if steps:
        lines += ["", "Migraties (agreement-gen migrate voert ze uit op een oudere spec):"]
        lines += [f"  {step.version} ({step.layer}): {step.describe()}" for step in steps]
    return "\n".join(line.rstrip() for line in lines) + "\n"
