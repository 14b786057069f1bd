"""The ``agreement-gen`` command: thin Click commands over ``agreement_gen.pipeline``.

``app`` holds the group, the shared options and the mapping of errors to exit codes; one
module per command group (``build``: validate, build, explain, inspect; ``library``;
``redline``; ``review``; ``template``; ``init``; ``schema``; ``serve``); ``messages`` holds Dutch for Click's
own messages. Imports only ``pipeline``, ``errors`` and its own modules; what a command needs beyond
that, ``pipeline`` imports when it is called (a build loads neither the interview's field
descriptions nor the JSON Schema). ``serve`` is the one command that imports another front end,
the web app, and only when it runs (a build never loads Flask).
"""

from .app import main
from .build import build, explain, inspect, validate
from .init import init
from .library import library
from .redline import redline
from .review import review
from .schema import schema
from .serve import serve
from .template import template

for _command in (init, validate, build, explain, inspect, review, library, redline, template, schema, serve):
    main.add_command(_command)

__all__ = ["main"]
