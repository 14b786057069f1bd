"""Work in a forked child (agreement_gen.forked): the child's bytes are what this process would
make; a failure in the child is raised here, in its own words; no child is left behind."""

from __future__ import annotations

import os
import threading

import pytest

from agreement_gen import forked, pipeline
from agreement_gen.errors import TemplateError
from conftest import SAMPLES


CORE_IS_FREE = forked._a_core_is_free


@pytest.fixture(autouse=True)
def a_free_core(monkeypatch):
    """The tests make their child whatever the load of the machine that runs them."""
    monkeypatch.setattr(forked, "_a_core_is_free", lambda: True)


@pytest.mark.parametrize("load, free", [((0.4, 1.0, 1.0), True), ((1.6, 0.2, 0.2), False), ((5.0, 5.0, 5.0), False)])
def test_a_child_only_when_a_core_is_free(monkeypatch, load, free):
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forked.os, "getloadavg", lambda: load)
    assert CORE_IS_FREE() is free
    monkeypatch.setattr(forked, "_a_core_is_free", CORE_IS_FREE)
    with forked.Forked(lambda: b"hier") as work:
        assert (work.pid is not None) is free
        assert work.result() == b"hier"


def test_no_load_average_no_child(monkeypatch):
    def unknown():
        raise OSError("geen loadavg")
    monkeypatch.setattr(forked.os, "getloadavg", unknown)
    assert CORE_IS_FREE() is False


def test_the_child_gives_the_bytes_of_its_task():
    with forked.Forked(lambda: b"uit het kind " + str(os.getpid()).encode()) as child:
        assert child.pid is not None and child.pid != os.getpid()
        pid = child.pid
        assert child.result() == b"uit het kind " + str(pid).encode()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # waited for already


def test_a_failure_in_the_child_is_raised_here():
    calls = []

    def task() -> bytes:
        calls.append(os.getpid())
        raise TemplateError("sjabloon kapot")

    with forked.Forked(task) as child:
        pid = child.pid
        with pytest.raises(TemplateError, match="sjabloon kapot"):
            child.result()
    assert calls == [os.getpid()]  # the child's own attempt happened in its own memory
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_an_error_here_still_waits_for_the_child():
    with pytest.raises(ValueError):
        with forked.Forked(lambda: b"x" * 1_000_000) as child:  # more than a pipe holds
            pid = child.pid
            raise ValueError("de nieuwe versie faalt")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_no_child_while_other_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with forked.Forked(lambda: b"hier") as work:
            assert work.pid is None
            assert work.result() == b"hier"
    finally:
        stop.set()
        thread.join()


def test_a_spec_redline_is_the_same_with_and_without_the_child(tmp_path, monkeypatch):
    old, new = SAMPLES[0], SAMPLES[1]
    children = []
    start = forked.Forked.__init__

    def spy(self, task):
        start(self, task)
        children.append(self.pid)
    monkeypatch.setattr(forked.Forked, "__init__", spy)
    with_child = pipeline.redline(old, new, tmp_path / "met.docx")
    assert len(children) == 1 and children[0] is not None  # the old version was rendered in a child
    monkeypatch.setattr(forked, "_can_fork", lambda: False)
    without = pipeline.redline(old, new, tmp_path / "zonder.docx")
    assert (tmp_path / "met.docx").read_bytes() == (tmp_path / "zonder.docx").read_bytes()
    assert with_child.changes == without.changes
