"""Spec + clause library -> Agreement. Pure: no files written, no Word.

For every slot the first variant whose condition holds is chosen; its body is rendered in the
sandbox and parsed into leden, items, tables and cross-references. The definitions article
holds exactly the defined terms the rest of the text uses. Every decision is recorded so that
``explain`` can show a lawyer why each clause is in or out.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Optional

import jinja2
from jinja2.exceptions import SecurityError

from .. import __version__
from ..errors import BuildError, Problem
from ..library.clause import Clause, Library
from ..model.agreement import (
    Agreement,
    Annex,
    Article,
    Block,
    Guidance,
    Meta,
    Paragraph,
    Recital,
    Ref,
    Source,
    Table,
    Term,
    Text,
)
from .blocks import block_texts, parse_blocks, plain
from .parties import parties_closing, party_blocks, signatures
from .layers import layer_changes
from .uses import clause_uses
from ..library.compiled import compiled_texts
from ..library.fields import schema_for
from ..spec.load import Spec, validate_extra
from ..templating import LimitExceeded, make_environment, time_limit
from .context import build_context

MAX_CLAUSE_CHARS = 200_000  # one clause's text; the largest bundled one is about 10,000

DEFINITIONS_KEY = "definities"
# No number of copies: the agreement may be signed electronically and in counterparts
# (slotbepalingen), so a count would contradict it; place and date stand at each signature.
CLOSING = "Aldus overeengekomen en ondertekend op de plaatsen en data die bij de handtekeningen zijn vermeld."


@dataclass(frozen=True)
class Consideration:
    clause_id: str
    variant: Optional[str]
    outcome: str  # "gekozen", "voorwaarde onwaar", "andere variant gekozen", "begrip niet gebruikt"
    condition: Optional[str]
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SlotDecision:
    slot: str
    soort: str
    chosen: Optional[Clause]
    considered: tuple[Consideration, ...]


@dataclass(frozen=True)
class Assembly:
    agreement: Agreement
    decisions: tuple[SlotDecision, ...]
    defaults: tuple[tuple[str, Any], ...] = ()  # the choices the spec left to the schema's defaults
    # the library it was assembled from: explain names its seed documents by their titles
    library: Optional[Library] = field(default=None, compare=False, repr=False)
    # how the library was chosen, for people: a released version from an archive (pipeline.draft)
    notes: tuple[str, ...] = ()


def _template_line(exc: BaseException, clause: Clause) -> Optional[int]:
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return clause.body_line + line - 1 if line else None


def _clause_problem(clause: Clause, exc: BaseException, what: str) -> Problem:
    if isinstance(exc, jinja2.UndefinedError):
        reason = f"onbekende waarde ({exc.message})"
    elif isinstance(exc, SecurityError):
        reason = f"niet toegestaan in de sandbox ({exc})"
    else:
        reason = str(exc)
    line = _template_line(exc, clause) if what == "tekst" else None
    return Problem(clause.location, f"clausule '{clause.id}': {what} kan niet worden berekend: {reason}", line)


def _lookup(context: dict[str, Any], path: str) -> str:
    value: Any = context
    for part in path.split("."):
        try:
            value = value[part] if not callable(value) else None
        except (KeyError, TypeError, IndexError):
            return "(ontbreekt)"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return _show(value)


def _show(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        return repr(value)
    if hasattr(value, "items"):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _condition_values(clause: Clause, context: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    if not clause.voorwaarde:
        return ()
    paths = compiled_texts().condition_entry(clause.voorwaarde).paths
    return tuple((p, _lookup(context, p)) for p in paths if not callable(context.get(p.split(".")[0])))


def _holds(clause: Clause, context: dict[str, Any]) -> bool:
    if clause.condition is None:
        return True
    with time_limit():
        return bool(clause.condition(**context))


def _render(clause: Clause, context: dict[str, Any]) -> str:
    with time_limit():
        text = clause.template.render(context)
    if len(text) > MAX_CLAUSE_CHARS:
        raise LimitExceeded(f"de tekst is {len(text)} tekens lang; ten hoogste {MAX_CLAUSE_CHARS} toegestaan")
    return text


# --- assembly ----------------------------------------------------------------------------


def _slots(clauses: Iterable[Clause]) -> "OrderedDict[tuple[str, str], list[Clause]]":
    slots: OrderedDict[tuple[str, str], list[Clause]] = OrderedDict()
    for clause in clauses:
        slots.setdefault((clause.soort, clause.slot), []).append(clause)
    return slots


def _guidance(clause: Clause) -> Guidance:
    return Guidance(
        toelichting=clause.toelichting,
        bronnen=tuple(Source(s.bestand, s.citaat, s.grondslag) for s in clause.bronnen),
    )


_WORD_CHAR = re.compile(r"\w")


@functools.lru_cache(maxsize=1024)
def _term_search(forms: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?!\w)")


def _mentions(forms: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` has one of ``forms`` as a whole word: ``(?<!\\w)(?:forms)(?!\\w)``,
    but searched for the words first (a pattern that starts with a look-behind is tried at every
    position of a draft's 60,000 characters, a fifth of assembling)."""
    pattern, position = _term_search(forms), 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        if start == 0 or not _WORD_CHAR.match(text, start - 1):
            return True
        position = start + 1  # as the look-behind would: every position, overlapping ones too
    return False


