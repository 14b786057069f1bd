"""Load YAML safely and remember on which line every value stands.

Only plain YAML data is accepted: mappings with text keys, sequences, strings, numbers,
booleans, null and dates. Tags that build objects, merge keys, duplicate keys, huge files and
aliases that expand beyond reason are refused with a Dutch message that names the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import yaml

from ..errors import Problem, SpecError, spec_error
from ..resources import read_bounded
from ..output import reason

MAX_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 50

Location = Tuple[Any, ...]
LineMap = Dict[Location, int]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class NotADate(str):
    """A YAML timestamp that names no real day ("2027-02-30"): kept as text, so that the field's
    own check reports it with its line and path, among all other problems."""


class _TooMuch(Exception):
    """The document expands beyond MAX_NODES or MAX_DEPTH; carries the Dutch message."""


class _Builder:
    """Turns a composed node graph into plain data, counting every node it expands."""

    def __init__(self, name: str, loader: yaml.SafeLoader):
        self.name = name
        self.loader = loader
        self.lines: LineMap = {}
        self.problems: list[Problem] = []
        self.count = 0

    def _fail(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.name, message, node.start_mark.line + 1))

    def build(self, node: yaml.Node, path: Location, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooMuch(
                f"het bestand zet uit tot meer dan {MAX_NODES} waarden "
                "(te veel of te diep geneste aliassen, een 'alias-bom'); gebruik geen aliassen"
            )
        if depth > MAX_DEPTH:
            raise _TooMuch("te diep genest")
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._fail(node, f"de YAML-tag {node.tag} is niet toegestaan")
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self._fail(node, f"de YAML-tag {node.tag} is niet toegestaan")
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                return NotADate(node.value)
            self._fail(node, f"ongeldige waarde {node.value!r} ({exc})")
            return None

    def _mapping(self, node: yaml.MappingNode, path: Location, depth: int) -> dict:
        if node.tag != "tag:yaml.org,2002:map":
            self._fail(node, f"de YAML-tag {node.tag} is niet toegestaan")
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, "samenvoegsleutels ('<<') worden niet ondersteund")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, "een sleutel moet een tekst zijn")
                continue
            key = key_node.value
            if key in out:
                self._fail(key_node, f"de sleutel '{key}' staat twee keer in dezelfde groep")
                continue
            self.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out


def read_text(path: Path, name: str) -> str:
    """Read a UTF-8 text file of at most MAX_BYTES, with Dutch errors."""
    try:
        raw = read_bounded(path, MAX_BYTES)
    except FileNotFoundError as exc:
        raise SpecError(f"{name}: bestand bestaat niet") from exc
    except IsADirectoryError as exc:
        raise SpecError(f"{name}: dit is een map, geen bestand") from exc
    except OSError as exc:
        raise SpecError(f"{name}: bestand kan niet worden gelezen ({reason(exc)})") from exc
    if len(raw) > MAX_BYTES:
        raise SpecError(f"{name}: bestand is te groot (meer dan {MAX_BYTES} bytes toegestaan)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise spec_error(
            name,
            [Problem(name, "het bestand is geen geldige UTF-8-tekst; sla het op als UTF-8", line)],
        ) from exc
    if "\x00" in text:
        raise spec_error(name, [Problem(name, "het bestand bevat een NUL-teken; is het wel tekst?")])
    return text


def parse_yaml(text: str, name: str, first_line: int = 1) -> tuple[Any, LineMap, list[Problem]]:
    """Parse one YAML document that starts on line ``first_line`` of the file ``name``.

    Returns the data (None for a document of only comments), a map from location to line
    number, and every problem found; it raises nothing for bad input.
    """
    offset = first_line - 1
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml when available
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        builder = _Builder(name, loader)
        data = builder.build(node, ())
    except _TooMuch as exc:
        return None, {}, [Problem(name, str(exc))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "onleesbare YAML").strip()
        line = mark.line + 1 + offset if mark else None
        quote = _unclosed_quote(text, mark.line if mark else None)
        if quote is not None:  # the scanner gives up lines later, where the quoted text happens to end
            return None, {}, [Problem(name, "YAML-syntaxfout: het aanhalingsteken op deze regel wordt niet "
                                            "gesloten", quote + 1 + offset)]
        return None, {}, [Problem(name, f"YAML-syntaxfout: {_dutch_yaml(what)}", line)]
    except yaml.reader.ReaderError as exc:  # a raw control character: libyaml names a position
        line = text[: exc.position].count("\n") + 1 + offset if isinstance(exc.position, int) else None
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return None, {}, [Problem(name, f"het bestand bevat het stuurteken U+{char:04X}, dat in een spec niet is "
                                        "toegestaan; haal het weg", line)]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(name, f"YAML-syntaxfout: {exc}")]
    finally:
        loader.dispose()
    problems = [Problem(name, p.message, (p.line or 1) + offset) for p in builder.problems]
    if problems:
        return None, {}, problems
    return data, {key: line + offset for key, line in builder.lines.items()}, []


def _unclosed_quote(text: str, upto: Optional[int]) -> Optional[int]:
    """The 0-based line, before line ``upto``, where a quoted value opens and does not close on the
    same line; None when there is none (then the parser's own line is right)."""
    if upto is None:
        return None
    for number, line in enumerate(text.splitlines()[: upto + 1]):
        stripped = line.split(" #", 1)[0] if '"' not in line.split(" #", 1)[-1] else line
        value = stripped.split(": ", 1)[1] if ": " in stripped else stripped.lstrip(" -")
        value = value.strip()
        for quote in ('"', "'"):
            if value.startswith(quote):
                body = value[1:].replace("\\\\", "").replace('\\"', "") if quote == '"' else value[1:].replace("''", "")
                if quote not in body:
                    return number
    return None


def load_yaml(text: str, name: str) -> tuple[Any, LineMap]:
    """Parse one YAML document; return the data and a map from location to line number."""
    if not text.strip():
        raise spec_error(name, [Problem(name, "het bestand is leeg")])
    data, lines, problems = parse_yaml(text, name)
    if problems:
        raise spec_error(name, problems)
    if data is None:
        raise spec_error(name, [Problem(name, "het bestand bevat alleen commentaar")])
    return data, lines


_YAML_PHRASES = {
    "expected a single document in the stream": "het bestand bevat meer dan één YAML-document (---)",
    "but found another document": "het bestand bevat meer dan één YAML-document (---)",
    "mapping values are not allowed here": "hier mag geen 'sleutel: waarde' staan (vergeten aanhalingstekens of inspringing?)",
    "found character '\\t' that cannot start any token": "tabs zijn in YAML niet toegestaan; spring in met spaties",
    "could not find expected ':'": "een ':' ontbreekt",
    "found undefined alias": "een alias (*naam) verwijst naar een anker dat niet bestaat",
    "did not find expected key": "sleutel verwacht (klopt de inspringing?)",
    "did not find expected '-' indicator": "'-' verwacht (klopt de inspringing van de lijst?)",
    "found unexpected end of stream": "het bestand houdt onverwacht op (een aanhalingsteken niet gesloten?)",
    # libyaml (CSafeLoader) words some of these differently
    "found a tab character that violates indentation": "tabs zijn in YAML niet toegestaan; spring in met spaties",
    "found a tab character where an indentation space is expected": "tabs zijn in YAML niet toegestaan; spring in met spaties",
    "found character that cannot start any token": "hier staat een teken waarmee geen YAML-waarde kan beginnen (een tab?)",
    "mapping values are not allowed in this context": "hier mag geen 'sleutel: waarde' staan (vergeten aanhalingstekens of inspringing?)",
    "did not find expected node content": "een waarde ontbreekt of is onleesbaar",
    "did not find expected ',' or ']'": "een lijst tussen [ ] is niet goed gesloten",
    "did not find expected ',' or '}'": "een groep tussen { } is niet goed gesloten",
}


def _dutch_yaml(message: str) -> str:
    for english, dutch in _YAML_PHRASES.items():
        if message.startswith(english):
            return dutch
    return message
