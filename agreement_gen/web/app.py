"""The app factory: ``create_app(werkmap)`` gives a WSGI app for one workspace folder.

Stateless apart from that folder: every request reads what it needs from it, so any number of
processes of any WSGI server (waitress, gunicorn) can serve the same workspace. Limits: a
request body of at most 2 MB and 5000 form fields; every error is a Dutch page, never a
traceback.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, abort, render_template, request
from jinja2 import StrictUndefined
from werkzeug.exceptions import HTTPException

from ..errors import AgreementGenError
from .csrf import CsrfError, install, workspace_secret
from .workspace import NotFound, Workspace

MAX_BODY = 2_000_000
MAX_FIELDS = 5000

_HTTP_TEXT = {
    400: "het verzoek is niet te verwerken",
    404: "deze pagina bestaat niet",
    405: "deze pagina kan zo niet worden opgevraagd",
    413: f"het verzonden bestand of formulier is te groot (hoogstens {MAX_BODY // 1_000_000} MB)",
}


def create_app(workspace: Path | str, secret: bytes | str | None = None) -> Flask:
    """The web app for the workspace folder ``workspace`` (made when it is missing)."""
    space = Workspace(workspace)
    space.ensure()
    app = Flask(__name__)
    app.config.update(
        WERKMAP=str(space.root),
        SECRET_KEY=secret or workspace_secret(space.root),
        MAX_CONTENT_LENGTH=MAX_BODY,
        MAX_FORM_MEMORY_SIZE=MAX_BODY,
        MAX_FORM_PARTS=MAX_FIELDS,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.autoescape = True  # also for the templates that are no .html

    @app.before_request
    def _limit_fields() -> None:
        # Werkzeug counts the parts of a multipart form only; a urlencoded one is counted here
        if request.method == "POST" and sum(1 for _ in request.form.items(multi=True)) > MAX_FIELDS:
            abort(413)

    install(app)

    from .routes import bp
    app.register_blueprint(bp)

    @app.after_request
    def _headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    def _log_exception(exc_info) -> None:  # one line, no traceback, unless asked for (a bug, not input)
        if os.environ.get("AGREEMENT_GEN_DEBUG"):
            app.logger.error("fout bij %s %s", request.method, request.path, exc_info=exc_info)
        else:
            app.logger.error("interne fout bij %s %s: %s (zet AGREEMENT_GEN_DEBUG=1 voor details)",
                             request.method, request.path, exc_info[1].__class__.__name__)

    @app.errorhandler(CsrfError)
    def _csrf(exc: CsrfError):
        return render_template("fout.html", title="Verlopen formulier", message=str(exc)), 403

    @app.errorhandler(NotFound)
    def _not_found(exc: NotFound):
        return render_template("fout.html", title="Niet gevonden", message=str(exc)), 404

    @app.errorhandler(AgreementGenError)
    def _ours(exc: AgreementGenError):
        return render_template("fout.html", title="Dat lukt niet", message=str(exc)), 422

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        text = _HTTP_TEXT.get(exc.code or 500, "het verzoek is niet gelukt")
        return render_template("fout.html", title=f"Fout {exc.code}", message=text), exc.code

    @app.errorhandler(Exception)
    def _bug(exc: Exception):
        _log_exception((type(exc), exc, exc.__traceback__))
        return render_template("fout.html", title="Interne fout", message=(
            f"interne fout in agreement-gen ({type(exc).__name__}). Dit is een fout in het programma, niet in "
            "uw invoer; meld het, met de spec erbij. Uw invoer is niet opgeslagen.")), 500

    app.log_exception = _log_exception  # type: ignore[method-assign]
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return app
