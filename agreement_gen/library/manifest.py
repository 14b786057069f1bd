"""Layer manifests (``bibliotheek.yaml``): their schema, and reading one into a Layer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, display
from .clause import ChangelogEntry, Layer
from .fields import MANIFEST_RULE as FIELDS_RULE, read_declarations
from .migrations import MANIFEST_RULE as MIGRATIONS_RULE, read_steps
from .validate import ID_PATTERN, SEMVER, read_mapping, schema_problems
from ..resources import read_bounded
from ..output import reason

if TYPE_CHECKING:  # Cerberus loads only when the quick check is in doubt (validate)
    import cerberus

MAX_MANIFEST_BYTES = 1_000_000

MANIFEST = "bibliotheek.yaml"

MANIFEST_SCHEMA = {
    "naam": {"type": "string", "required": True, "regex": ID_PATTERN},
    "versie": {"type": "string", "required": True, "regex": SEMVER},
    "uitgever": {"type": "string", "empty": False},
    "beschrijving": {"type": "string", "empty": False},
    "taal": {"type": "string", "regex": r"[a-z]{2}"},
    "spec_versies": {"type": "list", "minlength": 1, "schema": {"type": "integer", "min": 1}},
    "basis": {
        "type": "dict",
        "schema": {"naam": {"type": "string", "required": True, "regex": ID_PATTERN},
                   "versie": {"type": "string", "empty": False}},
    },
    "uit": {"type": "list", "schema": {"type": "string", "regex": ID_PATTERN}},
    "velden": FIELDS_RULE,
    "migraties": MIGRATIONS_RULE,
    "changelog": {
        "type": "list",
        "schema": {
            "type": "dict",
            "schema": {
                "versie": {"type": "string", "required": True, "regex": SEMVER},
                "datum": {"type": "date", "required": True},
                "wijzigingen": {"type": "list", "required": True, "minlength": 1,
                                "schema": {"type": "string", "empty": False}},
            },
        },
    },
}


def read_manifest(root: Path, validator: cerberus.Validator, problems: list[Problem]) -> Layer:
    path = root / MANIFEST
    fallback = Layer(name=root.resolve().name, root=root)
    if not path.is_file():
        return fallback
    name = display(path)
    try:
        raw = read_bounded(path, MAX_MANIFEST_BYTES)
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        problems.append(Problem(name, f"manifest kan niet worden gelezen ({reason(exc)})"))
        return fallback
    except UnicodeDecodeError:
        problems.append(Problem(name, "manifest is geen geldige UTF-8-tekst"))
        return fallback
    if len(raw) > MAX_MANIFEST_BYTES:
        problems.append(Problem(name, f"manifest is te groot (meer dan {MAX_MANIFEST_BYTES} bytes)"))
        return fallback
    read = read_mapping(text, name, 1, problems, "manifest")
    if read is None:
        return fallback
    data, lines = read
    errors = schema_problems(data, MANIFEST_SCHEMA, lines, name, validator, "manifest")
    if errors:
        problems.extend(errors)
        usable = isinstance(data.get("naam"), str) and re.fullmatch(ID_PATTERN, data["naam"])
        return Layer(name=data["naam"], root=root, manifest=path, lines=lines) if usable else fallback
    changelog = tuple(ChangelogEntry(e["versie"], e["datum"], tuple(e["wijzigingen"]))
                      for e in data.get("changelog") or ())
    if changelog and data["versie"] not in {e.versie for e in changelog}:
        problems.append(Problem(name, f"het changelog heeft geen regel voor versie {data['versie']}",
                                lines.get(("changelog",)), "changelog"))
    base = data.get("basis")
    return Layer(
        name=data["naam"],
        root=root,
        version=data["versie"],
        manifest=path,
        publisher=data.get("uitgever"),
        description=data.get("beschrijving"),
        language=data.get("taal"),
        spec_versions=tuple(data.get("spec_versies") or ()),
        base=(base["naam"], base.get("versie")) if base else None,
        switched_off=tuple(data.get("uit") or ()),
        changelog=changelog,
        lines=lines,
        fields=read_declarations(data.get("velden") or {}, data["naam"], lines, name, problems),
        migrations=read_steps(data.get("migraties") or (), data["naam"], lines, name, problems),
    )
