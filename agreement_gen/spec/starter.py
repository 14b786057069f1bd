"""A starter spec as YAML with comments, from the answers of ``agreement-gen init``.

``starter_text`` writes a plain spec dict (as ``load_yaml`` would read it) as YAML a drafter can
go on with: grouped as the form groups fields (spec/fields.py), each choice with its meaning and
the other choices in a comment, and per group the optional fields left out. The helpers suggest
what a question offers first (a short name, a party id, a legal form); the answers decide.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import unicodedata
from typing import Any, Iterable, Mapping

import yaml

from .fields import FIELDS, GROUPS, FieldDoc

WIDTH = 100
# The groups in the order of the file: what the document is first, as in the samples
FILE_ORDER = ("document",) + tuple(g.id for g in GROUPS if g.id != "document")

# Words of a name that a short name leaves out
_FORM_WORDS = {"stichting", "vereniging", "coöperatie", "cooperatie", "b.v.", "n.v.", "u.a.", "de", "het", "van",
               "en", "&", "voor"}


def suggest_short_name(name: str) -> str:
    """'Stichting Universitair Hartcentrum Noord' -> 'UHN'; a name of one word stays itself."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _FORM_WORDS]
    if len(words) < 2:
        return words[0] if words else name
    return "".join(w[0].upper() for w in words if w[0].isalnum())


def suggest_id(short_name: str, taken: Iterable[str] = ()) -> str:
    """A party id from a short name: 'Wijkzorg Veluwezoom' -> 'wijkzorg_veluwezoom', unique."""
    plain = unicodedata.normalize("NFKD", short_name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "_", plain).strip("_") or "partij"
    base = base if base[0].isalpha() else f"p_{base}"
    taken = set(taken)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate


def suggest_legal_form(party_type: str) -> str:
    return {"gemeente": "openbaar lichaam", "zorgverzekeraar": "naamloze vennootschap"}.get(party_type, "stichting")


def authorities(legal_form: str) -> list[str]:
    """The grounds on which a representative of this legal form can sign (rules.py)."""
    if legal_form == "openbaar lichaam":
        return ["wet", "volmacht", "mandaat"]
    return ["statuten", "volmacht"]


def suggest_quorum(voting: int) -> int:
    """All parties up to three; beyond that a majority of them."""
    return voting if voting <= 3 else voting // 2 + 1


# --- writing the YAML ------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    text = yaml.safe_dump(value, allow_unicode=True, width=10**6).rstrip("\n")
    return text[: -len("\n...")] if text.endswith("\n...") else text


def _comment(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - len(indent) - 2, initial_indent=f"{indent}# ",
                         subsequent_indent=f"{indent}#   ", break_on_hyphens=False)


def _choice_note(doc: FieldDoc, value: Any) -> str | None:
    if not doc.choices:
        return None
    values = value if isinstance(value, list) else [value]
    chosen = [c for c in doc.choices if c.value in values]
    if not chosen:
        return None  # a party id
    others = [str(c.value) for c in doc.choices if c.value not in values]
    note = f"{doc.label}: " + "; ".join(f"{c.value} = {c.meaning}" for c in chosen)
    return note + (f" (ook mogelijk: {', '.join(others)})" if others else "")


def inline_yaml(value: Any) -> str:
    """``value`` as YAML on one line: ``'41000001'``, ``[a, b]``, ``{uhn: 45, mcf: 55}``."""
    return _flow(value) if isinstance(value, (dict, list)) else _scalar(value)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(_scalar(v) for v in value) + "]"


def _emit(lines: list[str], key: str, value: Any, path: str, indent: str) -> None:
    doc = FIELDS.get(path)
    if value is None:
        return
    if doc is not None:
        note = _choice_note(doc, value)
        if note:
            lines.extend(_comment(note, indent))
    if isinstance(value, dict) and doc is not None and doc.children:
        lines.append(f"{indent}{key}:")
        for sub_key, sub_value in value.items():
            _emit(lines, sub_key, sub_value, f"{path}.{sub_key}", indent + "  ")
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        lines.append(f"{indent}{key}:")
        for item in value:
            block: list[str] = []
            for sub_key, sub_value in item.items():
                _emit(block, sub_key, sub_value, f"{path}[].{sub_key}", indent + "    ")
            first = next(i for i, line in enumerate(block) if not line.lstrip().startswith("#"))
            block[first] = f"{indent}  - {block[first][len(indent) + 4:]}"
            lines.extend(block)
    elif isinstance(value, (dict, list)) and len(_flow(value)) + len(indent) + len(key) < WIDTH - 2:
        lines.append(f"{indent}{key}: {_flow(value)}")
    elif isinstance(value, list):
        lines.append(f"{indent}{key}:")
        lines.extend(f"{indent}  - {_scalar(item)}" for item in value)
    else:
        lines.append(f"{indent}{key}: {_scalar(value)}")


def _named(key: str) -> str:
    label = FIELDS[key].label.lower()
    return key if label == key.replace("_", " ") else f"{key} ({label})"


def starter_text(data: Mapping[str, Any], file_name: str = "spec.yaml") -> str:
    """``data`` (a spec as plain values) as commented YAML, grouped as a drafter thinks."""
    title = (data.get("document") or {}).get("titel", "Samenwerkingsovereenkomst")
    lines = [
        f"# {title}",
        "# Startspec, gemaakt met 'agreement-gen init'. Vul aan en pas aan; controleer met",
        f"#   agreement-gen validate {file_name}",
        "# en bouw het concept met",
        f"#   agreement-gen build {file_name}",
        "# Ieder veld staat beschreven in docs/spec.md; 'agreement-gen schema' geeft uw editor het schema.",
    ]
    if "versie" in data:
        lines += ["", "versie: " + _scalar(data["versie"])]
    groups = {g.id: g for g in GROUPS}
    for group_id in FILE_ORDER:
        group = groups[group_id]
        keys = [k for k in group.top if k in data and k != "versie"]
        if not keys:
            continue
        lines += ["", f"# --- {group.label} ".ljust(WIDTH - 2, "-")]
        for key in keys:
            _emit(lines, key, data[key], key, "")
        left_out = [k for k in group.top if k not in data]
        if left_out:
            lines += _comment("Ook mogelijk in deze groep: " + ", ".join(_named(k) for k in left_out) + ".", "")
    return "\n".join(lines) + "\n"
