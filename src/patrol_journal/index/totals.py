"""The totals the index keeps per person and place — times met, visits, where each person
is met and by which officer, roles, each place's visits by kind and officer with the first
and last — added to as records are applied, and counted again from the rows after a team's
journal is taken out to be read again."""

from __future__ import annotations

import sqlite3


def add_totals(
    db: sqlite3.Connection,
    met: dict[str, int],
    pairs: dict[tuple[str, str], list[int]],
    met_by: dict[tuple[str, str], list[int]],
    visits: dict[str, int],
    roles: dict[str, tuple[int, int, str]],
    at_places: dict[tuple[str, str, str], list[int]],
) -> None:
    """Add what a refresh counted: meetings per person, per person and place (count, last
    time), per person and officer, visits per place, and by kind and officer (count, first,
    last); and each person's latest role (by when it was learnt, then file order)."""
    db.executemany(
        "UPDATE people SET met = met + ? WHERE key = ?",
        [(count, key) for key, count in met.items() if count],
    )
    db.executemany(
        "INSERT INTO person_places(person_key, place_key, n, last_ts) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(person_key, place_key) DO UPDATE SET n = n + excluded.n, "
        "last_ts = max(last_ts, excluded.last_ts)",
        [(person, place, n, last) for (person, place), (n, last) in pairs.items()],
    )
    db.executemany(
        "INSERT INTO person_officers(person_key, officer, n, last_ts) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(person_key, officer) DO UPDATE SET n = n + excluded.n, "
        "last_ts = max(last_ts, excluded.last_ts)",
        [(person, officer, n, last) for (person, officer), (n, last) in met_by.items()],
    )
    db.executemany(
        "UPDATE places SET visits = visits + ? WHERE key = ?",
        [(count, key) for key, count in visits.items() if count],
    )
    db.executemany(
        "INSERT INTO place_totals(place_key, kind, officer, n, first_ts, last_ts) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(place_key, kind, officer) DO UPDATE SET "
        "n = n + excluded.n, first_ts = min(first_ts, excluded.first_ts), "
        "last_ts = max(last_ts, excluded.last_ts)",
        [(*key, n, first, last) for key, (n, first, last) in at_places.items()],
    )
    db.executemany(
        "UPDATE people SET role = ?, role_ts = ?, role_seq = ? WHERE key = ? AND "
        "(role_ts IS NULL OR role_ts < ? OR (role_ts = ? AND role_seq < ?))",
        [(role, ts, seq, key, ts, ts, seq) for key, (ts, seq, role) in roles.items()],
    )


def drop_journal(db: sqlite3.Connection, source: str) -> set[str]:
    """Take every row of one journal out of a team's index (before it is read again from
    the start); the concerns whose steps went with it, to settle again."""
    db.execute("DROP TABLE IF EXISTS temp.gone")
    db.execute("CREATE TEMP TABLE gone AS SELECT id FROM records WHERE source = ?", (source,))
    touched = {
        row[0]
        for row in db.execute(
            "SELECT DISTINCT concern_id FROM concern_events WHERE id IN (SELECT id FROM gone)"
        )
    }
    for statement in (
        "DELETE FROM participants WHERE interaction_id IN (SELECT id FROM gone)",
        "DELETE FROM tags WHERE interaction_id IN (SELECT id FROM gone)",
        "DELETE FROM interactions WHERE id IN (SELECT id FROM gone)",
        "DELETE FROM amendments WHERE id IN (SELECT id FROM gone)",
        "DELETE FROM person_notes WHERE id IN (SELECT id FROM gone)",
        "DELETE FROM concern_raisers WHERE concern_id IN (SELECT id FROM gone)",
        "DELETE FROM concerns WHERE id IN (SELECT id FROM gone)",
        "DELETE FROM concern_events WHERE id IN (SELECT id FROM gone)",
        "DELETE FROM shifts WHERE id IN (SELECT id FROM gone)",
        "DELETE FROM passdowns WHERE id IN (SELECT id FROM gone)",
        "DELETE FROM acks WHERE id IN (SELECT id FROM gone)",
    ):
        db.execute(statement)
    db.execute("DELETE FROM records WHERE source = ?", (source,))
    db.execute("DROP TABLE temp.gone")
    return touched


