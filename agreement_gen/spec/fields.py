"""Every field of a spec, described for the people who fill it in: one source for the web form,
``docs/spec.md``, the JSON Schema and ``agreement-gen init``.

The words (label, help text, example, the meaning of each choice, the group) are in
``fields.yaml`` beside this module. What the Cerberus schema knows (type, required or not,
default, allowed values, limits, pattern) is read from ``schema.SCHEMA`` and never repeated;
a default that follows from other choices is described in words, with its values taken from
``defaults.py``. ``problems()`` lists every place where the descriptions and the schema
disagree (a test keeps that list empty).

Public API::

    FIELDS: dict[str, FieldDoc]    # by path, in schema order: "partijen[].naam", "besluitvorming.regel"
    GROUPS: tuple[Group, ...]      # in the order a drafter thinks
    field_for("partijen[2].naam")  # the FieldDoc for a concrete path (as in error messages), or None
    problems()                     # where descriptions and schema disagree (Dutch, one line each)

Only the tools that explain the spec import this module: a build never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional

import yaml

from ..dutch import f_bedrag
from . import defaults as D
from .choices import APPROVAL_KINDS, CHAIRS, COORDINATOR_PAYERS, RESPONSE_PERIOD_RULES
from .schema import SCHEMA

DATA_FILE = Path(__file__).with_name("fields.yaml")

# Type names as a drafter reads them
TYPE_TEXT = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "boolean": "ja/nee (true/false)",
    "date": "datum (JJJJ-MM-DD)",
    "list": "lijst",
    "dict": "groep",
}

# Allowed values that are no Cerberus 'allowed' but stand beside party ids (rules.py checks them)
EXTRA_CHOICES = {
    "governance.stuurgroep.voorzitter": tuple(CHAIRS),
    "governance.procescoordinator.bekostiging": tuple(COORDINATOR_PAYERS),
}


@dataclass(frozen=True)
class Choice:
    """One allowed value and what choosing it does, in Dutch."""

    value: Any
    meaning: str


@dataclass(frozen=True)
class FieldDoc:
    """One field of a spec. ``path`` uses ``[]`` for the items of a list: ``partijen[].naam``.

    ``type`` is the Cerberus type (string, integer, number, boolean, date, list, dict); for a
    list, ``item_type`` is the type of its items. ``repeatable`` marks a list of groups (parties,
    representatives, ...), whose fields are the ``children``. ``choices`` are the allowed values
    (for a list: of its items, ``multiple``); for a field with ``party_ref`` the value is a party
    id, or one of ``choices``; for a group with ``party_ref`` (``aandelen``, ``stemgewicht``)
    each key is a party id. ``default`` is the schema's default (None: none); ``default_note``
    says in words a default that follows from other choices.
    """

    path: str
    label: str
    help: str
    group: str
    type: str
    required: bool
    nullable: bool = False
    default: Any = None
    default_note: Optional[str] = None
    example: Any = None
    choices: tuple[Choice, ...] = ()
    multiple: bool = False
    party_ref: bool = False
    repeatable: bool = False
    item_type: Optional[str] = None
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    min_items: Optional[int] = None
    pattern: Optional[str] = None
    children: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The last part of the path: 'naam' for 'partijen[].naam'."""
        return self.path.rsplit(".", 1)[-1]

    @property
    def parent(self) -> Optional[str]:
        """The path of the group or list item this field belongs to (None at the top)."""
        if "." not in self.path:
            return None
        head = self.path.rsplit(".", 1)[0]
        return head[:-2] if head.endswith("[]") else head

    @property
    def type_text(self) -> str:
        """The type in words: 'tekst', 'lijst van groepen', 'lijst van keuzes'."""
        if self.type == "list":
            if self.repeatable:
                return "lijst van groepen"
            if self.multiple:
                return "lijst van keuzes"
            return f"lijst van {TYPE_TEXT.get(self.item_type or 'string', 'waarden')}"
        if self.type == "dict" and not self.children:
            return "partij-id's met een getal" if self.party_ref else "groep"
        if self.party_ref:
            return "partij-id" + (" of keuze" if self.choices else "")
        if self.choices:
            return "keuze"
        return TYPE_TEXT.get(self.type, self.type)

    def choice(self, value: Any) -> Optional[Choice]:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Group:
    """A group of fields as a drafter thinks of them (partijen, geld, ...)."""

    id: str
    label: str
    help: str
    paths: tuple[str, ...] = field(default=())  # every field of the group, in schema order

    @property
    def top(self) -> tuple[str, ...]:
        """The top-level fields of the group."""
        return tuple(p for p in self.paths if "." not in p and "[]" not in p)


