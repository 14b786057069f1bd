"""A clause's or rule's condition (a Jinja expression over the spec) in Dutch, for ``explain``.

``aanleiding is not none`` -> "‘Aanleiding’ is ingevuld"; ``heeft_type('gemeente')`` -> "er een
gemeente partij is". The expression is read through Jinja's own parser (``nodes``), field paths
become the labels of ``fields`` and choice values their names and meanings. The result is a
subordinate clause (verb last), to follow "omdat" or "alleen als". What the translation does not
understand gives None: the caller then shows the expression itself, marked as technical; it never
guesses and never raises.

Besides the spec's fields, the names a condition can use are those of ``assembly.context``
(``heeft_type``, ``concurrenten``, ``partijen_van_type``) and, in review rules, of
``review.context`` (``heeft_artikel``, ``artikel(...).tekst``, ``overeenkomst.tekst``,
``standaardkeuzes``).

Only ``explain`` imports this module (it reads ``fields``): a build never does.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, Mapping, Optional

from jinja2 import Environment, TemplateSyntaxError, nodes

from ..templating import f_keuze
from .fields import FIELDS, FieldDoc

_ENV = Environment()
_COUNT_WORDS = {1: "één"}
# Comparison -> (its negation, words before the number)
_OPS = {"eq": ("ne", ""), "ne": ("eq", "niet "), "gt": ("lteq", "meer dan "), "gteq": ("lt", "ten minste "),
        "lt": ("gteq", "minder dan "), "lteq": ("gt", "ten hoogste ")}


# The fields a library asks for itself (library.fields.field_docs), while explaining its clauses
_LIBRARY_FIELDS: ContextVar[Mapping[str, FieldDoc]] = ContextVar("library_fields", default={})


@contextmanager
def library_fields(docs: Mapping[str, FieldDoc]) -> Iterator[None]:
    """Within this block, conditions and labels also know ``docs`` (``aanvullend.*``)."""
    token = _LIBRARY_FIELDS.set(docs)
    try:
        yield
    finally:
        _LIBRARY_FIELDS.reset(token)


class _Unknown(Exception):
    """A part of the expression the translation does not know."""


def quote(text: str) -> str:
    return f"\u2018{text}\u2019"


def _short(meaning: str) -> str:
    """The head of a choice's meaning: 'een gemeente' from 'een gemeente: zij gaat ...'."""
    return re.split(r":|;| \(| - |, zoals|, zonder|, met ", meaning, maxsplit=1)[0].strip()


def _exact(path: str) -> Optional[FieldDoc]:
    """The field ``path`` itself (``partijen[2].type`` -> ``partijen[].type``); not, as
    ``fields.field_for`` gives, the group around a field that does not exist."""
    key = re.sub(r"\[\d+\]", "[]", path)
    return FIELDS.get(key) or _LIBRARY_FIELDS.get().get(key)


def _field(path: str) -> FieldDoc:
    doc = _exact(path)
    if doc is None:
        raise _Unknown(path)
    return doc


def _value(doc: Optional[FieldDoc], value, meaning: bool = True) -> str:
    """A value as a drafter reads it: the choice's name, with its meaning when that is short and
    says more than the name ("‘rechter’ (de overheidsrechter)")."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if not isinstance(value, str):
        return str(value)
    shown = quote(f_keuze(value))
    choice = doc.choice(value) if doc is not None and meaning else None
    head = _short(choice.meaning) if choice is not None else ""
    bare = re.sub(r"^(een|de|het) ", "", head)
    if head and len(head) <= 60 and bare.replace(" ", "_") != value and bare != f_keuze(value):
        shown += f" ({head})"
    return shown


def _path(node) -> Optional[str]:
    """'financiering.kostenverdeling.methode' for a Name/Getattr chain, else None."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        head = _path(node.node)
        return f"{head}.{node.attr}" if head else None
    return None


def _const(node):
    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return [_const(item) for item in node.items]
    raise _Unknown(type(node).__name__)


def _call(node, name: str) -> Optional[list]:
    """The constant arguments of a call ``name(...)``, or None when ``node`` is no such call."""
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == name:
        if node.kwargs or node.dyn_args or node.dyn_kwargs:
            raise _Unknown(name)
        return [_const(a) for a in node.args]
    return None