def recount(db: sqlite3.Connection) -> None:
    """The totals kept per person and place, counted again from the rows (after a
    journal's rows were taken out); people and places nothing mentions any more go."""
    db.execute(
        "DELETE FROM people WHERE key NOT IN (SELECT person_key FROM participants) "
        "AND key NOT IN (SELECT person_key FROM person_notes) "
        "AND key NOT IN (SELECT person_key FROM concern_raisers)"
    )
    db.execute(
        "DELETE FROM places WHERE key NOT IN (SELECT place_key FROM interactions "
        "WHERE place_key IS NOT NULL) AND key NOT IN (SELECT place_key FROM concerns "
        "WHERE place_key IS NOT NULL)"
    )
    db.execute(
        "UPDATE people SET met = (SELECT count(*) FROM participants p "
        "WHERE p.person_key = people.key), role = NULL, role_ts = NULL, role_seq = NULL"
    )
    db.execute(
        "UPDATE people SET (role, role_ts, role_seq) = (SELECT n.role, n.ts, n.seq "
        "FROM person_notes n WHERE n.person_key = people.key AND n.role IS NOT NULL "
        "ORDER BY n.ts DESC, n.seq DESC LIMIT 1)"
    )
    db.execute(
        "UPDATE places SET visits = (SELECT count(*) FROM interactions i "
        "WHERE i.place_key = places.key)"
    )
    db.execute("DELETE FROM person_places")
    db.execute(
        "INSERT INTO person_places(person_key, place_key, n, last_ts) "
        "SELECT person_key, place_key, count(*), max(ts) FROM participants "
        "WHERE place_key IS NOT NULL GROUP BY person_key, place_key"
    )
    db.execute("DELETE FROM person_officers")
    db.execute(
        "INSERT INTO person_officers(person_key, officer, n, last_ts) "
        "SELECT person_key, officer, count(*), max(ts) FROM participants "
        "GROUP BY person_key, officer"
    )
    db.execute("DELETE FROM place_totals")
    db.execute(f"INSERT INTO place_totals {_PLACE_TOTALS} GROUP BY place_key, kind, officer")


_PLACE_TOTALS = (
    "SELECT place_key, kind, officer, count(*), min(ts), max(ts) FROM interactions "
    "WHERE place_key IS NOT NULL"
)


def recount_places(db: sqlite3.Connection, places: set[str]) -> None:
    """The visits to these places by kind and officer, first and last, counted again from
    the rows (after a correction moved a visit, or its time or kind)."""
    keys = sorted(places)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM place_totals WHERE place_key IN ({marks})", chunk)
        db.execute(
            f"INSERT INTO place_totals {_PLACE_TOTALS} AND place_key IN ({marks}) "
            "GROUP BY place_key, kind, officer",
            chunk,
        )


def rename_journal(db: sqlite3.Connection, source: str, officer: str) -> None:
    """Show every row of one journal under another officer's name (its file name, once
    it is found to claim another journal's ids); the totals by officer follow on the next
    `recount`."""
    for table, key in (
        ("interactions", "id"),
        ("participants", "interaction_id"),
        ("person_notes", "id"),
        ("concerns", "id"),
        ("concern_events", "id"),
    ):
        db.execute(
            f"UPDATE {table} SET officer = ? WHERE {key} IN "
            "(SELECT id FROM records WHERE source = ?)",
            (officer, source),
        )


def recount_people(db: sqlite3.Connection, people: set[str]) -> None:
    """Where and by which officer each of `people` was met, counted again from their
    meetings (after a correction moved or removed one)."""
    keys = sorted(people)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for table in ("person_places", "person_officers"):
            db.execute(f"DELETE FROM {table} WHERE person_key IN ({marks})", chunk)
        db.execute(
            "INSERT INTO person_places(person_key, place_key, n, last_ts) "
            "SELECT person_key, place_key, count(*), max(ts) FROM participants "
            f"WHERE person_key IN ({marks}) AND place_key IS NOT NULL "
            "GROUP BY person_key, place_key",
            chunk,
        )
        db.execute(
            "INSERT INTO person_officers(person_key, officer, n, last_ts) "
            "SELECT person_key, officer, count(*), max(ts) FROM participants "
            f"WHERE person_key IN ({marks}) GROUP BY person_key, officer",
            chunk,
        )
