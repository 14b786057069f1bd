"""The visual review, repeatable: every sample and a redline as PDF and as PNG pages.

Builds every sample in samples/, a spec-to-spec redline (the first sample against an edited copy:
another decision rule, changed cost shares, a party more) and converts each through one running
LibreOffice to PDF (fields and table of contents updated), then with pdftoppm to one PNG per page.
Look at the pages: cover, table of contents, comparitie, articles, signature page, annex tables
and the redline's summary.

Run: python scripts/review_pages.py [OUTDIR] [--dpi 60]
Needs LibreOffice (libreoffice-writer, python3-uno) and poppler-utils.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_gen import pipeline  # noqa: E402
from agreement_gen.office.pdf import pdf_unavailable, start_office, write_pdf  # noqa: E402

REDLINE_BASE = "hartnet-noord.yaml"


def edited_copy(spec: Path, out: Path) -> Path:
    """The spec with the changes a board would review: consent instead of majority, other cost
    shares, one representative more."""
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["besluitvorming"]["regel"] = "consent"
    for key in ("meerderheid_procent", "stemgewicht", "doorslaggevende_stem"):
        data["besluitvorming"].pop(key, None)
    shares = data.get("financiering", {}).get("kostenverdeling", {}).get("aandelen")
    if shares:
        first, second = list(shares)[:2]
        shares[first] -= 5
        shares[second] += 5
    data["document"]["versie"] = "0.4"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=Path("review-pages"))
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    reason = pdf_unavailable()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    out = args.outdir
    out.mkdir(parents=True, exist_ok=True)
    documents = []
    for spec in sorted((ROOT / "samples").glob("*.yaml")):
        docx = out / f"{spec.stem}.docx"
        pipeline.build(spec, docx, force=True)
        documents.append(docx)
    base = ROOT / "samples" / REDLINE_BASE
    edited = edited_copy(base, out / "redline-nieuw.yaml")
    redline = out / "redline.docx"
    pipeline.redline(base, edited, redline, force=True)
    documents.append(redline)
    with start_office() as office:
        for docx in documents:
            pdf = write_pdf(docx, docx.with_suffix(".pdf"), force=True, office=office)
            prefix = out / docx.stem
            for old in out.glob(f"{docx.stem}-*.png"):
                old.unlink()
            subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(pdf), str(prefix)], check=True)
            pages = len(list(out.glob(f"{docx.stem}-*.png")))
            print(f"{pdf.relative_to(out)}: {pages} pagina's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
