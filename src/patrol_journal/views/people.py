"""Everyone met, and one person's card."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from patrol_journal.calendar import day_cutoff, days_between, local_iso
from patrol_journal.calendar.zone import parts_of_day_counted, steady_offsets
from patrol_journal.index.store import Index
from patrol_journal.views import Shown
from patrol_journal.views.interactions import InteractionView, interactions
from patrol_journal.views.where import Where

CLOSED_SHOWN = 5  # a card in the terminal lists the newest concerns reported back, no more

# The keys of a row of `people`, in order (a CSV of no one still has its header).
COLUMNS = (
    "name",
    "role",
    "interactions",
    "first_met",
    "last_met",
    "days_since",
    "places",
    "open_concerns",
)


def _filters(
    since: datetime | None, until: datetime | None, place_key: str | None
) -> tuple[str, list[Any]]:
    where = Where().period("i.ts", since, until).given(place_key, "i.place_key = ?")
    return where.sql(), where.params


def people(
    index: Index,
    now: datetime,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    place_key: str | None = None,
    not_seen_for: int | None = None,
    sort: str = "last",
    limit: int | None = None,
) -> Shown:
    """Everyone met (in the period, at the place): role, times met, first and last met,
    where (most frequent first), open concerns they raised.

    `not_seen_for` keeps people met at least twice whose last meeting was that many
    calendar days ago or more, oldest first. `limit`: only the first that many rows are
    made (a terminal shows no more), the result's `total` counting them all.
    """
    where, params = _filters(since, until, place_key)
    # Participants carry their time and place: no join with the interactions.
    where = where.replace("i.ts", "p.ts").replace("i.place_key", "p.place_key")
    unfiltered = since is None and until is None and place_key is None
    if unfiltered:  # the index keeps the counts: only first and last are looked up
        counted = (
            "SELECT pe.key AS person_key, pe.met AS n, "
            "(SELECT min(ts) FROM participants WHERE person_key = pe.key) AS first, "
            "(SELECT max(ts) FROM participants WHERE person_key = pe.key) AS last "
            "FROM people pe WHERE pe.met > 0"
        )
    else:
        counted = (
            "SELECT p.person_key, count(*) AS n, min(p.ts) AS first, max(p.ts) AS last "
            f"FROM participants p WHERE {where} GROUP BY p.person_key"
        )
    having, cutoff = "", []
    if not_seen_for is not None:
        having = " WHERE p.n >= 2 AND p.last < ?"
        cutoff = [day_cutoff(now, not_seen_for)]
    rows = index.rows(
        f"SELECT p.person_key, pe.name, pe.role, n, first, last FROM ({counted}) p "
        f"JOIN people pe ON pe.key = p.person_key{having}",
        [*([] if unfiltered else params), *cutoff],
    )
    total = len(rows)
    if limit is not None and total > limit:  # the order `ordered` gives, on the bare rows
        sort_as = "oldest" if not_seen_for is not None else sort
        rows = ordered_rows(rows, sort_as, name="name", count="n", last="last")[:limit]
    keys = [row["person_key"] for row in rows]
    places = _places_of(index, keys, since, until, place_key, every=len(keys) == total)
    open_concerns = _open_concerns_by_person(index, keys)
    team = _met_by(index, where, params, unfiltered=unfiltered)
    result = [
        {
            "name": row["name"],
            "role": row["role"],
            "interactions": row["n"],
            "first_met": local_iso(row["first"]),
            "last_met": local_iso(row["last"]),
            "days_since": days_between(row["last"], now),
            "places": places.get(row["person_key"], []),
            "open_concerns": open_concerns.get(row["person_key"], 0),
            "_last": row["last"],
            **team.get(row["person_key"], {}),
        }
        for row in rows
    ]
    shown = Shown(ordered(result, "oldest" if not_seen_for is not None else sort, "interactions"))
    shown.total = total
    return shown


def _met_by(
    index: Index, where: str, params: list[Any], *, unfiltered: bool
) -> dict[str, dict[str, Any]]:
    """In a team: which officers met each person (most often first), and who last did."""
    if not index.team:
        return {}
    by_person: dict[str, list[tuple[str, int, int]]] = {}
    sql = (
        "SELECT person_key, officer, n, last_ts FROM person_officers WHERE n > 0"
        if unfiltered  # kept up to date by the index: no pass over every meeting
        else "SELECT p.person_key, p.officer, count(*), max(p.ts) FROM participants p "
        f"WHERE {where} GROUP BY p.person_key, p.officer"
    )
    for key, officer, count, last in index.db.execute(sql, [] if unfiltered else params):
        by_person.setdefault(key, []).append((officer, count, last))
    return {
        key: {
            "officer": max(rows, key=lambda r: r[2])[0],
            "officers": [r[0] for r in sorted(rows, key=lambda r: (-r[1], -r[2]))],
        }
        for key, rows in by_person.items()
    }


def ordered(rows: list[dict[str, Any]], sort: str, count_key: str) -> list[dict[str, Any]]:
    """Sort rows by last contact (newest first, or oldest for the neglected lists), by
    how often (`count`, `visits`), or by name; drop the sort key they carried."""
    ordered_rows(rows, sort, name="name", count=count_key, last="_last")
    for row in rows:
        del row["_last"]
    return rows


def ordered_rows(rows: list[Any], sort: str, *, name: str, count: str, last: str) -> list[Any]:
    """Rows sorted in place as `ordered` sorts them, each row's name, count and last
    contact found under the keys given."""
    if sort == "oldest":
        rows.sort(key=lambda r: r[last])
    elif sort in ("count", "visits"):
        rows.sort(key=lambda r: (-r[count], -r[last]))
    elif sort == "name":
        rows.sort(key=lambda r: r[name].casefold())
    else:
        rows.sort(key=lambda r: -r[last])
    return rows


def _places_of(
    index: Index,
    keys: list[str],
    since: datetime | None,
    until: datetime | None,
    place_key: str | None,
    *,
    every: bool = True,
) -> dict[str, list[str]]:
    """Where each of `keys` was met, most often first (`every`: the keys are everyone's)."""
    if not keys:
        return {}
    found: dict[str, list[str]] = {}
    if since is None and until is None and place_key is None:
        chunks = [keys] if every else [keys[n : n + 500] for n in range(0, len(keys), 500)]
        for chunk in chunks:
            only = "" if every else f" AND pp.person_key IN ({','.join('?' * len(chunk))})"
            for person_key, name in index.db.execute(
                "SELECT pp.person_key, pl.name FROM person_places pp "
                f"JOIN places pl ON pl.key = pp.place_key WHERE pp.n > 0{only} "
                "ORDER BY pp.n DESC, pp.last_ts DESC, pp.place_key",
                [] if every else chunk,
            ):
                found.setdefault(person_key, []).append(name)
        return found
    where, params = _filters(since, until, place_key)
    for row in index.db.execute(
        "SELECT p.person_key, pl.name, count(*) AS n, max(i.ts) FROM participants p "
        "JOIN interactions i ON i.id = p.interaction_id JOIN places pl ON pl.key = i.place_key "
        f"WHERE {where} GROUP BY p.person_key, i.place_key ORDER BY n DESC, max(i.ts) DESC, "
        "i.place_key",
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


def person_card(
    index: Index, key: str, now: datetime, *, limit: int | None = None
) -> dict[str, Any]:
    """Everything the officer knows about one person, and their meetings, newest first
    (`limit` of them; all by default)."""
    person = index.db.execute("SELECT name, role FROM people WHERE key = ?", (key,)).fetchone()
    met, first, last = index.db.execute(
        "SELECT count(*), min(ts), max(ts) FROM participants WHERE person_key = ?", (key,)
    ).fetchone()
    timeline = interactions(index, *_newest(index, key, limit), limit=limit)
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
            "WHERE pp.person_key = ? AND pp.n > 0 "
            "ORDER BY pp.n DESC, pp.last_ts DESC, pp.place_key",
            (key,),
        )
    ]
    times = _parts_of_day(index, key, first, last)
    if limit is None:
        mine, params = _newest(index, key, None)
        topics = interactions(index, f"{mine} AND (i.n_tips > 0 OR i.n_shared > 0)", params)
        gave, told = topics, topics
    else:  # the newest `limit` of each: no more is shown
        gave = _topics(index, key, "i.n_tips > 0 AND i.tip_from = ?", (key,), limit)
        told = _topics(index, key, "i.n_shared > 0", (), limit)
    concerns, closed = _concerns_of(index, key, now, limit)
    return {
        "name": person[0],
        "role": person[1],
        "notes": [n for n in notes if n["note"]],
        "interactions": met,
        "first_met": local_iso(first),
        "last_met": local_iso(last),
        "places": [place["name"] for place in places],
        "usual_places": places[:3],
        "times_of_day": [{"part": p, "count": c} for p, c in times.most_common()],
        "contacts_by_month": _by_month(index, key, now),
        "tips": [  # the tips they gave: a tip is not everyone's who was there
            {"when": v.when.isoformat(), "text": t}
            for v in gave
            if v.tip_from == person[0]
            for t in v.tips
        ],
        "shared": [{"when": v.when.isoformat(), "text": t} for v in told for t in v.shared],
        "concerns": concerns,
        "concerns_reported_back": closed,
        "to_report_back": [c["id"] for c in concerns if c["status"] == "resolved"],
        "timeline": [view.to_json() for view in timeline],
        **_met_by_officers(index, key),
    }


