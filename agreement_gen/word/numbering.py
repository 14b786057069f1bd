"""The multi-level list definitions that number an agreement in Word.

Articles ("Artikel 1"), their leden ("1.1") and the items within a lid ("a.") are the three
levels of one list, bound to the styles Artikel, Lid and Lidopsomming: inserting an article in
Word renumbers the rest, leden restart in every article and items in every lid. Recitals (A, B,
C), parties (1, 2, 3) and annexes ("Bijlage 1") each have a list of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from .wordml import el, val


@dataclass(frozen=True)
class Level:
    fmt: str
    text: str
    style: str
    left: int
    hanging: int
    suffix: str = "tab"


@dataclass(frozen=True)
class ListDef:
    num_id: int
    abstract_id: int
    levels: tuple[Level, ...]


LISTS = {
    "artikelen": ListDef(
        10,
        10,
        (
            Level("decimal", "Artikel\u00a0%1", "Artikel", 0, 0, "space"),
            Level("decimal", "%1.%2", "Lid", 709, 709),
            Level("lowerLetter", "%3.", "Lidopsomming", 1134, 425),
        ),
    ),
    "overwegingen": ListDef(11, 11, (Level("upperLetter", "%1.", "Overweging", 567, 567),)),
    "partijen": ListDef(12, 12, (Level("decimal", "%1.", "Comparitie", 567, 567),)),
    "bijlagen": ListDef(13, 13, (Level("decimal", "Bijlage\u00a0%1", "Bijlagekop", 0, 0, "space"),)),
    "opsomming": ListDef(14, 14, (Level("bullet", "\u2013", "Opsomming", 567, 283),)),
}


def _level(index: int, level: Level):
    ppr = el("w:pPr", children=[el("w:ind", {"w:left": str(level.left), "w:hanging": str(level.hanging)})])
    children = [
        val("w:start", 1),
        val("w:numFmt", level.fmt),
        val("w:pStyle", level.style),
        val("w:suff", level.suffix),
        val("w:lvlText", level.text),
        val("w:lvlJc", "left"),
        ppr,
    ]
    if level.fmt == "bullet":
        children.append(el("w:rPr", children=[el("w:rFonts", {"w:ascii": "Arial", "w:hAnsi": "Arial"})]))
    return el("w:lvl", {"w:ilvl": str(index)}, children)


def numbering_elements():
    """(abstractNum elements, num elements) for every list in LISTS."""
    abstracts, nums = [], []
    for definition in LISTS.values():
        abstract = el(
            "w:abstractNum",
            {"w:abstractNumId": str(definition.abstract_id)},
            [val("w:multiLevelType", "multilevel" if len(definition.levels) > 1 else "singleLevel")]
            + [_level(i, lvl) for i, lvl in enumerate(definition.levels)],
        )
        abstracts.append(abstract)
        nums.append(
            el("w:num", {"w:numId": str(definition.num_id)}, [val("w:abstractNumId", definition.abstract_id)])
        )
    return abstracts, nums