def _either(values: list, doc: Optional[FieldDoc]) -> str:
    shown = [_value(doc, v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " of " + shown[-1]


class _Collection:
    """A list field narrowed by filters: ``partijen | selectattr('type', 'equalto', 'gemeente')``."""

    def __init__(self, path: str, label: str, filters: tuple[str, ...] = ()):
        self.path, self.label, self.filters = path, label, filters

    def narrowed(self, phrase: str) -> "_Collection":
        return _Collection(self.path, self.label, self.filters + (phrase,))

    def count(self, words: str, plural: bool) -> str:
        tail = f" {' en '.join(self.filters)}" if self.filters else ""
        return f"er in {quote(self.label)} {words} {'staan' if plural else 'staat'}{tail}"


def _item(base: str, attr: str) -> FieldDoc:
    return _field(f"{base}[].{attr}")


def _collection(node) -> _Collection:
    if isinstance(node, nodes.Filter):
        if node.name == "list" and node.node is not None and not node.args:
            return _collection(node.node)
        inner = _collection(node.node)
        args = [_const(a) for a in node.args]
        if node.name == "selectattr" and args:
            doc = _item(inner.path, args[0])
            if len(args) == 1:
                return inner.narrowed(f"met {quote(doc.label)} op ja" if doc.type == "boolean"
                                      else f"met {quote(doc.label)} ingevuld")
            if args[1] in ("equalto", "eq", "==", "sameas") and len(args) == 3:
                return inner.narrowed(f"met {quote(doc.label)} {_value(doc, args[2])}")
            if args[1] == "none" and len(args) == 2:
                return inner.narrowed(f"zonder {quote(doc.label)}")
            if args[1] == "in" and len(args) == 3 and isinstance(args[2], list):
                return inner.narrowed(f"met als {quote(doc.label)} {_either(args[2], None)}")
        if node.name == "reject" and len(args) == 2 and args[0] in ("equalto", "eq", "=="):
            return inner.narrowed(f"anders dan {_value(FIELDS.get(inner.path), args[1], meaning=False)}")
        raise _Unknown(f"filter {node.name}")
    party_type = _call(node, "partijen_van_type")
    if party_type is not None:
        doc = _item("partijen", "type")
        return _Collection("partijen", _field("partijen").label).narrowed(
            f"met {quote(doc.label)} {_value(doc, party_type[0])}")
    path = _path(node)
    if path is None:
        raise _Unknown(type(node).__name__)
    doc = _field(path)
    if doc.type != "list":
        raise _Unknown(f"{path} is geen lijst")
    return _Collection(path, doc.label)


def _party_noun(kind: str) -> str:
    choice = _item("partijen", "type").choice(kind)
    return _short(choice.meaning) if choice is not None else f"een partij van het soort {quote(f_keuze(kind))}"


def _count(node, op: str, number) -> str:
    """``<list> | length <op> <number>`` as a clause."""
    if not isinstance(number, int) or isinstance(number, bool):
        raise _Unknown("geen geheel getal")
    if op == "eq" and number == 0 or op == "lt" and number == 1 or op == "lteq" and number == 0:
        words, plural = "geen", False
    elif op in ("gt", "ne") and number == 0 or op == "gteq" and number == 1:
        words, plural = "ten minste één", False
    else:
        words = ("precies " if op == "eq" else _OPS[op][1]) + _COUNT_WORDS.get(number, str(number))
        plural = not (op in ("eq", "lteq") and number == 1)
    if isinstance(node, nodes.Filter) and node.name == "length" and _call(node.node, "concurrenten") == []:
        if words == "geen":
            return "er geen concurrenten onder de partijen zijn"
        if words == "ten minste één":
            return "er concurrenten onder de partijen zijn"
        raise _Unknown("concurrenten")
    if isinstance(node, nodes.Filter) and node.name == "length" and not node.args:
        return _collection(node.node).count(words, plural)
    raise _Unknown("aantal")


def _text_of(node) -> Optional[str]:
    """'de tekst van artikel ‘relatie’' for ``artikel('relatie').tekst``; the agreement's text."""
    if isinstance(node, nodes.Getattr) and node.attr == "tekst":
        article = _call(node.node, "artikel")
        if article is not None and len(article) == 1:
            return f"de tekst van het artikel {quote(article[0])}"
        if isinstance(node.node, nodes.Name) and node.node.name == "overeenkomst":
            return "de tekst van de overeenkomst"
    return None


def _contains(needle, node, negate: bool) -> str:
    """``needle in <node>`` as a clause."""
    verb = "niet bevat" if negate else "bevat"
    text = _text_of(node)
    if text is not None:
        return f"{text} {quote(str(needle))} {verb}"
    if isinstance(node, nodes.Filter) and node.name == "join" and _path(node.node) == "standaardkeuzes":
        fields = sorted({d.label for p, d in FIELDS.items() if p.rsplit(".", 1)[-1] == needle})
        what = quote(fields[0]) if len(fields) == 1 else f"een veld met {quote(str(needle))} in de naam"
        return f"{what} {'wel' if negate else 'niet'} in de spec is gezet (de standaardkeuze geldt)"
    path = _path(node)
    if path is None:
        raise _Unknown("in")
    doc = _field(path)
    return f"{quote(doc.label)} {_value(doc, needle, meaning=False)} {verb}"


def _compare(node: nodes.Compare, negate: bool) -> str:
    if len(node.ops) != 1:
        raise _Unknown("keten van vergelijkingen")
    op, right = node.ops[0].op, node.ops[0].expr
    if op in ("in", "notin"):
        return _contains(_const(node.expr), right, negate != (op == "notin"))
    if op not in _OPS:
        raise _Unknown(op)
    if negate:
        op = _OPS[op][0]
    value = _const(right)
    if isinstance(node.expr, (nodes.Filter, nodes.Call)):
        return _count(node.expr, op, value)
    path = _path(node.expr)
    if path is None:
        raise _Unknown("vergelijking")
    doc = _field(path)
    if isinstance(value, str) or isinstance(value, bool):
        if op not in ("eq", "ne"):
            raise _Unknown(op)
        return f"{quote(doc.label)} {'niet ' if op == 'ne' else ''}{_value(doc, value)} is"
    if not isinstance(value, (int, float)):
        raise _Unknown("waarde")
    return f"{quote(doc.label)} {_OPS[op][1]}{value} is"


def _join(parts: list[str], word: str) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def _operands(node, kind) -> list:
    if isinstance(node, kind):
        return _operands(node.left, kind) + _operands(node.right, kind)
    return [node]


def _joined(node, negate: bool) -> tuple[str, Optional[str]]:
    """A clause and the word that joins its top level ("en", "of"; None for a single clause)."""
    while isinstance(node, nodes.Not):
        node, negate = node.node, not negate
    if not isinstance(node, (nodes.And, nodes.Or)):
        return _clause(node, negate), None
    word = "en" if isinstance(node, nodes.And) != negate else "of"  # De Morgan
    said = []
    for part in _operands(node, type(node)):
        text, inner = _joined(part, negate)
        said.append(f"({text})" if inner not in (None, word) else text)
    return _join(said, word), word


def _clause(node, negate: bool = False) -> str:
    """A subordinate clause saying that ``node`` holds (or, with ``negate``, that it does not)."""
    if isinstance(node, (nodes.And, nodes.Or, nodes.Not)):
        return _joined(node, negate)[0]
    if isinstance(node, nodes.Test):
        if node.name == "none" and not node.args:
            path = _path(node.node)
            if path is None:
                raise _Unknown("is none")
            return f"{quote(_field(path).label)} {'is ingevuld' if negate else 'niet is ingevuld'}"
        raise _Unknown(f"test {node.name}")
    if isinstance(node, nodes.Compare):
        return _compare(node, negate)
    party_type = _call(node, "heeft_type")
    if party_type is not None and len(party_type) == 1:
        noun = _party_noun(party_type[0])
        return f"er geen {noun.removeprefix('een ')} partij is" if negate else f"er {noun} partij is"
    article = _call(node, "heeft_artikel")
    if article is not None and len(article) == 1:
        return f"de overeenkomst {'geen' if negate else 'een'} artikel {quote(article[0])} heeft"
    if isinstance(node, nodes.Filter) and node.name in ("list", "selectattr", "reject"):
        return _collection(node).count("geen" if negate else "ten minste één", False)
    path = _path(node)
    if path is not None:
        doc = _field(path)
        if doc.type == "boolean":
            return f"{quote(doc.label)} op {'nee' if negate else 'ja'} staat"
        return f"{quote(doc.label)} {'niet is ingevuld' if negate else 'is ingevuld'}"
    raise _Unknown(type(node).__name__)


def condition_text(expression: str) -> Optional[str]:
    """``expression`` as a Dutch subordinate clause ("‘Aanleiding’ is ingevuld"), or None when the
    translation does not understand all of it (then show the expression)."""
    try:
        body = _ENV.parse("{{ " + expression + " }}").body
    except TemplateSyntaxError:
        return None
    if len(body) != 1 or not isinstance(body[0], nodes.Output) or len(body[0].nodes) != 1:
        return None
    try:
        return _clause(body[0].nodes[0])
    except (_Unknown, RecursionError):
        return None
    except (TypeError, ValueError, AttributeError, IndexError, KeyError):
        return None  # an argument of an unexpected shape: show the expression rather than guess


def field_label(path: str) -> Optional[str]:
    """The label of the spec field ``path`` (``goedkeuringen``, ``partijen[2].naam``), or None."""
    doc = _exact(path)
    return doc.label if doc is not None else None
