"""Build every sample spec in samples/ into out/NAME.docx (and out/NAME.txt).

This is the README's demo command. It overwrites its own output folder on purpose.
"""

from __future__ import annotations

import sys
from pathlib import Path

from agreement_gen.errors import AgreementGenError
from agreement_gen.pipeline import build

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    failures = 0
    for spec in sorted((ROOT / "samples").glob("*.yaml")):
        try:
            result = build(spec, out / f"{spec.stem}.docx", force=True, text_out=out / f"{spec.stem}.txt")
        except AgreementGenError as exc:
            failures += 1
            print(f"Fout: {exc}", file=sys.stderr)
            continue
        agreement = result.assembly.agreement
        print(f"{result.docx.relative_to(ROOT)}: {len(agreement.parties)} partijen, "
              f"{len(agreement.articles)} artikelen, {len(agreement.annexes)} bijlagen")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
