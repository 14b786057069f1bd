"""Why each clause is in the draft or left out: the report behind ``agreement-gen explain``.

In words a lawyer reads: a condition as a Dutch sentence ("omdat ‘Aanleiding’ is ingevuld",
``spec.conditions``), the spec values it read with their labels, and each source by the title of its
seed document ("Samen sterker, ... (003_....txt)", ``library.seeds``). A condition the translation
does not understand is shown as it is, marked "voorwaarde (technisch)". ``explain_data`` holds the
facts; the text and the JSON are two views of it.

The field descriptions are imported when a report is made, never on import: ``build`` imports this
module for ``defaults_lines`` and must not load them. The one file read here is the seeds' README
(through ``library.seeds``, from the library the assembly carries); assembling itself stays pure.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from .assemble import Assembly, Consideration

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


def used_clauses(assembly: Assembly) -> list:
    """The library clauses the draft uses, in the order of its decisions."""
    return [d.chosen for d in assembly.decisions if d.chosen is not None]


def deprecation_lines(assembly: Assembly) -> list[str]:
    """A Dutch warning per deprecated clause the draft uses (``library.deprecation``); none, and
    nothing imported beyond the library, when it uses none."""
    from ..library.deprecation import deprecation_notices
    return deprecation_notices(used_clauses(assembly), assembly.library, assembly.agreement.meta.date)


def _titles(assembly: Assembly) -> dict[str, str]:
    if assembly.library is None:
        return {}
    from ..library.check import seed_title_dirs
    from ..library.seeds import seed_titles
    return seed_titles(seed_title_dirs(assembly.library))


def _considered(c: Consideration) -> dict[str, Any]:
    from ..spec.conditions import condition_text, field_label
    item = {
        "clausule": c.clause_id,
        "variant": c.variant,
        "uitkomst": c.outcome,
        "voorwaarde": c.condition,
        "voorwaarde_tekst": condition_text(c.condition) if c.condition else None,
        "waarden": [{"veld": path, "label": field_label(path), "waarde": value} for path, value in c.values],
    }
    item["uitleg"] = _reason(item)
    return item


def explain_data(assembly: Assembly) -> dict[str, Any]:
    """``_explain_data`` with the library's own fields (``aanvullend``) known to the conditions."""
    from ..library.fields import field_docs
    from ..spec.conditions import library_fields
    with library_fields(field_docs(assembly.library.fields) if assembly.library is not None else {}):
        return _explain_data(assembly)


def _explain_data(assembly: Assembly) -> dict[str, Any]:
    """Every decision of ``assembly`` as plain data, with stable keys (``--json``).

    ``plaatsen``: per slot ``plaats``, ``soort``, ``opgenomen``, ``nummer`` ("artikel 7"),
    ``gekozen``, ``laag``, ``afwijking`` (what a layer above the branch library did, ``_change``; or
    None), ``bestand``, ``bronnen`` (``bestand``, ``titel``, ``citaat``,
    ``grondslag``, ``tekst``) and ``overwogen``: per variant ``clausule``, ``variant``,
    ``uitkomst``, ``voorwaarde`` (the expression), ``voorwaarde_tekst`` (in Dutch; None when not
    understood), ``uitleg`` (the line the text shows) and ``waarden`` (``veld``, ``label``,
    ``waarde``)."""
    from ..library.seeds import source_text
    from ..spec.conditions import field_label
    agreement = assembly.agreement
    titles = _titles(assembly)
    changes = {c.clause_id: _change(c) for c in agreement.meta.layer_changes}
    places = []
    for decision in assembly.decisions:
        where = None
        if decision.chosen is not None and decision.soort in ("artikel", "bijlage"):
            try:
                kind, number = agreement.number_of(decision.slot)
                where = f"{kind} {number}"
            except KeyError:
                pass
        chosen = decision.chosen
        places.append({
            "plaats": decision.slot,
            "soort": decision.soort,
            "opgenomen": chosen is not None,
            "nummer": where,
            "gekozen": chosen.id if chosen is not None else None,
            "laag": chosen.layer or None if chosen is not None else None,
            "afwijking": changes.get(chosen.id) if chosen is not None else None,
            "bestand": chosen.path.name if chosen is not None else None,
            "overwogen": [_considered(c) for c in decision.considered],
            "bronnen": [{"bestand": s.bestand, "titel": titles.get(s.bestand or "") or None, "citaat": s.citaat,
                         "grondslag": s.grondslag, "tekst": source_text(s.bestand, s.citaat, s.grondslag, titles)}
                        for s in (chosen.bronnen if chosen is not None else ())],
        })
    return {
        "titel": agreement.meta.title,
        "kenmerk": agreement.meta.kenmerk,
        "bibliotheek": agreement.meta.library_layers,
        "bibliotheek_keuze": list(assembly.notes),  # a release from an archive, when the library given did not fit
        "vervallen": [{"clausule": c.id, "datum": c.vervalt.datum, "vervanging": c.vervalt.vervanging,
                       "reden": c.vervalt.reden, "laag": c.vervalt.layer or None, "melding": line}
                      for c, line in zip([c for c in used_clauses(assembly) if c.vervalt], deprecation_lines(assembly))],
        "afwijkingen": list(changes.values()),
        "standaardkeuzes": [{"veld": path, "label": field_label(path), "waarde": value}
                            for path, value in assembly.defaults],
        "plaatsen": places,
    }


