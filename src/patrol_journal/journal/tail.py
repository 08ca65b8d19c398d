"""The end of the journal: the seal the next record chains to, or the torn tail."""

from __future__ import annotations

import os
from pathlib import Path

from patrol_journal.errors import (
    JournalError,
    JournalParseError,
    Source,
    TornTail,
)
from patrol_journal.journal.files import count_lines
from patrol_journal.journal.format import (
    FORMAT_VERSION,
    is_record_header,
    link_of,
    torn_message,
)

_TAIL_WINDOW = 64 * 1024


class Tail:
    """The end of the journal: the seal the next record chains to, or where it is torn.

    `format` is the journal's format; `needs_newline` says the last line (of a record
    added by hand) has no line end, so an append must start with one.
    """

    __slots__ = ("format", "link", "needs_newline", "torn_line", "torn_offset")

    def __init__(
        self,
        link: str,
        torn_offset: int | None = None,
        torn_line: int | None = None,
        *,
        journal_format: int = 1,
        needs_newline: bool = False,
    ) -> None:
        self.link = link
        self.torn_offset = torn_offset
        self.torn_line = torn_line
        self.format = journal_format
        self.needs_newline = needs_newline


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
    if _check_format_bytes(head, path) >= 2:
        return _inspect_sealed(fd, size, path)
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
        if is_record_header(line) and current and any(c.strip() for c in current):
            chunks.append("".join(current))
            current = []
        current.append(line)
    if current:
        chunks.append("".join(current))
    return chunks


def check_tail(fd: int, size: int, path: Path) -> Tail:
    """Refuse a journal pj cannot append to (a torn tail, an older format); return its tail,
    with the seal the next record chains to."""
    tail = inspect_tail(fd, size, path)
    if tail.torn_offset is not None:
        raise TornTail(
            torn_message("nothing was written"),
            Source(path, tail.torn_line or 0),
        )
    if tail.format < FORMAT_VERSION:
        raise JournalError(
            f"{path} is journal format {tail.format}; pj now writes format {FORMAT_VERSION}. "
            "Nothing was written: run 'pj migrate' to upgrade it (the old file is kept)"
        )
    return tail


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


def _check_format_bytes(head: bytes, path: Path) -> int:
    """The format the header names (1 if it names none); refuse a newer one."""
    found = head.find(b"\nformat")
    if found < 0:
        return 1
    value = head[found + 7 : head.find(b"\n", found + 1)].strip().lstrip(b"=").strip()
    if not value.isdigit():
        return 1
    if int(value) > FORMAT_VERSION:
        raise JournalParseError(
            f"journal format {int(value)} is newer than this pj understands "
            f"(format {FORMAT_VERSION}); upgrade patrol-journal",
            Source(path, 2 + head[:found].count(b"\n")),
        )
    return int(value)


# --------------------------------------------------------------------------- format 2
#
# Every record pj writes starts with `[[record]] # sealed` (or `..., i of n` inside an
# append of n records) and ends with its seal line. So, reading only the end of the file:
# the journal is complete up to the end E of the last sealed record that closes its append
# (`n of n`) with its seal line. After E, records added by hand (plain `[[record]]`) are
# left to the parser, which reports their errors at their lines; a sealed record, or the
# beginning of a sealed header line, is an append cut short: the tail from there is torn.

_MAX_WINDOW = 16 * 1024 * 1024
# A format-2 tail is judged from its last sealed record: a few of pj's records fit in 8 KB
# (the window grows when they do not), and every view reads it once per refresh.
_SEALED_WINDOW = 8 * 1024
_SEALED = b"[[record]] # sealed"


class _Block:
    """A record (or the journal's header) as the tail sees it: where it starts, whether pj
    sealed it, which part of its append it is, and its seal once its seal line is read."""

    __slots__ = ("closing", "header", "parts", "seal", "sealed", "start")

    def __init__(
        self, start: int, sealed: bool, parts: tuple[int, int], *, header: bool = False
    ) -> None:
        self.start = start
        self.sealed = sealed
        self.header = header
        self.parts = parts
        self.seal: str | None = None
        self.closing = False


