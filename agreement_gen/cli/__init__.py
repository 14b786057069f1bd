"""The ``agreement-gen`` command: thin Click commands over ``agreement_gen.pipeline``.

``app`` holds the group, the shared options and the mapping of errors to exit codes; one
module per command group (``build``: validate, build, explain, inspect; ``library``;
``redline``; ``template``); ``messages`` holds Dutch for Click's own messages. Imports only
``pipeline``, ``errors`` and its own modules.
"""

from .app import main
from .build import build, explain, inspect, validate
from .library import library
from .redline import redline
from .template import template

for _command in (validate, build, explain, inspect, library, redline, template):
    main.add_command(_command)

__all__ = ["main"]
