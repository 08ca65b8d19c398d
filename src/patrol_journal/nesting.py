"""TOML read with a bound on nesting: every `tomllib` read of pj goes through `loads`.

tomllib reads nested arrays and inline tables by recursion, so a file of a few thousand
`[` (a damaged file, or a teammate's) would stop every command with a RecursionError.
Nothing pj writes nests more than two deep; anything deeper than `MAX_DEPTH` is refused
as a syntax error at its line, before tomllib sees it.
"""

from __future__ import annotations

import sys
from typing import Any

MAX_DEPTH = 32

# Strings and comments (whose brackets do not count), brackets, and line ends.
_TOKENS = (
    r'"""(?:\\.|[^\\])*?"""'
    r"|'''.*?'''"
    r'|"(?:\\.|[^"\\\n])*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[{]|[\]}]|\n"
)


def too_deep(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """(line, column) where arrays and inline tables nest deeper than `limit`, or None."""
    if text.count("[") + text.count("{") <= limit:
        return None
    import re

    depth, line, line_start = 0, 1, 0
    for token in re.finditer(_TOKENS, text, re.DOTALL):
        value = token.group()
        if value in ("[", "{"):
            depth += 1
            if depth > limit:
                return line, token.start() - line_start + 1
        elif value in ("]", "}"):
            depth = max(0, depth - 1)
        elif value == "\n":
            line, line_start = line + 1, token.end()
        elif "\n" in value:  # a multi-line string
            line += value.count("\n")
            line_start = token.start() + value.rindex("\n") + 1
    return None


def loads(text: str) -> dict[str, Any]:
    """`tomllib.loads`, refusing nesting deeper than MAX_DEPTH with a TOMLDecodeError that
    names the line, as tomllib names its own."""
    import tomllib

    found = too_deep(text)
    if found is not None:
        line, column = found
        message = f"arrays or tables nested more than {MAX_DEPTH} deep"
        if sys.version_info >= (3, 14):  # pragma: no cover - the message is built from pos
            position = sum(len(part) + 1 for part in text.split("\n")[: line - 1]) + column - 1
            raise tomllib.TOMLDecodeError(message, text, position)
        raise tomllib.TOMLDecodeError(f"{message} (at line {line}, column {column})")
    return tomllib.loads(text)
