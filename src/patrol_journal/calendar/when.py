"""WHEN text -> an aware time; follow-up dates; --since/--until bounds."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, time, timedelta

from patrol_journal.calendar.zone import (
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
from patrol_journal.vocab import EARLIEST, LATEST

# --------------------------------------------------------------------------- WHEN


DateOrder = str  # "dmy", "mdy" or "ymd": how numeric dates are read (config `date_order`)
_READING = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}
_NUMERIC = r"^(\d{1,4})[/.](\d{1,2})(?:[/.](\d{1,4}))?(?=$|[ ,T])(.*)$"
_DASHED = r"^(\d{1,2})-(\d{1,2})-(\d{2}|\d{4})(?=$|[ ,T])(.*)$"
_CLOCK = r"^(?:at\s+)?(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$"
_MONTH = r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b"


def parse_when(
    text: str,
    now: datetime,
    *,
    prefer: Prefer = "past",
    future: bool = False,
    order: DateOrder = "dmy",
) -> datetime:
    """Parse WHEN (when something happened) relative to `now`; raise `UsageError` naming
    the text if it fails. It needs a time of day: 'yesterday' alone is refused with a
    hint, never given a made-up hour. Numeric dates are read in `order`.

    `prefer` decides a bare weekday: `monday 9am` in a log means the last Monday, in a
    `--due` the next one. Unless `future` is allowed, a time ahead of `now` is refused.
    """
    moment, has_time = parse_moment(text, now, prefer=prefer, order=order)
    phrase = " ".join(text.split())
    if not has_time:
        raise UsageError(
            f"'{phrase}' is a day without a time: say when, like '{phrase} 21:30' "
            "(pj never makes up the hour)"
        )
    if not future:
        check_not_future(moment, now, phrase)
    return moment


def parse_moment(
    text: str, now: datetime, *, prefer: Prefer = "past", order: DateOrder = "dmy"
) -> tuple[datetime, bool]:
    """A date or a time as officers write it, and whether it named a time of day (a day
    alone is its first instant). ISO 8601 first; then numeric dates in `order`
    ("28/11/2026 06:00"), a day and month without a year being the most recent such day
    not in the future; then everyday phrases (parsedatetime)."""
    phrase = " ".join(text.split())
    if not phrase:
        raise UsageError(f"empty time: give a date or phrase, {EXAMPLES}")
    found = _parse_iso(phrase) or _parse_iso_day_at(phrase)
    if found is not None:
        moment, has_time = found
    elif re.match(_ISO_HINT, phrase):
        raise UsageError(f"'{phrase}' is not a valid date or time ({EXAMPLES})")
    else:
        try:
            numeric = _parse_numeric(phrase, now, order, prefer)
            found = numeric if numeric is not None else _parse_phrase(phrase, now, prefer)
        except (OverflowError, ValueError):  # "999999999999 hours ago": no such time
            raise UsageError(
                f"'{phrase}' is outside the dates a journal holds ({EARLIEST} to {LATEST})"
            ) from None
        moment, has_time = found
    check_in_range(moment, f"'{phrase}'")
    if moment.utcoffset() is not None and (moment.utcoffset() or timedelta(0)).seconds % 60:
        raise UsageError(f"'{phrase}': a UTC offset is whole minutes (like +05:30)")
    return moment, has_time


def _parse_iso_day_at(phrase: str) -> tuple[datetime, bool] | None:
    """An ISO date with a time of day as people type one ("2026-11-02 9:00",
    "2026-11-02 9pm"); None if the phrase does not start with an ISO date and a space."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})[ ,]+(.+)$", phrase)
    if match is None or not re.match(_CLOCK, match.group(2), re.I):
        return None
    try:
        day = date.fromisoformat(match.group(1))
    except ValueError:
        return None
    clock = _clock(match.group(2), phrase)
    assert clock is not None
    return localize(datetime.combine(day, clock)), True


def _parse_numeric(
    phrase: str, now: datetime, order: DateOrder, prefer: Prefer
) -> tuple[datetime, bool] | None:
    """A numeric date (28/11/2026, 28.11.26, 28-11-2026, 28/11), read in `order`, with an
    optional time after it; None if the phrase does not start with one."""
    match = re.match(_NUMERIC, phrase) or re.match(_DASHED, phrase)
    if match is None:
        return None
    first, second, third, rest = match.groups()
    numbers = [int(first), int(second), int(third)] if third else [int(first), int(second)]
    day = _numeric_date(phrase, numbers, order, now, prefer)
    clock = _clock(rest.strip(" ,").removeprefix("T").strip(), phrase)
    if clock is None:
        return start_of_day(day), False
    return localize(datetime.combine(day, clock)), True


def _numeric_date(
    phrase: str, numbers: list[int], order: DateOrder, now: datetime, prefer: Prefer
) -> date:
    date_text = phrase.split()[0].split("T")[0]
    if len(numbers) == 2:
        if order == "ymd":
            raise UsageError(
                f"'{date_text}': with date_order = ymd a numeric date needs its year "
                f"first (like {now:%Y}/11/28); or type it as 2026-11-28"
            )
        day_number, month = numbers if order == "dmy" else numbers[::-1]
        year = to_local(now).year
    elif order == "ymd":
        year, month, day_number = numbers
    else:
        day_number, month, year = (
            numbers if order == "dmy" else [numbers[1], numbers[0], numbers[2]]
        )
    if year < 100:
        year += 2000
    try:
        found = date(year, month, day_number)
    except ValueError:
        other = ""
        with contextlib.suppress(ValueError):
            swapped = date(year, day_number, month)
            first, named = ("month", "mdy") if order == "dmy" else ("day", "dmy")
            other = f"; {swapped:%d %B %Y} if the {first} comes first (date_order = {named})"
        raise UsageError(
            f"'{date_text}' is not a date read as {_READING[order]} (date_order = {order}: "
            f"day {day_number}, month {month}){other}; type it as YYYY-MM-DD, or set "
            "date_order in the config file"
        ) from None
    if len(numbers) == 2:  # no year: the most recent such day not ahead (or next, for a due)
        today = to_local(now).date()
        if prefer == "past" and found > today:
            found = _same_day(found, found.year - 1, date_text)
        elif prefer == "future" and found < today:
            found = _same_day(found, found.year + 1, date_text)
    return found


