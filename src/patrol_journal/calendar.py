"""WHEN text -> an aware datetime. ISO 8601 first; everyday phrases only when needed.

A time without an offset is local time, and local time honours `TZ`. The phrase parser
(parsedatetime) is imported only when the text is not ISO, which keeps `pj log` fast.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from patrol_journal.errors import UsageError

Prefer = Literal["past", "future"]


# Patterns are compiled on first use (and cached by `re`): `pj log` often needs none.
_WEEKDAY = r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|sday|nesday|rsday|urday)?\b"


_EXPLICIT_DIRECTION = r"\b(next|last|this|ago|in|tomorrow|yesterday|today)\b"


_FILLER = r"^[\s,]*(at|on)?[\s,]*$"


_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


_ISO_HINT = r"^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}.*)?$"


_ISO_WEEK = r"^(\d{4})-?W(\d{2})$"


EXAMPLES = "e.g. 2026-11-20, '2026-11-20 14:30', 'yesterday 15:00', '2 hours ago', 'monday 9am'"


def local_zone() -> tzinfo:
    """The local time zone now, honouring a `TZ` set after start-up."""
    time.tzset()
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def localize(naive: datetime) -> datetime:
    """Attach the local offset that applies at that wall-clock time (DST-aware)."""
    time.tzset()
    return naive.astimezone()


def now_local() -> datetime:
    """The current time, aware, in local time, to the second."""
    time.tzset()
    return datetime.now().astimezone().replace(microsecond=0)


def parse_when(text: str, now: datetime, *, prefer: Prefer = "past") -> datetime:
    """Parse WHEN text relative to `now`; raise `UsageError` naming the text if it fails.

    `prefer` decides a bare weekday: `monday 9am` in a log means the last Monday,
    in a `--due` the next one.
    """
    phrase = " ".join(text.split())
    if not phrase:
        raise UsageError(f"empty time: give a date or phrase, {EXAMPLES}")
    iso = _parse_iso(phrase)
    if iso is not None:
        return iso
    if re.match(_ISO_HINT, phrase):
        raise UsageError(f"'{phrase}' is not a valid date or time ({EXAMPLES})")
    return _parse_phrase(phrase, now, prefer)


def parse_date_bound(text: str, now: datetime, *, end: bool) -> datetime:
    """A `--since`/`--until` bound. A bare date means the start (or, with `end`, the
    end) of that local day, so `--until 2026-11-20` includes all of the 20th."""
    phrase = " ".join(text.split())
    if re.match(_ISO_DATE, phrase):
        try:
            day = date.fromisoformat(phrase)
        except ValueError:
            raise UsageError(f"'{phrase}' is not a valid date ({EXAMPLES})") from None
        if end:
            day += timedelta(days=1)
        return localize(datetime(day.year, day.month, day.day))
    return parse_when(phrase, now)


def _parse_iso(phrase: str) -> datetime | None:
    candidate = phrase
    if candidate[-1:] in "zZ":
        candidate = candidate[:-1] + "+00:00"
    try:
        if re.match(_ISO_DATE, candidate):
            parsed = datetime.combine(date.fromisoformat(candidate), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = localize(parsed)
    return parsed.replace(microsecond=0)


def _parse_phrase(phrase: str, now: datetime, prefer: Prefer) -> datetime:
    import parsedatetime

    calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
    local_now = now.astimezone(local_zone()).replace(tzinfo=None)
    found = calendar.nlp(phrase, sourceTime=local_now)
    if not found:
        raise UsageError(f"cannot understand the time '{phrase}' ({EXAMPLES})")
    # Every word must belong to a recognised date or time: 'yesterday foo' is refused.
    leftover = phrase
    for *_unused, matched in found:
        leftover = leftover.replace(matched, " ", 1)
    if not re.match(_FILLER, leftover, re.I):
        raise UsageError(
            f"cannot understand '{' '.join(leftover.split())}' in the time '{phrase}' ({EXAMPLES})"
        )
    parsed, context = calendar.parseDT(phrase, sourceTime=local_now)
    if not context.accuracy or any(not item[1].accuracy for item in found):
        raise UsageError(f"cannot understand the time '{phrase}' ({EXAMPLES})")
    if re.search(_WEEKDAY, phrase, re.I) and not re.search(_EXPLICIT_DIRECTION, phrase, re.I):
        if prefer == "past" and parsed > local_now:
            parsed -= timedelta(days=7)
        elif prefer == "future" and parsed < local_now:
            parsed += timedelta(days=7)
    return localize(parsed.replace(microsecond=0))


def parse_week(text: str, now: datetime, week_start: int = 0) -> tuple[datetime, datetime]:
    """`this`, `last` (weeks starting on weekday `week_start`, 0 = Monday) or an ISO week
    like `2026-W47` (always Monday to Sunday) -> [first day 00:00, a week later 00:00)."""
    phrase = text.strip().lower()
    if phrase in ("this", "current", "last", "previous"):
        start, _end = week_containing(now, week_start)
        if phrase in ("last", "previous"):
            return period_for_week(start.date() - timedelta(days=7))
        return start, _end
    match = re.match(_ISO_WEEK, phrase, re.I)
    if not match:
        raise UsageError(f"'{text}' is not a week: use this, last or an ISO week like 2026-W47")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise UsageError(f"'{text}' is not a week of {year}") from None
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
    start = since or end - timedelta(days=7)
    if start >= end:
        raise UsageError("--since must be before --until")
    return start, end


def ts_to_local(ts: int) -> datetime:

    return datetime.fromtimestamp(ts, local_zone())


def day_cutoff(now: datetime, days: int) -> int:
    """The first moment of the local day `days - 1` days before today: whoever was last met
    before it was last met `days` or more calendar days ago."""

    today = now.astimezone(local_zone()).date()
    first = today - timedelta(days=days - 1)
    return int(localize(datetime(first.year, first.month, first.day)).timestamp())


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


def period_for_week(start_day: date) -> tuple[datetime, datetime]:
    """[start_day 00:00, start_day + 7 days 00:00) in local time."""
    end_day = start_day + timedelta(days=7)
    return (
        localize(datetime(start_day.year, start_day.month, start_day.day)),
        localize(datetime(end_day.year, end_day.month, end_day.day)),
    )


def week_containing(moment: datetime, week_start: int = 0) -> tuple[datetime, datetime]:
    """The week (starting on weekday `week_start`, 0 = Monday) that contains `moment`."""
    today = moment.astimezone(local_zone()).date()
    return period_for_week(today - timedelta(days=(today.weekday() - week_start) % 7))


def local_text(moment: datetime | str) -> str:
    """A stored time as the officer reads it: local date and time to the minute."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")
