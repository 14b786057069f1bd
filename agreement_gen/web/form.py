"""The form's values <-> a spec's values, driven by the field descriptions (``spec.fields``).

Every input is named by the path an error message uses, with 1-based row numbers:
``partijen[2].naam``, ``regio.domeinen``, ``financiering.kostenverdeling.aandelen[1].partij``.
A row of a repeatable group (a party, a representative) carries a hidden marker ``partijen[2]``
whose value is the row's place in the opened file (empty for a new row), so that an edit lands
in the row it came from, with that row's comments.

``parse`` turns a submitted form into the spec's values ("state"): a field whose text is what
the form showed for the opened value keeps that value exactly; an empty field is left out (the
checks then say what is missing); text that is no number or date stays text, so that the
checks report it in the CLI's words. ``apply`` adds or removes a row.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping, Optional

from ..spec.fields import FIELDS, GROUPS, FieldDoc

ORIGIN = "__rij__"  # key of a row's place in the opened file (never a spec key)
NO_CHOICE = "-"     # the value of the radio button 'not chosen' (no allowed value is '-')
MISSING = object()
UNMANAGED = ("aanvullend",)  # top-level fields the form does not show and keeps as written
LONG_TEXT = 70  # an example longer than this gets a text area


def kind(doc: FieldDoc) -> str:
    """How the form shows a field: group, rows, partymap, checks, lines, bool, select, party,
    date, number, textarea or text."""
    if doc.repeatable:
        return "rows"
    if doc.type == "dict":
        return "group" if doc.children else "partymap"
    if doc.type == "list":
        return "checks" if doc.multiple else "lines"
    if doc.type == "boolean":
        return "bool"
    if doc.party_ref:
        return "party"
    if doc.choices:
        return "select"
    if doc.type == "date":
        return "date"
    if doc.type in ("integer", "number"):
        return "number"
    if isinstance(doc.example, str) and len(doc.example) > LONG_TEXT:
        return "textarea"
    return "text"


def children(doc: FieldDoc) -> list[FieldDoc]:
    return [FIELDS[p] for p in doc.children]


def top_fields() -> list[FieldDoc]:
    """The top-level fields, in the order of the groups."""
    return [FIELDS[p] for group in GROUPS for p in group.top if p not in UNMANAGED]


def key_order(path: str) -> Optional[list[str]]:
    """The keys of the mapping at schema path ``path`` ('' for the top, 'partijen[]' for a party)
    in schema order, or None when its keys are free (party ids, or a path the schema lacks)."""
    if not path:  # 'aanvullend' belongs to the library (library/fields.py): the form leaves it as written
        return [p for p in FIELDS if "." not in p and "[]" not in p and p not in UNMANAGED]
    doc = FIELDS.get(path[:-2] if path.endswith("[]") else path)
    if doc is None or not doc.children:
        return None
    return [FIELDS[p].key for p in doc.children]


# --- values as the form shows them ---------------------------------------------------------


def show(value: Any) -> str:
    """A single value as the text of an input."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return str(value)
    return str(value).strip()


def show_lines(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(show(v) for v in value)
    return show(value)


def _clean(raw: Optional[str]) -> Optional[str]:
    return None if raw is None else raw.replace("\r\n", "\n").replace("\r", "\n").strip()


def _number(doc: FieldDoc, text: str) -> Any:
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # 2.500.000 as a Dutch drafter writes it
        return int(text.replace(".", ""))
    if doc.type in ("number", "dict") and re.fullmatch(r"-?\d+[.,]\d+", text):
        return float(text.replace(",", "."))
    return text


def _date(text: str) -> Any:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)
    if not match:
        return text
    parts = [int(p) for p in match.groups()]
    year, month, day = parts if parts[0] > 31 else parts[::-1]
    try:
        return dt.date(year, month, day)
    except ValueError:
        return text


def value_of(doc: FieldDoc, text: str) -> Any:
    """The spec value for the text of one input (text the checks will report stays text)."""
    if doc.type == "boolean":
        return {"ja": True, "nee": False}.get(text.lower(), text)
    if doc.type in ("integer", "number"):
        return _number(doc, text)
    if doc.type == "date":
        return _date(text)
    return text


# --- parsing a submitted form --------------------------------------------------------------


def row_numbers(form: Mapping[str, Any], name: str) -> list[int]:
    """The row numbers present for ``name`` (from the markers ``name[N]``), in order."""
    pattern = re.compile(re.escape(name) + r"\[([1-9][0-9]{0,3})\]")
    return sorted({int(m[1]) for key in form if (m := pattern.fullmatch(key))})


def _origin(raw: Optional[str]) -> Optional[int]:
    return int(raw) if raw and raw.isdigit() and len(raw) < 6 else None


def parse(form, opened: Optional[Mapping[str, Any]] = None) -> dict:
    """The spec's values from a submitted form (``form``: a MultiDict). ``opened`` is the spec as
    it was opened (plain values), to keep what did not change exactly as it was."""
    return _parse_map(form, "", top_fields(), opened or {})


def _parse_map(form, prefix: str, docs: list[FieldDoc], opened: Any) -> dict:
    opened = opened if isinstance(opened, Mapping) else {}
    out: dict = {}
    for doc in docs:
        value = _parse_field(form, prefix + doc.key, doc, opened.get(doc.key))
        if value is not MISSING:
            out[doc.key] = value
    return out


