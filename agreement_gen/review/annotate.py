"""A review copy: the draft with every finding as a Word comment on its article's heading.

The comment code is the renderer's (``word.render.add_comment``). Headings are found by the
house style's heading styles, so an article is the n-th "Artikel" paragraph, as Word numbers
it; a finding about the agreement as a whole sits on the title.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

from ..errors import DocumentError
from ..word.package import save_docx
from ..word.render import add_comment
from .finding import Finding

AUTHOR = "agreement-gen review"
HEADING_STYLES = {"Artikel": "artikel", "Bijlagekop": "bijlage"}


def comment_lines(finding: Finding) -> list[str]:
    lines = [f"[{finding.ernst}] {finding.titel}: {finding.melding}"]
    lines += [f"Waarom: {why}" for why in finding.waarom]
    lines.append(f"Wat te doen: {finding.remedie}")
    lines += list(finding.extra)
    lines.append(f"Regel: {finding.regel}")
    return lines


def annotate(data: bytes, findings: list[Finding], date: dt.date, name: str) -> bytes:
    """``data`` (a .docx) with a comment per finding; raises DocumentError when it has no headings."""
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise DocumentError(f"{name}: kan het document niet openen om opmerkingen toe te voegen ({exc})") from exc
    headings: dict[tuple[str, int], object] = {}
    counters = {"artikel": 0, "bijlage": 0}
    first = None
    for paragraph in document.paragraphs:
        if first is None and paragraph.runs and paragraph.text.strip():
            first = paragraph
        kind = HEADING_STYLES.get(paragraph.style.name if paragraph.style is not None else "")
        if kind and paragraph.runs:
            counters[kind] += 1
            headings[(kind, counters[kind])] = paragraph
    when = dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for finding in findings:
        target = None
        if finding.plaats is not None:
            target = headings.get((finding.plaats.soort, finding.plaats.nummer))
        target = target or first
        if target is None:
            raise DocumentError(f"{name}: het document heeft geen tekst om opmerkingen aan te hangen")
        add_comment(document, target, comment_lines(finding), when, author=AUTHOR, initials="AGR")
    return save_docx(document)
