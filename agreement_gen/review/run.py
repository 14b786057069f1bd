"""One review: rules, text checks and deviations over a spec, its agreement and/or a draft."""

from __future__ import annotations

from typing import Optional

from ..library.clause import Library
from ..model.agreement import Agreement
from ..spec.load import Spec
from ..word.docxread import DocxFile
from .deviations import deviations
from .draft import Draft, from_docx, from_model
from .finding import Finding, Review
from .rules import evaluate_rules
from .text import text_findings


def review(name: str, library: Library, titles: dict[str, str], spec: Optional[Spec] = None,
           agreement: Optional[Agreement] = None, package: Optional[DocxFile] = None,
           base: Optional[Agreement] = None, notes: tuple[str, ...] = (), draft: Optional[Draft] = None) -> Review:
    """Review a draft: ``agreement`` (the model) and/or ``package`` (a .docx, perhaps edited);
    ``spec`` when known (rules over the spec need it); ``base`` the library's text for the
    draft (the model it was built from), to list what an edited ``package`` changed; ``draft`` the
    text to review when the caller has already read it."""
    if draft is None:
        draft = from_docx(package, base or agreement) if package is not None else from_model(agreement)
    findings, rule_notes, evaluated = evaluate_rules(library, spec, draft, titles)
    off = {rule.id for rule in library.rules_off}
    findings += [f for f in text_findings(spec, draft) if f.regel not in off]
    if package is not None and base is not None:
        findings += deviations(from_model(base), draft)
    ordered = tuple(sorted(findings, key=Finding.sort_key))
    return Review(name, ordered, tuple(notes) + tuple(rule_notes), evaluated)
