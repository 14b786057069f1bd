"""A spec's YAML kept as the drafter wrote it: comments, key order and quoting survive an edit.

ruamel.yaml reads a spec into a round-trip tree (mappings that remember their comments and key
order). ``merge`` writes the values of the form into that tree: a value that did not change is
left as it was (its quoting, its folded text, its comment), a new key goes in at its place in
schema order, a cleared field is removed, and keys the form does not know are kept, so that
the checks still report them. ``dump`` gives the text; the CLI's own loader then checks it.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, Iterable, Optional

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from ..errors import Problem, spec_error
from .form import ORIGIN, key_order

HEADER = "Samenwerkingsovereenkomst, opgesteld met het formulier van agreement-gen serve."
_RESOLVER = pyyaml.resolver.Resolver()


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never fold a long line the drafter wrote on one line
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def load(text: str, name: str) -> Any:
    """The round-trip tree of ``text``; SpecError in Dutch when it is no readable YAML.

    (The CLI's loader checks the same text again, with its own limits and messages.)"""
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise spec_error(name, [Problem(name, f"geen leesbare YAML: {getattr(exc, 'problem', None) or exc}",
                                        line)]) from exc


def dump(tree: Any) -> str:
    out = io.StringIO()
    _yaml().dump(tree, out)
    return out.getvalue()


def new_tree(state: dict) -> CommentedMap:
    """A fresh tree for a spec made in the form, with a comment on top."""
    tree = merge(None, state, "")
    tree.yaml_set_start_comment(HEADER)
    return tree


def merge(old: Optional[Any], new: dict, path: str) -> CommentedMap:
    """``old`` (a round-trip mapping, or None) updated to the values of ``new`` (the form's
    mapping at the schema path ``path``)."""
    tree = old if isinstance(old, CommentedMap) else CommentedMap()
    order = key_order(path)
    managed = set(order) if order is not None else set(tree) | set(new)
    for key in list(tree):
        if key in managed and key not in new and tree[key] is not None:
            del tree[key]
    for key, value in new.items():
        if key == ORIGIN:
            continue
        child = (f"{path}.{key}" if path else str(key)) if order is not None else f"{path}.*"
        if key in tree:
            tree[key] = _merge_value(tree[key], value, child)
        else:
            tree.insert(_position(tree, key, order), key, _merge_value(None, value, child))
    return tree


def _position(tree: CommentedMap, key: str, order: Optional[list[str]]) -> int:
    """Where ``key`` goes: after the last key of ``tree`` that comes before it in schema order."""
    if not order or key not in order:
        return len(tree)
    before = set(order[: order.index(key)])
    position = 0
    for i, existing in enumerate(tree):
        if existing in before:
            position = i + 1
    return position


def _merge_value(old: Any, new: Any, path: str) -> Any:
    if isinstance(new, dict):
        return merge(old, new, path)
    if isinstance(new, list) and new and all(isinstance(item, dict) for item in new):
        return _merge_rows(old, new, path + "[]")
    if _same(old, new):
        return old
    if isinstance(new, list):
        seq = CommentedSeq(_scalar(None, item) for item in new)
        seq.fa.set_block_style()
        return seq
    return _scalar(old, new)


def _merge_rows(old: Any, new: list[dict], path: str) -> CommentedSeq:
    """Rows of a repeatable group: each row merges into the row of the old list it came from."""
    old_rows = old if isinstance(old, CommentedSeq) else CommentedSeq()
    rows = []
    for item in new:
        origin = item.get(ORIGIN)
        source = old_rows[origin] if isinstance(origin, int) and 0 <= origin < len(old_rows) else None
        rows.append(merge(source, item, path))
    if [item.get(ORIGIN) for item in new] == list(range(len(old_rows))):
        for i, row in enumerate(rows):  # same rows in the same places: keep the list and its comments
            old_rows[i] = row
        return old_rows
    return CommentedSeq(rows)


def _same(old: Any, new: Any) -> bool:
    """Whether the form left ``old`` as it was (then the tree keeps it, with its quoting)."""
    if old is None:
        return False
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and old == new
    if isinstance(old, (list, tuple)) or isinstance(new, (list, tuple)):
        return (isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)) and len(old) == len(new)
                and all(_same(a, b) for a, b in zip(old, new)))
    if isinstance(old, str) != isinstance(new, str) or isinstance(old, dt.datetime) != isinstance(new, dt.datetime):
        return False
    return old == new


def _scalar(old: Any, new: Any) -> Any:
    """A new scalar for the tree: text keeps the block style the old value had, and text that a
    YAML 1.1 reader (the CLI's loader) would read as something else is quoted."""
    if not isinstance(new, str):
        return new
    if isinstance(old, (FoldedScalarString, LiteralScalarString)):
        return type(old)(new)
    tag = _RESOLVER.resolve(pyyaml.ScalarNode, new, (True, False))
    if tag != "tag:yaml.org,2002:str" or new != new.strip() or not new:
        return DoubleQuotedScalarString(new)
    return new


def plain(value: Any) -> Any:
    """The round-trip tree as plain dicts, lists and scalars (for the form)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def rows_with_origin(value: Iterable[Any]) -> list:
    return [dict(item, **{ORIGIN: i}) if isinstance(item, dict) else item for i, item in enumerate(value)]
