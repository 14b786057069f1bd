"""The cycle collector is paused for a build or a redline and on again afterwards."""

from __future__ import annotations

import gc

from agreement_gen import pipeline
from agreement_gen.collector import collector_paused
from conftest import SAMPLES


def test_the_collector_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a block that finds it off leaves it off
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_a_build_and_a_redline_pause_it_and_turn_it_back_on(tmp_path, monkeypatch):
    seen = []
    real = pipeline.write_atomic

    def write(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "write_atomic", write)
    pipeline.build(SAMPLES[0], tmp_path / "a.docx")
    pipeline.build(SAMPLES[1], tmp_path / "b.docx")
    calls = []

    def count(phase, info):
        if phase == "start":
            calls.append(gc.isenabled())

    gc.callbacks.append(count)
    try:
        pipeline.redline(tmp_path / "a.docx", tmp_path / "b.docx", tmp_path / "r.docx")
        written = len(calls)
        kept = [[] for _ in range(3000)]  # what comes after the job lets the collector run again
    finally:
        gc.callbacks.remove(count)
    assert gc.isenabled() and seen == [True, True, True]  # written after the job, with the collector on
    assert written <= 2, calls  # without the pause: dozens of collections during the redline
    assert len(calls) > written and kept
    try:
        pipeline.redline(tmp_path / "a.docx", tmp_path / "ontbreekt.docx", tmp_path / "s.docx")
    except Exception:  # noqa: BLE001 - a failing redline turns it back on too
        pass
    assert gc.isenabled()
