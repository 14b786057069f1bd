"""Benchmark: load and check a generated library of 1,000 clauses; print the median time.

    python scripts/bench_library.py            # 1000 clauses, 5 runs
    python scripts/bench_library.py 2000 7     # clauses, runs

The library is written to a temporary directory: a manifest, a seed file to quote from, and
clauses shaped like the bundled ones (front matter with sources and guidance, placeholders, a
loop, a condition, cross-references; slots with a variant per decision rule). Each run loads
it afresh (``load_library``) and runs every check (``check_library``); the target is < 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agreement_gen.library.check import check_library  # noqa: E402
from agreement_gen.library.read import load_library  # noqa: E402
from agreement_gen.spec.schema import DECISION_RULES  # noqa: E402

SEED = """Een gedeelde visie is het vertrekpunt van goede samenwerking.
Partijen bepalen samen wat er moet gebeuren en wie er op welke manier voor gaat betalen.
Maak knelpunten bespreekbaar voordat ze een geschil worden.
"""

ARTICLE = """---
id: art{n:04d}
soort: artikel
titel: Artikel {n}
categorie: governance
{condition}volgorde: {n}
velden: [samenwerking.naam, governance.stuurgroep.vergaderingen_per_jaar, governance.stuurgroep.voorzitter, doelen{extra_field}]
bronnen:
  - bestand: 001_bench.txt
    citaat: "Een gedeelde visie is het vertrekpunt van goede samenwerking."
  - grondslag: "artikel 6:248 BW"
toelichting: >-
  Toelichting bij artikel {n}: wat de opsteller moet beslissen en wat de bronnen aanraden. Partijen
  bepalen samen wat er moet gebeuren; maak knelpunten bespreekbaar voordat ze een geschil worden.
---
{{% set sg = governance.stuurgroep %}}
Partijen werken samen in "{{{{ samenwerking.naam }}}}". De Stuurgroep vergadert ten minste {{{{ sg.vergaderingen_per_jaar | getal }}}} keer per jaar.

Partijen streven de volgende doelen na:
{{% for doel in doelen %}}
- {{{{ doel }}}}{{{{ ';' if not loop.last else '.' }}}}
{{% endfor %}}

{{% if governance.stuurgroep.voorzitter == 'onafhankelijk' %}}
De Stuurgroep heeft een onafhankelijke voorzitter.
{{% else %}}
De voorzitter is een lid van de Stuurgroep, aangewezen door {{{{ partij(governance.stuurgroep.voorzitter).korte_naam }}}}.
{{% endif %}}

Een geschil over dit artikel wordt behandeld volgens {{{{ ref('{target}') }}}}.
"""

VARIANT = """---
id: besluit{n:04d}.{rule}
soort: artikel
titel: Besluitvorming {n}
categorie: besluitvorming
slot: besluit{n:04d}
variant: {rule}
voorwaarde: "besluitvorming.regel == '{rule}'"
volgorde: {n}
velden: [besluitvorming.regel, besluitvorming.quorum]
bronnen:
  - bestand: 001_bench.txt
    citaat: "Partijen bepalen samen wat er moet gebeuren en wie er op welke manier voor gaat betalen."
toelichting: Besluitvorming volgens de regel {rule}.
---
De Stuurgroep besluit volgens de regel {rule}, met een quorum van {{{{ besluitvorming.quorum | getal }}}} Partijen.
"""

DEFINITION = """---
id: def{n:04d}
soort: definitie
term: Begrip{n}
categorie: definities
volgorde: 10
velden: [samenwerking.naam]
bronnen:
  - grondslag: "juridische praktijk"
toelichting: Een gedefinieerd begrip.
---
het begrip {n} binnen "{{{{ samenwerking.naam }}}}"
"""


def generate(root: Path, count: int) -> Path:
    library = root / "bibliotheek"
    for folder in ("artikelen", "definities"):
        (library / folder).mkdir(parents=True)
    (library / "bibliotheek.yaml").write_text(
        "naam: bench\nuitgever: bench\nversie: 1.0.0\ntaal: nl\nspec_versies: [1]\nchangelog:\n"
        "  - versie: 1.0.0\n    datum: 2026-01-01\n    wijzigingen: [Gegenereerd.]\n", encoding="utf-8")
    seeds = root / "bronnen"
    seeds.mkdir()
    (seeds / "001_bench.txt").write_text(SEED, encoding="utf-8")
    written, n = 0, 0
    while written < count:
        n += 1
        if n % 10 == 0 and written + len(DECISION_RULES) <= count:  # a slot with a variant per rule
            for rule in DECISION_RULES:
                (library / "artikelen" / f"besluit{n:04d}-{rule}.md").write_text(
                    VARIANT.format(n=n, rule=rule), encoding="utf-8")
            written += len(DECISION_RULES)
        elif n % 4 == 0:
            (library / "definities" / f"def{n:04d}.md").write_text(DEFINITION.format(n=n), encoding="utf-8")
            written += 1
        else:
            conditional = n % 3 == 0
            (library / "artikelen" / f"art{n:04d}.md").write_text(ARTICLE.format(
                n=n, target="art0001",
                condition="voorwaarde: \"fasering is not none\"\n" if conditional else "",
                extra_field=", fasering" if conditional else "",
            ), encoding="utf-8")
            written += 1
    return library


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Time loading and checking a generated library.")
    parser.add_argument("count", nargs="?", type=int, default=1000, help="number of clauses (default 1000)")
    parser.add_argument("runs", nargs="?", type=int, default=5, help="runs; the median is printed (default 5)")
    args = parser.parse_args(argv[1:])
    count, runs = args.count, args.runs
    with tempfile.TemporaryDirectory() as tmp:
        library_dir = generate(Path(tmp), count)
        seeds = Path(tmp) / "bronnen"
        loads, checks = [], []
        for _ in range(runs):
            start = time.perf_counter()
            library = load_library([library_dir])
            loads.append(time.perf_counter() - start)
            start = time.perf_counter()
            report = check_library([library_dir], seeds=seeds)
            checks.append(time.perf_counter() - start)
        if report.problems:
            print("\n".join(map(str, report.problems[:10])), file=sys.stderr)
            return 1
    load, check = statistics.median(loads), statistics.median(checks)
    print(f"{len(library.clauses)} clausules; mediaan van {runs} runs: laden {load:.2f} s, "
          f"library check (laden en alle controles) {check:.2f} s")
    return 0 if check < 2.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
