"""Load and validate a spec: YAML -> Cerberus -> cross-field rules -> a frozen ``Spec``.

This is the only module that handles the raw dictionaries of a spec. Every problem is
collected before anything is raised, each with file, line and path, in Dutch.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional

from . import schema as S
from .defaults import defaults_filled, fill_derived
from .rules import cross_field_problems
from ..errors import Problem, spec_error
from .quick import plainly_valid
from .values import value_problems
from .yamlfile import LineMap, Location, NotADate, load_yaml, read_text

if TYPE_CHECKING:  # Cerberus loads only when a spec is not plainly valid (quick)
    import cerberus


@dataclass(frozen=True)
class Representative:
    naam: str
    functie: str
    bevoegdheid: str
    plaats: Optional[str]
    volmacht_van: Optional[str] = None
    volmacht_datum: Optional[dt.date] = None


@dataclass(frozen=True)
class Party:
    id: str
    naam: str
    korte_naam: str
    type: str
    rechtsvorm: str
    kvk: str
    vestigingsplaats: str
    adres: str
    vertegenwoordigers: tuple[Representative, ...]
    stemrecht: bool = True
    kostendragend: bool = True
    bijdragevorm: Optional[str] = None


@dataclass(frozen=True)
class Spec:
    """A validated spec. ``data`` is the whole normalised spec, deeply read-only."""

    name: str
    sha256: str
    data: Mapping[str, Any]
    parties: tuple[Party, ...]
    path: Optional[Path] = field(default=None, compare=False)  # the file, when read from one
    # (dotted path, value) of every choice the spec did not make and the schema's default made
    defaults: tuple[tuple[str, Any], ...] = field(default=(), compare=False)
    lines: LineMap = field(default_factory=dict, compare=False, repr=False)  # path -> line in the file

    def party(self, party_id: str) -> Party:
        for party in self.parties:
            if party.id == party_id:
                return party
        raise KeyError(party_id)

    @property
    def document(self) -> Mapping[str, Any]:
        return self.data["document"]


def freeze(value: Any) -> Any:
    """Deep read-only copy: dicts become mapping proxies, lists become tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def load_spec(path: Path | str, name: Optional[str] = None) -> Spec:
    """Read, validate and freeze the spec at ``path``; raise SpecError with every problem."""
    path = Path(path)
    name = name or path.name
    text = read_text(path, name)
    data, lines = load_yaml(text, name)
    spec = validate_spec(data, lines, name, hashlib.sha256(text.encode("utf-8")).hexdigest())
    return replace(spec, path=path)


def validate_spec(data: Any, lines: LineMap, name: str, sha256: str = "") -> Spec:
    if not isinstance(data, dict):
        raise spec_error(name, [Problem(name, "de spec moet een groep 'sleutel: waarde'-regels zijn", 1)])
    problems: list[Problem] = [Problem(name, message, _line(lines, path), _dotted(path))
                               for path, message in value_problems(data)]
    doc = None if problems else plainly_valid(data, S.SCHEMA)  # Cerberus only when it has to decide
    if doc is None:
        from .validator import spec_validator
        validator = spec_validator(S.SCHEMA)
        valid = validator.validate(data) and not problems
        doc = validator.document
        if not valid:
            problems.extend(_cerberus_problems(validator, lines, name))
            problems.extend(cross_field_problems(doc, lambda path: (_line(lines, path), _dotted(path)), name,
                                                 tolerant=True))
            raise spec_error(name, _sorted(problems))
    problems.extend(cross_field_problems(doc, lambda path: (_line(lines, path), _dotted(path)), name))
    if problems:
        raise spec_error(name, _sorted(problems))
    defaults = list(defaults_filled(data, doc)) + list(fill_derived(doc))
    parties = tuple(
        Party(
            **{k: v for k, v in p.items() if k not in ("vertegenwoordigers", "omvang")},
            vertegenwoordigers=tuple(Representative(**r) for r in p["vertegenwoordigers"]),
        )
        for p in doc["partijen"]
    )
    return Spec(name=name, sha256=sha256, data=freeze(doc), parties=parties, defaults=tuple(defaults), lines=lines)


def validate_extra(spec: Spec, schema: Mapping[str, Any], library: str) -> dict[str, Any]:
    """The spec's ``aanvullend`` values checked against ``schema`` (the spec schema with the
    library's own fields, library.fields.schema_for), with their defaults; SpecError otherwise."""
    rules = schema["aanvullend"]
    data = {"aanvullend": thaw(spec.data.get("aanvullend") or {})}
    quick = plainly_valid(data, {"aanvullend": {**rules, "nullable": False}})
    if quick is not None:
        return quick["aanvullend"]
    from .validator import spec_validator
    validator = spec_validator({"aanvullend": {**rules, "nullable": False}})
    if validator.validate(data):
        return validator.document["aanvullend"]
    problems = _cerberus_problems(validator, spec.lines, spec.name, schema)
    if not rules["schema"]:
        problems = [replace(p, message=f"{p.message}; bibliotheek {library} vraagt geen aanvullende velden")
                    if p.message.startswith("onbekende sleutel") else p for p in problems]
    raise spec_error(spec.name, _sorted(problems))


