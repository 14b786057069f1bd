"""The ``agreement-gen`` command: thin Click commands over ``agreement_gen.pipeline``.

One module per command group; ``messages`` holds Dutch for Click's own messages. Imports only
``pipeline``, ``errors`` and its own modules.
"""

from .app import main
from .library import library
from .redline import redline

main.add_command(library)
main.add_command(redline)

__all__ = ["main"]
