"""The library's review rules evaluated over a spec and its draft, in the clause sandbox.

A condition runs exactly as a clause condition does (``templating``: sandboxed, bounded
``range`` and ``**``, ``time_limit``); so does the message, a small template. A rule that
fails (an error in its expression, or over time) is a problem of its file, reported with all
others at once; the review never shows a traceback for it.
"""

from __future__ import annotations

from typing import Any, Optional

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from ..errors import LibraryError, Problem
from ..library.check_rules import spec_fields
from ..library.clause import Library
from ..library.rules import Rule
from ..library.seeds import source_text
from ..spec.load import Spec
from ..templating import time_limit
from .context import rule_context
from .draft import Draft
from .finding import Finding


def _reason(exc: BaseException) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"onbekende waarde ({exc.message})"
    if isinstance(exc, SecurityError):
        return f"niet toegestaan in de sandbox ({exc})"
    return str(exc) or type(exc).__name__


def remedy_text(rule: Rule) -> str:
    remedy = rule.remedie
    extra = []
    if remedy.veld:
        value = f": {remedy.waarde}" if remedy.waarde is not None else ""
        extra.append(f"specveld {remedy.veld}{value}")
    if remedy.clausule:
        extra.append(f"clausule {remedy.clausule}")
    return remedy.tekst + (f" ({'; '.join(extra)})" if extra else "")


def evaluate_rules(library: Library, spec: Optional[Spec], draft: Draft,
                   titles: dict[str, str]) -> tuple[list[Finding], list[str], int]:
    """(findings, notes, rules evaluated). Raises LibraryError listing every rule that failed."""
    context = rule_context(spec, draft)
    findings: list[Finding] = []
    skipped: list[str] = []
    problems: list[Problem] = []
    evaluated = 0
    for rule in library.rules:
        if spec is None and spec_fields(rule):
            skipped.append(rule.id)
            continue
        evaluated += 1
        try:
            with time_limit():
                holds = bool(rule.condition(**context))
        except Exception as exc:  # noqa: BLE001 - a rule from a library may fail in any way
            problems.append(Problem(rule.location, f"regel '{rule.id}': voorwaarde kan niet worden berekend: "
                                                   f"{_reason(exc)}", rule.line_of("voorwaarde")))
            continue
        if not holds:
            continue
        try:
            with time_limit():
                message = rule.message_template.render(context)
        except Exception as exc:  # noqa: BLE001
            problems.append(Problem(rule.location, f"regel '{rule.id}': melding kan niet worden berekend: "
                                                   f"{_reason(exc)}", rule.line_of("melding")))
            continue
        findings.append(_finding(rule, Markup(message).unescape(), draft, titles))
    if problems:
        raise LibraryError("reviewregels konden niet worden beoordeeld:", problems)
    notes = []
    if skipped:
        notes.append(f"{len(skipped)} regels gaan over de spec en zijn zonder spec niet beoordeeld "
                     f"({', '.join(skipped)}); geef de spec mee: agreement-gen review SPEC DRAFT.docx")
    return findings, notes, evaluated


def _finding(rule: Rule, message: str, draft: Draft, titles: dict[str, str]) -> Finding:
    place = None
    for key in rule.artikel:
        unit = draft.unit(key)
        if unit is not None:
            place = unit.place
            break
    why = tuple(source_text(s.bestand, s.citaat, s.grondslag, titles) for s in rule.bronnen)
    remedy: Any = rule.remedie
    return Finding(rule.id, rule.ernst, rule.titel, " ".join(message.split()), why, remedy_text(rule), place,
                   rule.location, remedy.veld, remedy.waarde, remedy.clausule)
