"""The sandboxed Jinja environment that renders clause texts and conditions.

Clause libraries come from outside (branch organisations, regions), so their templates run in
a ``SandboxedEnvironment`` with ``StrictUndefined`` (a missing value is an error, never an empty
string) and autoescaping. Escaping is what keeps spec values from changing the structure of a
clause: a party name can never start a new lid, a table cell or a cross-reference. The parser in
``assemble`` splits the escaped text into structure and unescapes the pieces afterwards.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import signal
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterable

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .dutch import f_bedrag, f_datum, f_getal, format_number

# A spec value may contain "|" (e.g. in a name); inside a table row that would split a cell.
# Values carry it as a private-use character until the structure has been parsed.
PIPE_STAND_IN = "\ue000"
REF_PATTERN = re.compile(r"<([Rr])ef:([A-Za-z0-9_.\-]+)>")


def _join(items: Iterable[Any], last: str) -> str:
    items = [format_number(i) for i in items]
    if not items:
        raise ValueError("een opsomming van nul elementen")
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def f_opsomming(items: Iterable[Any]) -> str:
    return _join(items, "en")


def f_opsomming_of(items: Iterable[Any]) -> str:
    return _join(items, "of")


def f_keuze(value: str) -> str:
    return str(value).replace("_", " ")


def f_procent(value: Any) -> str:
    return f"{format_number(value)}%"


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ ... }}`` before escaping: fold whitespace, guard table pipes."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return " ".join(value.split()).replace("|", PIPE_STAND_IN)
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, dt.date):
        return f_datum(value)
    return value


MAX_RANGE = 10_000  # items in one range(); loops over spec lists are far smaller
MAX_POWER = 10_000  # the largest result of ** that a clause may compute
RENDER_SECONDS = 5.0  # time for one clause's condition or text


class LimitExceeded(Exception):
    """A clause or condition exceeds a limit; the message is Dutch."""


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox with limits on what a clause can compute: ``**`` and ``range`` are bounded
    (``intercepted_binops`` also keeps ``10 ** (10 ** 8)`` out of Jinja's constant folding)."""

    intercepted_binops = frozenset(["**"])

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            try:
                too_big = abs(left) > 1 and abs(right) * math.log10(abs(left)) > math.log10(MAX_POWER)
            except (TypeError, ValueError):
                too_big = False
            if too_big:
                raise LimitExceeded(f"machtsverheffing {left} ** {right} is groter dan {MAX_POWER} toestaat")
        return super().call_binop(context, operator, left, right)


class TemplateSandbox(LimitedSandbox):
    """The sandbox a Word template's placeholders are filled in (docxtpl calls ``from_string`` for
    each part): the parts' compiled code comes from the cache folder (codecache),
    keyed on the text and this environment's settings, so an unchanged template is not compiled
    again on every build."""

    def from_string(self, source, globals=None, template_class=None):
        if isinstance(source, str) and globals is None and template_class is None:
            from .codecache import template_code
            code = template_code(self, source)
            if code is not None:
                return self.template_class.from_code(self, code, self.make_globals(None), None)
        return super().from_string(source, globals, template_class)


def _limited_range(*args: int) -> range:
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise LimitExceeded(f"range() met {len(items)} elementen; ten hoogste {MAX_RANGE} toegestaan")
    return items


