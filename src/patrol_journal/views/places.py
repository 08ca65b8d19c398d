"""Every place on the beat: visits, people met there, open concerns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from patrol_journal.calendar import day_cutoff, days_between, local_iso
from patrol_journal.index.store import Index
from patrol_journal.views.people import ordered

# ----------------------------------------------------------------------------- places


def places(
    index: Index, now: datetime, *, not_visited_for: int | None = None, sort: str = "last"
) -> list[dict[str, Any]]:
    """Every place: visits, first and last visit, people met there (most often first),
    open concerns there, kinds of contact."""
    having = ""
    params: list[Any] = []
    if not_visited_for is not None:
        having = " HAVING max(i.ts) < ?"
        params.append(day_cutoff(now, not_visited_for))
    rows = index.db.execute(
        "SELECT i.place_key, pl.name, count(*), min(i.ts), max(i.ts) FROM interactions i "
        "JOIN places pl ON pl.key = i.place_key GROUP BY i.place_key" + having,
        params,
    ).fetchall()
    people_at: dict[str, list[str]] = {}
    for place_key, name in index.db.execute(
        "SELECT pp.place_key, pe.name FROM person_places pp JOIN people pe "
        "ON pe.key = pp.person_key WHERE pp.n > 0 ORDER BY pp.n DESC, pp.last_ts DESC"
    ):
        people_at.setdefault(place_key, []).append(name)
    kinds: dict[str, dict[str, int]] = {}
    for place_key, kind, count in index.db.execute(
        "SELECT place_key, kind, count(*) FROM interactions WHERE place_key IS NOT NULL "
        "GROUP BY place_key, kind ORDER BY count(*) DESC"
    ):
        kinds.setdefault(place_key, {})[kind] = count
    open_at = dict(
        index.db.execute(
            "SELECT place_key, count(*) FROM concerns "
            "WHERE status = 'open' AND place_key IS NOT NULL GROUP BY place_key"
        ).fetchall()
    )
    visited_by: dict[str, list[tuple[str, int, int]]] = {}
    if index.team:
        for place_key, officer, count, last in index.db.execute(
            "SELECT place_key, officer, count(*), max(ts) FROM interactions "
            "WHERE place_key IS NOT NULL GROUP BY place_key, officer"
        ):
            visited_by.setdefault(place_key, []).append((officer, count, last))
    result = [
        {
            "name": row[1],
            "visits": row[2],
            "first_visit": local_iso(row[3]),
            "last_visit": local_iso(row[4]),
            "days_since": days_between(row[4], now),
            "people": people_at.get(row[0], []),
            "open_concerns": open_at.get(row[0], 0),
            "kinds": kinds.get(row[0], {}),
            "_last": row[4],
            **_officers(visited_by.get(row[0])),
        }
        for row in rows
    ]
    return ordered(result, "oldest" if not_visited_for is not None else sort, "visits")


def _officers(rows: list[tuple[str, int, int]] | None) -> dict[str, Any]:
    """In a team: who last visited, and every officer who did (most visits first)."""
    if not rows:
        return {}
    return {
        "officer": max(rows, key=lambda r: r[2])[0],
        "officers": [r[0] for r in sorted(rows, key=lambda r: (-r[1], -r[2]))],
    }