def _same_day(day: date, year: int, text: str) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        raise UsageError(f"'{text}': give the year (there is no 29 February in {year})") from None


def _clock(text: str, phrase: str) -> time | None:
    """A time of day (21:30, 9pm, 6.15, at 9), or None when `text` is empty."""
    if not text:
        return None
    match = re.match(_CLOCK, text, re.I)
    if match is None:
        raise UsageError(f"cannot understand the time of day '{text}' in '{phrase}' ({EXAMPLES})")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "").lower()
    if suffix and not 1 <= hour <= 12:
        raise UsageError(f"'{text}' is not a time of day")
    if suffix == "pm" and hour != 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise UsageError(f"'{text}' is not a time of day")
    return time(hour, minute)


def parse_due(text: str, base: datetime, order: DateOrder = "dmy") -> datetime | date:
    """A follow-up date, counted from `base` (the WHEN of the record it belongs to).

    A day alone is due by the end of that local day and stays a date; a time of day is a
    time (`friday` is the next Friday after `base`, `in 3 days` three days after it).
    """
    moment, has_time = parse_moment(text, base, prefer="future", order=order)
    return moment if has_time else to_local(moment).date()


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


def parse_date_bound(text: str, now: datetime, *, end: bool, order: DateOrder = "dmy") -> datetime:
    """A `--since`/`--until` bound. A day (a date, 'today', 'yesterday', 'friday') means
    the whole of that local day: its start, or with `end` the start of the next day, so
    `--until 2026-11-20` and `--since yesterday --until yesterday` include all of it."""
    moment, has_time = parse_moment(text, now, order=order)
    if has_time:
        return moment
    day = to_local(moment).date()
    return add_days(day, 1) if end else start_of_day(day)


def _parse_iso(phrase: str) -> tuple[datetime, bool] | None:
    """An ISO 8601 date or time, and whether it has a time of day."""
    candidate = phrase
    if candidate[-1:] in "zZ":
        candidate = candidate[:-1] + "+00:00"
    has_time = not re.match(_ISO_DATE, candidate)
    try:
        if not has_time:
            parsed = datetime.combine(date.fromisoformat(candidate), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    check_in_range(parsed, f"'{phrase}'")
    if parsed.tzinfo is None:
        parsed = localize(parsed) if has_time else start_of_day(parsed.date())
    return parsed.replace(microsecond=0), has_time


# "2 hours ago", "1 hour 30 minutes ago", "1 hour and 5 mins ago": each part of it.
_AGO_PART = r"(\d+)\s*(hours?|hrs?|minutes?|mins?)\b"
_AGO = rf"^(?:{_AGO_PART}\s*(?:,|and)?\s*)+ago$"


def _checked_clocks(phrase: str) -> str:
    """The phrase with its times of day checked (no 24:00, 21:61 or 13pm, which the
    phrase parser would read as another time) and `21.30` read as `21:30`."""
    if re.match(r"^[-+]\d", phrase):
        raise UsageError(f"cannot understand the time '{phrase}' ({EXAMPLES})")
    for hour, minute, suffix in re.findall(
        r"(?<![\d./-])(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?![\d./-])", phrase, re.I
    ):
        if not minute and not suffix:
            continue  # a plain number: a day of the month, an amount
        if (
            int(hour) > (12 if suffix else 23)
            or (suffix and int(hour) == 0)
            or int(minute or 0) > 59
        ):
            clock = f"{hour}:{minute}" if minute else hour
            raise UsageError(
                f"'{clock}{suffix}' in '{phrase}' is not a time of day (00:00 to 23:59; "
                "midnight is 00:00 of the next day)"
            )
    return re.sub(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])", r"\1:\2", phrase)


def _parse_phrase(phrase: str, now: datetime, prefer: Prefer) -> tuple[datetime, bool]:
    if phrase.lower() == "now":
        return to_local(now).replace(microsecond=0), True
    if re.match(_AGO, phrase, re.I):
        # Counted on the clock, not the calendar: "2 hours ago" across a change is 2 hours;
        # "1 hour 30 minutes ago" is ninety minutes.
        back = sum(
            (
                int(amount)
                * (timedelta(hours=1) if unit.lower().startswith("h") else timedelta(minutes=1))
                for amount, unit in re.findall(_AGO_PART, phrase, re.I)
            ),
            timedelta(0),
        )
        return to_local(now - back).replace(microsecond=0), True
    phrase = _checked_clocks(phrase)

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
    if re.search(_MONTH, phrase, re.I) and not re.search(r"\b\d{4}\b", phrase):
        # A day and month without a year: the most recent such day (the next, for a due).
        if prefer == "past" and parsed.date() > local_now.date():
            parsed = parsed.replace(year=parsed.year - 1)
        elif prefer == "future" and parsed.date() < local_now.date():
            parsed = parsed.replace(year=parsed.year + 1)
    has_time = bool(context.hasTime)
    if not has_time:
        return start_of_day(parsed.date()), False
    return localize(parsed.replace(microsecond=0)), True
