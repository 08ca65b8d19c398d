"""The SQLite index: a disposable cache of the journal that every view queries.

One database per journal (keyed by its real path) in the user cache directory. It holds
the records with corrections applied, in tables the views query directly, plus the byte
offset it has read and a CRC of that prefix. On every open: if the file only grew, just
the new bytes are parsed; if the prefix changed (a hand edit), it is rebuilt. The schema
version is `PRAGMA user_version`; a mismatch means rebuild, never migrate.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from patrol_journal import journal
from patrol_journal.cachefiles import index_path, stat_key, write_names, write_verified
from patrol_journal.errors import JournalError, JournalParseError, Problem, Source
from patrol_journal.records import AMENDABLE, ID_LENGTH, clean_text, name_key

if TYPE_CHECKING:
    from patrol_journal import reader

SCHEMA_VERSION = 8
Progress = Callable[[int, int], None]

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, line INTEGER NOT NULL,
    offset INTEGER NOT NULL, end INTEGER NOT NULL
);
CREATE INDEX records_id ON records(id);
CREATE TABLE interactions (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, line INTEGER NOT NULL,
    ts INTEGER NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    place_key TEXT, tips TEXT NOT NULL, shared TEXT NOT NULL, tags TEXT NOT NULL,
    n_tips INTEGER NOT NULL, n_shared INTEGER NOT NULL, amended INTEGER NOT NULL DEFAULT 0,
    search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX interactions_ts ON interactions(ts);
CREATE INDEX interactions_place ON interactions(place_key, ts);
CREATE TABLE participants (
    interaction_id TEXT NOT NULL, person_key TEXT NOT NULL, ts INTEGER NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX participants_interaction ON participants(interaction_id);
CREATE INDEX participants_person ON participants(person_key, ts);
CREATE INDEX participants_ts ON participants(ts);
CREATE TABLE tags (interaction_id TEXT NOT NULL, tag TEXT NOT NULL);
CREATE INDEX tags_interaction ON tags(interaction_id);
CREATE INDEX tags_tag ON tags(tag);
CREATE TABLE people (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT, role_ts INTEGER, role_seq INTEGER,
    met INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE places (key TEXT PRIMARY KEY, name TEXT NOT NULL, visits INTEGER NOT NULL DEFAULT 0);
CREATE TABLE person_places (
    person_key TEXT NOT NULL, place_key TEXT NOT NULL, n INTEGER NOT NULL, last_ts INTEGER NOT NULL,
    PRIMARY KEY (person_key, place_key)
);
CREATE INDEX person_places_place ON person_places(place_key, n);
CREATE TABLE person_notes (
    id TEXT PRIMARY KEY, person_key TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL,
    at TEXT NOT NULL, role TEXT, note TEXT
);
CREATE INDEX person_notes_person ON person_notes(person_key, ts);
CREATE TABLE amendments (
    id TEXT PRIMARY KEY, target TEXT NOT NULL, seq INTEGER NOT NULL, line INTEGER NOT NULL
);
CREATE INDEX amendments_target ON amendments(target);
CREATE TABLE concerns (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, line INTEGER NOT NULL,
    ts INTEGER NOT NULL, at TEXT NOT NULL, text TEXT NOT NULL, place_key TEXT,
    priority TEXT NOT NULL, category TEXT, interaction_id TEXT, raised_by TEXT NOT NULL,
    status TEXT NOT NULL, status_ts INTEGER NOT NULL, resolved_ts INTEGER,
    reported_ts INTEGER, last_ts INTEGER NOT NULL, last_at TEXT NOT NULL,
    due_ts INTEGER, due_at TEXT, referred_to TEXT, updates INTEGER NOT NULL
);
CREATE INDEX concerns_status ON concerns(status);
CREATE INDEX concerns_ts ON concerns(ts);
CREATE INDEX concerns_place ON concerns(place_key);
CREATE INDEX concerns_interaction ON concerns(interaction_id);
CREATE TABLE concern_raisers (
    concern_id TEXT NOT NULL, person_key TEXT NOT NULL, PRIMARY KEY (concern_id, person_key)
) WITHOUT ROWID;
CREATE INDEX concern_raisers_person ON concern_raisers(person_key);
CREATE TABLE concern_events (
    id TEXT PRIMARY KEY, concern_id TEXT NOT NULL, seq INTEGER NOT NULL,
    action TEXT NOT NULL, ts INTEGER NOT NULL, at TEXT NOT NULL, note TEXT,
    due_ts INTEGER, due_at TEXT, referred_to TEXT, unresolved INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX concern_events_concern ON concern_events(concern_id, ts, seq);
CREATE INDEX concern_events_ts ON concern_events(ts);
"""

