"""``library check``: everything a library maintainer can get wrong, reported at once.

On top of what loading already refuses (front matter against its schema, duplicate ids, layer
conflicts, Jinja syntax, unknown filters, conditions that do not parse), this module reads the
clause texts and conditions statically:

- placeholders and conditions may only use fields the spec format has (``schema.SCHEMA``);
  loop variables, ``{% set %}`` names and the context functions are followed, not flagged;
- ``velden`` says exactly which spec fields the text and condition use;
- ``ref('x')`` points at an article or annex that exists;
- a slot whose variants choose on ``field == 'value'`` has a variant for every value the
  schema allows;
- sources cite a seed file that exists and a quote that is in it (OCR-tolerant where the
  seed is OCR output), and every clause has guidance;
- manifests carry what a published library needs; a Word template has the styles the
  renderer uses.

Pure analysis: no clause is rendered, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

from jinja2 import nodes

from ..errors import Problem
from .read import (
    Clause,
    MANIFEST,
    SEEDS_DIR,
    Library,
    _ENV,
    display,
    find_all,
    read_library,
)
from ..spec.schema import SCHEMA
from ..templating import dotted_path

ROOT_RULE = {"type": "dict", "schema": SCHEMA}
PARTY_FUNCTIONS = ("partij", "partijen_van_type", "heeft_type", "korte_namen")
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


def default_seeds_dir() -> Path:
    """``../shared/seeds`` next to the checkout of agreement-gen."""
    return Path(__file__).resolve().parents[3] / "shared" / "seeds"


@dataclass(frozen=True)
class CheckReport:
    library: Optional[Library]
    problems: tuple[Problem, ...]
    notes: tuple[str, ...] = ()
    clauses_checked: int = 0


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


def rule_at(path: str) -> Optional[dict]:
    """The schema rule of a dotted spec path (list items are stepped into); None if none."""
    rule: Optional[dict] = ROOT_RULE
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
            if func.name == "partij":
                return Value(None, _PARTY_RULE, "partij(…)")
            if func.name == "partijen_van_type":
                return Value(None, SCHEMA["partijen"], "partijen_van_type(…)")
            if func.name not in CONTEXT_FUNCTIONS and func.name not in _ENV.globals:
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
            if node.name in SCHEMA:
                return Value(node.name, SCHEMA[node.name], node.name)
            if node.name in CONTEXT_FUNCTIONS or node.name in _ENV.globals:
                return UNKNOWN
            guess = difflib.get_close_matches(node.name, list(SCHEMA) + list(scope), n=1, cutoff=0.75)
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


def field_uses(clause: Clause) -> tuple[list[_Use], list[tuple[str, int]]]:
    """Spec fields used by the text and condition of ``clause``, and unknown names (message, line)."""
    uses: list[_Use] = []
    unknown: list[tuple[str, int]] = []
    if clause.ast is not None:
        walker = FieldWalker(line_offset=clause.body_line - 1)
        walker.walk(clause.ast, {})
        uses += walker.uses
        unknown += walker.unknown
    if clause.condition_ast is not None:
        walker = FieldWalker(fixed_line=clause.line_of("voorwaarde"))
        walker.value(clause.condition_ast, {})
        uses += walker.uses
        unknown += [(f"voorwaarde: {message}", line) for message, line in walker.unknown]
    return uses, unknown


def _covers(declared: str, used: str) -> bool:
    return used == declared or used.startswith(declared + ".") or declared.startswith(used + ".")


# --- the checks ------------------------------------------------------------------------------


def _check_fields(clause: Clause, out: list[Problem]) -> None:
    name = clause.location
    uses, unknown = field_uses(clause)
    for message, line in unknown:
        out.append(Problem(name, message, line))
    for i, declared in enumerate(clause.velden):
        line = clause.line_of("velden", i)
        if rule_at(declared) is None:
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


def _check_references(clause: Clause, targets: dict[str, Clause], library: Library, out: list[Problem]) -> None:
    switched_off = {s.clause.id: s for s in library.switched_off}
    for target, where in clause.ref_lines:
        found = targets.get(target)
        if found is None:
            if target in library.unreadable:
                continue
            message = f"ref('{target}'): geen artikel of bijlage met dit id of slot"
            if target in switched_off:
                message += f" (uitgezet door {switched_off[target].layer.location})"
            else:
                guess = difflib.get_close_matches(target, list(targets), n=1, cutoff=0.7)
                message += f"; bedoelt u '{guess[0]}'?" if guess else ""
            out.append(Problem(clause.location, message, where))
        elif found.soort not in ("artikel", "bijlage"):
            out.append(Problem(clause.location, f"ref('{target}') verwijst naar een {found.soort} "
                                                f"({found.location}); alleen artikelen en bijlagen hebben een nummer",
                               where))
    declared = clause.meta.get("verwijst_naar")
    if isinstance(declared, list) and set(declared) != set(clause.verwijst_naar):
        extra = sorted(set(declared) - set(clause.verwijst_naar))
        missing = sorted(set(clause.verwijst_naar) - set(declared))
        parts = [f"noemt {', '.join(extra)} waar de tekst niet naar verwijst"] if extra else []
        parts += [f"mist {', '.join(missing)}"] if missing else []
        out.append(Problem(clause.location, f"verwijst_naar {' en '.join(parts)}; laat het veld weg (het wordt "
                                            "uit ref(...) afgeleid) of maak het gelijk", clause.line_of("verwijst_naar"),
                           "verwijst_naar"))


def _constants(node: nodes.Node) -> Optional[list[Any]]:
    if isinstance(node, nodes.Const):
        return [node.value]
    if isinstance(node, (nodes.List, nodes.Tuple)) and all(isinstance(i, nodes.Const) for i in node.items):
        return [i.value for i in node.items]
    return None


def _decided(node: nodes.Node, path: str, value: Any) -> Optional[bool]:
    """The truth of a condition when ``path == value``, if that alone decides it; else None."""
    if isinstance(node, nodes.And):
        left, right = _decided(node.left, path, value), _decided(node.right, path, value)
        return False if False in (left, right) else (True if left is right is True else None)
    if isinstance(node, nodes.Or):
        left, right = _decided(node.left, path, value), _decided(node.right, path, value)
        return True if True in (left, right) else (False if left is right is False else None)
    if isinstance(node, nodes.Not):
        inner = _decided(node.node, path, value)
        return None if inner is None else not inner
    if isinstance(node, nodes.Compare) and len(node.ops) == 1 and dotted_path(node.expr) == path:
        op, constants = node.ops[0].op, _constants(node.ops[0].expr)
        if constants is None:
            return None
        if op == "eq" and len(constants) == 1:
            return value == constants[0]
        if op == "ne" and len(constants) == 1:
            return value != constants[0]
        if op == "in":
            return value in constants
        if op == "notin":
            return value not in constants
        return None
    if dotted_path(node) == path:
        return bool(value)
    return None


def _choice_fields(conditions: Iterable[nodes.Node]) -> list[str]:
    """Fields a slot chooses on: tested with == or in against constants, or bare booleans."""
    found = []
    for condition in conditions:
        for compare in find_all(condition, nodes.Compare):
            path = dotted_path(compare.expr)
            if (path and len(compare.ops) == 1 and compare.ops[0].op in ("eq", "in")
                    and _constants(compare.ops[0].expr) is not None):
                found.append(path)
        candidates = [condition] + [n.node for n in find_all(condition, nodes.Not)]
        for junction in find_all(condition, (nodes.And, nodes.Or)):
            candidates += [junction.left, junction.right]
        for node in candidates:
            path = dotted_path(node)
            if path and (rule_at(path) or {}).get("type") == "boolean":
                found.append(path)
    return list(dict.fromkeys(found))


def _show(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else f"'{value}'"


def _check_slots(clauses: Sequence[Clause], out: list[Problem]) -> None:
    slots: dict[tuple[str, str], list[Clause]] = {}
    for clause in clauses:
        if clause.soort != "definitie":
            slots.setdefault((clause.soort, clause.slot), []).append(clause)
    for (_, slot), variants in slots.items():
        if len(variants) < 2:
            continue
        for earlier, later in zip(variants, variants[1:]):
            if earlier.voorwaarde is None:
                out.append(Problem(later.location, f"slot '{slot}': deze variant wordt nooit gekozen, want "
                                                   f"'{earlier.id}' ({earlier.location}) heeft geen voorwaarde en "
                                                   "gaat voor (volgorde, dan id)", later.line_of("volgorde")))
                break
        if any(v.condition_ast is None for v in variants):
            continue
        conditions = [v.condition_ast for v in variants]
        for path in _choice_fields(conditions):
            rule = rule_at(path) or {}
            allowed = [True, False] if rule.get("type") == "boolean" else rule.get("allowed")
            if not allowed:
                continue
            missing = [v for v in allowed if all(_decided(c, path, v) is False for c in conditions)]
            if missing:
                first = variants[0]
                out.append(Problem(
                    first.location,
                    f"slot '{slot}' heeft geen variant voor {path} = {', '.join(_show(v) for v in missing)}; "
                    f"de spec staat die keuze toe (varianten: {', '.join(v.id for v in variants)})",
                    first.line_of("voorwaarde")))


def _check_terms(clauses: Sequence[Clause], out: list[Problem]) -> None:
    seen: dict[str, Clause] = {}
    for clause in clauses:
        if clause.soort != "definitie" or clause.voorwaarde:
            continue
        if clause.term in seen:
            out.append(Problem(clause.location, f"het begrip '{clause.term}' is ook gedefinieerd in "
                                                f"{seen[clause.term].location}", clause.line_of("term"), "term"))
        seen.setdefault(clause.term, clause)


# --- sources ---------------------------------------------------------------------------------

_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                             "–": "-", "—": "-", "\u00a0": " ", "…": "..."})
_ELISION = re.compile(r"\s*(?:\[\.\.\.\]|\(\.\.\.\)|\.\.\.)\s*")


def _plain(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHY).split())


def _loose(text: str) -> str:
    """Without diacritics, case and punctuation: what OCR output and the intended words share."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped.lower()).split())


