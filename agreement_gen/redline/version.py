"""Inputs and results of a redline: the two versions (from a model or a .docx), the lines of
the change summary, and the redline itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional

from ..model.agreement import Agreement
from ..word.docxread import DocxFile, parse_docx, read_docx
from ..word.bodytext import BodyText
from ..word.modelpart import EmbeddedModel, read_model


@dataclass(frozen=True)
class Version:
    """One side of a redline: a checked .docx and, when known and current, its model."""

    name: str
    package: DocxFile
    agreement: Optional[Agreement] = None
    notes: tuple[str, ...] = ()
    #: A .docx's embedded model while it is not yet checked against the document's text
    #: (``agreement`` is None until then): ``compare`` checks it on the body it reads anyway.
    unchecked: Optional[EmbeddedModel] = None

    def checked(self, text: BodyText) -> Version:
        """This version with its embedded model checked against ``text`` (its body as read): the
        model while the text is as built, else a note that the document itself is compared."""
        if self.unchecked is None:
            return self
        model = self.unchecked.checked(text.fingerprint())
        if model.fresh:
            return replace(self, agreement=model.agreement, unchecked=None)
        return replace(self, unchecked=None, notes=self.notes + (f"{self.name}: {model.note}",))


@dataclass(frozen=True)
class Change:
    """One line of the change summary."""

    kind: str    # artikel, bijlage, kop, partij, overweging, ondertekening, tekst
    status: str  # nieuw, vervallen, gewijzigd, verplaatst, verplaatst en gewijzigd
    label: str
    excerpt: str


@dataclass(frozen=True)
class Redline:
    data: bytes
    changes: tuple[Change, ...]
    notes: tuple[str, ...]
    path: Optional[Path] = None


def version_from_agreement(agreement: Agreement, name: str, template: Optional[Path] = None,
                           embed: bool = True) -> Version:
    """Render ``agreement`` (without guidance comments) as one side of a redline; ``embed=False``
    for the old side, whose package carries no model into the redline."""
    return version_from_rendered(agreement, name, render_version(agreement, template, embed))


def render_version(agreement: Agreement, template: Optional[Path] = None, embed: bool = True) -> bytes:
    """The package of one side of a redline: no guidance comments, parts stored (read back at once)."""
    from ..word.render import render_docx  # with docxtpl and Jinja: not for two .docx files
    return render_docx(agreement, template, guidance=False, embed=embed, compress=False)


def version_from_rendered(agreement: Agreement, name: str, data: bytes) -> Version:
    """One side of a redline from ``render_version``'s package of ``agreement``."""
    return Version(name, parse_docx(data, name), agreement)


def model_versions(old: Callable[[], Agreement], old_name: str, new: Callable[[], Agreement], new_name: str,
                   template: Optional[Path | str] = None) -> tuple[Version, Version]:
    """Both sides of a redline of two models. The old one is drafted (``old()``) and rendered
    without its model (the redline carries the new one) in a child process (``forked``), which
    hands back the model with the package, while this one drafts the new model (``new()``) and
    renders it; the same bytes as one after the other. An error in ``new()`` is raised before one
    in drafting or rendering the old version (the caller checks both specs first, old first)."""
    import pickle

    from ..forked import Forked
    from ..word.render import render_docx  # noqa: F401 (loaded once, before the fork)
    from ..word.template import preload
    preload()
    template = Path(template) if template else None

    def old_side() -> bytes:
        agreement = old()
        return pickle.dumps((agreement, render_version(agreement, template, embed=False)),
                            protocol=pickle.HIGHEST_PROTOCOL)

    with Forked(old_side) as old_render:
        new_version = version_from_agreement(new(), new_name, template)
        if old_render.pid is None:  # no child: no need to pass the model through pickle
            agreement = old()
            return version_from_rendered(agreement, old_name, render_version(agreement, template, embed=False)), \
                new_version
        agreement, data = pickle.loads(old_render.result())
        return version_from_rendered(agreement, old_name, data), new_version


def version_from_docx(path: Path | str, check: bool = True) -> Version:
    """A .docx as one side of a redline; its embedded model is used only while it is current.
    ``check=False`` leaves that to ``compare``, which reads the body anyway (``Version.checked``)."""
    path = Path(path)
    package = read_docx(path)
    embedded = read_model(package, check=check)
    if embedded is None:
        return Version(path.name, package)
    if embedded.agreement is None or (check and not embedded.fresh):
        return Version(path.name, package, None, (f"{path.name}: {embedded.note}",))
    if check:
        return Version(path.name, package, embedded.agreement)
    return Version(path.name, package, unchecked=embedded)


DEFAULT_AUTHOR = "agreement-gen"


def default_author(version: Version, core) -> str:
    """Who the tracked changes are by: the new version's author, else the document's own
    (``core``: its core properties)."""
    if version.agreement is not None:
        return version.agreement.meta.author
    return core.last_modified_by or core.author or DEFAULT_AUTHOR


def default_date(version: Version, core) -> Optional[dt.datetime]:
    """When: the new version's date, else when the document was last saved."""
    if version.agreement is not None:
        return dt.datetime.combine(version.agreement.meta.date, dt.time(0, 0))
    return core.modified or core.created
