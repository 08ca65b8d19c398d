"""Splitting the journal's bytes into blocks at `[[record]]` lines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from patrol_journal.errors import Problem
from patrol_journal.journal.format import is_record_header


@dataclass(frozen=True)
class Block:
    """A run of lines: the header (kind 'header') or one `[[record]]` table."""

    kind: str  # "header", "record", "gap" (blank lines only) or "torn"
    offset: int  # byte offset of the first byte
    end: int  # byte offset just past the last byte
    line: int  # 1-based line of the first line
    raw: bytes


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


# No record pj writes comes near this; a longer run of bytes without a record header is
# damage (junk appended, a binary file renamed), read no further so memory stays bounded.
MAX_BLOCK = 16 * 1024 * 1024
OVERSIZE_MESSAGE = (
    "more than 16 MB without a [[record]] line from here: not a record pj wrote "
    "(a damaged file?); the rest of the file is not read"
)


def iter_blocks(
    handle: BinaryIO, start: int = 0, start_line: int = 1, end: int | None = None
) -> Iterator[Block]:
    """Split the file at `[[record]]` lines, from byte `start` (a block boundary) to `end`.

    A block longer than MAX_BLOCK ends the split with one "oversize" block running to the
    end of the file (its bytes are not kept)."""
    handle.seek(start)
    offset, line_no = start, start_line
    kind = "header" if start == 0 else "record"
    lines: list[bytes] = []
    held = 0
    block_offset, block_line = offset, line_no
    while True:
        line = handle.readline(MAX_BLOCK + 1)
        if not line or (end is not None and offset >= end):
            break
        if is_record_header(line) if line.lstrip()[:2] == b"[[" else False:
            if lines or kind == "header":
                raw = b"".join(lines)
                shape = "gap" if kind == "record" and not raw.strip() else kind
                yield Block(shape, block_offset, offset, block_line, raw)
            kind, lines, held = "record", [], 0
            block_offset, block_line = offset, line_no
        lines.append(line)
        held += len(line)
        if held > MAX_BLOCK:
            handle.seek(0, 2)
            yield Block("oversize", block_offset, handle.tell(), block_line, b"")
            return
        offset += len(line)
        line_no += 1
    if lines or kind == "header":
        raw = b"".join(lines)
        shape = "gap" if kind == "record" and not raw.strip() else kind
        yield Block(shape, block_offset, offset, block_line, raw)


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


_SEPARATOR = b"\n[[record]]"


def split_blocks(handle: BinaryIO, start: int, start_line: int, end: int) -> Iterator[Scanned]:
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
                if len(data) > MAX_BLOCK:
                    problem = Problem("error", OVERSIZE_MESSAGE, None)
                    yield Scanned("oversize", offset, end, line, b"", "", problem=problem)
                    return
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
    headers = data.count(_SEPARATOR) + data.startswith(b"[[record]]")
    if b"\r" in data or data.count(b"[[") != headers:
        # A header the fast split cannot see (indented, CRLF) or "[[record]]" inside some
        # text: split line by line, as iter_blocks does.
        return [block for block in _split_lines(data) if block]
    pieces = data.split(_SEPARATOR)
    blocks = [pieces[0] + (b"\n" if len(pieces) > 1 else b"")]
    for piece in pieces[1:-1]:
        blocks.append(b"[[record]]" + piece + b"\n")
    if len(pieces) > 1:
        blocks.append(b"[[record]]" + pieces[-1])
    for block in blocks[1:]:
        end = block.find(b"\n")
        if not is_record_header(block[: end if end >= 0 else len(block)]):
            return [block for block in _split_lines(data) if block]
    return [block for block in blocks if block]


def _split_lines(block: bytes) -> list[bytes]:
    out: list[bytes] = []
    current: list[bytes] = []
    for line in block.splitlines(keepends=True):
        if is_record_header(line) and current:
            out.append(b"".join(current))
            current = []
        current.append(line)
    if current:
        out.append(b"".join(current))
    return out