class Seed:
    """One source document, with the normalised forms the quote search needs."""

    def __init__(self, path: Path, ocr: bool):
        self.path = path
        self.ocr = ocr
        text = path.read_text(encoding="utf-8", errors="replace")
        self.plain = _plain(text)
        self.loose = _loose(text) if ocr else ""
        self._matcher = None

    def contains(self, quote: str) -> bool:
        parts = [p for p in _ELISION.split(_plain(quote)) if p.strip(" .")]
        if self._in_order(parts, self.plain, lambda p: p):
            return True
        return self.ocr and all(self._fuzzy(_loose(p)) for p in parts)

    @staticmethod
    def _in_order(parts: list[str], text: str, form) -> bool:
        position = 0
        for part in parts:
            found = text.find(form(part), position)
            if found < 0:
                return False
            position = found + len(part)
        return True

    def _fuzzy(self, part: str) -> bool:
        """OCR garbles letters, not words: anchor on the longest common run of characters, then
        compare word by word; a differing word must be its counterpart with a letter or two off."""
        if not part or part in self.loose:
            return True
        if self._matcher is None:
            self._matcher = difflib.SequenceMatcher(None, autojunk=False)
            self._matcher.set_seq2(self.loose)
        self._matcher.set_seq1(part)
        i, j, size = self._matcher.find_longest_match(0, len(part), 0, len(self.loose))
        if size < min(len(part), 12):
            return False
        window = self.loose[max(0, j - i - 20):j - i + len(part) + 20].split()
        words = part.split()
        opcodes = difflib.SequenceMatcher(None, words, window, autojunk=False).get_opcodes()
        while opcodes and opcodes[0][0] == "insert":
            opcodes.pop(0)  # seed words before the quote
        while opcodes and opcodes[-1][0] == "insert":
            opcodes.pop()  # and after it
        for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
            if tag == "equal":
                continue
            if tag == "insert" and all(len(w) <= 2 for w in window[j1:j2]):
                continue  # a stray OCR fragment
            if tag != "replace":
                return False
            # at the edges the window may hold seed words beyond the quote: try shorter spans
            spans = [(j1, j2)]
            if n == len(opcodes) - 1:
                spans += [(j1, k) for k in range(j1 + 1, j2)]
            if n == 0:
                spans += [(k, j2) for k in range(j1 + 1, j2)]
            ours = "".join(words[i1:i2])
            if not any(_ocr_like(ours, "".join(window[a:b])) for a, b in spans):
                return False
        return True


