"""The web app (``agreement-gen serve``): a form for every field of a spec, a live preview, the
explain view, downloads, and a workspace of saved versions with redlines between them.

Thin over the same functions as the CLI: the form's values become a spec's text (``form``,
``roundtrip``), which the CLI's loader and checks read (``check``); documents come from the
pipeline (``downloads``). ``app`` is the factory, ``routes`` the pages, ``editor`` one edit,
``widgets`` the form's fields, ``preview`` the agreement as HTML, ``workspace`` the folder, and
``csrf`` the tokens. Flask is imported only here: a build never loads it.
"""

from .app import create_app

__all__ = ["create_app"]