def _change(change) -> dict[str, Any]:
    """A ``LayerChange`` for ``--json``: ``clausule``, ``soort`` (vervangen, toegevoegd, uitgezet),
    ``laag``, ``basislaag``, ``van_toepassing`` (uitgezet), ``uittreksels`` and ``melding``."""
    return {"clausule": change.clause_id, "soort": change.kind, "laag": change.layer,
            "basislaag": change.base_layer, "van_toepassing": change.applies, "uittreksels": list(change.excerpts),
            "melding": f"Regionale afwijking: {change.summary}."}


def explain_json(assembly: Assembly) -> str:
    """The report as JSON for tools: ``explain_data`` (dates as ISO text)."""
    return json.dumps(explain_data(assembly), ensure_ascii=False, indent=2, default=show_value) + "\n"


_WHY = {
    "gekozen": "omdat {}",
    "voorwaarde onwaar": "alleen als {}; dat is niet zo",
    "andere variant gekozen": "alleen als {}; niet nagegaan, want een eerdere variant is gekozen",
}


def _reason(item: dict[str, Any]) -> Optional[str]:
    if not item["voorwaarde"]:
        return None
    if item["voorwaarde_tekst"] is None:
        return f"voorwaarde (technisch): {item['voorwaarde']}"
    return _WHY.get(item["uitkomst"], "voorwaarde: {}").format(item["voorwaarde_tekst"])


def explain_text(assembly: Assembly) -> str:
    """The report as text for people (Dutch)."""
    data = explain_data(assembly)
    lines = [f"{data['titel']} ({data['kenmerk']})", f"Bibliotheek: {data['bibliotheek']}"]
    lines += [f"  gekozen: {note}" for note in data["bibliotheek_keuze"]] + [""]
    if data["vervallen"]:
        lines += [item["melding"] for item in data["vervallen"]] + [""]
    if data["afwijkingen"]:
        base = assembly.library.layers[0].label if assembly.library is not None else "de bibliotheek eronder"
        lines.append(f"Regionale afwijkingen ten opzichte van {base} ({len(data['afwijkingen'])}):")
        lines += [f"  {item['melding'][len('Regionale afwijking: '):]}" for item in data["afwijkingen"]] + [""]
    if assembly.defaults:
        lines += defaults_lines(assembly) + [""]
    for place in data["plaatsen"]:
        label = _KIND_LABEL.get(place["soort"], place["soort"])
        status = "opgenomen" if place["opgenomen"] else "weggelaten"
        where = f" -> {place['nummer']}" if place["nummer"] else ""
        lines.append(f"{label} '{place['plaats']}': {status}{where}")
        for item in place["overwogen"]:
            variant = f" (variant {item['variant']})" if item["variant"] else ""
            lines.append(f"  {item['uitkomst']}: {item['clausule']}{variant}")
            if item["uitleg"]:
                lines.append(f"    {item['uitleg']}")
            for value in item["waarden"]:
                name = f"\u2018{value['label']}\u2019 ({value['veld']})" if value["label"] else value["veld"]
                lines.append(f"    {name}: {value['waarde']}")
        if place["laag"]:
            lines.append(f"  laag: {place['laag']} ({place['bestand']})")
        if place["afwijking"]:
            lines.append(f"  {place['afwijking']['melding']}")
            lines += [f"    {x}" for x in place["afwijking"]["uittreksels"]]
        for source in place["bronnen"]:
            lines.append(f"  grondslag: {source['grondslag']}" if source["grondslag"] else f"  bron: {source['tekst']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