# --- the schema's side --------------------------------------------------------------------


def schema_fields(schema: Mapping[str, Any] = SCHEMA, prefix: str = "") -> Iterator[tuple[str, dict]]:
    """(path, Cerberus rule) of every field of ``schema``, depth first, in schema order."""
    for key, rule in schema.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        yield path, rule
        if rule.get("type") == "dict" and isinstance(rule.get("schema"), dict):
            yield from schema_fields(rule["schema"], path)
        item = rule.get("schema") if rule.get("type") == "list" else None
        if isinstance(item, dict) and item.get("type") == "dict" and isinstance(item.get("schema"), dict):
            yield from schema_fields(item["schema"], path + "[]")


def _rule_value(path: str, doc: dict) -> Any:
    """The value the first derived-default rule for ``path`` that applies to ``doc`` gives."""
    for rule_path, applies, value in D.RULES:
        if rule_path == path and applies(doc):
            return value(doc)
    raise KeyError(path)


def _kinds_by_body() -> str:
    by_kind: dict[str, list[str]] = {}
    for body, kind in D.APPROVAL_KIND.items():
        by_kind.setdefault(kind, []).append(body)
    return "; ".join(f"{kind} bij {', '.join(by_kind[kind])}" for kind in APPROVAL_KINDS if kind in by_kind)


# The values a 'standaard' text in fields.yaml may name as {name}: all taken from defaults.py.
DEFAULT_VALUES = {
    "reactietermijn_dagen": _rule_value("besluitvorming.reactietermijn_dagen",
                                        {"besluitvorming": {"regel": RESPONSE_PERIOD_RULES[0]}}),
    "instituut": _rule_value("geschillen.instituut", {"geschillen": {"beslechting": "arbitrage"}}),
    "arbiters": _rule_value("geschillen.arbiters", {"geschillen": {"beslechting": "arbitrage"}}),
    "stilzwijgend_jaren": _rule_value("looptijd.verlenging_jaren", {"looptijd": {"verlenging": "stilzwijgend"}}),
    "uiterlijk_maanden": D.LONG_STOP_MONTHS,
    "aansprakelijkheid_minimum": f_bedrag(D.LIABILITY_FLOOR),
    "soort_per_orgaan": _kinds_by_body(),
}


# --- building the descriptions ------------------------------------------------------------


