"""The spec schema as a type system for templates: which spec fields a clause's text and
condition use (``FieldWalker``, ``field_uses``), and the check that ``velden`` names exactly those."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field, replace
from typing import Optional

from jinja2 import nodes

from ..errors import Problem
from ..spec.schema import SCHEMA
from .clause import Clause
from .scan import ENV

ROOT_RULE = {"type": "dict", "schema": SCHEMA}
PARTY_FUNCTIONS = ("partij", "partijen_van_type", "heeft_type", "korte_namen", "concurrenten")
CONTEXT_FUNCTIONS = PARTY_FUNCTIONS + ("ref",)
_PARTY_RULE = SCHEMA["partijen"]["schema"]
_METHODS = {
    "dict": set(dir(dict)),
    "list": set(dir(tuple)),
    "string": set(dir(str)),
    "integer": set(dir(int)),
    "number": set(dir(float)),
    "boolean": set(dir(bool)),
    "date": set(dir(dt.date)),
}
_TYPE_WORDS = {"string": "een tekst", "integer": "een getal", "number": "een getal", "boolean": "ja/nee",
               "date": "een datum", "list": "een lijst", "dict": "een groep"}


# --- the spec schema as a type system for templates -----------------------------------------


@dataclass(frozen=True)
class Value:
    """What an expression evaluates to, as far as the schema knows.

    ``path`` is the dotted spec path (None when the value is not a spec field, such as the
    result of ``partij(...)``); ``rule`` the Cerberus rule (None: unknown, anything goes).
    """

    path: Optional[str] = None
    rule: Optional[dict] = None
    label: str = ""

    def member(self, key: str) -> "Value":
        joined = f"{self.path}.{key}" if self.path else None
        return Value(joined, None, joined or f"{self.label}.{key}")


UNKNOWN = Value()


def rule_at(path: str, schema: Optional[dict] = None) -> Optional[dict]:
    """The schema rule of a dotted spec path (list items are stepped into); None if none.
    ``schema``: the spec schema with a library's own fields (library.fields.schema_for)."""
    rule: Optional[dict] = {"type": "dict", "schema": schema} if schema is not None else ROOT_RULE
    for part in path.split("."):
        if rule is None:
            return None
        if rule.get("type") == "list":
            rule = rule.get("schema")
            if rule is None:
                return None
        if rule.get("type") != "dict":
            return None
        if "schema" in rule:
            rule = rule["schema"].get(part)
        else:
            rule = rule.get("valuesrules", {})
    return rule


def _element(value: Value) -> Value:
    if value.rule is not None and value.rule.get("type") == "list":
        return Value(value.path, value.rule.get("schema"), value.label)
    return UNKNOWN


@dataclass
class _Use:
    path: str
    line: int
    implicit: bool = False  # through a party function: counts for velden, never demanded


