"""The cache of parsed and compiled clause texts (agreement_gen.library.compiled): the same
document cold, warm and without cache; never a stale text; a broken cache costs only speed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agreement_gen.assembly.assemble import assemble
from agreement_gen.library import compiled
from agreement_gen.library.read import load_library
from agreement_gen.model.text import render_text
from agreement_gen.spec.load import load_spec
from agreement_gen.word.render import render_docx
from conftest import HARTNET, ROOT

BUNDLED = ROOT / "clauses"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("AGREEMENT_GEN_CACHE", str(folder))
    compiled.reset()
    yield folder
    compiled.reset()


def build(library_root: Path = BUNDLED, spec: Path = HARTNET) -> tuple[bytes, str]:
    compiled.reset()  # a new process: only the disk cache is left
    assembly = assemble(load_spec(spec), load_library([library_root]))
    return render_docx(assembly.agreement), render_text(assembly.agreement)


def entries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_cold_warm_and_uncached_builds_are_byte_identical(cache, monkeypatch):
    cold, _ = build()
    assert len(entries(cache)) >= 50, "a cold build fills the cache"
    warm, _ = build()
    monkeypatch.setenv("AGREEMENT_GEN_CACHE", "uit")
    uncached, _ = build()
    assert cold == warm == uncached


def test_a_warm_build_does_not_parse_clause_texts(cache, monkeypatch):
    build()
    compiled.reset()
    calls = []
    original = compiled.CompiledTexts._make
    monkeypatch.setattr(compiled.CompiledTexts, "_make", staticmethod(lambda text: calls.append(text) or original(text)))
    build()
    assert calls == []


def edited_and_back(tmp_path: Path, file: str, edit) -> tuple[str, str, str]:
    """The text built from a copy of the bundled library: as it is, with ``edit`` applied to
    ``file``, and with the file restored (each build a new process, on the same disk cache)."""
    library = tmp_path / "bibliotheek"
    shutil.copytree(BUNDLED, library)
    clause = library / file
    original = clause.read_text(encoding="utf-8")
    _, before = build(library)
    clause.write_text(edit(original), encoding="utf-8")
    _, changed = build(library)
    clause.write_text(original, encoding="utf-8")
    _, again = build(library)
    return before, changed, again


def test_a_changed_clause_is_never_served_stale(cache, tmp_path):
    before, changed, again = edited_and_back(
        tmp_path, "artikelen/slotbepalingen.md", lambda text: text.rstrip("\n") + "\n\nDeze zin is net toegevoegd.\n")
    assert "Deze zin is net toegevoegd." in changed and "Deze zin is net toegevoegd." not in before
    assert again == before


def test_broken_entries_are_passed_over(cache):
    good, _ = build()
    for entry in entries(cache):
        entry.write_bytes(b"\x00garbage")
    assert build()[0] == good
    for entry in entries(cache):
        entry.write_bytes(b"")
    assert build()[0] == good


def test_a_cache_folder_that_cannot_be_written_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    monkeypatch.setenv("AGREEMENT_GEN_CACHE", str(blocker))  # a file where the folder should be
    reference, _ = build()
    monkeypatch.setenv("AGREEMENT_GEN_CACHE", "uit")
    assert build()[0] == reference
    compiled.reset()


def test_the_key_covers_the_text_and_the_versions(cache, monkeypatch):
    texts = compiled.compiled_texts()
    key = texts.key("Tekst {{ x }}")
    assert key != texts.key("Tekst {{ y }}")
    monkeypatch.setattr(compiled.jinja2, "__version__", "0.0-anders")
    compiled.reset()
    assert compiled.compiled_texts().key("Tekst {{ x }}") != key


def test_a_warm_build_does_not_parse_conditions(cache, monkeypatch):
    build()
    calls = []
    original = compiled.CompiledTexts._make_condition
    monkeypatch.setattr(compiled.CompiledTexts, "_make_condition",
                        staticmethod(lambda source: calls.append(source) or original(source)))
    build()
    assert calls == []


def test_a_changed_condition_is_never_served_stale(cache, tmp_path):
    condition = 'voorwaarde: "aanleiding is not none"'
    assert condition in (BUNDLED / "overwegingen" / "aanleiding.md").read_text(encoding="utf-8")
    before, changed, again = edited_and_back(
        tmp_path, "overwegingen/aanleiding.md", lambda text: text.replace(condition, 'voorwaarde: "aanleiding is none"'))
    assert changed != before
    assert again == before


@pytest.mark.parametrize("source, values", [
    ("a is not none and b > 2", {"a": 1, "b": 3}),
    ("a is not none and b > 2", {"a": None, "b": 3}),
    ("x | selectattr('s', 'equalto', 'v') | list | length", {"x": [{"s": "v"}, {"s": "w"}, {"s": "v"}]}),
    ("'k' in d and d.k == 'waarde'", {"d": {"k": "waarde"}}),
])
def test_a_cached_condition_is_what_jinja_compiles(cache, source, values):
    expected = compiled.ENV.compile_expression(source, undefined_to_none=False)(**values)
    assert compiled.compiled_texts().condition(source)(**values) == expected  # cold
    compiled.reset()
    assert compiled.compiled_texts().condition(source)(**values) == expected  # from the disk
    entry = compiled.compiled_texts().condition_entry(source)
    assert entry.unknown == () and entry.code is not None


def test_a_condition_and_a_text_never_share_a_key(cache):
    texts = compiled.compiled_texts()
    assert texts.key("a is none", compiled.CONDITION) != texts.key("a is none", compiled.TEXT)
    assert texts.condition_entry("a is none").paths == ("a",)
    assert texts.entry("a is none").refs == ()


def test_a_condition_that_does_not_parse_is_not_cached(cache):
    import jinja2

    with pytest.raises(jinja2.TemplateSyntaxError):
        compiled.compiled_texts().condition_entry("a is not")
    assert entries(cache) == []
    unknown = compiled.compiled_texts().condition_entry("a | geenfilter").unknown
    assert [message for message, _ in unknown] == ["onbekend filter 'geenfilter'"]


def test_word_template_parts_are_compiled_once_and_never_stale(cache, monkeypatch):
    """The parts of a Word template that docxtpl fills (templating.TemplateSandbox) come from the
    cache folder: the same text is compiled once, a changed text is compiled afresh, and a text
    that does not compile still raises Jinja's error."""
    import jinja2

    from agreement_gen import codecache
    from agreement_gen.templating import make_environment

    env = make_environment(word_template=True)
    compiles = []
    original = type(env).compile
    monkeypatch.setattr(type(env), "compile", lambda self, *a, **k: compiles.append(a[0]) or original(self, *a, **k))
    monkeypatch.setattr(codecache, "_CODE", {})
    assert env.from_string("<w:t>{{ titel }}</w:t>").render(titel="A & B") == "<w:t>A &amp; B</w:t>"
    monkeypatch.setattr(codecache, "_CODE", {})  # a new process: only the disk is left
    assert env.from_string("<w:t>{{ titel }}</w:t>").render(titel="C") == "<w:t>C</w:t>"
    assert len(compiles) == 1
    assert env.from_string("<w:t>{{ titel | upper }}</w:t>").render(titel="c") == "<w:t>C</w:t>"
    assert len(compiles) == 2
    with pytest.raises(jinja2.TemplateSyntaxError):
        env.from_string("<w:t>{{ titel </w:t>")
    assert len(list((cache / "sjablonen").rglob("*"))) >= 2