def _concerns_of(
    index: Index, key: str, now: datetime, limit: int | None
) -> tuple[list[dict[str, Any]], int]:
    """The concerns a person raised, and how many were reported back: all of them, or
    (with `limit`, the terminal's card) the live ones and the newest closed only."""
    from patrol_journal.views.concerns import list_concerns, raised_by_person

    if limit is not None:
        return raised_by_person(index, now, key, CLOSED_SHOWN)
    concerns = list_concerns(index, now, status="all", person_key=key)
    return concerns, sum(1 for c in concerns if c["status"] == "reported-back")


def _newest(
    index: Index, key: str, limit: int | None, where: str = "1", params: tuple[Any, ...] = ()
) -> tuple[str, tuple[Any, ...]]:
    """The WHERE clause (and its parameters) of a person's interactions: all of them, or
    (with `limit`) those from the time of the `limit`-th newest matching `where` on: an
    index range rather than every meeting, ties at that time all in (the caller's ORDER
    BY and LIMIT choose among them, as they would among all)."""
    mine = "i.id IN (SELECT interaction_id FROM participants WHERE person_key = ?"
    if limit is None:
        return mine + ")", (key,)
    found = index.rows(
        "SELECT p.ts FROM participants p JOIN interactions i ON i.id = p.interaction_id "
        f"WHERE p.person_key = ? AND {where} ORDER BY p.ts DESC LIMIT 1 OFFSET ?",
        (key, *params, limit - 1),
    )
    return mine + " AND ts >= ?)", (key, found[0]["ts"] if found else -(2**62))


