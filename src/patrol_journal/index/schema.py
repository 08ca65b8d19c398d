"""The index's SQLite schema, and opening (or resetting) the database file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from patrol_journal.errors import JournalError

# What the rows mean beyond the tables' shape (how names fold into keys, how steps are
# ordered): raised by hand when that changes. The tables, indexes and fields count by
# themselves: the version is a digest of them all, so a change cannot be forgotten.
MEANING = 18


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, line INTEGER NOT NULL,
    offset INTEGER NOT NULL, end INTEGER NOT NULL, source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX records_id ON records(id);
CREATE TABLE interactions (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, line INTEGER NOT NULL,
    ts INTEGER NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    place_key TEXT, tips TEXT NOT NULL, shared TEXT NOT NULL, tags TEXT NOT NULL,
    n_tips INTEGER NOT NULL, n_shared INTEGER NOT NULL, amended INTEGER NOT NULL DEFAULT 0,
    search TEXT NOT NULL DEFAULT '', officer TEXT NOT NULL DEFAULT '', tip_from TEXT,
    more TEXT
);
CREATE INDEX interactions_ts ON interactions(ts, kind, place_key, officer, n_tips, n_shared);
CREATE INDEX interactions_place ON interactions(place_key, kind, officer, ts);
CREATE TABLE participants (
    interaction_id TEXT NOT NULL, person_key TEXT NOT NULL, ts INTEGER NOT NULL,
    position INTEGER NOT NULL, place_key TEXT, officer TEXT NOT NULL DEFAULT ''
);
CREATE INDEX participants_interaction ON participants(interaction_id);
CREATE INDEX participants_person ON participants(person_key, ts);
CREATE INDEX participants_ts ON participants(ts, person_key, place_key, officer);
CREATE TABLE tags (interaction_id TEXT NOT NULL, tag TEXT NOT NULL);
CREATE INDEX tags_interaction ON tags(interaction_id);
CREATE INDEX tags_tag ON tags(tag);
CREATE TABLE people (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT, role_ts INTEGER, role_seq INTEGER,
    met INTEGER NOT NULL DEFAULT 0, rank INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE places (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, visits INTEGER NOT NULL DEFAULT 0,
    rank INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE person_places (
    person_key TEXT NOT NULL, place_key TEXT NOT NULL, n INTEGER NOT NULL, last_ts INTEGER NOT NULL,
    PRIMARY KEY (person_key, place_key)
);
CREATE INDEX person_places_place ON person_places(place_key, n);
CREATE TABLE place_totals (
    place_key TEXT NOT NULL, kind TEXT NOT NULL, officer TEXT NOT NULL, n INTEGER NOT NULL,
    first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL,
    PRIMARY KEY (place_key, kind, officer)
);
CREATE TABLE person_officers (
    person_key TEXT NOT NULL, officer TEXT NOT NULL, n INTEGER NOT NULL, last_ts INTEGER NOT NULL,
    PRIMARY KEY (person_key, officer)
);
CREATE TABLE person_notes (
    id TEXT PRIMARY KEY, person_key TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL,
    at TEXT NOT NULL, role TEXT, note TEXT, officer TEXT NOT NULL DEFAULT ''
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
    due_ts INTEGER, due_at TEXT, referred_to TEXT, updates INTEGER NOT NULL,
    officer TEXT NOT NULL DEFAULT '', search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX concerns_status ON concerns(status);
CREATE INDEX concerns_ts ON concerns(ts);
CREATE INDEX concerns_last ON concerns(last_ts);
CREATE INDEX concerns_status_ts ON concerns(status_ts);
CREATE INDEX concerns_place ON concerns(place_key);
CREATE INDEX concerns_interaction ON concerns(interaction_id);
CREATE TABLE concern_raisers (
    concern_id TEXT NOT NULL, person_key TEXT NOT NULL, PRIMARY KEY (concern_id, person_key)
) WITHOUT ROWID;
CREATE INDEX concern_raisers_person ON concern_raisers(person_key);
CREATE TABLE concern_events (
    id TEXT PRIMARY KEY, concern_id TEXT NOT NULL, seq INTEGER NOT NULL,
    action TEXT NOT NULL, ts INTEGER NOT NULL, at TEXT NOT NULL, note TEXT,
    due_ts INTEGER, due_at TEXT, referred_to TEXT, unresolved INTEGER NOT NULL DEFAULT 0,
    officer TEXT NOT NULL DEFAULT ''
);
CREATE INDEX concern_events_concern ON concern_events(concern_id, ts, seq);
CREATE INDEX concern_events_ts ON concern_events(ts);
CREATE TABLE shifts (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, line INTEGER NOT NULL,
    officer TEXT NOT NULL DEFAULT '', start_ts INTEGER NOT NULL, start_at TEXT NOT NULL,
    post TEXT, post_key TEXT, relieving TEXT, partners TEXT NOT NULL,
    equipment_in TEXT NOT NULL, note TEXT, end_id TEXT, end_ts INTEGER, end_at TEXT,
    handed_to TEXT, equipment_out TEXT, summary TEXT
);
CREATE INDEX shifts_start ON shifts(officer, start_ts);
CREATE TABLE passdowns (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, officer TEXT NOT NULL DEFAULT '',
    ts INTEGER NOT NULL, at TEXT NOT NULL, text TEXT NOT NULL, post TEXT, post_key TEXT,
    until_ts INTEGER, until_at TEXT, concern_id TEXT
);
CREATE INDEX passdowns_ts ON passdowns(ts);
CREATE TABLE acks (
    id TEXT PRIMARY KEY, passdown_id TEXT NOT NULL, officer TEXT NOT NULL DEFAULT '',
    ts INTEGER NOT NULL, at TEXT NOT NULL, seq INTEGER NOT NULL
);
CREATE INDEX acks_passdown ON acks(passdown_id);
"""


