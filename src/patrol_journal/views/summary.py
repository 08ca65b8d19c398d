"""The weekly summary: the period as it was at its end, as plain data.

Every figure is computed as of the end of the period: a concern resolved the week after
still counts as open here; "new people" were first met inside the period; corrections
are applied. Only the period, the four weeks before it and per-person first meetings are
read from the index, never the whole history.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from patrol_journal.calendar import add_days, local_date, ts_to_local
from patrol_journal.index.store import Index
from patrol_journal.views.concerns import states_at, usual_places
from patrol_journal.views.interactions import InteractionView, interactions
from patrol_journal.views.summary_concerns import (
    concern_sections,
    follow_ups_due,
    owed_report_backs,
)
from patrol_journal.views.summary_totals import EFFECTIVE, period_before, period_counts

LOOKBACK_DAYS = 28  # "regulars" and beat coverage look at the four weeks before the period


def _per_officer(index: Index, start: int, end: int) -> list[dict[str, Any]]:
    """A team's week, officer by officer (everyone in the team, those with nothing too)."""
    span = (start, end)
    rows: dict[str, dict[str, Any]] = {}

    def row(officer: str) -> dict[str, Any]:
        return rows.setdefault(
            officer,
            {
                "officer": officer,
                "interactions": 0,
                "people": 0,
                "places": 0,
                "tips": 0,
                "shared": 0,
                "concerns_opened": 0,
                "concerns_resolved": 0,
                "reported_back": 0,
            },
        )

    for source in index.sources:
        row(index.officer_name(source))
    for officer, count, tips, shared, places in index.db.execute(
        "SELECT officer, count(*), sum(n_tips), sum(n_shared), count(DISTINCT place_key) "
        "FROM interactions WHERE ts >= ? AND ts < ? GROUP BY officer",
        span,
    ):
        row(officer).update(interactions=count, tips=tips, shared=shared, places=places)
    for officer, people in index.db.execute(
        "SELECT i.officer, count(DISTINCT p.person_key) FROM participants p "
        "JOIN interactions i ON i.id = p.interaction_id WHERE p.ts >= ? AND p.ts < ? "
        "GROUP BY i.officer",
        span,
    ):
        row(officer)["people"] = people
    for officer, opened in index.db.execute(
        "SELECT officer, count(*) FROM concerns WHERE ts >= ? AND ts < ? GROUP BY officer", span
    ):
        row(officer)["concerns_opened"] = opened
    for officer, action, count in index.db.execute(
        "SELECT officer, action, count(DISTINCT concern_id) FROM concern_events e "
        f"WHERE {EFFECTIVE} AND action IN ('resolve', 'report-back') AND ts >= ? AND ts < ? "
        "GROUP BY officer, action",
        span,
    ):
        key = "concerns_resolved" if action == "resolve" else "reported_back"
        row(officer)[key] = count
    return sorted(rows.values(), key=lambda r: (-r["interactions"], r["officer"].casefold()))


