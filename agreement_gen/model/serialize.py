"""Agreement <-> JSON: the model a built .docx carries, so a redline can recover it.

The encoding follows the dataclasses in ``model.py`` field by field, so a field added there
is carried without a change here. A field with ``metadata={"omit_empty": True}`` is left out while
it is empty, so adding one does not change the models of drafts that do not use it. A dataclass becomes an object of its fields; where the type
is a union of several dataclasses (``Inline``, ``Block``) the object also names its class in
``"@"``. Plain strings stay strings, tuples become lists, dates ISO strings.

Decoding is strict: every value is checked against the field's type, unknown or missing
fields are errors (``ModelError``), so a model written by another version of agreement-gen
is refused rather than half read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import types
import typing
from typing import Any, Callable, Union

from ..errors import ModelError
from .agreement import Agreement

FORMAT = 1


def to_data(agreement: Agreement) -> dict:
    """The agreement as plain JSON data (dicts, lists, strings, numbers)."""
    return {"formaat": FORMAT, "agreement": _encode(agreement, Agreement)}


def to_json(agreement: Agreement) -> str:
    """Compact, deterministic JSON (ASCII only, fields in model order)."""
    return json.dumps(to_data(agreement), ensure_ascii=True, separators=(",", ":"))


def from_json(text: str | bytes) -> Agreement:
    """The Agreement in ``text``; ModelError when it is not one this version can read."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"het ingebedde model is geen geldige JSON: {exc}") from exc
    return from_data(data)


def from_data(data: Any) -> Agreement:
    if not isinstance(data, dict) or data.get("formaat") != FORMAT or set(data) != {"formaat", "agreement"}:
        found = data.get("formaat") if isinstance(data, dict) else None
        raise ModelError(f"onbekend modelformaat {found!r} (deze versie leest formaat {FORMAT})")
    return _decode(Agreement, data["agreement"], "agreement")


# --- encoding ------------------------------------------------------------------------------


def _encode(value: Any, tp: Any) -> Any:
    return _encoder(tp)(value)


@functools.lru_cache(maxsize=None)
def _encoder(tp: Any) -> Callable[[Any], Any]:
    """The encoding function for values of type ``tp``, worked out once per type (the type
    introspection per value was a tenth of a build)."""
    if _is_union(tp):
        tagged = sum(1 for arg in typing.get_args(tp) if dataclasses.is_dataclass(arg)) > 1

        def union(value: Any) -> Any:
            if value is None:
                return None
            encoded = _encoder(type(value))(value)
            if tagged and dataclasses.is_dataclass(value):
                encoded = {"@": type(value).__name__, **encoded}
            return encoded
        return union
    if dataclasses.is_dataclass(tp):
        fields: list[tuple[str, Callable[[Any], Any]]] = []  # filled on first use: types may refer to each other

        def dataclass(value: Any) -> Any:
            if not fields:
                hints = _hints(tp)
                fields.extend((f.name, _encoder(hints[f.name]), f.metadata.get("omit_empty", False))
                              for f in dataclasses.fields(tp))
            return {name: encode(getattr(value, name)) for name, encode, omit in fields
                    if not (omit and not getattr(value, name))}
        return dataclass
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _encoder(args[0])
            return lambda value: [item(v) for v in value]
        items = [_encoder(arg) for arg in args]
        return lambda value: [encode(v) for v, encode in zip(value, items)]
    if tp is dt.date:
        return lambda value: value.isoformat()
    if tp in (str, int, bool) or tp is type(None):
        return lambda value: value
    raise TypeError(f"cannot encode {tp!r}")  # a model type serialize.py does not know yet


# --- decoding ------------------------------------------------------------------------------
# A decoder takes a value and returns it decoded; on a bad value it raises _Bad, and each level
# it passes on the way up adds where it was (the path is only spelled out for a message).


