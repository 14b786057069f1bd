"""The public Python API: the plain functions behind every command of the CLI.

Use agreement-gen as a library through these::

    from agreement_gen.pipeline import draft, build, render_text
    assembly = draft("samples/hartnet-noord.yaml")
    print(render_text(assembly.agreement))
    build("samples/hartnet-noord.yaml", "hartnet.docx")

The CLI (and any other front end) calls only this module; it is the one place where the
stages meet: spec -> (library) -> assembly -> model -> word / redline / office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from .errors import AgreementGenError, LibraryError, OutputError, display
from .output import check_writable, write_atomic

# Every stage is imported where it is used, so that a command loads only what it needs: `build`
# not the redline, the library checks or the LibreOffice bridge; `redline A.docx B.docx` not
# Cerberus, Jinja, docxtpl or the spec, library and assembly stack. The names below are part of
# the API all the same (``from agreement_gen.pipeline import load_spec``): loaded on first use.
_API = {
    "Assembly": "assembly.assemble", "assemble": "assembly.assemble",
    "SPEC_SUFFIXES": "batch", "BatchItem": "batch", "build_many": "batch", "expand_specs": "batch",
    "defaults_lines": "assembly.explain", "deprecation_lines": "assembly.explain", "explain_json": "assembly.explain", "explain_text": "assembly.explain",
    "Library": "library.clause", "check_pin": "library.pins", "layer_roots": "library.pins",
    "library_error": "library.read", "load_library": "library.read", "render_text": "model.text",
    "bears_costs": "spec.defaults", "Spec": "spec.load", "load_spec": "spec.load", "validate_spec": "spec.load",
    "render_docx": "word.render", "Redline": "redline.version", "Version": "redline.version",
    "spec_schema": "starting", "field_doc": "starting", "starter_hints": "starting", "write_starter": "starting",
    "sample_names": "starting", "copy_sample": "starting", "migrate": "library.spec_migration", "migration_text": "library.spec_migration",
    "release_library": "library.release", "ReleaseResult": "library.release",
    "upgrade": "upgrade.run", "Upgrade": "upgrade.run", "upgrade_text": "upgrade.report", "upgrade_json": "upgrade.report",
}
SPEC_FILES = (".yaml", ".yml")  # batch.SPEC_SUFFIXES, without loading the batch for a .docx redline

if TYPE_CHECKING:
    from .assembly.assemble import Assembly
    from .library.check import CheckReport
    from .library.clause import Library
    from .redline.version import Redline, Version
    from .register.scan import Register
    from .review.finding import Review
    from .spec.load import Spec
    from .word.template_check import TemplateReport


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(f".{_API[name]}", __package__), name)
    globals()[name] = value
    return value


__all__ = [
    "Assembly", "BatchItem", "BuildResult", "Redline", "build", "build_many", "check_library", "check_template",
    "copy_sample", "defaults_text", "draft", "explain", "explain_json", "explain_text", "field_doc", "inspect",
    "library_diff", "library_list", "library_show", "load_spec", "redline", "register", "register_csv",
    "register_text", "release_library", "render_text", "review", "review_json", "review_text", "sample_names",
    "spec_schema", "upgrade", "upgrade_json", "upgrade_text", "write_starter",
]


@dataclass(frozen=True)
class BuildResult:
    assembly: Assembly
    docx: Path
    text: Optional[Path]
    pdf: Optional[Path] = None


# --- spec -> agreement -> files ----------------------------------------------------------


def draft(spec: Path | str | Spec, libraries: Optional[Sequence[Path | str]] = None,
          library: Optional[Library] = None, archives: Sequence[Path | str] = ()) -> Assembly:
    """Assemble the agreement for a spec (a path or a loaded Spec) and a clause library.

    The library is ``libraries`` (default: the bundled one) with the spec's own layers
    (``bibliotheek.lagen``) on top; it must fit the spec's pin (``bibliotheek.naam/versie``), else the
    best release in the archive stores is used (``library.choose``) and ``Assembly.notes`` says so."""
    from .assembly.assemble import assemble
    from .library.choose import prepare
    spec, library, note = prepare(spec, libraries, library=library, archives=archives)
    assembly = assemble(spec, library)
    return replace(assembly, notes=(note,)) if note else assembly


def build(spec: Path | str, out: Path | str, libraries: Optional[Sequence[Path | str]] = None,
          template: Optional[Path | str] = None, force: bool = False, guidance: bool = True,
          text_out: Optional[Path | str] = None, pdf: bool = False, archives: Sequence[Path | str] = ()) -> BuildResult:
    """Build ``spec`` into the .docx ``out`` (optionally also plain text, and a PDF beside it)."""
    out = Path(out)
    check_writable(out, force)
    text_path = Path(text_out) if text_out else None
    if text_path:
        check_writable(text_path, force)
    pdf_path = out.with_suffix(".pdf") if pdf else None
    if pdf_path:
        check_writable(pdf_path, force)
        from .office.pdf import pdf_unavailable
        reason = pdf_unavailable()
        if reason:
            raise OutputError(reason)
    from .collector import collector_paused
    with collector_paused():
        from .model.text import render_text
        from .word.render import render_docx
        assembly = draft(spec, libraries, archives=archives)
        data = render_docx(assembly.agreement, Path(template) if template else None, guidance=guidance)
    write_atomic(out, data, force=force)
    if text_path:
        write_atomic(text_path, render_text(assembly.agreement).encode("utf-8"), force=force)
    if pdf_path:
        from .office.pdf import write_pdf
        write_pdf(out, pdf_path, force=force)
    return BuildResult(assembly, out, text_path, pdf_path)


def explain(spec: Path | str | Spec, libraries: Optional[Sequence[Path | str]] = None, as_json: bool = False,
            archives: Sequence[Path | str] = ()) -> str:
    """Per place in the agreement: which clause was chosen or left out, and why: conditions in
    Dutch, the spec values they read, sources by title (Dutch text); with ``as_json`` the same
    facts as JSON for tools (``assembly.explain.explain_data``)."""
    from .assembly.explain import explain_json, explain_text
    assembly = draft(spec, libraries, archives=archives)
    return explain_json(assembly) if as_json else explain_text(assembly)


def defaults_text(assembly: Assembly) -> str:
    """The choices the spec left to the defaults, as ``build`` and ``explain`` list them."""
    from .assembly.explain import defaults_lines
    lines = defaults_lines(assembly)
    return "\n".join(lines) + "\n" if lines else ""


def inspect(docx: Path | str) -> str:
    """What made a built .docx: spec hash, library and version, clauses (Dutch text)."""
    from .word.provenance import provenance_text, read_provenance
    return provenance_text(read_provenance(Path(docx)))


def check_template(template: Path | str) -> TemplateReport:
    """What a (restyled) Word template lacks or breaks: styles, placeholders, a trial fill.

    Never raises for a bad file: that is a finding too (see ``word.template_check``)."""
    from .word.template_check import check_template as _check_template
    return _check_template(template)


# --- redlines ------------------------------------------------------------------------------


def load_version(path: Path | str, libraries: Optional[Sequence[Path | str]] = None,
                 template: Optional[Path | str] = None, archives: Sequence[Path | str] = (),
                 check: bool = True) -> Version:
    """One side of a redline: a spec (.yaml/.yml: assembled and rendered) or a .docx (anything
    else; ``check``: see ``version_from_docx``)."""
    from .redline.version import version_from_agreement, version_from_docx
    path = Path(path)
    if path.suffix.lower() not in SPEC_FILES:
        return version_from_docx(path, check)
    return version_from_agreement(_spec_agreement(path, libraries, {}, archives), path.name,
                                  Path(template) if template else None)


def _spec_agreement(path: Path, libraries: Optional[Sequence[Path | str]], loaded: dict,
                    archives: Sequence[Path | str] = ()):
    """The Agreement of the spec at ``path``, loaded as a build loads it (library.choose.prepare); its
    library from ``loaded`` (per stack of roots) or into it."""
    spec, library = _spec_prepared(path, libraries, loaded, archives)
    return draft(spec, library=library).agreement


def _spec_prepared(path: Path, libraries: Optional[Sequence[Path | str]], loaded: dict,
                   archives: Sequence[Path | str] = ()) -> tuple[Spec, Library]:
    """The spec at ``path``, checked, and its library (``_spec_agreement`` drafts them)."""
    from .library.choose import prepare
    from .library.read import load_library

    def load(roots: Sequence[Path]) -> Library:
        key = tuple(root.resolve() for root in roots)
        if key not in loaded:
            loaded[key] = load_library(list(key))
        return loaded[key]
    spec, library, _ = prepare(path, libraries, load=load, archives=archives)
    return spec, library


def redline(old: Path | str, new: Path | str, out: Path | str, *, author: Optional[str] = None,
            date: Optional[dt.datetime] = None, force: bool = False,
            libraries: Optional[Sequence[Path | str]] = None, template: Optional[Path | str] = None,
            summary: bool = True, guidance: bool = False, archives: Sequence[Path | str] = ()) -> Redline:
    """Compare OLD with NEW (specs or .docx files) and write the redline to ``out``."""
    from .collector import collector_paused
    out = Path(out)
    check_writable(out, force)
    old, new = Path(old), Path(new)
    with collector_paused():
        from .redline.compare import compare
        if old.suffix.lower() in SPEC_FILES and new.suffix.lower() in SPEC_FILES:  # one library load for both
            from .redline.version import model_versions
            loaded: dict = {}
            old_spec = _spec_prepared(old, libraries, loaded, archives)  # the specs checked first, old first
            new_spec = _spec_prepared(new, libraries, loaded, archives)
            versions = model_versions(lambda: draft(old_spec[0], library=old_spec[1]).agreement, old.name,
                                      lambda: draft(new_spec[0], library=new_spec[1]).agreement, new.name, template)
        else:
            versions = (load_version(old, libraries, template, archives, check=False),  # compare checks them
                        load_version(new, libraries, template, archives, check=False))
        result = compare(*versions, author=author, date=date, summary=summary, guidance=guidance)
    write_atomic(out, result.data, force=force)
    return replace(result, path=out)


# --- the drafting review ----------------------------------------------------------------------


def review(spec: Optional[Path | str | Spec] = None, docx: Optional[Path | str] = None,
           libraries: Optional[Sequence[Path | str]] = None, template: Optional[Path | str] = None,
           out: Optional[Path | str] = None, force: bool = False, archives: Sequence[Path | str] = ()) -> Review:
    """Review a draft against the review rules of its clause library (``regels/``), the text checks
    and, for an edited .docx, the library's text: the findings, by severity.

    ``spec`` (a spec file, or a loaded Spec: its layers are found beside ``Spec.path``) and/or
    ``docx`` (a .docx built by agreement-gen, perhaps edited since).
    Rules over the spec need the spec; without it they are skipped with a note. With ``out`` a
    review copy is written: the draft (``docx``, or the spec built with ``template``) with every
    finding as a comment on its article.
    """
    from .library.check import seed_title_dirs
    from .library.seeds import seed_titles
    from .review.annotate import annotate
    from .review.run import review as run_review
    from .word.docxread import read_docx
    from .word.modelpart import read_model
    from .assembly.assemble import assemble
    from .library.choose import prepare
    from .library.read import load_library
    from .word.render import render_docx
    if spec is None and docx is None:
        raise AgreementGenError("geef een spec, een .docx van agreement-gen, of allebei")
    out_path = Path(out) if out is not None else None
    if out_path is not None:
        check_writable(out_path, force)
    notes: list[str] = []
    loaded = assembly = None
    if spec is not None:
        loaded, library, _ = prepare(spec, libraries, archives=archives)
        assembly = assemble(loaded, library)
    package = embedded = None
    if docx is not None:
        package = read_docx(Path(docx))
        found = read_model(package)
        if found is not None and found.agreement is not None:
            embedded = found.agreement
        elif found is not None:
            notes.append(f"{Path(docx).name}: {found.note}")
        if embedded is None and assembly is None:
            from .errors import DocumentError
            raise DocumentError(f"{display(Path(docx))}: dit document heeft geen (bruikbaar) model van agreement-gen; "
                                "geef de spec mee: agreement-gen review SPEC DRAFT.docx")
        if loaded is None:
            library = load_library(libraries or None)
            meta = embedded.meta
            if (meta.library_name, meta.library_version) != (library.name, library.version):
                notes.append(f"{Path(docx).name} is gebouwd met {meta.library_layers}; de review gebruikt de regels "
                             f"van {library.label}")
        elif embedded is not None and embedded.meta.spec_sha256 != loaded.sha256:
            notes.append(f"{Path(docx).name} is niet uit deze versie van {loaded.name} gebouwd; de afwijkingen "
                         "zijn gemeten tegen het model in het document")
    agreement = assembly.agreement if assembly is not None else embedded
    base = embedded or agreement
    titles = seed_titles(seed_title_dirs(library))
    name = Path(docx).name if docx is not None else loaded.name
    result = run_review(name, library, titles, loaded, agreement, package, base if package is not None else None,
                        tuple(notes))
    if out_path is not None:
        data = Path(docx).read_bytes() if docx is not None else render_docx(agreement, Path(template) if template
                                                                             else None, guidance=False)
        write_atomic(out_path, annotate(data, list(result.findings), agreement.meta.date, name), force=force)
    return result


def review_text(result: Review) -> str:
    """A review as text for people, grouped by severity (Dutch)."""
    from .review.report import review_text as _text
    return _text(result)


def review_json(result: Review) -> str:
    """A review as JSON for tools."""
    from .review.report import review_json as _json
    return _json(result)


# --- clause libraries ------------------------------------------------------------------------


def check_library(dirs: Optional[Sequence[Path | str]] = None, template: Optional[Path | str] = None,
                  seeds: Optional[Path | str] = None) -> CheckReport:
    """Every check on the library stack ``dirs`` (default: the bundled library), and with
    ``template`` also the Word template's styles; all problems, sorted by file and line."""
    from .library.check import check_library as _check_library
    from .word.template import template_problems
    extra = template_problems(Path(template)) if template is not None else []
    return _check_library(dirs or None, Path(seeds) if seeds is not None else None, extra)


