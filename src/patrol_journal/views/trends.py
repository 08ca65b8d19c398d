"""Is trust growing? A row per week or month of what the officer's contact with the beat
came to: contacts, people, places covered, and what became of the concerns raised.

Each period is as it was at its end (the summary's rule): a concern open at the end of a
week counts as open that week whatever happened later. Interactions are as corrected.
One pass over each table, whatever the number of periods: rows are put in their period
by their time.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from datetime import datetime
from typing import Any

from patrol_journal.index.store import Index
from patrol_journal.vocab import KINDS

KEPT_DAYS = 28  # a person met again within four weeks is a regular kept
DAY = 86400

# The measures of a period, in the order every format gives them.
MEASURES = (
    "interactions", "people", "new_people", "regulars_kept", "places", "places_of_beat",
    "tips", "shared", "concerns_raised", "concerns_resolved", "concerns_reported_back",
    "concerns_open", "median_days_to_resolve", "p90_days_to_resolve",
    "median_days_to_report_back", "report_back_rate", "reopen_rate", "overdue_follow_ups",
)  # fmt: skip


class _Periods:
    """The periods' bounds, and which one a moment falls in."""

    def __init__(self, bounds: list[tuple[datetime, datetime]], now: datetime | None) -> None:
        self.starts = [int(start.timestamp()) for start, _ in bounds]
        self.ends = [int(end.timestamp()) for _, end in bounds]
        self.first, self.last = self.starts[0], self.ends[-1]
        # The moment each period is taken as it was: its end, or now for the one not over.
        limit = int(now.timestamp()) if now is not None else self.last
        self.as_of = [min(end, limit) for end in self.ends]

    def of(self, ts: int) -> int | None:
        if ts < self.first or ts >= self.last:
            return None
        return bisect_right(self.starts, ts) - 1


def _empty(start: datetime, end: datetime) -> dict[str, Any]:
    row: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat()}
    row |= dict.fromkeys(MEASURES, 0)
    row["kinds"] = dict.fromkeys(KINDS, 0)
    return row


def _with_periods(periods: _Periods) -> tuple[str, list[int]]:
    """A `WITH periods(n, start, end)` clause of the periods' bounds, and its parameters:
    SQLite then puts each row in its period itself, by its time (with the index on it)."""
    marks = ", ".join("(?, ?, ?)" for _ in periods.starts)
    params = [
        value
        for number, (start, end) in enumerate(zip(periods.starts, periods.ends, strict=True))
        for value in (number, start, end)
    ]
    return f"WITH periods(n, start, end) AS (VALUES {marks}) ", params


def _contacts(
    index: Index, rows: list[dict[str, Any]], periods: _Periods, where: str, params: tuple[Any, ...]
) -> None:
    """Contacts, kinds, tips, shared information and places covered, period by period;
    the places of the beat: every place visited before the period's end."""
    with_periods, bounds = _with_periods(periods)
    kinds = sorted(KINDS)  # a column each: one pass, grouped by period alone
    each_kind = "".join(f", sum(i.kind = '{kind}')" for kind in kinds)
    for number, count, tips, shared, places, *by_kind in index.db.execute(
        f"{with_periods}SELECT p.n, count(*), sum(i.n_tips), sum(i.n_shared), "
        f"count(DISTINCT i.place_key){each_kind} "
        "FROM periods p JOIN interactions i ON i.ts >= p.start AND i.ts < p.end "
        f"WHERE 1{where} GROUP BY p.n",
        (*bounds, *params),
    ):
        row = rows[number]
        row["interactions"] += count
        row["kinds"] |= {kind: n for kind, n in zip(kinds, by_kind, strict=True) if n}
        row["tips"] += tips
        row["shared"] += shared
        row["places"] = places
    firsts = sorted(
        first
        for (first,) in index.db.execute(
            "SELECT min(ts) FROM interactions i WHERE i.place_key IS NOT NULL "
            f"{where} GROUP BY i.place_key",
            params,
        )
    )
    for number, row in enumerate(rows):
        row["places_of_beat"] = bisect_right(firsts, periods.ends[number] - 1)


