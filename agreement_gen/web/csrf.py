"""Protection against cross-site requests on every POST: a signed double-submit token.

The browser gets a random value in a cookie (HttpOnly, SameSite=Strict); every form carries
HMAC(secret, that value). A POST without both, or with a token that does not fit its cookie,
is refused before any view runs. Nothing is kept on the server: the secret lives in the
workspace (``.agreement-gen-sleutel``, readable by its owner only), so that every process of a
team's WSGI server accepts the tokens of the others.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from flask import Flask, g, request

from ..errors import AgreementGenError

COOKIE = "agreement_gen_csrf"
FIELD = "csrf"
HEADER = "X-CSRF-Token"
SECRET_FILE = ".agreement-gen-sleutel"


class CsrfError(AgreementGenError):
    """A POST without a valid token (Dutch message)."""


def workspace_secret(root: Path) -> bytes:
    """The workspace's secret (from AGREEMENT_GEN_SECRET, else the secret file, made once)."""
    given = os.environ.get("AGREEMENT_GEN_SECRET")
    if given:
        return given.encode("utf-8")
    path = root / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        fd = None
    except OSError:
        return secrets.token_bytes(32)  # a read-only workspace: this process only
    if fd is not None:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, encoding="ascii") as handle:
            value = handle.read(200).strip()
    except OSError:
        return secrets.token_bytes(32)
    return value.encode("ascii") if len(value) >= 32 else secrets.token_bytes(32)


def _sign(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode("ascii", "replace"), hashlib.sha256).hexdigest()


def install(app: Flask) -> None:
    secret = app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode("utf-8")

    @app.before_request
    def _check() -> None:
        value = request.cookies.get(COOKIE, "")
        g.csrf_new = not (16 <= len(value) <= 128 and value.isalnum())
        g.csrf_value = secrets.token_hex(32) if g.csrf_new else value
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        sent = request.headers.get(HEADER) or request.form.get(FIELD) or ""
        if g.csrf_new or not hmac.compare_digest(sent, _sign(secret, g.csrf_value)):
            raise CsrfError("dit formulier is verlopen of komt niet van deze pagina (de beveiligingscode "
                            "ontbreekt of klopt niet). Laad de pagina opnieuw en probeer het nog eens; uw "
                            "invoer is niet verwerkt")

    @app.after_request
    def _cookie(response):
        if getattr(g, "csrf_new", False):
            response.set_cookie(COOKIE, g.csrf_value, httponly=True, samesite="Strict",
                                secure=request.is_secure)
        return response

    @app.context_processor
    def _token() -> dict:
        return {"csrf_token": lambda: _sign(secret, g.csrf_value), "csrf_field": FIELD}
