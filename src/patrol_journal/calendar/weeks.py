"""Weeks and periods: ISO weeks, weeks starting on another day, the summary's period."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from patrol_journal.calendar.zone import (
    _ISO_WEEK,
    add_days,
    check_in_range,
    local_date,
    localize,
    start_of_day,
    to_local,
)
from patrol_journal.errors import UsageError

# --------------------------------------------------------------------------- weeks


def period_for_week(start_day: date) -> tuple[datetime, datetime]:
    """[start_day 00:00, start_day + 7 days 00:00) in local time: 167, 168 or 169 hours."""
    return start_of_day(start_day), add_days(start_day, 7)


def week_containing(moment: datetime, week_start: int = 0) -> tuple[datetime, datetime]:
    """The week (starting on weekday `week_start`, 0 = Monday) that contains `moment`."""
    today = local_date(moment)
    return period_for_week(today - timedelta(days=(today.weekday() - week_start) % 7))


def parse_week(text: str, now: datetime, week_start: int = 0) -> tuple[datetime, datetime]:
    """`this`, `last` (weeks starting on weekday `week_start`, 0 = Monday) or an ISO week
    like `2026-W47` (always Monday to Sunday) -> [first day 00:00, a week later 00:00)."""
    phrase = text.strip().lower()
    if phrase in ("this", "current", "last", "previous"):
        start, end = week_containing(now, week_start)
        if phrase in ("last", "previous"):
            return period_for_week(local_date(start) - timedelta(days=7))
        return start, end
    match = re.match(_ISO_WEEK, phrase, re.I)
    if not match:
        raise UsageError(f"'{text}' is not a week: use this, last or an ISO week like 2026-W47")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise UsageError(f"'{text}' is not a week of {year}") from None
    check_in_range(monday, f"the week '{text}'")
    check_in_range(monday + timedelta(days=6), f"the week '{text}'")
    return period_for_week(monday)


def summary_period(
    now: datetime,
    *,
    week: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    week_start: int = 0,
) -> tuple[datetime, datetime]:
    """The period a summary covers: a week, or [since, until) (a week before `until`
    when only that is given, up to now when only `since` is)."""
    if week is not None and (since is not None or until is not None):
        raise UsageError("give either --week or --since/--until, not both")
    if since is None and until is None:
        return parse_week(week or "this", now, week_start)
    end = until or now
    start = since or add_days(local_date(end), -7)
    if start >= end:
        raise UsageError("--since must be before --until")
    if (local_date(end) - local_date(start)).days > 366:
        raise UsageError("a summary covers at most a year; give a shorter --since/--until")
    return start, end


def trend_periods(
    since: datetime, until: datetime, by: str, week_start: int = 0
) -> list[tuple[datetime, datetime]]:
    """The weeks (starting on weekday `week_start`) or calendar months, in local time, from
    the one holding `since` to the one holding the moment before `until`."""
    if since >= until:
        raise UsageError("--since must be before --until")
    if by == "week":
        start = week_containing(since, week_start)[0]
    else:
        first = local_date(since)
        start = start_of_day(first.replace(day=1))
    found: list[tuple[datetime, datetime]] = []
    while start < until:
        day = local_date(start)
        if by == "week":
            end = add_days(day, 7)
        else:
            following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
            end = start_of_day(following)
        found.append((start, end))
        start = end
    return found


def shift_days(moment: datetime, days: int) -> datetime:
    """The same local wall time `days` calendar days later (earlier if negative): a week
    before Monday 00:00 is the Monday before at 00:00, whatever the clocks did between."""
    wall = to_local(moment).replace(tzinfo=None) + timedelta(days=days)
    return localize(wall, strict=False)
