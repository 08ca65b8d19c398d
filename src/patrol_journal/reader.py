"""The read path: split the journal into records, parse and validate them.

`read()` is the careful full read (`pj check`); `scan()` is the fast one the index uses.
Only this module and `journal.py` open the journal file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from patrol_journal.errors import JournalParseError, Problem, Source
from patrol_journal.journal import (
    TORN_MESSAGE,
    inspect_tail,
    link_of,
    open_existing,
)
from patrol_journal.lock import shared
from patrol_journal.records import FORMAT_VERSION, RECORD_HEADER

if TYPE_CHECKING:
    from patrol_journal.model import Header, Record


@dataclass(frozen=True)
class Block:
    """A run of lines: the header (kind 'header') or one `[[record]]` table."""

    kind: str  # "header", "record", "gap" (blank lines only) or "torn"
    offset: int  # byte offset of the first byte
    end: int  # byte offset just past the last byte
    line: int  # 1-based line of the first line
    raw: bytes


def iter_blocks(
    handle: BinaryIO, start: int = 0, start_line: int = 1, end: int | None = None
) -> Iterator[Block]:
    """Split the file at `[[record]]` lines, from byte `start` (a block boundary) to `end`."""
    handle.seek(start)
    offset, line_no = start, start_line
    kind = "header" if start == 0 else "record"
    lines: list[bytes] = []
    block_offset, block_line = offset, line_no
    for line in handle:
        if end is not None and offset >= end:
            break
        if line.startswith(b"[[") and line.strip() == b"[[record]]":
            if lines or kind == "header":
                raw = b"".join(lines)
                shape = "gap" if kind == "record" and not raw.strip() else kind
                yield Block(shape, block_offset, offset, block_line, raw)
            kind, lines = "record", []
            block_offset, block_line = offset, line_no
        lines.append(line)
        offset += len(line)
        line_no += 1
    if lines or kind == "header":
        raw = b"".join(lines)
        shape = "gap" if kind == "record" and not raw.strip() else kind
        yield Block(shape, block_offset, offset, block_line, raw)


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

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, source) from None
    table = document.get("journal")
    if not isinstance(table, dict):
        raise JournalParseError(
            "not a patrol journal: no [journal] table at the top (create one with 'pj init')",
            source,
        )
    return table


def parse_block(text: str, source: Source) -> dict[str, Any]:
    """One `[[record]]` block -> its table. Fast path for pj's own output, tomllib otherwise."""
    fast = _fast_parse(text)
    if fast is not None:
        return fast
    import tomllib

    try:
        document = tomllib.loads(text)
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


def _fast_scalar(raw: str) -> Any:
    first = raw[0]
    if first == '"':
        if "\\/" in raw or "\t" in raw or "\\U" in raw:
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


