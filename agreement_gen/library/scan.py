"""Clause texts and conditions as Jinja sees them: the shared environment, whitespace
normalisation, parsing a condition, and a scan for unknown filters and tests and ``ref()`` targets."""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Optional

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser

from ..templating import make_environment

ENV = make_environment()

_WS_CONTROL = re.compile(r"(\{%-|-%\})")


def normalise_body(body: str) -> str:
    """Drop Jinja whitespace-control marks on block tags.

    Clause texts are line-structured (a blank line separates leden), and ``trim_blocks`` with
    ``lstrip_blocks`` already remove a tag standing on its own line. A ``{%-`` would also eat
    the line break before it and glue list items together, so it is neutralised here.
    """
    return _WS_CONTROL.sub(lambda m: "{%" if m.group(1) == "{%-" else "%}", body)


def parse_expression(source: str) -> nodes.Expr:
    """Parse a condition the way ``compile_expression`` does, without compiling it."""
    parser = Parser(ENV, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        token = parser.stream.current
        raise jinja2.TemplateSyntaxError(f"onverwacht '{token.value}' na de expressie", token.lineno)
    return expr


def find_all(node: nodes.Node, types) -> Iterable[nodes.Node]:
    """``node`` itself and its descendants of ``types`` (Jinja's find_all skips the node itself)."""
    if isinstance(node, types):
        yield node
    yield from node.find_all(types)


def scan(ast: Optional[nodes.Node]) -> tuple[list[tuple[str, int]], tuple[tuple[str, int], ...]]:
    """One pass over a parsed text or condition: filters and tests the environment does not have
    (Jinja only finds those when compiling), as (message, line); and every ``ref('target')`` with
    a constant target, as (target, line)."""
    unknown, refs = [], []
    if ast is None:
        return unknown, ()
    for node in find_all(ast, (nodes.Filter, nodes.Test, nodes.Call)):
        if isinstance(node, nodes.Call):
            func, args = node.node, node.args
            if (isinstance(func, nodes.Name) and func.name == "ref" and args and isinstance(args[0], nodes.Const)
                    and isinstance(args[0].value, str)):
                refs.append((args[0].value, node.lineno))
            continue
        kind, known = ("filter", ENV.filters) if isinstance(node, nodes.Filter) else ("test", ENV.tests)
        if node.name not in known:
            guess = difflib.get_close_matches(node.name, list(known), n=1, cutoff=0.7)
            unknown.append((f"onbekend {kind} '{node.name}'" + (f"; bedoelt u '{guess[0]}'?" if guess else ""),
                            node.lineno))
    return unknown, tuple(refs)