# Indexes the views need but a bulk load does not: dropped before a rebuild, made after.
DEFERRED_INDEXES = (
    "records_id",
    "interactions_ts",
    "interactions_place",
    "participants_person",
    "participants_ts",
    "tags_tag",
    "person_notes_person",
    "concerns_status",
    "concerns_place",
    "concerns_interaction",
    "concern_raisers_person",
    "concern_events_ts",
    "concerns_ts",
)


def _index_statements(names: tuple[str, ...]) -> list[str]:
    statements = []
    for statement in SCHEMA.split(";"):
        words = statement.split()
        if len(words) > 2 and words[1] == "INDEX" and words[2] in names:
            statements.append(
                statement.strip().replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS")
            )
    return statements


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
        fd = journal.open_existing(journal_path, os.O_RDONLY)
        os.close(fd)
        db_path = index_path(journal_path)
        try:
            connection = _connect(db_path)
        except (OSError, sqlite3.Error, JournalError):
            # No usable cache (a read-only home, a full disk): index in memory instead.
            # Slower on a big journal, but every command still works.
            connection = sqlite3.connect(":memory:", isolation_level=None)
            _create_schema(connection)
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
            "the journal ends in an incomplete record (an interrupted write?), left out "
            "of every view; run 'pj check --repair' to move it aside",
            Source(self.journal_path, int(line)),
        )

    @property
    def officer(self) -> str | None:
        return self.meta("officer") or None

    # ---------------------------------------------------------------- refresh

    def refresh(self, progress: Progress | None = None) -> RefreshReport:
        """Index what the journal gained since last time, or everything after a hand edit."""
        before = os.stat(self.journal_path)
        if self._stat_matches(before):
            report = RefreshReport(False, 0, 0, self.torn_tail)
            self.last_refresh = report
            return report
        self.db.execute("BEGIN IMMEDIATE")
        try:
            report = self._refresh_locked(before, progress)
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

    def _refresh_locked(self, st: os.stat_result, progress: Progress | None) -> RefreshReport:
        # Another process may have refreshed while we waited for the write lock.
        if self._stat_matches(st):
            return RefreshReport(False, 0, 0, self.torn_tail)
        offset = int(self.meta("offset") or 0)
        line = int(self.meta("line") or 1)
        crc = int(self.meta("crc") or 0)
        link = self.meta("link") or ""
        rebuild = (
            offset == 0 or offset > st.st_size or _prefix_crc(self.journal_path, offset) != crc
        )
        if rebuild:
            self._clear()
            offset, line, crc, link = 0, 1, 0, ""
        seq = int(self.meta("seq") or 0)
        total = st.st_size - offset
        applier = _Applier(self.db, fresh=rebuild)
        torn: Problem | None = None
        count = 0
        from patrol_journal import reader

        for block in reader.scan(self.journal_path, offset, line, link):
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
            for statement in _index_statements(DEFERRED_INDEXES):
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

    def _index_header(self, block: reader.Scanned) -> None:
        from patrol_journal.model import Header, ValidationError

        source = Source(self.journal_path, block.line)
        text = block.raw.decode("utf-8", "replace").lstrip("\ufeff")
        if not text.strip():
            raise JournalParseError("empty file: not a patrol journal (run 'pj init')", source)
        from patrol_journal import reader

        table = reader.parse_header_text(text, source)
        try:
            header = Header.model_validate(table)
        except ValidationError as exc:
            raise JournalParseError(
                "[journal] " + reader._validation_message(exc), source
            ) from None
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
        """The full id for a unique prefix (of at least 4 characters)."""
        from patrol_journal.errors import AmbiguousId, UnknownId, UsageError

        wanted = prefix.strip().lower()
        if len(wanted) < 4:
            raise UsageError(f"'{prefix}' is too short: give at least 4 characters of the id")
        kinds = tuple(types or ("interaction", "amendment", "concern", "person"))
        marks = ",".join("?" * len(kinds))
        rows = self.db.execute(
            f"SELECT DISTINCT id FROM records WHERE id >= ? AND id < ? AND type IN ({marks}) "
            "LIMIT 6",
            (wanted, wanted + "\U0010ffff", *kinds),
        ).fetchall()
        if not rows:
            what = " or ".join(kinds)
            raise UnknownId(f"no {what} has an id starting '{prefix}' (see 'pj recent')")
        if len(rows) > 1:
            shown = ", ".join(self.short_id(row[0]) for row in rows[:5])
            raise AmbiguousId(f"'{prefix}' matches several ids ({shown}); type more characters")
        return str(rows[0][0])

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


