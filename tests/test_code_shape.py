"""The shape of the code: no function body over 60 lines (its signature, where typer's
options are declared, and its docstring aside). Cyclomatic complexity is held to 20 by
ruff (C901, in pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).parents[1] / "src" / "patrol_journal"
LONGEST = 60


def _bodies() -> list[tuple[str, int]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = node.body
                docstring = isinstance(body[0], ast.Expr) and isinstance(
                    getattr(body[0], "value", None), ast.Constant
                )
                first = body[1] if docstring and len(body) > 1 else body[0]
                lines = (node.end_lineno or first.lineno) - first.lineno + 1
                found.append((f"{path.relative_to(SOURCE)}:{node.lineno} {node.name}", lines))
    return found


def test_the_shape_is_measured() -> None:
    assert len(_bodies()) > 300


@pytest.mark.parametrize(("where", "lines"), [b for b in _bodies() if b[1] > LONGEST - 20])
def test_no_function_body_is_over_sixty_lines(where: str, lines: int) -> None:
    assert lines <= LONGEST, f"{where} has {lines} lines: split it"


def test_no_module_imports_itself_through_others() -> None:
    """No import circle, counting imports inside functions (type-checking ones aside)."""
    import grimp

    graph = grimp.build_graph("patrol_journal", exclude_type_checking_imports=True)
    circles = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert len(graph.modules) > 100
    assert circles == []


def test_the_benchmarks_import_no_circle() -> None:
    """The benchmark scripts share `common.py`; none imports one that imports it."""
    found: dict[str, set[str]] = {}
    folder = SOURCE.parents[1] / "benchmarks"
    scripts = {path.stem for path in folder.glob("*.py")}
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found[path.stem] = {
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
            if (node.module if isinstance(node, ast.ImportFrom) else alias.name) in scripts
        }
    for script, imported in found.items():
        for other in imported:
            assert script not in found.get(other, set()), (script, other)
