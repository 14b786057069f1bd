"""The drafting review beside the preview: the findings of ``pipeline.review`` (the same as
``agreement-gen review SPEC``) laid out by severity, each with a link to its article in the
preview and one to the form's field its remedy names. What is found, and why, is the review's;
this module only decides where the links go. The template (``templates/_review.html``)
escapes every text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from .widgets import Widget, label_path, nearest

if TYPE_CHECKING:
    from ..pipeline import Review

# severity, heading, one, many (the words of ``agreement-gen review``)
SEVERITIES = (("fout", "Fouten", "fout", "fouten"),
              ("waarschuwing", "Waarschuwingen", "waarschuwing", "waarschuwingen"),
              ("advies", "Adviezen", "advies", "adviezen"))


def review_view(review: Optional["Review"], widgets: dict[str, Widget]) -> Optional[dict]:
    """What the review section shows for ``review`` (None: no review, the spec is not valid)."""
    if review is None:
        return None
    groups = []
    counts = []
    for severity, heading, one, many in SEVERITIES:
        found = [f for f in review.findings if f.ernst == severity]
        counts.append(f"{len(found)} {one if len(found) == 1 else many}")
        if found:
            groups.append({"ernst": severity, "heading": heading, "findings": [_finding(f, widgets) for f in found]})
    return {"groups": groups, "counts": ", ".join(counts), "notes": review.notes, "rules": review.rules_checked}


def _finding(finding, widgets: dict[str, Widget]) -> dict:
    place = finding.plaats
    widget = nearest(finding.veld, widgets) if finding.veld else None
    return {
        "where": finding.where,
        "anchor": f"{'art' if place.soort == 'artikel' else 'bijl'}-{place.nummer}" if place else None,
        "titel": finding.titel,
        "melding": finding.melding,
        "waarom": finding.waarom,
        "remedie": finding.remedie,
        "extra": finding.extra,
        "regel": finding.regel,
        "veld": label_path(widget, finding.veld, widgets) if finding.veld else None,
        "veld_anchor": widget.dom_id if widget else None,
    }
