"""The speed and memory figures of issue 15, measured in one run, each beside its target.

    python scripts/bench.py                 # 5 runs per figure (medians), about two minutes
    python scripts/bench.py --runs 9

Every figure is a whole process (``agreement-gen ...`` as a user starts it), timed from start
to exit; peak memory is the process's own maximum resident set (``wait4``). The import floor
is a process that only imports the stack agreement-gen is built on. Parties: the largest
sample with parties added (or removed) to 2, 10, 25, 50 and 100; the specs are written to a
temporary folder. Figures that a feature not yet built would give are printed as such, not
guessed. The cache (~/.cache/agreement-gen, see codecache.py: compiled texts, loaded libraries)
is warmed by one build first; ``--cold`` points it at an empty folder for every process instead
(``AGREEMENT_GEN_CACHE=uit``).

The two sides of each ratio are measured in turn (floor, --version and the largest build; the
builds with 2 to 100 parties; the spec redline and its build; the .docx redline and
python-redlines), so that a stretch in which this shared machine runs slow falls on both.

Bytecode: the stack's packages carry the .pyc files pip wrote when it installed them. An
editable install of agreement-gen has none while PYTHONDONTWRITEBYTECODE is set (as on these
machines), and then every process compiles the whole package again, which a user's install
(pip compiles what it installs) never does. So the bench compiles agreement_gen's bytecode
first (``compileall``, beside the sources, in ``__pycache__``) and says so in its first line;
``--no-compile`` leaves it as it is and says that instead.
"""

from __future__ import annotations

import argparse
import compileall
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LARGEST = ROOT / "samples" / "zorgcoordinatie-apeldoorn-zutphen.yaml"
STACK = "import click, cerberus, docxtpl, docx, jinja2, yaml, lxml.etree"
MIB = 1024 * 1024


def agreement_gen() -> list[str]:
    exe = Path(sys.executable).with_name("agreement-gen")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "agreement_gen"]


