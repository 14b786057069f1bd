"""Review rules as data: the files under ``regels/`` in each layer of a clause library.

A rule file is one YAML mapping (``regels/<naam>.yaml``)::

    id: besluitvorming.unanimiteit
    ernst: waarschuwing              # fout, waarschuwing of advies
    titel: Unanimiteit voor gewone besluiten
    artikel: [besluitvorming]        # where the finding belongs: the first of these in the draft
    voorwaarde: "besluitvorming.regel == 'unanimiteit'"
    melding: "Gewone besluiten vragen unanimiteit: {{ partijen | length }} Partijen kunnen elk ..."
    bronnen:
      - bestand: 002_a1fc4b32fa8badd6.txt
        citaat: "de langzaamste bepaalt"
      - grondslag: "artikel 6:248 BW"
    remedie:
      tekst: "Kies consent of een gekwalificeerde meerderheid ..."
      veld: besluitvorming.regel
      waarde: consent

The condition is a Jinja expression evaluated in the same sandbox as clause conditions (see
``templating``), over the spec and the assembled agreement; the message may use placeholders.

Layers stack as clause layers do: a new id adds a rule; ``vervangt: <id>`` replaces one of a
lower layer (it inherits what it does not set); ``id: <id>`` with ``uit: true`` switches one off.
Any other reuse of an id is a conflict. Every problem is collected, with file and line.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import jinja2
from jinja2 import nodes

from ..errors import Problem, display
from ..resources import TooManyFiles, walk_files
from ..templating import dutch_jinja
from .clause import FileEntry, Source
from .compiled import compiled_texts
from .frontmatter import SOURCE_RULE, read_text
from .scan import ENV, parse_expression
from .validate import ID_PATTERN, LazyValidator, read_mapping, schema_problems

RULES_DIR = "regels"
SEVERITIES = ("fout", "waarschuwing", "advies")
MAX_RULE_BYTES = 100_000
MAX_RULE_ENTRIES = 5_000

RULE_SCHEMA = {
    "id": {"type": "string", "regex": ID_PATTERN},
    "vervangt": {"type": "string", "regex": ID_PATTERN},
    "uit": {"type": "boolean"},
    "reden": {"type": "string", "empty": False},
    "ernst": {"type": "string", "allowed": list(SEVERITIES)},
    "titel": {"type": "string", "empty": False},
    "artikel": {"type": "list", "schema": {"type": "string", "regex": ID_PATTERN}},
    "voorwaarde": {"type": "string", "empty": False},
    "melding": {"type": "string", "empty": False},
    "bronnen": {"type": "list", "minlength": 1, "schema": SOURCE_RULE},
    "remedie": {
        "type": "dict",
        "schema": {
            "tekst": {"type": "string", "required": True, "empty": False},
            "veld": {"type": "string", "empty": False},
            "waarde": {"nullable": True},  # any value the field allows
            "clausule": {"type": "string", "regex": ID_PATTERN},
        },
    },
}
# Names a rule sees besides the spec and the clause functions (``review.context`` fills them):
# the assembled agreement, an article by key, whether it is there, and the choices left to defaults.
AGREEMENT_NAMES = ("overeenkomst", "artikel", "heeft_artikel", "standaardkeuzes")

# What a new rule must say; a replacement inherits what it leaves out.
REQUIRED = ("ernst", "titel", "voorwaarde", "melding", "bronnen", "remedie")
INHERITED = ("ernst", "titel", "artikel", "voorwaarde", "melding", "bronnen", "remedie")


@dataclass(frozen=True)
class Remedy:
    tekst: str
    veld: Optional[str] = None
    waarde: Any = None
    clausule: Optional[str] = None


@dataclass(frozen=True)
class Rule(FileEntry):
    id: str
    ernst: str
    titel: str
    voorwaarde: str
    melding: str
    bronnen: tuple[Source, ...]
    remedie: Remedy
    path: Path
    artikel: tuple[str, ...] = ()
    layer: str = ""
    replaces: Optional["Rule"] = None
    lines: Mapping[Any, int] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def condition_ast(self) -> nodes.Expr:
        return parse_expression(self.voorwaarde)

    @functools.cached_property
    def condition(self) -> Callable[..., Any]:
        return compiled_texts().condition(self.voorwaarde)

    @functools.cached_property
    def message_template(self) -> jinja2.Template:
        return ENV.from_string(self.melding)


@dataclass(frozen=True)
class RuleOff:
    """A rule that a higher layer switched off (``uit: true``)."""

    rule: Rule
    layer: str
    location: str
    line: int
    reason: Optional[str] = None


def _suggest(wanted: str, rules: Mapping[str, Rule]) -> str:
    guess = difflib.get_close_matches(wanted, list(rules), n=1, cutoff=0.7)
    return f"; bedoelt u '{guess[0]}' ({rules[guess[0]].location})?" if guess else ""


def _read_file(path: Path, problems: list[Problem]) -> Optional[tuple[dict, Mapping]]:
    name = display(path)
    text = read_text(path, MAX_RULE_BYTES, problems, "regelbestand")
    if text is None:
        return None
    return read_mapping(text, name, 1, problems, "regel")


def read_layer_rules(root: Path, layer: str, current: dict[str, Rule], off: dict[str, RuleOff],
                     problems: list[Problem]) -> None:
    """Read ``root/regels/*.yaml`` of one layer into ``current`` (id -> rule, all layers so far)."""
    folder = root / RULES_DIR
    if not folder.is_dir():
        return
    try:
        files = [p for p in walk_files(folder, "", MAX_RULE_ENTRIES) if p.suffix in (".yaml", ".yml")]
    except TooManyFiles as exc:
        problems.append(Problem(display(folder), str(exc)))
        return
    validator = LazyValidator(RULE_SCHEMA)
    here: dict[str, str] = {}
    for path in files:
        name = display(path)
        if path.is_symlink():
            problems.append(Problem(name, "is een symbolische koppeling; een bibliotheek bevat alleen gewone bestanden"))
            continue
        read = _read_file(path, problems)
        if read is None:
            continue
        meta, lines = read
        errors = schema_problems(meta, RULE_SCHEMA, lines, name, validator, "regel")
        if errors:
            problems.extend(errors)
            continue
        replaced = meta.get("vervangt")
        rule_id = replaced or meta.get("id")
        if rule_id is None:
            problems.append(Problem(name, "regel: geef een 'id' (een nieuwe regel, of met 'uit: true' om een regel "
                                          "uit te zetten) of 'vervangt: <id>'", 1))
            continue
        if replaced and "id" in meta and meta["id"] != replaced:
            problems.append(Problem(name, f"een vervanging houdt het id van wat zij vervangt: laat 'id' weg of "
                                          f"schrijf 'id: {replaced}'", lines.get(("id",), 1), "id"))
            continue
        key = "vervangt" if replaced else "id"
        if rule_id in here:
            problems.append(Problem(name, f"{key} '{rule_id}' komt ook voor in {here[rule_id]}", lines.get((key,), 1)))
            continue
        here[rule_id] = name
        if meta.get("uit"):
            _switch_off(meta, lines, name, rule_id, layer, current, off, problems)
            continue
        if "uit" in meta or "reden" in meta:
            problems.append(Problem(name, "'uit' en 'reden' horen bij het uitzetten van een regel: schrijf alleen "
                                          "'id', 'uit: true' en 'reden'", lines.get(("uit",)) or lines.get(("reden",))))
            continue
        target = None
        if replaced:
            target = current.get(rule_id)
            if target is None:
                if rule_id in off:
                    gone = off[rule_id]
                    message = (f"vervangt '{rule_id}', maar {gone.location} (regel {gone.line}) zet die regel uit")
                else:
                    message = (f"vervangt '{rule_id}', maar geen eerdere laag heeft een regel met dit id"
                               + _suggest(rule_id, current))
                problems.append(Problem(name, message, lines.get(("vervangt",), 1), "vervangt"))
                continue
        elif rule_id in current:
            problems.append(Problem(name, f"conflict: regel '{rule_id}' bestaat al in {current[rule_id].location}; "
                                          f"schrijf 'vervangt: {rule_id}' om haar te vervangen, 'uit: true' om haar "
                                          "uit te zetten, of kies een ander id", lines.get(("id",), 1), "id"))
            continue
        elif rule_id in off:
            problems.append(Problem(name, f"conflict: regel '{rule_id}' is uitgezet door {off[rule_id].location}; "
                                          "kies een ander id", lines.get(("id",), 1), "id"))
            continue
        rule = _build(meta, lines, path, layer, target, problems)
        if rule is not None:
            current[rule_id] = rule


def _switch_off(meta: dict, lines: Mapping, name: str, rule_id: str, layer: str, current: dict[str, Rule],
                off: dict[str, RuleOff], problems: list[Problem]) -> None:
    extra = sorted(set(meta) - {"id", "uit", "reden"})
    line = lines.get(("uit",), 1)
    if extra:
        problems.append(Problem(name, f"een regel uitzetten gaat met 'id', 'uit: true' en 'reden'; laat "
                                      f"{', '.join(repr(k) for k in extra)} weg", lines.get((extra[0],), line)))
        return
    if rule_id in current:
        off[rule_id] = RuleOff(current.pop(rule_id), layer, name, line, meta.get("reden"))
    elif rule_id in off:
        problems.append(Problem(name, f"regel '{rule_id}' is al uitgezet door {off[rule_id].location}", line, "uit"))
    else:
        problems.append(Problem(name, f"uit: geen eerdere laag heeft een regel '{rule_id}'" + _suggest(rule_id, current),
                                lines.get(("id",), line), "id"))


def _build(meta: dict, lines: Mapping, path: Path, layer: str, target: Optional[Rule],
           problems: list[Problem]) -> Optional[Rule]:
    name = display(path)
    values = dict(meta)
    if target is not None:
        for key in INHERITED:
            if key not in values:
                values[key] = getattr(target, key)
    missing = [key for key in REQUIRED if key not in values]
    if missing:
        problems.append(Problem(name, f"regel: {', '.join(repr(k) for k in missing)} ontbreekt", 1))
        return None
    ok = True
    sources = values["bronnen"]
    if not isinstance(sources, tuple):
        for i, source in enumerate(sources):
            line = lines.get(("bronnen", i), 1)
            if source.get("grondslag") and (source.get("bestand") or source.get("citaat")):
                problems.append(Problem(name, f"bron {i + 1}: geef óf 'bestand' met 'citaat', óf een 'grondslag', "
                                              "niet beide", line, f"bronnen[{i + 1}]"))
                ok = False
            elif not source.get("grondslag") and not (source.get("bestand") and source.get("citaat")):
                problems.append(Problem(name, f"bron {i + 1}: geef 'bestand' met 'citaat' (een passage uit de "
                                              "brondocumenten) of een 'grondslag' (wet of praktijk)", line,
                                        f"bronnen[{i + 1}]"))
                ok = False
        sources = tuple(Source(**s) for s in sources)
    for key, unknown_of, what in (
            ("voorwaarde", lambda text: compiled_texts().condition_entry(text).unknown,
             "voorwaarde is geen geldige expressie: "),
            ("melding", lambda text: compiled_texts().entry(text).unknown, "melding: Jinja-syntaxfout: ")):
        ok = _template_field(name, values[key], lines.get((key,), 1), key, unknown_of, what, problems) and ok
    if not ok:
        return None
    remedy = values["remedie"]
    if isinstance(remedy, dict):
        remedy = Remedy(" ".join(remedy["tekst"].split()), remedy.get("veld"), remedy.get("waarde"),
                        remedy.get("clausule"))
    return Rule(
        id=values.get("vervangt") or values["id"],
        ernst=values["ernst"],
        titel=values["titel"],
        voorwaarde=values["voorwaarde"],
        melding=" ".join(values["melding"].split()),
        bronnen=sources,
        remedie=remedy,
        path=path,
        artikel=tuple(values.get("artikel") or ()),
        layer=layer,
        replaces=target,
        lines=lines,
    )


def _template_field(name: str, text: str, line: int, key: str, unknown_of: Callable, syntax: str,
                    problems: list[Problem]) -> bool:
    """Parse a condition or message of a rule and scan it as clause texts are scanned (through the
    compiled-text cache); False (with the problems noted) when it does not parse or uses what the
    sandbox refuses."""
    try:
        found = unknown_of(text)
    except jinja2.TemplateSyntaxError as exc:
        problems.append(Problem(name, f"{syntax}{dutch_jinja(exc.message)}", line, key))
        return False
    for message, _ in found:
        problems.append(Problem(name, f"{key}: {message}", line, key))
    return not found
