"""Reading one journal into an index: from where the index left off (or from the start),
its header, records and torn tail, and where the reading ended, into `meta`."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from patrol_journal.errors import JournalParseError, Problem, Source
from patrol_journal.index.files import stat_key
from patrol_journal.journal.parse import parse_header_text, validation_message
from patrol_journal.journal.scan import scan

if TYPE_CHECKING:
    from patrol_journal.index.apply import Applier
    from patrol_journal.index.store import Index, IndexedJournal
    from patrol_journal.journal.blocks import Scanned

Progress = Callable[[int, int], None]


def read_journal(
    index: Index,
    source: IndexedJournal,
    st: os.stat_result,
    applier: Applier,
    from_start: bool,
    progress: Progress | None,
    done: int,
    total: int,
) -> tuple[int, Problem | None, int]:
    """Read one journal into `index` (through `applier`) from where the index left off,
    or from the start: (records, torn tail, bytes read)."""
    key = source.prefix
    if from_start:
        offset, line, crc, link = 0, 1, 0, ""
    else:
        offset = int(index.meta(key + "offset") or 0)
        line = int(index.meta(key + "line") or 1)
        crc = int(index.meta(key + "crc") or 0)
        link = index.meta(key + "link") or ""
    applier.officer = index.officer_name(source)
    applier.source = source.name
    applier.rank_base = source.rank << 44  # above any byte offset of a journal
    seq = int(index.meta("seq") or 0)
    start = offset
    torn: Problem | None = None
    count = 0
    for block in scan(source.path, offset, line, link):
        if block.kind == "torn":
            assert block.problem is not None
            torn = Problem("warning", block.problem.message, block.problem.source)
            break
        if block.problem is not None:
            raise JournalParseError(block.problem.message, block.problem.source)
        if block.kind == "header":
            _index_header(index, block, source)
            applier.officer = index.officer_name(source)
        elif block.kind == "record" and block.data is not None:
            seq += 1
            applier.apply(seq, block)
            count += 1
            if progress is not None and count % 1000 == 0:
                progress(done + block.end - start, total)
        crc = zlib.crc32(block.raw, crc)
        offset, line, link = block.end, block.line + block.raw.count(b"\n"), block.link
    index.set_meta(
        **{
            key + "offset": str(offset),
            key + "line": str(line),
            key + "crc": str(crc),
            key + "link": link,
            key + "stat": stat_key(st),
            key + "checked": str(index.stat_time),
            key + "path": str(source.path),
            key + "torn_line": str(torn.source.line) if torn and torn.source else "",
            "seq": str(seq),
        }
    )
    return count, torn, st.st_size - start


def _index_header(index: Index, block: Scanned, source: IndexedJournal) -> None:
    """The journal's `[journal]` table: whose it is and its format, into `meta`."""
    from patrol_journal.model import Header, ValidationError

    where = Source(source.path, block.line)
    text = block.raw.decode("utf-8", "replace").lstrip("\ufeff")
    if not text.strip():
        raise JournalParseError("empty file: not a patrol journal (run 'pj init')", where)

    table = parse_header_text(text, where)
    try:
        header = Header.model_validate(table)
    except ValidationError as exc:
        raise JournalParseError("[journal] " + validation_message(exc), where) from None
    index.set_meta(
        **{
            source.prefix + "officer": header.officer or "",
            source.prefix + "format": str(header.format),
        }
    )