def measure(cmd: list[str], env: dict) -> tuple[float, float]:
    """(seconds, peak MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode(errors='replace')[-2000:]}")
    return seconds, usage.ru_maxrss * 1024 / MIB


def median(cmd: list[str], runs: int, env: dict) -> tuple[float, float]:
    results = [measure(cmd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def alternated(commands: list[list[str]], runs: int, env: dict) -> list[tuple[float, float]]:
    """``median`` of each command, measured in turn (a, b, a, b, ...): the figures of a ratio come
    from the same minutes, so a machine that slows down for a while slows both sides alike."""
    results: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for cmd, found in zip(commands, results):
            found.append(measure(cmd, env))
    return [(statistics.median(r[0] for r in found), max(r[1] for r in found)) for found in results]


def scaled(n: int) -> dict:
    """The largest sample with ``n`` parties: its own first, then generated home-care providers."""
    data = yaml.safe_load(LARGEST.read_text(encoding="utf-8"))
    parties = data["partijen"]
    if n < len(parties):
        keep = [p for p in parties if p["type"] not in ("gemeente", "zorgverzekeraar")][:n]
        ids = {p["id"] for p in keep}
        data["partijen"] = parties = keep
        for key in ("goedkeuringen", "rollen", "contactpersonen"):
            data[key] = [item for item in data.get(key, []) if item["partij"] in ids]
        governance = data["governance"]
        governance.pop("rol_gemeente", None)
        governance.pop("rol_zorgverzekeraar", None)
        if governance["stuurgroep"]["voorzitter"] not in ids:
            governance["stuurgroep"]["voorzitter"] = keep[0]["id"]
        if governance.get("procescoordinator", {}).get("bekostiging") not in ids | {None, "gezamenlijk"}:
            governance["procescoordinator"]["bekostiging"] = keep[0]["id"]
        decisions = data["besluitvorming"]
        decisions["quorum"] = min(decisions.get("quorum", n), n)
        if n == 2:
            decisions["regel"] = "unanimiteit"
            decisions.pop("per_onderwerp", None)
        money = data["financiering"]
        money["bronnen"] = [b for b in money["bronnen"] if b not in ("gemeente", "zorgverzekeraar")]
        if money.get("penvoerder") not in ids:
            money["penvoerder"] = keep[0]["id"]
    number = 0
    while len(parties) < n:
        number += 1
        pid = f"vvt{number:03d}"
        parties.append({
            "id": pid, "naam": f"Stichting Zorg & Welzijn Regio {number}", "korte_naam": f"ZWR{number}",
            "rechtsvorm": "stichting", "type": "vvt", "kvk": f"{60000000 + number}", "vestigingsplaats": "Deventer",
            "adres": f"Brink {number}, 7411 BR Deventer",
            "vertegenwoordigers": [{"naam": f"dr. A. Bestuurder {number}", "functie": "bestuurder",
                                    "bevoegdheid": "statuten"}]})
        data["rollen"].append({"partij": pid, "taken": ["levert wijkverpleegkundigen"]})
        data["contactpersonen"].append({"partij": pid, "naam": f"C. Contact {number}", "functie": "manager",
                                        "email": f"c{number}@zwr.example"})
    bearing = [p["id"] for p in parties if p["type"] not in ("gemeente", "zorgverzekeraar")]
    share, rest = divmod(100, len(bearing))
    data["financiering"]["kostenverdeling"] = {
        "methode": "gelijk", "aandelen": {pid: share + (i < rest) for i, pid in enumerate(bearing)}}
    return data


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, figure: str, target: str = "", holds: bool | None = None) -> None:
        self.rows.append((what, figure, target, "" if holds is None else ("ja" if holds else "NEE")))
        print(f"  {what:<46} {figure:<34} {target:<30} {self.rows[-1][3]}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="an empty compiled-text cache for every process")
    parser.add_argument("--no-compile", action="store_true", help="do not compile agreement_gen's bytecode first")
    args = parser.parse_args()
    package = Path(__import__("agreement_gen").__file__).parent
    if args.no_compile:
        bytecode = "niet vooraf gecompileerd"
    else:
        compileall.compile_dir(package, quiet=1)
        bytecode = "agreement_gen vooraf gecompileerd (zoals pip install doet)"
    print(f"bytecode: {bytecode}; PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    env = dict(os.environ)
    work = Path(tempfile.mkdtemp(prefix="agreement-gen-bench-"))
    cache = work / "cache"
    env["AGREEMENT_GEN_CACHE"] = str(cache)
    ag = agreement_gen()
    table = Table()
    print(f"{args.runs} runs per figure (medians); Python {sys.version.split()[0]}; {os.cpu_count()} cores")
    print(f"  {'meting':<46} {'gemeten':<34} {'doel':<30} haalt")
    try:
        subprocess.run(ag + ["build", str(LARGEST), "-o", str(work / "warm.docx")], env=env, check=True,
                       capture_output=True)
        if args.cold:
            shutil.rmtree(cache)
            env["AGREEMENT_GEN_CACHE"] = "uit"
        largest = ag + ["build", str(LARGEST), "-o", str(work / f"{LARGEST.stem}.docx"), "--force"]
        (floor, floor_mem), (version, _), largest_build = alternated(
            [[sys.executable, "-c", STACK], ag + ["--version"], largest], args.runs, env)
        table.add("importvloer (click, cerberus, docxtpl, ...)", f"{floor:.3f} s, {floor_mem:.0f} MiB")
        table.add("agreement-gen --version", f"{version:.3f} s = {version / floor:.2f}x vloer")
        builds = {}
        for spec in sorted((ROOT / "samples").glob("*.yaml")):
            out = work / f"{spec.stem}.docx"
            if spec == LARGEST:  # measured in turn with the floor, above
                seconds, mem = largest_build
            else:
                seconds, mem = median(ag + ["build", str(spec), "-o", str(out), "--force"], args.runs, env)
            builds[spec.stem] = seconds
            holds = seconds <= 2 * floor if spec == LARGEST else None
            table.add(f"build {spec.stem}", f"{seconds:.3f} s = {seconds / floor:.2f}x vloer, {mem:.0f} MiB",
                      "<= 2x vloer (grootste)" if spec == LARGEST else "", holds)
        counts = (2, 10, 25, 50, 100)
        commands = []
        for n in counts:
            spec = work / f"partijen-{n}.yaml"
            spec.write_text(yaml.safe_dump(scaled(n), allow_unicode=True, sort_keys=False), encoding="utf-8")
            commands.append(ag + ["build", str(spec), "-o", str(work / f"p{n}.docx"), "--force"])
        curve = {}
        for n, (seconds, mem) in zip(counts, alternated(commands, args.runs, env)):
            curve[n] = seconds
            table.add(f"build met {n} partijen", f"{seconds:.3f} s, {mem:.0f} MiB", "< 120 MiB", mem < 120)
        table.add("100 partijen / 10 partijen", f"{curve[100] / curve[10]:.2f}x", "<= 1.5x", curve[100] / curve[10] <= 1.5)
        pairs = _pairs(work)
        (seconds, mem), (build_old, _) = alternated(
            [ag + ["redline", str(pairs[0]), str(pairs[1]), "-o", str(work / "r1.docx"), "--force"],
             ag + ["build", str(pairs[0]), "-o", str(work / "b.docx"), "--force"]], args.runs, env)
        table.add("redline spec -> spec", f"{seconds:.3f} s = {seconds / build_old:.2f}x build, {mem:.0f} MiB",
                  "<= 1.3x build", seconds <= 1.3 * build_old)
        docs = [work / "oud.docx", work / "nieuw.docx"]
        for spec, doc in zip(pairs, docs):
            subprocess.run(ag + ["build", str(spec), "-o", str(doc), "--force"], env=env, check=True,
                           capture_output=True)
        ours = ag + ["redline", str(docs[0]), str(docs[1]), "-o", str(work / "r2.docx"), "--force"]
        try:
            from python_redlines import DocxodusEngine
        except ImportError:
            seconds, mem = median(ours, args.runs, env)
            table.add("redline .docx -> .docx", f"{seconds:.3f} s, {mem:.0f} MiB", "< 120 MiB", mem < 120)
            table.add("  tegen python-redlines", "niet gemeten: pip install -e '.[bench]'",
                      ">= 5x sneller (proces)")
        else:
            code = ("import sys; from python_redlines import DocxodusEngine as E; "
                    "open(sys.argv[3], 'wb').write(E().run_redline('agreement-gen', sys.argv[1], sys.argv[2])[0])")
            (seconds, mem), (theirs, theirs_mem) = alternated(
                [ours, [sys.executable, "-c", code, str(docs[0]), str(docs[1]), str(work / "r3.docx")]], args.runs, env)
            table.add("redline .docx -> .docx", f"{seconds:.3f} s, {mem:.0f} MiB", "< 120 MiB", mem < 120)
            table.add("  python-redlines (Docxodus), proces", f"{theirs:.3f} s = {theirs / seconds:.1f}x trager",
                      ">= 5x sneller (proces)", theirs / seconds >= 5)
            ours_in, theirs_in = _in_process(docs, work, args.runs, DocxodusEngine())
            table.add("  in één proces", f"{ours_in:.3f} s tegen {theirs_in:.3f} s = {theirs_in / ours_in:.1f}x",
                      ">= 15x sneller (in proces)", theirs_in / ours_in >= 15)
        batch = _batch_specs(work / "batch", 100)
        out = work / "batch-uit"
        out.mkdir()
        seconds, mem = median(ag + ["build", str(batch), "-d", str(out), "-j", str(os.cpu_count() or 1), "--force"],
                              max(1, args.runs // 2), env)
        table.add(f"batch van 100 specs (-j {os.cpu_count()})", f"{seconds:.2f} s, {mem:.0f} MiB", "<= 8 s", seconds <= 8)
        same = all((out / f"{spec.stem}.docx").read_bytes() == (work / f"{spec.stem}.docx").read_bytes()
                   for spec in sorted((ROOT / "samples").glob("*.yaml")))
        table.add("  byte-gelijk aan losse builds", "ja" if same else "NEE", "ja", same)
        from agreement_gen.office.pdf import pdf_unavailable
        reason = pdf_unavailable()
        if reason:
            table.add("batch van 20 met --pdf", "niet gemeten: LibreOffice ontbreekt", "<= 1.0 s per document")
        else:
            pdf_batch = _batch_specs(work / "pdf-batch", 20)
            pdf_out = work / "pdf-uit"
            pdf_out.mkdir()
            seconds, mem = measure(ag + ["build", str(pdf_batch), "-d", str(pdf_out), "--pdf", "--force"], env)
            table.add("batch van 20 met --pdf", f"{seconds:.1f} s = {seconds / 20:.2f} s per document",
                      "<= 1.0 s per document", seconds / 20 <= 1.0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _in_process(docs: list[Path], work: Path, runs: int, engine) -> tuple[float, float]:
    """Median seconds of one .docx redline in this process: agreement-gen's and python-redlines'."""
    from agreement_gen import pipeline

    ours, theirs = [], []
    for run in range(runs + 1):  # the first of each is a warm-up
        start = time.perf_counter()
        pipeline.redline(docs[0], docs[1], work / "r4.docx", force=True)
        middle = time.perf_counter()
        (work / "r5.docx").write_bytes(engine.run_redline("agreement-gen", docs[0], docs[1])[0])
        end = time.perf_counter()
        if run:
            ours.append(middle - start)
            theirs.append(end - middle)
    return statistics.median(ours), statistics.median(theirs)


def _batch_specs(folder: Path, count: int) -> Path:
    """``count`` specs: the samples in turn (those whose names come first keep them, so the
    first six are the samples themselves and can be compared with their single builds)."""
    folder.mkdir()
    shutil.copytree(ROOT / "samples" / "lagen", folder / "lagen")
    samples = sorted((ROOT / "samples").glob("*.yaml"))
    for number in range(count):
        sample = samples[number % len(samples)]
        name = sample.name if number < len(samples) else f"spec-{number:03d}.yaml"
        shutil.copy(sample, folder / name)
    return folder


def _pairs(work: Path) -> tuple[Path, Path]:
    """The largest sample and a version with two values changed (as a board would review)."""
    old = yaml.safe_load(LARGEST.read_text(encoding="utf-8"))
    new = copy.deepcopy(old)
    new["uittreding"]["opzegtermijn_maanden"] = old["uittreding"]["opzegtermijn_maanden"] + 6
    new["governance"]["stuurgroep"]["vergaderingen_per_jaar"] += 2
    paths = (work / "oud.yaml", work / "nieuw.yaml")
    for path, data in zip(paths, (old, new)):
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return paths


if __name__ == "__main__":
    sys.exit(main())
