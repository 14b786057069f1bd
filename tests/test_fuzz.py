"""Issue 16: mutated specs and mutated .docx packages end in success or our own error, never in
an internal error and never in a hang.

Every sample spec is mutated (a leaf replaced by a value of another type or by odd text, a key
deleted, a list item doubled) and fed to validate and build; built drafts are mutated (a part
dropped, a part's bytes damaged, the zip cut short) and fed to inspect and redline. The only
allowed outcomes are success or an ``AgreementGenError`` (which the CLI prints as a Dutch
"Fout: ..."); anything else would be "interne fout".

``AGREEMENT_GEN_FUZZ`` sets the number of examples per test (default 40, so the suite stays
fast); the long run of issue 16 is, for example::

    AGREEMENT_GEN_FUZZ=5000 pytest tests/test_fuzz.py -k spec
    AGREEMENT_GEN_FUZZ=1000 pytest tests/test_fuzz.py -k docx
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from functools import lru_cache
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement_gen import pipeline
from agreement_gen.errors import AgreementGenError
from conftest import ROOT

EXAMPLES = int(os.environ.get("AGREEMENT_GEN_FUZZ", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=dt.timedelta(seconds=30), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))

ODD_TEXT = ["", " ", "x" * 5000, "Stichting\x01Zorg", "Zorg\x00", "\ufffe", "\u202eGGZ", "𝔊𝔊𝔝 🏥",
            "Franciscus Gasthuis & Vlietland", "<w:t>", "{{ 7 * 7 }}", "{% for x in y %}", "a\nb", "é" * 3,
            "12345678\n", "-", "null", "yes", "1e309"]
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(ODD_TEXT), st.text(max_size=40),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1800, 1, 1), dt.datetime(2300, 1, 1)),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@lru_cache(maxsize=None)
def _sample(index: int) -> dict:
    return yaml.safe_load(SAMPLES[index].read_text(encoding="utf-8"))


def _leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield path + (key,)
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield path + (i,)
            yield from _leaves(value, path + (i,))


def _parent(data, path):
    for step in path[:-1]:
        data = data[step]
    return data


@st.composite
def mutated_specs(draw) -> str:
    import copy
    index = draw(st.integers(0, len(SAMPLES) - 1))
    data = copy.deepcopy(_sample(index))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_leaves(data))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        holder, key = _parent(data, path), path[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "double"]))
        if action == "replace":
            holder[key] = draw(VALUES)
        elif action == "delete":
            del holder[key]
        elif isinstance(holder, list):
            holder.insert(key, copy.deepcopy(holder[key]))
    data.get("bibliotheek", {}).pop("lagen", None) if isinstance(data.get("bibliotheek"), dict) else None
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@FUZZ
@given(text=mutated_specs())
def test_mutated_spec_is_built_or_refused_in_dutch(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    spec = folder / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    try:
        pipeline.build(spec, folder / "uit.docx")
    except AgreementGenError as exc:
        assert str(exc).strip(), "een fout zonder melding"
    else:
        assert (folder / "uit.docx").stat().st_size > 0


@lru_cache(maxsize=None)
def _built() -> bytes:
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "concept.docx"
        pipeline.build(ROOT / "samples" / "hartnet-noord.yaml", out)
        return out.read_bytes()


@st.composite
def mutated_packages(draw) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_built()))
    names = source.namelist()
    action = draw(st.sampled_from(["drop", "damage", "truncate", "garbage", "rename"]))
    if action == "truncate":
        data = _built()
        return data[: draw(st.integers(0, len(data) - 1))]
    if action == "garbage":
        return draw(st.binary(max_size=2000))
    target = draw(st.sampled_from(names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in names:
            data = source.read(name)
            if name == target:
                if action == "drop":
                    continue
                if action == "rename":
                    name = name + ".x"
                else:
                    start = draw(st.integers(0, max(0, len(data) - 1)))
                    data = data[:start] + draw(st.binary(min_size=1, max_size=50)) + data[start + 1:]
            package.writestr(name, data)
    return out.getvalue()


@FUZZ
@given(package=mutated_packages())
def test_mutated_docx_is_inspected_and_redlined_or_refused_in_dutch(tmp_path_factory, package):
    folder = tmp_path_factory.mktemp("fuzz")
    old = folder / "oud.docx"
    old.write_bytes(_built())
    new = folder / "nieuw.docx"
    new.write_bytes(package)
    for call in (lambda: pipeline.inspect(new),
                 lambda: pipeline.redline(old, new, folder / "redline.docx", force=True),
                 lambda: pipeline.redline(new, old, folder / "terug.docx", force=True)):
        try:
            call()
        except AgreementGenError as exc:
            assert str(exc).strip()
