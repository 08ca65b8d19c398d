import itertools
import time
from datetime import date, datetime

import pytest

from patrol_journal.calendar import parse_date_bound, parse_due, parse_week, parse_when
from patrol_journal.errors import UsageError

# Wednesday 25 November 2026, 13:00 UTC
NOW = datetime.fromisoformat("2026-11-25T13:00:00+00:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 14:30", "2026-11-20T14:30:00+00:00"),
        ("2026-11-20T14:30", "2026-11-20T14:30:00+00:00"),
        ("2026-11-20T14:30-05:00", "2026-11-20T14:30:00-05:00"),
        ("2026-11-20T14:30:15Z", "2026-11-20T14:30:15+00:00"),
        ("yesterday 15:00", "2026-11-24T15:00:00+00:00"),
        ("2 hours ago", "2026-11-25T11:00:00+00:00"),
        ("monday 9am", "2026-11-23T09:00:00+00:00"),
        ("last friday 22:30", "2026-11-20T22:30:00+00:00"),
        ("sunday 23:30", "2026-11-22T23:30:00+00:00"),
        ("today 08:15", "2026-11-25T08:15:00+00:00"),
        ("  yesterday   15:00 ", "2026-11-24T15:00:00+00:00"),
    ],
)
def test_documented_forms(text: str, expected: str) -> None:
    assert parse_when(text, NOW).isoformat() == expected


def test_a_bare_weekday_in_a_due_date_means_the_next_one() -> None:
    assert parse_due("monday 9am", NOW) == datetime.fromisoformat("2026-11-30T09:00:00+00:00")
    assert parse_due("next friday", NOW) == date(2026, 12, 4)  # a day alone: due that day


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "blah",
        "yesterday foo",
        "the day after never",
        "2026-13-45",
        "2026-02-30 10:00",
        "25:99",
    ],
)
def test_nonsense_is_refused_naming_the_text(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_when(text, NOW)
    if text.strip():
        assert " ".join(text.split()).split()[0] in caught.value.message


def test_local_time_honours_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    sunday = parse_when("2026-11-22 23:30", NOW)
    assert sunday.isoformat() == "2026-11-22T23:30:00-05:00"
    assert sunday.weekday() == 6
    summer = parse_when("2026-07-05 23:30", NOW)
    assert summer.utcoffset() is not None and summer.utcoffset().total_seconds() == -4 * 3600
    phrase = parse_when("sunday 23:30", NOW)
    assert phrase.isoformat() == "2026-11-22T23:30:00-05:00"


def test_date_bounds_cover_whole_days() -> None:
    assert parse_date_bound("2026-11-20", NOW, end=False).isoformat() == "2026-11-20T00:00:00+00:00"
    assert parse_date_bound("2026-11-20", NOW, end=True).isoformat() == "2026-11-21T00:00:00+00:00"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-W47", "2026-11-16", "2026-11-23"),
        ("2026w47", "2026-11-16", "2026-11-23"),
        ("this", "2026-11-23", "2026-11-30"),
        ("last", "2026-11-16", "2026-11-23"),
        ("2026-W01", "2025-12-29", "2026-01-05"),
        ("2026-W53", "2026-12-28", "2027-01-04"),
    ],
)
def test_iso_weeks(text: str, start: str, end: str) -> None:
    first, after = parse_week(text, NOW)
    assert (first.date().isoformat(), after.date().isoformat()) == (start, end)
    assert first.hour == 0


@pytest.mark.parametrize("text", ["2026-W99", "2025-W53", "week 3", "next"])
def test_impossible_weeks_are_refused(text: str) -> None:
    with pytest.raises(UsageError):
        parse_week(text, NOW)


@pytest.mark.parametrize("text", ["yesterday", "today", "friday", "last friday", "2026-11-20"])
def test_a_day_without_a_time_is_refused_for_when_and_whole_for_ranges(text: str) -> None:
    with pytest.raises(UsageError, match=rf"'{text}' is a day without a time: say when, like"):
        parse_when(text, NOW)
    start = parse_date_bound(text, NOW, end=False)
    end = parse_date_bound(text, NOW, end=True)
    assert (start.hour, start.minute) == (0, 0) and (end - start).total_seconds() == 86400


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("28/11/2024 06:00", "dmy", "2024-11-28T06:00:00+00:00"),
        ("05/11/2026 10:00", "dmy", "2026-11-05T10:00:00+00:00"),
        ("11/05/2026 10:00", "mdy", "2026-11-05T10:00:00+00:00"),
        ("2026/11/05 10:00", "ymd", "2026-11-05T10:00:00+00:00"),
        ("28.11.25 6pm", "dmy", "2025-11-28T18:00:00+00:00"),
        ("24/11 21:30", "dmy", "2026-11-24T21:30:00+00:00"),  # no year: the last one passed
        ("30/11 14:00", "dmy", "2025-11-30T14:00:00+00:00"),
        ("30 Nov 14:00", "dmy", "2025-11-30T14:00:00+00:00"),
    ],
)
def test_numeric_dates_follow_the_date_order(text: str, order: str, expected: str) -> None:
    assert parse_when(text, NOW, order=order).isoformat() == expected


def test_an_impossible_numeric_date_names_the_reading_it_would_have_taken() -> None:
    with pytest.raises(UsageError) as caught:
        parse_when("11/28/2026 06:00", NOW, order="dmy")
    said = caught.value.message
    assert "read as day/month/year" in said and "month 28" in said
    assert "28 November 2026 if the month comes first" in said


@pytest.mark.parametrize("name", ["Europe/London", "Asia/Kathmandu", "America/St_Johns", "UTC"])
def test_steady_offsets_count_local_hours_as_each_time_would(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Counting by `(ts + offset) // 3600 % 24` over each stretch of one offset gives the
    local hour of every time, across the clocks going forward and back."""
    import random
    from collections import Counter
    from zoneinfo import ZoneInfo

    from patrol_journal.calendar.zone import steady_offsets

    monkeypatch.setenv("TZ", name)
    first = int(datetime(2025, 3, 1).timestamp())
    last = int(datetime(2026, 11, 30).timestamp())
    stretches = steady_offsets(first, last)
    assert stretches[0][0] == first and stretches[-1][1] == last + 1
    assert all(a[1] == b[0] for a, b in itertools.pairwise(stretches))
    if name == "Europe/London":  # four changes: March and October, twice
        assert [offset for *_, offset in stretches] == [0, 3600, 0, 3600, 0]
        assert datetime.fromtimestamp(stretches[1][0], ZoneInfo(name)).isoformat() == (
            "2025-03-30T02:00:00+01:00"
        )
    chance = random.Random(5)
    times = [chance.randint(first, last) for _ in range(3000)]
    times += [start + delta for start, _, _ in stretches for delta in (-1, 0, 1)]
    times = [ts for ts in times if first <= ts <= last]
    by_stretch: Counter[int] = Counter()
    for ts in times:
        for start, end, offset in stretches:
            if start <= ts < end:
                by_stretch[(ts + offset) % 86400 // 3600] += 1
    expected = Counter(datetime.fromtimestamp(ts, ZoneInfo(name)).hour for ts in times)
    assert by_stretch == expected
