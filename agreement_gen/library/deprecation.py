"""Deprecated clauses (``vervalt:`` in the front matter): the checks of ``library check`` and the
Dutch notice ``build``, the batch build and ``explain`` print for each one a draft uses.

A clause or variant is deprecated from ``vervalt.datum`` on, in favour of ``vervalt.vervanging``
(the id of a clause in the same stack). ``library check`` lists every deprecated clause as a
note, and fails when a layer's release (the changelog ``datum`` of its manifest's ``versie``) is
on or after the date of a deprecation that layer declares while the clause is still offered.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Iterable, Optional

from ..errors import Problem
from ..templating import f_datum
from .clause import Clause, Library


def _name(clause: Clause) -> str:
    """'besluitvorming.opt_out' (artikel 'Besluitvorming', variant opt_out)."""
    title = clause.titel or clause.term
    parts = [f"{clause.soort} '{title}'" if title else clause.soort]
    if clause.variant:
        parts.append(f"variant {clause.variant}")
    return f"'{clause.id}' ({', '.join(parts)})"


def check_deprecations(library: Library, out: list[Problem]) -> list[str]:
    """Add every problem with a deprecation to ``out``; return the notes that list the deprecated
    clauses (for ``library check``, which prints them and still passes)."""
    active = {c.id: c for c in library.clauses}
    switched_off = {s.clause.id: s for s in library.switched_off}
    notes = []
    for clause in library.clauses:
        gone = clause.vervalt
        if gone is None:
            continue
        declared = _declaring(clause)
        where = declared.line_of("vervalt", "vervanging")
        target = gone.vervanging
        if target is not None and target not in active:
            if target in switched_off:
                reason = f"die is uitgezet door {switched_off[target].layer.location}"
            else:
                guess = difflib.get_close_matches(target, list(active), n=1, cutoff=0.6)
                reason = "die bestaat niet" + (f"; bedoelt u '{guess[0]}'?" if guess else "")
            out.append(Problem(declared.location, f"vervalt.vervanging: geen clausule '{target}', {reason}",
                               where, "vervalt.vervanging"))
        elif target is not None:
            replacement = active[target]
            if replacement.vervalt is not None:
                out.append(Problem(declared.location, f"vervalt.vervanging: '{target}' vervalt zelf ook (per "
                                                      f"{f_datum(replacement.vervalt.datum)}); verwijs naar de "
                                                      "clausule die blijft", where, "vervalt.vervanging"))
            elif replacement.soort != clause.soort:
                out.append(Problem(declared.location, f"vervalt.vervanging: '{target}' is een {replacement.soort}, "
                                                      f"deze clausule een {clause.soort}; vervang door een "
                                                      f"{clause.soort}", where, "vervalt.vervanging"))
        layer = _layer(library, gone.layer)
        released = layer.released if layer is not None else None
        if released is not None and released >= gone.datum:
            out.append(Problem(
                declared.location,
                f"{_name(clause)} vervalt per {f_datum(gone.datum)}, maar {layer.label} (uitgebracht "
                f"{f_datum(released)}) biedt haar nog aan; verwijder de clausule in deze uitgave (hoort zij bij "
                "een keuze van de spec, laat dan de voorwaarde van de vervanging ook die keuze dekken), of "
                "verschuif vervalt.datum", declared.line_of("vervalt", "datum"), "vervalt.datum"))
        instead = f"; vervanging: '{target}'" if target else "; zonder vervanging"
        notes.append(f"vervallen clausule {_name(clause)} per {f_datum(gone.datum)} ({declared.location}){instead}")
    return notes


def _declaring(clause: Clause) -> Clause:
    """The version of ``clause`` whose file says ``vervalt:`` (the clause itself, or one it replaces)."""
    return next((c for c in clause.versions if "vervalt" in c.meta), clause)


def _layer(library: Library, name: str):
    try:
        return library.layer(name)
    except KeyError:
        return None


def deprecation_notices(clauses: Iterable[Clause], library: Optional[Library], on: dt.date) -> list[str]:
    """One Dutch warning per deprecated clause in ``clauses`` (the clauses a draft uses), as of the
    draft's date ``on``: which clause, since or from when, what to use instead and how to choose it."""
    active = {c.id: c for c in library.clauses} if library is not None else {}
    out = []
    for clause in clauses:
        gone = clause.vervalt
        if gone is None:
            continue
        # 'vervalt' alone would read, to a lawyer, as the clause losing effect in a signed agreement
        when = (f"wordt sinds {f_datum(gone.datum)} niet meer aangeboden" if on >= gone.datum
                else f"wordt vanaf {f_datum(gone.datum)} niet meer aangeboden")
        text = f"Let op: de bibliotheek heeft clausule {_name(clause)} laten vervallen: zij {when} voor nieuwe overeenkomsten"
        if gone.layer:
            text += f" (laag {gone.layer})"
        text += "."
        if gone.reden:
            text += f" Reden: {gone.reden}"
            text += "" if gone.reden.endswith((".", "!", "?")) else "."
        replacement = active.get(gone.vervanging) if gone.vervanging else None
        if gone.vervanging is None:
            text += " Er is geen vervanging; overleg met de beheerder van de bibliotheek."
        elif replacement is None:
            text += f" Gebruik in plaats daarvan '{gone.vervanging}'."
        else:
            text += f" Gebruik in plaats daarvan {_name(replacement)}{_how(clause, replacement)}."
        out.append(text)
    return out


def _how(old: Clause, new: Clause) -> str:
    """How a spec gets ``new``: the condition that chooses it, in words, with its spec fields."""
    if not new.voorwaarde:
        return "; die staat zonder voorwaarde in de overeenkomst" if new.slot != old.slot else ""
    from ..spec.conditions import condition_text
    from jinja2 import nodes

    from ..templating import dotted_path, variable_paths
    from .scan import parse_expression
    tree = parse_expression(new.voorwaarde)
    words = condition_text(new.voorwaarde) or f"{new.voorwaarde} (technisch)"
    if (isinstance(tree, nodes.Compare) and len(tree.ops) == 1 and tree.ops[0].op == "eq"
            and isinstance(tree.ops[0].expr, nodes.Const) and dotted_path(tree.expr)):
        value = tree.ops[0].expr.value
        shown = ("true" if value else "false") if isinstance(value, bool) else value
        return f"; u kiest die met '{dotted_path(tree.expr)}: {shown}' in de spec"
    return f"; die wordt gekozen als {words} (specveld {', '.join(variable_paths(tree))})"
