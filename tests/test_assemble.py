"""Assembly: variant choice, definitions, cross-references, escaping, explain."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import specgen

from agreement_gen.assembly.assemble import assemble, parse_blocks
from agreement_gen.errors import BuildError
from agreement_gen.assembly.explain import explain_text
from agreement_gen.library.read import load_library
from agreement_gen.model.agreement import Paragraph, Ref, Table
from agreement_gen.spec.load import load_spec
from agreement_gen.model.text import render_text
from conftest import FIXTURE_LIBRARY, HARTNET

GOOD = HARTNET.read_text(encoding="utf-8")


def spec_from(tmp_path: Path, text: str):
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return load_spec(path)


@pytest.fixture()
def library():
    return load_library([FIXTURE_LIBRARY])


def test_variant_follows_the_spec(tmp_path, library):
    majority = assemble(load_spec(HARTNET), library)
    consent = assemble(spec_from(tmp_path, GOOD.replace("regel: gekwalificeerde_meerderheid", "regel: consent")), library)
    assert [a.clause_id for a in majority.agreement.articles] == [
        "definities", "doel", "besluitvorming.meerderheid", "geschillen"]
    assert "besluitvorming.consent" in [a.clause_id for a in consent.agreement.articles]
    assert "66% van de stemmen" in render_text(majority.agreement)
    assert "besluit bij consent" in render_text(consent.agreement)


def test_definitions_hold_only_used_terms_sorted(library):
    agreement = assemble(load_spec(HARTNET), library).agreement
    definitions = agreement.articles[0]
    assert definitions.title == "Definities"
    terms = [item[0].text for item in definitions.blocks[0].items]
    assert terms == ["Overeenkomst", "Partij", "Samenwerkingsverband", "Stuurgroep"]
    assert "Geschilcommissie" not in render_text(agreement)


def test_definition_pulled_in_by_another_definition(tmp_path, library):
    # "Overeenkomst" is used only inside the definition of "Partij" and "Samenwerkingsverband".
    text = render_text(assemble(load_spec(HARTNET), library).agreement)
    body = text.split("Artikel 2", 1)[1]
    assert "Overeenkomst" not in body.split("Aldus")[0]
    assert "a. Overeenkomst: deze samenwerkingsovereenkomst" in text


def test_cross_reference_gets_the_article_number(library):
    agreement = assemble(load_spec(HARTNET), library).agreement
    text = render_text(agreement)
    assert "Een geschil hierover volgt artikel 4." in text
    assert "Stuurgroep: het overlegorgaan van Partijen, bedoeld in artikel 3." in text


def test_reference_to_missing_clause_names_both(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURE_LIBRARY, lib)
    (lib / "artikelen" / "geschillen.md").unlink()
    with pytest.raises(BuildError) as info:
        assemble(load_spec(HARTNET), load_library([lib]))
    message = str(info.value)
    assert "clausule 'besluitvorming.meerderheid' verwijst naar 'geschillen'" in message
    assert "besluitvorming-meerderheid.md" in message


def test_undefined_value_is_an_error_naming_the_clause(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURE_LIBRARY, lib)
    path = lib / "artikelen" / "geschillen.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nDe arbiter is {{ geschillen.arbiter }}.\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        assemble(load_spec(HARTNET), load_library([lib]))
    message = str(info.value)
    assert "clausule 'geschillen': tekst kan niet worden berekend: onbekende waarde" in message
    assert "arbiter" in message
    line = path.read_text(encoding="utf-8").splitlines().index("De arbiter is {{ geschillen.arbiter }}.") + 1
    assert f"geschillen.md, regel {line}" in message


def test_sandbox_blocks_attribute_escape(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURE_LIBRARY, lib)
    path = lib / "artikelen" / "geschillen.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n{{ partij.__globals__ }}\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        assemble(load_spec(HARTNET), load_library([lib]))
    assert "clausule 'geschillen'" in str(info.value)


@pytest.mark.parametrize(
    "name",
    [
        "Franciscus Gasthuis & Vlietland",
        "Zorg <en> Welzijn \"De Brug\" 't Gooi",
        "Stichting Ĳsselland – Zuidoost-Drenthe (é/ë)",
        "A | B Zorg",
        "HartNet &amp; Co",
    ],
)
def test_party_names_come_through_intact(tmp_path, library, name):
    text = GOOD.replace("naam: Stichting Ziekenhuisgroep Drenthe & Veenkoloniën", f"naam: '{name.replace(chr(39), chr(39) * 2)}'")
    agreement = assemble(spec_from(tmp_path, text), library).agreement
    rendered = render_text(agreement)
    assert f"3. {name}, een stichting" in rendered
    annex = agreement.annexes[0]
    table = next(b for b in annex.blocks if isinstance(b, Table))
    assert table.rows[2][0] == (f"{name} (ZDV)",)


def test_spec_value_cannot_add_structure(tmp_path, library):
    sneaky = "gedeeld\n\n- een extra lid\n| tabel |\n<ref:geschillen>"
    text = GOOD.replace(
        "visie: >-\n  Partijen bieden",
        "visie: |-\n  " + sneaky.replace("\n", "\n  ") + "\n  Partijen bieden",
    )
    agreement = assemble(spec_from(tmp_path, text), library).agreement
    doel = next(a for a in agreement.articles if a.clause_id == "doel")
    assert len(doel.blocks) == 3
    first = doel.blocks[0].text
    assert not any(isinstance(p, Ref) for p in first)
    assert "gedeeld - een extra lid | tabel | <ref:geschillen>" in "".join(first)


def test_parse_blocks_lists_and_tables():
    blocks = parse_blocks("Eerste lid\nloopt door.\n\nTweede:\n- a\n- b\n  vervolg\n\n| K | W |\n|---|---|\n| 1 | 2 |\n")
    assert blocks[0] == Paragraph(("Eerste lid loopt door.",))
    assert blocks[1] == Paragraph(("Tweede:",), (("a",), ("b vervolg",)))
    assert blocks[2] == Table(header=(("K",), ("W",)), rows=((("1",), ("2",)),))


def test_explain_shows_choice_condition_values_and_source(library):
    text = explain_text(assemble(load_spec(HARTNET), library))
    assert "Artikel 'besluitvorming': opgenomen -> artikel 3" in text
    assert "  gekozen: besluitvorming.meerderheid (variant meerderheid)" in text
    assert "  voorwaarde onwaar: besluitvorming.consent (variant consent)" in text
    assert "    ‘Besluitvormingsregel’ (besluitvorming.regel): 'gekwalificeerde_meerderheid'" in text
    assert "Definitie 'def.geschil': weggelaten" in text
    assert "begrip niet gebruikt: def.geschil" in text
    # the seed by its title from the seeds' README, the file name beside it
    assert ('bron: "HartNet: een best practice voor regionale samenwerking", Boer & Croon '
            '(002_a1fc4b32fa8badd6.txt): “Bedenk vroeg spelregels') in text


def test_assembly_is_deterministic(library):
    spec = load_spec(HARTNET)
    assert assemble(spec, library) == assemble(spec, library)


# --- concurrenten(): the function that replaced four nested Jinja loops (library 2.0.1) -------

# The text of library 2.0.0, kept as the reference the function must agree with.
NESTED_LOOPS = """{% set ns = namespace(concurrenten=[]) %}
{% for soort in ['ziekenhuis', 'vvt', 'huisartsen', 'ggz'] %}
{% set groep = partijen_van_type(soort) %}
{% for a in groep %}
{% for r in rollen if r.partij == a.id %}
{% for taak in r.taken %}
{% for b in groep if b.id != a.id %}
{% set nb = namespace(doet=false) %}
{% for r2 in rollen if r2.partij == b.id and taak in r2.taken %}{% set nb.doet = true %}{% endfor %}
{% if not nb.doet %}
{% for naam in [a.korte_naam, b.korte_naam] if naam not in ns.concurrenten %}
{% set ns.concurrenten = ns.concurrenten + [naam] %}
{% endfor %}
{% endif %}
{% endfor %}
{% endfor %}
{% endfor %}
{% endfor %}
{% endfor %}
{% set result = ns.concurrenten %}"""


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=specgen.specs(), reshuffle=st.randoms(use_true_random=False))
def test_competitors_agree_with_the_nested_loops_of_library_2_0_0(data, reshuffle):
    from agreement_gen.assembly.context import build_context, competitors
    from agreement_gen.library.scan import ENV
    from agreement_gen.spec.schema import PARTY_TYPES
    care = [p for p in data["partijen"] if p["type"] in PARTY_TYPES[:4]]
    if care and not data.get("rollen"):  # give the roles some overlap and some difference
        tasks = ["triage", "wijkverpleging", "nachtdienst"]
        data["rollen"] = [{"partij": p["id"], "taken": reshuffle.sample(tasks, reshuffle.randint(1, 3))}
                          for p in care]
    spec = specgen.spec_from_data(data)
    context = build_context(spec)
    expected = ENV.from_string(NESTED_LOOPS).make_module(context).result
    assert competitors(spec.data) == list(expected)


WORDISH = st.text(alphabet="ab é_-.", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None, database=None)
@given(forms=st.lists(WORDISH, min_size=1, max_size=3, unique=True), text=st.text(alphabet="ab é_-.\n", max_size=40))
def test_term_mentions_match_the_look_behind_pattern(forms, text):
    import re

    from agreement_gen.assembly.assemble import _mentions
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    reference = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    assert _mentions(tuple(forms), text) == (reference.search(text) is not None)
