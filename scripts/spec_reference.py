"""Write docs/spec.md (every field of a spec, grouped) and docs/spec.schema.json (its JSON Schema).

Generated from the field descriptions (agreement_gen/spec/fields.yaml) and the Cerberus schema,
so they cannot drift: tests/test_spec_reference.py checks that both files are current.
Run: python scripts/spec_reference.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_gen.spec.fields import FIELDS, GROUPS, FieldDoc  # noqa: E402
from agreement_gen.spec.json_schema import NOT_CHECKED, json_schema_text  # noqa: E402
from agreement_gen.spec.load import _PATTERN_HINTS  # noqa: E402
from agreement_gen.spec.starter import inline_yaml  # noqa: E402

SPEC_MD = ROOT / "docs" / "spec.md"
SCHEMA_JSON = ROOT / "docs" / "spec.schema.json"

INTRO = """\
# De spec: alle velden

Gemaakt door `scripts/spec_reference.py` uit de beschrijving van de velden
(`agreement_gen/spec/fields.yaml`) en het schema (`agreement_gen/spec/schema.py`); niet met de hand
bewerken. Dezelfde beschrijving gebruiken `agreement-gen init`, `agreement-gen schema` en het
webformulier.

Een spec is een YAML-bestand in UTF-8. Begin met `agreement-gen init mijn-overeenkomst.yaml` (een paar
vragen) of `agreement-gen init --voorbeeld hartnet-noord mijn-overeenkomst.yaml` (een volledig
voorbeeld), en controleer met `agreement-gen validate mijn-overeenkomst.yaml`.

Hoe u een veld leest: `partijen[].naam` is de `naam` van iedere partij in de lijst `partijen`;
`besluitvorming.regel` is `regel` in de groep `besluitvorming`. Een veld dat u weglaat, krijgt zijn
standaard; `build` en `explain` noemen iedere standaard die zij gebruikten.

## In uw editor: aanvullen en controleren tijdens het typen

`agreement-gen schema` geeft het JSON Schema van de spec (draft-07), met de namen, uitleg en keuzes
hieronder. Een editor met [yaml-language-server](https://github.com/redhat-developer/yaml-language-server)
vult daarmee velden en keuzes aan, toont de uitleg als u de muis op een veld houdt, en onderstreept een
onbekende sleutel, een ontbrekend verplicht veld of een keuze die niet bestaat. In VS Code:

1. Installeer de extensie **YAML** van Red Hat (`redhat.vscode-yaml`).
2. Schrijf het schema naast uw spec: `agreement-gen schema -o spec.schema.json`.
3. Zet als eerste regel in de spec (het pad is ten opzichte van de spec; een volledig pad of een
   `https://`-adres mag ook):

   ```yaml
   # yaml-language-server: $schema=spec.schema.json
   versie: 1
   ```

Voor alle specs in een map in één keer, in `.vscode/settings.json`:

```json
{ "yaml.schemas": { "./spec.schema.json": ["specs/*.yaml"] } }
```

In deze repository staat het schema ook in `docs/spec.schema.json` (even actueel als deze pagina): een
spec in `samples/` kan beginnen met `# yaml-language-server: $schema=../docs/spec.schema.json`.
Het commentaar verandert niets aan de overeenkomst.

Een fout ziet u dan tijdens het typen, met de Nederlandse melding van het schema: `kies uit unanimiteit,
gekwalificeerde_meerderheid, ...`, `een KvK-nummer bestaat uit precies 8 cijfers ...`, `moet een geheel
getal zijn`, `rechtbank is verplicht bij de rechter`. Een ontbrekend of onbekend veld meldt de editor in
zijn eigen woorden (`Missing property "penvoerder"`, `Property penvoeder is not allowed`). Dat is getoetst
met yaml-language-server 1.25, de server achter de VS Code-extensie: `tests/test_editor.py` opent de
voorbeelden (geen meldingen) en een kapotte spec met die server, als hij geïnstalleerd is
(`npm install yaml-language-server`, en `YAML_LANGUAGE_SERVER` naar het programma). Zelf kijken wat de
editor van een spec vindt: `python scripts/editor_check.py mijn-overeenkomst.yaml`.

Het schema kent de regels over velden heen die een schema kan uitdrukken (zoals: bij
`gekwalificeerde_meerderheid` hoort `meerderheid_procent`). Alleen `agreement-gen validate` controleert
ook:

"""


def _type(doc: FieldDoc) -> str:
    text = doc.type_text
    low, high = doc.minimum, doc.maximum
    if low is not None and high is not None:
        text += f", van {low} tot en met {high}"
    elif low is not None:
        text += f", ten minste {low}"
    elif high is not None:
        text += f", ten hoogste {high}"
    if doc.min_items:
        text += f", ten minste {doc.min_items}"
    if doc.pattern:
        text += f" ({_PATTERN_HINTS.get(doc.pattern, 'patroon ' + doc.pattern).split('; ')[0]})"
    return text


def _default(doc: FieldDoc) -> str | None:
    if doc.default_note:
        return doc.default_note
    if doc.default is not None and doc.default != []:
        return f"`{inline_yaml(doc.default)}`"
    return None


def _field(doc: FieldDoc) -> list[str]:
    lines = [f"### `{doc.path}` · {doc.label}", "", doc.help, ""]
    lines.append(f"- **Soort:** {_type(doc)}; {'verplicht' if doc.required else 'optioneel'}")
    default = _default(doc)
    if default:
        lines.append(f"- **Standaard:** {default}")
    if doc.choices:
        lines.append("- **Keuzes:**" if not doc.party_ref else "- **Keuzes naast een partij-id:**")
        lines += [f"  - `{inline_yaml(c.value)}`: {c.meaning}" for c in doc.choices]
    if doc.example is not None:
        lines.append(f"- **Voorbeeld:** `{doc.key}: {inline_yaml(doc.example)}`")
    if doc.children:
        lines.append("- **Velden:** " + ", ".join(f"`{FIELDS[c].key}`" for c in doc.children))
    return lines + [""]


def reference() -> str:
    lines = INTRO.splitlines() + [f"- {item};" for item in NOT_CHECKED[:-1]] + [f"- {NOT_CHECKED[-1]}.", ""]
    lines += ["## De groepen", ""]
    lines += [f"- [{g.label}](#{g.id}): " + ", ".join(f"`{p}`" for p in g.top) for g in GROUPS]
    lines.append("")
    for group in GROUPS:
        lines += [f'<a id="{group.id}"></a>', "", f"## {group.label}", "", group.help, ""]
        for path in group.paths:
            lines += _field(FIELDS[path])
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> None:
    SPEC_MD.write_text(reference(), encoding="utf-8")
    SCHEMA_JSON.write_text(json_schema_text(), encoding="utf-8")
    print(f"geschreven: {SPEC_MD.relative_to(ROOT)}, {SCHEMA_JSON.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
