"""The index of one journal, or of a team's journals: open it, bring it up to date, look
ids up."""

from __future__ import annotations

import itertools
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from patrol_journal.errors import JournalError, JournalParseError, Problem, Source
from patrol_journal.index.apply import Applier, drop_journal, recount
from patrol_journal.index.build import build_on_every_core, let_go, worth_it
from patrol_journal.index.concerns import settle_concerns
from patrol_journal.index.files import (
    index_path,
    stat_key,
    team_index_path,
    write_names,
    write_verified,
)
from patrol_journal.index.schema import DEFERRED_INDEXES, connect, create_schema, index_statements
from patrol_journal.journal.files import open_existing, prefix_crc
from patrol_journal.journal.format import torn_message
from patrol_journal.journal.parse import parse_header_text, validation_message
from patrol_journal.journal.scan import scan
from patrol_journal.vocab import ID_LENGTH, MIN_PREFIX, RECORD_TYPES

if TYPE_CHECKING:
    from patrol_journal.journal.blocks import Scanned
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
        self._scratches: list[Path] = []  # a build's scratch files, let go after commit
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
        if self._scratches:
            let_go(self.db, self._scratches)
            self._scratches = []
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
            count, torn, total = self._build_on_every_core(work, stats, progress)
        else:
            count, torn, total, ids = self._apply(work, stats, restart, touched, rebuild, progress)
            if (count or rebuild) and not self.as_run:
                self._update_short_length(ids, rebuild)
            if rebuild and not self.as_run:
                for statement in index_statements(DEFERRED_INDEXES):
                    self.db.execute(statement)
        if progress is not None:
            progress(total, total)
        if self.team:
            self._set_meta(sources=self._sources_key())
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
            found, torn_here, read = self._index_source(
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

    def _build_on_every_core(
        self,
        work: list[IndexedJournal],
        stats: dict[str, os.stat_result],
        progress: Progress | None,
    ) -> tuple[int, Problem | None, int]:
        """A team's first build, its journals read by worker processes (index/build);
        then what spans journals: totals, concern states, ids' display length."""
        self._scratches = build_on_every_core(
            self.db, self.db_path, work, stats, self.stat_time, progress
        )
        for statement in index_statements(DEFERRED_INDEXES):
            self.db.execute(statement)
        recount(self.db)
        settle_concerns(
            self.db, {row[0] for row in self.db.execute("SELECT id FROM concerns")}, fresh=True
        )
        ids = [row[0] for row in self.db.execute("SELECT DISTINCT id FROM records ORDER BY id")]
        self._set_meta(
            seq=str(self.db.execute("SELECT coalesce(max(seq), 0) FROM records").fetchone()[0])
        )
        self._update_short_length(ids, rebuilt=True)
        total = sum(stats[source.name].st_size for source in work)
        count = int(self.db.execute("SELECT count(*) FROM records").fetchone()[0])
        return count, self.torn_tail, total

    def _index_source(
        self,
        source: IndexedJournal,
        st: os.stat_result,
        applier: Applier,
        rebuild: bool,
        progress: Progress | None,
        done: int,
        total: int,
    ) -> tuple[int, Problem | None, int]:
        """Read one journal from where its index left off: (records, torn tail, bytes)."""
        key = source.prefix
        if rebuild:
            offset, line, crc, link = 0, 1, 0, ""
        else:
            offset = int(self.meta(key + "offset") or 0)
            line = int(self.meta(key + "line") or 1)
            crc = int(self.meta(key + "crc") or 0)
            link = self.meta(key + "link") or ""
        applier.officer = self.officer_name(source)
        applier.source = source.name
        seq = int(self.meta("seq") or 0)
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
                self._index_header(block, source)
                applier.officer = self.officer_name(source)
            elif block.kind == "record" and block.data is not None:
                seq += 1
                applier.apply(seq, block)
                count += 1
                if progress is not None and count % 5000 == 0:
                    progress(done + block.end - start, total)
            crc = zlib.crc32(block.raw, crc)
            offset, line, link = block.end, block.line + block.raw.count(b"\n"), block.link
        self._set_meta(
            **{
                key + "offset": str(offset),
                key + "line": str(line),
                key + "crc": str(crc),
                key + "link": link,
                key + "stat": stat_key(st),
                key + "checked": str(self.stat_time),
                key + "path": str(source.path),
                key + "torn_line": str(torn.source.line) if torn and torn.source else "",
                "seq": str(seq),
            }
        )
        return count, torn, st.st_size - start

    def _index_header(self, block: Scanned, source: IndexedJournal) -> None:
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
        self._set_meta(
            **{
                source.prefix + "officer": header.officer or "",
                source.prefix + "format": str(header.format),
            }
        )

    def _set_meta(self, **values: str) -> None:
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

    # ---------------------------------------------------------------- lookups

    def resolve_id(self, prefix: str, *, types: Iterable[str] | None = None) -> str:
        """The full id of the one record of `types` that a prefix (4+ characters) names."""
        kinds = tuple(types or RECORD_TYPES)
        marks = ",".join("?" * len(kinds))
        return self._resolve(
            prefix,
            f"SELECT DISTINCT id FROM records WHERE id >= ? AND id < ? AND type IN ({marks})",
            kinds,
            what=" or ".join(kinds),
            listing="pj recent",
        )

    def resolve_concern(self, prefix: str) -> str:
        """The concern a unique id prefix names (the id of any of its steps works too)."""
        return self._resolve(
            prefix,
            "SELECT DISTINCT concern_id FROM concern_events WHERE id >= ? AND id < ?",
            (),
            what="concern",
            listing="pj concerns --status all",
        )

    def _resolve(
        self, prefix: str, sql: str, params: tuple[str, ...], *, what: str, listing: str
    ) -> str:
        from patrol_journal.errors import AmbiguousId, UnknownId, UsageError

        wanted = prefix.strip().lower()
        if len(wanted) < MIN_PREFIX:
            raise UsageError(
                f"'{prefix}' is too short: give at least {MIN_PREFIX} characters of the id"
            )
        rows = self.db.execute(
            sql + " LIMIT 6", (wanted, wanted + "\U0010ffff", *params)
        ).fetchall()
        if not rows:
            raise UnknownId(f"no {what} has an id starting '{prefix}' (see '{listing}')")
        if len(rows) > 1:
            shown = ", ".join(self.short_id(row[0]) for row in rows[:5])
            raise AmbiguousId(f"'{prefix}' matches several ids ({shown}); type more characters")
        return str(rows[0][0])

    def ids_starting(self, prefix: str, kind: str = "record", limit: int = 50) -> list[str]:
        """Ids that start with `prefix`, for shell completion: of any record, of
        interactions and their corrections ("interaction"), or of concerns ("concern")."""
        sql = {
            "record": "SELECT id FROM records",
            "interaction": "SELECT id FROM records WHERE type IN ('interaction', 'amendment')",
            "concern": "SELECT id FROM concerns",
        }[kind]
        rows = self.db.execute(
            f"SELECT id FROM ({sql}) WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def interaction_of(self, record_id: str) -> str:
        """The interaction a record stands for: itself, or the one a correction amends."""
        row = self.db.execute("SELECT target FROM amendments WHERE id = ?", (record_id,)).fetchone()
        return record_id if row is None else str(row[0])

    def short_id(self, full: str) -> str:
        """The id as views show it: one length for all, long enough that no two records
        share it (six characters for most journals)."""
        if self._short_length is None:
            self._short_length = int(self.meta("short_length") or MIN_SHORT)
        return full[: self._short_length]

    def _update_short_length(self, new_ids: list[str], rebuilt: bool) -> None:
        """Keep the display length of ids unique: look at each new id's neighbours."""
        if rebuilt or len(new_ids) > 1000:  # many: one pass over every id, in order
            length = MIN_SHORT
            ordered = (
                sorted(set(new_ids))  # (already so when they come from an ordered query)
                if rebuilt
                else [
                    row[0] for row in self.db.execute("SELECT DISTINCT id FROM records ORDER BY id")
                ]
            )
            for first, second in itertools.pairwise(ordered):
                length = max(length, _common_prefix(first, second) + 1)
        else:
            length = int(self.meta("short_length") or MIN_SHORT)
            for full in new_ids:
                for (other,) in self.db.execute(
                    "SELECT max(id) FROM records WHERE id < ? UNION ALL "
                    "SELECT min(id) FROM records WHERE id > ?",
                    (full, full),
                ):
                    if other:
                        length = max(length, _common_prefix(full, other) + 1)
        self._set_meta(short_length=str(min(length, ID_LENGTH)))
        self._short_length = None

    def person_name(self, key: str) -> str:
        row = self.db.execute("SELECT name FROM people WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else key

    def place_name(self, key: str | None) -> str | None:
        if key is None:
            return None
        row = self.db.execute("SELECT name FROM places WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else key


MIN_SHORT = 6

# How close to the moment of its stat a change may be and still keep the same ctime on a
# file system with coarse timestamps: such a file is compared byte for byte.
RACY_NS = 2_000_000_000


def _common_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count
