"""Check a Word template before anyone builds with it: what a restyled template lacks or breaks.

``check_template(path)`` opens the file as the renderer would and reports, as findings with a
severity (fout: a build fails or comes out wrong; waarschuwing: it works, but not as intended)
and the place (cover, header or footer of which section, paragraph number and text):

- a file that is not a usable .docx (the checks of ``docxread``), a required style that is
  missing or of the wrong type, a numbered style without its list, a cover page without a
  first-page header of its own;
- every placeholder (``{{ ... }}``, ``{% ... %}``, docxtpl's ``{%p ... %}``, ...) in the cover,
  headers and footers: names the renderer does not fill, Jinja syntax errors, a placeholder
  split over runs of different formatting (docxtpl merges them into the first run's
  formatting) or over paragraphs (docxtpl then cuts through the document's XML);
- a trial: the template filled with sample values, in the renderer's sandbox, per part and as a
  whole through docxtpl, and the result checked to be well-formed XML.

Placeholders are located in a copy of each part whose paragraphs carry a numbered marker
attribute, so a line of the text docxtpl gives to Jinja leads back to a paragraph.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import jinja2
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from lxml import etree

from ..errors import DocumentError, display
from ..templating import LimitExceeded, dutch_jinja, make_environment, time_limit
from .docxread import read_docx
from .numbering import LISTS
from .template import REQUIRED_STYLES, _reason, missing_styles
from .template_names import KIND_NAMES, PLACEHOLDERS, STYLE_ROLES, expected_kind, sample_contexts
from .template_parts import TAG, Paragraph, Part, parts, unclosed_block

FOUT = "fout"
WAARSCHUWING = "waarschuwing"
_OPEN = re.compile(r"\{[{%#]")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class Finding:
    severity: str  # FOUT or WAARSCHUWING
    message: str
    place: Optional[str] = None


@dataclass(frozen=True)
class TemplateReport:
    """The findings on one template, errors first."""

    file: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == FOUT]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WAARSCHUWING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """One line per finding, then a summary line (Dutch)."""
        out = [f"{f.severity}: {self.file}{', ' + f.place if f.place else ''}: {f.message}" for f in self.findings]
        return out + [self.summary()]

    def summary(self) -> str:
        if not self.findings:
            return (f"Sjabloon in orde: {self.file} (stijlen, plaatshouders in voorblad, kop- en voetteksten, "
                    "en een proefvulling met voorbeeldwaarden)")
        counted = " en ".join(c for c in (_count(len(self.errors), "fout", "fouten"),
                                          _count(len(self.warnings), "waarschuwing", "waarschuwingen")) if c)
        if self.ok:
            return f"Sjabloon bruikbaar, met {counted}: {self.file}"
        return f"Sjabloon niet bruikbaar: {self.file} ({counted}); los de fouten op en controleer opnieuw"

    def to_json(self) -> str:
        return json.dumps({"bestand": self.file, "in_orde": self.ok,
                           "bevindingen": [{"ernst": f.severity, "plaats": f.place, "melding": f.message}
                                           for f in self.findings]}, ensure_ascii=False, indent=2)


def _count(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}" if n else ""


def check_template(path: Path | str) -> TemplateReport:
    """Every check of the module docstring on the template at ``path``; never raises for a bad file."""
    path = Path(path)
    name = display(path)
    findings = _check(path, name)
    ordered = sorted(findings, key=lambda f: f.severity != FOUT)
    return TemplateReport(name, tuple(dict.fromkeys(ordered)))


def _check(path: Path, name: str) -> list[Finding]:
    try:  # the same size, zip-bomb and protection checks as any other .docx we open
        data = read_docx(path, name).data
    except DocumentError as exc:
        return [Finding(FOUT, f"geen bruikbaar Word-sjabloon (.docx): {_reason(exc, name)}")]
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a bad package
        return [Finding(FOUT, f"geen bruikbaar Word-sjabloon (.docx): {exc}")]
    document = template.docx
    findings = _style_findings(document) + _section_findings(document)
    env = make_environment()
    placeholder_errors = False
    for part in parts(document):
        part_findings = _placeholder_findings(template, env, part)
        placeholder_errors |= any(f.severity == FOUT for f in part_findings)
        findings += part_findings
    if not placeholder_errors:
        findings += _docxtpl_trial(data)
    return findings


# --- styles and sections --------------------------------------------------------------------


def _style_findings(document) -> list[Finding]:
    styles = {s.name: s for s in document.styles if s.name}
    lower = {n.lower(): n for n in styles}
    out = []
    for missing in missing_styles(document):
        role = STYLE_ROLES.get(missing)
        purpose = f": agreement-gen gebruikt hem voor {role.purpose}" if role else ""
        similar = lower.get(missing.lower())
        hint = f"; er is wel een stijl '{similar}': geef die precies deze naam" if similar else ""
        out.append(Finding(FOUT, f"stijl '{missing}' ontbreekt{purpose}{hint}; maak hem in Word (Stijlen > Nieuwe "
                                 "stijl) met precies deze naam, of ga uit van templates/standaard.docx", "stijlen"))
    for required in REQUIRED_STYLES:
        style = styles.get(required)
        if style is not None and style.type != expected_kind(required):
            found = KIND_NAMES.get(style.type, "andere stijl")
            out.append(Finding(FOUT, f"stijl '{required}' is een {found}; agreement-gen gebruikt hem als "
                                     f"{KIND_NAMES[expected_kind(required)]}", "stijlen"))
    return out + _numbering_findings(document, styles)


def _numbering_findings(document, styles: dict) -> list[Finding]:
    """A numbered style (Artikel, Lid, ...) must keep its link to a list that exists."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering = None
    out = []
    for definition in LISTS.values():
        for level in definition.levels:
            style = styles.get(level.style)
            if style is None or style.type != WD_STYLE_TYPE.PARAGRAPH:
                continue  # reported above
            num_id = _num_id(style)
            if num_id and numbering is not None and numbering.xpath(f"./w:num[@w:numId='{num_id}']"):
                continue
            role = STYLE_ROLES.get(level.style)
            purpose = f" ({role.purpose})" if role else ""
            out.append(Finding(FOUT, f"stijl '{level.style}'{purpose} is niet (meer) gekoppeld aan een genummerde "
                                     "lijst: de nummers en de verwijzingen ernaar ontbreken dan in het document; "
                                     "herstel de nummering van de stijl in Word (Stijl wijzigen > Opmaak > "
                                     "Nummering) of ga uit van templates/standaard.docx", "stijlen"))
    return out


