"""``library check`` for review rules: fields the condition and message use, the remedy's field
and clause, the articles a rule belongs to, and its sources (quotes looked up in the seeds)."""

from __future__ import annotations

from typing import Iterable, Optional

from ..errors import Problem
from .check_fields import UNKNOWN, FieldWalker, rule_at
from .check_sources import Sources
from .clause import Library
from .rules import AGREEMENT_NAMES, Rule
from .scan import ENV

_SCOPE = {name: UNKNOWN for name in AGREEMENT_NAMES}


def spec_fields(rule: Rule) -> list[str]:
    """The spec fields the condition and message of ``rule`` read (empty: only the agreement)."""
    walker = _walk(rule)
    return list(dict.fromkeys(use.path for use in walker.uses))


def _walk(rule: Rule, condition_line: int = 1, message_line: int = 1) -> FieldWalker:
    walker = FieldWalker(fixed_line=condition_line)
    walker.value(rule.condition_ast, dict(_SCOPE))
    message = FieldWalker(fixed_line=message_line)
    message.walk(ENV.parse(rule.melding), dict(_SCOPE))
    walker.uses += message.uses
    walker.unknown += [(f"melding: {m}", line) for m, line in message.unknown]
    return walker


def _targets(library: Library) -> set[str]:
    keys = {"definities"}
    for clause in library.clauses:
        if clause.soort in ("artikel", "bijlage"):
            keys.update((clause.id, clause.slot))
    return keys


def check_rule(rule: Rule, library: Library, sources: Optional[Sources], out: list[Problem]) -> None:
    name = rule.location
    walker = _walk(rule, rule.line_of("voorwaarde"), rule.line_of("melding"))
    for message, line in walker.unknown:
        out.append(Problem(name, message if message.startswith("melding") else f"voorwaarde: {message}", line))
    remedy = rule.remedie
    if remedy.veld and rule_at(remedy.veld) is None:
        out.append(Problem(name, f"remedie.veld: '{remedy.veld}' is geen veld van de spec (zie docs/spec.md)",
                           rule.line_of("remedie", "veld"), "remedie.veld"))
    if remedy.clausule:
        ids = {c.id for c in library.clauses} | {c.slot for c in library.clauses}
        if remedy.clausule not in ids:
            out.append(Problem(name, f"remedie.clausule: de bibliotheek heeft geen clausule of slot "
                                     f"'{remedy.clausule}'", rule.line_of("remedie", "clausule"), "remedie.clausule"))
    targets = _targets(library)
    for i, key in enumerate(rule.artikel):
        if key not in targets:
            out.append(Problem(name, f"artikel: de bibliotheek heeft geen artikel of bijlage '{key}'",
                               rule.line_of("artikel", i), f"artikel[{i + 1}]"))
    if sources is not None:
        sources.check(rule, out)


def check_rules(library: Library, sources: Optional[Sources], out: list[Problem]) -> int:
    """Check every rule file of the stack (active rules, what they replace, what was switched off)."""
    checked = 0
    for rule in _all_versions(library):
        checked += 1
        check_rule(rule, library, sources, out)
    return checked


def _all_versions(library: Library) -> Iterable[Rule]:
    for rule in list(library.rules) + [off.rule for off in library.rules_off]:
        yield from rule.versions
