"""Every rule about time, in one place: the officer's zone, WHEN text, days, weeks, periods.

Times are stored with their UTC offset. Local time is the officer's IANA zone (`TZ`, else
the system's), and every stored time is shown with the rules in force at its own instant
(`zoneinfo`), never with the offset in force today. A wall time without an offset that
happens twice (clocks going back) or never (clocks going forward) is refused with the
offsets to choose from. Days and weeks are local calendar dates: a day boundary is the
first instant of a local date, never "86,400 seconds later".

ISO 8601 is parsed first; everyday phrases go to parsedatetime, imported only then, which
keeps `pj log` fast.
"""

from __future__ import annotations

import functools
import os
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal

from patrol_journal.errors import UsageError
from patrol_journal.vocab import EARLIEST, LATEST

Prefer = Literal["past", "future"]

RANGE_TEXT = f"{EARLIEST} to {LATEST}"
# How far ahead of the clock a WHEN may be: a watch a few minutes fast is not the future.
FUTURE_SLACK = timedelta(minutes=5)

# Patterns are compiled on first use (and cached by `re`): `pj log` often needs none.
_WEEKDAY = r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|sday|nesday|rsday|urday)?\b"
_EXPLICIT_DIRECTION = r"\b(next|last|this|ago|in|tomorrow|yesterday|today)\b"
_FILLER = r"^[\s,]*(at|on)?[\s,]*$"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_ISO_HINT = r"^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}.*)?$"
_ISO_WEEK = r"^(\d{4})-?W(\d{2})$"
_AGO = r"^(\d+)\s*(minutes?|mins?|hours?|hrs?)\s+ago$"

EXAMPLES = "e.g. 2026-11-20, '2026-11-20 14:30', 'yesterday 15:00', '2 hours ago', 'monday 9am'"


# --------------------------------------------------------------------------- the zone


def zone() -> tzinfo:
    """The officer's time zone: `TZ` (an IANA name such as Europe/London), else the
    system's (/etc/localtime). Read on every call, so a `TZ` set later is honoured."""
    return _zone_for(os.environ.get("TZ"))


@functools.cache
def _zone_for(setting: str | None) -> tzinfo:
    from zoneinfo import ZoneInfo

    if setting is None:
        try:
            with open("/etc/localtime", "rb") as handle:
                return ZoneInfo.from_file(handle, key="localtime")
        except (OSError, ValueError):
            return UTC
    name = setting.lstrip(":")
    if name in ("", "UTC", "UTC0", "GMT"):
        return UTC
    try:
        if name.startswith("/"):
            with open(name, "rb") as handle:
                return ZoneInfo.from_file(handle, key=name)
        return ZoneInfo(name)
    except (OSError, ValueError):
        raise UsageError(
            f"TZ={setting!r} is not a time zone pj knows; set TZ to an IANA name such as "
            "Europe/London or America/New_York (or unset it to use the system's)"
        ) from None


def zone_name() -> str:
    """The zone as the officer would name it, for messages."""
    key = getattr(zone(), "key", None)
    return key if key and key != "localtime" else "the local time zone"


def now_local() -> datetime:
    """The current time in the officer's zone, to the second."""
    return datetime.now(zone()).replace(microsecond=0)


def to_local(moment: datetime) -> datetime:
    """A stored time in the officer's zone, by the rules in force at that instant."""
    return moment.astimezone(zone())


def ts_to_local(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, zone())


def local_iso(ts: int | None) -> str | None:
    """A Unix time as an ISO 8601 string in local time (None stays None)."""
    return None if ts is None else ts_to_local(ts).isoformat()


def local_date(moment: datetime | int) -> date:
    """The local calendar date of an instant (a datetime or a Unix time)."""
    if isinstance(moment, int):
        return ts_to_local(moment).date()
    return to_local(moment).date()


