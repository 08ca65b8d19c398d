"""The index of one journal: open it, bring it up to date, look ids up."""

from __future__ import annotations

import itertools
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from patrol_journal.errors import JournalError, JournalParseError, Problem, Source
from patrol_journal.index.apply import Applier
from patrol_journal.index.files import index_path, stat_key, write_names, write_verified
from patrol_journal.index.schema import DEFERRED_INDEXES, connect, create_schema, index_statements
from patrol_journal.journal.files import open_existing, prefix_crc
from patrol_journal.journal.format import torn_message
from patrol_journal.journal.parse import parse_header_text, validation_message
from patrol_journal.journal.scan import scan
from patrol_journal.vocab import ID_LENGTH, MIN_PREFIX, RECORD_TYPES

if TYPE_CHECKING:
    from patrol_journal.journal.blocks import Scanned


Progress = Callable[[int, int], None]


@dataclass
class RefreshReport:
    """What a refresh did: how many bytes and records it read, and any torn tail."""

    rebuilt: bool
    records: int
    bytes_read: int
    torn: Problem | None


class Index:
    """An open, up-to-date index of one journal."""

    def __init__(self, journal_path: Path, connection: sqlite3.Connection, db_path: Path):
        self.journal_path = journal_path
        self.db = connection
        self.db_path = db_path
        self.last_refresh: RefreshReport | None = None
        self._short_length: int | None = None
        self.in_memory = False

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, journal_path: Path, progress: Progress | None = None) -> Index:
        """Open (creating if needed) and bring up to date the index of a journal."""
        fd = open_existing(journal_path, os.O_RDONLY)
        os.close(fd)
        db_path = index_path(journal_path)
        try:
            connection = connect(db_path)
        except (OSError, sqlite3.Error, JournalError):
            # No usable cache (a read-only home, a full disk): index in memory instead.
            # Slower on a big journal, but every command still works.
            connection = sqlite3.connect(":memory:", isolation_level=None)
            create_schema(connection)
        index = cls(journal_path, connection, db_path)
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
        line = self.meta("torn_line")
        if not line:
            return None
        return Problem(
            "warning",
            torn_message("it is left out of every view"),
            Source(self.journal_path, int(line)),
        )

    @property
    def officer(self) -> str | None:
        return self.meta("officer") or None

    # ---------------------------------------------------------------- refresh

    def refresh(self, progress: Progress | None = None) -> RefreshReport:
        """Index what the journal gained since last time, or everything after a hand edit."""
        before = os.stat(self.journal_path)
        unchanged = self._stat_matches(before) and self._bytes_match()
        if unchanged:
            report = RefreshReport(False, 0, 0, self.torn_tail)
            self.last_refresh = report
            return report
        self.db.execute("BEGIN IMMEDIATE")
        try:
            report = self._refresh_locked(before, progress, force=True)
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()
        if self.in_memory:
            self.last_refresh = report
            return report
        if report.records or report.rebuilt:
            self._write_names()
        after = os.stat(self.journal_path)
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

    def _stat_matches(self, st: os.stat_result) -> bool:
        return self.meta("stat") == stat_key(st)

    def _bytes_match(self) -> bool:
        """Whether the indexed bytes are still the file's: a CRC of them, so an edit that
        keeps the size and the times (or a same-size file swapped in) is still seen. A torn
        tail is read again each time (it is left out of the index)."""
        if self.meta("torn_line"):
            return False
        offset = int(self.meta("offset") or 0)
        return prefix_crc(self.journal_path, offset) == int(self.meta("crc") or 0)

    def _refresh_locked(
        self, st: os.stat_result, progress: Progress | None, *, force: bool = False
    ) -> RefreshReport:
        # Another process may have refreshed while we waited for the write lock.
        if self._stat_matches(st) and (not force or self._bytes_match()):
            return RefreshReport(False, 0, 0, self.torn_tail)
        offset = int(self.meta("offset") or 0)
        line = int(self.meta("line") or 1)
        crc = int(self.meta("crc") or 0)
        link = self.meta("link") or ""
        rebuild = offset == 0 or offset > st.st_size or prefix_crc(self.journal_path, offset) != crc
        if rebuild:
            self._clear()
            offset, line, crc, link = 0, 1, 0, ""
        seq = int(self.meta("seq") or 0)
        total = st.st_size - offset
        applier = Applier(self.db, fresh=rebuild)
        torn: Problem | None = None
        count = 0

        for block in scan(self.journal_path, offset, line, link):
            if block.kind == "torn":
                assert block.problem is not None
                torn = Problem("warning", block.problem.message, block.problem.source)
                break
            if block.problem is not None:
                raise JournalParseError(block.problem.message, block.problem.source)
            if block.kind == "header":
                self._index_header(block)
            elif block.kind == "record" and block.data is not None:
                seq += 1
                applier.apply(seq, block)
                count += 1
                if progress is not None and count % 5000 == 0:
                    progress(block.end, st.st_size)
            crc = zlib.crc32(block.raw, crc)
            offset, line, link = block.end, block.line + block.raw.count(b"\n"), block.link
        applier.finish()
        if count or rebuild:
            self._update_short_length(applier.new_ids, rebuild)
        if rebuild:
            for statement in index_statements(DEFERRED_INDEXES):
                self.db.execute(statement)
        if progress is not None:
            progress(st.st_size, st.st_size)
        self._set_meta(
            offset=str(offset),
            line=str(line),
            crc=str(crc),
            link=link,
            seq=str(seq),
            stat=stat_key(st),
            path=str(self.journal_path),
            torn_line=str(torn.source.line) if torn is not None and torn.source else "",
        )
        return RefreshReport(rebuild, count, total, torn)

    def _index_header(self, block: Scanned) -> None:
        from patrol_journal.model import Header, ValidationError

        source = Source(self.journal_path, block.line)
        text = block.raw.decode("utf-8", "replace").lstrip("\ufeff")
        if not text.strip():
            raise JournalParseError("empty file: not a patrol journal (run 'pj init')", source)

        table = parse_header_text(text, source)
        try:
            header = Header.model_validate(table)
        except ValidationError as exc:
            raise JournalParseError("[journal] " + validation_message(exc), source) from None
        self._set_meta(officer=header.officer or "", format=str(header.format))

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
        length = MIN_SHORT if rebuilt else int(self.meta("short_length") or MIN_SHORT)
        if rebuilt:
            ordered = sorted(set(new_ids))
            for first, second in itertools.pairwise(ordered):
                length = max(length, _common_prefix(first, second) + 1)
        else:
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


def _common_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count
