"""The officer's zone, local dates and days, and the range of dates a journal holds."""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal

from patrol_journal.errors import UsageError
from patrol_journal.vocab import EARLIEST, LATEST

Prefer = Literal["past", "future"]

RANGE_TEXT = f"{EARLIEST} to {LATEST}"
# How far ahead of the clock a WHEN may be: a watch a few minutes fast is not the future.
# A record dated later than this after the moment it is read was not written then: views
# leave it out and `pj check` reports it.
FUTURE_SLACK = timedelta(minutes=5)

# Patterns are compiled on first use (and cached by `re`): `pj log` often needs none.
_WEEKDAY = r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|sday|nesday|rsday|urday)?\b"
_EXPLICIT_DIRECTION = r"\b(next|last|this|ago|in|tomorrow|yesterday|today)\b"
_FILLER = r"^[\s,]*(at|on)?[\s,]*$"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_ISO_HINT = r"^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}.*)?$"
_ISO_WEEK = r"^(\d{4})-?W(\d{2})$"

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
    except (OSError, ValueError, KeyError):  # KeyError: ZoneInfoNotFoundError
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
    here = zone()
    if isinstance(moment, int):
        return datetime.fromtimestamp(moment, here).date()
    return moment.astimezone(here).date()


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
    return _PART_OF_HOUR[to_local(moment).hour]


def parts_of_day(timestamps: Iterable[int]) -> Counter[str]:
    """How many of the Unix times fall in each part of the local day (the zone read once)."""
    here = zone()
    return Counter(_PART_OF_HOUR[datetime.fromtimestamp(ts, here).hour] for ts in timestamps)


def steady_offsets(first: int, last: int) -> list[tuple[int, int, int]]:
    """The stretches of Unix time from `first` to `last` (inclusive) over which the local
    zone's UTC offset holds: (start, end, offset in seconds), the end exclusive. A time's
    local hour in one is `(ts + offset) // 3600 % 24`, so SQL can count by local hour
    without a row a meeting coming back. Changes are found a six-hour step at a time
    (no zone changes twice in six hours), then to the second."""
    here = zone()

    def offset(ts: int) -> int:
        found = datetime.fromtimestamp(ts, here).utcoffset()
        return int(found.total_seconds()) if found is not None else 0

    stretches: list[tuple[int, int, int]] = []
    start, current = first, offset(first)
    step = 6 * 3600
    probe = first
    while probe < last:
        ahead = min(probe + step, last)
        if offset(ahead) != current:
            low, high = probe, ahead  # the offset changes in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == current else (low, middle)
            stretches.append((start, high, current))
            start, current = high, offset(high)
        probe = ahead
    stretches.append((start, last + 1, current))
    return stretches


def parts_of_day_counted(hours: Iterable[tuple[int, int]]) -> Counter[str]:
    """Counts by local hour (0-23) as counts by part of the day."""
    counted: Counter[str] = Counter()
    for hour, count in hours:
        counted[_PART_OF_HOUR[hour]] += count
    return counted


_PART_OF_HOUR = [
    next(name for name, start, end in _PARTS_OF_DAY if start <= hour < end) for hour in range(24)
]


def in_words(moment: datetime | str, *, with_year: bool = False) -> str:
    """A stored time as an officer reads it: "Sat 28 Nov 06:00" in local time (with the
    year if asked), and its UTC offset when that wall time happens twice (the night the
    clocks go back), so the two 01:30s never read the same: "Sun 25 Oct 01:30 (+01:00)"."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = to_local(moment)
    text = local.strftime("%a %d %b %Y %H:%M" if with_year else "%a %d %b %H:%M")
    if _happens_twice(local.replace(tzinfo=None)):
        text += f" ({offset_text(local)})"
    return text


def day_in_words(day: date | str) -> str:
    """A date as an officer reads it: "Fri 04 Dec 2026"."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return day.strftime("%a %d %b %Y")


def _happens_twice(wall: datetime) -> bool:
    here = zone()
    return wall.replace(tzinfo=here, fold=0).utcoffset() != wall.replace(
        tzinfo=here, fold=1
    ).utcoffset() and (
        wall.replace(tzinfo=here, fold=0).astimezone(UTC).astimezone(here).replace(tzinfo=None)
        == wall
    )


def due_text(due: str | date | datetime | None) -> str:
    """A follow-up as the officer reads it: a day (due by its end), or a day and time."""
    if due is None or due == "":
        return "—"
    if isinstance(due, datetime):
        return in_words(due, with_year=True)
    if isinstance(due, date) or len(due) == 10:
        return day_in_words(due)
    return in_words(due, with_year=True)


def local_text(moment: datetime | str) -> str:
    """A stored time as the officer reads it in a message: in words, with the year."""
    return in_words(moment, with_year=True)


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