def _topics(
    index: Index, key: str, where: str, params: tuple[Any, ...], limit: int
) -> list[InteractionView]:
    """A person's newest `limit` interactions matching `where` (tips, shared information)."""
    mine, bound = _newest(index, key, limit, where, params)
    return interactions(index, f"{mine} AND {where}", (*bound, *params), limit=limit)


def _parts_of_day(index: Index, key: str, first: int | None, last: int | None) -> Counter[str]:
    """How often they were met in each part of the local day: counted by SQLite a local
    hour at a time over each stretch of one UTC offset, not a row a meeting."""
    hours: Counter[int] = Counter()
    if first is None or last is None:
        return Counter()
    for start, end, offset in steady_offsets(first, last):
        hours.update(
            dict(
                index.db.execute(
                    "SELECT ((ts + ?) % 86400 + 86400) % 86400 / 3600, count(*) FROM "
                    "participants WHERE person_key = ? AND ts >= ? AND ts < ? GROUP BY 1",
                    (offset, key, start, end),
                ).fetchall()
            )
        )
    return parts_of_day_counted(hours.items())


def _by_month(index: Index, key: str, now: datetime) -> list[dict[str, Any]]:
    """How often they were met in each of the last twelve months (this one so far)."""
    from bisect import bisect_left

    from patrol_journal.calendar import local_date, start_of_day, trend_periods

    today = local_date(now)
    months = today.year * 12 + today.month - 12
    first = start_of_day(today.replace(year=months // 12, month=months % 12 + 1, day=1))
    ordered = [
        ts
        for (ts,) in index.db.execute(
            "SELECT ts FROM participants WHERE person_key = ? AND ts >= ? ORDER BY ts",
            (key, int(first.timestamp())),
        )
    ]
    return [
        {
            "month": start.strftime("%Y-%m"),
            "contacts": bisect_left(ordered, int(end.timestamp()))
            - bisect_left(ordered, int(start.timestamp())),
        }
        for start, end in trend_periods(first, now, "month")
    ]


def _met_by_officers(index: Index, key: str) -> dict[str, Any]:
    """In a team: who on the team met the person, how often, first and last."""
    if not index.team:
        return {}
    rows = index.db.execute(
        "SELECT officer, count(*), min(ts), max(ts) FROM participants WHERE person_key = ? "
        "GROUP BY officer ORDER BY max(ts) DESC",
        (key,),
    ).fetchall()
    return {
        "met_by": [
            {
                "officer": officer,
                "interactions": count,
                "first_met": local_iso(first),
                "last_met": local_iso(last),
            }
            for officer, count, first, last in rows
        ]
    }