class _Bad(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail
        self.where: list[str] = []  # innermost first: ".name", "[3]"


def _fail(expected: str, value: Any) -> _Bad:
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return _Bad(f"{expected} verwacht, gevonden {shown}")


def _decode(tp: Any, value: Any, path: str) -> Any:
    try:
        return _decoder(tp)(value)
    except _Bad as bad:
        raise ModelError(f"ingebed model, {path}{''.join(reversed(bad.where))}: {bad.detail}") from None


@functools.lru_cache(maxsize=None)
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """The checking decoder for values of type ``tp``, worked out once per type."""
    if _is_union(tp):
        return _union_decoder(tp)
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            memo: list = []  # the item decoder, looked up on first use (types may refer to each other)

            def sequence(value: Any) -> Any:
                if not isinstance(value, list):
                    raise _fail("een lijst", value)
                if not memo:
                    memo.append(_decoder(args[0]))
                item = memo[0]
                try:
                    return tuple([item(v) for v in value])
                except _Bad:
                    _locate(item, value)
                    raise
            return sequence

        memo = []

        def fixed(value: Any) -> Any:
            if not isinstance(value, list):
                raise _fail("een lijst", value)
            if len(args) != len(value):
                raise _fail(f"een lijst van {len(args)}", value)
            if not memo:
                memo.extend(_decoder(arg) for arg in args)
            items = memo
            try:
                return tuple([item(v) for item, v in zip(items, value)])
            except _Bad:
                _locate(items, value)
                raise
        return fixed
    if tp is dt.date:
        def date(value: Any) -> Any:
            if isinstance(value, str):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    pass
            raise _fail("een datum (JJJJ-MM-DD)", value)
        return date
    checks = {
        bool: (lambda v: isinstance(v, bool), "ja/nee"),
        int: (lambda v: isinstance(v, int) and not isinstance(v, bool), "een geheel getal"),
        str: (lambda v: isinstance(v, str), "tekst"),
    }
    if tp in checks:
        check, expected = checks[tp]

        def plain(value: Any) -> Any:
            if check(value):
                return value
            raise _fail(expected, value)
        return plain
    raise TypeError(f"cannot decode {tp!r}")


def _locate(items: Any, values: list) -> None:
    """Decode ``values`` again one by one (only after a failure) and raise with the index of the
    first bad one; ``items`` is one decoder for all, or one per value."""
    for i, value in enumerate(values):
        item = items[i] if isinstance(items, list) else items
        try:
            item(value)
        except _Bad as bad:
            bad.where.append(f"[{i}]")
            raise


def _union_decoder(tp: Any) -> Callable[[Any], Any]:
    args = typing.get_args(tp)
    classes = [arg for arg in args if dataclasses.is_dataclass(arg)]
    by_name = {cls.__name__: cls for cls in classes}
    others = [arg for arg in args if arg is not type(None) and not dataclasses.is_dataclass(arg)]

    decoders: dict = {}  # class or type -> its decoder, looked up on first use

    def decoder(tp: Any) -> Callable[..., Any]:
        found = decoders.get(tp)
        if found is None:
            found = decoders[tp] = _decoder(tp)
        return found

    optional, textual = type(None) in args, str in args

    def union(value: Any) -> Any:
        if value is None:
            if optional:
                return None
            raise _fail("een waarde", value)
        if textual and isinstance(value, str):
            return value
        if isinstance(value, dict) and classes:
            if len(classes) == 1:
                return decoder(classes[0])(value)
            name = value.get("@")
            if not isinstance(name, str) or name not in by_name:
                raise _fail("een van " + ", ".join(sorted(by_name)), name)
            return decoder(by_name[name])(value, tagged=True)
        if len(others) == 1:
            return decoder(others[0])(value)
        raise _fail(" of ".join(getattr(a, "__name__", str(a)) for a in args), value)
    return union


def _dataclass_decoder(tp: type) -> Callable[..., Any]:
    """The decoder of a dataclass: a function written for its fields (``_compiled``), which
    hands any value it does not take to the field-by-field one (``_checking_decoder``) to say
    what is wrong and where. Nearly every value of a model is a dataclass."""
    checking = _checking_decoder(tp)
    compiled: list = []  # written on first use: types may refer to each other

    def dataclass(value: Any, tagged: bool = False) -> Any:
        if not compiled:
            compiled.append(_compiled(tp))
        try:
            return compiled[0](value, tagged)
        except (_Bad, KeyError):
            return checking(value, tagged)
    return dataclass


#: Field types ``_compiled`` checks inline: (test on a value ``v``, also None allowed).
_INLINE = {str: "v.__class__ is str", int: "v.__class__ is int", bool: "v.__class__ is bool"}


def _compiled(tp: type) -> Callable[..., Any]:
    """A decoder for ``tp`` that takes only values without faults (a dict with exactly known
    fields, each of the right kind) and raises ``_Bad`` or ``KeyError`` on anything else. It
    fills the instance's ``__dict__`` as the frozen dataclass's ``__init__`` would (the models
    have no ``__post_init__``), each field decoded or defaulted, in field order."""
    hints = _hints(tp)
    fields = dataclasses.fields(tp)
    known = frozenset(f.name for f in fields)
    names: dict[str, Any] = {"_new": object.__new__, "_tp": tp, "_no": _no, "_missing": _MISSING,
                             "_known": known, "_tagged": known | {"@"}}
    lines = ["def decode(value, tagged=False):",
             "    if value.__class__ is not dict or not (_tagged if tagged else _known).issuperset(value):",
             "        _no()"]
    for index, f in enumerate(fields):
        hint = hints[f.name]
        args = typing.get_args(hint) if _is_union(hint) else ()
        plain = _INLINE.get(args[0] if len(args) == 2 and args[1] is type(None) else hint)
        if plain is not None:
            test = f"v is None or {plain}" if args else plain
            decoded = f"v if {test} else _no()"
        else:
            names[f"_d{index}"] = _decoder(hint)
            decoded = f"_d{index}(v)"
        if f.default is not dataclasses.MISSING:
            names[f"_default{index}"] = f.default
            missing = f"_default{index}"
        elif f.default_factory is not dataclasses.MISSING:
            names[f"_factory{index}"] = f.default_factory
            missing = f"_factory{index}()"
        else:  # required: a KeyError when it is missing
            lines += [f"    v = value[{f.name!r}]", f"    f{index} = {decoded}"]
            continue
        lines += [f"    v = value.get({f.name!r}, _missing)", f"    f{index} = {missing} if v is _missing else {decoded}"]
    lines += ["    o = _new(_tp)",
              "    o.__dict__.update({" + ", ".join(f"{f.name!r}: f{i}" for i, f in enumerate(fields)) + "})",
              "    return o"]
    exec("\n".join(lines), names)  # noqa: S102 - code written here from the model's own field names
    return names["decode"]


_MISSING = object()


def _no() -> Any:
    raise _Bad("")


def _checking_decoder(tp: type) -> Callable[..., Any]:
    fields: dict = {}  # filled on first use: types may refer to each other
    known: set = set()
    known_tagged: set = {"@"}

    def dataclass(value: Any, tagged: bool = False) -> Any:
        """``tagged``: ``value`` also names its class in "@" (a member of a union)."""
        if not fields:
            hints = _hints(tp)
            for f in dataclasses.fields(tp):
                required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                fields[f.name] = (_decoder(hints[f.name]), required)
            known.update(fields)
            known_tagged.update(fields)
        if not isinstance(value, dict):
            raise _fail(f"een {tp.__name__}", value)
        allowed = known_tagged if tagged else known
        if not allowed.issuperset(value):
            raise _Bad(f"onbekend veld {sorted(set(value) - allowed)[0]!r}")
        kwargs = {}
        for name, (decode, required) in fields.items():
            if name in value:
                try:
                    kwargs[name] = decode(value[name])
                except _Bad as bad:
                    bad.where.append(f".{name}")
                    raise
            elif required:
                raise _Bad(f"veld {name!r} ontbreekt")
        return tp(**kwargs)
    return dataclass


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)