def offset_text(moment: datetime) -> str:
    """The UTC offset of an aware time as ISO 8601 writes it: +01:00, -04:00, +10:30."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def localize(naive: datetime, *, strict: bool = True) -> datetime:
    """A wall-clock time in the officer's zone, with the offset in force at that time.

    `strict` refuses a wall time that happens twice (the clocks went back) or never (they
    went forward), naming the offsets. Day boundaries use `strict=False`: the earlier of
    two, or the first instant after a gap.
    """
    here = zone()
    early = naive.replace(tzinfo=here, fold=0)
    late = naive.replace(tzinfo=here, fold=1)
    if early.utcoffset() == late.utcoffset():
        return early.replace(fold=0)
    exists = early.astimezone(UTC).astimezone(here).replace(tzinfo=None) == naive
    if not strict:
        return early.astimezone(UTC).astimezone(here)
    wall = f"{naive:%Y-%m-%d %H:%M}"
    if exists:
        raise UsageError(
            f"{wall} happens twice in {zone_name()} (the clocks went back that night): "
            f"write '{wall}{offset_text(early)}' for the first time or "
            f"'{wall}{offset_text(late)}' for the second"
        )
    before, after = early.utcoffset() or timedelta(0), late.utcoffset() or timedelta(0)
    jump = int((after - before).total_seconds()) // 60
    raise UsageError(
        f"{wall} does not exist in {zone_name()}: the clocks went forward {_minutes(jump)} "
        f"that night (from {offset_text(early)} to {offset_text(late)}); give a time "
        "before or after the change"
    )


def _minutes(count: int) -> str:
    count = abs(count)
    if count % 60 == 0:
        hours = count // 60
        return "an hour" if hours == 1 else f"{hours} hours"
    return f"{count} minutes"


# --------------------------------------------------------------------------- days


def start_of_day(day: date) -> datetime:
    """The first instant of a local calendar date (after a gap, if midnight has none)."""
    return localize(datetime(day.year, day.month, day.day), strict=False)


def add_days(day: date, days: int) -> datetime:
    """The start of the local date `days` after (or before) `day`."""
    return start_of_day(day + timedelta(days=days))


def days_between(earlier: datetime | int, later: datetime | int) -> int:
    """Calendar days from one instant to another, in local dates: met yesterday at 21:30
    is 1 day ago this morning. Never negative."""
    return max(0, (local_date(later) - local_date(earlier)).days)


def day_cutoff(now: datetime, days: int) -> int:
    """The first moment of the local day `days - 1` days before today: whoever was last met
    before it was last met `days` or more calendar days ago."""
    return int(add_days(local_date(now), -(days - 1)).timestamp())


_PARTS_OF_DAY = (
    ("night", 0, 5),
    ("morning", 5, 12),
    ("afternoon", 12, 17),
    ("evening", 17, 22),
    ("night", 22, 24),
)


def part_of_day(moment: datetime) -> str:
    hour = to_local(moment).hour
    return next(name for name, start, end in _PARTS_OF_DAY if start <= hour < end)


def due_text(due: str | None) -> str:
    """A stored follow-up date as the officer reads it: a date alone, or date and time."""
    if not due:
        return "—"
    if len(due) == 10:  # a date: due by the end of that day
        return due
    return local_text(due)


def local_text(moment: datetime | str) -> str:
    """A stored time as the officer reads it: local date and time to the minute."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return to_local(moment).strftime("%Y-%m-%d %H:%M")


# --------------------------------------------------------------------------- range


def check_in_range(moment: datetime | date, label: str | None = None) -> None:
    """Refuse a time outside the dates a journal holds, in one line naming it."""
    day = moment.date() if isinstance(moment, datetime) else moment
    if not EARLIEST <= day <= LATEST:
        shown = label or day.isoformat()
        raise UsageError(f"{shown} is outside the dates a journal holds ({RANGE_TEXT})")


def check_not_future(moment: datetime, now: datetime, text: str) -> None:
    """What happened cannot be in the future (a few minutes of a fast watch aside)."""
    ahead = moment - now
    if ahead > FUTURE_SLACK:
        raise UsageError(
            f"'{text}' is {_duration(ahead)} in the future; what happened cannot be in "
            "the future (give the time it happened; --due takes follow-up dates)"
        )


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds()) // 60
    if minutes < 120:
        return f"{minutes} minutes"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours"
    return f"{hours // 24} days"


# --------------------------------------------------------------------------- WHEN


