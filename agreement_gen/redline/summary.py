"""The change summary of a redline ("Wijzigingsoverzicht"): its fixed sentences, the writer for
it and for guidance comments, and the short excerpts of what changed."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from ..model.agreement import Table
from ..word.render import _Writer
from ..word.template import missing_styles

SUMMARY_TITLE = "Wijzigingsoverzicht"
SUMMARY_END = ("Hierna volgt de overeenkomst met alle wijzigingen als bijgehouden wijzigingen; "
               "accepteer of weiger ze in Word onder Controleren.")
NO_CHANGES = "Er zijn geen wijzigingen: beide versies hebben dezelfde tekst."
EXCERPT = 90


def _first_words(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "\u2026"


class _SummaryWriter(_Writer):
    """render.py's writer, for the summary and the guidance comments of a redline."""

    def __init__(self, document, date: Optional[dt.datetime]):
        # No Agreement to write: only par(), table() and comment() are used.
        super().__init__(document, None, guidance=False, comment_date=date or dt.datetime(2000, 1, 1))
        self.missing = set(missing_styles(document))

    def par(self, style: str, text=(), page_break: bool = False):
        return super().par(style if style not in self.missing else None, text, page_break)

    def table(self, table: Table) -> None:
        if {"Tabel", "Tabeltekst"} & self.missing:
            for row in (table.header,) + table.rows:
                self.par("Tekst", (" \u2013 ".join("".join(cell) for cell in row),))
            return
        super().table(table)


def _excerpt(old: str, new: str, what: str = "") -> str:
    """'‘old’ wordt ‘new’', 'toegevoegd: ‘new’' or 'geschrapt: ‘old’' (short; '' for empty text)."""
    old, new = _first_words(old, 40), _first_words(new, 40)
    prefix = f"{what} " if what else ""
    if old and new:
        return f"\u2018{old}\u2019 wordt \u2018{new}\u2019"
    if new:
        return f"{prefix}toegevoegd: \u2018{new}\u2019"
    if old:
        return f"{prefix}geschrapt: \u2018{old}\u2019"
    return ""
