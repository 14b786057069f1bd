"""Column widths and alignment of a table, from what its cells say.

Word's own autofit decides at display time and differently in every program (LibreOffice gives
every column the same width); a fixed layout computed here gives the same document everywhere.
The rules: no column narrower than its longest word (so nothing breaks mid-word: an e-mail
address is one word), a column that fits on one line gets that width, and the longer columns
share what is left (water-filling). Columns of numbers, amounts and percentages align right.
Widths are estimated from Arial's (Helvetica's) character widths, metric-compatible with the
Liberation Sans that LibreOffice uses in its place.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Optional, Sequence

# Helvetica advance widths (1/1000 em) for the printable ASCII characters " " .. "~".
_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # space .. /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0 .. ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ .. O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P .. _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` .. o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p .. ~
)
_DEFAULT_WIDTH = 556  # digits, €, en dash and most letters
BOLD_FACTOR = 1.08  # Helvetica-Bold is about 8% wider
SAFETY = 1.03  # kerning, rounding and other programs' metrics: a word estimated to fit, fits
CELL_MARGINS = 2 * 85 + 40  # left and right cell margin of the Tabel style, and some slack (twips)

NUMERIC = re.compile(r"(?:€\s?)?[-+]?\d[\d.,]*(?:\s?%)?|€\s?[\d.,]+(?:,-)?|[-\u2013]")
# A line may break at a space (not a non-breaking one: "B.\u00a0Reinders" is one piece), and after
# a hyphen within a word (not in an e-mail address).
_WORDS = re.compile(r"[ \t\r\n]+")
_AFTER_HYPHEN = re.compile(r"(?<=-)")


class _CharWidths(dict):
    """Character -> width, worked out on first use (a dict lookup per character after that)."""

    def __missing__(self, char: str) -> int:
        code = ord(char)
        if 32 <= code <= 126:
            width = _WIDTHS[code - 32]
        else:
            base = unicodedata.normalize("NFKD", char)[:1]
            width = _WIDTHS[ord(base) - 32] if base and 32 <= ord(base) <= 126 else _DEFAULT_WIDTH
        self[char] = width
        return width


_WIDTH_OF = _CharWidths()


def text_width(text: str) -> int:
    """The width of ``text`` in 1/1000 em of Arial."""
    return sum(map(_WIDTH_OF.__getitem__, text))


def _pieces(text: str) -> list[str]:
    """The parts of ``text`` between which a line may break."""
    pieces = []
    for word in _WORDS.split(text):
        if "@" in word or "://" in word:
            pieces.append(word)
        else:
            pieces.extend(p for p in _AFTER_HYPHEN.split(word) if p)
    return pieces


def _twips(em1000: float, size_pt: float) -> int:
    return int(round(em1000 * size_pt / 1000 * 20))


def layout(rows: Sequence[Sequence[str]], available: int, size_pt: float, bold_rows: int = 1,
           smallest: float = 8.0) -> tuple[float, list[int]]:
    """``fitting_size`` and the ``column_widths`` at that size, with each cell measured once (not
    once per size tried: the widths of a table of 100 parties were a tenth of its build)."""
    em = _em_needs(rows, bold_rows)
    size = _fitting_size(em, available, size_pt, smallest)
    return size, _column_widths(em, available, size)


def column_widths(rows: Sequence[Sequence[str]], available: int, size_pt: float,
                  bold_rows: int = 1) -> list[int]:
    """Widths in twips that add up to ``available``, one per column of ``rows`` (text per cell;
    the first ``bold_rows`` rows, the header, are set in bold and may wrap between words)."""
    return _column_widths(_em_needs(rows, bold_rows), available, size_pt)


def _column_widths(em: tuple, available: int, size_pt: float) -> list[int]:
    least, wanted = _in_twips(em, size_pt)
    if sum(least) >= available:  # even the longest words do not fit side by side
        return _scaled(least, available)
    if sum(wanted) <= available:  # every column on one line: share the rest in proportion
        return _scaled(wanted, available)
    # Water-filling: find the level L at which columns get min(wanted, max(least, L)).
    low, high = 0, max(wanted)
    for _ in range(40):
        level = (low + high) / 2
        if sum(min(w, max(m, level)) for m, w in zip(least, wanted)) > available:
            high = level
        else:
            low = level
    return _scaled([min(w, max(m, low)) for m, w in zip(least, wanted)], available)


def fitting_size(rows: Sequence[Sequence[str]], available: int, size_pt: float, bold_rows: int = 1,
                 smallest: float = 8.0) -> float:
    """``size_pt``, or the largest smaller size (whole points, not under ``smallest``) at which
    the longest words of every column fit side by side: a wide table (a contact list with
    e-mail addresses) is set smaller rather than broken mid-word."""
    return _fitting_size(_em_needs(rows, bold_rows), available, size_pt, smallest)


def _fitting_size(em: tuple, available: int, size_pt: float, smallest: float) -> float:
    size = size_pt
    while size > smallest and sum(_in_twips(em, size)[0]) >= available:
        size = max(smallest, math.ceil(size) - 1.0)
    return size


def _needs(rows: Sequence[Sequence[str]], size_pt: float, bold_rows: int) -> tuple[list[int], list[int]]:
    """Per column: the least width (its longest word) and the width that sets every cell on one
    line (for the header, which may wrap, only its longest word counts)."""
    return _in_twips(_em_needs(rows, bold_rows), size_pt)


def _in_twips(em: tuple, size_pt: float) -> tuple[list[int], list[int]]:
    least_em, wanted_em = em
    # _twips rounds a product, so it never decreases: the widest cell in em is the widest in twips
    least = [_twips(width, size_pt) + CELL_MARGINS for width in least_em]
    wanted = [_twips(width, size_pt) + CELL_MARGINS if width is not None else 0 for width in wanted_em]
    return least, [max(w, m) for w, m in zip(wanted, least)]


def _em_needs(rows: Sequence[Sequence[str]], bold_rows: int) -> tuple[list[float], list[Optional[float]]]:
    """``_needs`` in 1/1000 em, whatever the size: per column the longest word and (body rows
    only; None without any) the whole text on one line."""
    columns = max(len(row) for row in rows)
    least: list[float] = [0.0] * columns
    wanted: list[Optional[float]] = [None] * columns
    for index, row in enumerate(rows):
        factor = (BOLD_FACTOR if index < bold_rows else 1.0) * SAFETY
        for column, text in enumerate(row):
            longest = max((text_width(p) for p in _pieces(text)), default=0) * factor
            least[column] = max(least[column], longest)
            if index >= bold_rows:
                whole = text_width(" ".join(_WORDS.split(text.strip()))) * factor
                wanted[column] = whole if wanted[column] is None else max(wanted[column], whole)
    return least, wanted


def _scaled(widths: list[float], available: int) -> list[int]:
    """``widths`` made whole twips that add up exactly to ``available``."""
    total = sum(widths) or 1
    scaled = [int(w * available / total) for w in widths]
    scaled[-1] += available - sum(scaled)
    return scaled


def numeric_columns(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[bool]:
    """For each column: do all its non-empty body cells hold a number, amount or percentage?"""
    flags = []
    for column in range(len(header)):
        cells = [row[column].strip() for row in body if column < len(row) and row[column].strip()]
        flags.append(bool(cells) and all(NUMERIC.fullmatch(cell.replace("\u00a0", " ")) for cell in cells))
    return flags
