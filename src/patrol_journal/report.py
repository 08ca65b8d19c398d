"""Pure aggregations over the index, returning plain data for the renderers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from patrol_journal import query
from patrol_journal.index import Index
from patrol_journal.timeparse import local_zone


def record_history(index: Index, record_id: str) -> dict[str, Any]:
    """One record with its history: an interaction with its corrections and concerns, a
    concern with its events, a person record as it is."""
    found = query.record(index, record_id)
    if found.type == "amendment":
        target = str(found.data["amends"])
        if index.db.execute("SELECT 1 FROM interactions WHERE id = ?", (target,)).fetchone():
            return record_history(index, target)
    if found.type == "concern" and found.data.get("action") != "raise":
        return record_history(index, str(found.data["concern"]))
    if found.type == "interaction":
        current = query.interaction(index, record_id)
        return {
            "id": record_id,
            "type": "interaction",
            "line": found.line,
            "current": current.to_json(),
            "original": found.data,
            "corrections": [item.to_json() for item in query.amendments_of(index, record_id)],
            "concerns": [concern_summary(index, cid) for cid in current.concerns],
        }
    if found.type == "concern":
        return {"type": "concern", "line": found.line, **concern_summary(index, record_id)}
    return {"id": record_id, "type": found.type, "line": found.line, **found.data}


def concern_summary(index: Index, concern_id: str) -> dict[str, Any]:
    row = index.db.execute(
        "SELECT c.text, c.status, c.at, pl.name, c.raised_by, c.priority, c.due_at, c.referred_to "
        "FROM concerns c LEFT JOIN places pl ON pl.key = c.place_key WHERE c.id = ?",
        (concern_id,),
    ).fetchone()
    if row is None:
        return {"id": concern_id, "events": []}
    import json

    return {
        "id": concern_id,
        "text": row[0],
        "status": row[1],
        "opened": row[2],
        "place": row[3],
        "raised_by": json.loads(row[4]),
        "priority": row[5],
        "due": row[6],
        "referred_to": row[7],
        "events": [event.to_json() for event in query.concern_history(index, concern_id)],
    }


# ----------------------------------------------------------------------------- people


DAY = 86400


def _iso(ts: int | None) -> str | None:
    if ts is None:
        return None
    from patrol_journal.index import ts_to_local

    return ts_to_local(ts).isoformat()


def day_cutoff(now: datetime, days: int) -> int:
    """The first moment of the local day `days - 1` days before today: whoever was last met
    before it was last met `days` or more calendar days ago."""
    from patrol_journal.timeparse import localize

    today = now.astimezone(local_zone()).date()
    first = today - timedelta(days=days - 1)
    return int(localize(datetime(first.year, first.month, first.day)).timestamp())


def _filters(
    since: datetime | None, until: datetime | None, place_key: str | None
) -> tuple[str, list[Any]]:
    where, params = query.period_filter("i.ts", since, until)
    if place_key is not None:
        where.append("i.place_key = ?")
        params.append(place_key)
    return " AND ".join(where or ["1"]), params


def people(
    index: Index,
    now: datetime,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    place_key: str | None = None,
    not_seen_for: int | None = None,
    sort: str = "last",
) -> list[dict[str, Any]]:
    """Everyone met (in the period, at the place): role, times met, first and last met,
    where (most frequent first), open concerns they raised.

    `not_seen_for` keeps people met at least twice whose last meeting was that many
    calendar days ago or more, oldest first.
    """
    where, params = _filters(since, until, place_key)
    having = ""
    if not_seen_for is not None:
        having = " HAVING count(*) >= 2 AND max(p.ts) < ?"
        params = [*params, day_cutoff(now, not_seen_for)]
    # Only a place filter needs the interactions; participants carry their time.
    join = "JOIN interactions i ON i.id = p.interaction_id " if place_key is not None else ""
    where = where.replace("i.ts", "p.ts")
    rows = index.db.execute(
        "SELECT p.person_key, pe.name, pe.role, n, first, last FROM (SELECT p.person_key, "
        "count(*) AS n, min(p.ts) AS first, max(p.ts) AS last FROM participants p "
        f"{join}WHERE {where} GROUP BY p.person_key{having}) p "
        "JOIN people pe ON pe.key = p.person_key",
        params,
    ).fetchall()
    keys = [row[0] for row in rows]
    places = _places_of(index, keys, since, until, place_key)
    open_concerns = _open_concerns_by_person(index, keys)
    result = [
        {
            "name": row[1],
            "role": row[2],
            "interactions": row[3],
            "first_met": _iso(row[4]),
            "last_met": _iso(row[5]),
            "days_since": int(now.timestamp() - row[5]) // DAY,
            "places": places.get(row[0], []),
            "open_concerns": open_concerns.get(row[0], 0),
            "_last": row[5],
        }
        for row in rows
    ]
    return _ordered(result, "oldest" if not_seen_for is not None else sort, "interactions")


def _ordered(rows: list[dict[str, Any]], sort: str, count_key: str) -> list[dict[str, Any]]:
    """Sort rows by last contact (newest first, or oldest for the neglected lists), by
    how often (`count`, `visits`), or by name; drop the sort key they carried."""
    if sort == "oldest":
        rows.sort(key=lambda r: r["_last"])
    elif sort in ("count", "visits"):
        rows.sort(key=lambda r: (-r[count_key], -r["_last"]))
    elif sort == "name":
        rows.sort(key=lambda r: r["name"].casefold())
    else:
        rows.sort(key=lambda r: -r["_last"])
    for row in rows:
        del row["_last"]
    return rows


def _places_of(
    index: Index,
    keys: list[str],
    since: datetime | None,
    until: datetime | None,
    place_key: str | None,
) -> dict[str, list[str]]:
    if not keys:
        return {}
    found: dict[str, list[str]] = {}
    if since is None and until is None and place_key is None:
        for person_key, name in index.db.execute(
            "SELECT pp.person_key, pl.name FROM person_places pp "
            "JOIN places pl ON pl.key = pp.place_key WHERE pp.n > 0 "
            "ORDER BY pp.n DESC, pp.last_ts DESC"
        ):
            found.setdefault(person_key, []).append(name)
        return found
    where, params = _filters(since, until, place_key)
    for row in index.db.execute(
        "SELECT p.person_key, pl.name, count(*) AS n, max(i.ts) FROM participants p "
        "JOIN interactions i ON i.id = p.interaction_id JOIN places pl ON pl.key = i.place_key "
        f"WHERE {where} GROUP BY p.person_key, i.place_key ORDER BY n DESC, max(i.ts) DESC",
        params,
    ):
        found.setdefault(row[0], []).append(row[1])
    return found


def _open_concerns_by_person(index: Index, keys: list[str]) -> dict[str, int]:
    if not keys:
        return {}
    return {
        row[0]: row[1]
        for row in index.db.execute(
            "SELECT cr.person_key, count(*) FROM concern_raisers cr "
            "JOIN concerns c ON c.id = cr.concern_id WHERE c.status = 'open' "
            "GROUP BY cr.person_key"
        )
    }


_PARTS_OF_DAY = (
    ("night", 0, 5),
    ("morning", 5, 12),
    ("afternoon", 12, 17),
    ("evening", 17, 22),
    ("night", 22, 24),
)


def part_of_day(moment: datetime) -> str:
    hour = moment.astimezone(local_zone()).hour
    return next(name for name, start, end in _PARTS_OF_DAY if start <= hour < end)


def person_card(
    index: Index, key: str, now: datetime, *, limit: int | None = None
) -> dict[str, Any]:
    """Everything the officer knows about one person, and their meetings, newest first
    (`limit` of them; all by default)."""
    from collections import Counter

    from patrol_journal.concerns import list_concerns

    person = index.db.execute("SELECT name, role FROM people WHERE key = ?", (key,)).fetchone()
    met, first, last = index.db.execute(
        "SELECT count(*), min(ts), max(ts) FROM participants WHERE person_key = ?", (key,)
    ).fetchone()
    mine = "i.id IN (SELECT interaction_id FROM participants WHERE person_key = ?)"
    timeline = query.interactions(index, mine, (key,), limit=limit)
    notes = [
        {"when": row[0], "role": row[1], "note": row[2]}
        for row in index.db.execute(
            "SELECT at, role, note FROM person_notes WHERE person_key = ? ORDER BY ts, seq", (key,)
        )
    ]
    places = [
        {"name": row[0], "visits": row[1]}
        for row in index.db.execute(
            "SELECT pl.name, pp.n FROM person_places pp JOIN places pl ON pl.key = pp.place_key "
            "WHERE pp.person_key = ? AND pp.n > 0 ORDER BY pp.n DESC, pp.last_ts DESC",
            (key,),
        )
    ]
    zone = local_zone()
    times = Counter(
        part_of_day(datetime.fromtimestamp(row[0], zone))
        for row in index.db.execute("SELECT ts FROM participants WHERE person_key = ?", (key,))
    )
    topics = query.interactions(index, f"{mine} AND (i.n_tips > 0 OR i.n_shared > 0)", (key,))
    concerns = list_concerns(index, now, status="all", person_key=key)
    return {
        "name": person[0],
        "role": person[1],
        "notes": [n for n in notes if n["note"]],
        "interactions": met,
        "first_met": _iso(first),
        "last_met": _iso(last),
        "places": [place["name"] for place in places],
        "usual_places": places[:3],
        "times_of_day": [{"part": p, "count": c} for p, c in times.most_common()],
        "tips": [{"when": v.when.isoformat(), "text": t} for v in topics for t in v.tips],
        "shared": [{"when": v.when.isoformat(), "text": t} for v in topics for t in v.shared],
        "concerns": concerns,
        "to_report_back": [c["id"] for c in concerns if c["status"] == "resolved"],
        "timeline": [view.to_json() for view in timeline],
    }


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
    result = [
        {
            "name": row[1],
            "visits": row[2],
            "first_visit": _iso(row[3]),
            "last_visit": _iso(row[4]),
            "days_since": int(now.timestamp() - row[4]) // DAY,
            "people": people_at.get(row[0], []),
            "open_concerns": open_at.get(row[0], 0),
            "kinds": kinds.get(row[0], {}),
            "_last": row[4],
        }
        for row in rows
    ]
    return _ordered(result, "oldest" if not_visited_for is not None else sort, "visits")


def brief(index: Index, place_key: str, now: datetime) -> dict[str, Any]:
    """One screen before walking a beat: who is met there, what is open, what is due."""
    from patrol_journal.concerns import list_concerns, to_report_back

    name = index.place_name(place_key)
    visits = index.db.execute(
        "SELECT count(*), max(ts), min(ts) FROM interactions WHERE place_key = ?", (place_key,)
    ).fetchone()
    eight_weeks = int(now.timestamp()) - 56 * DAY
    recent_visits = index.db.execute(
        "SELECT count(*) FROM interactions WHERE place_key = ? AND ts >= ?",
        (place_key, eight_weeks),
    ).fetchone()[0]
    regulars = []
    for key, person, role, count, last_ts in index.db.execute(
        "SELECT p.person_key, pe.name, pe.role, count(*), max(p.ts) FROM participants p "
        "JOIN interactions i ON i.id = p.interaction_id JOIN people pe ON pe.key = p.person_key "
        "WHERE i.place_key = ? GROUP BY p.person_key ORDER BY count(*) DESC, max(p.ts) DESC "
        "LIMIT 8",
        (place_key,),
    ):
        last = index.db.execute(
            "SELECT i.text FROM participants p JOIN interactions i ON i.id = p.interaction_id "
            "WHERE p.person_key = ? ORDER BY i.ts DESC LIMIT 1",
            (key,),
        ).fetchone()
        regulars.append(
            {
                "name": person,
                "role": role,
                "met_here": count,
                "last_met": _iso(last_ts),
                "last_topic": last[0] if last else None,
            }
        )
    open_here = list_concerns(index, now, status="open", place_key=place_key)
    week_ahead = int(now.timestamp()) + 7 * DAY
    due = [
        c
        for c in open_here
        if c["due"] is not None and datetime.fromisoformat(c["due"]).timestamp() <= week_ahead
    ]
    tips = [
        {"when": view.when.isoformat(), "text": tip, "people": view.people}
        for view in query.interactions(
            index, "i.place_key = ? AND i.n_tips > 0", (place_key,), limit=5
        )
        for tip in view.tips
    ]
    return {
        "place": name,
        "visits": visits[0],
        "first_visit": _iso(visits[2]),
        "last_visit": _iso(visits[1]),
        "visits_per_week": round(recent_visits / 8, 1),
        "people": regulars,
        "open_concerns": open_here,
        "follow_ups_due": due,
        "to_report_back": to_report_back(index, now, place_key=place_key),
        "recent_tips": tips,
    }
