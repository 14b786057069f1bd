"""What changed in a compared block, for the summary: the outcome of comparing blocks, and the
pieces of an excerpt ("‘45%’ wordt ‘40%’", "rij toegevoegd (…)", "verwijzing gewijzigd")."""

from __future__ import annotations

from dataclasses import dataclass, field

from .summary import Piece, _excerpt, _first_words
from .tokens import Token, visible_text
from .units import TOC_STYLE, _Unit, _plain, part_name
from ..word.wmltext import TC


def variant_words(key: str) -> str:
    """A clause's variant in words for the board: 'A:besluitvorming.doorslaggevende_stem' -> 'doorslaggevende stem'."""
    return key[2:].rsplit(".", 1)[-1].replace("_", " ").replace("-", " ")


@dataclass
class Outcome:
    """Compared blocks: the elements for the redline, and what changed in them, for the summary
    (a change without text, such as an empty paragraph, has no piece)."""

    elements: list = field(default_factory=list)
    changed: bool = False
    pieces: list[Piece] = field(default_factory=list)

    def add(self, other: "Outcome") -> None:
        self.elements.extend(other.elements)
        self.pieces.extend(other.pieces)
        self.changed = self.changed or other.changed


def pieces(old: str, new: str, what: str = "") -> list[Piece]:
    excerpt = _excerpt(old, new, what)
    return [Piece(excerpt)] if excerpt else []


def table_of_contents(unit: _Unit) -> bool:
    """A table-of-contents entry: generated from the headings, so not in the summary."""
    return unit.kind == "tekst" and bool(TOC_STYLE.fullmatch(unit.blocks[0].style))


def changed_words(old: list[Token], new: list[Token]) -> Piece:
    """One word-level change as a piece: "‘old’ wordt ‘new’", or what changed without text."""
    was, now = visible_text(old), visible_text(new)
    excerpt = _excerpt(was, now)
    if excerpt:
        return Piece(excerpt)
    if any(not isinstance(token.key, str) for token in old + new):
        return Piece("verwijzing gewijzigd")
    return Piece("witruimte gewijzigd")


def row_pieces(old_row, new_row, parties: dict) -> list[Piece]:
    """A whole row inserted (``new_row``) or deleted (``old_row``), as pieces for the summary;
    with ``parties`` (a signature table: cell -> party) a piece per party."""
    row = new_row if new_row is not None else old_row
    status = "nieuw" if new_row is not None else "vervallen"
    if parties:
        return [Piece(_first_words(_plain(cell)), parties.get(cell, ""), status)
                for cell in row.findall(TC) if _plain(cell).strip()]
    cells = [" ".join(_plain(cell).split()) for cell in row.findall(TC)]
    rest = " | ".join(cell for cell in cells[1:] if cell)
    what = "rij toegevoegd" if new_row is not None else "rij geschrapt"
    return [Piece(f"{what} (\u2018{_first_words(rest, 60)}\u2019)" if rest else what, part_name(row))]
