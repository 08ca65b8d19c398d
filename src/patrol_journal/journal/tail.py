"""The end of the journal: the seal the next record chains to, or the torn tail."""

from __future__ import annotations

import os
from pathlib import Path

from patrol_journal.errors import (
    JournalParseError,
    Source,
    TornTail,
)
from patrol_journal.journal.files import count_lines
from patrol_journal.journal.format import (
    FORMAT_VERSION,
    RECORD_HEADER,
    link_of,
    torn_message,
)

_TAIL_WINDOW = 64 * 1024


class Tail:
    """The end of the journal: the seal the next record chains to, or where it is torn."""

    __slots__ = ("link", "torn_line", "torn_offset")

    def __init__(
        self, link: str, torn_offset: int | None = None, torn_line: int | None = None
    ) -> None:
        self.link = link
        self.torn_offset = torn_offset
        self.torn_line = torn_line


_HEX = frozenset(b"0123456789abcdef")


def _last_seal(tail: bytes) -> tuple[int, int, str] | None:
    """The last complete `seal = "<16 hex>"` line in `tail`: (start, end, seal)."""
    position = len(tail)
    while True:
        found = tail.rfind(b"seal", 0, position)
        if found < 0:
            return None
        position = found
        start = tail.rfind(b"\n", 0, found) + 1
        end = tail.find(b"\n", found)
        if end < 0 or tail[start:found].strip():
            continue
        rest = tail[found + 4 : end].strip()
        if not rest.startswith(b"="):
            continue
        value = rest[1:].strip()
        if len(value) == 18 and value[0] == value[17] == 34 and _HEX.issuperset(value[1:17]):
            return start, end + 1, value[1:17].decode("ascii")


def inspect_tail(fd: int, size: int, path: Path) -> Tail:
    """Find where the last complete record ends, reading only the end of the file.

    Everything after the last seal line must be blank or complete hand-added records;
    anything else is a torn tail (an interrupted write), reported with its line.
    """
    if size == 0:
        raise JournalParseError(
            "the file is empty, not a patrol journal; move it aside and run 'pj init'",
            Source(path, 1),
        )
    head = os.pread(fd, 4096, 0)
    if b"\0" in head:
        line = 1 + head[: head.index(b"\0")].count(b"\n")
        raise JournalParseError("a binary file, not a patrol journal", Source(path, line))
    _check_format_bytes(head, path)
    window = _TAIL_WINDOW
    while True:
        start = max(0, size - window)
        tail = os.pread(fd, size - start, start)
        last = _last_seal(tail)
        if last is not None or start == 0:
            break
        window *= 4
    if last is None:  # a journal written entirely by hand: judge its last block
        cut = _last_header(tail)
        return _judge_rest(fd, path, tail[cut or 0 :], start + (cut or 0), "")
    _seal_start, seal_end, seal = last
    rest = tail[seal_end:]
    if not rest.strip():
        return Tail(seal)
    first_line = rest.lstrip().split(b"\n", 1)[0].strip()
    interrupted = not rest.endswith(b"\n") or b"[[record]]".startswith(first_line)
    if not interrupted:
        # Not an interrupted write (pj's records start with [[record]]) but a hand edit:
        # the parser reports what is wrong with it, at its line.
        return Tail(seal)
    blank = len(rest) - len(rest.lstrip())
    return _judge_rest(fd, path, rest[blank:], start + seal_end + blank, "")


def _judge_rest(fd: int, path: Path, rest: bytes, offset: int, link: str) -> Tail:
    """Bytes after the last sealed record: complete records added by hand, or torn."""
    from patrol_journal.journal.parse import parse_block, parse_header_text
    from patrol_journal.model import ValidationError, validate_record

    def torn() -> Tail:
        return Tail(link, offset, 1 + count_lines(fd, offset))

    if not rest.endswith(b"\n"):
        return torn()
    try:
        text = rest.decode("utf-8")
    except UnicodeDecodeError:
        # pj writes UTF-8, and a cut-off write does not end with a newline: this was
        # saved in another encoding, which the reader reports at its line.
        return Tail(link)
    line = 1 + count_lines(fd, offset)
    chunks = _split_records(text)
    if offset == 0 or not chunks:
        header = chunks[0] if chunks else text
        parse_header_text(header.lstrip("\ufeff"), Source(path, line))
        chunks = chunks[1:]
        link = link_of(header)
    for chunk in chunks:
        try:
            validate_record(parse_block(chunk, Source(path, line)))
        except ValidationError as exc:
            # Only missing fields look like a write cut off at a line end; a wrong value
            # is a hand edit, which the reader reports with its field and line.
            if any(error["type"] != "missing" for error in exc.errors()):
                return Tail(link_of(chunk))
            return torn()
        except (JournalParseError, ValueError):
            return torn()
        link = link_of(chunk)
    return Tail(link)


def _split_records(text: str) -> list[str]:
    """Split text at `[[record]]` lines; a leading non-record part is kept first."""
    chunks: list[str] = []
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.strip() == RECORD_HEADER and current and any(c.strip() for c in current):
            chunks.append("".join(current))
            current = []
        current.append(line)
    if current:
        chunks.append("".join(current))
    return chunks


def check_tail(fd: int, size: int, path: Path) -> str:
    """Refuse a journal with a torn tail; return the seal the next record chains to."""
    tail = inspect_tail(fd, size, path)
    if tail.torn_offset is not None:
        raise TornTail(
            torn_message("nothing was written"),
            Source(path, tail.torn_line or 0),
        )
    return tail.link


def _last_header(tail: bytes) -> int | None:
    """Offset in `tail` of the last line that is `[[record]]`, if any."""
    position = len(tail)
    while True:
        found = tail.rfind(b"[[record]]", 0, position)
        if found < 0:
            return None
        line_start = tail.rfind(b"\n", 0, found) + 1
        line_end = tail.find(b"\n", found)
        line = tail[line_start : line_end if line_end >= 0 else len(tail)]
        if line.strip() == b"[[record]]":
            return line_start
        position = found


def _check_format_bytes(head: bytes, path: Path) -> None:
    found = head.find(b"\nformat")
    if found < 0:
        return
    value = head[found + 7 : head.find(b"\n", found + 1)].strip().lstrip(b"=").strip()
    if value.isdigit() and int(value) > FORMAT_VERSION:
        raise JournalParseError(
            f"journal format {int(value)} is newer than this pj understands "
            f"(format {FORMAT_VERSION}); upgrade patrol-journal",
            Source(path, 2 + head[:found].count(b"\n")),
        )
