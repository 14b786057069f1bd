"""The model a .docx carries (model/serialize.py): exact round trip, strict decoding."""

from __future__ import annotations

import json

import pytest

from agreement_gen.errors import ModelError
from agreement_gen.model import serialize
from agreement_gen.pipeline import draft
from conftest import HARTNET


@pytest.fixture(scope="module")
def agreement():
    return draft(HARTNET).agreement


def test_round_trip_is_exact(agreement):
    assert serialize.from_json(serialize.to_json(agreement)) == agreement
    assert serialize.to_json(serialize.from_json(serialize.to_json(agreement))) == serialize.to_json(agreement)


def test_the_written_decoder_builds_what_the_dataclasses_build(agreement, monkeypatch):
    """Each dataclass is decoded by a function written for its fields, which fills the instance
    as its __init__ does: the same objects, attributes in the same order (the same pickle), as
    the field-by-field decoder that calls __init__; on every sample, with optional fields left
    out and with None where a field allows it."""
    import dataclasses
    import pickle

    from conftest import SAMPLES

    def slow(tp):
        checking = serialize._checking_decoder(tp)
        return lambda value, tagged=False: checking(value, tagged)

    agreements = [draft(spec).agreement for spec in SAMPLES]
    agreements.append(dataclasses.replace(agreement, meta=dataclasses.replace(agreement.meta, layer_changes=())))
    texts = [serialize.to_json(a) for a in agreements]
    fast = [serialize.from_json(text) for text in texts]
    serialize._decoder.cache_clear()
    monkeypatch.setattr(serialize, "_dataclass_decoder", slow)
    try:
        reference = [serialize.from_json(text) for text in texts]
    finally:
        serialize._decoder.cache_clear()
    for made, expected, original in zip(fast, reference, agreements):
        assert made == expected == original
        assert pickle.dumps(made) == pickle.dumps(expected)


def _broken(agreement, change) -> str:
    data = serialize.to_data(agreement)
    change(data["agreement"])
    return json.dumps(data)


@pytest.mark.parametrize("change, message", [
    (lambda a: a["meta"].update(onbekend=1), "agreement.meta: onbekend veld 'onbekend'"),
    (lambda a: a["meta"].pop("title"), "agreement.meta: veld 'title' ontbreekt"),
    (lambda a: a["meta"].update(title=7), "agreement.meta.title: tekst verwacht, gevonden 7"),
    (lambda a: a["meta"].update(date="morgen"), "agreement.meta.date: een datum (JJJJ-MM-DD) verwacht"),
    (lambda a: a.update(articles={}), "agreement.articles: een lijst verwacht"),
    (lambda a: a["articles"][0]["blocks"][0].update({"@": "Plaatje"}), "agreement.articles[0].blocks[0]: een van"),
    (lambda a: a["articles"][0]["blocks"][0].update({"@": ["Paragraph"]}), "agreement.articles[0].blocks[0]: een van"),
    (lambda a: a["articles"][2]["blocks"][0].update(extra=1), "agreement.articles[2].blocks[0]: onbekend veld 'extra'"),
    (lambda a: a["articles"][2].update(title=None), "agreement.articles[2].title: tekst verwacht, gevonden None"),
])
def test_decoding_names_what_is_wrong_and_where(agreement, change, message):
    with pytest.raises(ModelError) as info:
        serialize.from_json(_broken(agreement, change))
    assert message in str(info.value)


def test_another_format_is_refused(agreement):
    data = serialize.to_data(agreement)
    data["formaat"] = 99
    with pytest.raises(ModelError, match="onbekend modelformaat 99"):
        serialize.from_json(json.dumps(data))
