"""WHEN text -> an aware time; follow-up dates; --since/--until bounds."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from patrol_journal.calendar.zone import (
    _AGO,
    _EXPLICIT_DIRECTION,
    _FILLER,
    _ISO_DATE,
    _ISO_HINT,
    _WEEKDAY,
    EXAMPLES,
    Prefer,
    add_days,
    check_in_range,
    check_not_future,
    localize,
    start_of_day,
    to_local,
)
from patrol_journal.errors import UsageError

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
