"""The Agreement: articles, leden, definitions, parties, annexes, as frozen dataclasses.

Holds the model (``agreement``), its JSON form (``serialize``) and its plain-text rendering
(``text``, with the fixed ``phrases`` every renderer shares). Imports no other stage.
"""
