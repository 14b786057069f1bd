"""Sequence alignment for redlines: which parts of two versions correspond. Pure, no XML.

Three levels, as a lawyer compares two drafts:

* ``anchor`` pairs units (articles, parties, annexes) by key with a longest common
  subsequence: an inserted article leaves every other article matched, and an article whose
  position changed falls out of the subsequence and is reported as moved;
* ``align`` pairs blocks (paragraphs, tables, rows): equal ones first, then, among the rest,
  the most similar ones in order, so a changed paragraph is one paragraph with changes
  inside, not a deletion plus an insertion;
* ``word_diff`` compares two token lists (words, spaces, fields) and merges changes that
  only whitespace separates, so "dertig (30)" -> "zestig (60)" is one replacement;
  ``rewritten`` says when that comparison would be an unreadable mix instead, and the
  paragraph is better shown as its old text deleted and its new text inserted.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable, Hashable, Optional, Sequence, TypeVar

X = TypeVar("X")
Y = TypeVar("Y")

WORD = re.compile(r"\s+|[^\s]+")
ALPHANUMERIC = re.compile(r"\w+")
#: Words that carry no content of their own: kept between rewritten passages they anchor nothing.
FUNCTION_WORDS = frozenset("""
    de het een en of maar dan als dat die dit deze der des van in op te ter ten met voor aan door bij
    tot naar uit over om onder na is zijn was waren wordt worden werd zal zullen kan kunnen moet
    moeten heeft hebben niet geen ook nog wel er hij zij ze zich haar hun wie wat waar
