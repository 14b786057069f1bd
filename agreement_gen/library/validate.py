"""YAML mappings checked against a Cerberus schema: the patterns ids and versions follow, and
schema problems worded in Dutch with the file, line and key they concern."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any, Iterable, Optional

from ..errors import Problem
from ..spec.load import _leaf_errors, _message
from ..spec.quick import plainly_valid_as_is
from ..spec.yamlfile import LineMap, parse_yaml

if TYPE_CHECKING:  # Cerberus loads only when the quick check is in doubt
    import cerberus

ID_PATTERN = r"[a-z][a-z0-9_.\-]*"

# MAJOR.MINOR.PATCH with an optional pre-release tag that sorts the same in SemVer and PEP 440.
SEMVER = r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(alpha|beta|rc)(\.(0|[1-9][0-9]*))?)?"
FIELD_PATH = r"[a-z][a-z0-9_]*(\[\])?(\.[a-z][a-z0-9_]*(\[\])?)*"  # a spec field, [] for list items

_PATTERN_HINTS = {
    ID_PATTERN: "gebruik kleine letters, cijfers, '_', '.' en '-', te beginnen met een letter",
    SEMVER: "schrijf een semantische versie MAJOR.MINOR.PATCH, bijvoorbeeld 1.4.0 (of 2.0.0-rc.1)",
    r"[a-z][a-z0-9_]*": "een veldnaam heeft kleine letters, cijfers en '_', te beginnen met een letter",
    FIELD_PATH: "schrijf een specveld met punten, [] voor elk element van een lijst, bijvoorbeeld "
                "aanvullend.zorgpad of partijen[].aandeel",
}


def read_mapping(text: str, name: str, first_line: int, problems: list[Problem],
                 what: str) -> Optional[tuple[dict, LineMap]]:
    """A YAML mapping with its line numbers, or None after adding the problems to ``problems``."""
    data, lines, found = parse_yaml(text, name, first_line)
    if found:
        problems.extend(found)
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, f"{what} moet een groep 'sleutel: waarde'-regels zijn", first_line))
        return None
    return data, lines


def schema_problems(meta: dict, schema: dict, lines: LineMap, name: str, validator: cerberus.Validator,
                    what: str) -> list[Problem]:
    if plainly_valid_as_is(meta, schema) or validator.validate(meta, normalize=False):
        return []
    import cerberus
    out = []
    for error in _leaf_errors(validator._errors):  # the public tree drops the codes
        path = tuple(error.document_path)
        if error.code == cerberus.errors.UNKNOWN_FIELD.code:
            key = str(path[-1])
            allowed = sorted(schema) if len(path) == 1 else []
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            message = f"onbekende sleutel '{key}'" + (f"; bedoelt u '{guess[0]}'?" if guess else "")
        elif error.rule == "regex" and error.constraint in _PATTERN_HINTS:
            message = f"{error.value!r} klopt niet: {_PATTERN_HINTS[error.constraint]}"
        else:
            message = _message(error)
        out.append(Problem(name, f"{what}: {message}", line_at(lines, path), dotted(path)))
    return out


def line_at(lines: LineMap, path: tuple) -> Optional[int]:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


class LazyValidator:
    """``spec.validator.own_validator(schema)``, made on first use: a manifest that passes the quick
    check never needs it, and making one loads Cerberus."""

    def __init__(self, schema: dict) -> None:
        self._schema = schema
        self._real = None

    def __getattr__(self, name: str) -> Any:
        if self._real is None:
            from ..spec.validator import own_validator
            self._real = own_validator(self._schema)
        return getattr(self._real, name)


def dotted(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out
