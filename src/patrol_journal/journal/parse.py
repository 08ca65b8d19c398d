"""One block of text -> its table: tomllib, or a fast path for exactly what pj writes."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from patrol_journal.errors import JournalParseError, Source
from patrol_journal.journal.blocks import Block
from patrol_journal.journal.format import RECORD_HEADER
from patrol_journal.vocab import RECORD_TYPES


def decode_block(block: Block, path: Path) -> str:
    try:
        text = block.raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = block.line + block.raw[: exc.start].count(b"\n")
        raise JournalParseError(
            "not UTF-8 text (is this a binary file, or saved in another encoding?)",
            Source(path, line),
        ) from None
    if block.offset == 0 and text.startswith("\ufeff"):
        text = text[1:]
    if "\0" in text:
        line = block.line + text[: text.index("\0")].count("\n")
        raise JournalParseError("contains NUL bytes (a binary file?)", Source(path, line))
    return text


def parse_header_text(text: str, source: Source) -> dict[str, Any]:
    """The `[journal]` table of the header block; raises `JournalParseError`."""
    import tomllib

    from patrol_journal import nesting

    try:
        document = nesting.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, source) from None
    table = document.get("journal")
    if not isinstance(table, dict):
        raise JournalParseError(
            "not a patrol journal: no [journal] table at the top (create one with 'pj init')",
            source,
        )
    extra = [key for key in document if key != "journal"]
    if extra:
        raise JournalParseError(
            f"unexpected table or key '{extra[0]}' (records are [[record]] tables)", source
        )
    return table


def parse_block(text: str, source: Source) -> dict[str, Any]:
    """One `[[record]]` block -> its table. Fast path for pj's own output, tomllib otherwise."""
    fast = _fast_parse(text)
    if fast is not None:
        return fast
    import tomllib

    from patrol_journal import nesting

    try:
        document = nesting.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, source) from None
    tables = document.get("record")
    extra = [key for key in document if key != "record"]
    if extra:
        raise JournalParseError(
            f"unexpected table or key '{extra[0]}' (records are [[record]] tables)", source
        )
    if not isinstance(tables, list) or len(tables) != 1:
        raise JournalParseError("expected exactly one [[record]] table here", source)
    table = tables[0]
    if not isinstance(table, dict):  # pragma: no cover - tomllib always gives a dict
        raise JournalParseError("a [[record]] must be a table", source)
    return table


_LINE_NO = re.compile(r"\(at line (\d+), column (\d+)\)$")


def _toml_error(exc: Exception, source: Source) -> JournalParseError:
    message = str(exc)
    match = _LINE_NO.search(message)
    line = source.line
    if match:
        line = source.line + int(match.group(1)) - 1
        message = message[: match.start()].rstrip()
    return JournalParseError(f"TOML syntax error: {message}", Source(source.path, line))


_KEY_VALUE = re.compile(r"([A-Za-z0-9_-]+) = (.+)")


_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


_INTEGER = re.compile(r"[+-]?(?:0|[1-9](?:_?\d)*)")


def _fast_parse(text: str) -> dict[str, Any] | None:
    """Parse the exact shape tomli-w writes for a flat record, or give up (None).

    Giving up is always safe: the caller then uses tomllib. Property tests check this
    agrees with tomllib on everything pj writes.
    """
    if "\r" in text or ("#" in text and _has_comment(text)):
        return None
    lines = text.split("\n")
    if lines[0] != RECORD_HEADER:
        return None
    table: dict[str, Any] = {}
    index, total = 1, len(lines)
    while index < total:
        line = lines[index]
        index += 1
        if not line:
            continue
        match = _KEY_VALUE.fullmatch(line)
        if match is None:
            return None
        key, raw = match.group(1), match.group(2)
        if key in table:
            return None
        if raw == "[":
            items: list[Any] = []
            while True:
                if index >= total:
                    return None
                item = lines[index].strip()
                index += 1
                if item == "]":
                    break
                if not item.endswith(","):
                    return None
                value = _fast_scalar(item[:-1])
                if value is _FAIL:
                    return None
                items.append(value)
            table[key] = items
            continue
        value = _fast_scalar(raw)
        if value is _FAIL:
            return None
        table[key] = value
    return table


_FAIL = object()


def not_toml_in_json(text: str | bytes) -> bool:
    """Whether JSON would accept what TOML refuses in a basic string: a raw DEL, or a
    `\\u` escape of a surrogate (TOML's escapes are Unicode scalar values only)."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if b"\x7f" in data:
        return True
    if b"\\u" not in data:
        return False
    import re

    return re.search(rb"\\u[dD][89abAB]", data) is not None


def _fast_scalar(raw: str) -> Any:
    first = raw[0]
    if first == '"':
        if "\\/" in raw or "\t" in raw or "\\U" in raw or not_toml_in_json(raw):
            return _FAIL
        try:
            value = json.loads(raw)
        except ValueError:
            return _FAIL
        return value if isinstance(value, str) else _FAIL
    if raw == "true":
        return True
    if raw == "false":
        return False
    if first.isdigit() and _DATETIME.fullmatch(raw):
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return _FAIL
    if _INTEGER.fullmatch(raw):
        return int(raw.replace("_", ""))
    return _FAIL


def _has_comment(text: str) -> bool:
    """True if some line has a '#' outside a string (conservative: any '#' not in quotes)."""
    for line in text.split("\n"):
        if "#" not in line:
            continue
        stripped = line.lstrip()
        if stripped.startswith("#"):
            return True
        in_string = False
        escaped = False
        for ch in line:
            if escaped:
                escaped = False
            elif ch == "\\" and in_string:
                escaped = True
            elif ch == '"':
                in_string = not in_string
            elif ch == "#" and not in_string:
                return True
    return False


def validation_message(exc: Any) -> str:
    parts = []
    for error in exc.errors():
        location = ".".join(str(item) for item in error["loc"] if not str(item).isdigit())
        # the discriminated union puts the record type first: drop it
        pieces = location.split(".")
        if pieces and pieces[0] in RECORD_TYPES:
            location = ".".join(pieces[1:])
        message = error["msg"]
        if error["type"] == "union_tag_invalid" or error["type"] == "union_tag_not_found":
            location = "type"
            message = "must be one of " + ", ".join(RECORD_TYPES)
        parts.append(f"{location or 'record'}: {message}")
    return "; ".join(parts)


def field_source(exc: Any, text: str, source: Source) -> Source:
    """Point at the line of the first field that failed, when it is in the block."""
    for error in exc.errors():
        for item in error["loc"]:
            key = str(item)
            for number, line in enumerate(text.split("\n")):
                if re.match(rf"\s*{re.escape(key)}\s*=", line):
                    return Source(source.path, source.line + number)
    return source