def assemble(spec: Spec, library: Library) -> Assembly:
    """Select, order and fill the clauses of ``library`` for ``spec``."""
    env = make_environment()
    context = build_context(spec)
    problems: list[Problem] = []
    decisions: list[SlotDecision] = []
    rendered: dict[str, tuple[Block, ...]] = {}
    chosen: list[Clause] = []

    if spec.data["versie"] not in library.spec_versions:
        raise BuildError(
            f"{spec.name}: specformaat versie {spec.data['versie']} wordt niet ondersteund door "
            f"bibliotheek {library.name} {library.version} (ondersteunt: "
            f"{', '.join(map(str, library.spec_versions))})"
        )
    context["aanvullend"] = validate_extra(spec, schema_for(library.fields), library.label)
    given = spec.data.get("aanvullend") or {}
    extra_defaults = tuple((f"aanvullend.{name}", value) for name, value in context["aanvullend"].items()
                           if value is not None and given.get(name) is None)

    definitions = [c for c in library.clauses if c.soort == "definitie"]
    for (soort, slot), variants in _slots(c for c in library.clauses if c.soort != "definitie").items():
        winner: Optional[Clause] = None
        considered = []
        for clause in variants:
            values = _condition_values(clause, context)
            if winner is not None:
                considered.append(Consideration(clause.id, clause.variant, "andere variant gekozen", clause.voorwaarde, values))
                continue
            try:
                holds = _holds(clause, context)
            except Exception as exc:  # noqa: BLE001 - any failure of a library condition is reported
                problems.append(_clause_problem(clause, exc, "voorwaarde"))
                continue
            if holds:
                winner = clause
                considered.append(Consideration(clause.id, clause.variant, "gekozen", clause.voorwaarde, values))
            else:
                considered.append(Consideration(clause.id, clause.variant, "voorwaarde onwaar", clause.voorwaarde, values))
        decisions.append(SlotDecision(slot, soort, winner, tuple(considered)))
        if winner is not None:
            chosen.append(winner)

    for clause in chosen:
        try:
            text = _render(clause, context)
        except Exception as exc:  # noqa: BLE001 - a library template may fail in any way
            problems.append(_clause_problem(clause, exc, "tekst"))
            continue
        blocks = parse_blocks(text)
        if clause.soort == "artikel" and not blocks:
            problems.append(Problem(clause.location, f"clausule '{clause.id}' geeft een leeg artikel voor deze spec"))
        if clause.soort == "overweging" and any(isinstance(b, Table) for b in blocks):
            problems.append(Problem(clause.location, f"clausule '{clause.id}': een overweging kan geen tabel bevatten"))
        rendered[clause.id] = blocks

    if problems:
        raise BuildError("de overeenkomst kan niet worden samengesteld:", problems)

    recitals = tuple(
        Recital(c.id, _recital_text(b))
        for c in chosen if c.soort == "overweging"
        for b in rendered[c.id]
    )
    articles = [
        Article(c.slot, c.id, c.titel or c.id, rendered[c.id], _guidance(c))
        for c in chosen if c.soort == "artikel"
    ]
    annexes = tuple(
        Annex(c.slot, c.id, c.titel or c.id, rendered[c.id], _guidance(c))
        for c in chosen if c.soort == "bijlage"
    )

    definition_article, def_decisions, def_texts = _definitions(env, definitions, context, recitals, articles, annexes, problems)
    decisions.extend(def_decisions)
    if problems:
        raise BuildError("de overeenkomst kan niet worden samengesteld:", problems)
    if definition_article is not None:
        articles.insert(0, definition_article)

    doc = spec.document
    meta = Meta(
        title=doc["titel"],
        subject=f"Samenwerkingsovereenkomst {spec.data['samenwerking']['naam']}",
        author=doc["auteur"],
        kenmerk=doc["kenmerk"],
        status=doc["status"],
        version=doc["versie"],
        date=doc["datum"],
        collaboration=spec.data["samenwerking"]["naam"],
        region=spec.data["regio"]["naam"],
        spec_sha256=spec.sha256,
        library_name=library.name,
        library_version=library.version,
        library_layers=library.label,
        generator_version=__version__,
        clause_ids=tuple(c.id for c in chosen) + tuple(c.id for c, _ in def_texts),
    )
    agreement = Agreement(
        meta=meta,
        parties=party_blocks(spec),
        parties_closing=parties_closing(),
        recitals=recitals,
        articles=tuple(articles),
        closing=(CLOSING,),
        signatures=signatures(spec),
        annexes=annexes,
    )
    units = [(c, list(block_texts(rendered[c.id]))) for c in chosen]
    units += [(c, [text]) for c, text in def_texts]
    _check_references(agreement, units)
    changes = layer_changes(library, agreement, units, context, _render, _holds)
    agreement = replace(agreement, meta=replace(meta, clauses=clause_uses(agreement, units), layer_changes=changes))
    return Assembly(agreement, tuple(decisions), spec.defaults + extra_defaults, library)


