"""A finding of the review: severity, where, what, why and what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

SEVERITIES = ("fout", "waarschuwing", "advies")


@dataclass(frozen=True)
class Place:
    """An article or annex of the draft: ``Artikel 7 Besluitvorming``."""

    soort: str  # artikel, bijlage
    nummer: int
    titel: str
    sleutel: Optional[str] = None

    @property
    def label(self) -> str:
        return f"{self.soort.capitalize()} {self.nummer} {self.titel}"


@dataclass(frozen=True)
class Finding:
    regel: str  # the rule id, or the id of a built-in check (tekst.*, afwijking.*)
    ernst: str
    titel: str
    melding: str
    waarom: tuple[str, ...]
    remedie: str
    plaats: Optional[Place] = None
    bron: str = ""  # where the rule is defined (file), or "agreement-gen"
    veld: Optional[str] = None
    waarde: Any = None
    clausule: Optional[str] = None
    extra: tuple[str, ...] = field(default=())  # detail lines (deviations: the sentences)

    @property
    def where(self) -> str:
        return self.plaats.label if self.plaats else "De overeenkomst als geheel"

    def sort_key(self) -> tuple:
        number = (0 if self.plaats.soort == "artikel" else 1, self.plaats.nummer) if self.plaats else (-1, 0)
        return SEVERITIES.index(self.ernst), number, self.regel, self.melding


@dataclass(frozen=True)
class Review:
    """Everything the review found, sorted: by severity, then article, then rule."""

    name: str
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()
    rules_checked: int = 0

    def count(self, ernst: str) -> int:
        return sum(1 for f in self.findings if f.ernst == ernst)

    @property
    def has_errors(self) -> bool:
        return self.count("fout") > 0