# --------------------------------------------------------------------- applying records


class _Applier:
    """Turns record tables, in file order, into rows: corrections and concern events applied.

    Rows are gathered and inserted in batches; anything that must see earlier rows (a
    correction, a concern event, a person record) flushes the batch first.
    """

    def __init__(self, db: sqlite3.Connection, *, fresh: bool) -> None:
        self.db = db
        self.fresh = fresh
        self.rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _INSERTS}
        self.people: set[str] = set()
        self.places: set[str] = set()
        self.interactions: set[str] = set()
        self.concerns: set[str] = set()
        self.touched_concerns: set[str] = set()
        self.keys: dict[str, str] = {}  # name as written -> matching key
        self.new_ids: list[str] = []
        self.roles: dict[str, tuple[int, int, str]] = {}
        self.met: dict[str, int] = {}
        self.pairs: dict[tuple[str, str], list[int]] = {}
        self.visits: dict[str, int] = {}
        self.search_extra: dict[str, list[str]] = {}
        if not fresh:
            self.people = {row[0] for row in db.execute("SELECT key FROM people")}
            self.places = {row[0] for row in db.execute("SELECT key FROM places")}

    def flush(self) -> None:
        for name, rows in self.rows.items():
            if rows:
                self.db.executemany(_INSERTS[name], rows)
                rows.clear()

    def finish(self) -> None:
        """Insert what is left, then settle concerns and roles touched by this refresh."""
        self.flush()
        self._recompute_concerns(self.touched_concerns)
        self.db.executemany(
            "UPDATE people SET met = met + ? WHERE key = ?",
            [(count, key) for key, count in self.met.items() if count],
        )
        self.db.executemany(
            "INSERT INTO person_places(person_key, place_key, n, last_ts) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(person_key, place_key) DO UPDATE SET n = n + excluded.n, "
            "last_ts = max(last_ts, excluded.last_ts)",
            [(person, place, n, last) for (person, place), (n, last) in self.pairs.items()],
        )
        self.db.executemany(
            "UPDATE places SET visits = visits + ? WHERE key = ?",
            [(count, key) for key, count in self.visits.items() if count],
        )
        self.db.executemany(
            "UPDATE interactions SET search = search || ? WHERE id = ?",
            [("\n" + "\n".join(texts).casefold(), key) for key, texts in self.search_extra.items()],
        )
        self.db.executemany(
            "UPDATE people SET role = ?, role_ts = ?, role_seq = ? WHERE key = ? AND "
            "(role_ts IS NULL OR role_ts < ? OR (role_ts = ? AND role_seq < ?))",
            [(role, ts, seq, key, ts, ts, seq) for key, (ts, seq, role) in self.roles.items()],
        )

    def apply(self, seq: int, block: reader.Scanned) -> None:
        data = block.data
        assert data is not None
        kind = data.get("type")
        self.new_ids.append(data.get("id", ""))
        self.rows["records"].append(
            (seq, data.get("id", ""), kind, block.line, block.offset, block.end)
        )
        if kind == "interaction":
            self._interaction(seq, block.line, data)
        elif kind == "amendment":
            self.flush()
            self._amendment(seq, block.line, data)
        elif kind == "concern":
            self._concern(seq, block.line, data)
        elif kind == "person":
            self._person(seq, data)
        if len(self.rows["records"]) >= 5000:
            self.flush()

    def _person_key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = name_key(name)
        if key not in self.people:
            self.rows["people"].append((key, clean_text(name)))
            self.people.add(key)
        return key

    def _place_key(self, name: str | None) -> str | None:
        if name is None:
            return None
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = name_key(name)
        if key not in self.places:
            self.rows["places"].append((key, clean_text(name)))
            self.places.add(key)
        return key

    def _is_new(self, table: str, seen: set[str], record_id: str) -> bool:
        if record_id in seen:
            return False
        seen.add(record_id)
        if self.fresh:
            return True
        return (
            self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone() is None
        )

    def _interaction(self, seq: int, line: int, data: dict[str, Any]) -> None:
        record_id = data["id"]
        if not self._is_new("interactions", self.interactions, record_id):
            return  # a duplicate id: `check` reports it; the first one counts
        when: datetime = data["when"]
        ts = int(when.timestamp())
        tips, shared, tags = data.get("tips", []), data.get("shared", []), data.get("tags", [])
        place_key = self._place_key(data.get("place"))
        if place_key is not None:
            self.visits[place_key] = self.visits.get(place_key, 0) + 1
        people = data.get("people", [])
        self.rows["interactions"].append(
            (
                seq,
                record_id,
                line,
                ts,
                when.isoformat(),
                data.get("kind", "chat"),
                data.get("text", ""),
                place_key,
                _list_json(tips),
                _list_json(shared),
                _list_json(tags),
                len(tips),
                len(shared),
                search_text(data.get("text", ""), people, data.get("place"), tips, shared, tags),
            )
        )
        self._add_people(record_id, people, ts, place_key)
        self._add_tags(record_id, tags)

    def _pair(self, person: str, place: str | None, delta: int, ts: int) -> None:
        """Count how often a person is met at a place (for "usually at")."""
        if place is None:
            return
        entry = self.pairs.setdefault((person, place), [0, 0])
        entry[0] += delta
        entry[1] = max(entry[1], ts)

    def _add_people(
        self, interaction_id: str, people: list[str], ts: int, place_key: str | None
    ) -> None:
        seen: set[str] = set()
        for position, name in enumerate(people):
            key = self._person_key(name)
            if key not in seen:
                seen.add(key)
                self.met[key] = self.met.get(key, 0) + 1
                self._pair(key, place_key, 1, ts)
                self.rows["participants"].append((interaction_id, key, ts, position))

    def _add_tags(self, interaction_id: str, tags: list[str]) -> None:
        if not tags:
            return
        unique = dict.fromkeys(tag.strip().casefold() for tag in tags if tag.strip())
        self.rows["tags"].extend((interaction_id, tag) for tag in unique)

    def _amendment(self, seq: int, line: int, data: dict[str, Any]) -> None:
        target = data["amends"]
        self.db.execute(
            "INSERT OR IGNORE INTO amendments(id, target, seq, line) VALUES (?, ?, ?, ?)",
            (data["id"], target, seq, line),
        )
        self.flush()
        row = self.db.execute(
            "SELECT ts, place_key FROM interactions WHERE id = ?", (target,)
        ).fetchone()
        if row is None:  # points nowhere: `check` reports it
            return
        changes = {key: data[key] for key in AMENDABLE if data.get(key) is not None}
        columns: dict[str, Any] = {}
        ts = int(row[0])
        old_place = row[1]
        old_people = [
            r[0]
            for r in self.db.execute(
                "SELECT person_key FROM participants WHERE interaction_id = ?", (target,)
            )
        ]
        if "when" in changes:
            ts = int(changes["when"].timestamp())
            columns["ts"] = ts
            columns["at"] = changes["when"].isoformat()
        for field in ("kind", "text"):
            if field in changes:
                columns[field] = changes[field]
        if "place" in changes:
            columns["place_key"] = self._place_key(changes["place"])
            if row[1] is not None:
                self.visits[row[1]] = self.visits.get(row[1], 0) - 1
            self.visits[columns["place_key"]] = self.visits.get(columns["place_key"], 0) + 1
        for field in ("tips", "shared", "tags"):
            if field in changes:
                columns[field] = json.dumps(changes[field], ensure_ascii=False)
        if "tips" in changes:
            columns["n_tips"] = len(changes["tips"])
        if "shared" in changes:
            columns["n_shared"] = len(changes["shared"])
        self.flush()
        assignments = "".join(f"{column} = ?, " for column in columns)
        self.db.execute(
            f"UPDATE interactions SET {assignments}amended = amended + 1 WHERE id = ?",
            (*columns.values(), target),
        )
        new_place = columns.get("place_key", old_place)
        if "people" in changes or "place" in changes:
            for key in old_people:
                self._pair(key, old_place, -1, 0)
        if "people" in changes:
            for key in old_people:
                self.met[key] = self.met.get(key, 0) - 1
            self.db.execute("DELETE FROM participants WHERE interaction_id = ?", (target,))
            self._add_people(target, changes["people"], ts, new_place)
        elif "place" in changes:
            for key in old_people:
                self._pair(key, new_place, 1, ts)
        elif "when" in changes:
            self.db.execute("UPDATE participants SET ts = ? WHERE interaction_id = ?", (ts, target))
        if "tags" in changes:
            self.db.execute("DELETE FROM tags WHERE interaction_id = ?", (target,))
            self._add_tags(target, changes["tags"])
        self.flush()
        self._refresh_search(target)

    def _refresh_search(self, interaction_id: str) -> None:
        """Recompute an interaction's search text after a correction."""
        row = self.db.execute(
            "SELECT i.text, pl.name, i.tips, i.shared, i.tags FROM interactions i "
            "LEFT JOIN places pl ON pl.key = i.place_key WHERE i.id = ?",
            (interaction_id,),
        ).fetchone()
        people = [
            r[0]
            for r in self.db.execute(
                "SELECT pe.name FROM participants p JOIN people pe ON pe.key = p.person_key "
                "WHERE p.interaction_id = ?",
                (interaction_id,),
            )
        ]
        concerns = [
            r[0]
            for r in self.db.execute(
                "SELECT text FROM concerns WHERE interaction_id = ?", (interaction_id,)
            )
        ]
        text = search_text(
            row[0], people, row[1], json.loads(row[2]), json.loads(row[3]), json.loads(row[4])
        )
        if concerns:
            text += "\n" + "\n".join(concerns).casefold()
        self.db.execute("UPDATE interactions SET search = ? WHERE id = ?", (text, interaction_id))
        self.search_extra.pop(interaction_id, None)

    def _concern(self, seq: int, line: int, data: dict[str, Any]) -> None:
        action = data["action"]
        when: datetime = data["when"]
        ts = int(when.timestamp())
        due = data.get("due")
        concern_id = data["id"] if action == "raise" else data.get("concern", "")
        event = (
            data["id"],
            concern_id,
            seq,
            action,
            ts,
            when.isoformat(),
            data.get("note") if action != "raise" else None,
            int(due.timestamp()) if due else None,
            due.isoformat() if due else None,
            data.get("referred_to"),
            int(bool(data.get("unresolved", False))),
        )
        if action == "raise":
            if not self._is_new("concerns", self.concerns, concern_id):
                return
            raised_by = data.get("raised_by", [])
            at = when.isoformat()
            self.rows["concerns"].append(
                (
                    seq,
                    concern_id,
                    line,
                    ts,
                    at,
                    data.get("text", ""),
                    self._place_key(data.get("place")),
                    data.get("priority", "normal"),
                    data.get("category"),
                    data.get("interaction"),
                    json.dumps([clean_text(n) for n in raised_by], ensure_ascii=False),
                    ts,
                    ts,
                    at,
                    event[7],
                    event[8],
                )
            )
            self.rows["concern_raisers"].extend(
                {(concern_id, self._person_key(name)): None for name in raised_by}
            )
            self.rows["concern_events"].append(event)
            if data.get("interaction"):
                self.search_extra.setdefault(data["interaction"], []).append(data.get("text", ""))
            return
        if concern_id not in self.concerns and (
            self.fresh
            or self.db.execute("SELECT 1 FROM concerns WHERE id = ?", (concern_id,)).fetchone()
            is None
        ):
            return  # points nowhere: `check` reports it
        self.rows["concern_events"].append(event)
        self.touched_concerns.add(concern_id)

    def _recompute_concerns(self, concern_ids: set[str]) -> None:
        """Fold the events of the concerns this refresh touched into their current state."""
        if not concern_ids:
            return
        events: dict[str, list[Any]] = {}
        rows: Iterable[Any]
        if self.fresh:  # every concern: one pass over all events
            rows = self.db.execute(
                "SELECT concern_id, action, ts, at, due_ts, due_at, referred_to, unresolved "
                "FROM concern_events ORDER BY concern_id, ts, seq"
            )
        else:
            rows = (
                row
                for concern_id in concern_ids
                for row in self.db.execute(
                    "SELECT concern_id, action, ts, at, due_ts, due_at, referred_to, unresolved "
                    "FROM concern_events WHERE concern_id = ? ORDER BY ts, seq",
                    (concern_id,),
                )
            )
        for row in rows:
            if row[0] in concern_ids:
                events.setdefault(row[0], []).append(row[1:])
        updates = []
        for concern_id, steps in events.items():
            state = fold_concern(steps)
            updates.append(
                (
                    state["status"],
                    state["status_ts"],
                    state["resolved_ts"],
                    state["reported_ts"],
                    state["last_ts"],
                    state["last_at"],
                    state["due_ts"],
                    state["due_at"],
                    state["referred_to"],
                    state["updates"],
                    concern_id,
                )
            )
        self.db.executemany(
            "UPDATE concerns SET status = ?, status_ts = ?, resolved_ts = ?, reported_ts = ?, "
            "last_ts = ?, last_at = ?, due_ts = ?, due_at = ?, referred_to = ?, updates = ? "
            "WHERE id = ?",
            updates,
        )

    def _person(self, seq: int, data: dict[str, Any]) -> None:
        key = self._person_key(data["name"])
        when: datetime = data["when"]
        ts = int(when.timestamp())
        role, note = data.get("role"), data.get("note")
        self.rows["person_notes"].append((data["id"], key, seq, ts, when.isoformat(), role, note))
        if role and (key not in self.roles or self.roles[key][:2] <= (ts, seq)):
            self.roles[key] = (ts, seq, role)


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def search_text(
    text: str,
    people: list[str],
    place: str | None,
    tips: list[str],
    shared: list[str],
    tags: list[str],
) -> str:
    """What `pj search` looks in, casefolded once at index time."""
    parts = [text, *people, place or "", *tips, *shared, *tags]
    return "\n".join(parts).casefold()


