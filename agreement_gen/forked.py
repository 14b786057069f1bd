"""One piece of work in a forked child process while this process does another.

A spec-to-spec redline renders two versions that do not depend on each other; on a machine
with more than one core the old version is rendered in a child process while this one drafts
and renders the new version. The child runs the same code on the same data, so its bytes are
the bytes this process would make.

Only where forking is safe and helps: Linux (elsewhere a forked child may not use every
system library), more than one CPU with one free (by the load average of the last minute), and
a process with no other threads (the web app serves from threads; a child forked there could
inherit a lock held by another thread and hang).
Otherwise, and whenever the child fails, the work runs here when its result is asked for, so a
failure is raised here with its own message, as without the child.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from typing import Callable, Optional


def _can_fork() -> bool:
    return (sys.platform == "linux" and hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1 and _a_core_is_free())


def _a_core_is_free() -> bool:
    """Whether the load of the last minute leaves a core for the child (this process counts as
    one): on a busy machine the child only adds the cost of copying memory pages."""
    try:
        return os.getloadavg()[0] < (os.cpu_count() or 1) - 0.5
    except OSError:
        return False


class Forked:
    """``task()`` (which returns bytes) started in a child now; ``result()`` waits for it.

    Use as a context manager, so that the child is waited for even when this process stops
    with an error before it asks for the result.
    """

    def __init__(self, task: Callable[[], bytes]):
        self.task = task
        self.pid: Optional[int] = None
        self.read = -1
        if not _can_fork():
            return
        sys.stdout.flush()
        sys.stderr.flush()
        read, write = os.pipe()
        gc.freeze()  # a collection in either process would otherwise touch, and so copy, every page
        pid = os.fork()
        if pid == 0:  # the child: do the task, hand over the bytes, leave without any clean-up of the parent's
            gc.disable()
            os.close(read)
            status = 1
            try:
                data = task()
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                status = 0
            except BaseException:  # noqa: BLE001 - the parent runs the task again and raises it there
                pass
            finally:
                os._exit(status)
        gc.unfreeze()
        os.close(write)
        self.pid, self.read = pid, read

    def result(self) -> bytes:
        data = self._collect()
        return data if data is not None else self.task()

    def _collect(self) -> Optional[bytes]:
        """The child's bytes (None if there is no child or it failed), once it has ended."""
        if self.pid is None:
            return None
        pid, self.pid = self.pid, None
        with os.fdopen(self.read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        return data if os.waitstatus_to_exitcode(status) == 0 else None

    def __enter__(self) -> "Forked":
        return self

    def __exit__(self, *exc) -> None:
        self._collect()
