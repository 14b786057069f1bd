"""Many specs in one run: ``agreement-gen build SPEC... -d MAP -j N``.

Each spec is built exactly as ``pipeline.build`` builds it alone (the same bytes); what a batch
adds is sharing and spreading:

* the library stack of the command line (``-l``, or the bundled library) is loaded once, before
  the workers start, and they inherit it; a spec that adds layers of its own (``bibliotheek.lagen``)
  gets that stack loaded once per worker;
* the specs are spread over ``jobs`` worker processes (default: one per core);
* with ``pdf``, one LibreOffice per job (each with one UNO client for all its documents) is
  started before the builds, so it comes up while they run, and converts each draft as soon
  as it is built; an item is reported (``progress``) when its PDF is there too;
* one bad spec does not stop the others: every item reports its own result, and a problem
  anyone can cause is a Dutch message, never a traceback.
"""

from __future__ import annotations

import os
import traceback
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional, Sequence

from .assembly.assemble import assemble
from .assembly.explain import deprecation_lines
from . import resources
from .errors import AgreementGenError, OutputError, display
from .library.clause import Library
from .library.read import load_library
from .output import check_writable, write_atomic
from .library.choose import prepare
from .word.render import render_docx
from .collector import collector_paused

SPEC_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class BatchItem:
    spec: Path
    docx: Optional[Path] = None
    pdf: Optional[Path] = None
    error: Optional[str] = None  # what went wrong, in Dutch
    articles: int = 0
    annexes: int = 0
    note: Optional[str] = None  # the library version chosen from an archive store, if any
    warnings: tuple[str, ...] = ()  # deprecated clauses the draft uses (assembly.explain.deprecation_lines)

    @property
    def ok(self) -> bool:
        return self.error is None


