"""Helpers for the web app's tests: read a page's form as a browser would submit it, and turn a
spec's values into the form's inputs."""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from werkzeug.datastructures import MultiDict

from agreement_gen.spec.fields import FIELDS


def token(html: bytes | str) -> str:
    text = html.decode("utf-8") if isinstance(html, bytes) else html
    return re.search(r'name="csrf" value="([0-9a-f]+)"', text).group(1)


def form_values(html: bytes | str, form_id: str = "editor") -> MultiDict:
    """What a browser sends when the form ``form_id`` is submitted without changes."""
    page = lxml.html.fromstring(html)
    form = page.get_element_by_id(form_id)
    return MultiDict(form.form_values())


def message_at(html: bytes | str, name: str) -> list[str]:
    """The messages the page shows at the field ``name`` (``partijen[1].kvk``)."""
    page = lxml.html.fromstring(html)
    dom = "v-" + re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9_]", "-", name)).strip("-")
    found = page.xpath(f'//ul[@id="m-{dom}"]/li')
    return [li.text_content() for li in found]


def spec_inputs(data: dict, prefix: str = "", schema: str = "") -> list[tuple[str, str]]:
    """The inputs that hold ``data`` (a spec's plain values), named as the form names them."""
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        path = f"{schema}.{key}" if schema else key
        name = f"{prefix}{key}"
        doc = FIELDS.get(path)
        if doc is None:
            continue
        if doc.repeatable:
            for i, row in enumerate(value, start=1):
                out.append((f"{name}[{i}]", ""))
                out += spec_inputs(row, f"{name}[{i}].", path + "[]")
        elif doc.type == "dict" and doc.children:
            out += spec_inputs(value, name + ".", path)
        elif doc.type == "dict":
            for i, (k, v) in enumerate(value.items(), start=1):
                out += [(f"{name}[{i}].partij", str(k)), (f"{name}[{i}].waarde", _text(v))]
        elif doc.type == "list" and doc.multiple:
            out += [(name, str(v)) for v in value]
        elif doc.type == "list":
            out.append((name, "\n".join(_text(v) for v in value)))
        else:
            out.append((name, _text(value)))
    return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
