"""Time agreement-gen's redline against python-redlines on the same pairs, in one run.

    pip install -e ".[bench]"          # python-redlines with its Docxodus engine (~100 MB)
    python scripts/bench_redline.py [--runs 5] [--samples hartnet-noord ...] [--libreoffice]

For every sample (or the ones named) the pairs of tests/redline_pairs.py are built with the
bundled library and written as two .docx files, as ``agreement-gen build`` makes them. Both
tools then turn each pair of files into a redline file, ``--runs`` times, interleaved; the
table shows the median seconds per tool and the ratio. Every output is checked: accepting all
changes must give the new document's text and rejecting all the old one's (pure-Python accept/
reject, paragraph by paragraph; with --libreoffice also by LibreOffice). Exit code 1 when an
output of agreement-gen fails the check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from docx.oxml.parser import parse_xml  # noqa: E402

from agreement_gen import pipeline  # noqa: E402
from agreement_gen.redline import compare as R  # noqa: E402
from agreement_gen.redline import revisions  # noqa: E402
from agreement_gen.word.render import render_docx  # noqa: E402
from redline_pairs import PairMaker  # noqa: E402

AUTHOR = "agreement-gen"


def text_lines(root) -> list[str]:
    """Paragraph texts and table structure, without style names (the tools differ in those)."""
    return [line.split("] ", 1)[1] if line.lstrip().startswith("[") and "] " in line else line.rstrip("]").rstrip()
            for line in revisions.text_lines(root)]


def body(data: bytes):
    return parse_xml(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def check(redline: bytes, old: bytes, new: bytes, summary: bool) -> bool:
    root = body(redline)
    accepted = text_lines(revisions.accept_all(root))
    rejected = text_lines(revisions.reject_all(root))
    if summary:
        accepted, rejected = (lines[[R.SUMMARY_END in x for x in lines].index(True) + 1:]
                              for lines in (accepted, rejected))
    return accepted == text_lines(body(new)) and rejected == text_lines(body(old))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--samples", nargs="*", help="sample names (default: all in samples/)")
    parser.add_argument("--libreoffice", action="store_true", help="also check every output with LibreOffice")
    args = parser.parse_args()
    try:
        from python_redlines import DocxodusEngine
    except ImportError:
        print("python-redlines ontbreekt: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    engine = DocxodusEngine()
    samples = sorted((ROOT / "samples").glob("*.yaml"))
    if args.samples:
        samples = [s for s in samples if s.stem in args.samples]
    work = Path(tempfile.mkdtemp(prefix="bench_redline_"))
    maker = PairMaker(work / "pairs")
    office = None
    if args.libreoffice:
        from office import Office

        office = Office()
    rows = []
    failed = False
    date = dt.datetime(2026, 1, 1)
    try:
        for sample in samples:
            for pair in maker.pairs(sample):
                old, new = work / f"{sample.stem}-{pair.name}-oud.docx", work / f"{sample.stem}-{pair.name}-nieuw.docx"
                old.write_bytes(render_docx(pair.old))
                new.write_bytes(render_docx(pair.new))
                ours_path, theirs_path = work / "ours.docx", work / "theirs.docx"
                ours_times, theirs_times = [], []
                for run in range(args.runs + 1):  # the first run of each is a warm-up
                    start = time.perf_counter()
                    pipeline.redline(old, new, ours_path, author=AUTHOR, date=date, force=True)
                    middle = time.perf_counter()
                    output, _, _ = engine.run_redline(AUTHOR, old, new, date_time=date.strftime("%Y-%m-%dT%H:%M:%SZ"))
                    theirs_path.write_bytes(output)
                    end = time.perf_counter()
                    if run:
                        ours_times.append(middle - start)
                        theirs_times.append(end - middle)
                ours_ok = check(ours_path.read_bytes(), old.read_bytes(), new.read_bytes(), summary=True)
                theirs_ok = check(theirs_path.read_bytes(), old.read_bytes(), new.read_bytes(), summary=False)
                if office is not None:
                    ours_ok = ours_ok and _office_check(office, ours_path, old, new, True)
                    theirs_ok = theirs_ok and _office_check(office, theirs_path, old, new, False)
                failed = failed or not ours_ok
                ours, theirs = statistics.median(ours_times), statistics.median(theirs_times)
                rows.append((sample.stem, pair.name, new.stat().st_size, ours, theirs, ours_ok, theirs_ok))
                print(f"{sample.stem:36} {pair.name:19} {ours:7.3f} s {'ok' if ours_ok else 'FOUT':4}  "
                      f"{theirs:7.3f} s {'ok' if theirs_ok else 'FOUT':4}  {theirs / ours:5.1f}x", flush=True)
    finally:
        if office is not None:
            office.close()
    largest = max(rows, key=lambda row: row[2])[0]
    print()
    print(f"runs per pair: {args.runs} (median), pairs: {len(rows)}, checks: pure-Python"
          + (" + LibreOffice" if office is not None else ""))
    for name in sorted({row[0] for row in rows}):
        mine = [row for row in rows if row[0] == name]
        ours = statistics.median(row[3] for row in mine)
        theirs = statistics.median(row[4] for row in mine)
        marker = "  <- grootste" if name == largest else ""
        print(f"{name:36} agreement-gen {ours:.3f} s  python-redlines {theirs:.3f} s  "
              f"{theirs / ours:.1f}x sneller  (checks: {sum(r[5] for r in mine)}/{len(mine)} en "
              f"{sum(r[6] for r in mine)}/{len(mine)}){marker}")
    return 1 if failed else 0


def _office_check(office, redline: Path, old: Path, new: Path, summary: bool) -> bool:
    def lines(text: str) -> list[str]:
        out = [line for line in text.splitlines() if line.strip()]
        if summary:
            out = out[[R.SUMMARY_END in x for x in out].index(True) + 1:]
        return [line.rsplit("\t", 1)[0] if "\t" in line else line for line in out]

    accepted = lines(office.accept_all_text(redline))
    rejected = lines(office.reject_all_text(redline))
    expect_new = [line.rsplit("\t", 1)[0] if "\t" in line else line for line in office.text(new).splitlines()
                  if line.strip()]
    expect_old = [line.rsplit("\t", 1)[0] if "\t" in line else line for line in office.text(old).splitlines()
                  if line.strip()]
    return accepted == expect_new and rejected == expect_old


if __name__ == "__main__":
    sys.exit(main())
