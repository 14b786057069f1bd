"""Agreement -> .docx through the house template, and reading .docx packages safely.

Styles, list numbering, fields, comments, properties, the embedded model part, provenance.
The only place that imports docxtpl. May import ``model`` and the shared modules; never
``assembly``, ``spec`` or ``library``.
"""
