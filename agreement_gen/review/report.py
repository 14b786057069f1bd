"""A review as text (grouped by severity) and as JSON for tools."""

from __future__ import annotations

import json
from dataclasses import asdict

from .finding import SEVERITIES, Review

HEADS = {"fout": "Fouten", "waarschuwing": "Waarschuwingen", "advies": "Adviezen"}


def summary(review: Review) -> str:
    counts = [f"{review.count(s)} {s if review.count(s) == 1 else _plural(s)}" for s in SEVERITIES]
    return f"{review.name}: " + ", ".join(counts)


def _plural(severity: str) -> str:
    return {"fout": "fouten", "waarschuwing": "waarschuwingen", "advies": "adviezen"}[severity]


def review_text(review: Review) -> str:
    lines = [f"Review van {review.name}", ""]
    for severity in SEVERITIES:
        group = [f for f in review.findings if f.ernst == severity]
        if not group:
            continue
        lines.append(f"{HEADS[severity]} ({len(group)})")
        lines.append("")
        for finding in group:
            lines.append(f"- {finding.where}: {finding.titel}")
            lines.append(f"  {finding.melding}")
            for why in finding.waarom:
                lines.append(f"  Waarom: {why}")
            lines.append(f"  Wat te doen: {finding.remedie}")
            lines += [f"    {line}" for line in finding.extra]
            lines.append(f"  ({finding.regel})")
            lines.append("")
    if not review.findings:
        lines += ["Geen bevindingen.", ""]
    lines.append(summary(review))
    return "\n".join(lines) + "\n"


def review_json(review: Review) -> str:
    data = {
        "document": review.name,
        "aantallen": {s: review.count(s) for s in SEVERITIES},
        "bevindingen": [
            {
                "regel": f.regel,
                "ernst": f.ernst,
                "titel": f.titel,
                "artikel": asdict(f.plaats) if f.plaats else None,
                "plaats": f.where,
                "melding": f.melding,
                "waarom": list(f.waarom),
                "remedie": f.remedie,
                "veld": f.veld,
                "waarde": f.waarde,
                "clausule": f.clausule,
                "details": list(f.extra),
                "bron": f.bron,
            }
            for f in review.findings
        ],
        "opmerkingen": list(review.notes),
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
