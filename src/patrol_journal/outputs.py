"""Files pj writes besides the journal (reports, cache files): whole or not at all."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from patrol_journal.errors import JournalError

_COUNTER = itertools.count()


def write_atomically(target: Path, text: str | bytes) -> None:
    """Write `text` (or bytes) to a temporary file beside `target`, flush it, then rename
    it over `target` (mode 0600): a reader sees the old file or the new one, never half."""
    # No tempfile module: `pj log` writes its cache mark through here, and importing
    # tempfile costs start-up time. A pid and a counter make the name unique enough.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{next(_COUNTER)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
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


class VisibleStream:
    """A text stream that passes every write through `vocab.visible`: installed over
    stdout and stderr by the command line's one exit point, so no control character from a
    journal reaches the terminal raw, whichever code printed it. Rich consoles write their
    own styles to the stream underneath (`raw_stream`) and make their text visible first."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw
        self.encoding = getattr(raw, "encoding", "utf-8")
        self.errors = getattr(raw, "errors", "strict")

    def write(self, text: str) -> int:
        from patrol_journal.vocab import visible

        self.raw.write(visible(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return bool(getattr(self.raw, "closed", False))

    def close(self) -> None:
        self.raw.close()


def raw_stream(stream: Any) -> Any:
    """The stream under a `VisibleStream` (for rich, which writes its own styles), or the
    stream itself."""
    return stream.raw if isinstance(stream, VisibleStream) else stream
