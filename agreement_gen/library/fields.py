"""Spec fields a library asks for itself: ``velden`` in a layer's bibliotheek.yaml.

A spec gives their values under its ``aanvullend`` key (``aanvullend.zorgpad``); clause texts
and conditions read them the same way. The core schema (spec/schema.py) lets ``aanvullend``
through unchecked; ``schema_for`` turns the library's declarations into Cerberus rules, which
the assembly checks the spec's values against (spec.load.validate_extra) and ``library check``
checks clause texts against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from ..errors import Problem
from ..spec.schema import SCHEMA

KEY = "aanvullend"

# soort -> the Cerberus rule of a value of that kind
KINDS: dict[str, dict] = {
    "tekst": {"type": "string", "empty": False},
    "getal": {"type": "number"},
    "geheel_getal": {"type": "integer"},
    "ja_nee": {"type": "boolean"},
    "datum": {"type": "date"},
    "keuze": {"type": "string"},
    "lijst": {"type": "list", "schema": {"type": "string", "empty": False}},
}

DECLARATION_SCHEMA = {
    "soort": {"type": "string", "required": True, "allowed": list(KINDS)},
    "label": {"type": "string", "required": True, "empty": False},
    "uitleg": {"type": "string", "empty": False},
    "verplicht": {"type": "boolean"},
    "standaard": {"nullable": True},
    "keuzes": {"type": "dict", "minlength": 1, "keysrules": {"type": "string", "regex": r"[a-z0-9_]+"},
               "valuesrules": {"type": "string", "empty": False}},
    "min": {"type": "number"},
    "max": {"type": "number"},
}

MANIFEST_RULE = {
    "type": "dict",
    "keysrules": {"type": "string", "regex": r"[a-z][a-z0-9_]*"},
    "valuesrules": {"type": "dict", "schema": DECLARATION_SCHEMA},
}


@dataclass(frozen=True)
class FieldDecl:
    """One field a library layer declares."""

    name: str
    kind: str
    label: str
    layer: str
    line: Optional[int] = None
    help: Optional[str] = None
    required: bool = False
    default: Any = None
    choices: Mapping[str, str] = None  # type: ignore[assignment]
    minimum: Optional[float] = None
    maximum: Optional[float] = None

    @property
    def path(self) -> str:
        return f"{KEY}.{self.name}"

    @property
    def rule(self) -> dict:
        rule = dict(KINDS[self.kind])
        if self.choices:
            rule["allowed"] = list(self.choices)
        if self.minimum is not None:
            rule["min"] = self.minimum
        if self.maximum is not None:
            rule["max"] = self.maximum
        if self.required and self.default is None:
            rule["required"] = True
        else:
            rule.update(nullable=True, default=self.default)
        return rule


def read_declarations(data: Mapping[str, Any], layer: str, lines: Mapping[Any, int], where: str,
                      problems: list[Problem]) -> tuple[FieldDecl, ...]:
    """The FieldDecls of a manifest's ``velden`` (already checked against MANIFEST_RULE), with the
    problems a schema cannot see: a choice without choices, a default that is no valid value."""
    out = []
    for name, raw in (data or {}).items():
        line = lines.get(("velden", name))
        decl = FieldDecl(name=name, kind=raw["soort"], label=raw["label"], layer=layer, line=line,
                         help=raw.get("uitleg"), required=bool(raw.get("verplicht")), default=raw.get("standaard"),
                         choices=dict(raw.get("keuzes") or {}), minimum=raw.get("min"), maximum=raw.get("max"))
        if decl.kind == "keuze" and not decl.choices:
            problems.append(Problem(where, f"velden.{name}: een keuzeveld noemt zijn 'keuzes'", line, f"velden.{name}"))
        elif decl.choices and decl.kind != "keuze":
            problems.append(Problem(where, f"velden.{name}: 'keuzes' hoort alleen bij soort keuze", line,
                                    f"velden.{name}"))
        if (decl.minimum is not None or decl.maximum is not None) and decl.kind not in ("getal", "geheel_getal"):
            problems.append(Problem(where, f"velden.{name}: 'min' en 'max' horen alleen bij een getal", line,
                                    f"velden.{name}"))
        if decl.default is not None and not _valid(decl):
            problems.append(Problem(where, f"velden.{name}: de standaardwaarde {decl.default!r} is geen geldige "
                                           f"waarde voor een veld van soort {decl.kind}", line, f"velden.{name}"))
        out.append(decl)
    return tuple(out)


def _valid(decl: FieldDecl) -> bool:
    from ..spec.validator import spec_validator
    rule = {k: v for k, v in decl.rule.items() if k not in ("default", "nullable", "required")}
    value = decl.default
    if decl.kind == "datum" and isinstance(value, dt.datetime):
        return False
    return spec_validator({"x": rule}).validate({"x": value})


def merged(layers: Sequence[Any]) -> tuple[FieldDecl, ...]:
    """The fields of all layers, bottom first (a field a lower layer declared stays its)."""
    seen: dict[str, FieldDecl] = {}
    for layer in layers:
        for decl in getattr(layer, "fields", ()):
            seen.setdefault(decl.name, decl)
    return tuple(seen.values())


def check_clashes(layer: Any, below: Sequence[Any], problems: list[Problem]) -> None:
    """A layer may not declare a field that a lower layer declares: two meanings for one name."""
    earlier = {decl.name: decl for decl in merged(below)}
    for decl in layer.fields:
        if decl.name in earlier:
            problems.append(Problem(layer.location, f"velden.{decl.name}: laag {earlier[decl.name].layer} noemt dit "
                                                    "veld al; kies een andere naam", decl.line, f"velden.{decl.name}"))


def schema_for(fields: Sequence[FieldDecl]) -> dict:
    """The spec schema with ``aanvullend`` holding exactly ``fields``."""
    out = dict(SCHEMA)
    out[KEY] = {"type": "dict", "required": False, "nullable": True, "default": None,
                "schema": {decl.name: decl.rule for decl in fields}}
    return out


def field_docs(fields: Sequence[FieldDecl]) -> dict[str, Any]:
    """The fields as spec.fields describes its own (FieldDoc), for explaining conditions in words."""
    from ..spec.fields import Choice, FieldDoc
    out = {}
    for decl in fields:
        rule = KINDS[decl.kind]
        out[decl.path] = FieldDoc(
            path=decl.path, label=decl.label, help=decl.help or "", group="document", type=rule["type"],
            required=decl.required and decl.default is None, nullable=decl.default is None and not decl.required,
            default=decl.default, choices=tuple(Choice(value, meaning) for value, meaning in (decl.choices or {}).items()),
            item_type="string" if decl.kind == "lijst" else None, minimum=decl.minimum, maximum=decl.maximum)
    return out
