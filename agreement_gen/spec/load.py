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
from typing import Any, Iterable, Mapping, Optional

import cerberus
from cerberus import errors as cerr

from . import schema as S
from ..errors import Problem, spec_error
from .yamlfile import LineMap, Location, load_yaml, read_text


@dataclass(frozen=True)
class Representative:
    naam: str
    functie: str
    bevoegdheid: str
    plaats: Optional[str]


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


@dataclass(frozen=True)
class Spec:
    """A validated spec. ``data`` is the whole normalised spec, deeply read-only."""

    name: str
    sha256: str
    data: Mapping[str, Any]
    parties: tuple[Party, ...]
    path: Optional[Path] = field(default=None, compare=False)  # the file, when read from one

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
    validator = cerberus.Validator(S.SCHEMA, allow_unknown=False)
    problems: list[Problem] = []
    valid = validator.validate(data)
    doc = validator.document
    if not valid:
        problems.extend(_cerberus_problems(validator, lines, name))
        problems.extend(_cross_field_problems(doc, lines, name, tolerant=True))
        raise spec_error(name, _sorted(problems))
    problems.extend(_cross_field_problems(doc, lines, name))
    if problems:
        raise spec_error(name, _sorted(problems))
    parties = tuple(
        Party(
            **{k: v for k, v in p.items() if k not in ("vertegenwoordigers", "omvang")},
            vertegenwoordigers=tuple(Representative(**r) for r in p["vertegenwoordigers"]),
        )
        for p in doc["partijen"]
    )
    return Spec(name=name, sha256=sha256, data=freeze(doc), parties=parties)


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


def _schema_keys_at(path: Location) -> list[str]:
    """The keys the schema allows in the mapping at ``path`` (list indices skipped)."""
    rules: Any = {"type": "dict", "schema": S.SCHEMA}
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


def _message(error: cerberus.errors.ValidationError) -> str:
    rule, value, constraint = error.rule, error.value, error.constraint
    if error.code == cerr.UNKNOWN_FIELD.code:
        key = error.document_path[-1]
        allowed = _schema_keys_at(error.document_path[:-1])
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
    if isinstance(value, dt.date):
        return f"de datum {value.isoformat()}"
    return repr(value)


def _cerberus_problems(validator: cerberus.Validator, lines: LineMap, name: str) -> list[Problem]:
    out = []
    for error in _leaf_errors(validator._errors):  # the public tree drops codes we need
        path = tuple(error.document_path)
        out.append(Problem(name, _message(error), _line(lines, path), _dotted(path)))
    return out


# --- rules Cerberus cannot express -------------------------------------------------------


def _cross_field_problems(doc: dict, lines: LineMap, name: str, tolerant: bool = False) -> list[Problem]:
    """Run every cross-field rule. With ``tolerant`` (the schema already failed), a rule whose
    part of the spec is too broken to read is skipped: the schema problems say why."""
    out: list[Problem] = []
    for rule in _RULES:
        try:
            rule(doc, lambda path, message: out.append(
                Problem(name, message, _line(lines, path), _dotted(path))))
        except (KeyError, TypeError, AttributeError, ValueError):
            if not tolerant:
                raise
    return out


def _rule_unique_parties(doc, problem):

    parties = doc["partijen"]
    for key in ("id", "korte_naam", "kvk"):
        seen: dict[str, int] = {}
        for i, party in enumerate(parties):
            value = party[key]
            if value in seen:
                problem(
                    ("partijen", i, key),
                    f"'{value}' komt al voor bij partij {seen[value] + 1}; elke partij heeft een eigen {key}",
                )
            seen.setdefault(value, i)


def _party_checker(doc, problem):
    ids = [p["id"] for p in doc["partijen"] if isinstance(p, dict) and "id" in p]

    def must_be_party(path: Location, value: Any, extra: tuple[str, ...] = ()) -> None:
        if value is None or value in extra or value in ids:
            return
        options = ", ".join(ids) + "".join(f", {e}" for e in extra)
        guess = difflib.get_close_matches(str(value), ids + list(extra), n=1, cutoff=0.6)
        hint = f"; bedoelt u '{guess[0]}'?" if guess else f"; kies uit {options}"
        problem(path, f"'{value}' is geen partij-id uit partijen{hint}")

    return ids, must_be_party


