"""The Agreement document model: what a draft says, independent of Word.

Frozen dataclasses all the way down. Numbers of articles, leden, recitals and annexes are not
stored: they follow from the order, exactly as Word's automatic numbering derives them. A
``Text`` is a tuple of inline pieces: plain strings, cross-references and emphasised terms.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Optional, Union


@dataclass(frozen=True)
class Ref:
    """A cross-reference to an article or annex, by its key (slot).

    Mid-sentence it reads "artikel 7"; ``capital`` (start of a sentence) gives "Artikel 7".
    """

    target: str
    capital: bool = False


@dataclass(frozen=True)
class Term:
    """A defined term where it is defined (rendered in bold)."""

    text: str


Inline = Union[str, Ref, Term]
Text = tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    """A numbered lid in an article, or a plain paragraph in an annex, with optional items."""

    text: Text
    items: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Table:
    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]


Block = Union[Paragraph, Table]


@dataclass(frozen=True)
class Source:
    bestand: Optional[str]
    citaat: Optional[str]
    grondslag: Optional[str]


@dataclass(frozen=True)
class Guidance:
    """The drafter's guidance note for an article: advice and where it comes from."""

    toelichting: str
    bronnen: tuple[Source, ...]


@dataclass(frozen=True)
class Article:
    key: str
    clause_id: str
    title: str
    blocks: tuple[Block, ...]
    guidance: Optional[Guidance] = None


@dataclass(frozen=True)
class Recital:
    clause_id: str
    text: Text


@dataclass(frozen=True)
class Annex:
    key: str
    clause_id: str
    title: str
    blocks: tuple[Block, ...]
    guidance: Optional[Guidance] = None


@dataclass(frozen=True)
class Representative:
    naam: str
    functie: str


@dataclass(frozen=True)
class Signature:
    """One signature block: a representative of a party."""

    party: str
    party_short: str
    naam: str
    functie: str
    plaats: str


@dataclass(frozen=True)
class PartyBlock:
    """One party in the comparitie ("De ondergetekenden: ...")."""

    party_id: str
    text: Text


@dataclass(frozen=True)
class ClauseUse:
    """One library clause in a draft: its id and version (``library.versions``) and the SHA-256
    of its text as rendered for this agreement (title and text, cross-references as numbers)."""

    id: str
    version: str
    text_sha256: str

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"


@dataclass(frozen=True)
class LayerChange:
    """A clause that a layer above the branch library (the bottom layer) changed for this draft.

    ``kind``: "vervangen" (``layer`` replaced the clause of ``base_layer``; ``excerpts`` say word by
    word what changed in this agreement's text), "toegevoegd" (``layer`` added it) or "uitgezet"
    (``layer`` switched it off; ``applies``: its condition holds for this spec). ``key``: the
    article or annex it is in this draft, if any."""

    clause_id: str
    kind: str
    layer: str
    title: Optional[str] = None
    base_layer: Optional[str] = None
    key: Optional[str] = None
    applies: bool = True
    excerpts: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """One Dutch sentence: what the layer did (the comment's and explain's first line)."""
        name = f"'{self.clause_id}'" + (f" ({self.title})" if self.title else "")
        if self.kind == "vervangen":
            return f"laag {self.layer} vervangt {name} van {self.base_layer}"
        if self.kind == "toegevoegd":
            return f"laag {self.layer} voegt {name} toe; {self.base_layer or 'de bibliotheek eronder'} heeft het niet"
        effect = "zou anders van toepassing zijn" if self.applies else "is op deze spec niet van toepassing"
        return f"laag {self.layer} zet {name} uit ({effect})"


@dataclass(frozen=True)
class Meta:
    title: str
    subject: str
    author: str
    kenmerk: str
    status: str
    version: str
    date: dt.date
    collaboration: str
    region: str
    spec_sha256: str
    library_name: str
    library_version: str
    library_layers: str
    generator_version: str
    clause_ids: tuple[str, ...]
    # Every clause used, in the order of clause_ids; empty in models built before versions per
    # clause existed (agreement-gen 0.1 and the like).
    clauses: tuple[ClauseUse, ...] = ()
    # What layers above the branch library changed; written to the embedded model only when there
    # is something (``omit_empty``), so a draft without layers is the same as before.
    layer_changes: tuple[LayerChange, ...] = field(default=(), metadata={"omit_empty": True})


@dataclass(frozen=True)
class Agreement:
    meta: Meta
    parties: tuple[PartyBlock, ...]
    parties_closing: Text
    recitals: tuple[Recital, ...]
    articles: tuple[Article, ...]
    closing: Text
    signatures: tuple[Signature, ...]
    annexes: tuple[Annex, ...]

    def number_of(self, key: str) -> tuple[str, int]:
        """('artikel', n) or ('bijlage', n) for a key; KeyError if it is not in the draft."""
        kind, number, _ = self._numbers[key]
        return kind, number

    def unit_key(self, target: str) -> str:
        """The key of the article or annex that ``target`` (a key or clause id) names; the
        target itself when none does."""
        found = self._numbers.get(target)
        return found[2] if found is not None else target

    @functools.cached_property
    def _numbers(self) -> dict[str, tuple[str, int, str]]:
        """Key or clause id -> (kind, number, key); the first article, then annex, that has it
        (worked out once: a draft looks up every cross-reference)."""
        found: dict[str, tuple[str, int, str]] = {}
        for kind, units in (("artikel", self.articles), ("bijlage", self.annexes)):
            for number, unit in enumerate(units, start=1):
                found.setdefault(unit.key, (kind, number, unit.key))
                found.setdefault(unit.clause_id, (kind, number, unit.key))
        return found

    def ref_text(self, ref: Ref) -> str:
        kind, number = self.number_of(ref.target)
        return f"{kind.capitalize() if ref.capital else kind} {number}"
