"""Checks across the active clauses: ``ref()`` targets and ``verwijst_naar``, slot variants and
the choices their conditions cover, and terms defined twice."""

from __future__ import annotations

import difflib
from typing import Any, Iterable, Optional, Sequence

from jinja2 import nodes

from ..errors import Problem
from ..templating import dotted_path
from .check_fields import rule_at
from .clause import Clause, Library
from .scan import find_all


def check_computation(clause: Clause, out: list[Problem]) -> None:
    """A clause writes text; ``range()`` and ``**`` are never needed for that, and can make a build
    run until the sandbox's time limit stops it."""
    for tree, what in ((clause.ast, "tekst"), (clause.condition_ast, "voorwaarde")):
        if tree is None:
            continue

        def line(node: nodes.Node) -> Optional[int]:
            if what == "voorwaarde":
                return clause.line_of("voorwaarde")
            return clause.body_line + node.lineno - 1

        for call in find_all(tree, nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == "range":
                out.append(Problem(clause.location, f"de {what} rekent met range(); een clausule heeft dat niet "
                                                    "nodig (loop over een lijst uit de spec)", line(call)))
        for power in find_all(tree, nodes.Pow):
            out.append(Problem(clause.location, f"de {what} rekent met '**'; een clausule heeft dat niet nodig",
                               line(power)))


def check_references(clause: Clause, targets: dict[str, Clause], library: Library, out: list[Problem]) -> None:
    switched_off = {s.clause.id: s for s in library.switched_off}
    for target, where in clause.ref_lines:
        found = targets.get(target)
        if found is None:
            if target in library.unreadable:
                continue
            message = f"ref('{target}'): geen artikel of bijlage met dit id of slot"
            if target in switched_off:
                message += f" (uitgezet door {switched_off[target].layer.location})"
            else:
                guess = difflib.get_close_matches(target, list(targets), n=1, cutoff=0.7)
                message += f"; bedoelt u '{guess[0]}'?" if guess else ""
            out.append(Problem(clause.location, message, where))
        elif found.soort not in ("artikel", "bijlage"):
            out.append(Problem(clause.location, f"ref('{target}') verwijst naar een {found.soort} "
                                                f"({found.location}); alleen artikelen en bijlagen hebben een nummer",
                               where))
    declared = clause.meta.get("verwijst_naar")
    if isinstance(declared, list) and set(declared) != set(clause.verwijst_naar):
        extra = sorted(set(declared) - set(clause.verwijst_naar))
        missing = sorted(set(clause.verwijst_naar) - set(declared))
        parts = [f"noemt {', '.join(extra)} waar de tekst niet naar verwijst"] if extra else []
        parts += [f"mist {', '.join(missing)}"] if missing else []
        out.append(Problem(clause.location, f"verwijst_naar {' en '.join(parts)}; laat het veld weg (het wordt "
                                            "uit ref(...) afgeleid) of maak het gelijk", clause.line_of("verwijst_naar"),
                           "verwijst_naar"))


def _constants(node: nodes.Node) -> Optional[list[Any]]:
    if isinstance(node, nodes.Const):
        return [node.value]
    if isinstance(node, (nodes.List, nodes.Tuple)) and all(isinstance(i, nodes.Const) for i in node.items):
        return [i.value for i in node.items]
    return None


def _decided(node: nodes.Node, path: str, value: Any) -> Optional[bool]:
    """The truth of a condition when ``path == value``, if that alone decides it; else None."""
    if isinstance(node, nodes.And):
        left, right = _decided(node.left, path, value), _decided(node.right, path, value)
        return False if False in (left, right) else (True if left is right is True else None)
    if isinstance(node, nodes.Or):
        left, right = _decided(node.left, path, value), _decided(node.right, path, value)
        return True if True in (left, right) else (False if left is right is False else None)
    if isinstance(node, nodes.Not):
        inner = _decided(node.node, path, value)
        return None if inner is None else not inner
    if isinstance(node, nodes.Compare) and len(node.ops) == 1 and dotted_path(node.expr) == path:
        op, constants = node.ops[0].op, _constants(node.ops[0].expr)
        if constants is None:
            return None
        if op == "eq" and len(constants) == 1:
            return value == constants[0]
        if op == "ne" and len(constants) == 1:
            return value != constants[0]
        if op == "in":
            return value in constants
        if op == "notin":
            return value not in constants
        return None
    if dotted_path(node) == path:
        return bool(value)
    return None


def _choice_fields(conditions: Iterable[nodes.Node]) -> list[str]:
    """Fields a slot chooses on: tested with == or in against constants, or bare booleans."""
    found = []
    for condition in conditions:
        for compare in find_all(condition, nodes.Compare):
            path = dotted_path(compare.expr)
            if (path and len(compare.ops) == 1 and compare.ops[0].op in ("eq", "in")
                    and _constants(compare.ops[0].expr) is not None):
                found.append(path)
        candidates = [condition] + [n.node for n in find_all(condition, nodes.Not)]
        for junction in find_all(condition, (nodes.And, nodes.Or)):
            candidates += [junction.left, junction.right]
        for node in candidates:
            path = dotted_path(node)
            if path and (rule_at(path) or {}).get("type") == "boolean":
                found.append(path)
    return list(dict.fromkeys(found))


def _show(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else f"'{value}'"


def check_slots(clauses: Sequence[Clause], out: list[Problem]) -> None:
    slots: dict[tuple[str, str], list[Clause]] = {}
    for clause in clauses:
        if clause.soort != "definitie":
            slots.setdefault((clause.soort, clause.slot), []).append(clause)
    for (_, slot), variants in slots.items():
        if len(variants) < 2:
            continue
        for earlier, later in zip(variants, variants[1:]):
            if earlier.voorwaarde is None:
                out.append(Problem(later.location, f"slot '{slot}': deze variant wordt nooit gekozen, want "
                                                   f"'{earlier.id}' ({earlier.location}) heeft geen voorwaarde en "
                                                   "gaat voor (volgorde, dan id)", later.line_of("volgorde")))
                break
        if any(v.condition_ast is None for v in variants):
            continue
        conditions = [v.condition_ast for v in variants]
        for path in _choice_fields(conditions):
            rule = rule_at(path) or {}
            allowed = [True, False] if rule.get("type") == "boolean" else rule.get("allowed")
            if not allowed:
                continue
            missing = [v for v in allowed if all(_decided(c, path, v) is False for c in conditions)]
            if missing:
                first = variants[0]
                out.append(Problem(
                    first.location,
                    f"slot '{slot}' heeft geen variant voor {path} = {', '.join(_show(v) for v in missing)}; "
                    f"de spec staat die keuze toe (varianten: {', '.join(v.id for v in variants)})",
                    first.line_of("voorwaarde")))


def check_terms(clauses: Sequence[Clause], out: list[Problem]) -> None:
    seen: dict[str, Clause] = {}
    for clause in clauses:
        if clause.soort != "definitie" or clause.voorwaarde:
            continue
        if clause.term in seen:
            out.append(Problem(clause.location, f"het begrip '{clause.term}' is ook gedefinieerd in "
                                                f"{seen[clause.term].location}", clause.line_of("term"), "term"))
        seen.setdefault(clause.term, clause)