def expand_specs(paths: Sequence[Path | str]) -> list[Path]:
    """Spec files as given, and the .yaml/.yml files directly in a folder, in name order."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SPEC_SUFFIXES and p.is_file()))
        else:
            out.append(path)
    return list(dict.fromkeys(out))


# Library stacks loaded in this process, by their resolved roots; filled before the workers
# fork, so they start with the command line's stack in memory.
_LIBRARIES: dict[tuple[Path, ...], Library] = {}


def _library(roots: list[Path]) -> Library:
    key = tuple(root.resolve() for root in roots)
    if key not in _LIBRARIES:
        _LIBRARIES[key] = load_library(list(key))
    return _LIBRARIES[key]


def _build_one(spec: Path, out: Path, libraries: Optional[tuple], template: Optional[Path], force: bool,
               guidance: bool, archives: tuple = ()) -> BatchItem:
    """One spec -> one .docx, as pipeline.build; every failure becomes the item's message."""
    try:
        with collector_paused():
            loaded, library, note = prepare(spec, libraries, load=_library, archives=archives)
            assembly = assemble(loaded, library)
            agreement = assembly.agreement
            data = render_docx(agreement, template, guidance=guidance)
        write_atomic(out, data, force=force)
        return BatchItem(spec, out, articles=len(agreement.articles), annexes=len(agreement.annexes), note=note,
                         warnings=tuple(deprecation_lines(assembly)))
    except AgreementGenError as exc:
        return BatchItem(spec, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the other specs
        if os.environ.get("AGREEMENT_GEN_DEBUG"):
            traceback.print_exc()
        return BatchItem(spec, error=f"interne fout in agreement-gen ({type(exc).__name__}: {exc}). Dit is een "
                                     "fout in het programma, niet in uw invoer; meld het met de spec erbij.")


def build_many(specs: Sequence[Path | str], outdir: Path | str, libraries: Optional[Sequence[Path | str]] = None,
               template: Optional[Path | str] = None, force: bool = False, guidance: bool = True,
               pdf: bool = False, jobs: Optional[int] = None,
               progress: Optional[Callable[[BatchItem], None]] = None,
               archives: Sequence[Path | str] = ()) -> list[BatchItem]:
    """Build every spec (files, or folders of specs) into ``outdir``/NAME.docx; results in spec order.

    Raises only for what stops every spec (a broken library stack, an output folder that is
    not there, no LibreOffice with ``pdf``); everything else is an item's ``error``.
    """
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise OutputError(f"{display(outdir)}: de uitvoermap bestaat niet; maak haar eerst aan")
    if pdf:
        from .office.pdf import pdf_unavailable
        reason = pdf_unavailable()
        if reason:
            raise OutputError(reason)
    libraries = tuple(Path(d) for d in libraries) if libraries else None
    template = Path(template) if template else None
    todo, results = _plan(expand_specs(specs), outdir, force, pdf)
    if todo:
        _library(list(libraries) if libraries else [resources.clauses_dir()])  # loaded once, before any fork
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    arguments = [(spec, out, libraries, template, force, guidance, tuple(archives)) for spec, out in todo]
    with _Pdfs(jobs if pdf and todo else 0, force, progress) as pdfs:
        if jobs == 1:
            for args in arguments:
                pdfs.add(_build_one(*args), results)
        else:  # processes and threads only here: a single build does not load them (about 10 ms)
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, as_completed

            context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                futures = [pool.submit(_build_one, *args) for args in arguments]
                for future in as_completed(futures):
                    pdfs.add(future.result(), results)
    return [results[spec] for spec in results]


def _plan(specs: list[Path], outdir: Path, force: bool, pdf: bool):
    """Which specs to build to which file; what cannot be built is already a result."""
    results: dict[Path, Optional[BatchItem]] = {}
    todo: list[tuple[Path, Path]] = []
    taken: dict[Path, Path] = {}
    for spec in specs:
        results[spec] = None
        out = outdir / f"{spec.stem}.docx"
        if not spec.is_file():
            results[spec] = BatchItem(spec, error=f"{display(spec)}: geen bestand (bestaat niet of is een map)")
            continue
        if out in taken:
            results[spec] = BatchItem(spec, error=f"{display(spec)}: heeft dezelfde naam als {display(taken[out])}; "
                                                  f"beide zouden {display(out)} worden")
            continue
        try:
            check_writable(out, force)
            if pdf:
                check_writable(out.with_suffix(".pdf"), force)
        except AgreementGenError as exc:
            results[spec] = BatchItem(spec, error=str(exc))
            continue
        taken[out] = spec
        todo.append((spec, out))
    return todo, results


def _report(item: BatchItem, progress: Optional[Callable[[BatchItem], None]]) -> BatchItem:
    if progress is not None:
        progress(item)
    return item


class _Pdfs:
    """PDFs beside the built drafts: ``offices`` LibreOffices, each converting one draft at a time.

    ``add()`` takes a built item: without PDFs (``offices`` 0) or when the build failed it is
    reported at once, otherwise once its PDF is written (or has failed, which becomes the
    item's error). Leaving the ``with`` block waits for every PDF and ends every LibreOffice.
    """

    def __init__(self, offices: int, force: bool, progress: Optional[Callable[[BatchItem], None]]) -> None:
        self.force = force
        self.progress = progress
        self.count = offices
        import queue
        import threading

        self.idle: queue.SimpleQueue = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.stack = ExitStack()
        self.pool = None  # a ThreadPoolExecutor once the first PDF is due
        self.futures: list = []

    def __enter__(self) -> "_Pdfs":
        if self.count:
            from .office.pdf import start_office

            with ExitStack() as starting:
                for _ in range(self.count):  # each soffice comes up while the drafts are built
                    self.idle.put(starting.enter_context(start_office()))
                self.stack = starting.pop_all()
        return self

    def add(self, item: BatchItem, results: dict) -> None:
        if not self.count or not item.ok:
            results[item.spec] = self._report(item)
            return
        if self.pool is None:  # threads only now: the build workers above are forked before
            from concurrent.futures import ThreadPoolExecutor

            self.pool = self.stack.enter_context(ThreadPoolExecutor(self.count, thread_name_prefix="pdf"))
        self.futures.append(self.pool.submit(self._convert, item, results))

    def _convert(self, item: BatchItem, results: dict) -> None:
        from .office.pdf import write_pdf

        office = self.idle.get()
        try:
            item = replace(item, pdf=write_pdf(item.docx, item.docx.with_suffix(".pdf"), self.force, office))
        except AgreementGenError as exc:
            item = replace(item, error=str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the other PDFs
            item = replace(item, error=f"interne fout in agreement-gen bij de PDF ({type(exc).__name__}: {exc}). "
                                       "Dit is een fout in het programma, niet in uw invoer; meld het.")
        finally:
            self.idle.put(office)
        results[item.spec] = self._report(item)

    def _report(self, item: BatchItem) -> BatchItem:
        with self.lock:  # called from the PDF threads as well
            return _report(item, self.progress)

    def __exit__(self, *exc) -> None:
        try:
            for future in self.futures:
                if exc[0] is None:
                    future.result()
                else:
                    future.cancel()
        finally:
            self.stack.close()  # waits for the PDF threads, then ends every LibreOffice