def thaw(value: Any) -> Any:
    """A frozen value (``freeze``) as plain dicts and lists again."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.line or 0, p.path or "", p.message))


def _dotted(path: Location) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _line(lines: LineMap, path: Location) -> Optional[int]:
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), None)


# --- Cerberus errors in Dutch ------------------------------------------------------------

_TYPE_NAMES = {
    "string": "een tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "ja of nee (true of false)",
    "date": "een datum (JJJJ-MM-DD, zonder aanhalingstekens)",
    "list": "een lijst (regels die met '-' beginnen)",
    "dict": "een groep 'sleutel: waarde'-regels",
}

_PATTERN_HINTS = {
    r"[0-9]{8}": "een KvK-nummer bestaat uit precies 8 cijfers, tussen aanhalingstekens (\"12345678\")",
    r"[a-z][a-z0-9_]*": "gebruik kleine letters, cijfers en '_', te beginnen met een letter",
    r"[^@\s]+@[^@\s]+\.[^@\s]+": "dit is geen geldig e-mailadres",
}


def _leaf_errors(errors: Iterable[cerberus.errors.ValidationError]):
    for error in errors:
        if error.is_group_error:
            yield from _leaf_errors(error.child_errors)
        else:
            yield error


def _schema_keys_at(path: Location, schema: Mapping[str, Any]) -> list[str]:
    """The keys the schema allows in the mapping at ``path`` (list indices skipped)."""
    rules: Any = {"type": "dict", "schema": schema}
    for part in path:
        if isinstance(part, int):
            rules = rules.get("schema", {})
            continue
        sub = rules.get("schema", {})
        rules = sub.get(part, {}) if isinstance(sub, dict) else {}
    sub = rules.get("schema", {})
    if rules.get("type") == "list":
        sub = sub.get("schema", {})
    return sorted(sub) if isinstance(sub, dict) else []


def _message(error: cerberus.errors.ValidationError, schema: Mapping[str, Any] = S.SCHEMA) -> str:
    from cerberus import errors as cerr
    rule, value, constraint = error.rule, error.value, error.constraint
    if error.code == cerr.UNKNOWN_FIELD.code:
        key = error.document_path[-1]
        allowed = _schema_keys_at(error.document_path[:-1], schema)
        guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        text = f"onbekende sleutel '{key}'"
        if guess:
            return text + f"; bedoelt u '{guess[0]}'?"
        return text + (f"; toegestaan zijn: {', '.join(allowed)}" if allowed else "")
    if rule == "required":
        return "dit veld is verplicht maar ontbreekt"
    if rule == "allowed":
        shown = ", ".join(str(c) for c in constraint)
        return f"{value!r} is geen geldige keuze; kies uit {shown}"
    if rule == "type":
        return f"moet {_TYPE_NAMES.get(constraint, constraint)} zijn, niet {_describe(value)}"
    if rule == "regex":
        hint = _PATTERN_HINTS.get(constraint, f"moet voldoen aan het patroon {constraint}")
        return f"{value!r} klopt niet: {hint}"
    if rule == "empty":
        return "mag niet leeg zijn"
    if rule == "nullable":
        return "mag niet leeg zijn (een waarde is verplicht)"
    if rule == "min":
        return f"{value} is te klein; het minimum is {constraint}"
    if rule == "max":
        return f"{value} is te groot; het maximum is {constraint}"
    if rule == "minlength":
        return f"moet ten minste {constraint} element(en) bevatten"
    if rule == "maxlength":
        return f"mag ten hoogste {constraint} element(en) bevatten"
    return f"ongeldige waarde {value!r} (regel '{rule}')"


def _describe(value: Any) -> str:
    if isinstance(value, NotADate):
        return f"'{value}', een datum die niet bestaat"
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (ja/nee)"
    if isinstance(value, (int, float)):
        return f"het getal {value}"
    if isinstance(value, str):
        return f"de tekst {value!r}"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een groep"
    if isinstance(value, dt.datetime):
        return (f"een datum met een tijd ({value.isoformat(sep=' ')}); schrijf alleen de datum, zoals "
                f"{value.date().isoformat()}")
    if isinstance(value, dt.date):
        return f"de datum {value.isoformat()}"
    return repr(value)


def _cerberus_problems(validator: cerberus.Validator, lines: LineMap, name: str,
                       schema: Mapping[str, Any] = S.SCHEMA) -> list[Problem]:
    out = []
    for error in _leaf_errors(validator._errors):  # the public tree drops codes we need
        path = tuple(error.document_path)
        out.append(Problem(name, _message(error, schema), _line(lines, path), _dotted(path)))
    return out
