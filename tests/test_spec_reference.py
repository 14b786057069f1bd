"""docs/spec.md and docs/spec.schema.json are what scripts/spec_reference.py makes of the field
descriptions and the schema today."""

from __future__ import annotations

import importlib.util

from conftest import ROOT


def _script():
    spec = importlib.util.spec_from_file_location("spec_reference", ROOT / "scripts" / "spec_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_spec_reference_in_docs_is_current():
    current = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")
    assert current == _script().reference(), "docs/spec.md is verouderd: draai python scripts/spec_reference.py"


def test_the_json_schema_in_docs_is_current():
    from agreement_gen.spec.json_schema import json_schema_text

    current = (ROOT / "docs" / "spec.schema.json").read_text(encoding="utf-8")
    assert current == json_schema_text(), "docs/spec.schema.json is verouderd: draai python scripts/spec_reference.py"


def test_the_reference_names_every_field_with_its_label_and_example():
    from agreement_gen.spec.fields import FIELDS

    text = _script().reference()
    for path, doc in FIELDS.items():
        assert f"### `{path}` · {doc.label}" in text
        if doc.example is not None:
            assert f"- **Voorbeeld:** `{doc.key}: " in text
    assert "- `consent`: er wordt niet gestemd" in text
    assert "# yaml-language-server: $schema=spec.schema.json" in text
