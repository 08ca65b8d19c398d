"""Files pj writes besides the journal (reports, cache files): whole or not at all."""

from __future__ import annotations

import contextlib
import itertools
import os
from pathlib import Path

from patrol_journal.errors import JournalError

_COUNTER = itertools.count()


def write_atomically(target: Path, text: str) -> None:
    """Write `text` to a temporary file beside `target`, flush it, then rename it over
    `target` (mode 0600): a reader sees the old file or the new one, never half of one."""
    # No tempfile module: `pj log` writes its cache mark through here, and importing
    # tempfile costs start-up time. A pid and a counter make the name unique enough.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{next(_COUNTER)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_report(target: Path, text: str) -> None:
    """A summary or an export the officer asked for: one clear line if it cannot be written."""
    try:
        write_atomically(target, text)
    except OSError as exc:
        raise JournalError(f"cannot write {target}: {exc.strerror or exc}") from None
