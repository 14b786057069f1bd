"""Migration steps a library carries as data (``migraties`` in bibliotheek.yaml), and applying
them to a spec's data.

A major version may rename, remove or add spec fields. It says so in its manifest::

    migraties:
      - versie: 2.0.0
        stappen:
          - hernoem: {van: aanvullend.zorgpad, naar: aanvullend.zorgpad_naam}
          - verwijder: aanvullend.oude_regeling
          - zet: {veld: aanvullend.evaluatie_maanden, waarde: 12}

A step applies when the spec still has what it changes (``hernoem``/``verwijder``: the old field
is there; ``zet``: the field is missing), so applying the steps twice changes nothing. Paths are
dotted; ``[]`` steps into every item of a list (``partijen[].aandeel``). The data may be plain
dicts or ruamel.yaml's round-trip maps: a renamed key keeps its place and its comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Optional, Sequence

from ..errors import Problem
from .validate import FIELD_PATH, SEMVER

_PATH = FIELD_PATH
STEP_SCHEMA = {
    "hernoem": {"type": "dict", "schema": {"van": {"type": "string", "required": True, "regex": _PATH},
                                           "naar": {"type": "string", "required": True, "regex": _PATH}}},
    "verwijder": {"type": "string", "regex": _PATH},
    "zet": {"type": "dict", "schema": {"veld": {"type": "string", "required": True, "regex": _PATH},
                                       "waarde": {"required": True, "nullable": False}}},
}
MANIFEST_RULE = {
    "type": "list",
    "schema": {
        "type": "dict",
        "schema": {
            "versie": {"type": "string", "required": True, "regex": SEMVER},
            "toelichting": {"type": "string", "empty": False},
            "stappen": {"type": "list", "required": True, "minlength": 1,
                        "schema": {"type": "dict", "schema": STEP_SCHEMA, "minlength": 1, "maxlength": 1}},
        },
    },
}


@dataclass(frozen=True)
class Step:
    kind: str  # hernoem, verwijder, zet
    path: str  # the field it changes (hernoem: the old name)
    target: Optional[str] = None  # hernoem: the new name
    value: Any = None  # zet
    version: str = ""  # the library version that introduced it
    layer: str = ""
    line: Optional[int] = None

    def describe(self) -> str:
        if self.kind == "hernoem":
            return f"'{self.path}' heet voortaan '{self.target}'"
        if self.kind == "verwijder":
            return f"'{self.path}' vervalt"
        return f"'{self.path}' krijgt de waarde {_show(self.value)} als het ontbreekt"


@dataclass(frozen=True)
class Change:
    step: Step
    where: str  # the concrete path, with list positions: partijen[2].aandeel

    @property
    def message(self) -> str:
        if self.step.kind == "hernoem":
            return f"hernoemd naar '{_concrete(self.step.target, self.where)}'"
        if self.step.kind == "verwijder":
            return "verwijderd"
        return f"toegevoegd met de waarde {_show(self.step.value)}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return repr(value) if isinstance(value, str) else str(value)


def _concrete(pattern: str, where: str) -> str:
    """``partijen[].naam`` with the positions of ``where`` (``partijen[2].x``): ``partijen[2].naam``."""
    positions = iter(re.findall(r"\[(\d+)\]", where))
    return re.sub(r"\[\]", lambda m: f"[{next(positions, '')}]", pattern)


def read_steps(data: Sequence[Mapping[str, Any]], layer: str, lines: Mapping[Any, int], where: str,
               problems: list[Problem]) -> tuple[Step, ...]:
    """The steps of a manifest's ``migraties`` (already checked against MANIFEST_RULE)."""
    out = []
    for i, migration in enumerate(data or ()):
        version = migration["versie"]
        for j, raw in enumerate(migration["stappen"]):
            line = lines.get(("migraties", i, "stappen", j))
            (kind, arg), = raw.items()
            if kind == "hernoem":
                step = Step(kind, arg["van"], target=arg["naar"], version=version, layer=layer, line=line)
                if arg["van"].count("[]") != arg["naar"].count("[]") or _lists(arg["van"]) != _lists(arg["naar"]):
                    problems.append(Problem(where, f"migraties[{i + 1}].stappen[{j + 1}]: '{arg['van']}' en "
                                                   f"'{arg['naar']}' moeten in dezelfde lijst liggen", line))
            elif kind == "verwijder":
                step = Step(kind, arg, version=version, layer=layer, line=line)
            else:
                step = Step(kind, arg["veld"], value=arg["waarde"], version=version, layer=layer, line=line)
            out.append(step)
    return tuple(out)


