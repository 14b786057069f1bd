"""The package as pip installs it (a wheel, not the checkout) carries its clause library, template,
field descriptions and sample specs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import HARTNET, ROOT, in_ci


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # From a clean copy: setuptools reuses a stale build/ directory of the checkout, which would
    # hide a file that package_data no longer lists.
    source = tmp_path_factory.mktemp("source") / "agreement-gen"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "out"))
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        message = f"pip wheel lukte niet (netwerk of build backend?): {result.stderr[-2000:]}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    (path,) = out.glob("agreement_gen-*.whl")
    return path


def test_wheel_holds_every_library_file_and_the_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"agreement_gen/_clauses/{p.relative_to(ROOT / 'clauses').as_posix()}"
                for p in (ROOT / "clauses").rglob("*") if p.is_file()}
    expected.add("agreement_gen/_templates/standaard.docx")
    expected.add("agreement_gen/spec/fields.yaml")
    expected |= {f"agreement_gen/_samples/{p.relative_to(ROOT / 'samples').as_posix()}"
                 for p in (ROOT / "samples").rglob("*") if p.is_file()}  # init --voorbeeld copies them
    assert expected - names == set()


def test_installed_wheel_builds_a_sample_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = tmp_path / "hartnet.docx"
    probe = subprocess.run([sys.executable, "-c", "import agreement_gen; print(agreement_gen.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert Path(probe.stdout.strip()).is_relative_to(site), probe.stdout + probe.stderr
    result = subprocess.run([sys.executable, "-m", "agreement_gen", "build", str(HARTNET), "-o", str(out)],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert zipfile.is_zipfile(out)
    assert "Traceback" not in result.stderr


def test_wheel_holds_every_module_and_the_bundled_archives(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "agreement_gen"
    modules = {f"agreement_gen/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
    assert modules - names == set(), "a subpackage is missing from [options] packages in setup.cfg"
    archives = {f"agreement_gen/_archief/{p.name}" for p in (ROOT / "archief").glob("*.zip")}
    assert archives and archives - names == set()


def test_installed_wheel_builds_a_pinned_spec_from_its_bundled_archive(wheel, tmp_path):
    # The library given (-l) is another library: the pin on regionale-zorgsamenwerking is answered by
    # the archive inside the package, which stays read-only (the archive is extracted into the cache).
    import yaml
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    before = sorted(site.rglob("*"))
    for path in [site, *before]:
        path.chmod(0o555 if path.is_dir() else 0o444)  # (root may write all the same: see the check below)
    version = yaml.safe_load((ROOT / "clauses" / "bibliotheek.yaml").read_text(encoding="utf-8"))["versie"]
    data = yaml.safe_load(HARTNET.read_text(encoding="utf-8"))
    data["bibliotheek"] = {"naam": "regionale-zorgsamenwerking", "versie": f"=={version}"}
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site), "AGREEMENT_GEN_CACHE": str(tmp_path / "cache")}
    env.pop("AGREEMENT_GEN_ARCHIEF", None)
    other = ROOT / "tests" / "fixtures" / "versies" / "proef-2.0.0"
    try:
        result = subprocess.run([sys.executable, "-m", "agreement_gen", "build", str(spec), "-l", str(other),
                                 "-o", str(tmp_path / "uit.docx")], cwd=tmp_path, env=env, capture_output=True,
                                text=True)
    finally:
        for path in [site, *site.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"regionale-zorgsamenwerking {version} uit het archief" in result.stderr
    assert "_archief" in result.stderr
    assert sorted(site.rglob("*")) == before  # nothing written into the package
    assert list((tmp_path / "cache" / "bibliotheken").iterdir())