@dataclass
class FieldWalker:
    """Walks a Jinja AST with scopes, recording spec fields used and names that do not exist."""

    line_offset: int = 0  # added to node line numbers (the line the text starts on, minus 1)
    fixed_line: Optional[int] = None  # for a condition: always its line in the front matter
    uses: list[_Use] = field(default_factory=list)
    unknown: list[tuple[str, int]] = field(default_factory=list)
    schema: dict = field(default_factory=lambda: SCHEMA)  # with the library's own fields

    def line(self, node: nodes.Node) -> int:
        return self.fixed_line if self.fixed_line is not None else self.line_offset + (node.lineno or 1)

    def report(self, node: nodes.Node, message: str) -> None:
        self.unknown.append((message, self.line(node)))

    # statements ---------------------------------------------------------------------------

    def walk(self, node: nodes.Node, scope: dict[str, Value]) -> None:
        if isinstance(node, nodes.For):
            items = self.value(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, _element(items), inner)
            inner["loop"] = UNKNOWN
            if node.test is not None:
                self.value(node.test, inner)
            for child in node.body:
                self.walk(child, inner)
            for child in node.else_:
                self.walk(child, scope)
        elif isinstance(node, nodes.Assign):
            value = self.chain(node.node, scope) if _is_chain(node.node) else self.value(node.node, scope)
            self.bind(node.target, value, scope)
        elif isinstance(node, nodes.AssignBlock):
            for child in node.body:
                self.walk(child, scope)
            self.bind(node.target, UNKNOWN, scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.value(value, scope), inner)
            for child in node.body:
                self.walk(child, inner)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            if isinstance(node, nodes.CallBlock):
                self.value(node.call, scope)
            else:
                scope[node.name] = UNKNOWN
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = UNKNOWN
            for name in ("caller", "varargs", "kwargs"):
                inner[name] = UNKNOWN
            for child in node.body:
                self.walk(child, inner)
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            self.report(node, "include, import en extends werken niet in een clausule; schrijf de tekst uit")
        elif isinstance(node, nodes.Expr):
            self.value(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.walk(child, scope)

    def bind(self, target: nodes.Node, value: Value, scope: dict[str, Value]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, UNKNOWN, scope)
        # nodes.NSRef (ns.attr = ...) binds nothing new

    # expressions --------------------------------------------------------------------------

    def value(self, node: nodes.Node, scope: dict[str, Value]) -> Value:
        """Evaluate ``node`` over the schema; record the spec fields it uses."""
        if _is_chain(node):
            result = self.chain(node, scope)
            if result.path:
                self.uses.append(_Use(result.path, self.line(node)))
            return result
        if isinstance(node, nodes.Call):
            return self.call(node, scope)
        if isinstance(node, nodes.Filter):
            base = self.value(node.node, scope) if node.node is not None else UNKNOWN
            self.arguments(node, scope)
            if node.name in ("list", "sort", "selectattr", "rejectattr", "reverse", "unique"):
                return base
            if node.name in ("first", "last"):
                return _element(base)
            return UNKNOWN
        for child in node.iter_child_nodes():
            self.value(child, scope) if isinstance(child, nodes.Expr) else self.walk(child, scope)
        return UNKNOWN

    def arguments(self, node: nodes.Node, scope: dict[str, Value]) -> None:
        for arg in list(node.args) + [kw.value for kw in node.kwargs]:
            self.value(arg, scope)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.value(extra, scope)

    def call(self, node: nodes.Call, scope: dict[str, Value]) -> Value:
        self.arguments(node, scope)
        func = node.node
        if isinstance(func, nodes.Name) and func.name not in scope:
            if func.name in PARTY_FUNCTIONS:
                self.uses.append(_Use("partijen", self.line(node), implicit=True))
            if func.name == "concurrenten":
                self.uses.append(_Use("rollen", self.line(node), implicit=True))
            if func.name == "partij":
                return Value(None, _PARTY_RULE, "partij(…)")
            if func.name == "partijen_van_type":
                return Value(None, SCHEMA["partijen"], "partijen_van_type(…)")
            if func.name not in CONTEXT_FUNCTIONS and func.name not in ENV.globals:
                self.report(func, f"onbekende functie '{func.name}'")
            return UNKNOWN
        if isinstance(func, nodes.Getattr):
            self.value(func.node, scope)  # a method call: the object is used, the method is not a field
            return UNKNOWN
        self.value(func, scope)
        return UNKNOWN

    def chain(self, node: nodes.Node, scope: dict[str, Value]) -> Value:
        """Resolve ``a.b['c']``-style access without recording the intermediate steps."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.schema:
                return Value(node.name, self.schema[node.name], node.name)
            if node.name in CONTEXT_FUNCTIONS or node.name in ENV.globals:
                return UNKNOWN
            guess = difflib.get_close_matches(node.name, list(self.schema) + list(scope), n=1, cutoff=0.75)
            self.report(node, f"onbekend specveld '{node.name}'" + (f"; bedoelt u '{guess[0]}'?" if guess else ""))
            return UNKNOWN
        if isinstance(node, nodes.Getattr):
            return self.member(self._base(node.node, scope), node.attr, node)
        assert isinstance(node, nodes.Getitem)
        base = self._base(node.node, scope)
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            return self.member(base, arg.value, node)
        if not (isinstance(arg, nodes.Const) and isinstance(arg.value, int)):
            self.value(arg, scope)
        if base.rule is not None and base.rule.get("type") == "list":
            return _element(base)
        if base.rule is not None and base.rule.get("type") == "dict" and "schema" not in base.rule:
            return Value(base.path, base.rule.get("valuesrules"), base.label)
        return Value(base.path, None, base.label)

    def _base(self, node: nodes.Node, scope: dict[str, Value]) -> Value:
        return self.chain(node, scope) if _is_chain(node) else self.value(node, scope)

    def member(self, base: Value, key: str, node: nodes.Node) -> Value:
        rule = base.rule
        if rule is None:
            return base.member(key) if base.path else UNKNOWN
        kind = rule.get("type")
        if kind == "dict" and "schema" in rule:
            if key in rule["schema"]:
                return replace(base.member(key), rule=rule["schema"][key])
            if key in _METHODS["dict"]:
                return UNKNOWN
            guess = difflib.get_close_matches(key, list(rule["schema"]), n=1, cutoff=0.6)
            self.report(node, f"onbekend specveld '{base.label}.{key}'"
                        + (f"; bedoelt u '{base.label}.{guess[0]}'?" if guess else ""))
            return UNKNOWN
        if kind == "dict":  # free-form: the keys are data (party ids)
            if key in _METHODS["dict"]:
                return UNKNOWN
            return replace(base.member(key), rule=rule.get("valuesrules"))
        if key in _METHODS.get(kind, ()):
            return UNKNOWN
        hint = "; loop er met {% for %} over" if kind == "list" else ""
        self.report(node, f"'{base.label}' is {_TYPE_WORDS.get(kind, kind)} en heeft geen veld '{key}'{hint}")
        return UNKNOWN


def _is_chain(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem))


def field_uses(clause: Clause, schema: dict = SCHEMA) -> tuple[list[_Use], list[tuple[str, int]]]:
    """Spec fields used by the text and condition of ``clause``, and unknown names (message, line)."""
    uses: list[_Use] = []
    unknown: list[tuple[str, int]] = []
    if clause.ast is not None:
        walker = FieldWalker(line_offset=clause.body_line - 1, schema=schema)
        walker.walk(clause.ast, {})
        uses += walker.uses
        unknown += walker.unknown
    if clause.condition_ast is not None:
        walker = FieldWalker(fixed_line=clause.line_of("voorwaarde"), schema=schema)
        walker.value(clause.condition_ast, {})
        uses += walker.uses
        unknown += [(f"voorwaarde: {message}", line) for message, line in walker.unknown]
    return uses, unknown


def _covers(declared: str, used: str) -> bool:
    return used == declared or used.startswith(declared + ".") or declared.startswith(used + ".")



def check_fields(clause: Clause, out: list[Problem], schema: dict = SCHEMA) -> None:
    """``schema``: the spec schema with the library's own fields (library.fields.schema_for)."""
    name = clause.location
    uses, unknown = field_uses(clause, schema)
    for message, line in unknown:
        out.append(Problem(name, message, line))
    for i, declared in enumerate(clause.velden):
        line = clause.line_of("velden", i)
        if rule_at(declared, schema) is None:
            out.append(Problem(name, f"velden: '{declared}' is geen veld van de spec", line, "velden"))
        elif not any(_covers(declared, use.path) for use in uses):
            out.append(Problem(name, f"velden noemt '{declared}', maar de tekst en de voorwaarde gebruiken het niet",
                               line, "velden"))
    reported = set()
    for use in uses:
        if use.implicit or use.path in reported or any(_covers(d, use.path) for d in clause.velden):
            continue
        reported.add(use.path)
        out.append(Problem(name, f"de tekst gebruikt '{use.path}', maar velden noemt het niet", use.line))

