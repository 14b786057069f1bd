"""The register: every agreement built by agreement-gen under a folder, with the library and
clause versions it was built on and whether it was edited after the build.

``scan`` walks a folder and reads each .docx (through ``word.provenance``, so every check of
``word.docxread`` applies); ``report`` writes the table and the CSV. May import ``model``,
``word`` and the shared modules; never ``pipeline`` or ``cli``.
"""