@contextmanager
def time_limit(seconds: float = RENDER_SECONDS):
    """Raise LimitExceeded when the block runs longer than ``seconds`` (main thread, POSIX; elsewhere
    without a limit, since only the main thread receives signals)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise LimitExceeded(f"de berekening duurt langer dan {seconds:g} seconden (een lus die niet ophoudt?)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def make_environment(word_template: bool = False) -> SandboxedEnvironment:
    """The sandbox for clause texts and conditions; ``word_template``: for a Word template's parts
    (TemplateSandbox)."""
    env = (TemplateSandbox if word_template else LimitedSandbox)(
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_finalize,
    )
    env.filters.update(
        opsomming=f_opsomming,
        opsomming_of=f_opsomming_of,
        getal=f_getal,
        datum=f_datum,
        bedrag=f_bedrag,
        keuze=f_keuze,
        procent=f_procent,
    )
    env.globals["range"] = _limited_range
    return env


# Jinja's English syntax messages, in Dutch: (pattern matched at the start, Dutch text or a
# function of the match). The first pattern that matches wins, so the specific ones come first.
_TOKEN_WORDS = {
    "end of print statement": "'}}'",
    "end of statement block": "'%}'",
    "end of template": "het einde van de tekst",
    "name": "een naam",
}


def _token(text: str) -> str:
    return _TOKEN_WORDS.get(text, f"'{text}'")


_JINJA_PHRASES: tuple[tuple[str, Any], ...] = (
    (r"unexpected 'end of template'", "de tekst houdt onverwacht op (een haakje, aanhalingsteken of "
                                      "{% endif %}/{% endfor %} niet gesloten?)"),
    (r"Unexpected end of template\. Jinja was looking for .*The innermost block that needs to be closed is '(\w+)'",
     lambda m: f"'{{% {m[1]} %}}' wordt niet afgesloten: '{{% end{m[1]} %}}' ontbreekt"),
    (r"unexpected end of template, expected '(.+?)'", lambda m: f"de tekst houdt op waar {_token(m[1])} werd verwacht"),
    (r"Encountered unknown tag '(end\w+)'\..*The innermost block that needs to be closed is '(\w+)'",
     lambda m: f"'{{% {m[1]} %}}' staat op de verkeerde plaats: eerst moet '{{% {m[2]} %}}' worden afgesloten "
               f"met '{{% end{m[2]} %}}'"),
    (r"Encountered unknown tag 'end(\w+)'\.$",
     lambda m: f"'{{% end{m[1]} %}}' sluit niets af: de bijbehorende '{{% {m[1]} ... %}}' ontbreekt ervoor"),
    (r"Encountered unknown tag '(\w+)'", r"onbekende opdracht '{% \1 %}'"),
    (r"Expected an expression, got 'end of print statement'", "lege plaatshouder '{{ }}'"),
    (r"Expected an expression, got '(.+)'", lambda m: f"een naam of waarde verwacht, maar {_token(m[1])} gevonden"),
    (r"unexpected '(.+?)', expected '(.+?)'", lambda m: f"onverwacht '{m[1]}'; {_token(m[2])} verwacht"),
    (r"unexpected '(.+)'", r"onverwacht '\1'"),
    (r"unexpected char (.+) at \d+", r"onverwacht teken \1"),
    (r"expected token '(.+)', got '(.+)'", lambda m: f"{_token(m[1])} verwacht, maar {_token(m[2])} gevonden"),
    (r"tag name expected", "naam van een opdracht verwacht na '{%'"),
    (r"unclosed string", "een aanhalingsteken wordt niet gesloten"),
    (r"Missing end of comment tag", "een opmerking '{#' wordt niet gesloten met '#}'"),
)


def dutch_jinja(message: str | None) -> str:
    """Jinja's English syntax messages, in Dutch where we know them."""
    text = message or "onleesbare expressie"
    for pattern, dutch in _JINJA_PHRASES:
        found = re.match(pattern, text, re.S)
        if found:
            return dutch(found) if callable(dutch) else found.expand(dutch)
    return text


def ref_marker(target: str, hoofdletter: bool = False) -> Markup:
    """A cross-reference: "artikel 7" mid-sentence, "Artikel 7" with ``hoofdletter=true``."""
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", str(target)):
        raise ValueError(f"ongeldige verwijzing {target!r}")
    return Markup(f"<{'R' if hoofdletter else 'r'}ef:{target}>")


def dotted_path(node: nodes.Node) -> str | None:
    """``besluitvorming.regel`` for a Name/Getattr/Getitem chain with constant keys, else None."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = dotted_path(node.node)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        base = dotted_path(node.node)
        return f"{base}.{node.arg.value}" if base else None
    return None


def variable_paths(expression_ast: nodes.Node) -> list[str]:
    """Dotted spec paths used in a parsed template or expression: ``besluitvorming.regel``."""
    found: list[str] = []
    dotted = dotted_path

    def walk(node: nodes.Node) -> None:
        path = dotted(node) if isinstance(node, (nodes.Getattr, nodes.Getitem)) else None
        if path:
            found.append(path)
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            found.append(node.name)
            return
        for child in node.iter_child_nodes():
            walk(child)

    walk(expression_ast)
    return list(dict.fromkeys(found))


def compile_condition(env: SandboxedEnvironment, source: str) -> Callable[..., Any]:
    return env.compile_expression(source, undefined_to_none=False)
