"""The change summary of a redline names every changed unit, in the document's own words.

The invariant, read from the redline as a reader would (not through redline/units.py): every
unit of the body after the summary that holds a tracked change with text (an article, an annex,
a party in the comparitie, a recital, a signature block, the title page or other frame text)
has a row in the "Wijzigingsoverzicht" whose label names it as the document does
("Artikel 7 Besluitvorming", "Bijlage 2 Kostenverdeelsleutel", "Partijen: <naam>",
"Overweging C", "Ondertekening <partij> (<naam>)", "Titelblad", "De ondergetekenden"); no row
names a unit without changes; and in a changed table every changed row is named in its unit's
excerpt by its first cell (or counted in "en nog N wijzigingen").

Left out on purpose: the table of contents (generated from the headings: its changes are those
of the articles and annexes) and tracked paragraph marks without text (the redline moves a
mark to the neighbouring paragraph so that accepting or rejecting leaves no stray paragraph).
"""

from __future__ import annotations

import copy
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import pytest
from docx.oxml.parser import parse_xml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from agreement_gen.model.text import letter
from agreement_gen.redline import compare as R
from agreement_gen.spec.choices import RESPONSE_PERIOD_RULES
from conftest import FIXTURE_LIBRARY, FIXTURES, HARTNET
from redline_pairs import PAIRS, PairMaker, _with_party
from specgen import spec_from_data, specs
from word_save import replace_part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TBL, TR, TC = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc"
MARKS = (f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo")
TEXT = {f"{W}t", f"{W}delText", f"{W}instrText", f"{W}delInstrText", f"{W}fldChar", f"{W}tab"}
BODY_OF_ARTICLE = {"Lid", "Lidopsomming", "Opsomming", "Tabeltekst"}
MORE = re.compile(r"en nog (\d+) wijziging(?:en)?")


# --- reading a redline as a reader does ---------------------------------------------------------


def _style(paragraph) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "") if style is not None else ""


def _inside(node, tags) -> bool:
    return any(a.tag in tags for a in node.iterancestors())


def accepted_text(element) -> str:
    """The text once all changes are accepted."""
    return "".join(t.text or "" for t in element.iter(f"{W}t") if not _inside(t, (f"{W}del", f"{W}moveFrom")))


def rejected_text(element) -> str:
    """The text once all changes are rejected."""
    return "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText")
                   if not _inside(t, (f"{W}ins", f"{W}moveTo")))


def shown_text(element) -> str:
    return accepted_text(element).strip() or rejected_text(element).strip()


def tracked_text(element) -> bool:
    """Whether ``element`` holds an inserted, deleted or moved piece with text or a field."""
    for mark in element.iter(*MARKS):
        if mark.getparent().tag in (f"{W}rPr", f"{W}trPr"):
            continue  # a paragraph or row mark: its text, if any, is marked too
        if any(node.tag in TEXT for node in mark.iter()):
            return True
    return False


@dataclass
class Unit:
    kind: str  # artikel, bijlage, partij, overweging, ondertekening, tekst
    blocks: list = field(default_factory=list)
    name: str = ""  # heading title, party name, region; the letter of a recital

    @property
    def changed(self) -> bool:
        return any(tracked_text(block) for block in self.blocks)


