"""One edit of a spec in the form: from a submitted form (or an opened version) to the spec's
text, checked, and back to the page.

An ``Edit`` knows which spec and version the form was opened from (``naam``, ``basis``), the
values in the form (``state``), the YAML text they give (the opened file with the form's
values merged in, see ``roundtrip``) and the outcome of the CLI's checks on that text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from flask import render_template

from ..pipeline import explain_text
from . import roundtrip
from .check import Outcome, check
from .findings import review_view
from .form import apply, new_state, parse, with_origins
from .preview import view
from .widgets import index, label_path, place, sections
from .workspace import Workspace, check_name

NEW_NAME = "nieuw"


@dataclass
class Edit:
    naam: str                       # '' for a spec not saved yet
    basis: int                      # the version the form was opened from (0: none)
    state: dict
    text: str
    outcome: Outcome
    wanted_name: str = ""           # a new spec: the name the drafter typed
    notices: list[str] = field(default_factory=list)
    conflict: Optional[int] = None  # the newest version, after a conflict

    @property
    def file_name(self) -> str:
        return f"{self.naam or self.wanted_name or NEW_NAME}.yaml"


def _checked(space: Workspace, naam: str, text: str, wanted: str = "") -> Outcome:
    folder = space.folder(naam) if naam else space.root
    return check(text, f"{naam or wanted or NEW_NAME}.yaml", folder, space.root)


def opened(space: Workspace, naam: str, number: Optional[int] = None) -> Edit:
    """The form for a saved version of ``naam`` (default: the newest)."""
    number, text = space.read(naam, number)
    tree = roundtrip.load(text, f"{naam}.v{number}.yaml")
    state = with_origins(roundtrip.plain(tree)) if isinstance(tree, dict) else {}
    return Edit(naam, number, state, text, _checked(space, naam, text))


def fresh(space: Workspace) -> Edit:
    """The form for a new agreement."""
    state = new_state()
    text = roundtrip.dump(roundtrip.new_tree(state))
    return Edit("", 0, state, text, _checked(space, "", text))


def submitted(space: Workspace, form) -> Edit:
    """The edit a submitted form describes, with its action (add or remove a row) done."""
    naam = form.get("naam", "")
    if naam:
        check_name(naam)
    try:
        basis = int(form.get("basis", "0"))
    except ValueError:
        basis = 0
    tree: Any = None
    if naam and basis:
        number, old_text = space.read(naam, basis)
        tree = roundtrip.load(old_text, f"{naam}.v{number}.yaml")
    opened_values = roundtrip.plain(tree) if isinstance(tree, dict) else {}
    state = parse(form, opened_values)
    action = form.get("actie", "")
    if action.startswith(("toevoegen:", "verwijder:")):
        apply(state, action)
    merged = roundtrip.merge(tree, state, "") if isinstance(tree, dict) else roundtrip.new_tree(state)
    text = roundtrip.dump(merged)
    wanted = (form.get("nieuwe_naam") or "").strip()
    return Edit(naam, basis if naam else 0, state, text, _checked(space, naam, text, wanted if not naam else ""),
                wanted_name=wanted)


def page_context(edit: Edit) -> dict:
    """What the editor template shows for ``edit``."""
    tree = sections(edit.state)
    placed = place(edit.outcome.problems, tree)
    widgets = index(tree)
    problems = [{"where": label_path(w, p.path or "", widgets), "anchor": w.dom_id if w else None, "message": p.message}
                for w, p in placed]
    assembly = edit.outcome.assembly
    return {
        "edit": edit,
        "sections": tree,
        "widgets": list(widgets.values()),
        "problems": problems,
        "preview": view(assembly.agreement) if assembly else None,
        "explain": explain_text(assembly) if assembly else None,
        "review": review_view(edit.outcome.review, widgets),
    }


def render_editor(edit: Edit, status: int = 200, **extra):
    from .downloads import pdf_reason
    extra.setdefault("show_explain", False)
    return render_template("editor.html", pdf_reason=pdf_reason(), oob=False, **page_context(edit), **extra), status


def render_panel(edit: Edit):
    return render_template("_paneel.html", oob=True, show_explain=False, **page_context(edit))


def folder_of(space: Workspace, naam: str) -> Path:
    return space.folder(naam) if naam else space.root
