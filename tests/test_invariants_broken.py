"""Each invariant of test_invariants.py fails on a deliberately broken clause.

A copy of the bundled clause library gets one clause edited the way a maintainer could get it
wrong; the spec that shows the edit is drafted with the bundled library (the invariant holds)
and with the broken copy (the invariant reports the break). A check that cannot tell them apart
proves nothing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from agreement_gen.errors import BuildError
from agreement_gen.library.read import load_library
from agreement_gen.model.text import render_text
from agreement_gen.pipeline import draft
from agreement_gen.resources import clauses_dir
from specgen import example_data, spec_from_data
from test_invariants import CHECKS, library


def _party(i: int, ptype: str, naam: str, kort: str) -> dict:
    base = example_data()["partijen"][0]
    public = ptype == "gemeente"
    return dict(base, id=f"{'gem' if public else 'zv'}{i}", naam=naam, korte_naam=kort, type=ptype,
                kvk=f"6400000{i}", vestigingsplaats="Ede",
                rechtsvorm="openbaar lichaam" if public else "coöperatie",
                vertegenwoordigers=[{"naam": "J. Jansen", "functie": "wethouder" if public else "directeur",
                                     "bevoegdheid": "volmacht"}])


def _with_parties(*extra: dict, **changes) -> dict:
    data = example_data(**changes)
    data["partijen"].extend(extra)
    return data


GEMEENTE = _party(4, "gemeente", "Gemeente Ede", "Gemeente Ede")
VERZEKERAAR = _party(5, "zorgverzekeraar", "Coöperatie Zorgverzekeraar Midden U.A.", "ZV Midden")
TWO = example_data()
TWO["partijen"] = TWO["partijen"][:2]
TWO["besluitvorming"] = {"regel": "unanimiteit", "quorum": 2}

# name -> (spec data, [(clause file, old text or None to append, new text)])
BREAKS = {
    "references": (example_data(), [("artikelen/doel.md", None, "Zie ook {{ ref('procescoordinator') }}.")]),
    "no_raw_values": (
        example_data(governance={"stuurgroep": {"voorzitter": "zkh1", "vergaderingen_per_jaar": 4}}),
        [("artikelen/stuurgroep.md", "partij(sg.voorzitter).korte_naam", "sg.voorzitter")]),
    "defined_terms": (example_data(), [("artikelen/doel.md", None, "De Procescoördinator ondersteunt Partijen.")]),
    "one_binding_forum": (
        example_data(geschillen={"beslechting": "arbitrage"}),
        [("artikelen/escalatie.md", None,
          "Levert ook de mediation geen oplossing op, dan beslist een bindend adviseur het geschil.")]),
    "decision_wording": (
        example_data(besluitvorming={"regel": "consent", "quorum": 2}),
        [("artikelen/mandaat.md", None, "Iedere Afgevaardigde brengt zijn stem uit namens zijn Partij.")]),
    "insurer_bears_no_deficit": (
        _with_parties(VERZEKERAAR, financiering={"bronnen": ["eigen_middelen", "zorgverzekeraar"],
                                                 "penvoerder": "zkh1", "kostenverdeling": {"methode": "gelijk"}}),
        [("artikelen/budgetoverschrijding.md", None,
          "Een tekort wordt door alle Partijen gedragen, ieder voor een gelijk deel.")]),
    "no_market_division": (
        example_data(),
        [("artikelen/regionaal-belang.md", None, "Partijen komen onderling een verdeling van de patiëntenstromen in het Werkgebied overeen.")]),
    "condition_precedent": (
        example_data(goedkeuringen=[{"partij": "zkh1", "orgaan": "raad_van_toezicht", "status": "vereist"}]),
        [("artikelen/looptijd.md", "opschortende voorwaarde", "voorwaarde")]),
    "municipal_money_qualified": (
        _with_parties(GEMEENTE, financiering={"bronnen": ["eigen_middelen", "gemeente"], "penvoerder": "zkh1",
                                              "kostenverdeling": {"methode": "gelijk"}}),
        [(path, pattern, "bijdrage") for path in ("artikelen/financiering.md", "artikelen/kostenverdeling.md",
                                                   "artikelen/budgetoverschrijding.md", "bijlagen/kostenverdeling.md")
         for pattern in (re.compile(r"(?<!['.\w])(subsidie\w*|Awb|Algemene wet bestuursrecht|opdracht\b"
                                    r"|Aanbestedingswet)(?!')"),)]),
    "two_party_wording": (TWO, [("artikelen/transparantie.md", None, "De andere Partijen worden daarover geïnformeerd.")]),
    "processors_are_not_everyone": (
        _with_parties(GEMEENTE, gegevensuitwisseling={
            "rol": "verwerker", "verwerkingsverantwoordelijke": "zkh1",
            "verwerkingen": [{"naam": "de centrale planning", "externe_verwerkers": ["Zorgplatform B.V."]}]}),
        [("artikelen/gegevens-verwerker.md", None,
          "De andere Partijen verwerken die Persoonsgegevens in opdracht van Franciscus en zijn daarbij verwerker.")]),
}


def _broken_copy(tmp_path: Path, edits) -> Path:
    root = tmp_path / "clauses"
    shutil.copytree(clauses_dir(), root)
    for relative, old, new in edits:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        if old is None:
            text = text.rstrip("\n") + "\n\n" + new + "\n"
        elif isinstance(old, re.Pattern):
            head, body = text.split("\n---\n", 1)
            body = old.sub(new, body)
            text = head + "\n---\n" + body
        else:
            assert old in text, f"{relative}: '{old}' staat niet (meer) in de clausule; pas de breuk aan"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return root


def test_every_check_has_a_break():
    assert set(BREAKS) == set(CHECKS)


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_invariant_fails_on_a_broken_clause(tmp_path, name):
    data, edits = BREAKS[name]
    check = CHECKS[name]
    spec = spec_from_data(data)
    sound = draft(spec, library=library()).agreement
    assert check(spec, sound, render_text(sound)) == [], "de check slaat al aan op de bibliotheek zelf"
    broken_library = load_library([_broken_copy(tmp_path, edits)])
    if name == "references":
        # A reference to a clause the draft does not hold is refused by the assembler itself,
        # before any check could see it: that refusal is the invariant failing.
        with pytest.raises(BuildError, match="verwijst naar 'procescoordinator'"):
            draft(spec, library=broken_library)
        return
    broken = draft(spec, library=broken_library).agreement
    problems = check(spec, broken, render_text(broken))
    assert problems, f"de check '{name}' ziet de kapotte clausule niet"
