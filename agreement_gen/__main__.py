"""``python -m agreement_gen``: the same as the ``agreement-gen`` command."""

from .cli import run

run()