def parse_when(
    text: str, now: datetime, *, prefer: Prefer = "past", future: bool = False
) -> datetime:
    """Parse WHEN text relative to `now`; raise `UsageError` naming the text if it fails.

    `prefer` decides a bare weekday: `monday 9am` in a log means the last Monday, in a
    `--due` the next one. Unless `future` is allowed, a time ahead of `now` is refused.
    """
    phrase = " ".join(text.split())
    if not phrase:
        raise UsageError(f"empty time: give a date or phrase, {EXAMPLES}")
    moment = _parse_iso(phrase)
    if moment is None:
        if re.match(_ISO_HINT, phrase):
            raise UsageError(f"'{phrase}' is not a valid date or time ({EXAMPLES})")
        moment = _parse_phrase(phrase, now, prefer)
    check_in_range(moment, f"'{phrase}'")
    if moment.utcoffset() is not None and (moment.utcoffset() or timedelta(0)).seconds % 60:
        raise UsageError(f"'{phrase}': a UTC offset is whole minutes (like +05:30)")
    if not future:
        check_not_future(moment, now, phrase)
    return moment


def parse_due(text: str, base: datetime) -> datetime | date:
    """A follow-up date, counted from `base` (the WHEN of the record it belongs to).

    A bare date is due by the end of that local day and stays a date; anything else is a
    time (`friday` is the next Friday after `base`, `in 3 days` three days after it).
    """
    phrase = " ".join(text.split())
    day = _iso_date(phrase, f"the due date {phrase}")
    if day is not None:
        return day
    moment = parse_when(phrase, base, prefer="future", future=True)
    if not _has_time(phrase, base):
        return to_local(moment).date()
    return moment


def _has_time(phrase: str, base: datetime) -> bool:
    """Whether an everyday phrase names a time of day ('friday 3pm', 'in 2 hours') rather
    than only a day ('friday', 'in 3 days', 'next tuesday')."""
    if re.match(_AGO, phrase, re.I):
        return True
    import parsedatetime

    calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
    _parsed, context = calendar.parseDT(phrase, sourceTime=to_local(base).replace(tzinfo=None))
    return bool(context.hasTime)


def due_bounds(due: datetime | date) -> tuple[int, str]:
    """(the last second a follow-up is in time, as a Unix time; its text as stored).

    A date is due by the end of that local day; a time, at that time."""
    if isinstance(due, datetime):
        return int(due.timestamp()), due.isoformat()
    return int(add_days(due, 1).timestamp()) - 1, due.isoformat()


def due_ts(stored: str) -> int:
    """The Unix time by which a stored follow-up (a date, or a time) is due."""
    if len(stored) == 10:
        return due_bounds(date.fromisoformat(stored))[0]
    return int(datetime.fromisoformat(stored).timestamp())


def parse_date_bound(text: str, now: datetime, *, end: bool) -> datetime:
    """A `--since`/`--until` bound. A bare date means the start (or, with `end`, the
    end) of that local day, so `--until 2026-11-20` includes all of the 20th."""
    phrase = " ".join(text.split())
    day = _iso_date(phrase, f"'{phrase}'")
    if day is not None:
        return add_days(day, 1) if end else start_of_day(day)
    return parse_when(phrase, now, future=True)


def _iso_date(phrase: str, label: str) -> date | None:
    """A bare ISO date (checked, in range), or None if the phrase is not one."""
    if not re.match(_ISO_DATE, phrase):
        return None
    try:
        day = date.fromisoformat(phrase)
    except ValueError:
        raise UsageError(f"'{phrase}' is not a valid date ({EXAMPLES})") from None
    check_in_range(day, label)
    return day


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
    check_in_range(parsed, f"'{phrase}'")
    if parsed.tzinfo is None:
        parsed = localize(parsed)
    return parsed.replace(microsecond=0)


def _parse_phrase(phrase: str, now: datetime, prefer: Prefer) -> datetime:
    ago = re.match(_AGO, phrase, re.I)
    if ago:  # counted on the clock, not the calendar: "2 hours ago" across a change is 2 hours
        amount = int(ago.group(1))
        unit = timedelta(hours=1) if ago.group(2).lower().startswith("h") else timedelta(minutes=1)
        return to_local(now - amount * unit).replace(microsecond=0)

    import parsedatetime

    calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
    local_now = to_local(now).replace(tzinfo=None)
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


def shift_days(moment: datetime, days: int) -> datetime:
    """The same local wall time `days` calendar days later (earlier if negative): a week
    before Monday 00:00 is the Monday before at 00:00, whatever the clocks did between."""
    wall = to_local(moment).replace(tzinfo=None) + timedelta(days=days)
    return localize(wall, strict=False)
