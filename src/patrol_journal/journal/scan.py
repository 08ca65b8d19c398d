"""The fast read the index consumes: blocks the hash chain vouches for are decoded in batches."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import date, datetime
from pathlib import Path

from patrol_journal.errors import JournalParseError, Problem, Source
from patrol_journal.fields import MOMENTS
from patrol_journal.journal.blocks import OVERSIZE_MESSAGE, Block, Scanned, split_blocks
from patrol_journal.journal.files import open_existing
from patrol_journal.journal.format import TORN_MESSAGE, link_of
from patrol_journal.journal.lock import shared
from patrol_journal.journal.parse import (
    decode_block,
    field_source,
    not_toml_in_json,
    parse_block,
    validation_message,
)
from patrol_journal.journal.tail import inspect_tail
from patrol_journal.shape import quickly_valid

_TRAILING_SEAL = re.compile(rb'\nseal = "([0-9a-f]{16})"\n+\Z')


DATETIME_FIELDS = MOMENTS


def scan(
    path: Path, start: int = 0, start_line: int = 1, link: str = "", *, locked: bool = False
) -> Iterator[Scanned]:
    """Every block from byte `start` with its record table, fast for what pj wrote.

    `link` is the chain link of the block before `start` ("" at the beginning).
    Problems are data; a torn tail comes last. The scan takes a shared lock unless the
    caller already holds the journal's lock (`locked`).
    """
    fd = open_existing(path, os.O_RDONLY)
    with os.fdopen(fd, "rb", buffering=0) as handle, nullcontext() if locked else shared(fd, path):
        size = os.fstat(fd).st_size
        tail = inspect_tail(fd, size, path)
        end = size if tail.torn_offset is None else tail.torn_offset
        pending: list[Scanned] = []
        for block in split_blocks(handle, start, start_line, end):
            if block.kind == "oversize":
                block.problem = Problem("error", OVERSIZE_MESSAGE, Source(path, block.line))
            link = _classify(block, path, link, tail.format)
            pending.append(block)
            if len(pending) >= 2000:
                yield from _decode_trusted(pending, path)
                pending = []
        yield from _decode_trusted(pending, path)
        if tail.torn_offset is not None and tail.torn_offset >= start:
            raw = os.pread(fd, size - tail.torn_offset, tail.torn_offset)
            yield Scanned(
                "torn",
                tail.torn_offset,
                size,
                tail.torn_line or 0,
                raw,
                link,
                problem=Problem("error", TORN_MESSAGE, Source(path, tail.torn_line or 0)),
            )


def _classify(block: Scanned, path: Path, link: str, journal_format: int) -> str:
    """Decide whether the chain vouches for a block; return the link after it."""
    if block.kind == "gap":
        block.link = link
        return link
    match = _TRAILING_SEAL.search(block.raw)
    if match is not None and block.kind == "record" and b"\r" not in block.raw:
        content = block.raw[: match.start()].rstrip(b"\n")
        if journal_format == 1:
            digest = hashlib.sha256(link.encode("ascii") + b"\n" + content).hexdigest()[:16]
        else:
            inner = hashlib.sha256(content).hexdigest()
            digest = hashlib.sha256(f"{link}\n{inner}".encode("ascii")).hexdigest()[:16]
        stored = match.group(1).decode("ascii")
        if digest == stored:
            block.trusted = True
            block.link = stored
            return stored
    try:
        text = block.raw.decode("utf-8")
    except UnicodeDecodeError:
        text = block.raw.decode("utf-8", "replace")
    block.link = link_of(text, link, journal_format)
    return block.link


def _decode_trusted(blocks: list[Scanned], path: Path) -> Iterator[Scanned]:
    """Give every block its table: trusted ones decoded together as JSON, others carefully."""
    trusted = [block for block in blocks if block.trusted]
    text = _as_json(trusted) if trusted else b""
    if not_toml_in_json(text):  # JSON would accept it, TOML does not: those go carefully
        for block in trusted:
            block.trusted = not not_toml_in_json(block.raw)
        trusted = [block for block in trusted if block.trusted]
        text = _as_json(trusted) if trusted else b""
    if trusted:
        try:
            tables = json.loads(text)
            if len(tables) != len(trusted):
                raise ValueError("record count")
        except (ValueError, RecursionError):  # not what pj writes: read each carefully
            for block in trusted:
                block.trusted = False
        else:
            for block, table in zip(trusted, tables, strict=True):
                try:
                    for key in DATETIME_FIELDS:
                        if key in table:
                            value = table[key]
                            table[key] = (
                                date.fromisoformat(value)
                                if len(value) == 10
                                else datetime.fromisoformat(value)
                            )
                except (TypeError, ValueError):
                    block.trusted = False
                    continue
                if quickly_valid(table):  # sealed is not valid: the schema still holds
                    block.data = table
                else:
                    block.trusted = False
    for block in blocks:
        if block.kind == "record" and not block.trusted:
            _decode_carefully(block, path)
        yield block


# A datetime value ends its line with the minutes of its UTC offset; offsets in use are
# whole, half or three-quarter hours. Any other value makes the JSON invalid, and the batch
# falls back to the careful path.
_DATE_VALUE = re.compile(rb'(": "\d{4}-\d\d-\d\d)\n')
_CLOSE_DATETIME = [(b":%s\n" % minutes, b':%s"\n' % minutes) for minutes in (b"00", b"30", b"45")]


def _due_on_a_date(raw: bytes) -> bool:
    """Whether a record's `due` is a date alone (`due = 2026-12-01`): ten characters, then
    the end of the line."""
    found = raw.find(b"\ndue = ")
    return found >= 0 and raw[found + 17 : found + 18] == b"\n"


def _as_json(blocks: list[Scanned]) -> bytes:
    """Sealed tomli-w record blocks -> one JSON array of their tables.

    Only plain byte replacements: every line is `key = value` (arrays are folded onto
    one line first); a value is a JSON-compatible basic string, a list of them, a boolean
    or a datetime of this century (the only values starting with `20` or ending a line
    with an offset's minutes). If user text contains ` = `, the replacement leaves a `:`
    after a string value, which is never valid JSON, so the batch falls back to the
    careful path rather than misread anything.
    """
    parts = [b"\x1e\n" + block.raw[block.raw.index(b"\n") + 1 :].rstrip(b"\n") for block in blocks]
    text = b"\n" + b"\n".join(parts)
    text = text.replace(b" = [\n", b" = [").replace(b",\n]", b"]").replace(b",\n    ", b",")
    text = text.replace(b"\n", b'\n"').replace(b" = ", b'": ')
    text = text.replace(b'": 20', b'": "20') + b"\n"
    for plain, quoted in _CLOSE_DATETIME:
        text = text.replace(plain, quoted)
    if any(_due_on_a_date(block.raw) for block in blocks):
        # A follow-up due on a date (no time) ends its line with the day: close it too.
        text = _DATE_VALUE.sub(rb'\1"\n', text)
    text = text.replace(b'\n"\x1e\n', b"},{").replace(b"\n", b",")
    return b"[" + text[2:-1] + b"}]"


def _decode_carefully(block: Scanned, path: Path) -> None:
    from patrol_journal.model import ValidationError, validate_record

    source = Source(path, block.line)
    text: str | None = None
    try:
        text = decode_block(Block("record", block.offset, block.end, block.line, block.raw), path)
        record = validate_record(parse_block(text, source))
    except JournalParseError as exc:
        block.problem = Problem("error", exc.message, exc.source)
        return
    except ValidationError as exc:
        assert text is not None
        block.problem = Problem("error", validation_message(exc), field_source(exc, text, source))
        return
    except ValueError as exc:
        block.problem = Problem("error", str(exc), source)
        return
    block.data = record.model_dump(exclude_unset=True, exclude={"source"})
    block.data["type"] = record.type
