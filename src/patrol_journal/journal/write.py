"""The write side: create a journal, append records under the lock, repair a torn tail."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from patrol_journal.errors import (
    JournalError,
    JournalExists,
    JournalLocked,
    UsageError,
)
from patrol_journal.journal.files import fsync_dir, open_existing, write_all
from patrol_journal.journal.format import (
    serialise_header,
    serialise_records,
)
from patrol_journal.journal.lock import exclusive
from patrol_journal.journal.tail import check_tail, inspect_tail
from patrol_journal.vocab import new_id

# --------------------------------------------------------------------------- create


def create(path: Path, officer: str | None, now: datetime) -> None:
    """Write a new journal (mode 0600). Refuses to touch anything already there."""
    try:
        os.stat(path)
    except FileNotFoundError:
        pass
    except OSError as exc:  # a symlink loop, a path through a file, no permission
        raise JournalError(f"cannot use {path}: {exc.strerror}") from None
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
        write_all(fd, serialise_header(officer, now, new_id()).encode("utf-8"))
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise JournalError(f"cannot write {path}: {exc.strerror}") from None
    os.close(fd)
    fsync_dir(parent)


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
    for _attempt in range(5):
        fd = open_existing(path, os.O_RDWR)
        try:
            sound = verify.before_append(path, os.fstat(fd)) if verify is not None else None
            with exclusive(fd, path):
                before = os.fstat(fd)
                if not _still_the_journal(path, before):
                    continue  # migrated (renamed over) while we waited: open the new file
                if verify is not None and verify.state_of(before) != sound:
                    continue  # changed since it was checked (another append): check again
                tail = check_tail(fd, before.st_size, path)
                text, _seal = serialise_records(records, tail.link)
                data = ("\n" if tail.needs_newline else "").encode() + text.encode("utf-8")
                _write_at_end(fd, data, before.st_size, path)
                if verify is not None:
                    verify.after_append(path, before, os.fstat(fd))
                return
        finally:
            os.close(fd)
    raise JournalLocked(f"{path} kept changing while pj checked it; nothing was written, try again")


@contextmanager
def holding(path: Path, flags: int = os.O_RDWR) -> Iterator[int]:
    """The journal open and exclusively locked, as the file now at `path`.

    Whoever replaces the journal (a sync that joins your other machine's records, forget,
    migrate) does so under this lock, renaming a new file over it; a process that waited
    for the lock on the old file then finds it is no longer the journal, and opens and
    locks the new one instead: nothing is ever written to, or read from, a replaced file.
    """
    for _attempt in range(20):
        fd = open_existing(path, flags)
        try:
            with exclusive(fd, path):
                if _still_the_journal(path, os.fstat(fd)):
                    yield fd
                    return
        finally:
            os.close(fd)
    raise JournalLocked(f"{path} kept being replaced while pj waited for it; try again")


def _still_the_journal(path: Path, held: os.stat_result) -> bool:
    """Whether the file we locked is still the one at `path` (not renamed away)."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    return (now.st_ino, now.st_dev) == (held.st_ino, held.st_dev)


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
        write_all(fd, data)
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
    with holding(path) as fd:
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
        try:
            side_fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                write_all(side_fd, torn)
                os.fsync(side_fd)
            finally:
                os.close(side_fd)
        except OSError as exc:
            side.unlink(missing_ok=True)
            raise JournalError(
                f"could not save the torn tail to {side}: {exc.strerror or exc}; "
                "nothing was changed (free some space and try again)"
            ) from None
        os.ftruncate(fd, tail.torn_offset)
        os.fsync(fd)
        fsync_dir(path.parent)
        return Repair(tail.torn_line or 0, len(torn), side)
