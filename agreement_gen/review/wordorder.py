"""Main-clause word order in a subordinate clause: "de vraag neemt toe" after "Overwegende dat".

A recital continues "Overwegende dat", so it is a subordinate clause and its finite verb stands at
the end, joined to its separable particle ("de vraag toeneemt"). Written as a main clause, the
verb stands second and the particle trails at the end ("de vraag neemt door de vergrijzing toe").

Without a Dutch lexicon this is a heuristic, tuned to stay quiet rather than guess: a clause
(the recital cut at commas, semicolons and conjunctions) must end in a separable particle, and a
word before it must look like a present-tense verb (ending in -t, or -en for a plural) that does
not follow an article, a pronoun or a preposition (which would make it a noun: "de kwaliteit"),
nor, for -en, an adjective ("kwetsbare ouderen"). Forms in -t win over forms in -en; when more than
one word of the winning kind might be the verb ("de inspectie houdt toezicht op"), nothing is said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

PARTICLES = ("toe", "af", "op", "aan", "uit", "mee", "door", "bij", "terug", "samen", "vast", "in", "over",
             "voor", "na", "weg")

# Words after which the next word is not a finite verb: it is a noun or part of a noun phrase.
_NOT_BEFORE_VERB = set("""
de het een deze die dit dat zijn haar hun hen ons onze uw mijn elk elke ieder iedere alle veel meer minder
enkele sommige geen welke wiens wier beide
naar in op aan van voor door bij met zonder over onder tot uit om na tegen tussen via per binnen buiten
sinds vanaf vanuit tijdens rond achter naast langs dankzij wegens
en of maar
""".split())

# Conjunctions and relative words that start a new clause inside a recital.
_CLAUSE_START = {"terwijl", "omdat", "doordat", "zodat", "waardoor", "wanneer", "als", "nu", "indien",
                 "dat", "die", "waarin", "waarop", "waarmee", "waarbij", "waarvoor", "waar", "en", "maar",
                 "of", "want", "hoewel", "zodra", "totdat", "voordat", "nadat", "zoals"}
_NOUN_ENDINGS = ("heid", "teit", "schap", "ment", "ist", "ant", "ent", "aat", "iet")
_WORD = re.compile(r"[^\W\d_](?:[\w'-]*\w)?")


@dataclass(frozen=True)
class WordOrder:
    """One clause in main-clause order: its finite verb, its particle, and the clause rewritten."""

    clause: str
    verb: str
    particle: str
    fixed: str

    @property
    def joined(self) -> str:
        """The verb form to write: 'toeneemt'."""
        return self.particle + self.verb


def _clauses(text: str) -> list[list[str]]:
    """The words of ``text``, cut into clauses at punctuation and at clause-starting words."""
    out: list[list[str]] = []
    for piece in re.split(r"[,;:()]|\s[-\u2013]\s", text):
        current: list[str] = []
        for match in _WORD.finditer(piece):
            word = match.group(0)
            if word.lower() in _CLAUSE_START and current:
                out.append(current)
                current = []
            current.append(word)
        if current:
            out.append(current)
    return out


def _looks_finite(word: str, previous: str, ending: str) -> bool:
    if word != word.lower() or not word.isalpha() or len(word) < 3 or not word.endswith(ending):
        return False
    if previous.lower() in _NOT_BEFORE_VERB or word.endswith(_NOUN_ENDINGS):
        return False
    # "kwetsbare ouderen": a plural noun after an adjective (a noun in -e, "inspectie houdt", is
    # too common to apply this to the singular forms in -t)
    return not (ending == "en" and previous.endswith("e") and previous.islower() and len(previous) > 3)


def main_clause_order(text: str) -> Optional[WordOrder]:
    """The first clause of ``text`` (a subordinate clause) written in main-clause order, or None."""
    for words in _clauses(text):
        if len(words) < 3 or words[-1] not in PARTICLES:
            continue
        for ending in ("t", "en"):
            candidates = [i for i in range(1, len(words) - 1) if _looks_finite(words[i], words[i - 1], ending)]
            if candidates:
                break
        if len(candidates) != 1:
            continue  # none, or more than one word that might be the verb: rather say nothing
        at = candidates[0]
        fixed = words[:at] + words[at + 1:-1] + [words[-1] + words[at]]
        return WordOrder(" ".join(words), words[at], words[-1], " ".join(fixed))
    return None
