"""Quotes checked against the seed documents: ``Seed`` (one document, with OCR-tolerant search)
and ``Sources`` (the seed directories, and the check of a clause's ``bronnen``)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Optional, Sequence

from ..errors import Problem, display
from .clause import Clause

_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                             "–": "-", "—": "-", "\u00a0": " ", "…": "..."})
_ELISION = re.compile(r"\s*(?:\[\.\.\.\]|\(\.\.\.\)|\.\.\.)\s*")


def _plain(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHY).split())


def _loose(text: str) -> str:
    """Without diacritics, case and punctuation: what OCR output and the intended words share."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped.lower()).split())


class Seed:
    """One source document, with the normalised forms the quote search needs."""

    def __init__(self, path: Path, ocr: bool):
        self.path = path
        self.ocr = ocr
        text = path.read_text(encoding="utf-8", errors="replace")
        self.plain = _plain(text)
        self.loose = _loose(text) if ocr else ""
        self._matcher = None

    def contains(self, quote: str) -> bool:
        parts = [p for p in _ELISION.split(_plain(quote)) if p.strip(" .")]
        if self._in_order(parts, self.plain, lambda p: p):
            return True
        return self.ocr and all(self._fuzzy(_loose(p)) for p in parts)

    @staticmethod
    def _in_order(parts: list[str], text: str, form) -> bool:
        position = 0
        for part in parts:
            found = text.find(form(part), position)
            if found < 0:
                return False
            position = found + len(part)
        return True

    def _fuzzy(self, part: str) -> bool:
        """OCR garbles letters, not words: anchor on the longest common run of characters, then
        compare word by word; a differing word must be its counterpart with a letter or two off."""
        if not part or part in self.loose:
            return True
        if self._matcher is None:
            self._matcher = difflib.SequenceMatcher(None, autojunk=False)
            self._matcher.set_seq2(self.loose)
        self._matcher.set_seq1(part)
        i, j, size = self._matcher.find_longest_match(0, len(part), 0, len(self.loose))
        if size < min(len(part), 12):
            return False
        window = self.loose[max(0, j - i - 20):j - i + len(part) + 20].split()
        words = part.split()
        opcodes = difflib.SequenceMatcher(None, words, window, autojunk=False).get_opcodes()
        while opcodes and opcodes[0][0] == "insert":
            opcodes.pop(0)  # seed words before the quote
        while opcodes and opcodes[-1][0] == "insert":
            opcodes.pop()  # and after it
        for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
            if tag == "equal":
                continue
            if tag == "insert" and all(len(w) <= 2 for w in window[j1:j2]):
                continue  # a stray OCR fragment
            if tag != "replace":
                return False
            # at the edges the window may hold seed words beyond the quote: try shorter spans
            spans = [(j1, j2)]
            if n == len(opcodes) - 1:
                spans += [(j1, k) for k in range(j1 + 1, j2)]
            if n == 0:
                spans += [(k, j2) for k in range(j1 + 1, j2)]
            ours = "".join(words[i1:i2])
            if not any(_ocr_like(ours, "".join(window[a:b])) for a, b in spans):
                return False
        return True


def _ocr_like(intended: str, scanned: str) -> bool:
    """Whether ``scanned`` can be ``intended`` garbled by OCR: at most one edit per eight letters."""
    allowed = max(1, len(intended) // 8)
    if abs(len(intended) - len(scanned)) > allowed:
        return False
    previous = list(range(len(scanned) + 1))
    for i, a in enumerate(intended, 1):
        current = [i]
        for j, b in enumerate(scanned, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] <= allowed


def _ocr_seeds(seeds_dir: Path) -> set[str]:
    """Seed files the seeds README describes as OCR output."""
    readme = seeds_dir / "README.md"
    if not readme.is_file():
        return set()
    return {m.group(0) for line in readme.read_text(encoding="utf-8").splitlines() if "OCR" in line
            for m in re.finditer(r"[\w.-]+\.txt", line)}


class Sources:
    """The seed files quotes are checked against, looked up in a list of directories."""

    def __init__(self, dirs: Sequence[Path]):
        self.dirs = list(dirs)
        self.ocr = set().union(*(_ocr_seeds(d) for d in self.dirs)) if self.dirs else set()
        self.seeds: dict[str, Optional[Seed]] = {}

    def seed(self, name: str) -> Optional[Seed]:
        if name not in self.seeds:
            self.seeds[name] = None
            if "/" not in name and "\\" not in name and name not in (".", ".."):
                path = next((d / name for d in self.dirs if (d / name).is_file()), None)
                self.seeds[name] = Seed(path, name in self.ocr) if path else None
        return self.seeds[name]

    def check(self, clause: Clause, out: list[Problem]) -> None:
        for i, source in enumerate(clause.bronnen):
            if not source.bestand:
                continue
            seed = self.seed(source.bestand)
            if seed is None:
                where = ", ".join(display(d) for d in self.dirs)
                out.append(Problem(clause.location, f"bron {i + 1}: '{source.bestand}' staat niet in {where}",
                                   clause.line_of("bronnen", i, "bestand"), f"bronnen[{i + 1}].bestand"))
            elif not seed.contains(source.citaat):
                short = source.citaat if len(source.citaat) <= 70 else source.citaat[:67] + "..."
                out.append(Problem(clause.location, f"bron {i + 1}: citaat niet gevonden in {source.bestand}: \"{short}\"",
                                   clause.line_of("bronnen", i, "citaat"), f"bronnen[{i + 1}].citaat"))

