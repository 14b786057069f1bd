"""The package's layout holds: imports flow one way, spec -> agreement model -> document.

Reads every module of agreement_gen with ``ast`` (module-level and function-level imports
alike), resolves relative imports, and fails on an import against the direction below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "agreement_gen"

# Modules every stage may use: they hold no stage's logic.
SHARED = {"errors", "resources", "templating", "dutch", "forked", "collector", "output", "codecache", "__init__"}

# stage -> the stages it may import (besides itself and SHARED).
ALLOWED = {
    "spec": set(),
    "model": set(),
    "library": {"spec"},
    "assembly": {"spec", "library", "model"},
    "word": {"model"},
    "redline": {"model", "word"},
    "office": set(),
    "review": {"spec", "library", "assembly", "model", "word", "redline"},
    "batch": {"spec", "library", "assembly", "model", "word", "office"},
    # the register of built agreements: reads .docx files through word, their models through model
    "register": {"model", "word"},
    # what `init` and `schema` use (pipeline's API names it lazily; it drafts through pipeline)
    "starting": {"spec", "assembly", "pipeline"},
    # moving an agreement to another library version: builds it twice and redlines the two
    "upgrade": {"spec", "library", "assembly", "model", "word", "redline"},
    "pipeline": {"spec", "library", "assembly", "model", "word", "redline", "office", "batch", "review",
                 "register", "upgrade"},
    # the web app: a front end like the CLI; it also reads the field descriptions and checks a
    # spec's text (spec), renders the Agreement model as HTML (model) and asks office for PDFs
    "web": {"pipeline", "spec", "model", "office"},
    "cli": {"pipeline", "web"},
    "__main__": {"cli"},
}
for _shared in SHARED:
    ALLOWED[_shared] = set()


def stage_of(module: str) -> str:
    """'agreement_gen.word.render' -> 'word'; 'agreement_gen' -> '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every agreement_gen module that ``source`` (the module ``module``) imports, with its line."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "agreement_gen"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "agreement_gen":
                continue
            if node.module is None or target.count(".") == 0:
                # "from . import x" / "from .. import x": each name may be a module
                found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, target))
    return found


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    own = stage_of(module)
    allowed = ALLOWED[own] | SHARED | {own}
    out = []
    for line, target in imported_modules(source, module, is_package):
        stage = stage_of(target)
        if stage == "__version__":  # from agreement_gen import __version__
            continue
        if stage not in allowed:
            out.append(f"{module}, regel {line}: importeert {target} ({own} -> {stage} mag niet)")
    return out


def all_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_stage_is_known():
    stages = {stage_of(module_name(p)) for p in all_modules()}
    assert stages <= set(ALLOWED), f"new top-level modules need a place in ALLOWED: {stages - set(ALLOWED)}"


@pytest.mark.parametrize("path", all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_one_way(path):
    problems = violations(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module, source", [
    ("agreement_gen.spec.load", "from ..assembly.assemble import assemble\n"),
    ("agreement_gen.model.agreement", "from ..word import render\n"),
    ("agreement_gen.word.render", "def f():\n    from ..assembly import explain\n"),
    ("agreement_gen.redline.compare", "from agreement_gen.pipeline import draft\n"),
    ("agreement_gen.redline.compare", "from ..spec.load import load_spec\n"),
    ("agreement_gen.library.read", "from agreement_gen.word.template import missing_styles\n"),
    ("agreement_gen.cli.build", "from ..assembly.explain import explain_text\n"),
    ("agreement_gen.pipeline", "from .cli import main\n"),
    ("agreement_gen.errors", "from .spec import schema\n"),
])
def test_a_backward_import_is_caught(module, source):
    assert violations(source, module)


@pytest.mark.parametrize("module, source", [
    ("agreement_gen.assembly.assemble", "from ..library.read import Library\nfrom ..model.agreement import Agreement\n"),
    ("agreement_gen.word.render", "from ..model import phrases\nfrom .. import resources\n"),
    ("agreement_gen.cli.app", "from .. import __version__\nfrom ..errors import AgreementGenError\n"),
    ("agreement_gen.pipeline", "from .redline.compare import compare\n"),
])
def test_a_forward_import_is_allowed(module, source):
    assert violations(source, module) == []


def test_no_module_is_much_over_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in all_modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420}
    assert not long, f"split these along the jobs they do: {long}"
