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
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from itertools import compress, repeat
from operator import le, sub
from typing import Any

from patrol_journal.index.store import Index
from patrol_journal.vocab import KINDS

KEPT_DAYS = 28  # a person met again within four weeks is a regular kept
DAY = 86400
NEVER = -(10**18)  # the meeting before a person's first: long before any

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


def _empty(start: datetime, end: datetime) -> dict[str, Any]:
    row: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat()}
    row |= dict.fromkeys(MEASURES, 0)
    row["kinds"] = dict.fromkeys(KINDS, 0)
    return row


def _contacts(
    index: Index, rows: list[dict[str, Any]], periods: _Periods, where: str, params: tuple[Any, ...]
) -> None:
    """Contacts, kinds, tips, shared information and places covered, period by period;
    the places of the beat: every place visited before the period's end."""
    kinds = sorted(KINDS)  # a column each, counted with a filter: one range scan a period
    each_kind = "".join(f", count(*) FILTER (WHERE i.kind = '{kind}')" for kind in kinds)
    counting = (
        "SELECT count(*), coalesce(sum(i.n_tips), 0), coalesce(sum(i.n_shared), 0), "
        f"count(DISTINCT i.place_key){each_kind} FROM interactions i "
        f"WHERE i.ts >= ? AND i.ts < ?{where}"
    )
    for row, start, end in zip(rows, periods.starts, periods.ends, strict=True):
        count, tips, shared, places, *by_kind = index.db.execute(
            counting, (start, end, *params)
        ).fetchone()
        row["interactions"] += count
        row["kinds"] |= {kind: n for kind, n in zip(kinds, by_kind, strict=True) if n}
        row["tips"] += tips
        row["shared"] += shared
        row["places"] = places
    firsts = sorted(  # each place's first visit, from the totals kept by place
        first
        for (first,) in index.db.execute(
            f"SELECT min(i.first_ts) FROM place_totals i WHERE i.n > 0{where} GROUP BY i.place_key",
            params,
        )
    )
    for number, row in enumerate(rows):
        row["places_of_beat"] = bisect_right(firsts, periods.ends[number] - 1)


def _people(
    index: Index, rows: list[dict[str, Any]], periods: _Periods, where: str, params: tuple[Any, ...]
) -> None:
    """People met, people met for the first time, and regulars kept: people met again
    within four weeks of the meeting before. A person at a time, with their meetings in
    time order: the work is in C (`map`, `compress`, `Counter`), not a step a meeting."""
    starts, first, last = periods.starts, periods.first, periods.last
    filters = where.replace("i.", "pa.")
    previous = _met_before(index, first, filters, params)
    met: Counter[int] = Counter()  # by period number, counted from 1
    new: Counter[int] = Counter()
    kept: Counter[int] = Counter()
    window = repeat(KEPT_DAYS * DAY)
    for person, joined in index.db.execute(
        f"SELECT pa.person_key, group_concat(pa.ts) FROM participants pa "
        f"WHERE {_by_person(index, periods)}{filters} "
        "GROUP BY pa.person_key",
        (first, last, *params),
    ):
        times = sorted(map(int, joined.split(",")))
        numbers = list(map(bisect_right, repeat(starts), times))
        met.update(set(numbers))
        before = previous.get(person)
        if before is None:
            new[numbers[0]] += 1
            before = NEVER
        gaps = map(sub, times, [before, *times[:-1]])
        kept.update(set(compress(numbers, map(le, gaps, window))))
    for number, row in enumerate(rows, 1):
        row["people"], row["new_people"] = met[number], new[number]
        row["regulars_kept"] = kept[number]


def _met_before(index: Index, first: int, filters: str, params: tuple[Any, ...]) -> dict[str, int]:
    """Each person's last meeting before `first`. Of everyone, a seek a person along the
    index by person (everyone met is in `people`); of a place or an officer, one pass."""
    if not filters:
        return {
            key: ts
            for key, ts in index.db.execute(
                "SELECT pe.key, (SELECT max(pa.ts) FROM participants pa "
                "WHERE pa.person_key = pe.key AND pa.ts < ?) FROM people pe",
                (first,),
            )
            if ts is not None
        }
    return dict(
        index.db.execute(
            f"SELECT pa.person_key, max(pa.ts) FROM participants pa WHERE pa.ts < ?{filters} "
            "GROUP BY pa.person_key",
            (first, *params),
        ).fetchall()
    )