def _num_id(style) -> int:
    """The list a paragraph style (or the style it is based on) is numbered by; 0 for none."""
    seen = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        ppr = style.element.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            return num_pr.numId.val
        style = style.base_style
    return 0


def _section_findings(document) -> list[Finding]:
    """The cover page (first page of the first section) has a header and footer of its own."""
    sections = list(document.element.body.iter(qn("w:sectPr")))
    if not sections:
        return []
    title_pg = sections[0].find(qn("w:titlePg"))
    if title_pg is not None and title_pg.get(qn("w:val"), "1").lower() not in ("0", "false", "off"):
        return []
    return [Finding(WAARSCHUWING, "het voorblad heeft geen eigen kop- en voettekst (Word: dubbelklik op de "
                                  "koptekst, vink 'Eerste pagina afwijkend' aan): het krijgt de lopende koptekst "
                                  "en 'pagina 1 van N'", "sectie 1")]


# --- placeholders ---------------------------------------------------------------------------


def _placeholder_findings(template: DocxTemplate, env: jinja2.Environment, part: Part) -> list[Finding]:
    findings = [f for paragraph in part.paragraphs for f in _split_findings(part, paragraph)]
    if any(f.severity == FOUT for f in findings):
        return findings  # docxtpl would cut through paragraphs: Jinja's messages would only mislead
    source = part.jinja_source(template)
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        line = exc.lineno
        if (exc.message or "").startswith("Unexpected end of template"):
            line = unclosed_block(env, source) or line
        return findings + [Finding(FOUT, f"Jinja-syntaxfout: {dutch_jinja(exc.message)}",
                                   part.place(part.paragraph_at(source, line)))]
    unknown = meta.find_undeclared_variables(ast) - set(PLACEHOLDERS) - set(env.globals)
    for name in sorted(unknown):
        used = sorted({n.lineno for n in ast.find_all(nodes.Name) if n.name == name})
        for paragraph in dict.fromkeys(part.paragraph_at(source, line) for line in used):
            findings.append(Finding(FOUT, _unknown_message(name), part.place(paragraph)))
    return findings if unknown else findings + _part_trial(env, part, source)


