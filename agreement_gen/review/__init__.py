"""The drafting review: findings over a spec and its agreement, and over an edited draft.

``draft`` reads what the review looks at (the Agreement model, or the articles of a .docx);
``context`` gives rules their names; ``rules`` evaluates the library's review rules in the
sandbox; ``text`` checks what users typed; ``deviations`` compares an edited draft with the
library's text; ``report`` writes text and JSON; ``annotate`` puts findings in a Word copy.

May import ``spec``, ``library``, ``assembly``, ``model``, ``word``, ``redline`` and the shared
modules; never ``pipeline`` or ``cli``.
"""
