"""Two versions of a clause text compared by words: whether the change is only editorial, and a
short excerpt of the deleted and inserted words with a little context.

Used by ``library diff`` (release notes) and by ``explain`` (what a regional layer changed).
The redline has its own tokens (``redline.tokens``), but those are read from WordML paragraphs;
these come from a clause file's text (with its Jinja tags) or a rendered plain text.

**Editorial** (``editorial_only``): the two texts have the same significant words in the same
order, where

- a Jinja tag (``{{ ... }}``, ``{% ... %}``, ``{# ... #}``) is one word, compared up to its spaces;
- a paragraph break (a blank line) and a list item ("- " at the start of a line) count as words;
- other whitespace does not count;
- typographic variants are the same: curly and straight quotes, en and em dashes and a hyphen,
  a non-breaking or thin space and a space, "…" and "...";
- punctuation at the start or the end of a word does not count (``niet,`` is ``niet``), inside a
  word it does (``1,5`` is not ``15``), and a word that is only punctuation does not count.

Upper and lower case count: in an agreement "Partij" (a defined term) is not "partij".
"""

from __future__ import annotations

import difflib
import re
from typing import Optional

_TOKEN = re.compile(r"(?P<jinja>\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})|(?P<para>\n[ \t\r]*\n\s*)|(?P<line>\n)"
                    r"|(?P<space>[^\S\n]+)|(?P<word>[^\s{]+|\{)", re.S)
_TYPOGRAPHY = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2018": "'", "\u2019": "'",
                             "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2013": "-",
                             "\u2014": "-", "\u2026": "..."})
_EDGE = re.compile(r"^[.,;:!?'\"()\-]+|[.,;:!?'\"()\-]+$")
PARAGRAPH = "\u00b6"  # how a paragraph break shows in an excerpt


def words(text: str) -> list[tuple[str, Optional[str], bool]]:
    """``text`` as (shown, key, spaced) words: key None for what does not count (see the module);
    ``spaced`` when whitespace stands before the word (for showing it)."""
    out: list[tuple[str, Optional[str], bool]] = []
    line_start, spaced = True, False
    for match in _TOKEN.finditer(text.strip()):
        kind, value = match.lastgroup, match.group()
        if kind == "jinja":
            out.append((value, "J" + " ".join(value[2:-2].split()), spaced))
        elif kind == "para":
            out.append((PARAGRAPH, PARAGRAPH, True))
        elif kind == "word":
            if line_start and value == "-":
                out.append((value, "- ", spaced))
            else:
                key = _EDGE.sub("", value.translate(_TYPOGRAPHY))
                out.append((value, key or None, spaced))
        line_start = kind in ("para", "line") or (line_start and kind == "space")
        spaced = kind != "word" and kind != "jinja"
    return out


def _joined(items: list[tuple[str, Optional[str], bool]]) -> str:
    return "".join((" " if spaced and i else "") + shown for i, (shown, _, spaced) in enumerate(items))


def editorial_only(old: str, new: str) -> bool:
    """Whether ``old`` and ``new`` differ at most editorially (see the module); True if equal."""
    return [k for _, k, _ in words(old) if k is not None] == [k for _, k, _ in words(new) if k is not None]


def excerpts(old: str, new: str, context: int = 4, limit: int = 5, markdown: bool = False) -> list[str]:
    """The changes from ``old`` to ``new`` word by word, one line per group of nearby changes,
    with ``context`` words either side: ``… met [-deze-] {+de volgende+} doelen: …`` (in
    Markdown ``~~deze~~ **de volgende**``). At most ``limit`` lines; a last line counts the rest."""
    a, b = words(old), words(new)
    show = markdown_text if markdown else (lambda s: s)
    deleted, inserted = (("~~", "~~"), ("**", "**")) if markdown else (("[-", "-]"), ("{+", "+}"))
    matcher = difflib.SequenceMatcher(None, [w[0] for w in a], [w[0] for w in b], autojunk=False)
    groups = [g for g in matcher.get_grouped_opcodes(context) if any(op[0] != "equal" for op in g)]
    if not groups:
        return ["(alleen witruimte)"] if old != new else []
    out = []
    for group in groups[:limit]:
        parts = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(show(_joined(a[i1:i2])))
                continue
            if i2 > i1:
                parts.append(deleted[0] + _cut(a[i1:i2], show) + deleted[1])
            if j2 > j1:
                parts.append(inserted[0] + _cut(b[j1:j2], show) + inserted[1])
        first, last = group[0], group[-1]
        lead = "… " if first[1] > 0 else ""
        tail = " …" if last[2] < len(a) else ""
        out.append(lead + " ".join(p for p in parts if p) + tail)
    if len(groups) > limit:
        out.append(f"(en nog {len(groups) - limit} {'wijziging' if len(groups) - limit == 1 else 'wijzigingen'})")
    return out


LONG = 30  # a deleted or inserted run of more words shows its start and end


def _cut(items: list, show) -> str:
    """A deleted or inserted run of words; a long one as its first and last words."""
    if len(items) <= LONG:
        return show(_joined(items))
    return f"{show(_joined(items[:12]))} … ({len(items) - 18} woorden) … {show(_joined(items[-6:]))}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>#|])")


def markdown_text(text: str) -> str:
    """``text`` with Markdown's special characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
