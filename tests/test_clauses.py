"""The bundled clause library: every clause, under every sample and every choice the spec allows."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import pytest

from agreement_gen.spec import schema as S
from agreement_gen.assembly.assemble import assemble
from agreement_gen.library.read import load_library
from agreement_gen.model.agreement import Agreement
from agreement_gen.spec.load import load_spec
from agreement_gen.model.text import render_text
from conftest import ROOT, SAMPLES

SEEDS = ROOT / "clauses" / "bronnen"
LEFTOVERS = re.compile(r"\[\.\.\.\]|\[…\]|\{\{|\}\}|\{%|%\}|<ref:|\bPM\b|\bXXX?\b|\bTODO\b|\bnvt\b|\bNone\b|\bTrue\b|\bFalse\b")


@lru_cache(maxsize=None)
def library():
    return load_library()


@lru_cache(maxsize=None)
def assembled(sample):
    return assemble(load_spec(sample), library())


def all_terms():
    return {c.term: (c.term,) + c.vormen for c in library().clauses if c.soort == "definitie"}


def defined_in(agreement: Agreement) -> set[str]:
    article = agreement.articles[0]
    if article.key != "definities":
        return set()
    return {item[0].text for item in article.blocks[0].items}


def problems_in(agreement: Agreement) -> list[str]:
    """What a lawyer would have to repair: leftovers, empty articles, undefined terms."""
    text = render_text(agreement)
    found = [f"restant {m.group(0)!r}" for m in LEFTOVERS.finditer(text)]
    found += [f"leeg artikel {a.title}" for a in agreement.articles if not a.blocks]
    defined = defined_in(agreement) | {"Partij"}
    body = text.split("Verklaren te zijn overeengekomen als volgt:", 1)[1]
    for term, forms in all_terms().items():
        if term in defined:
            continue
        if re.search(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)", body):
            found.append(f"begrip {term!r} gebruikt maar niet gedefinieerd")
    found += [f"dubbele punt {m.group(0)!r}" for m in re.finditer(r"[^.]\.\.(?!\.)", text)]
    return found


def test_every_clause_has_guidance_and_sources():
    for clause in library().clauses:
        assert len(clause.toelichting) >= 40, clause.id
        assert clause.bronnen, clause.id
        for source in clause.bronnen:
            if source.bestand:
                assert (SEEDS / source.bestand).is_file(), f"{clause.id}: {source.bestand}"
            else:
                assert source.grondslag


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def test_every_quote_is_found_in_its_seed():
    # 003 is OCR text: compare letters and digits only, and accept a quote whose words all
    # occur in the seed in the same order with at most a few OCR-damaged words between.
    for clause in library().clauses:
        for source in clause.bronnen:
            if not source.bestand:
                continue
            seed = _normal((SEEDS / source.bestand).read_text(encoding="utf-8"))
            quote = _normal(source.citaat.replace("...", " ").replace("…", " "))
            if quote in seed:
                continue
            vocabulary = set(seed.split())
            words = [w for w in quote.split() if len(w) > 3]
            hits = sum(1 for w in words if w in vocabulary or difflib.get_close_matches(w, vocabulary, 1, 0.8))
            assert hits >= 0.8 * len(words), f"{clause.id}: citaat niet gevonden in {source.bestand}: {source.citaat!r}"


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_draft_needs_no_repair(sample):
    agreement = assembled(sample).agreement
    assert problems_in(agreement) == []


def test_every_clause_is_used_by_a_sample_or_a_choice_sweep():
    used = set()
    for sample in SAMPLES:
        used.update(assembled(sample).agreement.meta.clause_ids)
    for sample, _, _, assembly in _sweep():
        used.update(assembly.agreement.meta.clause_ids)
    never = sorted(c.id for c in library().clauses if c.id not in used)
    assert never == []


# --- every choice the spec allows, on every sample --------------------------------------

CHOICES = {
    ("besluitvorming", "regel"): S.DECISION_RULES,
    ("gegevensuitwisseling", "rol"): S.DATA_ROLES,
    ("geschillen", "beslechting"): S.DISPUTE_FORUMS,
    ("looptijd", "verlenging"): S.RENEWAL,
    ("financiering", "kostenverdeling", "methode"): S.COST_METHODS,
    ("monitoring", "rapportage"): S.REPORTING,
    ("escalatie", "derde"): ["mediation", "bindend_advies"],
    ("toetreding", "toegestaan"): [True, False],
    ("governance", "rol_gemeente"): S.OUTSIDE_ROLES + [None],
    ("governance", "rol_zorgverzekeraar"): S.OUTSIDE_ROLES + [None],
}
# a choice that only exists when a party of this type takes part
NEEDS_PARTY_TYPE = {("governance", "rol_gemeente"): "gemeente", ("governance", "rol_zorgverzekeraar"): "zorgverzekeraar"}


def _variant(spec_data: dict, path: tuple, value) -> dict:
    import copy

    data = copy.deepcopy(spec_data)
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    ids = [p["id"] for p in data["partijen"]]
    # keep the spec valid: the cross-field rules that follow from the choice
    dec = data["besluitvorming"]
    dec.setdefault("meerderheid_procent", 67) if dec["regel"] == "gekwalificeerde_meerderheid" else None
    if dec["regel"] not in S.RESPONSE_PERIOD_RULES:
        dec.pop("reactietermijn_dagen", None)
    gegevens = data["gegevensuitwisseling"]
    if gegevens["rol"] == "verwerker":
        gegevens.setdefault("verwerkingsverantwoordelijke", ids[0])
        if not gegevens.get("verwerkingen"):
            gegevens["verwerkingen"] = [{"naam": "de gezamenlijke planning", "verwerkers": [ids[1]]}]
    else:
        gegevens.pop("verwerkingsverantwoordelijke", None)
        gegevens.pop("verwerkingen", None)
    escalatie = data.setdefault("escalatie", {})
    if escalatie.get("derde") == "bindend_advies" and data["geschillen"]["beslechting"] != "bindend_advies":
        # one binding forum per dispute: binding advice at the end of the ladder is the forum too
        if path == ("escalatie", "derde"):
            data["geschillen"]["beslechting"] = "bindend_advies"
        else:
            escalatie["derde"] = "mediation"
    if data["geschillen"]["beslechting"] == "rechter":
        data["geschillen"].setdefault("rechtbank", "Rechtbank Midden-Nederland")
    if data["looptijd"]["verlenging"] != "geen":
        data["looptijd"].setdefault("verlenging_jaren", 2)
    kosten = data["financiering"]["kostenverdeling"]
    if kosten["methode"] != "gelijk" and not kosten.get("aandelen"):
        share = 100 // len(ids)
        kosten["aandelen"] = {i: share for i in ids}
        kosten["aandelen"][ids[0]] += 100 - share * len(ids)
    return data


@lru_cache(maxsize=None)
def _sweep():
    import yaml

    from agreement_gen.spec.load import validate_spec

    out = []
    for sample in SAMPLES:
        base = yaml.safe_load(sample.read_text(encoding="utf-8"))
        types = {p["type"] for p in base["partijen"]}
        for path, values in CHOICES.items():
            if NEEDS_PARTY_TYPE.get(path, "overig") not in types | {"overig"}:
                continue
            for value in values:
                data = _variant(base, path, value)
                spec = validate_spec(data, {}, f"{sample.name} met {'.'.join(path)}={value}")
                out.append((sample, path, value, assemble(spec, library())))
        for optional in ("fasering", "personeel", "inspraak", "aanleiding", "intentieverklaring"):
            data = dict(base)
            data.pop(optional, None)
            spec = validate_spec(data, {}, f"{sample.name} zonder {optional}")
            out.append((sample, (optional,), None, assemble(spec, library())))
    return tuple(out)


def test_every_choice_on_every_sample_gives_a_sound_draft():
    failures = []
    for sample, path, value, assembly in _sweep():
        for problem in problems_in(assembly.agreement):
            failures.append(f"{sample.stem} {'.'.join(path)}={value}: {problem}")
    assert failures == []


def test_decision_rule_is_named_consistently():
    """The variant chosen for besluitvorming is the one every other article refers to."""
    for sample, path, value, assembly in _sweep():
        if path != ("besluitvorming", "regel"):
            continue
        chosen = next(d.chosen for d in assembly.decisions if d.slot == "besluitvorming")
        assert chosen is not None and chosen.variant is not None
        assert value.replace("_", "") in chosen.id.replace("_", "").replace("-", "").replace(".", "") or \
            value in (chosen.voorwaarde or ""), f"{sample.stem}: {value} -> {chosen.id}"


def test_municipality_brings_woo_and_budget_joint_control_article_26_shared_staff_vat():
    for sample, path, value, assembly in _sweep():
        text = render_text(assembly.agreement)
        if any(p.startswith("Gemeente") or "gemeente" in p.lower() for p in
               (s.party for s in assembly.agreement.signatures)):
            assert "Woo" in text or "Wet open overheid" in text, sample.stem
            assert "artikel 189 en volgende Gemeentewet" in text, sample.stem
        personeel = load_spec(sample).data["personeel"]
        if personeel and (personeel["gezamenlijk_rooster"] or personeel["detachering"]):
            assert "omzetbelasting" in text and "artikel 11, eerste lid, onderdeel" in text, sample.stem
        if path == ("gegevensuitwisseling", "rol") and value == "gezamenlijk":
            assert "artikel 26" in text.lower() and "AVG" in text, sample.stem
        if path == ("gegevensuitwisseling", "rol") and value == "verwerker":
            assert "artikel 28" in text.lower(), sample.stem


def test_topics_table_in_docs_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("topics_table", ROOT / "scripts" / "topics_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs" / "onderwerpen.md").read_text(encoding="utf-8")
    assert current == module.table(), "docs/onderwerpen.md is verouderd: draai python scripts/topics_table.py"
