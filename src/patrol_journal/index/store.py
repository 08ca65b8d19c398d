"""The index of one journal, or of a team's journals: open it, bring it up to date, look
ids up."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from patrol_journal.calendar import FUTURE_SLACK
from patrol_journal.errors import JournalError, Problem, Source
from patrol_journal.index.apply import Applier
from patrol_journal.index.build import build_team, let_go, worth_it
from patrol_journal.index.files import (
    index_path,
    stat_key,
    team_index_path,
    write_names,
    write_verified,
)
from patrol_journal.index.ids import update_short_length
from patrol_journal.index.reading import read_journal
from patrol_journal.index.schema import DEFERRED_INDEXES, connect, create_schema, index_statements
from patrol_journal.index.totals import drop_journal, recount, rename_journal
from patrol_journal.journal.files import JOURNALS, open_existing, prefix_crc
from patrol_journal.journal.format import torn_message

if TYPE_CHECKING:
    from patrol_journal.team.layout import Team


Progress = Callable[[int, int], None]


@dataclass
class RefreshReport:
    """What a refresh did: whether it rebuilt, how many records it read, any torn tail."""

    rebuilt: bool
    records: int
    torn: Problem | None


class IndexedJournal:
    """One journal the index reads: its path, the prefix of its keys in `meta`, and whose
    it is (a team's index reads every officer's journal; a journal's own index, one)."""

    __slots__ = ("claim", "impostor", "name", "officer", "own", "path", "prefix", "rank")

    def __init__(
        self,
        path: Path,
        name: str = "",
        officer: str | None = None,
        *,
        own: bool = True,
        claim: str | None = None,
        impostor: bool = False,
        rank: int = 0,
    ) -> None:
        self.path = path
        self.name = name  # "" for a journal's own index; the file name in a team's
        self.prefix = f"{name}:" if name else ""
        self.officer = officer  # None: the one the journal's header names
        self.own = own  # the officer's own journal: its problems stop the command
        self.claim = claim  # what is doubtful about whose it is, in words
        self.impostor = impostor  # claims another journal's officer: shown by file name
        self.rank = rank  # its place in the order a build reads the team's journals


# A teammate's journal larger than this is left out of the team's views (configurable:
# `team_journal_limit_mb`); ten years of daily patrol is about 30 MB.
TEAM_JOURNAL_LIMIT = 200 * 1024 * 1024


def team_sources(journal_path: Path, team: Team) -> list[IndexedJournal]:
    """The journals a team's index reads, in the order `team.layout.claims` gives (yours
    first), each with the officer it belongs to and what is doubtful about it."""
    from patrol_journal.team.layout import claims

    return [
        IndexedJournal(
            claim.path,
            claim.path.name,
            claim.officer,
            own=number == 0,
            claim="; ".join(claim.doubts) or None,
            impostor=claim.impostor,
            rank=number,
        )
        for number, claim in enumerate(claims(team, journal_path))
    ]


class Index:
    """An open, up-to-date index of one journal, or of every journal of a team."""

    def __init__(
        self,
        journal_path: Path,
        connection: sqlite3.Connection,
        db_path: Path,
        sources: list[IndexedJournal] | None = None,
    ):
        self.journal_path = journal_path
        self.db = connection
        self.db_path = db_path
        self.sources = sources or [IndexedJournal(journal_path)]
        self.team = sources is not None
        self.last_refresh: RefreshReport | None = None
        self.stat_time = 0  # when the journals' stats were taken (see _bytes_match)
        self.as_run = False  # a run of a team's journals, built by a worker (index/build)
        self.scratches: list[Path] = []  # a build's scratch files, let go after commit
        self._short_length: int | None = None
        self.in_memory = False
        # The latest time a record may have: the moment it is read (the clock, not a
        # pinned $PJ_NOW: a record written later than it is read was not written then).
        self.latest = int(time.time() + FUTURE_SLACK.total_seconds())
        self.size_limit = TEAM_JOURNAL_LIMIT
        self.recount_needed = False

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, journal_path: Path, progress: Progress | None = None) -> Index:
        """Open (creating if needed) and bring up to date the index of a journal."""
        fd = open_existing(journal_path, os.O_RDONLY)
        os.close(fd)
        return cls._open(journal_path, index_path(journal_path), None, progress)

    @classmethod
    def open_team(
        cls,
        journal_path: Path,
        team: Team,
        progress: Progress | None = None,
        size_limit: int = TEAM_JOURNAL_LIMIT,
    ) -> Index:
        """Open the index of every journal of `journal_path`'s team (one SQLite file for
        the team, refreshed journal by journal): yours first, so that no other journal
        can take your name or your records' ids; a teammate's that does not read is left
        out (see `problems`)."""
        fd = open_existing(journal_path, os.O_RDONLY)
        os.close(fd)
        sources = team_sources(journal_path, team)
        db_path = team_index_path(team.root)
        return cls._open(journal_path, db_path, sources, progress, size_limit=size_limit)

    @classmethod
    def _open(
        cls,
        journal_path: Path,
        db_path: Path,
        sources: list[IndexedJournal] | None,
        progress: Progress | None,
        *,
        size_limit: int = TEAM_JOURNAL_LIMIT,
    ) -> Index:
        try:
            connection = connect(db_path)
        except (OSError, sqlite3.Error, JournalError):
            # No usable cache (a read-only home, a full disk): index in memory instead.
            # Slower on a big journal, but every command still works.
            connection = sqlite3.connect(":memory:", isolation_level=None)
            create_schema(connection)
        index = cls(journal_path, connection, db_path, sources)
        index.in_memory = connection.execute("PRAGMA database_list").fetchone()[2] == ""
        index.size_limit = size_limit
        index.refresh(progress)
        return index

    def close(self) -> None:
        self.db.close()

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        """The rows of a query, each read by column name (`row["place"]`)."""
        cursor = self.db.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params).fetchall()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def torn_tail(self) -> Problem | None:
        """The torn tail of the journal in use (of a team's, the first one found)."""
        tails = self.torn_tails
        return tails[0] if tails else None

    @property
    def torn_tails(self) -> list[Problem]:
        found = []
        for source in self.sources:
            line = self.meta(source.prefix + "torn_line")
            if line:
                found.append(
                    Problem(
                        "warning",
                        torn_message("it is left out of every view"),
                        Source(source.path, int(line)),
                    )
                )
        return found

    @property
    def officer(self) -> str | None:
        return self.meta(self._own.prefix + "officer") or None

    @property
    def me(self) -> str:
        """Whose journal this is, as its rows name them (the `officer` column)."""
        return self.officer_name(self._own)

    @property
    def _own(self) -> IndexedJournal:
        for source in self.sources:
            if source.path.name == self.journal_path.name:
                return source
        return self.sources[0]

    def officer_name(self, source: IndexedJournal) -> str:
        """Whose journal it is: team.toml's member, else the journal's own header, else
        its file name; its file name too when it claims another's name or reuses another
        journal's ids."""
        if source.impostor or self.meta(source.prefix + "reused"):
            return source.path.stem
        return source.officer or self.meta(source.prefix + "officer") or source.path.stem

    def teammates_record(self, record_id: str) -> str | None:
        """The officer whose journal holds a record, when it is another's (None when it
        is yours, or unknown)."""
        if not self.team:
            return None
        row = self.db.execute(
            "SELECT source FROM records WHERE id = ? ORDER BY seq LIMIT 1", (record_id,)
        ).fetchone()
        if row is None or row[0] == self._own.name:
            return None
        for source in self.sources:
            if source.name == row[0]:
                return self.officer_name(source)
        return str(row[0])

    @property
    def problems(self) -> list[str]:
        """What a team's index left out or distrusts, one line each (see `problems_of`)."""
        return [line for source in self.sources for line in self.problems_of(source)]

    def problems_of(self, source: IndexedJournal) -> list[str]:
        """What the index left out of one journal or distrusts in it: the whole journal
        when a teammate's does not read, its name when it claims another officer's or
        reuses another journal's ids, records dated after the moment they were read."""
        where = f"{JOURNALS}/{source.name}" if source.name else str(source.path)
        lines = []
        error = self.meta(source.prefix + "error")
        if error:
            lines.append(f"{where} is left out of the team's views: {error}")
        if source.claim:
            shown = "shown under its file name" if source.impostor else "shown as its header says"
            lines.append(f"{where}: {source.claim}: {shown}")
        reused = self.meta(source.prefix + "reused")
        if reused:
            count, first = reused.split(" ", 1)
            lines.append(
                f"{where} reuses {count} record ids of another journal (first {first}): "
                "those records are left out, the rest shown under its file name"
            )
        future = self.meta(source.prefix + "future_count")
        if future:
            lines.append(
                f"{where}: {future} records dated after the moment they were read are left "
                "out (see 'pj check')"
            )
        return lines

    def path_of(self, source: str) -> Path:
        """The journal a record's `source` names."""
        for candidate in self.sources:
            if candidate.name == source:
                return candidate.path
        return self.journal_path

    # ---------------------------------------------------------------- refresh

    def refresh(self, progress: Progress | None = None) -> RefreshReport:
        """Index what the journals gained since last time, or everything after a hand edit."""
        self.stat_time = time.time_ns()  # before the stats: see _bytes_match
        stats = self._stats()
        changed = [source for source in self.sources if not self._unchanged(source, stats)]
        if not changed and self._same_sources():
            report = RefreshReport(False, 0, self.torn_tail)
            self.last_refresh = report
            return report
        self.db.execute("BEGIN IMMEDIATE")
        try:
            report = self.refresh_locked(stats, changed, progress)
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()
        if self.scratches:
            let_go(self.db, self.scratches)
            self.scratches = []
        if self.in_memory or self.team:
            self.last_refresh = report
            return report
        if report.records or report.rebuilt:
            self._write_names()
        after = os.stat(self.journal_path)
        before = stats[self.sources[0].name]
        if report.torn is None and stat_key(after) == stat_key(before):
            write_verified(self.journal_path, after)
        self.last_refresh = report
        return report

    def _stats(self) -> dict[str, os.stat_result]:
        """Each journal's stat; a teammate's journal gone since the team was listed is
        simply not read this time."""
        stats = {}
        for source in list(self.sources):
            try:
                stats[source.name] = os.stat(source.path)
            except OSError:
                if source.own:
                    raise
                self.sources.remove(source)
        return stats

    def _unchanged(self, source: IndexedJournal, stats: dict[str, os.stat_result]) -> bool:
        st = stats[source.name]
        return (
            self._stat_matches(source, st)
            and self._bytes_match(source, st)
            and not self._due_again(source)
            and self.meta(source.prefix + "as") in (None, self.officer_name(source))
        )

    def _due_again(self, source: IndexedJournal) -> bool:
        """Whether records left out as dated in the future are due now (read it again)."""
        future = self.meta(source.prefix + "future")
        return bool(future) and int(future or 0) <= self.latest

    def _write_names(self) -> None:
        """Known names and how often each was met, for `pj log`'s near-miss note and shell
        completion, which must not open SQLite."""
        people = self.db.execute("SELECT key, name, met FROM people WHERE met > 0").fetchall()
        places = self.db.execute("SELECT key, name, visits FROM places WHERE visits > 0").fetchall()
        write_names(self.journal_path, people, places)

    def _sources_key(self) -> str:
        return "\n".join(sorted(source.name for source in self.sources))

    def _same_sources(self) -> bool:
        """Whether a team's index holds these journals, read in this order (yours first:
        another officer's view of the same clone reads its own first)."""
        return not self.team or (
            self.meta("sources") == self._sources_key()
            and self.meta("own") in (None, self._own.name)
        )

    def _indexed_sources(self) -> list[str]:
        """The journals a team's index holds rows of (one may have left the team since)."""
        return [name for name in (self.meta("sources") or "").split("\n") if name]

    def _stat_matches(self, source: IndexedJournal, st: os.stat_result) -> bool:
        return self.meta(source.prefix + "stat") == stat_key(st)

    def _bytes_match(self, source: IndexedJournal, st: os.stat_result) -> bool:
        """Whether the indexed bytes are still the file's (its stat already matches).

        Every change to a file sets its change time (ctime) to the current time, and
        nothing can set it back. So a file whose ctime was well before the moment its
        stat was taken for the index cannot have changed without changing its stat:
        its bytes are the indexed ones. Only a file changed within the clock's
        granularity of that moment ("racily clean", as git calls it) is compared byte
        for byte, by a CRC of the indexed prefix. A torn tail is read again each time
        (it is left out of the index)."""
        if self.meta(source.prefix + "torn_line"):
            return False
        checked = int(self.meta(source.prefix + "checked") or 0)
        settled = checked - RACY_NS
        if st.st_ctime_ns < settled and st.st_mtime_ns < settled:
            return True
        offset = int(self.meta(source.prefix + "offset") or 0)
        return prefix_crc(source.path, offset) == int(self.meta(source.prefix + "crc") or 0)

    def refresh_locked(
        self,
        stats: dict[str, os.stat_result],
        changed: list[IndexedJournal],
        progress: Progress | None,
    ) -> RefreshReport:
        # Another process may have indexed some of them while we waited for the write lock.
        work = [source for source in changed if not self._unchanged(source, stats)]
        if not work and self._same_sources():
            return RefreshReport(False, 0, self.torn_tail)
        rebuild, restart = self._plan(work, stats)
        touched: set[str] = set()
        if rebuild:
            self._clear()
            work = list(self.sources)
        elif self.team:
            touched = self._take_out(restart)
        if rebuild and self.team and not (self.as_run or self.in_memory) and worth_it(work, stats):
            count, torn, total = build_team(self, work, stats, progress)
        else:
            count, torn, total, ids = self._apply(work, stats, restart, touched, rebuild, progress)
            if rebuild and not self.as_run:
                for statement in index_statements(DEFERRED_INDEXES):
                    self.db.execute(statement)
            if (count or rebuild) and not self.as_run:
                update_short_length(self, ids, rebuild)
        if self.recount_needed:
            recount(self.db)
            self.recount_needed = False
        if self.team:
            self.set_meta(sources=self._sources_key(), own=self._own.name)
        if progress is not None:
            progress(total, total)
        return RefreshReport(rebuild, count, torn)

    def _plan(
        self, work: list[IndexedJournal], stats: dict[str, os.stat_result]
    ) -> tuple[bool, list[IndexedJournal]]:
        """Whether to build the index from nothing, and which of a team's journals to read
        again from the start (changed, not only grown: a join, a forget; or due again)."""
        rebuild = int(self.meta("seq") or 0) == 0
        if self.team and self.meta("own") not in (None, self._own.name):
            rebuild = True  # another officer's clone of the team: yours is read first
        restart: list[IndexedJournal] = []
        for source in work:
            offset = int(self.meta(source.prefix + "offset") or 0)
            crc = int(self.meta(source.prefix + "crc") or 0)
            again = (
                offset > stats[source.name].st_size
                or prefix_crc(source.path, offset) != crc
                or self._due_again(source)
                or self.meta(source.prefix + "as") not in (None, self.officer_name(source))
            )
            if not self.team and (offset == 0 or again):
                rebuild = True
            elif again:
                restart.append(source)
        return rebuild, restart

    def _take_out(self, restart: list[IndexedJournal]) -> set[str]:
        """Take out of a team's index the journals that left the team and those to read
        again; the concerns whose steps went with them."""
        names = {source.name for source in self.sources}
        gone = [name for name in self._indexed_sources() if name not in names]
        touched: set[str] = set()
        for name in [*gone, *(source.name for source in restart)]:
            touched |= self._drop(name)
        return touched

    def _drop(self, name: str) -> set[str]:
        rank = next((source.rank for source in self.sources if source.name == name), None)
        if rank is not None:  # its spellings give way to any other journal's
            for table in ("people", "places"):
                self.db.execute(
                    f"UPDATE {table} SET rank = ? WHERE rank >> 44 = ?", (1 << 62, rank)
                )
        touched = drop_journal(self.db, name)
        self.db.execute("DELETE FROM meta WHERE key >= ? AND key < ?", (f"{name}:", f"{name};"))
        self.recount_needed = True
        return touched

    def _apply(
        self,
        work: list[IndexedJournal],
        stats: dict[str, os.stat_result],
        restart: list[IndexedJournal],
        touched: set[str],
        rebuild: bool,
        progress: Progress | None,
    ) -> tuple[int, Problem | None, int, list[str]]:
        """Read the journals in this process: (records, a torn tail, bytes, new ids). A
        teammate's journal that does not read (or is too large) is left out, with its
        reason kept in `meta` for `problems`, until it changes."""
        total = sum(stats[source.name].st_size for source in work)
        applier = Applier(
            self.db,
            fresh=rebuild,
            shared=self.team,
            latest=self.latest,
            expected=total // RECORD_BYTES,
        )
        applier.touched_concerns |= touched
        done = count = 0
        torn: Problem | None = None
        for source in work:
            st = stats[source.name]
            try:
                if not source.own and st.st_size > self.size_limit:
                    raise JournalError(
                        f"{st.st_size // (1 << 20)} MB, more than a teammate's journal may be "
                        f"({self.size_limit // (1 << 20)} MB: team_journal_limit_mb)"
                    )
                found, torn_here, read = read_journal(
                    self, source, st, applier, rebuild or source in restart, progress, done, total
                )
            except JournalError as exc:
                if source.own or not self.team:
                    raise
                self._leave_out(source, st, str(exc), applier)
                continue
            count += found
            done += read
            torn = torn or torn_here
        applier.finish()
        self._note(applier, [source for source in work if source.name not in applier.left_out])
        return count, torn, total, applier.new_ids

    def _leave_out(
        self, source: IndexedJournal, st: os.stat_result, reason: str, applier: Applier
    ) -> None:
        """A teammate's journal that does not read: its rows out, its reason kept, and its
        stat, so that it is not read again until it changes."""
        applier.flush()
        applier.touched_concerns |= self._drop(source.name)
        applier.left_out.add(source.name)
        self.set_meta(
            **{
                source.prefix + "error": " ".join(reason.split()),
                source.prefix + "stat": stat_key(st),
                source.prefix + "checked": str(self.stat_time),
                source.prefix + "offset": "0",
                source.prefix + "crc": "0",
                source.prefix + "as": self.officer_name(source),
            }
        )

    def _note(self, applier: Applier, read: list[IndexedJournal]) -> None:
        """What the applier left out of the journals it read: records dated in the future
        (and when the first of them is due), ids another journal holds (the journal's
        records are then shown under its file name); and the name each was read as."""
        for source in read:
            future = applier.future.get(source.name)
            if future is not None:
                earlier = self.meta(source.prefix + "future")
                count = int(self.meta(source.prefix + "future_count") or 0) + future[1]
                first = min(future[0], int(earlier)) if earlier else future[0]
                self.set_meta(
                    **{
                        source.prefix + "future": str(first),
                        source.prefix + "future_count": str(count),
                    }
                )
            reused = applier.reused.get(source.name)
            if reused is not None:
                earlier = self.meta(source.prefix + "reused")
                count = reused[0] + (int(earlier.split(" ")[0]) if earlier else 0)
                self.set_meta(**{source.prefix + "reused": f"{count} {reused[1]}"})
                rename_journal(self.db, source.name, self.officer_name(source))
                self.recount_needed = True
            self.set_meta(**{source.prefix + "as": self.officer_name(source)})

    def set_meta(self, **values: str) -> None:
        self.db.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )

    def _clear(self) -> None:
        for name in DEFERRED_INDEXES:
            self.db.execute(f"DROP INDEX IF EXISTS {name}")
        for (table,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        ).fetchall():
            self.db.execute(f"DELETE FROM {table}")


# About the fewest bytes a record takes in a journal (an interaction with a name or two).
RECORD_BYTES = 200

# How close to the moment of its stat a change may be and still keep the same ctime on a
# file system with coarse timestamps: such a file is compared byte for byte.
RACY_NS = 2_000_000_000
