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
