"""Released library archives (``library release``) and old versions side by side: a spec pinned to
1.x keeps building with 1.x from an archive store when 2.0 is the library given."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from agreement_gen import pipeline
from agreement_gen.cli import main
from agreement_gen.errors import LibraryError, OutputError
from agreement_gen.library import archive, stores
from agreement_gen.library.archive import RELEASE_MANIFEST, library_files, verify_archive
from agreement_gen.word.modelpart import read_model
from agreement_gen.word.docxread import read_docx
from conftest import FIXTURE_LIBRARY, FIXTURES, HARTNET, ROOT

VERSIONS = FIXTURES / "versies"
V1, V2 = VERSIONS / "proef-1.0.0", VERSIONS / "proef-2.0.0"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """Both versions of the test library, released with the command into a store of their own."""
    folder = tmp_path_factory.mktemp("archief")
    for version in (V1, V2):
        result = run("library", "release", version, "-o", folder)
        assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(autouse=True)
def _no_outside_stores(monkeypatch):
    monkeypatch.delenv(stores.ENV, raising=False)


def pinned_spec(folder: Path, wanted: str | None, name: str = "proefbibliotheek", **extra) -> Path:
    data = yaml.safe_load(HARTNET.read_text(encoding="utf-8"))
    data["bibliotheek"] = {"naam": name, **({"versie": wanted} if wanted else {}), **extra}
    path = folder / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def built_version(docx: Path) -> tuple[str, str]:
    meta = read_model(read_docx(docx)).agreement.meta
    return meta.library_name, meta.library_version


# --- releasing ---------------------------------------------------------------------------------


def test_the_same_library_released_twice_gives_the_same_bytes(store, tmp_path):
    again = run("library", "release", V1, "-o", tmp_path)
    assert again.exit_code == 0, again.output
    assert (tmp_path / "proefbibliotheek-1.0.0.zip").read_bytes() == (store / "proefbibliotheek-1.0.0.zip").read_bytes()
    same = run("library", "release", V1, "-o", store)  # already there: nothing written, no error
    assert same.exit_code == 0 and "ongewijzigd" in same.output


def test_an_archive_holds_the_whole_folder_with_fixed_dates_and_permissions(store):
    path = store / "proefbibliotheek-1.0.0.zip"
    infos = zipfile.ZipFile(path).infolist()
    names = [i.filename for i in infos]
    assert names[0] == RELEASE_MANIFEST
    expected = sorted(f"proefbibliotheek-1.0.0/{p.relative_to(V1).as_posix()}" for p in V1.rglob("*") if p.is_file())
    assert names[1:] == expected
    assert "proefbibliotheek-1.0.0/bronnen/000_proef.txt" in names
    assert {i.date_time for i in infos} == {archive.TIMESTAMP}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    manifest = json.loads(zipfile.ZipFile(path).read(RELEASE_MANIFEST))
    assert (manifest["naam"], manifest["versie"]) == ("proefbibliotheek", "1.0.0")
    assert len(manifest["bestanden"]) == len(expected)


def test_release_refuses_a_library_with_problems(tmp_path):
    result = run("library", "release", FIXTURE_LIBRARY, "-o", tmp_path)
    assert result.exit_code == 1
    assert "library release weigert" in result.output and "changelog" in result.output
    assert list(tmp_path.iterdir()) == []


def test_release_does_not_replace_another_archive_of_that_version_without_force(tmp_path):
    target = tmp_path / "proefbibliotheek-1.0.0.zip"
    target.write_bytes(b"een andere uitgave")
    with pytest.raises(OutputError, match="bestaat al met een andere inhoud"):
        pipeline.release_library([V1], tmp_path)
    assert target.read_bytes() == b"een andere uitgave"
    assert pipeline.release_library([V1], tmp_path, force=True).written
    verify_archive(target)


def test_release_of_a_layer_is_checked_on_the_library_below(tmp_path):
    layer = tmp_path / "laag"
    (layer / "artikelen").mkdir(parents=True)
    (layer / "bibliotheek.yaml").write_text("naam: proefregio\nversie: 0.1.0\nbasis: {naam: proefbibliotheek}\n",
                                            encoding="utf-8")
    (layer / "artikelen" / "geschillen.md").write_text(
        (V1 / "artikelen" / "geschillen.md").read_text(encoding="utf-8")
        .replace("id: geschillen", "vervangt: geschillen").replace("voorgelegd aan", "eerst besproken, dan voorgelegd aan"),
        encoding="utf-8")
    out = tmp_path / "uit"
    out.mkdir()
    result = pipeline.release_library([V1, layer], out)
    assert result.path.name == "proefregio-0.1.0.zip"
    assert [n for n in zipfile.ZipFile(result.path).namelist() if n.endswith(".md")] == \
        ["proefregio-0.1.0/artikelen/geschillen.md"]


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive ``source`` with ``change(name, data) -> (name, data) | None`` per entry."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            changed = change(info.filename, old.read(info))
            if changed is not None:
                new.writestr(changed[0], changed[1])
    return target


def _edit_clause(name, data):
    return (name, data.replace(b"Geschillen worden", b"Geschillen werden")) if name.endswith("geschillen.md") else (name, data)


def _with_extra_file(source: Path, target: Path) -> Path:
    _rewrite(source, target, lambda name, data: (name, data))
    with zipfile.ZipFile(target, "a") as changed:
        changed.writestr("extra.md", "niet uitgebracht")
    return target


def _unsafe(name, data):
    if name == RELEASE_MANIFEST:
        manifest = json.loads(data)
        manifest["bestanden"][0]["pad"] = "../../buiten.md"
        return name, json.dumps(manifest).encode()
    return name, data


@pytest.mark.parametrize("damage, message", [
    (lambda src, dst: _rewrite(src, dst, _edit_clause), "geschillen.md komt niet overeen met de lijst"),
    (lambda src, dst: dst.write_bytes(src.read_bytes()[: len(src.read_bytes()) // 2]) and dst,
     "geen leesbaar zip-bestand"),
    (lambda src, dst: _rewrite(src, dst, lambda n, d: None if n == RELEASE_MANIFEST else (n, d)),
     f"{RELEASE_MANIFEST} ontbreekt"),
    (lambda src, dst: _rewrite(src, dst, lambda n, d: None if n.endswith("doel.md") else (n, d)),
     "ontbreekt: proefbibliotheek-1.0.0/artikelen/doel.md"),
    (_with_extra_file, "niet in de lijst: extra.md"),
    (lambda src, dst: _rewrite(src, dst, _unsafe), "onveilige naam '..'"),
    (lambda src, dst: dst.write_bytes(b"PK\x03\x04 geen zip") and dst, "geen leesbaar zip-bestand"),
], ids=["tekst-bewerkt", "afgekapt", "zonder-lijst", "bestand-weg", "bestand-erbij", "onveilig-pad", "geen-zip"])
def test_a_damaged_or_edited_archive_is_refused_in_dutch(store, tmp_path, damage, message):
    broken = tmp_path / "proefbibliotheek-1.0.0.zip"
    damage(store / "proefbibliotheek-1.0.0.zip", broken)
    with pytest.raises(LibraryError, match="beschadigd of bewerkt") as caught:
        stores.extract_archive(broken)
    assert message in str(caught.value)
    result = run("upgrade", pinned_spec(tmp_path, ">=1,<2"), "--naar", broken, "-l", V1, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1 and "Traceback" not in result.output and message in result.output


# --- finding a version for a pinned spec ---------------------------------------------------------


def test_a_spec_pinned_to_1x_builds_with_1x_while_2_0_is_given(store, tmp_path):
    spec = pinned_spec(tmp_path, ">=1,<2")
    out = tmp_path / "oud.docx"
    result = run("build", spec, "-l", V2, "--archief", store, "-o", out)
    assert result.exit_code == 0, result.output
    assert built_version(out) == ("proefbibliotheek", "1.0.0")
    assert "proefbibliotheek 1.0.0 uit het archief" in result.output and "2.0.0" in result.output
    explained = run("explain", spec, "-l", V2, "--archief", store)
    assert "Bibliotheek: proefbibliotheek 1.0.0\n  gekozen: bibliotheek proefbibliotheek 1.0.0 uit het archief" \
        in explained.output
    as_json = json.loads(run("explain", spec, "-l", V2, "--archief", store, "--json").output)
    assert as_json["bibliotheek_keuze"][0].startswith("bibliotheek proefbibliotheek 1.0.0 uit het archief")


def test_a_spec_pinned_to_2_builds_with_2_and_a_fitting_library_is_not_replaced(store, tmp_path):
    spec = pinned_spec(tmp_path, ">=2")
    assembly = pipeline.draft(spec, [V1], archives=[store])
    assert assembly.agreement.meta.library_version == "2.0.0" and assembly.notes
    direct = pipeline.draft(spec, [V2], archives=[store])
    assert direct.agreement.meta.library_version == "2.0.0" and direct.notes == ()
    assert direct.library.roots == (V2,)


def test_the_store_is_also_found_through_the_environment(store, tmp_path, monkeypatch):
    spec = pinned_spec(tmp_path, "==1.0.0")
    monkeypatch.setenv(stores.ENV, os.pathsep.join([str(tmp_path / "bestaat-niet"), str(store)]))
    assert pipeline.draft(spec, [V2]).agreement.meta.library_version == "1.0.0"


def test_nothing_fitting_lists_the_versions_and_where(store, tmp_path):
    spec = pinned_spec(tmp_path, ">=3")
    result = run("build", spec, "-l", V2, "--archief", store, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1
    message = result.output
    assert ("spec.yaml (bibliotheek.versie): de spec vraagt proefbibliotheek >=3, maar "
            "tests/fixtures/versies/proef-2.0.0/bibliotheek.yaml is versie 2.0.0; in de archiefmappen (") in message
    assert "proefbibliotheek 1.0.0 (" in message and "proefbibliotheek-2.0.0.zip)" in message
    assert str(store) in message and "Gebruik een versie van de bibliotheek die in het bereik valt" in message
    assert not (tmp_path / "x.docx").exists()


def test_the_spec_layers_go_on_top_of_the_chosen_version(store, tmp_path):
    layer = tmp_path / "lagen" / "regio"
    (layer / "artikelen").mkdir(parents=True)
    (layer / "bibliotheek.yaml").write_text("naam: proefregio\nversie: 0.1.0\nbasis: {naam: proefbibliotheek, versie: '<2'}\n",
                                            encoding="utf-8")
    (layer / "artikelen" / "geschillen.md").write_text(
        (V1 / "artikelen" / "geschillen.md").read_text(encoding="utf-8")
        .replace("id: geschillen", "vervangt: geschillen").replace("worden voorgelegd", "worden regionaal voorgelegd"),
        encoding="utf-8")
    spec = pinned_spec(tmp_path, ">=1,<2", lagen=["lagen/regio"])
    assembly = pipeline.draft(spec, [V2], archives=[store])
    assert assembly.agreement.meta.library_layers == "proefbibliotheek 1.0.0 + proefregio 0.1.0"
    assert "regionaal voorgelegd" in pipeline.render_text(assembly.agreement)


def test_a_pin_on_a_library_not_given_is_looked_up_by_name(store, tmp_path):
    spec = pinned_spec(tmp_path, None)
    assembly = pipeline.draft(spec, archives=[store])  # the bundled library is another library
    assert assembly.agreement.meta.library_version == "2.0.0"  # no range: the highest


# --- the cache the archives are read through -------------------------------------------------------


def test_an_archive_is_extracted_once_and_a_damaged_copy_is_replaced(store, tmp_path, monkeypatch):
    monkeypatch.setenv("AGREEMENT_GEN_CACHE", str(tmp_path / "cache"))
    root = stores.extract_archive(store / "proefbibliotheek-1.0.0.zip")
    assert root.is_relative_to(tmp_path / "cache" / "bibliotheken")
    assert stores.extract_archive(store / "proefbibliotheek-1.0.0.zip") == root
    (root / "artikelen" / "doel.md").write_text("kapot", encoding="utf-8")
    again = stores.extract_archive(store / "proefbibliotheek-1.0.0.zip")
    assert (again / "artikelen" / "doel.md").read_bytes() == (V1 / "artikelen" / "doel.md").read_bytes()


def test_without_a_cache_an_archive_goes_to_a_private_folder(store, tmp_path, monkeypatch):
    monkeypatch.setenv("AGREEMENT_GEN_CACHE", "uit")
    root = stores.extract_archive(store / "proefbibliotheek-1.0.0.zip")
    assert not root.is_relative_to(tmp_path) and (root / "bibliotheek.yaml").is_file()


def _extract(args):
    os.environ["AGREEMENT_GEN_CACHE"] = args[1]
    root = stores.extract_archive(Path(args[0]))
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="fork nodig")
def test_processes_extracting_at_once_each_get_a_whole_library(store, tmp_path):
    expected = sorted(path for path, _ in library_files(V2))
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map(_extract, [(str(store / "proefbibliotheek-2.0.0.zip"), str(tmp_path / "cache"))] * 8)
    assert all(result == expected for result in results)
    leftovers = [p.name for p in (tmp_path / "cache" / "bibliotheken").iterdir()]
    assert len(leftovers) == 1  # the winner's folder; the others removed their copies


# --- the bundled store ----------------------------------------------------------------------------


def test_the_bundled_store_has_a_release_of_the_bundled_library_that_matches_it():
    bundled = ROOT / "clauses"
    version = yaml.safe_load((bundled / "bibliotheek.yaml").read_text(encoding="utf-8"))["versie"]
    path = ROOT / "archief" / f"regionale-zorgsamenwerking-{version}.zip"
    assert path.is_file(), (f"archief/ heeft geen uitgave van clauses/ {version}: "
                            "agreement-gen library release clauses/ -o archief/")
    info, contents = verify_archive(path)
    current = dict(library_files(bundled))
    stale = sorted(set(current.items()) ^ set(contents.items()))
    assert not stale, (f"clauses/ wijkt af van de uitgave {path.name} ({[p for p, _ in stale][:5]}): een uitgebrachte "
                       "versie verandert niet; verhoog de versie in clauses/bibliotheek.yaml en breng haar uit met "
                       "agreement-gen library release clauses/ -o archief/")
    assert {"bronnen/README.md", "regels/README.md"} <= set(contents)


@pytest.mark.parametrize("path", sorted((ROOT / "archief").glob("*.zip")), ids=lambda p: p.name)
def test_every_bundled_archive_is_whole_and_named_for_its_version(path):
    info, _ = verify_archive(path)
    assert path.name == archive.archive_name(info.name, info.version)


def test_the_bundled_store_answers_a_pin_offline(tmp_path):
    spec = pinned_spec(tmp_path, "==2.1.0", name="regionale-zorgsamenwerking")
    assembly = pipeline.draft(spec, [V2])  # the library given is another: the bundled archive serves
    assert assembly.agreement.meta.library_version == "2.1.0"
    assert "archief/regionale-zorgsamenwerking-2.1.0.zip" in assembly.notes[0]


def test_a_release_is_deterministic_for_the_bundled_library_too(tmp_path):
    first = archive.make_archive("x", "1.0.0", library_files(ROOT / "clauses"))
    assert first == archive.make_archive("x", "1.0.0", library_files(ROOT / "clauses"))
    assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


BUNDLED_ARCHIVES = sorted((ROOT / "archief").glob("*.zip"))
SAMPLE_SPECS = sorted((ROOT / "samples").glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED_ARCHIVES, ids=lambda p: p.name)
def test_every_bundled_version_still_builds_every_sample_with_todays_code(path):
    # An old version kept side by side is only worth shipping while it builds. A sample whose layers
    # ask for another base version (basis.versie) is built without them.
    from agreement_gen.library.choose import spec_layers
    from agreement_gen.library.pins import version_in_range
    root = stores.extract_archive(path)
    version = verify_archive(path)[0].version
    for sample in SAMPLE_SPECS:
        spec = pipeline.load_spec(sample)
        layers = [layer for layer in spec_layers(spec)
                  if version_in_range(version, (yaml.safe_load((layer / "bibliotheek.yaml").read_text(encoding="utf-8"))
                                                .get("basis") or {}).get("versie") or ">=0")]
        agreement = pipeline.assemble(spec, pipeline.load_library([root, *layers])).agreement
        assert agreement.meta.library_version == version and len(agreement.articles) > 10, sample.name


def test_redline_validate_and_review_find_the_version_in_the_store_too(store, tmp_path):
    old_folder, new_folder = tmp_path / "oud", tmp_path / "nieuw"
    old_folder.mkdir(), new_folder.mkdir()
    old, new = pinned_spec(old_folder, "<2"), pinned_spec(new_folder, ">=2")
    result = run("redline", old, new, "-l", V2, "--archief", store, "-o", tmp_path / "r.docx")
    assert result.exit_code == 0, result.output
    assert "Artikel 4 Evaluatie" in {c.label for c in pipeline.redline(old, new, tmp_path / "r2.docx", libraries=[V2],
                                                                          archives=[store]).changes}
    assert run("validate", old, "-l", V2, "--archief", store).exit_code == 0
    assert run("validate", old, "-l", V2).exit_code == 1
    reviewed = run("review", old, "-l", V2, "--archief", store)
    assert reviewed.exit_code == 0, reviewed.output


def test_an_archive_whose_list_names_another_version_is_refused(store, tmp_path):
    def relabel(name, data):
        if name == RELEASE_MANIFEST:
            manifest = json.loads(data)
            manifest["versie"] = "1.5.0"
            return name, json.dumps(manifest).encode()
        return name, data
    broken = _rewrite(store / "proefbibliotheek-1.0.0.zip", tmp_path / "proefbibliotheek-1.5.0.zip", relabel)
    with pytest.raises(LibraryError, match="de lijst noemt proefbibliotheek 1.5.0, bibliotheek.yaml proefbibliotheek 1.0.0"):
        stores.extract_archive(broken)


def test_a_store_skips_what_is_not_an_archive_file(store, tmp_path):
    shelf = tmp_path / "plank"
    shelf.mkdir()
    (shelf / "map.zip").mkdir()
    os.mkfifo(shelf / "pijp.zip")
    (shelf / "proefbibliotheek-9.9.9.zip").write_bytes(b"kapot")
    found, notes = stores.releases("proefbibliotheek", [shelf, store])
    assert [r.version for r in found] == ["1.0.0", "2.0.0"]
    assert len(notes) == 1 and "proefbibliotheek-9.9.9.zip" in notes[0]


def test_a_batch_finds_the_version_in_the_store_for_each_spec(store, tmp_path):
    specs, out = tmp_path / "specs", tmp_path / "uit"
    specs.mkdir(), out.mkdir()
    pinned_spec(specs, "<2").rename(specs / "een.yaml")
    pinned_spec(specs, ">=2").rename(specs / "twee.yaml")
    result = run("build", specs, "-d", out, "-l", V1, "--archief", store, "-j", "1")
    assert result.exit_code == 0, result.output
    assert built_version(out / "een.docx") == ("proefbibliotheek", "1.0.0")
    assert built_version(out / "twee.docx") == ("proefbibliotheek", "2.0.0")
    assert "  bibliotheek proefbibliotheek 2.0.0 uit het archief" in result.output  # twee.yaml: 1.0.0 was given
    assert "proefbibliotheek 1.0.0 uit het archief" not in result.output


def test_an_archive_with_the_same_files_but_other_bytes_is_the_same_release(store, tmp_path):
    # Another zlib may compress differently: the release is its files, not its bytes.
    target = tmp_path / "proefbibliotheek-1.0.0.zip"
    with zipfile.ZipFile(store / "proefbibliotheek-1.0.0.zip") as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info), compress_type=zipfile.ZIP_STORED)
    before = target.read_bytes()
    result = pipeline.release_library([V1], tmp_path)
    assert not result.written and target.read_bytes() == before
