"""`pj migrate`: rewrite a journal of an older format in the current one, keeping the old
file beside it. One of the three rewrites pj makes, and only when the officer asks.

Records whose format-1 seal still verifies are rewritten as sealed format-2 records (their
lines kept as they are, a new header line and seal); records added or changed by hand are
kept as written, without a seal, as format 2 keeps hand-written records. Blank lines
between records go. The new file is written beside the journal, flushed, and renamed over
it under the journal's lock; the old file stays as `JOURNAL.format1-<time>`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from patrol_journal.errors import JournalError, Source
from patrol_journal.journal.files import replace_journal
from patrol_journal.journal.format import (
    FORMAT_VERSION,
    SEAL_LINE,
    record_header,
    seal_line,
    seal_of,
)
from patrol_journal.journal.tail import inspect_tail
from patrol_journal.journal.write import holding


class Migration:
    """What `migrate` did: how many records it sealed or kept as written, and where the
    old file is."""

    __slots__ = ("by_hand", "kept_at", "old_format", "sealed")

    def __init__(self, old_format: int, sealed: int, by_hand: int, kept_at: Path) -> None:
        self.old_format = old_format
        self.sealed = sealed
        self.by_hand = by_hand
        self.kept_at = kept_at


def migrate(
    path: Path, now: datetime, progress: Callable[[int, int], None] | None = None
) -> Migration | None:
    """Rewrite the journal at `path` in the current format; refuse one with problems.
    None when it is in the current format already (nothing to do). `progress` is told
    the bytes read as they are."""
    with holding(path) as fd:
        size = os.fstat(fd).st_size
        tail = inspect_tail(fd, size, path)
        if tail.format >= FORMAT_VERSION:
            return None
        if tail.torn_offset is not None:
            raise JournalError(
                "the journal ends in an incomplete record; run 'pj check --repair' "
                "first, then 'pj migrate'",
                Source(path, tail.torn_line or 0),
            )
        kept_at = _free_name(path, f"format{tail.format}-{now:%Y%m%dT%H%M%S}")
        counts = [0, 0]  # sealed, kept as written by hand
        blocks = _migrated(path, counts, progress, size)
        replace_journal(path, blocks, doing="migrating", keep_old_as=kept_at)
        return Migration(tail.format, counts[0], counts[1], kept_at)


def _migrated(
    path: Path, counts: list[int], progress: Callable[[int, int], None] | None, size: int
) -> Iterator[bytes]:
    """The migrated journal, a few thousand records at a time; counts[0] and counts[1] are
    the records sealed and kept as written by hand."""
    import re

    from patrol_journal.journal.scan import scan

    is_seal = re.compile(SEAL_LINE)
    format_line = re.compile(r"format\s*=\s*\d+\s*$")
    link = ""
    pending: list[bytes] = []
    for block in scan(path, locked=True):
        if block.problem is not None:
            raise JournalError(
                f"{block.problem.message}; fix it (see 'pj check') before migrating",
                block.problem.source,
            )
        if block.kind == "gap":
            continue
        text = block.raw.decode("utf-8").replace("\r\n", "\n").lstrip("\ufeff")
        lines = [line for line in text.rstrip("\n").split("\n") if not is_seal.match(line)]
        while lines and not lines[-1].strip():
            lines.pop()
        if block.kind == "header":
            version = f"format = {FORMAT_VERSION}"
            lines = [version if format_line.match(line) else line for line in lines]
            body = "\n".join(lines) + "\n"
            link = seal_of(body, "")
            pending.append((body + seal_line(link) + "\n").encode())
        elif block.trusted:
            body = record_header() + "\n" + "\n".join(lines[1:]) + "\n"
            link = seal_of(body, link)
            pending.append((body + seal_line(link)).encode())
            counts[0] += 1
        else:
            pending.append(("\n".join(lines) + "\n").encode())
            counts[1] += 1
        if len(pending) >= 2000:
            yield b"".join(pending)
            pending = []
            if progress is not None:
                progress(block.end, size)
    yield b"".join(pending)


def _free_name(path: Path, suffix: str) -> Path:
    candidate = path.with_name(f"{path.name}.{suffix}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{path.name}.{suffix}-{counter}")
    return candidate