def _people(
    index: Index, rows: list[dict[str, Any]], periods: _Periods, where: str, params: tuple[Any, ...]
) -> None:
    """People met, people met for the first time, and regulars kept: people met again
    within four weeks of the meeting before. One pass over the meetings, in time order."""
    met: list[set[str]] = [set() for _ in rows]
    new = [0] * len(rows)
    kept: list[set[str]] = [set() for _ in rows]
    starts, first, last = periods.starts, periods.first, periods.last
    window = KEPT_DAYS * DAY
    filters = where.replace("i.", "pa.")
    previous: dict[str, int] = dict(  # each person's last meeting before the first period
        index.db.execute(
            f"SELECT pa.person_key, max(pa.ts) FROM participants pa WHERE pa.ts < ?{filters} "
            "GROUP BY pa.person_key",
            (first, *params),
        ).fetchall()
    )
    meetings = index.db.execute(
        f"SELECT pa.person_key, pa.ts FROM participants pa WHERE pa.ts >= ? AND pa.ts < ?"
        f"{filters} ORDER BY pa.ts",
        (first, last, *params),
    ).fetchall()
    for person, ts in meetings:
        before = previous.get(person)
        previous[person] = ts
        number = bisect_right(starts, ts) - 1
        met[number].add(person)
        if before is None:
            new[number] += 1
        elif ts - before <= window:
            kept[number].add(person)
    for number, row in enumerate(rows):
        row["people"], row["new_people"] = len(met[number]), new[number]
        row["regulars_kept"] = len(kept[number])


def _days(value: float | None) -> float | None:
    """Days to a tenth (from the exact durations: never a median of rounded ones)."""
    return round(value, 1) if value is not None else None


def _percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value at least `share` of them reach."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _concerns(
    index: Index, rows: list[dict[str, Any]], periods: _Periods, where: str, params: tuple[Any, ...]
) -> None:
    """What became of the concerns: raised, resolved, reported back, reopened in each
    period, how long resolving and reporting back took, and at each period's end the
    open ones and the open ones with a follow-up overdue (each concern as it was then)."""
    # A concern's steps fold raise first, then in time order (`lifecycle`): a step dated
    # before its raise (the interaction it was raised in moved later by a correction)
    # still counts where it happened, and the concern counts as open once raised.
    # Only the concerns that can count: touched from the first period on, or open now (a
    # concern closed before it and never touched since is closed all through).
    where += " AND (c.last_ts >= ? OR c.status = 'open')"
    params = (*params, periods.first)
    raised_at = dict(
        index.db.execute(f"SELECT c.id, c.ts FROM concerns c WHERE 1{where}", params).fetchall()
    )
    status: dict[str, str] = {}  # after its latest opening or closing step so far
    due: dict[str, int] = {}
    raised: set[str] = set()
    took: list[dict[str, list[float]]] = [{"resolve": [], "report-back": []} for _ in rows]
    reopened = [0] * len(rows)
    boundary = 0

    open_now: set[str] = set()  # raised, and open after their latest step so far

    def close_periods(until: int) -> None:
        nonlocal boundary
        while boundary < len(rows) and periods.ends[boundary] <= until:
            end = periods.as_of[boundary]
            rows[boundary]["concerns_open"] = len(open_now)
            rows[boundary]["overdue_follow_ups"] = sum(
                1 for c, due_ts in due.items() if due_ts < end and c in open_now
            )
            boundary += 1

    for concern, action, ts, due_ts in index.db.execute(
        "SELECT e.concern_id, e.action, e.ts, e.due_ts FROM concern_events e JOIN concerns c "
        f"ON c.id = e.concern_id WHERE e.ts < ?{where} "
        "ORDER BY e.ts, e.action != 'raise', e.seq",
        (periods.last, *params),
    ):
        close_periods(ts)
        number = periods.of(ts)
        if concern not in raised_at or action == "amend":
            continue
        _follow(concern, action, due_ts, raised, status, open_now, due)
        if number is None:
            continue
        row = rows[number]
        if action == "raise":
            row["concerns_raised"] += 1
        elif action == "resolve":
            row["concerns_resolved"] += 1
            took[number]["resolve"].append(max(0, ts - raised_at[concern]) / DAY)
        elif action == "report-back":
            row["concerns_reported_back"] += 1
            took[number]["report-back"].append(max(0, ts - raised_at[concern]) / DAY)
        elif action == "reopen":
            reopened[number] += 1
    close_periods(periods.last)
    _rates(rows, took, reopened)


