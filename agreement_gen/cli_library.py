"""``agreement-gen library``: check, list, show and compare clause libraries.

Thin like ``cli.py``: parse options, call ``library``/``libcheck``/``libdiff``, print. Errors are
raised as ``AgreementGenError`` subclasses and printed once by the main group.
"""

from __future__ import annotations

import click

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT, options_metavar="[OPTIES]",
             subcommand_metavar="COMMANDO [ARGUMENTEN]...")
def library() -> None:
    """Onderhoud van clausulebibliotheken: controleren, bekijken, vergelijken.

    \b
    Voorbeelden:
      agreement-gen library check clauses/
      agreement-gen library list
    """