def library_failure(report: CheckReport, dirs: Optional[Sequence[Path | str]] = None) -> LibraryError:
    """The error that reports every problem ``check_library`` found in ``dirs``."""
    from .library.read import library_error
    return library_error(report.problems, f"library check vond problemen in {library_where(dirs)}")


def library_where(dirs: Optional[Sequence[Path | str]] = None) -> str:
    """The library stack ``dirs`` as messages name it."""
    return ", ".join(display(Path(d)) for d in dirs) if dirs else "de meegeleverde bibliotheek"


def library_list(dirs: Optional[Sequence[Path | str]] = None) -> str:
    """Every clause of the stack: id, kind, slot and variant, layer and title (Dutch text)."""
    from .library.view import list_text
    from .library.read import load_library
    return list_text(load_library(dirs or None))


def library_fields(dirs: Optional[Sequence[Path | str]] = None) -> str:
    """The spec fields the library asks for itself (``aanvullend``), and its migrations (Dutch text)."""
    from .library.view import fields_text
    from .library.read import load_library
    return fields_text(load_library(dirs or None))


def library_show(clause_id: str, dirs: Optional[Sequence[Path | str]] = None) -> str:
    """Everything about one clause, or every variant of a slot (Dutch text)."""
    from .library.view import show_text
    from .library.read import load_library
    return show_text(load_library(dirs or None), clause_id)


