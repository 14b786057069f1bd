"""Run the web app for ``agreement-gen serve``: waitress, a pure-Python WSGI server that is fit
for use beyond development (Flask's own server says it is not)."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Callable

from ..errors import AgreementGenError, OutputError
from .app import create_app
from ..output import reason


def run(workspace: Path, host: str, port: int, threads: int = 4, echo: Callable[[str], None] = print) -> None:
    """Serve ``workspace`` on ``host:port`` until Ctrl+C; Dutch errors for a port in use."""
    from waitress import create_server

    app = create_app(workspace)
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="agreement-gen",
                               clear_untrusted_proxy_headers=True)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise OutputError(f"poort {port} op {host} is al in gebruik; kies een andere met --port") from exc
        if isinstance(exc, socket.gaierror) or exc.errno in (errno.EADDRNOTAVAIL, -2, -3, -5):
            raise OutputError(f"'{host}' is geen adres van deze computer; gebruik bijvoorbeeld 127.0.0.1") from exc
        raise AgreementGenError(f"de web-app kan niet starten op {host}:{port}: {reason(exc)}") from exc
    shown = f"[{host}]" if ":" in host else host
    echo(f"agreement-gen draait op http://{shown}:{port}/  (werkmap: {app.config['WERKMAP']})")
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo("Let op: de app is bereikbaar vanaf andere computers en heeft geen inlog; zie docs/web.md.")
    echo("Stoppen: Ctrl+C")
    try:
        server.run()
    except KeyboardInterrupt:
        echo("Gestopt.")
    finally:
        server.close()
