"""Every place on the beat: visits, people met there, open concerns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from patrol_journal.calendar import day_cutoff, days_between, local_iso
from patrol_journal.index.store import Index
from patrol_journal.views.people import ordered

# ----------------------------------------------------------------------------- places


# The keys of a row of `places`, in order (a CSV of no place still has its header).
COLUMNS = (
    "name",
    "visits",
    "first_visit",
    "last_visit",
    "days_since",
    "people",
    "open_concerns",
    "kinds",
)


def places(
    index: Index, now: datetime, *, not_visited_for: int | None = None, sort: str = "last"
) -> list[dict[str, Any]]:
    """Every place: visits, first and last visit, people met there (most often first),
    open concerns there, kinds of contact."""
    people_at: dict[str, list[str]] = {}
    for place_key, name in index.db.execute(
        "SELECT pp.place_key, pe.name FROM person_places pp JOIN people pe "
        "ON pe.key = pp.person_key WHERE pp.n > 0 ORDER BY pp.n DESC, pp.last_ts DESC, pe.key"
    ):
        people_at.setdefault(place_key, []).append(name)
    # Visits, first and last, kinds of contact and (in a team) who visited: from the
    # totals the index keeps by place, kind and officer.
    kinds: dict[str, dict[str, int]] = {}
    by_officer: dict[str, dict[str, list[int]]] = {}
    spans: dict[str, list[int]] = {}  # place -> [visits, first, last]
    for place_key, kind, officer, count, first, last in index.db.execute(
        "SELECT place_key, kind, officer, n, first_ts, last_ts FROM place_totals WHERE n > 0"
    ):
        here = kinds.setdefault(place_key, {})
        here[kind] = here.get(kind, 0) + count
        seen = by_officer.setdefault(place_key, {}).setdefault(officer, [0, 0])
        seen[0] += count
        seen[1] = max(seen[1], last)
        span = spans.setdefault(place_key, [0, first, last])
        span[0] += count
        span[1], span[2] = min(span[1], first), max(span[2], last)
    names = dict(index.db.execute("SELECT key, name FROM places").fetchall())
    cutoff = None if not_visited_for is None else day_cutoff(now, not_visited_for)
    shown = {
        place_key: span
        for place_key, span in spans.items()
        if place_key in names and (cutoff is None or span[2] < cutoff)
    }
    for place_key, counted in kinds.items():
        kinds[place_key] = dict(sorted(counted.items(), key=lambda item: -item[1]))
    open_at = dict(
        index.db.execute(
            "SELECT place_key, count(*) FROM concerns "
            "WHERE status = 'open' AND place_key IS NOT NULL GROUP BY place_key"
        ).fetchall()
    )
    visited_by = {
        place_key: [(officer, n, last) for officer, (n, last) in officers.items()]
        for place_key, officers in by_officer.items()
    }
    result = [
        {
            "name": names[place_key],
            "visits": visits,
            "first_visit": local_iso(first),
            "last_visit": local_iso(last),
            "days_since": days_between(last, now),
            "people": people_at.get(place_key, []),
            "open_concerns": open_at.get(place_key, 0),
            "kinds": kinds.get(place_key, {}),
            "_last": last,
            **(_officers(visited_by.get(place_key)) if index.team else {}),
        }
        for place_key, (visits, first, last) in shown.items()
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