def summarise(
    index: Index,
    start: datetime,
    end: datetime,
    *,
    officer: str | None = None,
    now: datetime | None = None,
    week_start: int | None = None,
    team: str | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Everything in the summary of [start, end), in the order it is shown.

    `limit`: the lists of concerns, owed report-backs and follow-ups hold their first
    `limit` rows, each list's `total` (and `list_totals`) counting them all.

    A period that has not ended at `now` (this week) is described as it is so far: states
    and ages at `now`, the days still to come marked as such, and the comparison made with
    the same part of the period before. `week_start` says the period is a week starting
    on that weekday (0 = Monday), for its title.
    """
    # Up to and including the current second: what was just recorded counts.
    cut = min(end, now + timedelta(seconds=1)) if now is not None and now > start else end
    so_far = cut < end
    start_ts, cut_ts = int(start.timestamp()), int(cut.timestamp())
    last_moment = cut - timedelta(seconds=1)
    states = states_at(index, last_moment, only=("open", "resolved"))
    totals = period_counts(index, start_ts, cut_ts)
    totals["concerns_open"] = sum(1 for status in states.values() if status == "open")
    previous = period_before(index, start, end, cut, so_far)

    period_views = interactions(
        index, "i.ts >= ? AND i.ts < ?", (start_ts, cut_ts), order="i.ts, i.seq"
    )
    by_officer = {"team": team, "officers": _per_officer(index, start_ts, cut_ts)} if team else {}
    concerns = concern_sections(index, start_ts, cut_ts, states, last_moment, limit)
    owed = owed_report_backs(index, states, cut_ts, limit)
    due = follow_ups_due(index, states, cut, limit)
    return by_officer | {
        "period": {
            "start": local_date(start).isoformat(),
            "end": local_date(end - timedelta(seconds=1)).isoformat(),
            "start_time": start.isoformat(),
            "end_time": end.isoformat(),
            "so_far": so_far,
            "as_of": cut.isoformat(),
            "week_start": week_start,
        },
        "officer": officer,
        "totals": totals,
        "previous": previous,
        "per_day": _per_day(period_views, start, end, cut if so_far else None),
        "people": _people(index, start_ts, cut_ts),
        "places": _places(index, start_ts, cut_ts),
        "not_visited": _not_visited(index, start_ts, cut_ts),
        "concerns": concerns,
        "owed_report_backs": owed,
        "follow_ups_due": due,
        # How many rows each of those lists has, of which it holds the first `limit`.
        "list_totals": {
            "concerns": {section: rows.total for section, rows in concerns.items()},
            "owed_report_backs": owed.total,
            "follow_ups_due": due.total,
        },
        "kinds": dict(Counter(view.kind for view in period_views).most_common()),
        "tips": [
            {
                "when": view.when.isoformat(),
                "place": view.place,
                "text": tip,
                "people": view.people,
                "from": view.tip_from,
            }
            for view in period_views
            for tip in view.tips
        ],
        "shared": _shared(period_views),
        "not_seen": _not_seen(index, start_ts, cut_ts),
    }


def _per_day(
    views: list[InteractionView], start: datetime, end: datetime, today: datetime | None
) -> list[Any]:
    """Contacts per local day of the period; days after `today` (this week) are to come."""
    counts: Counter[Any] = Counter()
    met: Counter[Any] = Counter()
    kinds: dict[Any, Counter[str]] = defaultdict(Counter)
    for view in views:  # one pass: a busy week holds thousands
        day = local_date(view.when)
        counts[day] += 1
        met[day] += bool(view.people)
        kinds[day][view.kind] += 1
    last = local_date(end - timedelta(seconds=1))
    now_day = local_date(today) if today is not None else last
    days = []
    day = local_date(start)
    while day <= last:
        to_come = day > now_day
        days.append(
            {
                "date": day.isoformat(),
                "weekday": day.strftime("%a"),
                "interactions": None if to_come else counts.get(day, 0),
                "contacts": None if to_come else met.get(day, 0),
                "kinds": {} if to_come else dict(kinds[day].most_common()),
                "to_come": to_come,
            }
        )
        day += timedelta(days=1)
    return days


def _people(index: Index, start: int, end: int) -> list[dict[str, Any]]:
    rows = index.db.execute(
        "SELECT p.person_key, pe.name, pe.role, count(*), "
        "(SELECT min(ts) FROM participants f WHERE f.person_key = p.person_key) "
        "FROM participants p JOIN people pe ON pe.key = p.person_key "
        "WHERE p.ts >= ? AND p.ts < ? GROUP BY p.person_key ORDER BY count(*) DESC, pe.name",
        (start, end),
    ).fetchall()
    where: dict[str, list[str]] = defaultdict(list)
    for key, place in index.db.execute(
        "SELECT p.person_key, pl.name FROM participants p JOIN interactions i "
        "ON i.id = p.interaction_id JOIN places pl ON pl.key = i.place_key "
        "WHERE p.ts >= ? AND p.ts < ? GROUP BY p.person_key, i.place_key "
        "ORDER BY count(*) DESC, max(p.ts) DESC, pl.name",
        (start, end),
    ):
        where[key].append(place)
    return [
        {
            "key": key,
            "name": name,
            "role": role,
            "interactions": count,
            "new": first >= start,
            "places": where.get(key, []),
        }
        for key, name, role, count, first in rows
    ]


def _places(index: Index, start: int, end: int) -> list[dict[str, Any]]:
    met = dict(  # people met at each place in the period (meetings carry their place)
        index.db.execute(
            "SELECT place_key, count(DISTINCT person_key) FROM participants "
            "WHERE ts >= ? AND ts < ? AND place_key IS NOT NULL GROUP BY place_key",
            (start, end),
        ).fetchall()
    )
    rows = index.db.execute(
        "SELECT i.place_key, pl.name, count(*) FROM interactions i "
        "JOIN places pl ON pl.key = i.place_key WHERE i.ts >= ? AND i.ts < ? "
        "GROUP BY i.place_key ORDER BY count(*) DESC, pl.name",
        (start, end),
    ).fetchall()
    return [
        {"name": name, "visits": visits, "people": met.get(key, 0)} for key, name, visits in rows
    ]


def _lookback(start: int) -> int:
    """The start of the four weeks before a period (local days, not 28 x 86,400 s)."""
    return int(add_days(local_date(start), -LOOKBACK_DAYS).timestamp())


def _absent(
    index: Index,
    select: str,
    *,
    ts: str,
    key: str,
    name: str,
    during: str,
    start: int,
    end: int,
) -> list[Any]:
    """Rows of `select` over the four weeks before the period, grouped by `key`, for the
    keys that `during` (a query with the period's bounds) does not list: who or what was
    usual before and missing in the period, longest missed first."""
    return index.db.execute(
        f"{select} WHERE {ts} >= ? AND {ts} < ? AND {key} NOT IN ({during}) "
        f"GROUP BY {key} HAVING count(*) >= ? ORDER BY max({ts}), {name}",
        (_lookback(start), start, start, end, 1 if key.endswith("place_key") else 2),
    ).fetchall()


def _not_visited(index: Index, start: int, end: int) -> list[dict[str, Any]]:
    """Places visited in the four weeks before the period, not visited in it."""
    rows = _absent(
        index,
        "SELECT pl.name, count(*), max(i.ts) FROM interactions i "
        "JOIN places pl ON pl.key = i.place_key",
        ts="i.ts",
        key="i.place_key",
        name="pl.name",
        during="SELECT place_key FROM interactions WHERE ts >= ? AND ts < ? "
        "AND place_key IS NOT NULL",
        start=start,
        end=end,
    )
    return [
        {"name": name, "visits_before": count, "last_visit": ts_to_local(last).isoformat()}
        for name, count, last in rows
    ]


def _shared(views: list[InteractionView]) -> list[dict[str, Any]]:
    reached: dict[str, set[str]] = defaultdict(set)
    times: Counter[str] = Counter()
    for view in views:
        for item in view.shared:
            times[item] += 1
            reached[item].update(view.people)
    return [
        {"text": text, "times": count, "people_reached": len(reached[text])}
        for text, count in times.most_common()
    ]


def _not_seen(index: Index, start: int, end: int) -> list[dict[str, Any]]:
    """Regulars (met at least twice in the four weeks before) not met in the period."""
    rows = _absent(
        index,
        "SELECT p.person_key, pe.name, pe.role, count(*), max(p.ts) FROM participants p "
        "JOIN people pe ON pe.key = p.person_key",
        ts="p.ts",
        key="p.person_key",
        name="pe.name",
        during="SELECT person_key FROM participants WHERE ts >= ? AND ts < ?",
        start=start,
        end=end,
    )
    usual = usual_places(index, [row[0] for row in rows])
    return [
        {
            "key": key,
            "name": name,
            "role": role,
            "times_before": count,
            "last_met": ts_to_local(last).isoformat(),
            "usually_at": usual.get(key, (name, None))[1],
        }
        for key, name, role, count, last in rows
    ]


def public(summary: dict[str, Any]) -> dict[str, Any]:
    """The JSON form: internal keys removed."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k != "key"}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    result: dict[str, Any] = clean(summary)
    return result
