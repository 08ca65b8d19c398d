"""The careful read: every block decoded, parsed and validated; problems are data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from patrol_journal.errors import JournalError, JournalParseError, Problem, Source
from patrol_journal.journal.blocks import OVERSIZE_MESSAGE, Block, iter_blocks
from patrol_journal.journal.files import open_existing
from patrol_journal.journal.format import FORMAT_VERSION, TORN_MESSAGE
from patrol_journal.journal.lock import shared
from patrol_journal.journal.parse import (
    decode_block,
    field_source,
    parse_block,
    parse_header_text,
    validation_message,
)
from patrol_journal.journal.tail import inspect_tail

if TYPE_CHECKING:
    from patrol_journal.model import Header, Record


@dataclass
class Entry:
    """One block as read: its text, the parsed table, the model, or the problem."""

    block: Block
    text: str | None
    record: Record | None
    problem: Problem | None


@dataclass
class Contents:
    """Everything a full read found: the header, the records in file order, the problems."""

    path: Path
    header: Header | None
    records: list[Record]
    problems: list[Problem]
    entries: list[Entry]


def read_entries(
    path: Path, start: int = 0, start_line: int = 1, *, locked: bool = False
) -> Iterator[Entry]:
    """Every block from byte `start`, decoded, parsed and validated; problems are data.

    A torn tail is not parsed: it comes last, as one entry whose problem says so.
    """
    from patrol_journal.model import ValidationError, validate_record

    fd = open_existing(path, os.O_RDONLY)
    with (
        os.fdopen(fd, "rb", buffering=1 << 20) as handle,
        nullcontext() if locked else shared(fd, path),
    ):
        size = os.fstat(fd).st_size
        tail = inspect_tail(fd, size, path)
        end = tail.torn_offset
        for block in iter_blocks(handle, start, start_line, end):
            source = Source(path, block.line)
            text: str | None = None
            if block.kind == "oversize":
                yield Entry(block, None, None, Problem("error", OVERSIZE_MESSAGE, source))
                continue
            try:
                text = decode_block(block, path)
                if block.kind != "record":
                    yield Entry(block, text, None, None)
                    continue
                record = validate_record(parse_block(text, source), source)
            except JournalParseError as exc:
                yield Entry(block, text, None, Problem("error", exc.message, exc.source))
                continue
            except ValidationError as exc:
                assert text is not None
                message = validation_message(exc)
                yield Entry(
                    block, text, None, Problem("error", message, field_source(exc, text, source))
                )
                continue
            except ValueError as exc:
                yield Entry(block, text, None, Problem("error", str(exc), source))
                continue
            yield Entry(block, text, record, None)
        if end is not None and end >= start:
            raw = os.pread(fd, size - end, end)
            block = Block("torn", end, size, tail.torn_line or 0, raw)
            yield Entry(block, None, None, Problem("error", TORN_MESSAGE, Source(path, block.line)))


def read(path: Path) -> Contents:
    """Read and validate the whole journal (for `check` and tests); problems are data."""

    header: Header | None = None
    records: list[Record] = []
    problems: list[Problem] = []
    entries: list[Entry] = []
    for entry in read_entries(path):
        entries.append(entry)
        if entry.block.kind == "header" and entry.text is not None:
            header, problem = _header_of(entry, path)
            if problem is not None:
                problems.append(problem)
        if entry.record is not None:
            records.append(entry.record)
        if entry.problem is not None:
            problems.append(entry.problem)
    return Contents(path, header, records, problems, entries)


def _header_of(entry: Entry, path: Path) -> tuple[Header | None, Problem | None]:
    from patrol_journal.model import Header, ValidationError

    source = Source(path, entry.block.line)
    assert entry.text is not None
    if not entry.text.strip():
        return None, Problem("error", "empty file: not a patrol journal (run 'pj init')", source)
    try:
        table = parse_header_text(entry.text, source)
        header = Header.model_validate(table)
    except JournalParseError as exc:
        return None, Problem("error", exc.message, exc.source)
    except ValidationError as exc:
        return None, Problem("error", "[journal] " + validation_message(exc), source)
    if header.format > FORMAT_VERSION:
        raise JournalParseError(
            f"journal format {header.format} is newer than this pj understands "
            f"(format {FORMAT_VERSION}); upgrade patrol-journal",
            source,
        )
    return header, None


def read_record_at(path: Path, offset: int, end: int, line: int) -> dict[str, Any]:
    """The table of the record stored at [offset, end): for `pj show`."""
    fd = open_existing(path, os.O_RDONLY)
    try:
        raw = os.pread(fd, end - offset, offset)
    finally:
        os.close(fd)
    source = Source(path, line)
    text = decode_block(Block("record", offset, end, line, raw), path)
    return parse_block(text, source)


def header_officer(path: Path) -> str | None:
    """The officer a journal's header names, read from its first bytes alone; None when
    it names none or does not read (the careful read says why)."""
    try:
        fd = open_existing(path, os.O_RDONLY)
    except JournalError:  # missing, a link, not a file: no officer
        return None
    try:
        head = os.pread(fd, 64 * 1024, 0)
    finally:
        os.close(fd)
    found = head.find(b"\n[[")
    text = head[: found + 1 if found >= 0 else len(head)].decode("utf-8", "replace")
    try:
        table = parse_header_text(text.lstrip("\ufeff"), Source(path, 1))
    except JournalParseError:
        return None
    officer = table.get("officer")
    return officer if isinstance(officer, str) and officer.strip() else None
