"""The index of one journal, or of a team's journals: open it, bring it up to date, look
ids up."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
from patrol_journal.index.ids import IdLookups
from patrol_journal.index.reading import read_journal
from patrol_journal.index.schema import DEFERRED_INDEXES, connect, create_schema, index_statements
from patrol_journal.index.totals import drop_journal, recount
from patrol_journal.journal.files import open_existing, prefix_crc
from patrol_journal.journal.format import torn_message

if TYPE_CHECKING:
    from patrol_journal.team.layout import Team


Progress = Callable[[int, int], None]


@dataclass
class RefreshReport:
    """What a refresh did: how many bytes and records it read, and any torn tail."""

    rebuilt: bool
    records: int
    bytes_read: int
    torn: Problem | None


class IndexedJournal:
    """One journal the index reads: its path, the prefix of its keys in `meta`, and whose
    it is (a team's index reads every officer's journal; a journal's own index, one)."""

    __slots__ = ("name", "officer", "path", "prefix")

    def __init__(self, path: Path, name: str = "", officer: str | None = None) -> None:
        self.path = path
        self.name = name  # "" for a journal's own index; the file name in a team's
        self.prefix = f"{name}:" if name else ""
        self.officer = officer  # None: the one the journal's header names


class Index(IdLookups):
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

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, journal_path: Path, progress: Progress | None = None) -> Index:
        """Open (creating if needed) and bring up to date the index of a journal."""
        fd = open_existing(journal_path, os.O_RDONLY)
        os.close(fd)
        return cls._open(journal_path, index_path(journal_path), None, progress)

    @classmethod
    def open_team(cls, journal_path: Path, team: Team, progress: Progress | None = None) -> Index:
        """Open the index of every journal of `journal_path`'s team (one SQLite file for
        the team, refreshed journal by journal)."""
        fd = open_existing(journal_path, os.O_RDONLY)
        os.close(fd)
        sources = [
            IndexedJournal(path, path.name, team.member_of(path)) for path in team.journal_paths()
        ]
        if not any(source.path.name == journal_path.name for source in sources):
            sources.append(
                IndexedJournal(journal_path, journal_path.name, team.member_of(journal_path))
            )
        return cls._open(journal_path, team_index_path(team.root), sources, progress)

    @classmethod
    def _open(
        cls,
        journal_path: Path,
        db_path: Path,
        sources: list[IndexedJournal] | None,
        progress: Progress | None,
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
        index.refresh(progress)
        return index

    def close(self) -> None:
        self.db.close()

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
    def _own(self) -> IndexedJournal:
        for source in self.sources:
            if source.path.name == self.journal_path.name:
                return source
        return self.sources[0]

    def officer_name(self, source: IndexedJournal) -> str:
        """Whose journal it is: team.toml's member, else the journal's own header, else
        its file name."""
        return source.officer or self.meta(source.prefix + "officer") or source.path.stem

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
        stats = {source.name: os.stat(source.path) for source in self.sources}
        changed = [
            source
            for source in self.sources
            if not (
                self._stat_matches(source, stats[source.name])
                and self._bytes_match(source, stats[source.name])
            )
        ]
        if not changed and self._same_sources():
            report = RefreshReport(False, 0, 0, self.torn_tail)
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

    def _write_names(self) -> None:
        """Known names and how often each was met, for `pj log`'s near-miss note and shell
        completion, which must not open SQLite."""
        people = self.db.execute("SELECT key, name, met FROM people WHERE met > 0").fetchall()
        places = self.db.execute("SELECT key, name, visits FROM places WHERE visits > 0").fetchall()
        write_names(self.journal_path, people, places)

    def _sources_key(self) -> str:
        return "\n".join(sorted(source.name for source in self.sources))

    def _same_sources(self) -> bool:
        return not self.team or self.meta("sources") == self._sources_key()

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
        work = [
            source
            for source in changed
            if not (
                self._stat_matches(source, stats[source.name])
                and self._bytes_match(source, stats[source.name])
            )
        ]
        if not work and self._same_sources():
            return RefreshReport(False, 0, 0, self.torn_tail)
        rebuild = int(self.meta("seq") or 0) == 0
        restart: list[IndexedJournal] = []  # a team's journals to read again from the start
        for source in work:
            offset = int(self.meta(source.prefix + "offset") or 0)
            crc = int(self.meta(source.prefix + "crc") or 0)
            size = stats[source.name].st_size
            if offset == 0 and not self.team:
                rebuild = True
            elif offset > size or prefix_crc(source.path, offset) != crc:
                if self.team:
                    restart.append(source)  # changed, not only grown (a join, a forget)
                else:
                    rebuild = True
        touched: set[str] = set()
        if rebuild:
            self._clear()
            work = list(self.sources)
        elif self.team:
            names = {source.name for source in self.sources}
            gone = [name for name in self._indexed_sources() if name not in names]
            for name in [*gone, *(source.name for source in restart)]:
                touched |= drop_journal(self.db, name)
                self.db.execute(
                    "DELETE FROM meta WHERE key >= ? AND key < ?", (f"{name}:", f"{name};")
                )
            if gone or restart:
                recount(self.db)
        if rebuild and self.team and not (self.as_run or self.in_memory) and worth_it(work, stats):
            count, torn, total = build_team(self, work, stats, progress)
        else:
            count, torn, total, ids = self._apply(work, stats, restart, touched, rebuild, progress)
            if (count or rebuild) and not self.as_run:
                self.update_short_length(ids, rebuild)
            if rebuild and not self.as_run:
                for statement in index_statements(DEFERRED_INDEXES):
                    self.db.execute(statement)
        if progress is not None:
            progress(total, total)
        if self.team:
            self.set_meta(sources=self._sources_key())
        return RefreshReport(rebuild, count, total, torn)

    def _apply(
        self,
        work: list[IndexedJournal],
        stats: dict[str, os.stat_result],
        restart: list[IndexedJournal],
        touched: set[str],
        rebuild: bool,
        progress: Progress | None,
    ) -> tuple[int, Problem | None, int, list[str]]:
        """Read the journals in this process: (records, a torn tail, bytes, new ids)."""
        applier = Applier(self.db, fresh=rebuild, shared=self.team)
        applier.touched_concerns |= touched
        total = sum(stats[source.name].st_size for source in work)
        done = 0
        count = 0
        torn: Problem | None = None
        for source in work:
            found, torn_here, read = read_journal(
                self,
                source,
                stats[source.name],
                applier,
                rebuild or source in restart,
                progress,
                done,
                total,
            )
            count += found
            done += read
            torn = torn or torn_here
        applier.finish()
        return count, torn, total, applier.new_ids

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


# How close to the moment of its stat a change may be and still keep the same ctime on a
# file system with coarse timestamps: such a file is compared byte for byte.
RACY_NS = 2_000_000_000
