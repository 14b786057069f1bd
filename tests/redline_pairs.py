"""Pairs of versions of one sample agreement, for redline tests and the redline benchmark.

Each pair changes one thing a board would see change between two drafts: values, the decision
rule (another variant of the same article), a party added or removed, an article added or
removed, an article moved (another ``volgorde`` in a copy of the library), a cell of an annex
table. Specs are edited as data (PyYAML), libraries in a copy under the caller's directory.
Standard library + agreement_gen only; no pytest.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import yaml

from agreement_gen.assembly.assemble import assemble
from agreement_gen.library.read import Library, load_library
from agreement_gen.model.agreement import Agreement
from agreement_gen.spec.choices import RESPONSE_PERIOD_RULES
from agreement_gen.spec.load import load_spec

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "clauses"

EXTRA_ARTICLE = """---
id: test.evaluatiegesprek
soort: artikel
titel: Evaluatiegesprek
categorie: monitoring
volgorde: {volgorde}
velden: []
bronnen:
  - grondslag: "gangbare praktijk"
toelichting: Een artikel dat alleen de redline-tests toevoegen.
---
Partijen voeren binnen dertig (30) dagen na afloop van elk kalenderjaar een evaluatiegesprek.

Van het evaluatiegesprek wordt een verslag gemaakt dat Partijen binnen veertien (14) dagen ontvangen.
"""

PAIRS = ("waarden", "variant", "partij-erbij", "partij-eraf", "artikel-erbij", "artikel-eraf",
         "artikel-verplaatst", "bijlage-tabel")
OTHER_RULE = {"unanimiteit": "consent"}


@dataclass(frozen=True)
class Pair:
    name: str
    old: Agreement
    new: Agreement


def _write_spec(data: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _with_party(data: dict) -> dict:
    data = copy.deepcopy(data)
    party = copy.deepcopy(data["partijen"][-1])
    party.update(id="testpartij", naam="Stichting Zorggroep Testhaven", korte_naam="ZGT", kvk="49999999",
                 vestigingsplaats="Testhaven", adres="Havenweg 1, 9999 ZZ Testhaven", type="vvt",
                 rechtsvorm="stichting")
    for key in ("kostendragend", "bijdragevorm", "stemrecht", "omvang"):
        party.pop(key, None)
    party["vertegenwoordigers"] = [{"naam": "mr. T. Tester", "functie": "bestuurder", "bevoegdheid": "statuten"}]
    data["partijen"].append(party)
    shares = data["financiering"]["kostenverdeling"].get("aandelen")
    if shares:
        largest = max(shares, key=lambda k: shares[k])
        shares[largest] -= 5
        shares["testpartij"] = 5
    if data.get("contactpersonen"):
        data["contactpersonen"].append({"partij": "testpartij", "naam": "T. de Test", "functie": "coördinator",
                                        "email": "t.detest@zgt.example"})
    return data


def _values(data: dict) -> dict:
    data = copy.deepcopy(data)
    document = data["document"]
    document["versie"] = f"{document['versie']}.1"
    document["datum"] = document["datum"] + dt.timedelta(days=7)
    data["uittreding"]["opzegtermijn_maanden"] += 6
    data["besluitvorming"]["quorum"] = max(1, data["besluitvorming"]["quorum"] - 1)
    return data


def _variant(data: dict, rule: Optional[str] = None) -> dict:
    data = copy.deepcopy(data)
    current = data["besluitvorming"]["regel"]
    data["besluitvorming"]["regel"] = rule or OTHER_RULE.get(current, "unanimiteit")
    if data["besluitvorming"]["regel"] not in RESPONSE_PERIOD_RULES:
        data["besluitvorming"].pop("reactietermijn_dagen", None)  # only those rules have one
    return data


def _annex_cell(data: dict) -> dict:
    """Another contact person and another cost share: cells of two annex tables."""
    data = copy.deepcopy(data)
    if data.get("contactpersonen"):
        data["contactpersonen"][0]["naam"] = "drs. A. van Gewijzigd"
    shares = data["financiering"]["kostenverdeling"].get("aandelen")
    if shares and len(shares) > 1:
        first, second = list(shares)[:2]
        step = min(5, shares[first])
        shares[first] -= step
        shares[second] += step
    return data


def library_copy(workdir: Path, name: str, edit: Optional[Callable[[Path], None]] = None,
                 source: Path = BUNDLED) -> Library:
    target = workdir / f"bibliotheek-{name}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    if edit:
        edit(target)
    return load_library([target])


def _add_article(library_dir: Path) -> None:
    (library_dir / "artikelen" / "test-evaluatiegesprek.md").write_text(
        EXTRA_ARTICLE.format(volgorde=_middle_order(library_dir)), encoding="utf-8")


def _middle_order(library_dir: Path) -> int:
    orders = sorted(int(line.split(":")[1]) for path in (library_dir / "artikelen").glob("*.md")
                    for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("volgorde:"))
    return orders[len(orders) // 2] + 1


def move_article(clause_file: str, volgorde: int) -> Callable[[Path], None]:
    def edit(library_dir: Path) -> None:
        path = library_dir / "artikelen" / clause_file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(f"volgorde: {volgorde}\n" if line.startswith("volgorde:") else line
                                for line in lines), encoding="utf-8")
    return edit


class PairMaker:
    """Builds the pairs for the samples; libraries are loaded once."""

    def __init__(self, workdir: Path, source: Path = BUNDLED, move: tuple[str, int] = ("doel.md", 455),
                 rule: Optional[str] = None):
        self.rule = rule
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.base = library_copy(self.workdir, "basis", source=source)
        self.added = library_copy(self.workdir, "artikel", _add_article, source)
        self.moved = library_copy(self.workdir, "verplaatst", move_article(*move), source)

    def agreement(self, data: dict, library: Library, name: str) -> Agreement:
        path = _write_spec(data, self.workdir / f"{name}.yaml")
        return assemble(load_spec(path), library).agreement

    def pairs(self, sample: Path, names=PAIRS) -> list[Pair]:
        data = yaml.safe_load(sample.read_text(encoding="utf-8"))
        stem = sample.stem
        base = self.agreement(data, self.base, f"{stem}-basis")
        out = []
        for name in names:
            if name == "waarden":
                out.append(Pair(name, base, self.agreement(_values(data), self.base, f"{stem}-{name}")))
            elif name == "variant":
                out.append(Pair(name, base, self.agreement(_variant(data, self.rule), self.base, f"{stem}-{name}")))
            elif name in ("partij-erbij", "partij-eraf"):
                more = self.agreement(_with_party(data), self.base, f"{stem}-partij")
                out.append(Pair(name, base, more) if name == "partij-erbij" else Pair(name, more, base))
            elif name in ("artikel-erbij", "artikel-eraf"):
                more = self.agreement(data, self.added, f"{stem}-artikel")
                out.append(Pair(name, base, more) if name == "artikel-erbij" else Pair(name, more, base))
            elif name == "artikel-verplaatst":
                out.append(Pair(name, base, self.agreement(data, self.moved, f"{stem}-{name}")))
            elif name == "bijlage-tabel":
                out.append(Pair(name, base, self.agreement(_annex_cell(data), self.base, f"{stem}-{name}")))
            else:
                raise ValueError(name)
        return out
