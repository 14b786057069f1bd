"""Property-based invariants of every draft: what a Dutch health lawyer would check in any
samenwerkingsovereenkomst, on specs drawn over the whole spec space (``specgen.specs``).

Each invariant is a plain ``check_<name>(spec, agreement, text) -> list[str]`` (the problems
found, each naming the article and quoting the sentence), so it can be reused elsewhere. The
property tests only draw a spec, draft it and assert that the check finds nothing; the unit tests
at the bottom show that every check does find a deliberately planted problem.

``AGREEMENT_GEN_EXAMPLES`` sets the number of drawn specs per property test (default 120).
Invariants that the current clause library violates are marked ``xfail(strict=True)`` with
"issue 11"; when the library is fixed, the strict xfail turns red and the mark must go.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Sequence

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from agreement_gen.model.agreement import Agreement, Annex, Article, Paragraph, Recital, Ref, Table, Term
from agreement_gen.model.text import inline_text, letter, render_text
from agreement_gen.spec.load import Spec
from specgen import example_data, spec_from_data, specs

EXAMPLES = int(os.environ.get("AGREEMENT_GEN_EXAMPLES", "120"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis directory in the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Shrinking a failing spec takes minutes (thousands of drafts). A known failure stops at its
# first counterexample; AGREEMENT_GEN_SHRINK=1 shrinks it to a minimal spec for a bug report.
SHRINK = os.environ.get("AGREEMENT_GEN_SHRINK") == "1"


def known_failure(reason: str):
    """Mark a property that the current library violates: strict xfail, no shrinking."""
    phases = tuple(Phase) if SHRINK else (Phase.explicit, Phase.reuse, Phase.generate)

    def mark(test):
        test = settings(PROPERTY, phases=phases)(test)
        return pytest.mark.xfail(strict=True, reason=f"issue 11: {reason}")(test)

    return mark


# --- the library and drafting, once per session -----------------------------------------------


def _load_library():
    """The bundled clause library (its loader is being moved; try the known homes)."""
    try:
        from agreement_gen.pipeline import load_library
    except ImportError:  # pragma: no cover - depends on the reorganisation
        try:
            from agreement_gen.library.read import load_library
        except ImportError:
            from agreement_gen.library import load_library
    return load_library()


@lru_cache(maxsize=None)
def library():
    return _load_library()


def draft_spec(spec: Spec) -> Agreement:
    from agreement_gen.pipeline import draft

    return draft(spec, library=library()).agreement


def drafted(data: dict) -> tuple[Spec, Agreement, str]:
    spec = spec_from_data(data)
    agreement = draft_spec(spec)
    return spec, agreement, render_text(agreement)


@lru_cache(maxsize=None)
def library_terms() -> dict[str, tuple[str, ...]]:
    """Every defined term of the library with its other forms: {'Partij': ('Partij', 'Partijen')}."""
    return {c.term: (c.term,) + tuple(c.vormen or ()) for c in library().clauses if c.soort == "definitie"}


# --- reading an agreement: passages and sentences, with where they stand ------------------------

DEFINITIONS_KEY = "definities"
NEGATION = re.compile(r"\b(geen|niet|nooit|noch|verboden|uitgesloten)\b", re.IGNORECASE)


def _blocks(agreement: Agreement, blocks) -> Iterator[str]:
    """Each paragraph; each list item after the sentence that opens the list; each table row."""
    for block in blocks:
        if isinstance(block, Table):
            header = [inline_text(agreement, c) for c in block.header]
            yield " | ".join(header)
            for row in block.rows:
                yield " | ".join(inline_text(agreement, c) for c in row)
            continue
        intro = inline_text(agreement, block.text)
        if intro:
            yield intro
        lead = sentences_of(intro)[-1] + " " if intro else ""  # "... geen afspraken over:"
        for item in block.items:
            yield lead + inline_text(agreement, item)


def passages(agreement: Agreement, keys: Optional[Iterable[str]] = None, *, recitals: bool = True,
             definitions: bool = True) -> Iterator[tuple[str, str, str]]:
    """(where, key, passage) for recitals, articles and annexes; ``keys`` limits to slots."""
    wanted = set(keys) if keys is not None else None
    if recitals and wanted is None:
        for i, recital in enumerate(agreement.recitals):
            yield f"overweging {letter(i, upper=True)}", recital.clause_id, inline_text(agreement, recital.text)
    for n, article in enumerate(agreement.articles, start=1):
        if wanted is not None and article.key not in wanted and article.clause_id not in wanted:
            continue
        if article.key == DEFINITIONS_KEY and not definitions:
            continue
        for passage in _blocks(agreement, article.blocks):
            yield f"artikel {n} ({article.clause_id})", article.key, passage
    for n, annex in enumerate(agreement.annexes, start=1):
        if wanted is not None and annex.key not in wanted and annex.clause_id not in wanted:
            continue
        for passage in _blocks(agreement, annex.blocks):
            yield f"bijlage {n} ({annex.clause_id})", annex.key, passage


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[^a-z0-9])")


def sentences_of(passage: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(passage) if s.strip()]


def sentences(agreement: Agreement, keys: Optional[Iterable[str]] = None, **kwargs) -> Iterator[tuple[str, str, str]]:
    """(where, key, sentence) over ``passages``."""
    for where, key, passage in passages(agreement, keys, **kwargs):
        for sentence in sentences_of(passage):
            yield where, key, sentence


def _quote(where: str, sentence: str, limit: int = 400) -> str:
    return f"{where}: \u201c{sentence if len(sentence) <= limit else sentence[:limit] + ' ...'}\u201d"


def _words(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", flags)


def _all_texts(agreement: Agreement) -> Iterator[tuple[str, tuple]]:
    """Every inline Text of the model, with where it stands."""
    for party in agreement.parties:
        yield "comparitie", party.text
    yield "comparitie", agreement.parties_closing
    for i, recital in enumerate(agreement.recitals):
        yield f"overweging {letter(i, upper=True)}", recital.text
    for kind, units in (("artikel", agreement.articles), ("bijlage", agreement.annexes)):
        for n, unit in enumerate(units, start=1):
            for block in unit.blocks:
                texts = [block.text, *block.items] if isinstance(block, Paragraph) else \
                    [*block.header, *(c for row in block.rows for c in row)]
                for text in texts:
                    yield f"{kind} {n} ({unit.clause_id})", text
    yield "slot", agreement.closing


# --- the checks ---------------------------------------------------------------------------------


def check_references(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """a. Every cross-reference resolves to an article or annex of this agreement."""
    problems = []
    for where, piece_text in _all_texts(agreement):
        for piece in piece_text:
            if isinstance(piece, Ref):
                try:
                    agreement.number_of(piece.target)
                except KeyError:
                    problems.append(f"{where}: verwijzing naar '{piece.target}', dat niet in de overeenkomst staat")
    for match in re.finditer(r"<[Rr]ef:[^>]*>", text):
        problems.append(f"onverwerkte verwijzing in de tekst: {match.group(0)}")
    return problems


_SNAKE = _words(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
# choice values that are plain words but misspelled Dutch when printed raw (no diaeresis)
_RAW_WORDS = _words(r"clientenraad|clientenraden")


def _lines(text: str) -> list[str]:
    return text.splitlines()


def check_no_raw_values(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """b. No party id and no snake_case choice value (or other key) appears in the text."""
    problems = []
    names = sorted({p.naam for p in spec.parties} | {p.korte_naam for p in spec.parties}, key=len, reverse=True)
    for line in _lines(text):
        cleaned = line
        for name in names:  # an id that is also (part of) a name is not a leak
            cleaned = cleaned.replace(name, " ")
        for party in spec.parties:
            if re.search(rf"(?<![\w@.\-]){re.escape(party.id)}(?![\w\-])", cleaned):
                problems.append(f"partij-id '{party.id}' in de tekst: \u201c{line.strip()[:300]}\u201d")
        for match in _SNAKE.finditer(cleaned):
            problems.append(f"ruwe keuzewaarde '{match.group(0)}' in de tekst: \u201c{line.strip()[:300]}\u201d")
        for match in _RAW_WORDS.finditer(cleaned):
            problems.append(f"ruwe keuzewaarde '{match.group(0)}' in de tekst: \u201c{line.strip()[:300]}\u201d")
    return problems


def _definitions(agreement: Agreement) -> dict[str, str]:
    """term -> its definition text, from the definitions article (empty if there is none)."""
    out = {}
    for article in agreement.articles:
        if article.key != DEFINITIONS_KEY:
            continue
        for block in article.blocks:
            if not isinstance(block, Paragraph):
                continue
            for item in block.items:
                if item and isinstance(item[0], Term):
                    out[item[0].text] = inline_text(agreement, item[1:])
    return out


def check_defined_terms(spec: Spec, agreement: Agreement, text: str,
                        terms: Optional[dict[str, tuple[str, ...]]] = None) -> list[str]:
    """c. Every term of the definitions article is used elsewhere, and every defined term of the
    library that the text uses (and every Term in the model) is defined."""
    terms = library_terms() if terms is None else terms
    defined = _definitions(agreement)
    in_comparitie = {p.text for party in agreement.parties for p in party.text if isinstance(p, Term)}
    in_comparitie |= {p.text for p in agreement.parties_closing if isinstance(p, Term)}
    body_parts = [a.title for a in agreement.articles if a.key != DEFINITIONS_KEY]
    body_parts += [a.title for a in agreement.annexes]
    body_parts += [p for _, _, p in passages(agreement, definitions=False)]
    body = "\n".join(body_parts)
    problems = []
    for term, definition in defined.items():
        forms = terms.get(term, (term,))
        pattern = _words("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
        others = "\n".join(d for t, d in defined.items() if t != term)
        if not pattern.search(body) and not pattern.search(others):
            problems.append(f"begrip '{term}' wordt gedefinieerd maar nergens anders gebruikt")
    for term, forms in terms.items():
        if term in defined or term in in_comparitie:
            continue
        pattern = _words("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
        for where, _, sentence in sentences(agreement, definitions=False):
            match = pattern.search(sentence)
            if match:
                problems.append(f"begrip '{term}' gebruikt maar niet gedefinieerd: {_quote(where, sentence)}")
                break
    for where, piece_text in _all_texts(agreement):
        if where == "comparitie" or where.startswith("artikel") and f"({DEFINITIONS_KEY})" in where:
            continue
        for piece in piece_text:
            if isinstance(piece, Term) and piece.text not in defined and piece.text not in in_comparitie:
                problems.append(f"{where}: Term '{piece.text}' zonder definitie")
    return problems


_BINDING_ADVICE = re.compile(r"bindend(e)?\s+advi(es|ezen|seur|seurs)", re.IGNORECASE)
_ARBITRATION = re.compile(r"\b(arbitrage\w*|arbitra(al|le)|arbiter\w*|scheidsgerecht\w*)\b", re.IGNORECASE)
_INSTITUTE_NAMES = re.compile(r"(het\s+)?Nederlands(e)?\s+Arbitrage\s+Instituut(\s+\(NAI\))?", re.IGNORECASE)


def check_one_binding_forum(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """d. One binding forum: under arbitrage or rechter no binding advice ends the dispute ladder
    (or appears anywhere); under bindend_advies no arbitration; under rechter neither."""
    disputes = spec.data["geschillen"]
    forum = disputes["beslechting"]
    institute = disputes.get("instituut")
    problems = []
    for where, _, sentence in sentences(agreement):
        cleaned = _INSTITUTE_NAMES.sub(" ", sentence)
        if institute:
            cleaned = cleaned.replace(institute, " ")
        if forum in ("arbitrage", "rechter") and _BINDING_ADVICE.search(cleaned):
            problems.append(f"bindend advies naast {forum}: {_quote(where, sentence)}")
        if forum in ("bindend_advies", "rechter") and _ARBITRATION.search(cleaned):
            problems.append(f"arbitrage naast {forum.replace('_', ' ')}: {_quote(where, sentence)}")
    return problems


_VOTE_WORDS = _words(r"stem|stemmen|stemming|stemmingen|stemrecht|stemgerechtigde?|meerderheid van (?:de )?stemmen",
                     re.IGNORECASE)
# "er wordt niet gestemd", "geen meerderheid van stemmen": saying that there is no vote is no vote
_NEGATED_VOTE = re.compile(
    r"\b(?:geen|niet)\s+(?:(?:een|de)\s+)?(?:stem|stemmen|stemming|gestemd|meerderheid van (?:de )?stemmen)\b",
    re.IGNORECASE)
# the wording of each decision rule, as it would name the rule
RULE_WORDING = {
    "unanimiteit": _words(r"unanimiteit|unaniem|algemene stemmen", re.IGNORECASE),
    "gekwalificeerde_meerderheid": _words(r"gekwalificeerde meerderheid", re.IGNORECASE),
    "consent": _words(r"consent", re.IGNORECASE),
    "opt_out": _words(r"opt-out|opt out", re.IGNORECASE),
    "stilzwijgende_instemming": _words(r"stilzwijgende instemming|stilzwijgen", re.IGNORECASE),
    "doorslaggevende_stem": _words(r"doorslaggevende stem", re.IGNORECASE),
}
MAJORITY_RULES = {"gekwalificeerde_meerderheid", "doorslaggevende_stem", "opt_out", "stilzwijgende_instemming"}
VOTE_TALK_KEYS = ("besluitvorming", "mandaat", "kernbesluiten", "stuurgroep", "rol_gemeente_zorgverzekeraar")


def check_decision_wording(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """e. Under consent no votes are spoken of in the decision, mandate/ratification and
    core-decision articles; the core-decisions article names only the chosen rule."""
    rule = spec.data["besluitvorming"]["regel"]
    problems = []
    if rule == "consent":
        for where, key, sentence in sentences(agreement, VOTE_TALK_KEYS):
            match = _VOTE_WORDS.search(_NEGATED_VOTE.sub(" ", sentence))
            if match:
                problems.append(f"stemmen ('{match.group(0)}') bij consent: {_quote(where, sentence)}")
    for where, _, sentence in sentences(agreement, ["kernbesluiten"]):
        for other, pattern in RULE_WORDING.items():
            if other != rule and pattern.search(sentence):
                problems.append(f"kernbesluiten noemt de regel '{other}' terwijl de regel '{rule}' is: "
                                f"{_quote(where, sentence)}")
        if rule not in MAJORITY_RULES and re.search(r"\bmeerderheid\b", sentence, re.IGNORECASE):
            problems.append(f"kernbesluiten spreekt van een meerderheid bij de regel '{rule}': "
                            f"{_quote(where, sentence)}")
    return problems


_DEFICIT = re.compile(r"\b(tekort\w*|meerkosten|overschrijding\w*)\b", re.IGNORECASE)
_BURDEN = re.compile(r"\b(verdeeld|verdelen|verdeelt|dragen|draagt|gedragen|voor rekening|bijdragen|omgeslagen)\b",
                     re.IGNORECASE)
_COST_SHARE = re.compile(
    r"\b(dragen|draagt)\b[^.;]*\bkosten\b|\bkosten\b[^.;]*\b(verdeeld|omgeslagen)\b|\bover Partijen verdeeld\b",
    re.IGNORECASE)
COST_KEYS = ("kostenverdeling", "budgetoverschrijding", "bijlage.kostenverdeling")


def check_insurer_bears_no_deficit(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """f. A zorgverzekeraar party carries no share of deficits and no unconditional cost share,
    in the cost-sharing article, the overrun article and the cost annex."""
    insurers = [p for p in spec.parties if p.type == "zorgverzekeraar"]
    if not insurers:
        return []
    names = [p.korte_naam for p in insurers] + [p.naam for p in insurers]
    costs = spec.data["financiering"]["kostenverdeling"]
    shares = costs.get("aandelen") or {}
    # a key by size or benefit that gives every insurer 0% puts nothing on it (by use it does:
    # the final contributions follow the actual use, whatever the advance)
    zero_key = costs["methode"] in ("naar_omvang", "naar_baat") and shares \
        and all(shares.get(p.id, 0) == 0 for p in insurers)

    def exempts(sentence: str) -> bool:
        if zero_key and re.search(r"verdeelsleutel|sleutel|naar verhouding|op dezelfde wijze|volgens artikel|"
                                  r"\b(naar omvang|naar baat)\b", sentence):
            return True
        return any(n in sentence for n in names) or re.search(r"zorgverzekeraar", sentence, re.IGNORECASE)

    problems = []
    for where, _, passage in passages(agreement, COST_KEYS):
        if "|" in passage:  # a table row of the cost annex
            cells = [c.strip() for c in passage.split("|")]
            if any(cells[0] == n or cells[0].startswith(n + " (") or cells[0].endswith(f"({n})") for n in names):
                share = re.match(r"(\d+(?:,\d+)?)%", cells[1]) if len(cells) > 1 else None
                conditional = re.search(r"voorwaarde|bijdrage", passage)
                if share and float(share.group(1).replace(",", ".")) > 0 and not conditional:
                    problems.append(f"zorgverzekeraar met een onvoorwaardelijk kostenaandeel: {_quote(where, passage)}")
            continue
        for sentence in sentences_of(passage):
            problems.extend(_insurer_sentence(where, sentence, exempts))
    return problems


def _insurer_sentence(where: str, sentence: str, exempts) -> list[str]:
    problems = []
    if _DEFICIT.search(sentence) and _BURDEN.search(sentence) and "eigen rekening" not in sentence \
            and not exempts(sentence):
        problems.append(f"tekort of overschrijding ook voor de zorgverzekeraar: {_quote(where, sentence)}")
    elif _COST_SHARE.search(sentence) and re.search(r"\bPartijen\b", sentence) and not exempts(sentence):
        problems.append(f"kostenaandeel ook voor de zorgverzekeraar: {_quote(where, sentence)}")
    return problems


_MARKET_SPLIT = re.compile(
    r"\b(verdel\w*|verdeling|toewijzing|toewijzen|toe te wijzen|opdelen|opdeling)\s+van\s+[^.;]{0,80}?"
    r"\b(patiënt\w*|cliënt\w*|regio\w*|werkgebied\w*|zorgverzekeraar\w*|verzekerden|capaciteit\w*|markt\w*"
    r"|zorgaanbod)"
    r"|\bmarktverdeling\w*|\bklantverdeling\w*|\bmarkten verdelen\b",
    re.IGNORECASE)


def check_no_market_division(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """g. No clause permits dividing patients, regions, insurers or capacity between parties:
    such wording may only stand in a prohibition."""
    problems = []
    for where, _, sentence in sentences(agreement):
        if _MARKET_SPLIT.search(sentence) and not NEGATION.search(sentence):
            problems.append(f"verdeling van patiënten, regio's of capaciteit buiten een verbod: "
                            f"{_quote(where, sentence)}")
    return problems


def check_condition_precedent(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """h. An approval still 'vereist' makes the agreement subject to a condition precedent
    (opschortende voorwaarde) in an article, not only in a recital."""
    pending = [a for a in spec.data.get("goedkeuringen") or () if a["status"] == "vereist"]
    if not pending:
        return []
    for where, key, sentence in sentences(agreement):
        if where.startswith("artikel") and re.search(r"opschortende\s+voorwaarde", sentence, re.IGNORECASE):
            return []
    recital = [_quote(w, s) for w, k, s in sentences(agreement) if w.startswith("overweging")
               and re.search(r"goedkeuring|advies|voorbehoud", s)]
    return [
        "goedkeuringen vereist van " + ", ".join(sorted({spec.party(a['partij']).korte_naam for a in pending}))
        + ", maar geen artikel met een opschortende voorwaarde" + (f"; alleen {recital[0]}" if recital else "")
    ]


_GRANT_OR_CONTRACT = re.compile(
    r"\bsubsidie\w*|\bopdracht\b|\boverheidsopdracht\w*|Aanbestedingswet|Algemene wet bestuursrecht|\bAwb\b",
    re.IGNORECASE)
_MONEY = re.compile(r"\b(bijdrage\w*|middelen|financi\w*|bekostig\w*|betal\w*|bedrag\w*|geld\w*)\b", re.IGNORECASE)


MONEY_KEYS = ("financiering", "kostenverdeling", "bijlage.kostenverdeling")
_FORM_WORDS = {"subsidie": re.compile(r"\bsubsidie\w*", re.IGNORECASE),
               "opdracht": re.compile(r"\bopdracht\b|\boverheidsopdracht\w*|Aanbestedingswet", re.IGNORECASE)}


def check_municipal_money_qualified(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """i. A gemeente that bears costs has its contribution qualified, by name, as what it is: a
    subsidie (by separate decision) or the price of an opdracht, in the money articles."""
    problems = []
    for party in spec.parties:
        if party.type != "gemeente" or not party.kostendragend:
            continue
        form = _FORM_WORDS[party.bijdragevorm]
        found = any(party.korte_naam in sentence and form.search(sentence) and _MONEY.search(sentence)
                    for _, _, sentence in sentences(agreement, MONEY_KEYS))
        if not found:
            problems.append(f"de bijdrage van {party.korte_naam} wordt in de financiële artikelen nergens als "
                            f"{party.bijdragevorm} gekwalificeerd")
    return problems


_MANY_PARTIES = [
    _words(r"ieder van Partijen", re.IGNORECASE),
    _words(r"(de|alle) andere Partijen", re.IGNORECASE),
    _words(r"meerderheid", re.IGNORECASE),
    _words(r"meer dan twee Partijen", re.IGNORECASE),
]


def check_two_party_wording(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """j. A two-party agreement does not speak of 'ieder van Partijen', 'de andere Partijen' or a
    majority: wording that only fits three or more parties."""
    if len(spec.parties) != 2:
        return []
    problems = []
    for where, _, sentence in sentences(agreement):
        for pattern in _MANY_PARTIES:
            match = pattern.search(sentence)
            if match:
                problems.append(f"'{match.group(0)}' bij twee partijen: {_quote(where, sentence)}")
    return problems


_PROCESSOR = re.compile(r"\bverwerkers?\b", re.IGNORECASE)
_NOT_PROCESSOR = re.compile(r"\bgeen verwerker|\bniet als verwerker", re.IGNORECASE)
_BLANKET_PROCESSORS = re.compile(r"\b(de|alle|iedere) andere Partij(en)?\b(?!\s+die)", re.IGNORECASE)


def check_processors_are_not_everyone(spec: Spec, agreement: Agreement, text: str) -> list[str]:
    """k. Data roles follow the processings of the spec: every processing is named with its
    controller(s) and processor(s); a party that processes nothing for another is never called a
    verwerker, neither by name nor by a blanket 'de andere Partijen ... zijn verwerker'."""
    exchange = spec.data["gegevensuitwisseling"]
    processings = exchange.get("verwerkingen") or ()
    names = {p.id: p.korte_naam for p in spec.parties}
    problems = []
    paragraphs = [(where, passage) for where, _, passage in passages(agreement, definitions=False)]
    for processing in processings:
        holders = [passage for _, passage in paragraphs if processing["naam"] in passage]
        if not holders:
            problems.append(f"verwerking '{processing['naam']}' staat niet in de tekst")
            continue
        wanted = [names[i] for i in processing["verantwoordelijken"]] + [names[i] for i in processing["verwerkers"]]
        wanted += list(processing["externe_verwerkers"])
        for who in wanted:
            if not any(who in passage for passage in holders):
                problems.append(f"verwerking '{processing['naam']}' zonder {who}")
    processors = {i for p in processings for i in p["verwerkers"]}
    controllers = {i for p in processings for i in p["verantwoordelijken"]}
    outsiders = [p for p in spec.parties if p.id not in processors | controllers]
    for where, _, sentence in sentences(agreement, definitions=False):
        if not _PROCESSOR.search(sentence) or _NOT_PROCESSOR.search(sentence):
            continue
        named = [p.korte_naam for p in outsiders if re.search(rf"\b{re.escape(p.korte_naam)}\b", sentence)]
        if named:
            problems.append(f"{', '.join(named)} als verwerker: {_quote(where, sentence)}")
        elif _BLANKET_PROCESSORS.search(sentence) and re.search(r"\bzijn daarbij verwerker|\bals verwerker",
                                                               sentence):
            problems.append(f"alle andere Partijen als verwerker: {_quote(where, sentence)}")
    return problems


CHECKS = {
    "references": check_references,
    "no_raw_values": check_no_raw_values,
    "defined_terms": check_defined_terms,
    "one_binding_forum": check_one_binding_forum,
    "decision_wording": check_decision_wording,
    "insurer_bears_no_deficit": check_insurer_bears_no_deficit,
    "no_market_division": check_no_market_division,
    "condition_precedent": check_condition_precedent,
    "municipal_money_qualified": check_municipal_money_qualified,
    "two_party_wording": check_two_party_wording,
    "processors_are_not_everyone": check_processors_are_not_everyone,
}


def _holds(check, data: dict) -> None:
    spec, agreement, text = drafted(data)
    problems = check(spec, agreement, text)
    assert problems == [], "\n".join(problems[:8])


# --- the properties -------------------------------------------------------------------------------


@PROPERTY
@given(specs())
def test_every_reference_resolves(data):
    _holds(check_references, data)


@PROPERTY
@given(specs())
def test_no_raw_ids_or_choice_values(data):
    _holds(check_no_raw_values, data)


@PROPERTY
@given(specs())
def test_defined_terms_are_used_and_used_terms_defined(data):
    _holds(check_defined_terms, data)


@PROPERTY
@given(specs())
def test_one_binding_forum(data):
    _holds(check_one_binding_forum, data)


@PROPERTY
@given(specs())
def test_decision_wording_matches_the_rule(data):
    _holds(check_decision_wording, data)


@PROPERTY
@given(specs())
def test_insurer_bears_no_deficit(data):
    _holds(check_insurer_bears_no_deficit, data)


@PROPERTY
@given(specs())
def test_no_market_division(data):
    _holds(check_no_market_division, data)


@PROPERTY
@given(specs())
def test_required_approval_is_a_condition_precedent(data):
    _holds(check_condition_precedent, data)


@PROPERTY
@given(specs())
def test_municipal_money_is_qualified(data):
    _holds(check_municipal_money_qualified, data)


@PROPERTY
@given(specs())
def test_two_party_wording(data):
    _holds(check_two_party_wording, data)


@PROPERTY
@given(specs())
def test_processors_are_not_everyone(data):
    _holds(check_processors_are_not_everyone, data)


# --- every check finds a planted problem -----------------------------------------------------------


def _text(*pieces) -> tuple:
    return tuple(pieces)


def _paragraph(value) -> Paragraph | Table:
    if isinstance(value, (Paragraph, Table)):
        return value
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list):
        intro, items = value
        return Paragraph(_as_text(intro), tuple(_as_text(i) for i in items))
    return Paragraph(_as_text(value))


def _as_text(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


@lru_cache(maxsize=None)
def _base() -> tuple[Spec, Agreement]:
    spec = spec_from_data(example_data())
    return spec, draft_spec(spec)


def made(articles: dict[str, Sequence], annexes: Optional[dict[str, Sequence]] = None,
         recitals: Sequence[str] = (), base: Optional[Agreement] = None) -> tuple[Agreement, str]:
    """A small hand-made agreement (articles keyed by slot) on the frame of a real draft."""
    base = base or _base()[1]
    agreement = replace(
        base,
        recitals=tuple(Recital("overweging", _as_text(r)) for r in recitals),
        articles=tuple(Article(key, key, key.capitalize(), tuple(_paragraph(p) for p in paras))
                       for key, paras in articles.items()),
        annexes=tuple(Annex(key, key, key.capitalize(), tuple(_paragraph(p) for p in paras))
                      for key, paras in (annexes or {}).items()),
    )
    return agreement, render_text(agreement)


def spec_with(**changes) -> Spec:
    return spec_from_data(example_data(**changes))


def _party(i, ptype, naam, kort, place="Ede"):
    prefix = {"gemeente": "gem", "zorgverzekeraar": "zv"}.get(ptype, "ovr")
    data = example_data()["partijen"][0]
    public = ptype == "gemeente"
    reps = [{"naam": "J. Jansen", "functie": "wethouder" if public else "bestuurder",
             "bevoegdheid": "volmacht" if public else "statuten"}]
    return dict(data, id=f"{prefix}{i}", naam=naam, korte_naam=kort, type=ptype, kvk=f"6300000{i}",
                vestigingsplaats=place, rechtsvorm="openbaar lichaam" if public else "coöperatie",
                vertegenwoordigers=reps)


def test_check_references_finds_a_dangling_reference():
    spec, agreement = _base()
    assert check_references(spec, agreement, render_text(agreement)) == []
    first = agreement.articles[1]
    broken = replace(first, blocks=first.blocks + (Paragraph(("Zie ", Ref("bestaat-niet"), ".")),))
    agreement = replace(agreement, articles=(agreement.articles[0], broken) + agreement.articles[2:])
    problems = check_references(spec, agreement, "")
    assert len(problems) == 1 and "bestaat-niet" in problems[0]
    assert check_references(spec, agreement, "zie <ref:doel>.") != []


def test_check_no_raw_values_finds_ids_and_snake_case():
    spec = spec_with()
    good, text = made({"stuurgroep": ["Franciscus, 't Hoogeland en HCO Ëlst wijzen ieder één lid aan."]})
    assert check_no_raw_values(spec, good, text) == []
    for planted in ("De kosten draagt zkh1.", "Besluiten vallen bij gekwalificeerde_meerderheid.",
                    "De kosten worden naar_omvang verdeeld.", "Het advies van de clientenraad."):
        bad, text = made({"stuurgroep": [planted]})
        assert check_no_raw_values(spec, bad, text), planted


def test_check_no_raw_values_allows_an_id_inside_a_name():
    data = example_data()
    data["partijen"][0].update(id="franciscus", korte_naam="franciscus zorg")
    data["financiering"]["penvoerder"] = "franciscus"
    spec = spec_from_data(data)
    agreement, text = made({"doel": ["Partijen, waaronder franciscus zorg, werken samen."]})
    assert check_no_raw_values(spec, agreement, text) == []


def _definitions_article(*terms: tuple[str, str]) -> Paragraph:
    return Paragraph(("In deze Overeenkomst wordt verstaan onder:",),
                     tuple((Term(t), ": " + d + ";") for t, d in terms))


def test_check_defined_terms_finds_unused_and_undefined_terms():
    spec = spec_with()
    terms = {"Stuurgroep": ("Stuurgroep",), "Jaarplan": ("Jaarplan",), "Exitplan": ("Exitplan",)}
    good, text = made({"definities": [_definitions_article(("Stuurgroep", "het overlegorgaan"))],
                       "stuurgroep": ["Partijen stellen een Stuurgroep in."]})
    assert check_defined_terms(spec, good, text, terms) == []
    unused, text = made({"definities": [_definitions_article(("Stuurgroep", "het overlegorgaan"),
                                                             ("Exitplan", "het plan bij het einde"))],
                         "stuurgroep": ["Partijen stellen een Stuurgroep in."]})
    assert any("Exitplan" in p and "nergens" in p for p in check_defined_terms(spec, unused, text, terms))
    undefined, text = made({"definities": [_definitions_article(("Stuurgroep", "het overlegorgaan"))],
                            "stuurgroep": ["De Stuurgroep stelt het Jaarplan vast."]})
    assert any("Jaarplan" in p for p in check_defined_terms(spec, undefined, text, terms))
    stray, text = made({"definities": [_definitions_article(("Stuurgroep", "het overlegorgaan"))],
                        "stuurgroep": [_text("De ", Term("Stuurgroep"), " en de ", Term("Kerngroep"), ".")]})
    assert any("Kerngroep" in p for p in check_defined_terms(spec, stray, text, terms))


def test_check_one_binding_forum_finds_a_second_forum():
    arbitration = spec_with(geschillen={"beslechting": "arbitrage", "instituut": "Nederlands Arbitrage Instituut"})
    advice = spec_with(geschillen={"beslechting": "bindend_advies"})
    good_arb, text = made({"escalatie": ["De betrokken Partijen leggen het onderwerp voor aan een mediator."],
                           "geschillen": ["Geschillen worden beslecht door arbitrage volgens het reglement van "
                                          "het Nederlands Arbitrage Instituut."]})
    assert check_one_binding_forum(arbitration, good_arb, text) == []
    bad_arb, text = made({"escalatie": ["Het bindend advies bindt de betrokken Partijen."],
                          "geschillen": ["Geschillen worden beslecht door arbitrage."]})
    assert check_one_binding_forum(arbitration, bad_arb, text)
    good_adv, text = made({"geschillen": ["Geschillen worden beslecht door bindend advies. De bindend adviseur "
                                          "wordt benoemd door het Nederlands Arbitrage Instituut."]})
    assert check_one_binding_forum(advice, good_adv, text) == []
    bad_adv, text = made({"geschillen": ["Geschillen worden beslecht door bindend advies.",
                                         "Een Partij kan een arbitraal kort geding aanhangig maken."]})
    assert check_one_binding_forum(advice, bad_adv, text)


def test_check_decision_wording_finds_votes_under_consent_and_listed_rules():
    consent = spec_with(besluitvorming={"regel": "consent", "quorum": 2})
    good, text = made({
        "besluitvorming": ["De Stuurgroep besluit bij consent. Er wordt niet gestemd."],
        "mandaat": ["Een Afgevaardigde zonder toereikend mandaat meldt dat vóór de besluitvorming."],
        "kernbesluiten": ["Een Kernbesluit vereist de instemming van alle Partijen, ook bij consent."],
    })
    assert check_decision_wording(consent, good, text) == []
    votes, text = made({"mandaat": ["Hij kan dan stemmen onder voorbehoud van bekrachtiging."]})
    assert check_decision_wording(consent, votes, text)
    cast, text = made({"stuurgroep": ["De onafhankelijke voorzitter heeft geen stem.",
                                      "Stemmen worden per Partij uitgebracht."]})
    problems = check_decision_wording(consent, cast, text)
    assert len(problems) == 1 and "per Partij uitgebracht" in problems[0]
    listed, text = made({"kernbesluiten": ["Een Kernbesluit kan niet worden genomen met een doorslaggevende stem, "
                                           "consent of stilzwijgende instemming."]})
    assert check_decision_wording(consent, listed, text)
    majority = spec_with(besluitvorming={"regel": "gekwalificeerde_meerderheid", "quorum": 2,
                                         "meerderheid_procent": 67})
    assert check_decision_wording(majority, listed, text)
    fine, text = made({"mandaat": ["Hij kan dan stemmen onder voorbehoud van bekrachtiging."]})
    assert check_decision_wording(majority, fine, text) == []


def _with_insurer() -> Spec:
    data = example_data()
    data["partijen"].append(_party(4, "zorgverzekeraar", "Coöperatie Zilverzee U.A.", "Zilverzee"))
    return spec_from_data(data)


def test_check_insurer_bears_no_deficit_finds_an_insurer_share():
    spec = _with_insurer()
    good, text = made({
        "kostenverdeling": ["Partijen, met uitzondering van Zilverzee, dragen de gezamenlijke kosten ieder voor "
                            "een gelijk deel. Een tekort wordt verdeeld over de Partijen die zorgaanbieder zijn, "
                            "niet over Zilverzee."],
        "budgetoverschrijding": ["Kosten die een Partij boven de Begroting maakt, komen voor haar eigen rekening."],
    })
    assert check_insurer_bears_no_deficit(spec, good, text) == []
    shared, text = made({"kostenverdeling": ["Partijen dragen de gezamenlijke kosten ieder voor een gelijk deel."]})
    assert check_insurer_bears_no_deficit(spec, shared, text)
    deficit, text = made({"budgetoverschrijding": ["De goedgekeurde meerkosten worden verdeeld volgens de sleutel."]})
    assert check_insurer_bears_no_deficit(spec, deficit, text)
    row, text = made({}, annexes={"bijlage.kostenverdeling": [
        Table(((("Partij",)), ("Aandeel",)), ((("Coöperatie Zilverzee U.A. (Zilverzee)",), ("10%",)),))]})
    assert check_insurer_bears_no_deficit(spec, row, text)
    assert check_insurer_bears_no_deficit(spec_with(), shared, text) == []  # no insurer, no problem


def test_check_no_market_division_finds_a_permitted_division():
    spec = spec_with()
    good, text = made({"mededinging": [("Partijen maken geen afspraken over:", [
        "het verdelen van patiënten, cliënten, regio's of zorgverzekeraars;"])]})
    assert check_no_market_division(spec, good, text) == []
    bad, text = made({"regionaal_belang": ["Afspraken over de verdeling van zorgaanbod, patiëntenstromen of "
                                           "capaciteit tussen Partijen maken Partijen in de Stuurgroep."]})
    assert check_no_market_division(spec, bad, text)
    worse, text = made({"rollen": ["Partijen komen een marktverdeling overeen."]})
    assert check_no_market_division(spec, worse, text)


def test_check_condition_precedent_wants_an_article():
    pending = spec_with(goedkeuringen=[{"partij": "vvt2", "orgaan": "ondernemingsraad", "status": "vereist"}])
    recital_only, text = made({"doel": ["Partijen werken samen."]},
                              recitals=["voor het aangaan nog het advies van de ondernemingsraad vereist is;"])
    problems = check_condition_precedent(pending, recital_only, text)
    assert problems and "'t Hoogeland" in problems[0]
    article, text = made({"inwerkingtreding": ["De Overeenkomst wordt aangegaan onder de opschortende voorwaarde "
                                               "dat de ondernemingsraad van 't Hoogeland advies uitbrengt."]})
    assert check_condition_precedent(pending, article, text) == []
    obtained = spec_with(goedkeuringen=[{"partij": "vvt2", "orgaan": "ondernemingsraad", "status": "verkregen"}])
    assert check_condition_precedent(obtained, recital_only, text) == []


def test_check_municipal_money_qualified():
    data = example_data(financiering={"bronnen": ["eigen_middelen", "gemeente"], "penvoerder": "zkh1",
                                      "kostenverdeling": {"methode": "gelijk"}})
    data["partijen"].append(_party(4, "gemeente", "Gemeente Ede", "Gemeente Ede"))
    spec = spec_from_data(data)
    bad, text = made({"financiering": ["Partijen financieren de activiteiten uit bijdragen van gemeenten."]})
    assert check_municipal_money_qualified(spec, bad, text)
    good, text = made({"financiering": ["De bijdrage van Gemeente Ede is een subsidie als bedoeld in titel 4.2 "
                                        "van de Algemene wet bestuursrecht."]})
    assert check_municipal_money_qualified(spec, good, text) == []
    data["partijen"][-1]["bijdragevorm"] = "opdracht"
    contract = spec_from_data(data)
    assert check_municipal_money_qualified(contract, good, text)  # a subsidy where a contract was agreed
    paid, text = made({"financiering": ["Gemeente Ede betaalt haar bijdrage als prijs van een opdracht."]})
    assert check_municipal_money_qualified(contract, paid, text) == []


def test_check_two_party_wording():
    data = example_data(besluitvorming={"regel": "unanimiteit", "quorum": 2})
    data["partijen"] = data["partijen"][:2]
    two = spec_from_data(data)
    good, text = made({"uittreding": ["Iedere Partij kan opzeggen; de andere Partij ontvangt de opzegging."]})
    assert check_two_party_wording(two, good, text) == []
    for planted in ("Een Partij informeert de andere Partijen.", "Ieder van Partijen draagt de eigen kosten.",
                    "De Stuurgroep besluit met een gewone meerderheid."):
        bad, text = made({"uittreding": [planted]})
        assert check_two_party_wording(two, bad, text), planted
    assert check_two_party_wording(spec_with(), bad, text) == []  # three parties


def test_check_processors_are_not_everyone():
    data = example_data(gegevensuitwisseling={
        "rol": "verwerker", "verwerkingsverantwoordelijke": "zkh1",
        "verwerkingen": [{"naam": "de centrale planning", "verwerkers": ["vvt2"],
                          "externe_verwerkers": ["Zorgplatform B.V."]}]})
    data["partijen"].append(_party(4, "gemeente", "Gemeente Ede", "Gemeente Ede"))
    spec = spec_from_data(data)
    good, text = made({"gegevens": [
        ("Voor de verwerkingen gelden de volgende rollen:",
         ["de centrale planning: verwerkingsverantwoordelijke is Franciscus; 't Hoogeland en Zorgplatform B.V. "
          "verwerken die Persoonsgegevens als verwerker in opdracht van Franciscus."]),
        "HCO Ëlst is geen verwerker. Gemeente Ede is geen verwerker en ontvangt geen Persoonsgegevens."]})
    assert check_processors_are_not_everyone(spec, good, text) == []
    blanket, text = made({"gegevens": [
        "Voor de centrale planning is Franciscus verwerkingsverantwoordelijke; 't Hoogeland en Zorgplatform B.V. "
        "zijn daarbij verwerker.",
        "De andere Partijen verwerken die Persoonsgegevens in opdracht van Franciscus en zijn daarbij verwerker "
        "in de zin van artikel 4, onderdeel 8, AVG."]})
    assert check_processors_are_not_everyone(spec, blanket, text)
    named, text = made({"gegevens": [
        "Voor de centrale planning is Franciscus verwerkingsverantwoordelijke; 't Hoogeland en Zorgplatform B.V. "
        "zijn daarbij verwerker.", "Gemeente Ede is verwerker voor Franciscus."]})
    assert check_processors_are_not_everyone(spec, named, text)
    missing, text = made({"gegevens": ["Voor de centrale planning is Franciscus verwerkingsverantwoordelijke."]})
    assert check_processors_are_not_everyone(spec, missing, text) == [
        "verwerking 'de centrale planning' zonder 't Hoogeland",
        "verwerking 'de centrale planning' zonder Zorgplatform B.V."]
