"""The journal's exclusive lock: `fcntl.flock` with a deadline."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from patrol_journal.errors import JournalLocked

ENV_TIMEOUT = "PJ_LOCK_TIMEOUT"


DEFAULT_TIMEOUT = 5.0


def lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(ENV_TIMEOUT, DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextmanager
def exclusive(fd: int, path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on an open file; give up with `JournalLocked` after `timeout`."""
    with _locked(fd, path, fcntl.LOCK_EX, timeout):
        yield


@contextmanager
def shared(fd: int, path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold a shared lock while reading, so a reader never sees half of an append.

    Lock order: the index (SQLite) first, then the journal. Writers never touch the
    index while they hold the journal's exclusive lock, so no two processes can wait on
    each other.
    """
    with _locked(fd, path, fcntl.LOCK_SH, timeout):
        yield


@contextmanager
def _locked(fd: int, path: Path, kind: int, timeout: float | None) -> Iterator[None]:
    wait = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, kind | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise JournalLocked(
                    f"{path} is locked by another pj process (waited {wait:g} s); "
                    "nothing was written, try again"
                ) from None
            time.sleep(0.01)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