def summary_and_body(data: bytes) -> tuple[list[tuple[str, str, str]], list]:
    """The rows of the summary table (label, status, excerpt) and the body blocks after it."""
    body = parse_xml(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(f"{W}body")
    blocks = [child for child in body if child.tag in (P, TBL)]
    end = next(i for i, b in enumerate(blocks) if b.tag == P and R.SUMMARY_END in accepted_text(b))
    tables = [b for b in blocks[:end] if b.tag == TBL]
    rows = []
    if tables:
        for row in tables[0].findall(TR)[1:]:
            label, status, excerpt = (" ".join(accepted_text(cell).split()) for cell in row.findall(TC))
            rows.append((label, status, excerpt))
    return rows, blocks[end + 1:]


def read_units(blocks: list) -> list[Unit]:
    """The body cut into units by its styles: headings, parties, recitals, signature tables, and
    the frame text between them under its Tussenkop (before the first: the title page)."""
    units: list[Unit] = []
    current: Optional[Unit] = None
    region = "Titelblad"
    recitals = {"new": 0, "old": 0}  # recitals so far once all changes are accepted / rejected
    for block in blocks:
        style = _style(block) if block.tag == P else _style(next(block.iter(P), block))
        if block.tag == P and style in ("Artikel", "Bijlagekop"):
            current = Unit("artikel" if style == "Artikel" else "bijlage", [block], shown_text(block))
            units.append(current)
            continue
        if block.tag == P and style == "Comparitie":
            current = None
            units.append(Unit("partij", [block], shown_text(block).split(",")[0].strip()))
            continue
        if block.tag == P and style == "Overweging":
            current = None
            present = {"new": bool(accepted_text(block).strip()), "old": bool(rejected_text(block).strip())}
            for side in recitals:
                recitals[side] += present[side]
            side = "new" if present["new"] else "old"
            units.append(Unit("overweging", [block], letter(recitals[side] - 1, upper=True)))
            continue
        if block.tag == TBL and style == "Ondertekening":
            current = None
            first = block.find(TR)
            if len(first.findall(TC)) == 1:  # one signatory: the party across the first row
                units.append(Unit("ondertekening", [block], shown_text(first)))
            else:  # parties side by side: a cell that starts with a party's name and those under it
                units.extend(_signature_units(block, _party_names(blocks)))
            continue
        if block.tag == P and style == "Tussenkop":
            current = None
            region = shown_text(block).rstrip(":") or region
        elif current is not None and current.kind == "artikel" and style not in BODY_OF_ARTICLE \
                and shown_text(block):
            current = None
            region = "Slot"
        if current is not None:
            current.blocks.append(block)
        elif units and units[-1].kind == "tekst" and units[-1].name == region:
            units[-1].blocks.append(block)
        else:
            units.append(Unit("tekst", [block], region))
    return units


def _spaced(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _party_names(blocks: list) -> set[str]:
    """The parties of both versions, as the comparitie names them."""
    return {_spaced(text(block)).split(",")[0].strip() for block in blocks
            if block.tag == P and _style(block) == "Comparitie" for text in (accepted_text, rejected_text)}


def _signature_units(table, names: set[str]) -> list[Unit]:
    """A unit per party of a signature table with the parties side by side: the cell that starts
    with its name and the cells under it in that column."""
    units: dict[str, Unit] = {}
    above: dict[int, str] = {}
    for row in table.findall(TR):
        for column, cell in enumerate(row.findall(TC)):
            lines = [_spaced(shown_text(p)) for p in cell.iter(P)]
            first = next((line for line in lines if line), "")
            if first in names:
                above[column] = first
            if first:
                party = above.get(column, "")
                units.setdefault(party, Unit("ondertekening", [], party)).blocks.append(cell)
    return list(units.values())


def expected_labels(units: list[Unit]) -> dict[int, str]:
    """The label the summary must give each unit (by index); signature blocks: a prefix."""
    numbers: dict[str, dict[str, dict[str, int]]] = {}
    for kind in ("artikel", "bijlage"):
        heads = [u.blocks[0] for u in units if u.kind == kind]
        numbers[kind] = {side: {title: number for number, title in enumerate(
            (t for t in (text(h).strip() for h in heads) if t), 1)}
            for side, text in (("new", accepted_text), ("old", rejected_text))}
    out = {}
    for index, unit in enumerate(units):
        if unit.kind in ("artikel", "bijlage"):
            known = numbers[unit.kind]
            number = known["new"].get(unit.name) or known["old"][unit.name]
            out[index] = f"{'Artikel' if unit.kind == 'artikel' else 'Bijlage'} {number} {unit.name}"
        elif unit.kind == "partij":
            out[index] = f"Partijen: {unit.name}"
        elif unit.kind == "overweging":
            out[index] = f"Overweging {unit.name}"
        elif unit.kind == "ondertekening":
            out[index] = f"Ondertekening {unit.name}"
        else:
            out[index] = unit.name
    return out


def _is_table_of_contents(unit: Unit) -> bool:
    return unit.kind == "tekst" and any(_style(b).upper().startswith("TOC") for b in unit.blocks if b.tag == P)


def _names(label: str, expected: str, unit: Unit) -> bool:
    if unit.kind == "ondertekening":  # the party's name, then the signatory's in brackets
        return label == expected or label.startswith(expected + " (")
    return label == expected


def summary_problems(data: bytes) -> list[str]:
    """What the summary of the redline ``data`` gets wrong (empty when it is right)."""
    rows, blocks = summary_and_body(data)
    units = [u for u in read_units(blocks) if not _is_table_of_contents(u)]
    labels = expected_labels(units)
    problems = []
    for index, unit in enumerate(units):
        matching = [row for row in rows if _names(row[0], labels[index], unit)]
        if unit.changed and not matching:
            problems.append(f"changed, not in the summary: {labels[index]!r}")
        elif unit.changed and any(row[1] not in ("nieuw", "vervallen") for row in matching):
            problems.extend(_unnamed_rows(unit, matching))  # a changed unit: which rows changed
    for row in rows:
        named = [i for i, unit in enumerate(units) if _names(row[0], labels[i], unit)]
        if not named:
            problems.append(f"a row that names no unit of the document: {row}")
        elif not any(units[i].changed for i in named):
            problems.append(f"a row for a unit without changes: {row}")
        if re.search(r"\b[a-z_]+\.[a-z_]+\b", row[0]):
            problems.append(f"an internal id in a label: {row[0]!r}")
    return problems


def _unnamed_rows(unit: Unit, rows: list[tuple[str, str, str]]) -> list[str]:
    """Changed table rows of ``unit`` that its summary excerpt neither names nor counts."""
    excerpt = " ".join(row[2] for row in rows).replace("\u00a0", " ")  # ties read as spaces in the excerpt
    unnamed = []
    for table in (b for b in unit.blocks if b.tag == TBL):
        if all(tracked_text(row) for row in table.findall(TR)):
            continue  # a table added or removed whole is one change
        for row in table.findall(TR):
            cells = row.findall(TC)
            if cells and tracked_text(row):
                name = shown_text(cells[0]).replace("\u00a0", " ")
                if not name or name not in excerpt:
                    unnamed.append(name)
    counted = sum(int(n) for n in MORE.findall(excerpt))
    if len(unnamed) > counted:
        return [f"{rows[0][0]}: changed rows {unnamed} not in the excerpt {excerpt!r}"]
    return []


# --- pairs of versions --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redlines(tmp_path_factory):
    """The redline of every pair (redline_pairs.PAIRS), with the bundled and the test library."""
    out = {}
    for library, options in (("gebundeld", {}),
                             ("test", {"source": FIXTURE_LIBRARY, "move": ("doel.md", 950), "rule": "consent"})):
        maker = PairMaker(tmp_path_factory.mktemp(f"paren-{library}"), **options)
        for pair in maker.pairs(HARTNET):
            old = R.version_from_agreement(pair.old, "oud.docx")
            out[library, pair.name] = R.compare(old, R.version_from_agreement(pair.new, "nieuw.docx")).data
    return out


@pytest.mark.parametrize("library", ["gebundeld", "test"])
@pytest.mark.parametrize("name", PAIRS)
def test_every_changed_unit_is_in_the_summary(redlines, library, name):
    assert summary_problems(redlines[library, name]) == []


def _summary_rows_edited(data: bytes, edit) -> bytes:
    """``data`` with ``edit(rows)`` applied to the w:tr elements of its summary table."""
    def change(xml: bytes) -> bytes:
        root = parse_xml(xml)
        edit(next(root.iter(TBL)).findall(TR)[1:])
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return replace_part(data, "word/document.xml", change)


def _row_labelled(rows, start: str):
    return next(row for row in rows if _spaced(accepted_text(row.find(TC))).startswith(start))


def _set_cell(row, index: int, text: str) -> None:
    cell = row.findall(TC)[index]
    texts = list(cell.iter(f"{W}t"))
    texts[0].text = text
    for other in texts[1:]:
        other.text = ""


@pytest.mark.parametrize("name, edit, problem", [
    ("bijlage-tabel", lambda rows: rows[0].getparent().remove(_row_labelled(rows, "Bijlage 1")),
     "changed, not in the summary: 'Bijlage 1 Kostenverdeelsleutel'"),
    ("bijlage-tabel", lambda rows: _set_cell(_row_labelled(rows, "Bijlage 1"), 2, "‘45%’ wordt ‘40%’"),
     "Bijlage 1 Kostenverdeelsleutel: changed rows"),
    ("bijlage-tabel", lambda rows: _set_cell(_row_labelled(rows, "Bijlage 4"), 0, "Bijlage 2 Prestatie-indicatoren"),
     "a row for a unit without changes: ('Bijlage 2 Prestatie-indicatoren'"),
    ("waarden", lambda rows: _set_cell(_row_labelled(rows, "Titelblad"), 0, "Tekst bij ‘Titelblad’"),
     "a row that names no unit of the document: ('Tekst bij"),
    ("variant", lambda rows: _set_cell(rows[-1], 0, "Artikel 12 besluitvorming.unanimiteit"),
     "an internal id in a label"),
])
def test_the_check_finds_a_wrong_summary(redlines, name, edit, problem):
    wrong = _summary_rows_edited(redlines["gebundeld", name], edit)
    assert any(found.startswith(problem) for found in summary_problems(wrong)), summary_problems(wrong)


# --- every spec: a drawn spec and one edit a board would see ------------------------------------

EXAMPLES = int(os.environ.get("AGREEMENT_GEN_REDLINE_EXAMPLES", "12"))


@lru_cache(maxsize=None)
def _library():
    from agreement_gen.pipeline import load_library

    return load_library()


def _shares(data: dict) -> dict:
    """Move up to five points of cost share from the first party that has some to the next
    (without a table of shares in the annex: another version number instead)."""
    costs = data["financiering"]["kostenverdeling"]
    shares = costs.get("aandelen") or {}
    ids = list(shares)
    giver = next((i for i in ids if shares[i] > 0), None)
    if giver is None or len(ids) < 2 or costs["methode"] == "gelijk":
        return _version(data)
    taker = ids[(ids.index(giver) + 1) % len(ids)]
    step = min(5, shares[giver])
    shares[giver] -= step
    shares[taker] += step
    return data


def _contact(data: dict) -> dict:
    contacts = data.setdefault("contactpersonen", [])
    if contacts:
        contacts[0]["naam"] = "drs. A. van Gewijzigd"
    else:
        first = data["partijen"][0]
        contacts.append({"partij": first["id"], "naam": "drs. A. van Gewijzigd", "functie": "coördinator",
                         "email": "a.vangewijzigd@example.org"})
    return data


def _party_name(data: dict) -> dict:
    data["partijen"][-1]["naam"] += " en Omstreken"
    return data


def _signatory(data: dict) -> dict:
    data["partijen"][0]["vertegenwoordigers"][0]["naam"] = "mr. Q. Vervanger"
    return data


def _version(data: dict) -> dict:
    data["document"]["versie"] = f"{data['document']['versie']}.1"
    return data


def _rule(data: dict) -> dict:
    decisions = data["besluitvorming"]
    decisions["regel"] = "consent" if decisions["regel"] == "unanimiteit" else "unanimiteit"
    decisions["per_onderwerp"] = [s for s in decisions.get("per_onderwerp", []) if s["regel"] != decisions["regel"]]
    if not decisions["per_onderwerp"]:
        decisions.pop("per_onderwerp")
    if decisions["regel"] not in RESPONSE_PERIOD_RULES:
        decisions.pop("reactietermijn_dagen", None)
    return data


EDITS = {"aandelen": _shares, "contactpersoon": _contact, "partijnaam": _party_name,
         "vertegenwoordiger": _signatory, "versie": _version, "regel": _rule, "partij": _with_party}


# No shrinking (minutes of redlines); a failure shows its first example, to keep as a plain test.
@settings(max_examples=EXAMPLES, deadline=None, database=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=specs(), edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=2, unique=True),
       backwards=st.booleans())
def test_every_changed_unit_is_in_the_summary_for_any_spec(data, edits, backwards):
    from agreement_gen.pipeline import draft

    edited = copy.deepcopy(data)
    for edit in edits:
        edited = EDITS[edit](edited)
    old, new = (edited, data) if backwards else (data, edited)
    versions = [R.version_from_agreement(draft(spec_from_data(d, f"{name}.yaml"), library=_library()).agreement,
                                         f"{name}.docx") for d, name in ((old, "oud"), (new, "nieuw"))]
    red = R.compare(*versions)
    assert red.changes, "every edit changes the document"
    problems = summary_problems(red.data)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", sorted((FIXTURES / "redline-gevallen").glob("*.yaml")), ids=lambda p: p.stem)
def test_cases_hypothesis_found_stay_fixed(case):
    """Examples the property above once failed on, replayed every run (its database is off)."""
    import yaml
    found = yaml.safe_load(case.read_text(encoding="utf-8"))
    test_every_changed_unit_is_in_the_summary_for_any_spec.hypothesis.inner_test(**found)