def _by_person(index: Index, periods: _Periods) -> str:
    """How to read the meetings of the periods a person at a time: over most of the
    journal, along the index by person (no sorting; `+` keeps SQLite off the index by
    time); over a short stretch, by time (its few meetings then grouped)."""
    earliest, latest = index.db.execute(  # each an end of the index by time
        "SELECT (SELECT min(ts) FROM participants), (SELECT max(ts) FROM participants)"
    ).fetchone()
    if earliest is None or (periods.last - periods.first) * 4 < latest - earliest:
        return "pa.ts >= ? AND pa.ts < ?"
    return "+pa.ts >= ? AND +pa.ts < ?"


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
    # Only the concerns that can count: touched from the first period on, or open now (a
    # concern closed before it and never touched since is closed all through).
    where += " AND (c.last_ts >= ? OR c.status = 'open')"
    params = (*params, periods.first)
    raised_at = dict(
        index.db.execute(f"SELECT c.id, c.ts FROM concerns c WHERE 1{where}", params).fetchall()
    )
    steps = index.db.execute(
        "SELECT e.concern_id, e.action, e.ts, e.due_ts FROM concern_events e "
        f"WHERE e.ts < ? AND e.concern_id IN (SELECT c.id FROM concerns c WHERE 1{where}) "
        "ORDER BY e.ts, e.action != 'raise', e.seq",
        (periods.last, *params),
    )
    _Fold(rows, periods).run(steps, raised_at)


class _Fold:
    """The concerns' steps folded in time order, period by period.

    A concern's steps fold raise first, then in time order (`lifecycle`): a step dated
    before its raise (the interaction it was raised in moved later by a correction) still
    counts where it happened, and the concern counts as open once raised.
    """

    def __init__(self, rows: list[dict[str, Any]], periods: _Periods) -> None:
        self.rows, self.periods = rows, periods
        self.open_now: set[str] = set()  # raised, and open after their latest step so far
        self.due: dict[str, int] = {}  # when an open concern's follow-up is due
        self.boundary = 0  # the first period not yet over

    def close(self, until: int) -> int:
        """Take each period ended by `until` as it was; the end of the next one."""
        periods, open_now = self.periods, self.open_now
        while self.boundary < len(self.rows) and periods.ends[self.boundary] <= until:
            end = periods.as_of[self.boundary]
            self.rows[self.boundary]["concerns_open"] = len(open_now)
            self.rows[self.boundary]["overdue_follow_ups"] = sum(
                1 for c, due_ts in self.due.items() if due_ts < end and c in open_now
            )
            self.boundary += 1
        return periods.ends[self.boundary] if self.boundary < len(self.rows) else periods.last

    def run(
        self, steps: Iterable[tuple[str, str, int, int | None]], raised_at: dict[str, int]
    ) -> None:
        """Fold the steps (in time order), counting those in a period where they happened."""
        open_now, due, first = self.open_now, self.due, self.periods.first
        raised: set[str] = set()
        closed: set[str] = set()  # after its latest opening or closing step so far
        counted = [Counter[str]() for _ in self.rows]
        took: list[dict[str, list[float]]] = [{"resolve": [], "report-back": []} for _ in self.rows]
        upcoming = self.close(first)
        for concern, action, ts, due_ts in steps:
            if ts >= upcoming:
                upcoming = self.close(ts)
            if action == "raise":
                raised.add(concern)
                if concern not in closed:
                    open_now.add(concern)
                if due_ts is not None and concern not in due:
                    due[concern] = due_ts  # a later step's follow-up comes after it
            elif action == "resolve" or action == "report-back":
                closed.add(concern)
                open_now.discard(concern)
                due.pop(concern, None)
                if ts >= first:
                    took[self.boundary][action].append(max(0, ts - raised_at[concern]) / DAY)
            elif action == "amend":
                continue
            else:
                if action == "reopen":
                    closed.discard(concern)
                    if concern in raised:
                        open_now.add(concern)
                if due_ts is not None:
                    due[concern] = due_ts
            if ts >= first:  # the steps end before the last period does
                counted[self.boundary][action] += 1
        self.close(self.periods.last)
        for row, count in zip(self.rows, counted, strict=True):
            row["concerns_raised"] = count["raise"]
            row["concerns_resolved"] = count["resolve"]
            row["concerns_reported_back"] = count["report-back"]
        _rates(self.rows, took, [count["reopen"] for count in counted])


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
