"""The ``agreement-gen`` command: thin Click commands over ``agreement_gen.pipeline``.

``app`` holds the group, the shared options and the mapping of errors to exit codes; one
module per command group (``build``: validate, build, explain, inspect; ``library``;
``migrate``; ``redline``; ``register``; ``review``; ``upgrade``; ``template``; ``init``; ``schema``; ``serve``); ``messages`` holds Dutch for Click's
own messages. Imports only ``pipeline``, ``errors`` and its own modules; what a command needs beyond
that, ``pipeline`` imports when it is called (a build loads neither the interview's field
descriptions nor the JSON Schema). ``serve`` is the one command that imports another front end,
the web app, and only when it runs (a build never loads Flask).
"""

from .app import main, run

# name -> module:command; imported when used (see app._Group)
main.lazy = {
    "init": ".init:init", "validate": ".build:validate", "build": ".build:build", "explain": ".build:explain",
    "inspect": ".build:inspect", "review": ".review:review", "library": ".library:library",
    "migrate": ".migrate:migrate", "redline": ".redline:redline", "register": ".register:register",
    "template": ".template:template", "schema": ".schema:schema", "serve": ".serve:serve", "upgrade": ".upgrade:upgrade",
}

__all__ = ["main", "run"]
