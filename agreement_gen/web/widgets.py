"""The form as a tree of widgets: one per field of the spec, built from the field descriptions
and the current values, with the checks' messages at the field they are about.

The templates only lay the tree out (``templates/_fields.html``); what a field is, how it is
named, what it shows and which message goes where is decided here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from ..errors import Problem
from ..spec.fields import GROUPS, FIELDS, FieldDoc
from .form import ORIGIN, children, kind, show, show_lines


@dataclass
class Option:
    value: str
    label: str
    meaning: str = ""


@dataclass
class Widget:
    name: str          # the input's name, as the checks name the field: partijen[2].naam
    doc: FieldDoc
    kind: str
    value: str = ""
    chosen: tuple[str, ...] = ()               # checks: the values ticked
    options: list[Option] = field(default_factory=list)
    items: list["Widget"] = field(default_factory=list)   # a group's fields, a list's rows, a map's rows
    origin: str = ""   # a row: its place in the opened file
    title: str = ""    # a row: 'Partij 2: Stichting ...'
    messages: list[str] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return dom_id(self.name)

    @property
    def hint(self) -> str:
        """Example and default in words, under the help text."""
        parts = []
        if self.doc.default is not None and self.kind not in ("group", "rows"):
            parts.append(f"standaard: {_word(self.doc.default)}")
        elif self.doc.default_note:
            parts.append(f"standaard: {self.doc.default_note}")
        if self.doc.example is not None and self.kind not in ("select", "bool", "checks", "group", "rows"):
            example = self.doc.example
            text = ", ".join(f"{k}: {v}" for k, v in example.items()) if isinstance(example, dict) else (
                "; ".join(map(_word, example)) if isinstance(example, list) else _word(example))
            parts.append(f"voorbeeld: {text}")
        return " · ".join(parts)

    @property
    def default_text(self) -> str:
        return _word(self.doc.default) if self.doc.default is not None else ""

    @property
    def invalid(self) -> bool:
        return bool(self.messages)


@dataclass
class Section:
    id: str
    label: str
    help: str
    widgets: list[Widget]

    @property
    def problem_count(self) -> int:
        return sum(_count(w) for w in self.widgets)


def _count(widget: Widget) -> int:
    return len(widget.messages) + sum(_count(w) for w in widget.items)


def dom_id(name: str) -> str:
    """An HTML id for an input name ('partijen[2].naam' -> 'v-partijen-2-naam')."""
    return "v-" + re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9_]", "-", name)).strip("-")


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return show(value)


# --- building the tree -----------------------------------------------------------------------


def sections(state: dict) -> list[Section]:
    """The form for ``state`` (the spec's values, rows marked with their origin), by group."""
    parties = [str(p.get("id")).strip() for p in state.get("partijen") or () if isinstance(p, dict) and p.get("id")]
    return [Section(g.id, g.label, g.help, [_widget(FIELDS[p], p, state.get(FIELDS[p].key), parties)
                                            for p in g.top])
            for g in GROUPS]


def _widget(doc: FieldDoc, name: str, value: Any, parties: list[str]) -> Widget:
    how = kind(doc)
    widget = Widget(name=name, doc=doc, kind=how)
    if how == "group":
        value = value if isinstance(value, dict) else {}
        widget.items = [_widget(child, f"{name}.{child.key}", value.get(child.key), parties)
                        for child in children(doc)]
    elif how == "rows":
        for number, row in enumerate(value if isinstance(value, list) else [], start=1):
            row = row if isinstance(row, dict) else {}
            row_name = f"{name}[{number}]"
            origin = row.get(ORIGIN)
            item = Widget(name=row_name, doc=doc, kind="row", origin="" if origin is None else str(origin),
                          title=_row_title(doc, number, row))
            item.items = [_widget(child, f"{row_name}.{child.key}", row.get(child.key), parties)
                          for child in children(doc)]
            widget.items.append(item)
    elif how == "partymap":
        mapping = value if isinstance(value, dict) else {}
        keys = [str(k) for k in mapping] + [p for p in parties if p not in mapping]
        for number, key in enumerate(keys, start=1):
            widget.items.append(Widget(name=f"{name}[{number}]", doc=doc, kind="pair", value=show(mapping.get(key)),
                                       title=key))
    elif how == "checks":
        widget.chosen = tuple(str(v) for v in value) if isinstance(value, list) else ()
        widget.options = [Option(str(c.value), str(c.value).replace("_", " "), c.meaning) for c in doc.choices]
    elif how == "lines":
        widget.value = show_lines(value)
    else:
        widget.value = show(value)
        if how in ("select", "bool", "party"):
            widget.options = _options(doc, how, parties)
    return widget


def _options(doc: FieldDoc, how: str, parties: list[str]) -> list[Option]:
    if how == "bool":
        return [Option("ja", "ja"), Option("nee", "nee")]
    out = [Option(p, p, "een partij") for p in parties] if how == "party" else []
    return out + [Option(str(c.value), str(c.value).replace("_", " "), c.meaning) for c in doc.choices]


def _row_title(doc: FieldDoc, number: int, row: dict) -> str:
    noun = {"partijen": "Partij", "vertegenwoordigers": "Vertegenwoordiger", "goedkeuringen": "Goedkeuring",
            "contactpersonen": "Contactpersoon", "rollen": "Rol", "kpis": "Indicator", "per_onderwerp": "Onderwerp",
            "verwerkingen": "Verwerking"}.get(doc.key, doc.label)
    name = row.get("naam") or row.get("onderwerp") or row.get("partij") or ""
    return f"{noun} {number}" + (f": {show(name)}" if name and not isinstance(name, (dict, list)) else "")


# --- messages at their field -----------------------------------------------------------------


def index(tree: Iterable[Section]) -> dict[str, Widget]:
    """Every widget of the form by name."""
    out: dict[str, Widget] = {}

    def visit(widget: Widget) -> None:
        out[widget.name] = widget
        for item in widget.items:
            visit(item)

    for section in tree:
        for widget in section.widgets:
            visit(widget)
    return out


def place(problems: Iterable[Problem], tree: list[Section]) -> list[tuple[Optional[Widget], Problem]]:
    """Put each problem's message at the field it names (or the nearest group or row that holds
    it); returns every problem with its widget (None: no field of the form holds it)."""
    widgets = index(tree)
    out = []
    for problem in problems:
        widget = nearest(problem.path or "", widgets)
        if widget is not None:
            widget.messages.append(problem.message)
        out.append((widget, problem))
    return out


def nearest(path: str, widgets: dict[str, Widget]) -> Optional[Widget]:
    """The widget of the field ``path`` (``partijen[2].naam``), or of the nearest group or row
    that holds it; None when no field of the form holds it."""
    while path:
        if path in widgets:
            return widgets[path]
        stripped = re.sub(r"\[\d+\]\Z", "", path)
        path = stripped if stripped != path else (path.rsplit(".", 1)[0] if "." in path else "")
    return None


def label_path(widget: Optional[Widget], path: str, widgets: dict[str, Widget]) -> str:
    """Where the field ``path`` (held by ``widget``) is, in the form's words:
    'Partijen › Partij 2 › KvK-nummer'."""
    if widget is None:
        return path or "spec"
    parts = []
    name = widget.name
    while name:
        current = widgets.get(name)
        if current is not None:
            parts.append(current.title or current.doc.label)
        stripped = re.sub(r"\[\d+\]\Z", "", name)
        name = stripped if stripped != name else (name.rsplit(".", 1)[0] if "." in name else "")
    return " › ".join(reversed(parts))