""".split())
KEPT_SHARE = 0.5  # a paragraph that keeps less than this share of its content words is rewritten
MAX_PAIRING_CELLS = 40_000  # beyond this, a replaced region is not searched for similar pairs


@dataclass(frozen=True)
class Op:
    """One step of an alignment, in output order: 'equal', 'pair', 'delete' or 'insert'."""

    kind: str
    old: Optional[int]
    new: Optional[int]


def anchor(old_keys: Sequence[Optional[Hashable]], new_keys: Sequence[Optional[Hashable]]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of the keys (None never matches)."""
    n, m = len(old_keys), len(new_keys)
    common = set(k for k in old_keys if k is not None) & set(k for k in new_keys if k is not None)
    a = [(i, k) for i, k in enumerate(old_keys) if k in common]
    b = [(j, k) for j, k in enumerate(new_keys) if k in common]
    if not a or not b or n == 0 or m == 0:
        return []
    rows, cols = len(a), len(b)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(cols - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i][1] == b[j][1] else max(below[j], row[j + 1])
    pairs = []
    i = j = 0
    while i < rows and j < cols:
        if a[i][1] == b[j][1]:
            pairs.append((a[i][0], b[j][0]))
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def align(old: Sequence[X], new: Sequence[Y], signature: Callable[[object], Hashable],
          similarity: Callable[[X, Y], float], threshold: float = 0.5) -> list[Op]:
    """Align two sequences: equal signatures match; in the gaps, similar items pair up in order.

    ``similarity`` returns 0..1; pairs below ``threshold`` are a deletion plus an insertion,
    except that one item replaced by one other pairs whenever their similarity is above 0
    (a changed table cell, a rewritten paragraph). Within a gap, deletions come first.
    """
    old_sigs = [signature(x) for x in old]
    new_sigs = [signature(y) for y in new]
    if old_sigs == new_sigs:  # most units of a redline: what SequenceMatcher would find
        return [Op("equal", i, i) for i in range(len(old_sigs))]
    matcher = difflib.SequenceMatcher(None, old_sigs, new_sigs, autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(Op("equal", i, j) for i, j in zip(range(i1, i2), range(j1, j2)))
            continue
        if i2 - i1 == 1 and j2 - j1 == 1 and similarity(old[i1], new[j1]) > 0:
            pairs = [(i1, j1)]
        else:
            pairs = _pair_similar(old, new, range(i1, i2), range(j1, j2), similarity, threshold)
        i, j = i1, j1
        for pi, pj in pairs + [(i2, j2)]:
            ops.extend(Op("delete", k, None) for k in range(i, pi))
            ops.extend(Op("insert", None, k) for k in range(j, pj))
            if pi < i2:
                ops.append(Op("pair", pi, pj))
            i, j = pi + 1, pj + 1
    return ops


def _pair_similar(old, new, rows: range, cols: range, similarity, threshold) -> list[tuple[int, int]]:
    """Order-preserving pairs of most total similarity (each at least ``threshold``)."""
    if not rows or not cols:
        return []
    if len(rows) * len(cols) > MAX_PAIRING_CELLS:
        return []
    n, m = len(rows), len(cols)
    score = [[0.0] * m for _ in range(n)]
    for a, i in enumerate(rows):
        for b, j in enumerate(cols):
            s = similarity(old[i], new[j])
            score[a][b] = s if s >= threshold else -1.0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            options = [best[a + 1][b], best[a][b + 1]]
            if score[a][b] >= 0:
                options.append(best[a + 1][b + 1] + 1.0 + score[a][b])
            best[a][b] = max(options)
    pairs = []
    a = b = 0
    while a < n and b < m:
        if score[a][b] >= 0 and best[a][b] == best[a + 1][b + 1] + 1.0 + score[a][b]:
            pairs.append((rows[a], cols[b]))
            a += 1
            b += 1
        elif best[a][b] == best[a + 1][b]:
            a += 1
        else:
            b += 1
    return pairs


def words(text: str) -> list[str]:
    return WORD.findall(text)


def text_similarity(old: str, new: str) -> float:
    """Share of words two texts have in common, in order (0..1); spaces do not count."""
    if old == new:
        return 1.0
    a = [w for w in words(old) if not w.isspace()]
    b = [w for w in words(new) if not w.isspace()]
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
        return matcher.quick_ratio() / 2
    return matcher.ratio()


def _is_space(key: Hashable) -> bool:
    return isinstance(key, str) and key.isspace()


def _content_word(key: Hashable) -> bool:
    """A token that counts for ``rewritten``: a field, or a word with a letter or digit that is
    not a function word."""
    if not isinstance(key, str):
        return True
    found = ALPHANUMERIC.findall(key.lower())
    return bool(found) and not all(word in FUNCTION_WORDS for word in found)


def rewritten(codes: Sequence[tuple[str, int, int, int, int]], old: Sequence[Hashable],
              new: Sequence[Hashable]) -> bool:
    """Whether a paragraph with ``word_diff`` opcodes ``codes`` was mostly rewritten.

    The rule counts content words: fields, and words with a letter or digit other than function
    words such as "de", "en", "van". A paragraph is rewritten when the content words it keeps
    (in the equal stretches of the comparison) are fewer than ``KEPT_SHARE`` of the old
    paragraph's content words *and* fewer than that share of the new one's: most of the old
    text is gone and most of the new text is new. A paragraph that only grows (or only shrinks)
    keeps all of its old (new) text and is never rewritten; function words kept between
    rewritten passages count for nothing, so "De Stuurgroep besluit ..." -> "De Stemgerechtigde
    Partijen ..." is not "De" followed by a mix of both sentences.
    """
    old_count = sum(1 for key in old if _content_word(key))
    new_count = sum(1 for key in new if _content_word(key))
    kept = sum(1 for tag, i1, i2, _, _ in codes if tag == "equal" for key in old[i1:i2] if _content_word(key))
    return kept < KEPT_SHARE * min(old_count, new_count)


def word_diff(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes (as difflib's) over token keys.

    Changes separated only by spaces are merged, and so are changes separated by a kept stretch
    that has no more words than the change on either side of it (diff-match-patch's "semantic
    cleanup", counted in words): "Een [+Afgevaardigde stemt+] Kernbesluit [-kan niet-]" reads
    as one deletion and one insertion, not as a few kept words in a mix of both versions.
    """
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    codes = [list(c) for c in matcher.get_opcodes()]
    merged: list[list] = []
    for code in codes:
        tag, i1, i2, j1, j2 = code
        if (tag == "equal" and merged and merged[-1][0] != "equal"
                and all(_is_space(k) for k in old[i1:i2]) and code is not codes[-1]):
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        merged.append(code)
    out = []
    for tag, i1, i2, j1, j2 in _absorb_short_equalities(merged, old, new):
        if tag == "replace" and i1 == i2:
            tag = "insert"
        elif tag == "replace" and j1 == j2:
            tag = "delete"
        out.append((tag, i1, i2, j1, j2))
    return out


def _word_count(keys: Sequence[Hashable]) -> int:
    return sum(1 for key in keys if not _is_space(key))


def _absorb_short_equalities(codes: list[list], old: Sequence[Hashable], new: Sequence[Hashable]) -> list[list]:
    """Merge change, kept stretch, change into one change where the kept stretch has no more
    words than either change (the larger of its deleted and inserted words); until none is left."""
    def size(code) -> int:
        return max(_word_count(old[code[1]:code[2]]), _word_count(new[code[3]:code[4]]))

    index = 1
    while index < len(codes) - 1:
        before, kept, after = codes[index - 1], codes[index], codes[index + 1]
        if kept[0] == "equal" and before[0] != "equal" and after[0] != "equal" \
                and _word_count(old[kept[1]:kept[2]]) <= min(size(before), size(after)):
            codes[index - 1:index + 2] = [["replace", before[1], after[2], before[3], after[4]]]
            index = max(1, index - 1)  # the merged change may now absorb the stretch before it
        else:
            index += 1
    return codes