def _list_json(values: list[str]) -> str:
    return _ENCODER.encode(values) if values else "[]"


_INSERTS = {
    "records": "INSERT INTO records(seq, id, type, line, offset, end) VALUES (?, ?, ?, ?, ?, ?)",
    "people": "INSERT OR IGNORE INTO people(key, name) VALUES (?, ?)",
    "places": "INSERT OR IGNORE INTO places(key, name) VALUES (?, ?)",
    "interactions": "INSERT INTO interactions(seq, id, line, ts, at, kind, text, place_key, tips, "
    "shared, tags, n_tips, n_shared, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "participants": "INSERT INTO participants(interaction_id, person_key, ts, position) "
    "VALUES (?, ?, ?, ?)",
    "tags": "INSERT INTO tags(interaction_id, tag) VALUES (?, ?)",
    "person_notes": "INSERT OR IGNORE INTO person_notes(id, person_key, seq, ts, at, role, note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "concerns": "INSERT INTO concerns(seq, id, line, ts, at, text, place_key, priority, "
    "category, interaction_id, raised_by, status, status_ts, last_ts, last_at, updates, "
    "due_ts, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, 0, ?, ?)",
    "concern_raisers": "INSERT OR IGNORE INTO concern_raisers(concern_id, person_key) "
    "VALUES (?, ?)",
    "concern_events": "INSERT OR IGNORE INTO concern_events(id, concern_id, seq, action, ts, at, "
    "note, due_ts, due_at, referred_to, unresolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
}


MIN_SHORT = 6


def _common_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def fold_concern(events: list[Any]) -> dict[str, Any]:
    """A concern's state after its events (rows of action, ts, at, due_ts, due_at,
    referred_to, unresolved), taken in time order."""
    state: dict[str, Any] = {
        "status": "open",
        "status_ts": None,
        "resolved_ts": None,
        "reported_ts": None,
        "last_ts": None,
        "last_at": None,
        "due_ts": None,
        "due_at": None,
        "referred_to": None,
        "updates": 0,
    }
    for action, ts, at, due_ts, due_at, referred_to, _unresolved in events:
        if action == "raise":
            state["status"], state["status_ts"] = "open", ts
        else:
            state["updates"] += 1
        if action == "resolve":
            state["status"], state["status_ts"], state["resolved_ts"] = "resolved", ts, ts
            state["due_ts"] = state["due_at"] = None
        elif action == "report-back":
            state["status"], state["status_ts"], state["reported_ts"] = "reported-back", ts, ts
            state["due_ts"] = state["due_at"] = None
        elif action == "reopen":
            state["status"], state["status_ts"] = "open", ts
            state["resolved_ts"] = state["reported_ts"] = None
        if due_ts is not None:
            state["due_ts"], state["due_at"] = due_ts, due_at
        if referred_to:
            state["referred_to"] = referred_to
        state["last_ts"], state["last_at"] = ts, at
    return state


# --------------------------------------------------------------------- plumbing


def _connect(db_path: Path) -> sqlite3.Connection:
    """Open the index, creating or resetting its schema as needed.

    Safe when several pj processes open a new or outdated index at once: the schema is
    (re)made inside one write transaction that re-checks the version, and a file in use is
    never deleted. Only a file that is not a database at all is replaced.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(db_path.parent, 0o700)
    for attempt in range(2):
        if not db_path.exists():
            with contextlib.suppress(FileExistsError):
                os.close(os.open(db_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        connection = sqlite3.connect(db_path, timeout=30, isolation_level=None)
        try:
            with contextlib.suppress(sqlite3.OperationalError):
                # Another process may hold the file; WAL is then set by whoever can.
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                _create_schema(connection)
            return connection
        except sqlite3.OperationalError:
            connection.close()
            raise
        except sqlite3.DatabaseError:
            connection.close()
            if attempt:
                raise JournalError(f"cannot use the index cache {db_path}") from None
            _discard(db_path)  # not a database at all: it is only a cache
    raise JournalError(f"cannot create the index cache {db_path}")  # pragma: no cover


def _create_schema(connection: sqlite3.Connection) -> None:
    """Make the current schema, dropping an older one: all in one write transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            connection.rollback()  # another process made it while we waited
            return
        for (table,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        ).fetchall():
            connection.execute(f'DROP TABLE IF EXISTS "{table}"')
        _run_schema(connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


def _run_schema(connection: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)


def _discard(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(db_path) + suffix).unlink()


def _prefix_crc(path: Path, length: int) -> int:
    crc = 0
    with path.open("rb") as handle:
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(1 << 20, remaining))
            if not chunk:
                return -1
            crc = zlib.crc32(chunk, crc)
            remaining -= len(chunk)
    return crc


def ts_to_local(ts: int) -> datetime:
    from patrol_journal.timeparse import local_zone

    return datetime.fromtimestamp(ts, local_zone())