def _split_findings(part: Part, paragraph: Paragraph) -> list[Finding]:
    text = paragraph.text
    out = []
    tags = list(TAG.finditer(text))
    inside = [range(m.start(), m.end()) for m in tags]
    for opener in _OPEN.finditer(text):
        if not any(opener.start() in span for span in inside):
            snippet = text[opener.start():opener.start() + 30]
            out.append(Finding(FOUT, f"'{snippet}' wordt in deze alinea niet gesloten ('{_CLOSERS[opener[0]]}' "
                                     "ontbreekt): een plaatshouder moet binnen één alinea staan; zet hem in Word "
                                     "op één regel, zonder Enter ertussen", part.place(paragraph)))
            break
    for tag in tags:
        pieces, formats, offset = [], set(), 0
        for run, piece in paragraph.pieces:
            start, end = offset, offset + len(piece)
            offset = end
            if end > tag.start() and start < tag.end() and piece:
                pieces.append(text[max(start, tag.start()):min(end, tag.end())])
                r_pr = run.find(qn("w:rPr"))
                formats.add(b"" if r_pr is None else etree.tostring(r_pr))
        if len(formats) > 1:
            shown = " | ".join(f"'{p}'" for p in pieces)
            out.append(Finding(WAARSCHUWING, f"plaatshouder '{tag[0]}' staat in {len(pieces)} stukken met "
                                             f"verschillende opmaak ({shown}); agreement-gen voegt ze samen in de "
                                             "opmaak van het eerste stuk, de opmaak van de rest gaat verloren; geef "
                                             "de hele plaatshouder in Word één opmaak", part.place(paragraph)))
    return out


def _unknown_message(name: str) -> str:
    close = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1)
    hint = f"; bedoelt u '{close[0]}'?" if close else ""
    return (f"onbekende plaatshouder '{name}': agreement-gen vult alleen {', '.join(PLACEHOLDERS)} "
            f"(zie docs/sjabloon.md){hint}")


# --- the trial ------------------------------------------------------------------------------


def _part_trial(env: jinja2.Environment, part: Part, source: str) -> list[Finding]:
    """Fill the part with each sample context; a failure or XML that is no longer well-formed is a fout."""
    for context in sample_contexts():
        try:
            with time_limit():
                rendered = env.from_string(source).render(context)
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never a traceback
            place = part.place(part.paragraph_at(source, _template_line(exc)))
            return [Finding(FOUT, f"proefvulling mislukt: {_failure(exc)}", place)]
        try:
            etree.fromstring(rendered.encode("utf-8"), _PARSER)
        except etree.XMLSyntaxError as exc:
            place = part.place(part.paragraph_at(rendered, exc.lineno))
            return [Finding(FOUT, f"na het invullen van de plaatshouders is dit geen geldige Word-XML meer "
                                  f"(XML-fout: {exc.msg}); kijk naar '|safe' (dat laat tekens als & ongecodeerd), "
                                  "naar plaatshouders die een hele alinea of tabelrij vervangen ({%p ...%}, "
                                  "{%tr ...%}) en naar plaatshouders in een hyperlink of veld", place)]
    return []


def _docxtpl_trial(data: bytes) -> list[Finding]:
    """The whole template through docxtpl as the renderer does it (also document properties and
    footnotes, which docxtpl fills too), and saved."""
    for context in sample_contexts():
        try:
            template = DocxTemplate(io.BytesIO(data))
            with time_limit():
                template.render(context, jinja_env=make_environment(), autoescape=True)
            template.docx.save(io.BytesIO())
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never a traceback
            return [Finding(FOUT, f"proefvulling van het hele sjabloon mislukt: {_failure(exc)}; docxtpl vult ook "
                                  "plaatshouders in de documenteigenschappen (Bestand > Info) en in voetnoten in: "
                                  "kijk ook daar")]
    return []


def _template_line(exc: BaseException) -> Optional[int]:
    """The template line of a render error (Jinja's frames are named '<template>')."""
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == "<template>"]
    return lines[-1] if lines else None


def _failure(exc: BaseException) -> str:
    if isinstance(exc, LimitExceeded):
        return str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        found = re.fullmatch(r"'(.+)' has no attribute '(.+)'", exc.message or "")
        if found:
            return f"{found[1]} heeft geen onderdeel '{found[2]}'"
        found = re.fullmatch(r"'(.+)' is undefined", exc.message or "")
        return _unknown_message(found[1]) if found else f"onbekende waarde ({exc.message})"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"niet toegestaan in een sjabloon ({exc})"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"Jinja-syntaxfout: {dutch_jinja(exc.message)}"
    return f"{type(exc).__name__}: {exc}"
