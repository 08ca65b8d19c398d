"""The write side of the journal file: create, append, check the tail, repair a torn tail.

The file is a TOML document: a `[journal]` header, then one `[[record]]` table per
record. Every record pj writes is one block that starts at a `[[record]]` line and ends
with its `seal = "..."` line, so the file can be split at record headers and parsed one
record at a time, and an interrupted write is visible as a block without its seal.
"""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from patrol_journal.errors import (
    JournalError,
    JournalExists,
    JournalLocked,
    JournalNotFound,
    JournalParseError,
    Source,
    TornTail,
    UsageError,
)
from patrol_journal.lock import exclusive
from patrol_journal.records import (
    FORMAT_VERSION,
    RECORD_HEADER,
    compute_seal,
    new_id,
    serialise_header,
    serialise_record,
    stored_seal,
)

BOM = b"\xef\xbb\xbf"
_TAIL_WINDOW = 64 * 1024


# --------------------------------------------------------------------------- create


def create(path: Path, officer: str | None, now: datetime) -> None:
    """Write a new journal (mode 0600). Refuses to touch anything already there."""
    if path.is_dir():
        raise JournalExists(f"{path} is a directory; give a file path with --journal")
    if path.exists() or path.is_symlink():
        raise JournalExists(
            f"a journal already exists at {path}; pj init never overwrites one "
            "(use --journal to start another)"
        )
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise JournalExists(
            f"a journal already exists at {path}; pj init never overwrites one"
        ) from None
    except OSError as exc:
        raise JournalError(f"cannot create {path}: {exc.strerror}") from None
    try:
        os.fchmod(fd, 0o600)
        _write_all(fd, serialise_header(officer, now, new_id()).encode("utf-8"))
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise JournalError(f"cannot write {path}: {exc.strerror}") from None
    os.close(fd)
    _fsync_dir(parent)


# --------------------------------------------------------------------------- append


def append(path: Path, records: list[dict[str, Any]], *, verify: VerifyHook | None = None) -> None:
    """Append records as one write under an exclusive lock, flushed to disk.

    Never rewrites existing bytes. If the write fails, the file is truncated back to
    its old size under the lock, so it ends exactly as it was.

    `verify` checks the journal has not been broken by hand. It runs before the lock is
    taken (it may read the journal through the index, and readers lock the index before
    the journal: taking them the other way round here could deadlock), and names the exact
    file state it found sound; under the lock the append goes ahead only if the file is
    still in that state, and otherwise checks again.
    """
    for fields in records:
        _encodable(fields)
    fd = open_existing(path, os.O_RDWR)
    try:
        for _attempt in range(5):
            sound = verify.before_append(path, os.fstat(fd)) if verify is not None else None
            with exclusive(fd, path):
                before = os.fstat(fd)
                if verify is not None and verify.state_of(before) != sound:
                    continue  # changed since it was checked (another append): check again
                previous_seal = check_tail(fd, before.st_size, path)
                chunks = []
                for fields in records:
                    text, previous_seal = serialise_record(fields, previous_seal)
                    chunks.append(text)
                data = "".join(chunks).encode("utf-8")
                _write_at_end(fd, data, before.st_size, path)
                if verify is not None:
                    verify.after_append(path, before, os.fstat(fd))
                return
        raise JournalLocked(
            f"{path} kept changing while pj checked it; nothing was written, try again"
        )
    finally:
        os.close(fd)


class VerifyHook:
    """Lets the index confirm, cheaply, that the journal is sound before an append."""

    def before_append(self, path: Path, current: os.stat_result) -> str:  # pragma: no cover
        """Check the journal; return the state (see `state_of`) it was found sound in."""
        raise NotImplementedError

    def state_of(self, st: os.stat_result) -> str:  # pragma: no cover
        raise NotImplementedError

    def after_append(
        self, path: Path, before: os.stat_result, after: os.stat_result
    ) -> None:  # pragma: no cover
        raise NotImplementedError


def _encodable(fields: dict[str, Any]) -> None:
    """Refuse text that cannot be written as UTF-8 before anything is locked."""
    for key, value in fields.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise UsageError(f"{key}: the text contains bytes that are not UTF-8") from None


def _write_at_end(fd: int, data: bytes, size: int, path: Path) -> None:
    try:
        os.lseek(fd, size, os.SEEK_SET)
        _write_all(fd, data)
        os.fsync(fd)
    except BaseException as exc:
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        except OSError:  # pragma: no cover - the disk refuses even a truncate
            pass
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise JournalError(
                f"could not write to {path}: {reason}; the journal is unchanged"
            ) from None
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)


