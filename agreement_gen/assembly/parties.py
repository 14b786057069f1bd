"""The comparitie and the signature blocks, written from the parties in a spec."""

from __future__ import annotations

from ..model.agreement import PartyBlock, Signature, Term, Text
from ..spec.load import Party, Representative, Spec

_LEGAL_FORM_PHRASE = {
    "stichting": "een stichting naar Nederlands recht",
    "vereniging": "een vereniging naar Nederlands recht",
    "coöperatie": "een coöperatie naar Nederlands recht",
    "besloten vennootschap": "een besloten vennootschap met beperkte aansprakelijkheid naar Nederlands recht",
    "naamloze vennootschap": "een naamloze vennootschap naar Nederlands recht",
    "openbaar lichaam": "een openbaar lichaam",
    "maatschap": "een maatschap naar Nederlands recht",
    "overig": "een rechtspersoon naar Nederlands recht",
}

_HAS_STATUTES = {"stichting", "vereniging", "coöperatie", "besloten vennootschap", "naamloze vennootschap"}


def _authority(rep: Representative, party: Party) -> str:
    if rep.bevoegdheid == "volmacht":
        return "handelend op grond van een schriftelijke volmacht"
    if party.rechtsvorm == "openbaar lichaam":
        return "bevoegd op grond van de wet"
    return "bevoegd op grond van de statuten"


def _representatives(party: Party) -> str:
    parts = [f"{r.naam}, {r.functie}, {_authority(r, party)}" for r in party.vertegenwoordigers]
    if len(parts) == 1:
        return parts[0]
    return "; ".join(parts[:-1]) + "; en " + parts[-1]


def comparitie(party: Party, last: bool) -> Text:
    seat = "statutair gevestigd" if party.rechtsvorm in _HAS_STATUTES else "gevestigd"
    body = (
        f"{party.naam}, {_LEGAL_FORM_PHRASE[party.rechtsvorm]}, {seat} te {party.vestigingsplaats}, "
        f"kantoorhoudende aan {party.adres}, ingeschreven in het handelsregister van de Kamer van "
        f"Koophandel onder nummer {party.kvk}, te dezen rechtsgeldig vertegenwoordigd door "
        f"{_representatives(party)}, hierna: \u201c"
    )
    return (body, Term(party.korte_naam), "\u201d" + ("," if last else ";"))


def party_blocks(spec: Spec) -> tuple[PartyBlock, ...]:
    count = len(spec.parties)
    return tuple(
        PartyBlock(p.id, comparitie(p, last=(i == count - 1))) for i, p in enumerate(spec.parties)
    )


def parties_closing() -> Text:
    return (
        "hierna gezamenlijk te noemen: \u201c",
        Term("Partijen"),
        "\u201d en ieder afzonderlijk: \u201c",
        Term("Partij"),
        "\u201d,",
    )


def signatures(spec: Spec) -> tuple[Signature, ...]:
    default_place = spec.document.get("plaats_ondertekening")
    out = []
    for party in spec.parties:
        for rep in party.vertegenwoordigers:
            out.append(
                Signature(
                    party=party.naam,
                    party_short=party.korte_naam,
                    naam=rep.naam,
                    functie=rep.functie,
                    plaats=rep.plaats or default_place or party.vestigingsplaats,
                )
            )
    return tuple(out)
