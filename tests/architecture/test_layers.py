"""The import graph keeps the layers apart (docs/concepts.md, "Layers").

The domain packages decide and never reach storage, serialization or the application
layer; the application layer (``supportkit.app``) is the only code that opens units of
work besides the adapters, the command line and the test kits; no supportkit import hides
inside a function to dodge a cycle. These tests read the source with :mod:`ast`, so an
import under ``if TYPE_CHECKING:`` counts like any other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import supportkit

SRC = Path(supportkit.__file__).parent

DOMAIN = ("tickets", "calendars", "sla", "entitlements", "privacy", "access")
#: What a domain module may not import (the issue's list, plus the loaders and test kits).
FORBIDDEN_IN_DOMAIN = (
    "supportkit.ports",
    "supportkit.serialization",
    "supportkit.adapters",
    "supportkit.app",
    "supportkit.service",
    "supportkit.cli",
    "supportkit.loading",
    "supportkit.presets",
    "supportkit.testing",
)
#: Modules that may open units of work: the application layer and the edges around it.
UNIT_OF_WORK_OPENERS = ("app", "adapters", "cli", "testing")


def _modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        yield ".".join(["supportkit", *parts]), path, ast.parse(path.read_text("utf-8"))


def _imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:  # ``from supportkit import app`` names a module too
                yield node.lineno, f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _domain(module: str) -> bool:
    return any(_under(module, f"supportkit.{package}") for package in DOMAIN)


MODULES = list(_modules())


def test_the_domain_packages_exist() -> None:
    found = {m for m, _, _ in MODULES if _domain(m)}
    assert {f"supportkit.{p}" for p in DOMAIN} <= found
    assert len(found) > 30  # the walk really sees the source tree


@pytest.mark.parametrize("module,path,tree", [m for m in MODULES if _domain(m[0])],
                         ids=[m[0] for m in MODULES if _domain(m[0])])
def test_domain_modules_import_no_outer_layer(module: str, path: Path, tree: ast.Module) -> None:
    bad = [f"line {line}: {name}" for line, name in _imports(tree)
           if any(_under(name, outer) for outer in FORBIDDEN_IN_DOMAIN)]
    assert not bad, f"{module} ({path}) imports an outer layer: {bad}"


def test_domain_modules_import_no_driver_or_cattrs() -> None:
    drivers = ("sqlite3", "psycopg", "psycopg_pool", "cattrs")
    bad = [f"{module}: {name}" for module, _, tree in MODULES if _domain(module)
           for _, name in _imports(tree) if any(_under(name, d) for d in drivers)]
    assert not bad


def test_no_supportkit_import_is_function_local() -> None:
    local: list[str] = []
    for module, _, tree in MODULES:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                local += [f"{module} line {line}: {name}" for line, name in _imports(node)
                          if _under(name, "supportkit")]
    assert not local, f"function-local supportkit imports (fix the cycle instead): {local}"


def test_only_the_application_layer_opens_units_of_work() -> None:
    """``unit_of_work(`` is called by the app layer, adapters, CLI and test kits only."""
    callers: list[str] = []
    for module, _, tree in MODULES:
        if any(_under(module, f"supportkit.{p}") for p in UNIT_OF_WORK_OPENERS):
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "unit_of_work"):
                callers.append(f"{module} line {node.lineno}")
    assert not callers, f"units of work opened outside supportkit.app: {callers}"


def test_one_write_path() -> None:
    """Only :func:`supportkit.app.write.record` adds a ticket or appends to one (adapters and
    the import command's bulk path aside)."""
    writers: list[str] = []
    for module, _, tree in MODULES:
        if _under(module, "supportkit.adapters") or _under(module, "supportkit.testing"):
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"add", "save", "add_many", "append"}
                    and isinstance(node.func.value, ast.Attribute)
                    and node.func.value.attr == "tickets"):
                writers.append(f"{module} line {node.lineno}: tickets.{node.func.attr}")
    allowed = {w for w in writers if w.startswith("supportkit.app.write ")}
    bulk = {w for w in writers if w.startswith("supportkit.cli.transfer ")}
    assert set(writers) - allowed - bulk == set(), writers
    assert allowed, "the write path itself was not found"


def test_the_helpdesk_is_a_thin_facade() -> None:
    """Each :class:`~supportkit.Helpdesk` method names its arguments and makes one call into
    :mod:`supportkit.app` (or a pure rule): one statement after the docstring, no ``with``,
    ``try``, ``if`` or loop, so no unit of work, retry or per-method glue lives in the
    facade."""
    tree = next(tree for module, _, tree in MODULES if module == "supportkit.service")
    facade = next(node for node in tree.body
                  if isinstance(node, ast.ClassDef) and node.name == "Helpdesk")
    thick: list[str] = []
    for method in facade.body:
        if not isinstance(method, ast.FunctionDef) or method.name == "__init__":
            continue
        body = method.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring
        if len(body) != 1 or not isinstance(body[0], ast.Return | ast.Expr):
            kinds = ", ".join(type(statement).__name__ for statement in body)
            thick.append(f"{method.name} (line {method.lineno}): {kinds}")
    assert len(facade.body) > 40, "the walk really sees the facade's methods"
    assert not thick, f"Helpdesk methods doing more than one call (move it to app/): {thick}"