def open_existing(path: Path, flags: int) -> int:
    """Open the journal, turning every way it can be missing or wrong into one line."""
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise JournalNotFound(
            f"no journal at {path}; create one with 'pj init' (or point --journal at yours)"
        ) from None
    except IsADirectoryError:
        raise JournalError(f"{path} is a directory, not a journal file") from None
    except PermissionError:
        raise JournalError(f"permission denied opening {path}") from None
    except OSError as exc:
        raise JournalError(f"cannot open {path}: {exc.strerror}") from None
    mode = os.fstat(fd).st_mode
    if stat.S_ISDIR(mode):
        os.close(fd)
        raise JournalError(f"{path} is a directory, not a journal file")
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise JournalError(f"{path} is not a regular file")
    return fd


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
            f"{path} is empty, not a patrol journal; move it aside and run 'pj init'"
        )
    head = os.pread(fd, 4096, 0)
    if b"\0" in head:
        raise JournalParseError(f"{path} is a binary file, not a patrol journal")
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
    from patrol_journal.model import ValidationError, validate_record
    from patrol_journal.reader import parse_block, parse_header_text

    def torn() -> Tail:
        return Tail(link, offset, 1 + _count_lines(fd, offset))

    if not rest.endswith(b"\n"):
        return torn()
    try:
        text = rest.decode("utf-8")
    except UnicodeDecodeError:
        # pj writes UTF-8, and a cut-off write does not end with a newline: this was
        # saved in another encoding, which the reader reports at its line.
        return Tail(link)
    line = 1 + _count_lines(fd, offset)
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
            "the journal ends in an incomplete record (an interrupted write?); nothing was "
            "written. Run 'pj check --repair' to move the torn lines aside",
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


def _count_lines(fd: int, end: int) -> int:
    count, position = 0, 0
    while position < end:
        chunk = os.pread(fd, min(1 << 20, end - position), position)
        if not chunk:
            break
        count += chunk.count(b"\n")
        position += len(chunk)
    return count


def _check_format_bytes(head: bytes, path: Path) -> None:
    found = head.find(b"\nformat")
    if found < 0:
        return
    value = head[found + 7 : head.find(b"\n", found + 1)].strip().lstrip(b"=").strip()
    if value.isdigit() and int(value) > FORMAT_VERSION:
        raise JournalParseError(
            f"{path} is journal format {int(value)}, newer than this pj understands "
            f"(format {FORMAT_VERSION}); upgrade patrol-journal"
        )


def link_of(block_text: str) -> str:
    """The seal the next record chains to: the stored one, or one computed for a hand-added
    record that has none."""
    return stored_seal(block_text) or compute_seal("", block_text)


# --------------------------------------------------------------------------- read


TORN_MESSAGE = (
    "torn tail: the journal ends in an incomplete record (an interrupted write?); "
    "run 'pj check --repair' to move it aside"
)


# --------------------------------------------------------------------------- repair


class Repair:
    """What `pj check --repair` moved: the torn bytes, from which line, to which file."""

    __slots__ = ("line", "moved_to", "size")

    def __init__(self, line: int, size: int, moved_to: Path) -> None:
        self.line = line
        self.size = size
        self.moved_to = moved_to


def repair_torn_tail(path: Path, now: datetime) -> Repair | None:
    """Move a torn tail to a side file next to the journal, then cut it off.

    The only code that ever truncates the journal, and only bytes after the last complete
    record. The side file is written and flushed before the journal is touched.
    """
    fd = open_existing(path, os.O_RDWR)
    try:
        with exclusive(fd, path):
            size = os.fstat(fd).st_size
            tail = inspect_tail(fd, size, path)
            if tail.torn_offset is None:
                return None
            torn = os.pread(fd, size - tail.torn_offset, tail.torn_offset)
            stamp = now.strftime("%Y%m%dT%H%M%S")
            side = path.with_name(f"{path.name}.torn-{stamp}")
            counter = 1
            while side.exists():
                counter += 1
                side = path.with_name(f"{path.name}.torn-{stamp}-{counter}")
            side_fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                _write_all(side_fd, torn)
                os.fsync(side_fd)
            finally:
                os.close(side_fd)
            os.ftruncate(fd, tail.torn_offset)
            os.fsync(fd)
            _fsync_dir(path.parent)
            return Repair(tail.torn_line or 0, len(torn), side)
    finally:
        os.close(fd)