def _ocr_like(intended: str, scanned: str) -> bool:
    """Whether ``scanned`` can be ``intended`` garbled by OCR: at most one edit per eight letters."""
    allowed = max(1, len(intended) // 8)
    if abs(len(intended) - len(scanned)) > allowed:
        return False
    previous = list(range(len(scanned) + 1))
    for i, a in enumerate(intended, 1):
        current = [i]
        for j, b in enumerate(scanned, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] <= allowed


def _ocr_seeds(seeds_dir: Path) -> set[str]:
    """Seed files the seeds README describes as OCR output."""
    readme = seeds_dir / "README.md"
    if not readme.is_file():
        return set()
    return {m.group(0) for line in readme.read_text(encoding="utf-8").splitlines() if "OCR" in line
            for m in re.finditer(r"[\w.-]+\.txt", line)}


class Sources:
    """The seed files quotes are checked against, looked up in a list of directories."""

    def __init__(self, dirs: Sequence[Path]):
        self.dirs = list(dirs)
        self.ocr = set().union(*(_ocr_seeds(d) for d in self.dirs)) if self.dirs else set()
        self.seeds: dict[str, Optional[Seed]] = {}

    def seed(self, name: str) -> Optional[Seed]:
        if name not in self.seeds:
            self.seeds[name] = None
            if "/" not in name and "\\" not in name and name not in (".", ".."):
                path = next((d / name for d in self.dirs if (d / name).is_file()), None)
                self.seeds[name] = Seed(path, name in self.ocr) if path else None
        return self.seeds[name]

    def check(self, clause: Clause, out: list[Problem]) -> None:
        for i, source in enumerate(clause.bronnen):
            if not source.bestand:
                continue
            seed = self.seed(source.bestand)
            if seed is None:
                where = ", ".join(display(d) for d in self.dirs)
                out.append(Problem(clause.location, f"bron {i + 1}: '{source.bestand}' staat niet in {where}",
                                   clause.line_of("bronnen", i, "bestand"), f"bronnen[{i + 1}].bestand"))
            elif not seed.contains(source.citaat):
                short = source.citaat if len(source.citaat) <= 70 else source.citaat[:67] + "..."
                out.append(Problem(clause.location, f"bron {i + 1}: citaat niet gevonden in {source.bestand}: \"{short}\"",
                                   clause.line_of("bronnen", i, "citaat"), f"bronnen[{i + 1}].citaat"))


def seed_dirs(library: Library) -> list[Path]:
    """Where the seed files are: each layer's own ``bronnen/`` (top layer first), then ``../shared/seeds``."""
    dirs = [layer.root / SEEDS_DIR for layer in reversed(library.layers)] + [default_seeds_dir()]
    return [d for d in dirs if d.is_dir()]


# --- manifests and templates -----------------------------------------------------------------


def _check_layers(library: Library, out: list[Problem]) -> None:
    """A published library (the bottom layer) says who publishes it, in which language, for which
    spec versions, and what changed. A layer above it needs a manifest only to name itself, to
    switch clauses off or to require a base version."""
    if not library.layers:
        return
    bottom = library.layers[0]
    if bottom.manifest is None:
        out.append(Problem(display(bottom.root), f"geen {MANIFEST}: een bibliotheek heeft een manifest met naam, "
                                                 "versie, uitgever, taal, spec_versies en changelog"))
        return
    if not bottom.version:
        return  # the manifest itself is broken: loading reported it
    present = {"uitgever": bottom.publisher, "taal": bottom.language, "spec_versies": bottom.spec_versions,
               "changelog": bottom.changelog}
    for key, value in present.items():
        if not value:
            out.append(Problem(bottom.location, f"manifest: '{key}' ontbreekt; een gepubliceerde bibliotheek noemt het",
                               1, key))


# --- all together ----------------------------------------------------------------------------


def all_versions(library: Library) -> Iterator[Clause]:
    """Every clause file of the stack: active clauses, what they replace, what was switched off."""
    for clause in list(library.clauses) + [s.clause for s in library.switched_off]:
        yield from clause.versions


def check_library(roots: Sequence[Path | str] | None = None, seeds: Optional[Path] = None,
                  extra: Sequence[Problem] = ()) -> CheckReport:
    """Run every check on the stack ``roots``; collect every problem (and ``extra`` ones, such as a
    template's), sorted by file and line."""
    library, problems = read_library(roots)
    problems = list(problems)
    notes = []
    if seeds is not None and not Path(seeds).is_dir():
        problems.append(Problem(display(Path(seeds)), "map met brondocumenten niet gevonden"))
    dirs = [Path(seeds)] if seeds is not None else seed_dirs(library)
    sources = Sources(dirs) if dirs and all(d.is_dir() for d in dirs) else None
    if seeds is None and sources is None:
        notes.append(f"brondocumenten niet gevonden (geen map {SEEDS_DIR}/ in de bibliotheek, geen "
                     f"{display(default_seeds_dir())}); citaten niet gecontroleerd (geef --bronnen MAP)")
    _check_layers(library, problems)
    active = library.clauses
    targets: dict[str, Clause] = {}
    for clause in active:
        targets.setdefault(clause.id, clause)
    for clause in active:
        if clause.soort in ("artikel", "bijlage"):
            targets.setdefault(clause.slot, clause)
    checked = 0
    for clause in all_versions(library):
        checked += 1
        _check_fields(clause, problems)
        _check_references(clause, targets, library, problems)
        if sources is not None:
            sources.check(clause, problems)
    _check_slots(active, problems)
    _check_terms(active, problems)
    problems.extend(extra)
    unique = sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line or 0, p.message))
    return CheckReport(library, tuple(unique), tuple(notes), checked)
