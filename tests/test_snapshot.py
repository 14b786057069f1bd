"""Loaded libraries kept whole (agreement_gen.library.snapshot): a warm load reads one file and
parses nothing, gives the library a cold load gives, and is never stale: any changed, added or
removed file of any layer is a new key. A library with problems is never kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agreement_gen.errors import LibraryError
from agreement_gen.library import compiled, read, snapshot
from agreement_gen.library.read import load_library
from agreement_gen.spec.load import load_spec
from agreement_gen.assembly.assemble import assemble
from agreement_gen.word.render import render_docx
from conftest import HARTNET, ROOT

BUNDLED = ROOT / "clauses"
LAYERED = ROOT / "samples" / "ouderennetwerk-zuidoost-drenthe.yaml"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("AGREEMENT_GEN_CACHE", str(folder))
    compiled.reset()
    yield folder / "geladen"
    compiled.reset()


@pytest.fixture
def library(tmp_path) -> Path:
    root = tmp_path / "bibliotheek"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns("bronnen"))
    return root


def kept(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []


def load(roots) -> object:
    compiled.reset()  # a new process: only the disk is left
    return load_library(roots)


def no_reading(monkeypatch) -> None:
    def refuse(roots=None):
        raise AssertionError("de bibliotheek werd opnieuw gelezen")
    monkeypatch.setattr(read, "read_library", refuse)


def test_a_warm_load_reads_nothing_and_gives_the_same_library(cache, library, monkeypatch):
    cold = load([library])
    assert len(kept(cache)) == 1
    with monkeypatch.context() as m:
        no_reading(m)
        calls = []
        original = compiled.CompiledTexts._make
        m.setattr(compiled.CompiledTexts, "_make", staticmethod(lambda text: calls.append(text) or original(text)))
        warm = load([library])
        assert all(c.template is not None for c in warm.clauses)  # compiled texts came with it
        assert calls == [], "a warm load parses no clause text, nor does compiling its texts"
    assert warm == cold
    assert [c.version for c in warm.clauses] == [c.version for c in cold.clauses]
    assert [c.meta for c in warm.clauses] == [c.meta for c in cold.clauses]
    assert warm.rules == cold.rules and warm.layers == cold.layers


def test_builds_from_a_kept_library_are_byte_identical(cache):
    def build(spec: Path) -> bytes:
        loaded = load_spec(spec)
        roots = [BUNDLED] + [spec.parent / p for p in (loaded.data.get("bibliotheek") or {}).get("lagen", [])]
        return render_docx(assemble(loaded, load(roots)).agreement)

    for spec in (HARTNET, LAYERED):
        cold = build(spec)
        assert build(spec) == cold
    assert len(kept(cache)) == 2  # one per stack of layers


@pytest.mark.parametrize("change", ["edit", "add", "remove", "manifest", "rule", "rename"])
def test_any_changed_file_is_a_new_key(cache, library, monkeypatch, change):
    before = load([library])
    clause = library / "artikelen" / "slotbepalingen.md"
    if change == "edit":
        clause.write_text(clause.read_text(encoding="utf-8").rstrip("\n") + "\n\nNieuwe zin.\n", encoding="utf-8")
    elif change == "add":
        text = clause.read_text(encoding="utf-8").replace("id: slotbepalingen", "id: slotbepalingen_extra", 1)
        assert text != clause.read_text(encoding="utf-8")
        (library / "artikelen" / "extra.md").write_text(text, encoding="utf-8")
    elif change == "remove":
        (library / "artikelen" / "slotbepalingen.md").unlink()
    elif change == "manifest":
        manifest = library / "bibliotheek.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8") + "\n# een opmerking\n", encoding="utf-8")
    elif change == "rule":
        rule = sorted((library / "regels").glob("*.yaml"))[0]
        rule.write_text(rule.read_text(encoding="utf-8") + "\n# een opmerking\n", encoding="utf-8")
    else:
        clause.rename(clause.with_name("slotbepalingen-nieuw.md"))
    key_before = kept(cache)
    try:
        after = load([library])
    except LibraryError:
        after = None  # removing a clause others refer to is a problem: then nothing is kept either
    assert kept(cache) != key_before or after is None
    if change == "edit":
        assert after.by_id("slotbepalingen").body != before.by_id("slotbepalingen").body
    if change == "add":
        assert "slotbepalingen_extra" in {c.id for c in after.clauses}
    if change == "rename":
        assert after.by_id("slotbepalingen").path.name == "slotbepalingen-nieuw.md"


def test_the_quoted_documents_are_not_part_of_the_key(cache, library):
    load([library])
    (library / "bronnen").mkdir()
    (library / "bronnen" / "nieuw.txt").write_text("Een bron.", encoding="utf-8")
    load([library])
    assert len(kept(cache)) == 1


def test_a_library_with_problems_is_never_kept(cache, library):
    clause = library / "artikelen" / "slotbepalingen.md"
    clause.write_text(clause.read_text(encoding="utf-8").replace("id: slotbepalingen", "id: Slot Bepalingen", 1),
                      encoding="utf-8")
    for _ in range(2):
        with pytest.raises(LibraryError):
            load([library])
    assert kept(cache) == []


def test_a_broken_or_foreign_file_is_passed_over(cache, library):
    good = load([library])
    for garbage in (b"", b"\x00garbage", __import__("marshal").dumps((snapshot.FORMAT, b"geen pickle", [], [])),
                    __import__("marshal").dumps((snapshot.FORMAT + 1, b"", [], []))):
        for entry in kept(cache):
            entry.write_bytes(garbage)
        assert load([library]) == good


def test_no_cache_keeps_nothing(tmp_path, monkeypatch, library):
    monkeypatch.setenv("AGREEMENT_GEN_CACHE", "uit")
    compiled.reset()
    try:
        assert load([library]) == load([library])
    finally:
        compiled.reset()
    assert not (tmp_path / "cache").exists()


def test_at_most_keep_files_are_kept(cache, library, monkeypatch):
    monkeypatch.setattr(snapshot, "KEEP", 2)
    for n in range(4):
        (library / "leesmij.txt").write_text(f"versie {n}", encoding="utf-8")
        load([library])
    assert len(kept(cache)) == 2


def test_the_key_covers_the_roots_and_the_working_directory(cache, library, tmp_path, monkeypatch):
    first = snapshot.key((library,))
    copy = tmp_path / "kopie"
    shutil.copytree(library, copy)
    assert snapshot.key((copy,)) != first  # messages name the files where they are
    monkeypatch.chdir(tmp_path)
    assert snapshot.key((library,)) != first  # and relative to the working directory
    assert snapshot.key((tmp_path / "bestaat-niet",)) is None
