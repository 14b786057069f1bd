"""The register as a table for people and as CSV for tools."""

from __future__ import annotations

import csv
import io
from .scan import ClauseFilter, Entry, Register

TITLE_WIDTH = 48
CSV_COLUMNS = ("bestand", "titel", "kenmerk", "status", "bibliotheek", "bibliotheek_versie", "lagen",
               "gewijzigd_na_bouwen")


def _edited(entry: Entry) -> str:
    return {True: "ja", False: "nee", None: "onbekend"}[entry.edited]


def _use(entry: Entry, wanted: ClauseFilter) -> tuple[str, str]:
    """(version, text hash) of the wanted clause in ``entry``; 'onbekend' for builds without versions."""
    use = entry.uses(wanted)
    if use is None or isinstance(use, str):
        return "onbekend", ""
    return use.version, use.text_sha256


def _files(n: int) -> str:
    return "1 bestand" if n == 1 else f"{n} bestanden"


def _short(text: str, width: int = TITLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def register_text(register: Register) -> str:
    """The register as a Dutch table, with the files it skipped and why."""
    wanted, entries = register.wanted, register.matching
    total = len(register.entries)
    noun = "overeenkomst" if total == 1 else "overeenkomsten"
    lines = [f"Register van {register.root}: {total} {noun} van agreement-gen"
             + (f", {_files(len(register.skipped))} overgeslagen" if register.skipped else "")]
    if wanted is not None:
        line = f"Clausule {wanted.label}: in {len(entries)} van de {total} {noun}"
        if wanted.version is not None:
            other = sum(1 for entry in register.entries if entry.uses(ClauseFilter(wanted.id)) is not None
                        and entry.uses(wanted) is None)
            line += f"; {other} met een andere versie van {wanted.id}" if other else ""
        lines.append(line)
    header = ["Bestand", "Titel", "Bibliotheek"]
    header += ["Versie", "Tekst"] if wanted is not None else ["Clausules"]
    header.append("Gewijzigd na bouwen")
    rows = []
    for entry in entries:
        p = entry.provenance
        row = [entry.path, _short(p.title), p.library]
        if wanted is not None:
            version, digest = _use(entry, wanted)
            row += [version, digest[:12]]
        else:
            row.append(str(len(p.clause_ids)))
        row.append(_edited(entry))
        rows.append(row)
    if rows:
        widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
        lines.append("")
        lines += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in [header] + rows]
    edited = sum(1 for entry in entries if entry.edited)
    if edited:
        lines += ["", f"{edited} na het bouwen gewijzigd (bijvoorbeeld in Word): de tekst wijkt af van het model "
                      "waarmee ze zijn gebouwd; vergelijk met 'agreement-gen redline'."]
    unknown = [entry for entry in entries if wanted is not None and _use(entry, wanted)[0] == "onbekend"]
    if unknown:
        lines += ["", f"{len(unknown)} gebouwd voordat agreement-gen versies per clausule vastlegde: of zij "
                      f"{wanted.label} gebruiken, is niet vast te stellen ('Versie: onbekend')."]
    if register.skipped:
        lines += ["", f"Overgeslagen ({len(register.skipped)}):"]
        lines += [f"  {item.path}: {item.reason}" for item in register.skipped]
    return "\n".join(lines) + "\n"


def register_csv(register: Register) -> str:
    """The register as CSV (RFC 4180, a header row, one row per agreement). Without a clause
    filter the last column lists every clause as id@version, separated by spaces; with one,
    the columns say which version of that clause the agreement uses and the hash of its text."""
    wanted = register.wanted
    out = io.StringIO()
    writer = csv.writer(out)
    extra = ("clausule", "versie", "tekst_sha256") if wanted is not None else ("clausules",)
    writer.writerow(CSV_COLUMNS + extra)
    for entry in register.matching:
        p, c = entry.provenance, entry.provenance.custom
        row = [entry.path, p.title, c.get("kenmerk", ""), c.get("status", ""), c.get("bibliotheek", ""),
               c.get("bibliotheek-versie", ""), c.get("bibliotheek-lagen", ""), _edited(entry)]
        if wanted is not None:
            row += [wanted.id, *_use(entry, wanted)]
        else:
            row.append(" ".join(use.label for use in p.clauses) if p.clauses else " ".join(p.clause_ids))
        writer.writerow(row)
    return out.getvalue()
