"""Library loading: manifests, layers (add, replace, add a variant, switch off), conflicts, pinning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agreement_gen.assembly.assemble import assemble
from agreement_gen.errors import LibraryError, display
from agreement_gen.assembly.explain import explain_text
from agreement_gen.library.pins import version_in_range
from agreement_gen.resources import archive_dir
from agreement_gen.library.read import load_library
from agreement_gen.pipeline import draft
from agreement_gen.spec.load import load_spec
from agreement_gen.model.text import render_text
from conftest import FIXTURES, HARTNET, ROOT

BASIS = FIXTURES / "libcheck" / "basis"
LIBCHECK = FIXTURES / "libcheck"
REGIO = FIXTURES / "lagen" / "regio"
OVEREENKOMST = FIXTURES / "lagen" / "overeenkomst"
GOOD = HARTNET.read_text(encoding="utf-8")


def spec_file(tmp_path: Path, bibliotheek: str = "", text: str = GOOD) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text.replace("versie: 1\n", "versie: 1\n" + bibliotheek, 1), encoding="utf-8")
    return path


def problems_of(roots) -> list[str]:
    with pytest.raises(LibraryError) as info:
        load_library(roots)
    return [f"{p.file}: {p.message}" for p in info.value.problems]


# --- manifest ---------------------------------------------------------------------------


def test_manifest_gives_name_version_and_layers():
    library = load_library([BASIS, REGIO])
    assert (library.name, library.version, library.spec_versions) == ("testbasis", "1.2.0", (1,))
    assert [layer.label for layer in library.layers] == ["testbasis 1.2.0", "regio 0.3.0"]
    assert library.label == "testbasis 1.2.0 + regio 0.3.0"
    assert library.layers[0].changelog[0].wijzigingen == ("Procescoördinator toegevoegd.",)


def test_the_bundled_library_has_a_manifest():
    library = load_library()
    bundled = library.layers[0]
    assert bundled.manifest == ROOT / "clauses" / "bibliotheek.yaml"
    assert (library.name, bundled.language, library.spec_versions) == ("regionale-zorgsamenwerking", "nl", (1,))
    assert bundled.publisher and bundled.changelog and bundled.changelog[0].versie == library.version


def test_a_layer_without_manifest_is_named_after_its_directory():
    library = load_library([BASIS, OVEREENKOMST])
    assert library.by_id("doel").layer == "overeenkomst"
    assert library.layers[1].version is None


# --- layering ---------------------------------------------------------------------------


def test_later_layers_replace_earlier_ones_in_order():
    library = load_library([BASIS, REGIO, OVEREENKOMST])
    doel = library.by_id("doel")
    assert doel.layer == "overeenkomst" and doel.path == OVEREENKOMST / "doel.md"
    assert [(v.layer, v.path.parent.name) for v in doel.versions] == [
        ("overeenkomst", "overeenkomst"), ("regio", "regio"), ("testbasis", "artikelen")]
    text = render_text(assemble(load_spec(HARTNET), library).agreement)
    assert "Partijen werken samen in HNN (tekst van deze overeenkomst)." in text
    assert "regionale tekst" not in text


def test_order_of_layers_decides():
    regio_only = render_text(assemble(load_spec(HARTNET), load_library([BASIS, REGIO])).agreement)
    assert 'Partijen werken in Noord-Nederland samen in "Hartnetwerk Noord" (regionale tekst).' in regio_only


def test_a_replacement_inherits_structure_from_the_clause_it_replaces():
    base, replaced = load_library([BASIS]).by_id("doel"), load_library([BASIS, REGIO]).by_id("doel")
    for key in ("soort", "titel", "categorie", "slot", "volgorde"):
        assert getattr(replaced, key) == getattr(base, key)
    assert replaced.velden == ("samenwerking.naam", "regio.naam")  # never inherited
    assert replaced.replaces == base


def test_a_layer_adds_a_variant_to_a_slot():
    assembly = assemble(load_spec(HARTNET), load_library([BASIS, REGIO]))
    slot = next(d for d in assembly.decisions if d.slot == "geschillen")
    assert slot.chosen.id == "geschillen.regio" and slot.chosen.layer == "regio"
    assert "regionale geschillencommissie en daarna aan de Rechtbank Noord-Nederland" in render_text(assembly.agreement)


def test_a_layer_switches_a_clause_off():
    with_it = load_library([BASIS])
    without = load_library([BASIS, REGIO])
    assert "procescoordinator" in [c.id for c in with_it.clauses]
    assert "procescoordinator" not in [c.id for c in without.clauses]
    [off] = without.switched_off
    assert (off.clause.id, off.layer.name, off.line) == ("procescoordinator", "regio", 4)
    assert "procescoördinator" not in render_text(assemble(load_spec(HARTNET), without).agreement)


def test_explain_names_the_layer_and_file_of_each_clause():
    text = explain_text(assemble(load_spec(HARTNET), load_library([BASIS, REGIO, OVEREENKOMST])))
    assert "laag: overeenkomst (doel.md)" in text
    assert "laag: regio (geschillen-regio.md)" in text
    assert "laag: testbasis (partij.md)" in text


# --- conflicts: each names both files ------------------------------------------------------


def test_two_replacements_of_one_clause_in_a_layer_conflict():
    layer = FIXTURES / "lagen" / "dubbel-vervangen"
    assert problems_of([BASIS, layer]) == [
        f"{display(layer / 'doel-b.md')}: vervangt 'doel' komt ook voor in {display(layer / 'doel-a.md')}"]


@pytest.mark.parametrize("fixture, both", [
    ("id-conflict", ("id-conflict/doel.md", "basis/artikelen/doel.md")),
    ("vervangt-soort", ("vervangt-soort/doel.md", "basis/artikelen/doel.md")),
    ("vervangt-uitgezet", ("vervangt-uitgezet/doel.md", "vervangt-uitgezet/bibliotheek.yaml")),
    ("vervangt-onbekend", ("vervangt-onbekend/doel.md", "basis/artikelen/doel.md")),
])
def test_layer_conflicts_name_both_files(fixture, both):
    [problem] = problems_of([BASIS, LIBCHECK / fixture])
    assert problem.startswith(display(LIBCHECK / both[0]) + ": ")
    assert display(LIBCHECK / both[1]) in problem.split(": ", 1)[1]


def test_replacing_in_the_bottom_layer_says_what_is_missing():
    [problem] = problems_of([LIBCHECK / "vervangt-onbekend"])
    assert problem.endswith("vervangt 'doell', maar geen eerdere laag heeft een clausule met dit id (dit is de "
                            "onderste laag: geef de bibliotheek eronder eerst mee)")


def test_a_layer_that_needs_another_base_version_is_refused():
    [problem] = problems_of([BASIS, LIBCHECK / "basis-versie"])
    assert problem.endswith(f"deze laag vraagt testbasis >=2,<3, maar {display(BASIS / 'bibliotheek.yaml')} is "
                            "versie 1.2.0")


def test_a_broken_clause_is_not_compiled_but_reported(tmp_path):
    layer = tmp_path / "laag"
    shutil.copytree(LIBCHECK / "onbekend-filter", layer)
    [problem] = problems_of([BASIS, layer])
    assert problem.endswith("Jinja: onbekend filter 'opsoming'; bedoelt u 'opsomming'?")


# --- pinning ----------------------------------------------------------------------------


@pytest.mark.parametrize("version, wanted, fits", [
    ("1.2.0", ">=1.2,<2", True),
    ("2.0.0", ">=1.2,<2", False),
    ("1.4.2", "~=1.4", True),
    ("1.4.2", "==1.*", True),
    ("2.0.0", "==1.*", False),
    ("1.2.0", "1.2.0", True),
    ("1.2.1", "1.2.0", False),
    ("2.0.0-rc.1", ">=1,<2", False),  # a pre-release only when the range names one
    ("2.0.0-rc.1", ">=2.0.0-rc.1", True),
])
def test_version_ranges(version, wanted, fits):
    assert version_in_range(version, wanted) is fits


def test_a_pin_that_fits_builds(tmp_path):
    spec = spec_file(tmp_path, 'bibliotheek: {naam: testbasis, versie: ">=1.2,<2"}\n')
    assert draft(spec, [BASIS]).agreement.meta.library_version == "1.2.0"


@pytest.mark.parametrize("pin, message", [
    # a pin the library given does not fit is looked up in the archive stores first (test_library_release.py)
    ('{naam: testbasis, versie: ">=2"}',
     "spec.yaml (bibliotheek.versie): de spec vraagt testbasis >=2, maar {manifest} is versie 1.2.0; in de "
     "archiefmappen ({archief}): geen versie van testbasis. Gebruik een versie van de bibliotheek die in het "
     "bereik valt (-l MAP, of een archiefmap met --archief MAP), of pas het bereik in de spec aan nadat een jurist "
     "de nieuwe versie heeft beoordeeld (agreement-gen upgrade laat zien wat er dan verandert)"),
    ('{naam: andere-bibliotheek, versie: ">=1"}',
     "spec.yaml (bibliotheek.naam): de spec vraagt de bibliotheek 'andere-bibliotheek' >=1, maar de gebruikte "
     "bibliotheek is testbasis 1.2.0 ({basis}); in de archiefmappen ({archief}): geen versie van "
     "andere-bibliotheek. Gebruik een versie van de bibliotheek die in het bereik valt (-l MAP, of een "
     "archiefmap met --archief MAP), of pas het bereik in de spec aan nadat een jurist de nieuwe versie heeft "
     "beoordeeld (agreement-gen upgrade laat zien wat er dan verandert)"),
    ('{naam: testbasis, versie: "vanaf 1.2"}',
     "spec.yaml (bibliotheek.versie): 'vanaf 1.2' is geen geldig versiebereik; schrijf bijvoorbeeld '>=1.2,<2' "
     "of '==1.4.0'"),
    ('{versie: ">=1"}',
     "spec.yaml (bibliotheek.versie): een versie zonder bibliotheek.naam; noem ook de naam van de bibliotheek"),
])
def test_a_pin_that_does_not_fit_is_a_clear_error(tmp_path, pin, message, monkeypatch):
    monkeypatch.delenv("AGREEMENT_GEN_ARCHIEF", raising=False)
    spec = spec_file(tmp_path, f"bibliotheek: {pin}\n")
    with pytest.raises(LibraryError) as info:
        draft(spec, [BASIS])
    assert str(info.value) == message.format(manifest=display(BASIS / "bibliotheek.yaml"), basis=display(BASIS),
                                             archief=display(archive_dir()))


def test_a_pin_can_name_a_layer(tmp_path):
    spec = spec_file(tmp_path, 'bibliotheek: {naam: regio, versie: "~=0.3.0"}\n')
    assert draft(spec, [BASIS, REGIO]).agreement
    spec = spec_file(tmp_path, 'bibliotheek: {naam: regio, versie: ">=0.4"}\n')
    with pytest.raises(LibraryError, match=r"de spec vraagt regio >=0.4, maar .*regio/bibliotheek.yaml is versie 0.3.0"):
        draft(spec, [BASIS, REGIO])


# --- layers named by the spec -----------------------------------------------------------


def test_spec_layers_are_relative_to_the_spec_and_lie_on_top(tmp_path):
    shutil.copytree(REGIO, tmp_path / "lagen" / "regio")
    spec = spec_file(tmp_path, "bibliotheek: {naam: testbasis, versie: '>=1', lagen: [lagen/regio]}\n")
    assembly = draft(load_spec(spec), [BASIS])  # a loaded Spec remembers its file
    assert assembly.agreement.meta.library_name == "testbasis"
    assert "(regionale tekst)" in render_text(assembly.agreement)
    assert "laag: regio (doel.md)" in explain_text(assembly)


def test_a_layer_given_twice_is_loaded_once(tmp_path):
    shutil.copytree(REGIO, tmp_path / "regio")
    spec = spec_file(tmp_path, "bibliotheek: {lagen: [regio]}\n")
    assert draft(spec, [BASIS, tmp_path / "regio"]).agreement


def test_a_missing_spec_layer_is_an_error(tmp_path):
    spec = spec_file(tmp_path, "bibliotheek: {lagen: [nergens]}\n")
    with pytest.raises(LibraryError) as info:
        draft(spec, [BASIS])
    assert str(info.value) == (f"spec.yaml (bibliotheek.lagen[1]): laag 'nergens' niet gevonden (gezocht: "
                               f"{display(tmp_path / 'nergens')})")


def test_the_sample_spec_uses_the_region_layer():
    sample = ROOT / "samples" / "ouderennetwerk-zuidoost-drenthe.yaml"
    assembly = draft(sample)
    layers = {d.chosen.id: d.chosen.layer for d in assembly.decisions if d.chosen is not None}
    assert layers["regio_noord.roaz"] == "regio-noord"
    assert layers["communicatie"] == "regio-noord"
    assert layers["doel"] == "regionale-zorgsamenwerking"
    assert "vooraf af met het ROAZ Noord-Nederland" in render_text(assembly.agreement)


@pytest.mark.parametrize("schema_name", ["frontmatter.FRONT_MATTER_SCHEMA", "manifest.MANIFEST_SCHEMA",
                                         "rules.RULE_SCHEMA"])
def test_the_library_schemas_are_valid_cerberus_schemas(schema_name):
    """Loading a library trusts these schemas (spec.validator.own_validator skips Cerberus's check
    of them for speed), so the check is made here, the ordinary way."""
    import importlib

    import cerberus.schema

    module, name = schema_name.split(".")
    schema = getattr(importlib.import_module(f"agreement_gen.library.{module}"), name)
    cerberus.schema.DefinitionSchema(cerberus.Validator(), schema)  # raises SchemaError when it is not
    with pytest.raises(cerberus.schema.SchemaError):
        cerberus.schema.DefinitionSchema(cerberus.Validator(), {**schema, "id": {"type": "geen-type"}})
