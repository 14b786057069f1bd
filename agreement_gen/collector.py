"""Python's cycle collector paused for one build or redline.

A build or a redline makes hundreds of thousands of short-lived objects (lxml's element
objects, tokens, model values), nearly all freed by reference counting as soon as they are
done with. The cycle collector still walks the young ones every 700 allocations: a redline of
the largest sample paid 28 collections, about 12 ms of 90. Paused for the job, it runs after
it and frees what the job left in cycles (python-docx's parts and package refer to each other)
then: the same work once, not every 700 objects.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block, back on after it if it was on (from any thread:
    a block that found it off, because another one runs, leaves it to that one)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
