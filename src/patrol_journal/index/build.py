"""A team's index built from nothing on every core.

The journals are cut into a few runs (in file-name order); a worker process indexes each
run into a scratch SQLite file, as a team's index of those journals alone; the runs are
then copied into the team's index in order (SQLite copies the rows itself), and what
spans journals — the totals kept per person and place, concern states — is worked out
once at the end. The result is the index that reading the journals one after another
gives: the same rows, people and places as first spelt in that order, the same totals
and states (a test holds the two to equality).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from patrol_journal.errors import JournalError, Source
from patrol_journal.index.concerns import settle_concerns
from patrol_journal.index.ids import update_short_length
from patrol_journal.index.schema import DEFERRED_INDEXES, index_statements
from patrol_journal.index.totals import recount

if TYPE_CHECKING:
    from patrol_journal.errors import Problem
    from patrol_journal.index.store import Index, IndexedJournal

# Less than this much to read is faster in one process than with workers.
PARALLEL_BYTES = 16 * 1024 * 1024
# SQLite keeps at most ten files attached to a connection: the team's index and nine runs.
MAX_RUNS = 9

# What a run brings, in this order; totals and concern states are worked out after.
TABLES = (
    "records",
    "people",
    "places",
    "interactions",
    "participants",
    "tags",
    "person_notes",
    "amendments",
    "concerns",
    "concern_raisers",
    "concern_events",
)

Failure = tuple[str, str, int]  # a journal that does not read: message, path, line


def worth_it(sources: list[IndexedJournal], stats: dict[str, os.stat_result]) -> bool:
    """Several journals, much to read, more than one core, and workers made by forking
    (Linux: cheap and safe; elsewhere the build stays in this process)."""
    size = sum(stats[source.name].st_size for source in sources)
    return (
        len(sources) > 1
        and size >= PARALLEL_BYTES
        and (os.cpu_count() or 1) > 1
        and sys.platform.startswith("linux")
    )


def runs(sources: list[IndexedJournal], stats: dict[str, os.stat_result]) -> list[list[int]]:
    """The journals (by position) cut into consecutive runs of about equal size: several a
    core (at most MAX_RUNS), so that runs are copied in while the workers build the next
    ones, and the last to finish is short."""
    count = min(MAX_RUNS, 4 * (os.cpu_count() or 1), len(sources))
    total = sum(stats[source.name].st_size for source in sources) or 1
    cut: list[list[int]] = [[]]
    running = 0
    for number, source in enumerate(sources):
        if cut[-1] and running >= total * len(cut) / count and len(cut) < count:
            cut.append([])
        cut[-1].append(number)
        running += stats[source.name].st_size
    return cut


def build_team(
    index: Index,
    work: list[IndexedJournal],
    stats: dict[str, os.stat_result],
    progress: Callable[[int, int], None] | None,
) -> tuple[int, Problem | None, int]:
    """A team's first build into `index` (emptied, in its write transaction): the runs
    built by workers and copied in, then what spans journals — indexes, totals, concern
    states, the ids' display length. (records, a torn tail, bytes)."""
    index.scratches = build_on_every_core(
        type(index), index.db, index.db_path, work, stats, index.stat_time, progress
    )
    for statement in index_statements(DEFERRED_INDEXES):
        index.db.execute(statement)
    recount(index.db)
    settle_concerns(index.db, None)
    index.set_meta(
        seq=str(index.db.execute("SELECT coalesce(max(seq), 0) FROM records").fetchone()[0])
    )
    update_short_length(index, [], rebuilt=True)
    total = sum(stats[source.name].st_size for source in work)
    count = int(index.db.execute("SELECT count(*) FROM records").fetchone()[0])
    return count, index.torn_tail, total


