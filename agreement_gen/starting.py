"""What ``agreement-gen init`` and ``schema`` use: the JSON Schema, field descriptions, the
starter's suggestions, writing a starter spec, and the sample specs to copy. Part of the
pipeline's API (``pipeline.write_starter``), kept apart so that a build never loads it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AgreementGenError
from .output import check_writable, write_atomic

if TYPE_CHECKING:
    from .assembly.assemble import Assembly
    from .spec.fields import FieldDoc

# (spec.fields, spec.json_schema and spec.starter are imported here only: a build never loads them)


def spec_schema() -> str:
    """The JSON Schema (draft-07) of a spec as JSON text, for YAML editors (spec/json_schema.py)."""
    from .spec.json_schema import json_schema_text
    return json_schema_text()


def field_doc(path: str) -> FieldDoc:
    """The description of one spec field (``partijen[].type``): label, help, choices, default."""
    from .spec.fields import FIELDS
    return FIELDS[path]


def starter_hints():
    """The suggestions ``agreement-gen init`` offers first: the module spec/starter.py
    (``suggest_short_name``, ``suggest_id``, ``suggest_legal_form``, ``authorities``, ``suggest_quorum``)."""
    from .spec import starter
    return starter


def write_starter(path: Path | str, data: dict, force: bool = False) -> Assembly:
    """Write ``data`` (a spec as plain values) to ``path`` as commented YAML, but only when it is a
    valid spec that builds with the bundled library: else raise SpecError (or BuildError) with
    every problem, and write nothing."""
    from .spec.starter import starter_text
    from .spec.yamlfile import load_yaml
    from .spec.load import validate_spec
    path = Path(path)
    check_writable(path, force)
    text = starter_text(data, path.name)
    parsed, lines = load_yaml(text, path.name)
    from .pipeline import draft
    assembly = draft(validate_spec(parsed, lines, path.name))
    write_atomic(path, text.encode("utf-8"), force=force)
    return assembly


def sample_names() -> list[str]:
    """The names of the sample specs that ``copy_sample`` knows."""
    from .resources import samples_dir
    return sorted(p.stem for p in samples_dir().glob("*.yaml"))


def copy_sample(name: str, out: Path | str, force: bool = False) -> list[Path]:
    """Copy the sample spec ``name`` to ``out``, with the layer folders it names (``bibliotheek.lagen``)
    beside it as in the samples; check every target before writing any. Returns what was written."""
    from .resources import samples_dir
    from .spec.load import load_spec
    source = samples_dir() / f"{name}.yaml"
    if name not in sample_names():
        raise AgreementGenError(f"onbekend voorbeeld '{name}'; kies uit: {', '.join(sample_names())}")
    out = Path(out)
    copies = [(source, out)]
    for layer in (load_spec(source).data.get("bibliotheek") or {}).get("lagen") or ():
        folder = source.parent / layer
        copies += [(f, out.parent / layer / f.relative_to(folder)) for f in sorted(folder.rglob("*")) if f.is_file()]
    for _, target in copies:
        if target.parent.is_dir() or target == out:
            check_writable(target, force)
    for origin, target in copies:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, origin.read_bytes(), force=force)
    return [target for _, target in copies]