def read_entries(path: Path, start: int = 0, start_line: int = 1) -> Iterator[Entry]:
    """Every block from byte `start`, decoded, parsed and validated; problems are data.

    A torn tail is not parsed: it comes last, as one entry whose problem says so.
    """
    from patrol_journal.model import ValidationError, validate_record

    fd = open_existing(path, os.O_RDONLY)
    with os.fdopen(fd, "rb", buffering=1 << 20) as handle, shared(fd, path):
        size = os.fstat(fd).st_size
        tail = inspect_tail(fd, size, path)
        end = tail.torn_offset
        for block in iter_blocks(handle, start, start_line, end):
            source = Source(path, block.line)
            text: str | None = None
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
                message = _validation_message(exc)
                yield Entry(
                    block, text, None, Problem("error", message, _field_source(exc, text, source))
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


def _validation_message(exc: Any) -> str:
    parts = []
    for error in exc.errors():
        location = ".".join(str(item) for item in error["loc"] if not str(item).isdigit())
        # the discriminated union puts the record type first: drop it
        pieces = location.split(".")
        if pieces and pieces[0] in ("interaction", "amendment", "concern", "person"):
            location = ".".join(pieces[1:])
        message = error["msg"]
        if error["type"] == "union_tag_invalid" or error["type"] == "union_tag_not_found":
            location = "type"
            message = "must be one of interaction, amendment, concern, person"
        parts.append(f"{location or 'record'}: {message}")
    return "; ".join(parts)


def _field_source(exc: Any, text: str, source: Source) -> Source:
    """Point at the line of the first field that failed, when it is in the block."""
    for error in exc.errors():
        for item in error["loc"]:
            key = str(item)
            for number, line in enumerate(text.split("\n")):
                if re.match(rf"\s*{re.escape(key)}\s*=", line):
                    return Source(source.path, source.line + number)
    return source


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
        return None, Problem("error", "[journal] " + _validation_message(exc), source)
    if header.format > FORMAT_VERSION:
        raise JournalParseError(
            f"journal format {header.format} is newer than this pj understands "
            f"(format {FORMAT_VERSION}); upgrade patrol-journal",
            source,
        )
    return header, None


# --------------------------------------------------------------------------- fast scan
#
# A cold index build reads every record. Parsing 100,000 records one by one with tomllib
# and validating each with pydantic takes tens of seconds, so the scanner below trusts
# what the hash chain vouches for: a block whose seal matches its bytes and the seal
# before it is exactly what pj wrote (tomli-w output of a record that passed pj's input
# checks). Such blocks are turned into JSON with a few regular expressions and decoded
# many at a time. Any other block (hand-edited, unsealed, odd shape) takes the careful
# path: tomllib and the pydantic schema, with errors reported at their line.

_SCAN_CHUNK = 1024 * 1024
_SEPARATOR = b"\n[[record]]\n"
_TRAILING_SEAL = re.compile(rb'\nseal = "([0-9a-f]{16})"\n+\Z')
DATETIME_FIELDS = ("when", "recorded", "due")


@dataclass(slots=True)
class Scanned:
    """One block as the scanner saw it. `data` is the record's table for a record."""

    kind: str  # "header", "record", "gap" or "torn"
    offset: int
    end: int
    line: int
    raw: bytes
    link: str  # the chain link after this block
    trusted: bool = False
    data: dict[str, Any] | None = None
    problem: Problem | None = None


def scan(path: Path, start: int = 0, start_line: int = 1, link: str = "") -> Iterator[Scanned]:
    """Every block from byte `start` with its record table, fast for what pj wrote.

    `link` is the chain link of the block before `start` ("" at the beginning).
    Problems are data; a torn tail comes last.
    """
    fd = open_existing(path, os.O_RDONLY)
    with os.fdopen(fd, "rb", buffering=0) as handle, shared(fd, path):
        size = os.fstat(fd).st_size
        tail = inspect_tail(fd, size, path)
        end = size if tail.torn_offset is None else tail.torn_offset
        pending: list[Scanned] = []
        for block in _fast_blocks(handle, start, start_line, end):
            link = _classify(block, path, link)
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


def _fast_blocks(handle: BinaryIO, start: int, start_line: int, end: int) -> Iterator[Scanned]:
    """Split [start, end) into blocks at `[[record]]` lines, a few MB at a time."""
    handle.seek(start)
    offset, line = start, start_line
    carry = b""
    first = start == 0
    remaining = end - start
    while remaining > 0 or carry:
        chunk = handle.read(min(_SCAN_CHUNK, remaining)) if remaining > 0 else b""
        remaining -= len(chunk)
        data = carry + chunk
        if remaining > 0:
            cut = data.rfind(_SEPARATOR)
            if cut < 0:
                carry = data
                continue
            data, carry = data[: cut + 1], data[cut + 1 :]
        else:
            carry = b""
        for raw in _split_block_bytes(data):
            kind = "header" if first else "record"
            first = False
            if kind == "record" and not raw.strip():
                kind = "gap"
            yield Scanned(kind, offset, offset + len(raw), line, raw, "")
            offset += len(raw)
            line += raw.count(b"\n")


def _split_block_bytes(data: bytes) -> list[bytes]:
    """Blocks in `data`, each starting at its `[[record]]` line (the first may not)."""
    pieces = data.split(_SEPARATOR)
    blocks = [pieces[0] + (b"\n" if len(pieces) > 1 else b"")]
    for piece in pieces[1:-1]:
        blocks.append(b"[[record]]\n" + piece + b"\n")
    if len(pieces) > 1:
        blocks.append(b"[[record]]\n" + pieces[-1])
    if b"[[record]]" in data.replace(_SEPARATOR, b"") or b"\r" in data:
        # A header line the fast split cannot see (spaces around it, CRLF, the first line
        # of the range): split those blocks line by line, as iter_blocks does.
        exact: list[bytes] = []
        for block in blocks:
            exact.extend(
                _split_lines(block) if b"[[record]]" in block[11:] or b"\r" in block else [block]
            )
        blocks = exact
    return [block for block in blocks if block]


def _split_lines(block: bytes) -> list[bytes]:
    out: list[bytes] = []
    current: list[bytes] = []
    for line in block.splitlines(keepends=True):
        if line.strip() == b"[[record]]" and current:
            out.append(b"".join(current))
            current = []
        current.append(line)
    if current:
        out.append(b"".join(current))
    return out


def _classify(block: Scanned, path: Path, link: str) -> str:
    """Decide whether the chain vouches for a block; return the link after it."""
    if block.kind == "gap":
        block.link = link
        return link
    match = _TRAILING_SEAL.search(block.raw)
    if match is not None and block.kind == "record" and b"\r" not in block.raw:
        content = block.raw[: match.start()].rstrip(b"\n")
        digest = hashlib.sha256(link.encode("ascii") + b"\n" + content).hexdigest()[:16]
        stored = match.group(1).decode("ascii")
        if digest == stored:
            block.trusted = True
            block.link = stored
            return stored
    try:
        text = block.raw.decode("utf-8")
    except UnicodeDecodeError:
        text = block.raw.decode("utf-8", "replace")
    block.link = link_of(text)
    return block.link


def _decode_trusted(blocks: list[Scanned], path: Path) -> Iterator[Scanned]:
    """Give every block its table: trusted ones decoded together as JSON, others carefully."""
    trusted = [block for block in blocks if block.trusted]
    if trusted:
        try:
            tables = json.loads(_as_json(trusted))
            if len(tables) != len(trusted):
                raise ValueError("record count")
        except ValueError:
            for block in trusted:
                block.trusted = False
        else:
            for block, table in zip(trusted, tables, strict=True):
                for key in DATETIME_FIELDS:
                    if key in table:
                        table[key] = datetime.fromisoformat(table[key])
                block.data = table
    for block in blocks:
        if block.kind == "record" and not block.trusted:
            _decode_carefully(block, path)
        yield block


# A datetime value ends its line with the minutes of its UTC offset; offsets in use are
# whole, half or three-quarter hours. Any other value makes the JSON invalid, and the batch
# falls back to the careful path.
_CLOSE_DATETIME = [(b":%s\n" % minutes, b':%s"\n' % minutes) for minutes in (b"00", b"30", b"45")]


def _as_json(blocks: list[Scanned]) -> bytes:
    """Sealed tomli-w record blocks -> one JSON array of their tables.

    Only plain byte replacements: every line is `key = value` (arrays are folded onto
    one line first); a value is a JSON-compatible basic string, a list of them, a boolean
    or a datetime of this century (the only values starting with `20` or ending a line
    with an offset's minutes). If user text contains ` = `, the replacement leaves a `:`
    after a string value, which is never valid JSON, so the batch falls back to the
    careful path rather than misread anything.
    """
    parts = [b"\x1e\n" + block.raw[len(b"[[record]]\n") :].rstrip(b"\n") for block in blocks]
    text = b"\n" + b"\n".join(parts)
    text = text.replace(b" = [\n", b" = [").replace(b",\n]", b"]").replace(b",\n    ", b",")
    text = text.replace(b"\n", b'\n"').replace(b" = ", b'": ')
    text = text.replace(b'": 20', b'": "20') + b"\n"
    for plain, quoted in _CLOSE_DATETIME:
        text = text.replace(plain, quoted)
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
        block.problem = Problem("error", _validation_message(exc), _field_source(exc, text, source))
        return
    except ValueError as exc:
        block.problem = Problem("error", str(exc), source)
        return
    block.data = record.model_dump(exclude_unset=True, exclude={"source"})
    block.data["type"] = record.type


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
