"""Versions per clause: a short hash of the clause file's content.

A clause's version is derived, never typed: the first 8 hex digits of the SHA-256 of its file
as text, normalised so that what a reader cannot see does not count (a byte-order mark,
Windows or old Mac line endings, spaces at the end of a line, blank lines at the end of the
file). Any other change, in the text or in the front matter (a condition, a title, the
guidance), gives a new version. A clause that replaces one of a lower layer (``vervangt:``)
inherits part of its front matter, so its version also covers the version it replaces.
"""

from __future__ import annotations

import hashlib
from typing import Optional

LENGTH = 8


def normalised(text: str) -> str:
    """``text`` without what does not count for a version (the BOM is gone once decoded)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip("\n") + "\n"


def content_digest(text: str) -> str:
    """The full SHA-256 (hex) of a clause file's normalised text."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def clause_version(digest: str, replaced_version: Optional[str] = None) -> str:
    """The short version of a clause with content ``digest``, on top of ``replaced_version`` if any."""
    if replaced_version:
        digest = hashlib.sha256(f"{digest}\n{replaced_version}".encode("ascii")).hexdigest()
    return digest[:LENGTH]