def _follow(
    concern: str,
    action: str,
    due_ts: int | None,
    raised: set[str],
    status: dict[str, str],
    open_now: set[str],
    due: dict[str, int],
) -> None:
    """One step of a concern, in time order: whether it is raised and open after it, and
    when its follow-up is due."""
    if action == "raise":
        raised.add(concern)
        if status.get(concern, "open") == "open":
            open_now.add(concern)
        if due_ts is not None and concern not in due:
            due[concern] = due_ts  # a later step's follow-up comes after it
    elif action in ("resolve", "report-back"):
        status[concern] = "resolved" if action == "resolve" else "reported-back"
        open_now.discard(concern)
        due.pop(concern, None)
    elif action == "reopen":
        status[concern] = "open"
        if concern in raised:
            open_now.add(concern)
    if due_ts is not None and action not in ("raise", "resolve", "report-back"):
        due[concern] = due_ts


def _rates(
    rows: list[dict[str, Any]], took: list[dict[str, list[float]]], reopened: list[int]
) -> None:
    """How long resolving and reporting back took, and the rates of the resolved."""
    for number, row in enumerate(rows):
        resolving, reporting = took[number]["resolve"], took[number]["report-back"]
        row["median_days_to_resolve"] = _days(statistics.median(resolving) if resolving else None)
        row["p90_days_to_resolve"] = _days(_percentile(resolving, 0.9))
        row["median_days_to_report_back"] = _days(
            statistics.median(reporting) if reporting else None
        )
        resolved = row["concerns_resolved"]
        row["report_back_rate"] = (
            round(row["concerns_reported_back"] / resolved, 3) if resolved else None
        )
        row["reopen_rate"] = round(reopened[number] / resolved, 3) if resolved else None


def trends(
    index: Index,
    bounds: list[tuple[datetime, datetime]],
    *,
    by: str,
    now: datetime | None = None,
    place_key: str | None = None,
    officer: str | None = None,
) -> dict[str, Any]:
    """A row per period (`bounds`, from `calendar.trend_periods`): every measure of
    `MEASURES`, and contacts by kind; of one place, or one officer of a team, if given.
    The period `now` falls in is taken as it is at `now`."""
    periods = _Periods(bounds, now)
    rows = [_empty(start, end) for start, end in bounds]
    where = ""
    params: tuple[Any, ...] = ()
    if place_key is not None:
        where, params = " AND i.place_key = ?", (place_key,)
    if officer is not None:
        where, params = where + " AND i.officer = ?", (*params, officer)
    _contacts(index, rows, periods, where, params)
    _people(index, rows, periods, where, params)
    concern_where = where.replace("i.", "c.")
    _concerns(index, rows, periods, concern_where, params)
    for number, row in enumerate(rows):  # the period not over yet: as it is so far
        row["partial"] = periods.as_of[number] < periods.ends[number]
    return {"by": by, "periods": [_ordered(row) for row in rows]}


def _ordered(row: dict[str, Any]) -> dict[str, Any]:
    """A period's keys in the order of the JSON: its bounds, the contacts, their kinds,
    what came of them."""
    first = {key: row[key] for key in ("start", "end", "partial", *MEASURES[:6])}
    return first | {"kinds": row["kinds"]} | {key: row[key] for key in MEASURES[6:]}


def team_trends(
    index: Index,
    bounds: list[tuple[datetime, datetime]],
    *,
    by: str,
    now: datetime | None,
    place_key: str | None,
) -> dict[str, Any]:
    """A team's trends: in total, and officer by officer."""
    found = trends(index, bounds, by=by, now=now, place_key=place_key)
    officers = [
        row[0] for row in index.db.execute("SELECT DISTINCT officer FROM interactions ORDER BY 1")
    ]
    found["officers"] = {
        officer: trends(index, bounds, by=by, now=now, place_key=place_key, officer=officer)[
            "periods"
        ]
        for officer in officers
    }
    return found