def build_run(
    kind: type[Index],
    sources: list[IndexedJournal],
    scratch: Path,
    stats: dict[str, os.stat_result],
    at: int,
) -> Failure | None:
    """In a worker: a run of journals into the file `scratch`, as a team's index of them
    (an index of `kind`, passed in: this module is below the index's own)."""
    from patrol_journal.index.schema import create_schema

    with contextlib.suppress(FileNotFoundError):
        scratch.unlink()
    connection = sqlite3.connect(scratch, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a scratch file, thrown away
        connection.execute("PRAGMA synchronous = OFF")
        create_schema(connection)
        index = kind(sources[0].path, connection, scratch, sources)
        index.as_run = True
        index.stat_time = at
        connection.execute("BEGIN")
        try:
            index.refresh_locked(stats, index.sources, None)
        except JournalError as exc:
            where = exc.source
            return (exc.message, str(where.path) if where else "", where.line if where else 0)
        connection.commit()
    finally:
        connection.close()
    return None


def build_on_every_core(
    kind: type[Index],
    db: sqlite3.Connection,
    db_path: Path,
    sources: list[IndexedJournal],
    stats: dict[str, os.stat_result],
    at: int,
    progress: Callable[[int, int], None] | None,
) -> list[Path]:
    """Index `sources` in worker processes and copy the runs into `db` (empty, in its write
    transaction, its deferred indexes dropped). The scratch files stay attached until the
    transaction ends: the caller detaches them (`let_go`) after it commits."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    cut = runs(sources, stats)
    scratches = [Path(f"{db_path}.run{number}") for number in range(len(cut))]
    total = sum(stats[source.name].st_size for source in sources)
    done = 0
    workers = min(os.cpu_count() or 1, len(cut))
    attached: list[Path] = []
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [
                pool.submit(build_run, kind, [sources[n] for n in numbers], scratch, stats, at)
                for numbers, scratch in zip(cut, scratches, strict=True)
            ]
            for number, (numbers, scratch, future) in enumerate(
                zip(cut, scratches, futures, strict=True)
            ):
                failure = future.result()
                if failure is not None:
                    for rest in futures:
                        rest.cancel()
                    message, path, line = failure
                    raise JournalError(message, Source(Path(path), line) if path else None)
                _copy(db, scratch, f"run{number}", [sources[n].prefix for n in numbers])
                attached.append(scratch)
                done += sum(stats[sources[n].name].st_size for n in numbers)
                if progress is not None:
                    progress(done, total)
    except BaseException:
        let_go(db, attached, committed=False)
        for scratch in scratches:
            with contextlib.suppress(OSError):
                scratch.unlink()
        raise
    return scratches


def _copy(db: sqlite3.Connection, scratch: Path, alias: str, prefixes: list[str]) -> None:
    """Add one run's rows after those already there, sequence numbers moved on, and its
    journals' state in `meta`."""
    db.execute("ATTACH DATABASE ? AS " + alias, (str(scratch),))
    base = int(db.execute("SELECT coalesce(max(seq), 0) FROM main.records").fetchone()[0])
    for table in TABLES:
        columns = [row[1] for row in db.execute(f"PRAGMA {alias}.table_info({table})")]
        chosen = ", ".join(f"{c} + {base}" if c == "seq" else c for c in columns)
        verb = "INSERT" if table == "records" else "INSERT OR IGNORE"
        db.execute(
            f"{verb} INTO main.{table}({', '.join(columns)}) SELECT {chosen} FROM {alias}.{table}"
        )
    for prefix in prefixes:
        db.execute(
            "INSERT INTO main.meta(key, value) SELECT key, value FROM "
            f"{alias}.meta WHERE key >= ? AND key < ? "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (prefix, prefix[:-1] + ";"),
        )


def let_go(db: sqlite3.Connection, scratches: list[Path], *, committed: bool = True) -> None:
    """Detach the runs' scratch files and delete them (after the transaction ended)."""
    if not committed:
        with contextlib.suppress(sqlite3.Error):
            db.rollback()
    for number in range(len(scratches)):
        with contextlib.suppress(sqlite3.Error):
            db.execute(f"DETACH DATABASE run{number}")
    for scratch in scratches:
        with contextlib.suppress(OSError):
            scratch.unlink()