# Text a record is found by that another record gives, gathered while the journals are
# read and added to the records' `search` at the end: of what kind, for which record.
CONCERN_TEXT, NOTE = 0, 1  # a concern's text (its interaction's), a note (its concern's)
EXTRA_SCHEMA = (
    "CREATE TEMP TABLE IF NOT EXISTS search_extra "
    "(kind INTEGER NOT NULL, target TEXT NOT NULL, text TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS temp.search_extra_target ON search_extra(kind, target)",
)

# Indexes the views need but a bulk load does not: dropped before a rebuild, made after.
# `interactions_ts` and `participants_ts` cover what the periods of trends and summaries
# count, by time, so those counts read the index alone.
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
    "concerns_last",
    "concerns_status_ts",
)


def index_statements(names: tuple[str, ...]) -> list[str]:
    statements = []
    for statement in SCHEMA.split(";"):
        words = statement.split()
        if len(words) > 2 and words[1] == "INDEX" and words[2] in names:
            statements.append(
                statement.strip().replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS")
            )
    return statements


# --------------------------------------------------------------------- plumbing


def connect(db_path: Path) -> sqlite3.Connection:
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
                create_schema(connection)
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


def create_schema(connection: sqlite3.Connection) -> None:
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


# How the index applier inserts rows, table by table.
INSERTS = {
    "records": "INSERT INTO records(seq, id, type, line, offset, end, source) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "people": "INSERT OR IGNORE INTO people(key, name, rank) VALUES (?, ?, ?)",
    "places": "INSERT OR IGNORE INTO places(key, name, rank) VALUES (?, ?, ?)",
    "interactions": "INSERT INTO interactions(seq, id, line, ts, at, kind, text, place_key, tips, "
    "shared, tags, n_tips, n_shared, search, officer, tip_from, more) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "participants": "INSERT INTO participants(interaction_id, person_key, ts, position, "
    "place_key, officer) VALUES (?, ?, ?, ?, ?, ?)",
    "tags": "INSERT INTO tags(interaction_id, tag) VALUES (?, ?)",
    "person_notes": "INSERT OR IGNORE INTO person_notes(id, person_key, seq, ts, at, role, note, "
    "officer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "concerns": "INSERT INTO concerns(seq, id, line, ts, at, text, place_key, priority, "
    "category, interaction_id, raised_by, status, status_ts, last_ts, last_at, updates, "
    "due_ts, due_at, officer, search) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, 0, ?, ?, ?, ?)",
    "concern_raisers": "INSERT OR IGNORE INTO concern_raisers(concern_id, person_key) "
    "VALUES (?, ?)",
    "concern_events": "INSERT OR IGNORE INTO concern_events(id, concern_id, seq, action, ts, at, "
    "note, due_ts, due_at, referred_to, unresolved, officer) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "shifts": "INSERT OR IGNORE INTO shifts(id, seq, line, officer, start_ts, start_at, post, "
    "post_key, relieving, partners, equipment_in, note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "passdowns": "INSERT OR IGNORE INTO passdowns(id, seq, officer, ts, at, text, post, "
    "post_key, until_ts, until_at, concern_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "acks": "INSERT OR IGNORE INTO acks(id, passdown_id, officer, ts, at, seq) "
    "VALUES (?, ?, ?, ?, ?, ?)",
}


def schema_version(schema: str, meaning: int, fields: str) -> int:
    """The index's version (SQLite's `user_version`, a 32-bit integer): a digest of its
    tables and indexes, of what its rows mean, and of the field table they come from."""
    import hashlib

    digest = hashlib.sha256(f"{meaning}\n{schema}\n{fields}".encode()).digest()
    return int.from_bytes(digest[:3], "big")


def _fields_declared() -> str:
    from patrol_journal.fields import FIELDS

    return repr(FIELDS)


SCHEMA_VERSION = schema_version(
    SCHEMA + "\n".join(index_statements(DEFERRED_INDEXES)), MEANING, _fields_declared()
)
