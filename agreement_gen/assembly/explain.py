"""Why each clause is in the draft or left out: the report behind ``agreement-gen explain``."""

from __future__ import annotations

from .assemble import Assembly

_KIND_LABEL = {"artikel": "Artikel", "overweging": "Overweging", "bijlage": "Bijlage", "definitie": "Definitie"}


def show_value(value) -> str:
    """A spec value as a drafter would write it in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def defaults_lines(assembly: Assembly) -> list[str]:
    """The choices the spec did not make, one line each (empty when it made them all)."""
    if not assembly.defaults:
        return []
    return (["Standaardkeuzes (niet in de spec gezet; zet het veld in de spec om anders te kiezen):"]
            + [f"  {path} = {show_value(value)}" for path, value in assembly.defaults])


def explain_text(assembly: Assembly) -> str:
    agreement = assembly.agreement
    lines = [
        f"{agreement.meta.title} ({agreement.meta.kenmerk})",
        f"Bibliotheek: {agreement.meta.library_layers}",
        "",
    ]
    if assembly.defaults:
        lines += defaults_lines(assembly) + [""]
    for decision in assembly.decisions:
        label = _KIND_LABEL.get(decision.soort, decision.soort)
        where = ""
        if decision.chosen is not None and decision.soort in ("artikel", "bijlage"):
            try:
                kind, number = agreement.number_of(decision.slot)
                where = f" -> {kind} {number}"
            except KeyError:
                pass
        status = "opgenomen" if decision.chosen is not None else "weggelaten"
        lines.append(f"{label} '{decision.slot}': {status}{where}")
        for c in decision.considered:
            variant = f" (variant {c.variant})" if c.variant else ""
            lines.append(f"  {c.outcome}: {c.clause_id}{variant}")
            if c.condition:
                lines.append(f"    voorwaarde: {c.condition}")
            for path, value in c.values:
                lines.append(f"    {path} = {value}")
        chosen = decision.chosen
        if chosen is not None:
            if chosen.layer:
                lines.append(f"  laag: {chosen.layer} ({chosen.path.name})")
            for source in chosen.bronnen:
                lines.append(f"  bron: {source}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