def _inspect_sealed(fd: int, size: int, path: Path) -> Tail:
    window = _SEALED_WINDOW
    while True:
        start = max(0, size - window)
        tail = os.pread(fd, size - start, start)
        skip = 0 if start == 0 else tail.find(b"\n") + 1
        blocks, partial = _sealed_blocks(tail[skip:], start + skip, header_first=start == 0)
        torn_at = _unfinished_append(blocks, partial)
        before = blocks[:torn_at] if torn_at is not None else blocks
        sealed = [block for block in before if block.seal is not None]
        if sealed or start == 0 or window >= _MAX_WINDOW:
            break
        window *= 4
    link = sealed[-1].seal or "" if sealed else _last_seal_before(fd, start + skip)
    if torn_at is None:
        return Tail(link, journal_format=2, needs_newline=not tail.endswith(b"\n"))
    first = blocks[torn_at] if torn_at < len(blocks) else partial
    assert first is not None
    return Tail(link, first.start, 1 + count_lines(fd, first.start), journal_format=2)


def _unfinished_append(blocks: list[_Block], partial: _Block | None) -> int | None:
    """Where an append cut short begins, as an index into `blocks` (len(blocks) when only
    the partial last line is torn), or None when the journal ends complete.

    The journal ends inside an append when its last line begins a sealed header, or its
    last record is sealed and does not close its append (no seal line yet, or part `i of n`
    with i < n); the append then began at the first of the sealed, unclosed records it
    ends with. A record added by hand after them means the append was not the end: they
    are hand edits, which the seal check reports, not a torn tail.
    """
    index = len(blocks)
    if partial is None:
        if not blocks or not blocks[-1].sealed or blocks[-1].closing:
            return None
        index -= 1
    while index > 0 and blocks[index - 1].sealed and not blocks[index - 1].closing:
        index -= 1
    return index


def _sealed_blocks(
    data: bytes, offset: int, *, header_first: bool
) -> tuple[list[_Block], _Block | None]:
    """The blocks of `data` (which starts at a line start), and a final partial line that
    begins a sealed header, if the data ends with one."""
    from patrol_journal.journal.format import is_record_header, sealed_part

    blocks: list[_Block] = []
    current: _Block | None = None
    if header_first:
        current = _Block(offset, False, (1, 1), header=True)
        blocks.append(current)
    position = 0
    partial: _Block | None = None
    pieces = data.split(b"\n")  # lines end at LF only: a stray CR is a character of its line
    lines = [piece + b"\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    for line in lines:
        line_start = offset + position
        position += len(line)
        complete = line.endswith(b"\n")
        if not complete:
            stripped = line.strip()
            if stripped and (
                stripped.startswith(_SEALED) or (_SEALED + b", ").startswith(stripped)
            ):
                partial = _Block(line_start, True, (1, 1))
            break
        if line.lstrip().startswith(b"[[") and is_record_header(line):
            text = line.decode("utf-8", "replace")
            parts = sealed_part(text)
            current = _Block(line_start, parts is not None, parts or (1, 1))
            blocks.append(current)
            continue
        if current is not None and (current.sealed or current.header) and current.seal is None:
            seal = _seal_value(line)
            if seal is not None:  # complete: what follows in it can only be a hand edit
                current.seal = seal
                current.closing = current.parts[0] == current.parts[1]
    return blocks, partial


def _seal_value(line: bytes) -> str | None:
    """The seal on a complete `seal = ...` line, or None for any other line.

    Any value counts: a cut write never leaves a whole seal line, so one whose value was
    changed by hand still closes its record (and the seal check reports the change)."""
    stripped = line.strip()
    if not stripped.startswith(b"seal"):
        return None
    rest = stripped[4:].strip()
    if not rest.startswith(b"="):
        return None
    return rest[1:].strip().strip(b'"').decode("utf-8", "replace")


def _last_seal_before(fd: int, end: int) -> str:
    """The last complete seal line before `end`, read backwards a megabyte at a time."""
    position = end
    carry = b""
    while position > 0:
        start = max(0, position - (1 << 20))
        chunk = os.pread(fd, position - start, start) + carry
        found = _last_seal(chunk)
        if found is not None:
            return found[2]
        carry = chunk[: chunk.find(b"\n") + 1] if start else b""
        position = start
    return ""
