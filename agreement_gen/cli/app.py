"""The ``agreement-gen`` group: options shared by commands, and errors mapped to exits.

Exit codes: 0 success, 1 an error in the input (spec, library, template, output), 2 wrong use
of the command line. Every error is printed once, in Dutch, as ``Fout: ...`` on stderr; no
traceback for anything a user can cause.
"""

from __future__ import annotations

import importlib
import os
import traceback
from pathlib import Path

import click

from .. import __version__
from ..errors import AgreementGenError
from . import messages

messages.install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Failure(click.ClickException):
    def __init__(self, error: AgreementGenError):
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.message}", err=True)


class _Group(click.Group):
    """Turns our errors into clean exits; an unexpected crash gets a short message too.

    Commands are registered by name (``lazy``: name -> "module:attribute" in this package) and
    imported when they are used, so that ``redline A.docx B.docx`` loads neither the spec, the
    library and assembly stack nor Jinja; ``--help`` imports them all to list them.
    """

    lazy: dict[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, attribute = self.lazy[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module, __package__), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AgreementGenError as exc:
            raise _Failure(exc) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # output piped into `head` that stopped reading: not an error
            import sys
            sys.stderr.close()  # nothing more can be said; keep Python from complaining at exit
            raise click.exceptions.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - a bug: say so without a wall of text
            if os.environ.get("AGREEMENT_GEN_DEBUG"):
                traceback.print_exc()
            raise _Failure(AgreementGenError(
                f"interne fout in agreement-gen ({type(exc).__name__}: {exc}). Dit is een fout in het "
                "programma, niet in uw invoer; meld het met de spec erbij. Zet AGREEMENT_GEN_DEBUG=1 "
                "voor details."
            )) from exc


def run() -> None:
    """The ``agreement-gen`` program (its console script and ``python -m agreement_gen``): ``main``,
    and then an exit that skips the interpreter's teardown. Freeing every object of a build one by
    one took 50 ms of a 350 ms build; the work is done by then, the output written and closed.
    What teardown would do that matters still happens: the streams are flushed and the atexit
    handlers run (a LibreOffice session is closed, unpacked archives are removed). With another
    thread still running, Python's own exit waits for it as always. Tests call ``main``."""
    import sys
    try:
        main(prog_name="agreement-gen")
        code = 0
    except SystemExit as exc:
        code = exc.code
    import threading
    if threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    import atexit
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a pipe whose reader is gone: nothing more to say
            pass
    atexit._run_exitfuncs()
    os._exit(code)


library_option = click.option(
    "--library", "-l", "libraries", multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Map met clausules; herhaal voor lagen (latere lagen gaan voor). Standaard: de meegeleverde bibliotheek.",
)


archive_option = click.option(
    "--archief", "archives", multiple=True, metavar="MAP",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Map met uitgebrachte bibliotheken (.zip); herhaal voor meer mappen. Past de bibliotheek niet bij "
         "de versie die de spec vastpint, dan wordt de hoogste passende versie hier gezocht, daarna in "
         "AGREEMENT_GEN_ARCHIEF en in de meegeleverde archiefmap.",
)


@click.group(cls=_Group, context_settings=CONTEXT, options_metavar="[OPTIES]",
             subcommand_metavar="COMMANDO [ARGUMENTEN]...")
@click.version_option(__version__, "--version", "-V", prog_name="agreement-gen", message="%(prog)s %(version)s")
def main() -> None:
    """Stel samenwerkingsovereenkomsten voor regionale zorg op uit een YAML-spec.

    \b
    Voorbeelden:
      agreement-gen init mijn-overeenkomst.yaml
      agreement-gen validate samples/*.yaml
      agreement-gen build samples/hartnet-noord.yaml -o hartnet.docx
      agreement-gen explain samples/hartnet-noord.yaml
    """
