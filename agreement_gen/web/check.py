"""A spec's text checked and drafted exactly as the CLI does: the same loader, the same checks,
the same Dutch messages, every problem at once.

A valid spec is also reviewed (``agreement-gen review SPEC``: the library's review rules and the
text checks); a review that fails (a rule that breaks at run time) is reported beside the
findings and leaves the spec valid.

The one thing added: layers (``bibliotheek.lagen``) must lie inside the workspace, so that a
spec cannot make the web app read clause files from elsewhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..errors import AgreementGenError, Problem, spec_error
from ..pipeline import Assembly, draft, review
from ..spec.load import validate_spec
from ..spec.yamlfile import load_yaml

if TYPE_CHECKING:
    from ..pipeline import Review


@dataclass(frozen=True)
class Outcome:
    text: str
    problems: tuple[Problem, ...] = ()
    message: Optional[str] = None        # the head of the error (''… is geen geldige spec (3 problemen)')
    assembly: Optional[Assembly] = None
    review: Optional["Review"] = None    # a valid spec's findings
    review_error: Optional[str] = None   # why the review of a valid spec failed

    @property
    def ok(self) -> bool:
        return self.assembly is not None


def check(text: str, name: str, folder: Path, workspace: Path) -> Outcome:
    """Check and draft the spec ``text`` as if it were the file ``folder/name`` (its layers are
    found beside it, and must lie inside ``workspace``)."""
    try:
        data, lines = load_yaml(text, name)
        spec = validate_spec(data, lines, name, hashlib.sha256(text.encode("utf-8")).hexdigest())
        spec = replace(spec, path=folder / name)
        _check_layers(spec.data.get("bibliotheek") or {}, folder, workspace, name)
        assembly = draft(spec)
    except AgreementGenError as exc:
        problems = exc.problems or (Problem(name, str(exc.args[0])),)
        return Outcome(text, problems, str(exc.args[0]))
    try:
        return Outcome(text, assembly=assembly, review=review(spec))
    except AgreementGenError as exc:
        return Outcome(text, assembly=assembly, review_error=str(exc))


def _check_layers(pin, folder: Path, workspace: Path, name: str) -> None:
    outside = [Problem(name, f"de laag '{layer}' ligt buiten de werkmap; de web-app leest alleen clausules "
                             "uit de werkmap", path=f"bibliotheek.lagen[{i}]")
               for i, layer in enumerate(pin.get("lagen") or (), start=1)
               if not (folder / str(layer)).resolve().is_relative_to(workspace.resolve())]
    if outside:
        raise spec_error(name, outside)
