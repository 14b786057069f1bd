"""The pages and downloads of the web app: thin views over editor, workspace and downloads.

GET pages read; every POST (checked for its CSRF token before it gets here) edits, saves or
takes a spec into the workspace. Everything a user sees is Dutch; every error is a page.
"""

from __future__ import annotations

import shutil

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from ..errors import AgreementGenError
from ..resources import samples_dir
from ..spec.yamlfile import load_yaml
from . import roundtrip
from .downloads import DOCX, PDF, build_version, docx_of, pdf_of, pdf_reason, redline_of, review_copy_of
from .editor import fresh, opened, render_editor, render_panel, submitted
from .workspace import Conflict, NotFound, Workspace, WorkspaceError, check_name, slug

bp = Blueprint("web", __name__)


def space() -> Workspace:
    return Workspace(current_app.config["WERKMAP"])


def _file(data: bytes, name: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _samples() -> list[str]:
    return sorted(p.stem for p in samples_dir().glob("*.yaml"))


# --- the workspace -----------------------------------------------------------------------------


@bp.get("/")
def home():
    ws = space()
    specs = [(name, ws.versions(name)[-1]) for name in ws.names()]
    return render_template("index.html", specs=specs, loose=ws.loose_files(), samples=_samples(),
                           werkmap=ws.root)


def _take_in(name: str, text: str, layers_from=None):
    """Save ``text`` as version 1 of a new spec ``name`` and open it."""
    ws = space()
    check_name(name)
    roundtrip.load(text, f"{name}.yaml")  # the form must be able to read it
    number = ws.save(name, 0, text)
    if layers_from is not None:
        data, _ = load_yaml(text, f"{name}.yaml")
        for layer in ((data or {}).get("bibliotheek") or {}).get("lagen") or ():
            source = (layers_from / str(layer)).resolve()
            target = (ws.folder(name) / str(layer)).resolve()
            if source.is_dir() and target.is_relative_to(ws.root) and not target.exists():
                shutil.copytree(source, target)
    return redirect(url_for("web.edit", naam=name, versie=number), code=303)


@bp.post("/importeren")
def upload():
    upload = request.files.get("bestand")
    if upload is None or not upload.filename:
        raise WorkspaceError("kies eerst een YAML-bestand om te openen")
    name = (request.form.get("naam") or "").strip() or slug(upload.filename)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkspaceError(f"{upload.filename} is geen UTF-8-tekst; sla het op als UTF-8") from exc
    return _take_in(name, text)


@bp.post("/opnemen")
def take_in_loose():
    filename = request.form.get("bestand", "")
    text = space().read_loose(filename)
    return _take_in((request.form.get("naam") or "").strip() or slug(filename), text)


@bp.post("/voorbeeld")
def from_sample():
    sample = request.form.get("voorbeeld", "")
    if sample not in _samples():
        raise NotFound(f"er is geen voorbeeld '{sample}'; kies uit {', '.join(_samples())}")
    name = (request.form.get("naam") or "").strip() or sample
    source = samples_dir() / f"{sample}.yaml"
    return _take_in(name, source.read_text(encoding="utf-8"), layers_from=source.parent)


# --- the editor ----------------------------------------------------------------------------------


@bp.get("/nieuw")
def new():
    return render_editor(fresh(space()))


@bp.get("/spec/<naam>")
def edit(naam: str):
    number = request.args.get("versie", type=int)
    current = opened(space(), naam, number)
    saved = request.args.get("opgeslagen", type=int)
    if saved:
        current.notices.append(f"Opgeslagen als versie {saved}."
                               + ("" if current.outcome.ok else " De spec heeft nog problemen (zie hiernaast)."))
    if number and number != space().latest(naam):
        current.notices.append(f"U bekijkt versie {number}; de nieuwste is versie {space().latest(naam)}. Opslaan "
                               "lukt alleen vanaf de nieuwste versie.")
    return render_editor(current)


@bp.post("/bewerk/paneel")
def panel():
    """The live preview beside the form (htmx), with every field's messages out of band."""
    return render_panel(submitted(space(), request.form))


@bp.post("/bewerk")
def edit_post():
    ws = space()
    current = submitted(ws, request.form)
    action = request.form.get("actie", "controleer")
    if action == "opslaan":
        return _save(ws, current)
    if action in ("docx", "pdf"):
        if not current.outcome.ok:
            current.notices.append("Los eerst de problemen op; dan kunt u het document downloaden.")
            return render_editor(current, 422)
        stem = current.file_name[:-5] + (f"-v{current.basis}" if current.basis else "")
        if action == "pdf":
            if pdf_reason():
                current.notices.append(f"Geen PDF: {pdf_reason()}.")
                return render_editor(current, 422)
            return _file(pdf_of(current.outcome.assembly), f"{stem}.pdf", PDF)
        return _file(docx_of(current.outcome.assembly), f"{stem}.docx", DOCX)
    return render_editor(current, show_explain=action == "toelichting")


def _save(ws: Workspace, current):
    name = current.naam
    if not name:
        try:
            name = check_name(current.wanted_name or "")
        except WorkspaceError as exc:
            current.notices.append(f"Niet opgeslagen: {exc}.")
            return render_editor(current, 422, name_error=str(exc))
    try:
        number = ws.save(name, current.basis, current.text)
    except Conflict as exc:
        current.conflict = exc.latest
        current.notices.append(f"Niet opgeslagen: {exc}.")
        return render_editor(current, 409, conflict_name=name)
    return redirect(url_for("web.edit", naam=name, opgeslagen=number), code=303)


# --- versions, downloads, redlines ---------------------------------------------------------------


@bp.get("/spec/<naam>/versies")
def versions(naam: str):
    found = space().versions(naam)
    if not found:
        raise NotFound(f"de werkmap heeft geen spec '{naam}'")
    return render_template("versies.html", naam=naam, versions=found, pdf_reason=pdf_reason())


def _version(naam: str, number: str):
    if not number.isdigit() or len(number) > 6:
        raise NotFound(f"'{number}' is geen versienummer")
    ws = space()
    path = ws.version_path(naam, int(number))
    text = ws.read(naam, int(number))[1]
    _layers_inside(ws, path, text)
    return path, text


def _layers_inside(ws: Workspace, path, text: str) -> None:
    try:
        data, _ = load_yaml(text, path.name)
    except AgreementGenError:
        return  # the build reports it
    for layer in ((data if isinstance(data, dict) else {}).get("bibliotheek") or {}).get("lagen") or ():
        if not (path.parent / str(layer)).resolve().is_relative_to(ws.root):
            raise WorkspaceError(f"{path.name}: de laag '{layer}' ligt buiten de werkmap; de web-app leest "
                                 "alleen clausules uit de werkmap")


@bp.get("/spec/<naam>/v<number>.yaml")
def version_yaml(naam: str, number: str):
    path, text = _version(naam, number)
    return _file(text.encode("utf-8"), path.name, "application/yaml")


@bp.get("/spec/<naam>/v<number>.docx")
def version_docx(naam: str, number: str):
    path, _ = _version(naam, number)
    return _file(build_version(path), f"{naam}-v{number}.docx", DOCX)


@bp.get("/spec/<naam>/v<number>.pdf")
def version_pdf(naam: str, number: str):
    path, _ = _version(naam, number)
    return _file(build_version(path, pdf=True), f"{naam}-v{number}.pdf", PDF)


@bp.get("/spec/<naam>/review-v<number>.docx")
def version_review(naam: str, number: str):
    path, _ = _version(naam, number)
    return _file(review_copy_of(path), f"{naam}-v{number}-review.docx", DOCX)


@bp.get("/spec/<naam>/redline")
def version_redline(naam: str):
    old, new = request.args.get("oud", ""), request.args.get("nieuw", "")
    old_path, _ = _version(naam, old)
    new_path, _ = _version(naam, new)
    if old == new:
        raise WorkspaceError("kies twee verschillende versies om te vergelijken")
    return _file(redline_of(old_path, new_path), f"{naam}-v{old}-v{new}-redline.docx", DOCX)