def _load(path: Path = DATA_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _text(value: Any) -> str:
    return " ".join(str(value).split())


def _build(schema: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, FieldDoc]:
    described = data.get("velden") or {}
    rules = dict(schema_fields(schema))
    out: dict[str, FieldDoc] = {}
    for path, rule in rules.items():
        doc = described.get(path)
        if doc is None:
            continue
        top = re.split(r"\.|\[\]", path)[0]
        item = rule.get("schema") if rule.get("type") == "list" else None
        item = item if isinstance(item, dict) else None
        allowed = rule.get("allowed") or (item or {}).get("allowed") or EXTRA_CHOICES.get(path) or ()
        meanings = doc.get("keuzes") or {}
        note = doc.get("standaard")
        default = rule.get("default")
        out[path] = FieldDoc(
            path=path,
            label=_text(doc.get("label", "")),
            help=_text(doc.get("uitleg", "")),
            group=(described.get(top) or {}).get("groep", ""),
            type=rule.get("type", ""),
            required=bool(rule.get("required")),
            nullable=bool(rule.get("nullable")),
            default=default if default not in (None, {}) else None,
            default_note=_text(note.format(**DEFAULT_VALUES)) if note else None,
            example=doc.get("voorbeeld"),
            choices=tuple(Choice(v, _text(meanings.get(v, ""))) for v in allowed),
            multiple=bool(item and item.get("allowed")),
            party_ref=bool(doc.get("partij")),
            repeatable=bool(item and item.get("type") == "dict"),
            item_type=item.get("type") if item else None,
            minimum=rule.get("min", (item or {}).get("min")),
            maximum=rule.get("max", (item or {}).get("max")),
            min_items=rule.get("minlength"),
            pattern=rule.get("regex"),
            children=tuple(p for p in rules if p.rsplit(".", 1)[0] in (path, path + "[]") and "." in p
                           and p != path),
        )
    return out


def _groups(data: Mapping[str, Any], fields: Mapping[str, FieldDoc]) -> tuple[Group, ...]:
    return tuple(
        Group(id=g["id"], label=_text(g["label"]), help=_text(g.get("uitleg", "")),
              paths=tuple(p for p, f in fields.items() if f.group == g["id"]))
        for g in data.get("groepen") or ()
    )


_DATA = _load()
FIELDS: dict[str, FieldDoc] = _build(SCHEMA, _DATA)
GROUPS: tuple[Group, ...] = _groups(_DATA, FIELDS)


def field_for(path: str) -> Optional[FieldDoc]:
    """The FieldDoc for a concrete path as a spec error names it (``partijen[2].naam``,
    ``financiering.kostenverdeling.aandelen.uhn``), or None when no field matches."""
    path = re.sub(r"\[\d+\]", "[]", path)
    while path:
        if path in FIELDS:
            return FIELDS[path]
        if path.endswith("[]"):
            path = path[:-2]
        else:
            path = path.rsplit(".", 1)[0] if "." in path else ""
    return None


# --- where descriptions and schema disagree -----------------------------------------------


def problems(schema: Mapping[str, Any] = SCHEMA, data: Optional[Mapping[str, Any]] = None) -> list[str]:
    """Every disagreement between the descriptions (``data``, default fields.yaml) and the
    Cerberus ``schema``, one Dutch line each; empty when they agree."""
    from .validator import spec_validator

    data = _DATA if data is None else data
    described = data.get("velden") or {}
    rules = dict(schema_fields(schema))
    groups = {g["id"] for g in data.get("groepen") or ()}
    out = [f"{p}: het schema kent dit veld, maar fields.yaml beschrijft het niet" for p in rules if p not in described]
    out += [f"{p}: beschreven in fields.yaml, maar het schema kent dit veld niet" for p in described if p not in rules]
    for path, doc in described.items():
        if path not in rules:
            continue
        rule = rules[path]
        for key in ("label", "uitleg"):
            if not _text(doc.get(key, "")):
                out.append(f"{path}: '{key}' ontbreekt")
        top = "." not in path and "[]" not in path
        if top and doc.get("groep") not in groups:
            out.append(f"{path}: 'groep' moet een van {', '.join(sorted(groups))} zijn, niet {doc.get('groep')!r}")
        if not top and "groep" in doc:
            out.append(f"{path}: alleen velden op het hoogste niveau hebben een 'groep'")
        item = rule.get("schema") if rule.get("type") == "list" else None
        allowed = rule.get("allowed") or (item.get("allowed") if isinstance(item, dict) else None) \
            or EXTRA_CHOICES.get(path) or ()
        given = list((doc.get("keuzes") or {}).keys())
        if sorted(map(str, given)) != sorted(map(str, allowed)):
            out.append(f"{path}: keuzes {given} verschillen van wat het schema toestaat: {list(allowed)}")
        out += [f"{path}: keuze {value!r} heeft geen betekenis" for value, meaning in (doc.get("keuzes") or {}).items()
                if not _text(meaning or "")]
        holds_value = rule.get("type") != "dict" or "schema" not in rule
        holds_value = holds_value and not (isinstance(item, dict) and item.get("type") == "dict")
        if holds_value and "voorbeeld" not in doc:
            out.append(f"{path}: 'voorbeeld' ontbreekt")
        if holds_value and "voorbeeld" in doc:
            checker = spec_validator({"veld": dict(rule, required=True)})
            if not checker.validate({"veld": doc["voorbeeld"]}):
                out.append(f"{path}: het voorbeeld {doc['voorbeeld']!r} voldoet niet aan het schema: {checker.errors}")
        note = doc.get("standaard")
        if note:
            try:
                note.format(**DEFAULT_VALUES)
            except (KeyError, IndexError) as exc:
                out.append(f"{path}: 'standaard' noemt {exc}, dat DEFAULT_VALUES niet kent")
    return out