def _recital_text(block: Block) -> Text:
    assert isinstance(block, Paragraph)
    text = list(block.text)
    for item in block.items:
        text.extend([" "] + list(item))
    return tuple(text)


def _definitions(env, definitions, context, recitals, articles, annexes, problems):
    """Render the definitions whose condition holds and keep those the text uses."""
    candidates: dict[str, tuple[Clause, Text]] = {}
    decisions = []
    for clause in definitions:
        try:
            holds = _holds(clause, context)
        except Exception as exc:  # noqa: BLE001
            problems.append(_clause_problem(clause, exc, "voorwaarde"))
            continue
        if not holds:
            decisions.append(SlotDecision(clause.slot, "definitie", None, (
                Consideration(clause.id, None, "voorwaarde onwaar", clause.voorwaarde, _condition_values(clause, context)),)))
            continue
        try:
            blocks = parse_blocks(_render(clause, context))
        except Exception as exc:  # noqa: BLE001
            problems.append(_clause_problem(clause, exc, "tekst"))
            continue
        if len(blocks) != 1 or not isinstance(blocks[0], Paragraph) or blocks[0].items:
            problems.append(Problem(clause.location, f"definitie '{clause.id}' moet uit één alinea bestaan"))
            continue
        if clause.term in candidates:
            problems.append(Problem(clause.location, f"het begrip '{clause.term}' is ook gedefinieerd in {candidates[clause.term][0].location}"))
            continue
        candidates[clause.term] = (clause, blocks[0].text)

    corpus = [plain(r.text) for r in recitals]
    for unit in list(articles) + list(annexes):
        corpus.extend(plain(t) for t in block_texts(unit.blocks))
        corpus.append(unit.title)
    used: dict[str, tuple[Clause, Text]] = {}
    pending = "\n".join(corpus)
    while True:
        new = {
            term: item for term, item in candidates.items()
            if term not in used and _mentions((term,) + item[0].vormen, pending)
        }
        if not new:
            break
        used.update(new)
        pending = "\n".join(plain(text) for _, text in new.values())
    for term, (clause, _) in candidates.items():
        outcome = "gekozen" if term in used else "begrip niet gebruikt"
        decisions.append(SlotDecision(clause.slot, "definitie", clause if term in used else None,
                                      (Consideration(clause.id, None, outcome, clause.voorwaarde, ()),)))
    if not used:
        return None, decisions, []
    items = tuple(
        (Term(term), ": ") + text + (";" if i < len(used) - 1 else ".",)
        for i, (term, (_, text)) in enumerate(sorted(used.items(), key=lambda kv: kv[0].lower()))
    )
    article = Article(
        key=DEFINITIONS_KEY,
        clause_id=DEFINITIONS_KEY,
        title="Definities",
        blocks=(Paragraph(("In deze Overeenkomst wordt verstaan onder:",), items),),
        guidance=Guidance(
            "Dit artikel bevat alleen de begrippen die elders in deze Overeenkomst met een hoofdletter "
            "worden gebruikt; het wordt bij elke bouw opnieuw samengesteld. Pas een definitie aan in "
            "de clausulebibliotheek, niet hier.",
            (Source(None, None, "juridische praktijk: gedefinieerde begrippen voorkomen uitlegverschillen"),),
        ),
    )
    return article, decisions, sorted(used.values(), key=lambda item: item[0].id)


def _check_references(agreement: Agreement, units: list[tuple[Clause, Iterable[Text]]]) -> None:
    problems = []
    for clause, texts in units:
        for text in texts:
            for piece in text:
                if not isinstance(piece, Ref):
                    continue
                try:
                    agreement.number_of(piece.target)
                except KeyError:
                    problems.append(Problem(
                        clause.location,
                        f"clausule '{clause.id}' verwijst naar '{piece.target}', maar die clausule staat "
                        "niet in deze overeenkomst (bestaat niet of is niet gekozen)",
                    ))
    if problems:
        raise BuildError("de overeenkomst kan niet worden samengesteld:", list(dict.fromkeys(problems)))
