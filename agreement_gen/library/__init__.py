"""Clause libraries: reading clause files and manifests, layers, pins; check, diff and view.

May import ``spec`` (the schema a clause's fields are checked against) and the shared modules
(``errors``, ``resources``, ``templating``); never ``assembly``, ``word``, ``redline`` or ``cli``.
"""