def _parse_field(form, name: str, doc: FieldDoc, opened: Any) -> Any:
    how = kind(doc)
    if how == "group":
        value = _parse_map(form, name + ".", children(doc), opened)
        return value or MISSING
    if how == "rows":
        rows = []
        old = opened if isinstance(opened, list) else []
        for number in row_numbers(form, name):
            origin = _origin(form.get(f"{name}[{number}]"))
            source = old[origin] if origin is not None and origin < len(old) else None
            row = _parse_map(form, f"{name}[{number}].", children(doc), source)
            row[ORIGIN] = origin if source is not None else None
            rows.append(row)
        return rows or MISSING
    if how == "partymap":
        return _parse_partymap(form, name, doc, opened)
    if how == "checks":
        chosen = set(form.getlist(name))
        values = [c.value for c in doc.choices if str(c.value) in chosen]
        if isinstance(opened, list) and sorted(map(str, opened)) == sorted(map(str, values)):
            return opened
        return values or MISSING
    raw = _clean(form.get(name))
    if raw is None:
        return MISSING
    if raw == NO_CHOICE and how in ("select", "bool"):
        raw = ""
    if how == "lines":
        if opened is not None and raw == show_lines(opened):
            return opened
        items = [line.strip() for line in raw.split("\n") if line.strip()]
        return items or MISSING
    if opened is not None and raw == show(opened):
        return opened
    if raw == "":
        return MISSING
    if how == "select" and doc.type == "integer":
        return _number(doc, raw)
    return value_of(doc, raw)


def _parse_partymap(form, name: str, doc: FieldDoc, opened: Any) -> Any:
    """A mapping from party id to a number, from rows ``name[N].partij`` and ``name[N].waarde``."""
    old = opened if isinstance(opened, Mapping) else {}
    out: dict = {}
    pattern = re.compile(re.escape(name) + r"\[([1-9][0-9]{0,3})\]\.partij")
    for number in sorted({int(m[1]) for key in form if (m := pattern.fullmatch(key))}):
        key = _clean(form.get(f"{name}[{number}].partij")) or ""
        raw = _clean(form.get(f"{name}[{number}].waarde")) or ""
        if key and raw:
            previous = old.get(key)
            out[key] = previous if previous is not None and show(previous) == raw else _number(doc, raw)
    if out and out == dict(old):
        return opened
    return out or MISSING


# --- adding and removing rows ---------------------------------------------------------------


_STEP = re.compile(r"([a-z_]+)(?:\[([1-9][0-9]{0,3})\])?")


def _walk(state: dict, path: str) -> tuple[Any, Optional[FieldDoc]]:
    """The value at ``path`` (``partijen[2].vertegenwoordigers``) and its description."""
    node: Any = state
    schema: list[str] = []
    for step in path.split("."):
        match = _STEP.fullmatch(step)
        if not match or not isinstance(node, dict):
            return None, None
        schema.append(match[1])
        node = node.get(match[1])
        if match[2]:
            if not isinstance(node, list) or int(match[2]) > len(node):
                return None, None
            node = node[int(match[2]) - 1]
            schema[-1] += "[]"
    return node, FIELDS.get(".".join(schema))


def empty_row(doc: FieldDoc) -> dict:
    """A new row of the repeatable group ``doc``, with the rows it needs at least (a new party
    gets one representative)."""
    row: dict = {ORIGIN: None}
    for child in children(doc):
        if child.repeatable and child.min_items:
            row[child.key] = [empty_row(child) for _ in range(child.min_items)]
    return row


def apply(state: dict, action: str) -> bool:
    """Do ``toevoegen:PATH`` (add a row) or ``verwijder:PATH[N]`` (remove it) on ``state``;
    False when the action names nothing that exists."""
    verb, _, path = (action or "").partition(":")
    if verb == "toevoegen":
        parent, _, key = path.rpartition(".")
        holder = _walk(state, parent)[0] if parent else state
        doc = FIELDS.get(re.sub(r"\[\d+\]", "[]", path))
        if not isinstance(holder, dict) or doc is None or not doc.repeatable or not re.fullmatch(r"[a-z_]+", key):
            return False
        rows = holder.get(key)
        if not isinstance(rows, list):
            rows = holder[key] = []
        rows.append(empty_row(doc))
        return True
    if verb == "verwijder":
        match = re.fullmatch(r"(.+)\[([1-9][0-9]{0,3})\]", path)
        if not match:
            return False
        rows, doc = _walk(state, match[1])
        if not isinstance(rows, list) or doc is None or not doc.repeatable or int(match[2]) > len(rows):
            return False
        del rows[int(match[2]) - 1]
        return True
    return False


def new_state() -> dict:
    """The values a new agreement starts with: the spec format, and two parties (the least)."""
    parties = FIELDS["partijen"]
    return {"versie": 1, "partijen": [empty_row(parties) for _ in range(parties.min_items or 2)]}


def with_origins(value: Any) -> Any:
    """An opened spec's values with every row marked by its place (for ``parse``)."""
    if isinstance(value, dict):
        return {k: with_origins(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dict(with_origins(item), **{ORIGIN: i}) if isinstance(item, dict) else item
                for i, item in enumerate(value)]
    return value


def strip_origins(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_origins(v) for k, v in value.items() if k != ORIGIN}
    if isinstance(value, list):
        return [strip_origins(v) for v in value]
    return value