def library_diff(old: Path | str, new: Path | str, with_text: bool = True, markdown: bool = False) -> str:
    """Two versions of a library compared per clause (nieuw, gewijzigd in betekenis, redactioneel, vervallen,
    verwijderd), with a SemVer advice and the changelog: Dutch text, or with ``markdown`` a release page.
    Either may be a folder or a released archive (.zip)."""
    from .library.diff import diff_libraries, diff_markdown, diff_text
    from .library.stores import library_folder
    diff = diff_libraries([library_folder(old)], [library_folder(new)])
    return diff_markdown(diff) if markdown else diff_text(diff, with_text=with_text)


# --- the register: which built agreements use which clause versions ------------------------


def register(folder: Path | str, clause: Optional[str] = None) -> Register:
    """Every .docx that agreement-gen built under ``folder`` (recursively), with its library,
    its clauses at their versions and whether it was edited after the build; other files are
    skipped with their reason. ``clause`` ('ID' or 'ID@VERSION') keeps the agreements that use it."""
    from .register.scan import ClauseFilter, scan_register
    return scan_register(Path(folder), ClauseFilter.parse(clause) if clause else None)


def register_text(result: Register) -> str:
    """The register as a Dutch table (with the skipped files and why)."""
    from .register.report import register_text as text
    return text(result)


def register_csv(result: Register) -> str:
    """The register as CSV, one row per agreement (the skipped files are in ``result.skipped``)."""
    from .register.report import register_csv as as_csv
    return as_csv(result)