def _lists(path: str) -> tuple[str, ...]:
    parts = path.split(".")
    return tuple(".".join(parts[: i + 1]) for i, p in enumerate(parts) if p.endswith("[]"))


def steps_until(library: Any, version: Optional[str] = None) -> list[Step]:
    """The steps of every layer of ``library`` for its versions up to ``version`` (default: the
    layer's own version), oldest version first."""
    from packaging.version import InvalidVersion, Version
    out = []
    for layer in library.layers:
        limit = version if version and layer is library.layers[0] else layer.version
        for step in getattr(layer, "migrations", ()):
            try:
                if limit and Version(step.version) > Version(limit):
                    continue
            except InvalidVersion:
                continue
            out.append(step)
    return sorted(out, key=lambda s: _version_key(s.version))


def _version_key(version: str):
    from packaging.version import InvalidVersion, Version
    try:
        return (0, Version(version))
    except InvalidVersion:
        return (1, version)


# --- applying steps ---------------------------------------------------------------------------


def _split(path: str) -> list[str]:
    return path.split(".")


def _parents(data: Any, parts: list[str], where: str = "", make: bool = False) -> Iterator[tuple[Any, str, str]]:
    """(mapping, key, concrete path) for every place ``parts`` reaches in ``data``. With ``make``
    (for ``zet``), a missing or empty group on the way is made (``aanvullend:`` in a spec without
    one); the mapping is None when it would be made but ``data`` must stay as it is."""
    head, rest = parts[0], parts[1:]
    is_list = head.endswith("[]")
    key = head[:-2] if is_list else head
    here = f"{where}.{key}" if where else key
    if data is not None and not isinstance(data, Mapping):
        return
    if not rest:
        yield data, key, here
        return
    value = data.get(key) if data is not None else None
    if is_list:
        if isinstance(value, list):
            for n, item in enumerate(value):
                yield from _parents(item, rest, f"{here}[{n + 1}]", make)
    elif isinstance(value, Mapping):
        yield from _parents(value, rest, here, make)
    elif make and value is None:
        yield from _parents(None, rest, here, make)


def pending(steps: Sequence[Step], data: Any) -> list[Change]:
    """What ``steps`` would change in ``data``, without changing it."""
    return apply(steps, data, dry_run=True)


def apply(steps: Sequence[Step], data: Any, dry_run: bool = False) -> list[Change]:
    """Apply ``steps`` to ``data`` in place (unless ``dry_run``); the changes made, in order."""
    changes = []
    for step in steps:
        for parent, key, where in list(_parents(data, _split(step.path), make=step.kind == "zet")):
            if step.kind == "zet":
                if parent is None or key not in parent or parent.get(key) is None:
                    changes.append(Change(step, where))
                    if not dry_run:
                        (parent if parent is not None else _make(data, step.path))[key] = step.value
                continue
            if key not in parent:
                continue
            if step.kind == "verwijder":
                changes.append(Change(step, where))
                if not dry_run:
                    del parent[key]
                continue
            new_key = _split(step.target)[-1].removesuffix("[]")
            same_parent = _split(step.target)[:-1] == _split(step.path)[:-1]
            if same_parent and new_key in parent:
                continue  # both names present: leave it to validation to report
            changes.append(Change(step, where))
            if not dry_run:
                _rename(data, parent, key, step, where, new_key if same_parent else None)
    return changes


def _make(data: Any, path: str) -> Any:
    """The mapping that holds the last part of ``path`` (no lists on the way), made where missing,
    of the kind ``data`` is (a ruamel.yaml map in a round trip)."""
    node = data
    for name in _split(path)[:-1]:
        if not isinstance(node.get(name), Mapping):
            node[name] = type(data)()
        node = node[name]
    return node


def _rename(data: Any, parent: Any, key: str, step: Step, where: str, new_key: Optional[str]) -> None:
    value = parent[key]
    if new_key is not None:
        position = list(parent).index(key)
        comment = getattr(parent, "ca", None)
        note = comment.items.pop(key, None) if comment is not None else None
        del parent[key]
        if hasattr(parent, "insert"):
            parent.insert(position, new_key, value)
        else:
            parent[new_key] = value
        if note is not None:
            comment.items[new_key] = note
        return
    del parent[key]
    target = _concrete(step.target, where)
    node = data
    parts = re.findall(r"([a-z][a-z0-9_]*)(?:\[(\d+)\])?", target)
    for name, index in parts[:-1]:
        if index:
            node = node[name][int(index) - 1]
        else:
            node = node.setdefault(name, type(parent)())
    node[parts[-1][0]] = value
