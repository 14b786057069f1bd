"""The comparitie and the signature blocks, written from the parties in a spec."""

from __future__ import annotations

from ..model.agreement import PartyBlock, Signature, Term, Text
from ..spec.load import Party, Representative, Spec
from ..dutch import f_datum

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
_GEMEENTEWET_171_1 = "op grond van artikel 171, eerste lid, van de Gemeentewet"
_GEMEENTEWET_171_2 = "artikel 171, tweede lid, van de Gemeentewet"
_COLLEGE = "het college van burgemeester en wethouders"


def _granted(rep: Representative, what: str, party: Party) -> str:
    out = f"handelend op grond van {what}"
    if rep.volmacht_van or rep.volmacht_datum:
        out += ", verleend"
        if rep.volmacht_van:
            out += f" door {rep.volmacht_van}"
        if rep.volmacht_datum:
            out += f" op {f_datum(rep.volmacht_datum)}"
    if party.type == "gemeente" and rep.bevoegdheid == "volmacht" and rep.volmacht_van == "de burgemeester":
        out += f" ({_GEMEENTEWET_171_2})"
    return out


def _authority(rep: Representative, party: Party) -> str:
    if rep.bevoegdheid == "volmacht":
        return _granted(rep, "een schriftelijke volmacht", party)
    if rep.bevoegdheid == "mandaat":
        return _granted(rep, "mandaat", party)
    if rep.bevoegdheid == "wet":
        return _GEMEENTEWET_171_1 if party.type == "gemeente" else "bevoegd op grond van de wet"
    return "bevoegd op grond van de statuten"


def _representatives(party: Party) -> str:
    parts = [f"{r.naam}, {r.functie}, {_authority(r, party)}" for r in party.vertegenwoordigers]
    if len(parts) == 1:
        return parts[0]
    return "; ".join(parts[:-1]) + "; en " + parts[-1]


def _college_decision(party: Party, approvals) -> str:
    """A gemeente acts on a decision of its college (art. 160 Gemeentewet): its date, or the
    condition that it is still to be taken."""
    for approval in approvals:
        if approval["partij"] == party.id and approval["orgaan"] == "college":
            if approval["status"] == "verkregen":
                day = f" van {f_datum(approval['datum'])}" if approval.get("datum") else ""
                return f", ter uitvoering van het besluit van {_COLLEGE}{day}"
            return f", onder voorbehoud van het besluit van {_COLLEGE} tot het aangaan van de Overeenkomst"
    return ""


def comparitie(party: Party, last: bool, approvals=()) -> Text:
    seat = "statutair gevestigd" if party.rechtsvorm in _HAS_STATUTES else "gevestigd"
    if party.rechtsvorm == "openbaar lichaam":
        # A public body is listed in the handelsregister, but is not founded by registering there.
        registry = f"bij de Kamer van Koophandel bekend onder nummer {party.kvk}"
    else:
        registry = f"ingeschreven in het handelsregister van de Kamer van Koophandel onder nummer {party.kvk}"
    decision = _college_decision(party, approvals) if party.type == "gemeente" else ""
    body = (
        f"{party.naam}, {_LEGAL_FORM_PHRASE[party.rechtsvorm]}, {seat} te {party.vestigingsplaats}, "
        f"kantoorhoudende aan {party.adres}, {registry}, te dezen rechtsgeldig vertegenwoordigd door "
        f"{_representatives(party)}{decision}, hierna: \u201c"
    )
    return (body, Term(party.korte_naam), "\u201d" + ("," if last else ";"))


def party_blocks(spec: Spec) -> tuple[PartyBlock, ...]:
    count = len(spec.parties)
    return tuple(
        PartyBlock(p.id, comparitie(p, last=(i == count - 1), approvals=spec.data.get("goedkeuringen") or ()))
        for i, p in enumerate(spec.parties)
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