def _rule_governance(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    gov = doc["governance"]
    must_be_party(("governance", "stuurgroep", "voorzitter"), gov["stuurgroep"]["voorzitter"], tuple(S.CHAIRS))
    if gov.get("procescoordinator"):
        must_be_party(
            ("governance", "procescoordinator", "bekostiging"),
            gov["procescoordinator"]["bekostiging"],
            ("gezamenlijk",),
        )
    types = {p.get("type") for p in doc["partijen"]}
    for key, ptype in (("rol_gemeente", "gemeente"), ("rol_zorgverzekeraar", "zorgverzekeraar")):
        if gov.get(key) is not None and ptype not in types:
            problem(("governance", key), f"er is geen partij van het type {ptype}; laat dit veld weg")


def _rule_financing(doc, problem):
    ids, must_be_party = _party_checker(doc, problem)
    fin = doc["financiering"]
    must_be_party(("financiering", "penvoerder"), fin["penvoerder"])
    key = fin["kostenverdeling"]
    shares = key.get("aandelen")
    share_path = ("financiering", "kostenverdeling", "aandelen")
    if key["methode"] != "gelijk":
        if not shares:
            problem(
                ("financiering", "kostenverdeling", "methode"),
                f"bij de methode '{key['methode']}' horen aandelen per partij (kostenverdeling.aandelen)",
            )
    if shares:
        for party_id in shares:
            must_be_party(share_path + (party_id,), party_id)
        missing = [i for i in ids if i not in shares]
        if missing:
            problem(share_path, f"geen aandeel voor {', '.join(missing)}; elke partij krijgt een aandeel")
        total = sum(shares.values())
        if abs(total - 100) > 1e-9:
            problem(share_path, f"de aandelen tellen op tot {_num(total)}%, niet tot 100%")


def _rule_decisions(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    dec = doc["besluitvorming"]
    gov = doc.get("governance") or {}
    non_voting = {
        ptype for ptype, key in (("gemeente", "rol_gemeente"), ("zorgverzekeraar", "rol_zorgverzekeraar"))
        if gov.get(key) in ("adviseur", "toehoorder")
    }
    count = sum(1 for p in doc["partijen"] if p.get("type") not in non_voting)
    if dec["quorum"] > count:
        which = "stemgerechtigde partijen" if non_voting else "partijen"
        problem(
            ("besluitvorming", "quorum"),
            f"het quorum ({dec['quorum']}) is groter dan het aantal {which} ({count})",
        )
    if dec["regel"] == "gekwalificeerde_meerderheid" and dec.get("meerderheid_procent") is None:
        problem(("besluitvorming", "meerderheid_procent"), "verplicht bij de regel gekwalificeerde_meerderheid")
    if dec["regel"] == "stilzwijgende_instemming" and dec.get("reactietermijn_dagen") is None:
        problem(("besluitvorming", "reactietermijn_dagen"), "verplicht bij de regel stilzwijgende_instemming")
    if dec.get("stemgewicht"):
        for party_id in dec["stemgewicht"]:
            must_be_party(("besluitvorming", "stemgewicht", party_id), party_id)


def _rule_party_lists(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    for list_key in ("goedkeuringen", "rollen", "contactpersonen"):
        for i, item in enumerate(doc.get(list_key) or []):
            must_be_party((list_key, i, "partij"), item["partij"])


def _rule_data(doc, problem):
    _, must_be_party = _party_checker(doc, problem)
    data = doc["gegevensuitwisseling"]
    if data["rol"] == "verwerker":
        if data.get("verwerkingsverantwoordelijke") is None:
            problem(("gegevensuitwisseling", "verwerkingsverantwoordelijke"), "verplicht bij de rol verwerker")
        else:
            must_be_party(
                ("gegevensuitwisseling", "verwerkingsverantwoordelijke"), data["verwerkingsverantwoordelijke"]
            )
    elif data.get("verwerkingsverantwoordelijke") is not None:
        problem(
            ("gegevensuitwisseling", "verwerkingsverantwoordelijke"),
            "hoort alleen bij de rol verwerker; laat dit veld weg",
        )


def _rule_term(doc, problem):
    term = doc["looptijd"]
    if term["verlenging"] != "geen" and term.get("verlenging_jaren") is None:
        problem(("looptijd", "verlenging_jaren"), f"verplicht bij verlenging '{term['verlenging']}'")
    if term["ingangsdatum"] < doc["document"]["datum"] - dt.timedelta(days=3650):
        problem(("looptijd", "ingangsdatum"), "ligt meer dan tien jaar vóór de documentdatum; klopt het jaartal?")


def _rule_disputes(doc, problem):
    disputes = doc["geschillen"]
    if disputes["beslechting"] == "rechter" and disputes.get("rechtbank") is None:
        problem(("geschillen", "rechtbank"), "verplicht bij beslechting door de rechter")


_RULES = (
    _rule_unique_parties,
    _rule_governance,
    _rule_financing,
    _rule_decisions,
    _rule_party_lists,
    _rule_data,
    _rule_term,
    _rule_disputes,
)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
