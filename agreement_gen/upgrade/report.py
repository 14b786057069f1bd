"""An upgrade as people read it (Dutch text) and as tools read it (JSON)."""

from __future__ import annotations

import json

from .clauses import ClauseChange
from .run import Upgrade

_HEADS = {"gewijzigd": "Gewijzigd", "nieuw": "Nieuw", "vervallen": "Vervallen", "gelijk": "Gelijk"}


def _line(change: ClauseChange) -> str:
    if change.status == "nieuw":
        return f"  + {change.id}@{change.new_version}"
    if change.status == "vervallen":
        return f"  - {change.id}@{change.old_version}"
    text = "tekst in deze overeenkomst gewijzigd" if change.text_changed else "tekst in deze overeenkomst gelijk"
    if change.status == "gewijzigd":
        return f"  ~ {change.id}: {change.old_version} -> {change.new_version}, {text}"
    return f"  = {change.id}@{change.old_version}" + (f", {text}" if change.text_changed else "")


def upgrade_text(result: Upgrade) -> str:
    """The report: per status the clauses, then the spec changes, the redline and the notes."""
    lines = [f"Overstap van {result.spec}", f"  van:  {result.before}", f"  naar: {result.after}", ""]
    for status, head in _HEADS.items():
        changes = result.of(status)
        lines.append(f"{head} ({len(changes)}):")
        lines += [_line(change) for change in changes] or ["  (geen)"]
        if status == "gelijk" and any(c.text_changed for c in changes):
            lines.append("  (zelfde versie, andere tekst: meestal een verwijzing naar een verschoven artikelnummer)")
    if result.spec_changes:
        lines += ["", "De spec moet worden omgezet voor de nieuwe versie (de redline gaat uit van de omgezette spec; "
                  "agreement-gen migrate doet het in het bestand):"] + [f"  {change}" for change in result.spec_changes]
    lines.append("")
    if result.redline is None:
        lines.append("De tekst van deze overeenkomst verandert niet; er is geen redline geschreven.")
    else:
        n = len(result.redline.changes)
        where = result.redline.path or "niet geschreven"
        lines.append(f"Redline: {where} ({n} {'wijziging' if n == 1 else 'wijzigingen'})")
    lines += [f"Let op: {note}" for note in result.notes]
    return "\n".join(lines) + "\n"


def upgrade_json(result: Upgrade) -> str:
    """The same as JSON: ``van``, ``naar``, ``clausules`` (``id``, ``status``, ``oude_versie``,
    ``nieuwe_versie``, ``tekst_gewijzigd``), ``spec_wijzigingen``, ``redline`` (path or null), ``notities``."""
    data = {
        "spec": result.spec, "van": result.before, "naar": result.after,
        "clausules": [{"id": c.id, "status": c.status, "oude_versie": c.old_version, "nieuwe_versie": c.new_version,
                       "tekst_gewijzigd": c.text_changed} for c in result.clauses],
        "spec_wijzigingen": list(result.spec_changes),
        "redline": str(result.redline.path) if result.redline is not None and result.redline.path else None,
        "notities": list(result.notes),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
