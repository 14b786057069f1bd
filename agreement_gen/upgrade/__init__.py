"""Moving one agreement to another library version: what changes in *this* agreement, with a redline.

``clauses`` compares the clause records of two builds (pure); ``run`` builds the spec with the
library it builds with today and with the target (``upgrade``), and ``report`` says it in Dutch
and as JSON. May import ``spec``, ``library``, ``assembly``, ``model``, ``word`` and ``redline``;
the CLI reaches it through ``pipeline``.
"""
