"""Opening the journal file, and the small byte-level helpers every journal module shares."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import zlib
from collections.abc import Iterable
from pathlib import Path

from patrol_journal.errors import (
    JournalError,
    JournalNotFound,
)


def open_existing(path: Path, flags: int) -> int:
    """Open the journal, turning every way it can be missing or wrong into one line.

    Anything but a regular file (a FIFO, a device) is refused before it is opened: opening
    a FIFO for reading would wait for a writer forever.
    """
    if in_team_folder(path) and os.path.islink(path.absolute().parent):
        raise JournalError(
            f"{path.parent} is a symbolic link; in a team pj never reads or writes through "
            "one: remove it, then 'git checkout' the team's journals"
        )
    try:
        found = os.lstat(path)
        if stat.S_ISLNK(found.st_mode):
            if in_team_folder(path):
                raise JournalError(
                    f"{path} is a symbolic link; in a team pj never follows one (it may point "
                    "anywhere on this machine): remove it, then 'git checkout' the journal"
                )
            path = Path(os.path.realpath(path))  # your own link to your journal
            found = os.stat(path)
    except FileNotFoundError:
        raise JournalNotFound(
            f"no journal at {path}; create one with 'pj init' (or point --journal at yours)"
        ) from None
    except OSError as exc:
        raise JournalError(f"cannot use {path}: {exc.strerror}") from None
    if stat.S_ISDIR(found.st_mode):
        raise JournalError(f"{path} is a directory, not a journal file")
    if not stat.S_ISREG(found.st_mode):
        raise JournalError(f"{path} is not a regular file (a pipe or a device?), not a journal")
    try:
        fd = os.open(path, flags | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOFOLLOW)
    except FileNotFoundError:
        raise JournalNotFound(
            f"no journal at {path}; create one with 'pj init' (or point --journal at yours)"
        ) from None
    except IsADirectoryError:
        raise JournalError(f"{path} is a directory, not a journal file") from None
    except PermissionError:
        raise JournalError(f"permission denied opening {path}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since it was looked at
            raise JournalError(f"{path} is a symbolic link; pj does not follow it") from None
        raise JournalError(f"cannot open {path}: {exc.strerror}") from None
    mode = os.fstat(fd).st_mode
    if stat.S_ISDIR(mode):
        os.close(fd)
        raise JournalError(f"{path} is a directory, not a journal file")
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise JournalError(f"{path} is not a regular file")
    return fd


# A beat team's folder: its `team.toml` and, beside it, `journals/` (one per officer).
TEAM_FILE = "team.toml"
JOURNALS = "journals"


def in_team_folder(path: Path) -> bool:
    """Whether a file sits in a team's `journals/` folder (beside `team.toml`), where every
    file arrived through git from someone else: nothing there is followed if it is a link."""
    folder = path.absolute().parent
    return folder.name == JOURNALS and os.path.lexists(folder.parent / TEAM_FILE)


def secure_mode(path: Path, mode: int = 0o600) -> bool:
    """Set a journal's mode to `mode` (0600: the officer's alone) through a descriptor
    opened without following a link; anything but a regular file is left as it is.
    Whether it was changed."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or stat.S_IMODE(found.st_mode) == mode:
            return False
        os.fchmod(fd, mode)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def replace_journal(
    path: Path, chunks: Iterable[bytes], *, doing: str, keep_old_as: Path | None = None
) -> None:
    """Write a whole new journal beside `path`, flush it, then rename it over `path` (the
    old file first kept as `keep_old_as`, a hard link). The caller holds the journal's lock.
    A failure at any point leaves the old journal as it was, and no temporary file."""
    _remove_stale_copies(path)
    temporary = path.with_name(f".{path.name}.{doing}-{os.getpid()}")
    try:
        out = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            for chunk in chunks:
                write_all(out, chunk)
            os.fsync(out)
        finally:
            os.close(out)
        if keep_old_as is not None:
            os.link(path, keep_old_as)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise JournalError(
            f"could not rewrite {path} ({doing}): {exc.strerror or exc}; the journal is unchanged"
        ) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _remove_stale_copies(path: Path) -> None:
    """New journals a killed rewrite left half-written beside it (`.NAME.doing-PID`, the
    process gone): never renamed over the journal, so nothing of them is needed."""
    remove_left_by_the_dead(path.parent.glob(f".{path.name}.*-*"), "-")


def remove_left_by_the_dead(files: Iterable[Path], mark: str) -> None:
    """Delete the scratch files whose name ends `<mark><pid>` of a process that is gone
    (killed before it could clean up); those of a live process are left alone."""
    for candidate in files:
        pid = candidate.name.rsplit(mark, 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                candidate.unlink()
        except OSError:
            continue


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(directory: Path) -> None:
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


def count_lines(fd: int, end: int) -> int:
    count, position = 0, 0
    while position < end:
        chunk = os.pread(fd, min(1 << 20, end - position), position)
        if not chunk:
            break
        count += chunk.count(b"\n")
        position += len(chunk)
    return count


def prefix_crc(path: Path, length: int) -> int:
    """The CRC-32 of the journal's first `length` bytes (-1 if it is shorter): about 15 ms
    for 31 MB, read a megabyte at a time (a memory map is a little faster but would add
    the whole file to the process's resident memory)."""
    crc = 0
    fd = open_existing(path, os.O_RDONLY)
    try:
        position = 0
        while position < length:
            chunk = os.pread(fd, min(1 << 20, length - position), position)
            if not chunk:
                return -1
            crc = zlib.crc32(chunk, crc)
            position += len(chunk)
    finally:
        os.close(fd)
    return crc
