"""Times are right all year: daylight saving in four zones, the future, the range, days."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-11-25 12:00"}


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> str:
    name: str = request.param
    monkeypatch.setenv("TZ", name)
    time.tzset()
    return name


# Wall times on both sides of each zone's changes in 2026 (all exist exactly once).
SIDES = {
    "America/New_York": [
        ("2026-03-08 01:59", "-05:00"),  # clocks go forward at 02:00
        ("2026-03-08 03:00", "-04:00"),
        ("2026-07-15 14:00", "-04:00"),
        ("2026-11-01 00:59", "-04:00"),  # clocks go back at 02:00 (01:00-01:59 twice)
        ("2026-11-01 02:00", "-05:00"),
    ],
    "Europe/London": [
        ("2026-03-29 00:59", "+00:00"),  # forward at 01:00
        ("2026-03-29 02:00", "+01:00"),
        ("2026-07-15 14:00", "+01:00"),
        ("2026-10-25 00:59", "+01:00"),  # back at 02:00 (01:00-01:59 twice)
        ("2026-10-25 02:00", "+00:00"),
    ],
    "Australia/Lord_Howe": [  # half-hour changes
        ("2026-04-05 01:29", "+11:00"),  # back at 02:00 to 01:30 (01:30-01:59 twice)
        ("2026-04-05 02:00", "+10:30"),
        ("2026-07-15 14:00", "+10:30"),
        ("2026-10-04 01:59", "+10:30"),  # forward at 02:00 to 02:30
        ("2026-10-04 02:30", "+11:00"),
    ],
    "Asia/Kolkata": [("2026-01-15 09:00", "+05:30"), ("2026-07-15 14:00", "+05:30")],
}


@pytest.mark.parametrize("zone", list(SIDES), indirect=True)
def test_entries_on_both_sides_of_a_change_read_back_as_typed(
    pj: Pj, journal: Path, zone: str
) -> None:
    for wall, _offset in SIDES[zone]:
        logged(pj, f"At {wall}", "--when", wall, env=NOW)
    rows = pj("recent", "-n", "20", "--json", env=NOW).json()
    stored = {row["text"][3:]: row["when"] for row in rows}
    for wall, offset in SIDES[zone]:
        assert stored[wall] == f"{wall.replace(' ', 'T')}:00{offset}"
    screen = ok(pj("recent", "-n", "20", env={**NOW, "COLUMNS": "200"})).stdout
    for wall, _offset in SIDES[zone]:
        day = time.strftime("%d %b", time.strptime(wall, "%Y-%m-%d %H:%M"))
        assert f"{day} {wall[11:]}" in screen, (wall, screen)


@pytest.mark.parametrize(
    ("zone", "wall", "offsets"),
    [
        ("America/New_York", "2026-11-01 01:30", ("-04:00", "-05:00")),
        ("Europe/London", "2026-10-25 01:30", ("+01:00", "+00:00")),
        ("Australia/Lord_Howe", "2026-04-05 01:45", ("+11:00", "+10:30")),
    ],
    indirect=["zone"],
)
def test_a_wall_time_that_happens_twice_is_refused_with_both_offsets(
    pj: Pj, journal: Path, zone: str, wall: str, offsets: tuple[str, str]
) -> None:
    before = journal.read_bytes()
    result = pj("log", "Which one?", "--when", wall, env=NOW)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "happens twice" in result.stderr
    assert f"{wall}{offsets[0]}" in result.stderr and f"{wall}{offsets[1]}" in result.stderr
    assert journal.read_bytes() == before
    # either offset, given explicitly, is recorded and shown as typed
    for offset in offsets:
        record_id = logged(pj, "This one", "--when", f"{wall}{offset}", env=NOW)
        shown = pj("show", record_id, "--json", env=NOW).json()["current"]["when"]
        assert shown == f"{wall.replace(' ', 'T')}:00{offset}"


@pytest.mark.parametrize(
    ("zone", "wall"),
    [
        ("America/New_York", "2026-03-08 02:30"),
        ("Europe/London", "2026-03-29 01:30"),
        ("Australia/Lord_Howe", "2026-10-04 02:15"),
    ],
    indirect=["zone"],
)
def test_a_wall_time_that_never_happens_is_refused(
    pj: Pj, journal: Path, zone: str, wall: str
) -> None:
    before = journal.read_bytes()
    result = pj("log", "Lost hour", "--when", wall, env=NOW)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "clocks went forward" in result.stderr
    assert journal.read_bytes() == before


@pytest.mark.parametrize("zone", ["America/New_York"], indirect=True)
def test_a_summer_entry_is_not_shown_an_hour_early_in_november(
    pj: Pj, journal: Path, zone: str
) -> None:
    logged(pj, "Summer round", "--when", "2026-07-15 14:00", env=NOW)
    screen = ok(pj("recent", env=NOW)).stdout
    assert "15 Jul 14:00" in screen and "13:00" not in screen


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London"], indirect=True)
def test_week_with_a_change_has_seven_days_and_like_totals(
    pj: Pj, journal: Path, zone: str
) -> None:
    """The week the clocks go back (25 hours longer) and the week after it."""
    change_week, _after = (
        ("2026-W44", "2026-W45") if zone == "America/New_York" else ("2026-W43", "2026-W44")
    )
    monday = pj("summary", "--week", change_week, "--json", env=NOW).json()["period"]["start"]
    # First minutes of the Monday, the Sunday of the change, the last minutes of Sunday.
    sunday = json.loads(pj("summary", "--week", change_week, "--json", env=NOW).stdout)["period"][
        "end"
    ]
    for wall in (f"{monday} 00:10", f"{sunday} 12:00", f"{sunday} 23:50"):
        logged(pj, f"At {wall}", "--when", wall, env=NOW)
    week = pj("summary", "--week", change_week, "--json", env=NOW).json()
    assert len(week["per_day"]) == 7
    counts = [day["interactions"] for day in week["per_day"]]
    assert counts == [1, 0, 0, 0, 0, 0, 2]
    assert week["totals"]["interactions"] == 3
    following = pj("summary", "--week", _after, "--json", env=NOW).json()
    assert following["previous"]["interactions"] == 3  # all of the 25-hour week, not 2


@pytest.mark.parametrize("zone", ["America/New_York"], indirect=True)
def test_a_summer_monday_stays_monday_in_the_chart(pj: Pj, journal: Path, zone: str) -> None:
    logged(pj, "Early Monday", "--when", "2026-07-13 00:30", env=NOW)
    week = pj("summary", "--week", "2026-W29", "--json", env=NOW).json()
    assert [d["weekday"] for d in week["per_day"]] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    assert week["per_day"][0]["interactions"] == 1


def test_the_future_is_refused_and_the_journal_untouched(pj: Pj, journal: Path) -> None:
    before = journal.read_bytes()
    for args in (
        ["log", "Tomorrow's chat", "--when", "2026-11-26 12:00"],
        ["log", "Later", "--when", "in 2 hours"],
        ["concern", "raise", "Ahead", "--when", "2026-12-01 10:00"],
    ):
        result = pj(*args, env=NOW)
        assert result.exit_code == 2, args
        assert "in the future" in result.stderr and result.stderr.count("\n") == 1
    assert journal.read_bytes() == before
    # a watch a few minutes fast is not the future
    logged(pj, "Just now", "--when", "2026-11-25 12:03", env=NOW)


def test_amend_and_concern_steps_refuse_the_future(pj: Pj, journal: Path) -> None:
    record_id = logged(pj, "Chat", "--concern", "Lights", env=NOW)
    concern_id = pj("show", record_id, "--json", env=NOW).json()["concerns"][0]["id"]
    before = journal.read_bytes()
    assert pj("amend", record_id, "--when", "2026-12-24 10:00", env=NOW).exit_code == 2
    assert pj("concern", "note", concern_id, "x", "--when", "tomorrow", env=NOW).exit_code == 2
    assert (
        pj("concern", "resolve", concern_id, "--when", "2027-01-01 10:00", env=NOW).exit_code == 2
    )
    assert journal.read_bytes() == before


def test_due_counts_from_the_records_own_when(pj: Pj, journal: Path) -> None:
    record_id = logged(pj, "Chat", "--concern", "Lights", "--when", "2026-11-02 09:00", env=NOW)
    concern_id = pj("show", record_id, "--json", env=NOW).json()["concerns"][0]["id"]
    noted = pj(
        "concern",
        "note",
        concern_id,
        "Called the council",
        "--when",
        "2026-11-20 10:00",
        "--due",
        "next tuesday",
        "--json",
        env=NOW,
    )
    assert noted.exit_code == 0, noted.stderr
    assert noted.json()["due"] == "2026-11-24"  # Friday 20th + next Tuesday; a date alone
    text = pj("concern", "show", concern_id, env=NOW).stdout
    assert "00:00" not in text
    # due by the end of that day: overdue on the 25th, not on the 24th
    assert noted.json()["overdue"] is True
    on_the_day = pj("concerns", "--json", env={"PJ_NOW": "2026-11-24 23:00"}).json()
    assert on_the_day[0]["overdue"] is False
    with_time = pj(
        "concern", "note", concern_id, "Chase", "--due", "friday 3pm", "--json", env=NOW
    ).json()
    assert with_time["due"] == "2026-11-27T15:00:00+00:00"


@pytest.mark.parametrize(
    "args",
    [
        ["log", "Old", "--when", "1850-06-01 12:00"],
        ["log", "Far", "--when", "9999-12-31"],
        ["amend", "aaaa", "--when", "1969-12-31 23:00"],
        ["concern", "raise", "Old", "--when", "1900-01-01"],
        ["concern", "raise", "Later", "--due", "2150-01-01"],
        ["summary", "--week", "9999-W52"],
        ["summary", "--week", "0001-W01"],
        ["summary", "--until", "9999-12-31"],
        ["summary", "--since", "1899-01-01", "--until", "2026-11-01"],
        ["people", "--since", "1850-01-01"],
        ["search", "x", "--until", "3000-01-01"],
        ["person", "Maria Lopez", "--note", "x", "--when", "1800-01-01"],
    ],
)
def test_years_outside_the_range_are_refused_in_one_line(
    pj: Pj, journal: Path, args: list[str]
) -> None:
    before = journal.read_bytes()
    result = pj(*args, env=NOW)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert "outside the dates a journal holds" in result.stderr
    assert "internal error" not in result.stderr
    assert journal.read_bytes() == before


def test_a_summary_of_many_years_is_refused(pj: Pj, journal: Path) -> None:
    result = pj("summary", "--since", "1970-01-01", "--until", "2026-11-01", env=NOW)
    assert result.exit_code == 2 and "at most a year" in result.stderr


def test_check_reports_a_hand_written_record_outside_the_range(pj: Pj, journal: Path) -> None:
    with journal.open("a") as handle:
        handle.write(
            '\n[[record]]\ntype = "interaction"\nid = "a000000001"\n'
            'when = 1850-06-01T12:00:00-04:56\ntext = "Old"\n'
        )
    line = len(journal.read_text().splitlines()) - 1
    result = pj("check", env=NOW)
    assert result.exit_code == 1
    assert f":{line}: error: when: " in result.stderr
    assert "outside the dates a journal holds" in result.stderr


def test_days_are_calendar_days(pj: Pj, journal: Path) -> None:
    logged(pj, "Late chat", "--with", "Ann Lee", "--at", "Elm Park", "--when", "2026-11-24 21:30")
    logged(pj, "Again", "--with", "Ann Lee", "--at", "Elm Park", "--when", "2026-11-24 21:40")
    morning = {"PJ_NOW": "2026-11-25 08:00"}
    (person,) = pj("people", "--json", env=morning).json()
    assert person["days_since"] == 1  # yesterday at 21:30 is a day ago, not 0
    (place,) = pj("places", "--json", env=morning).json()
    assert place["days_since"] == 1
    assert [p["name"] for p in pj("people", "--not-seen-for", "1", "--json", env=morning).json()]
    assert pj("people", "--not-seen-for", "2", "--json", env=morning).json() == []


def test_this_week_so_far(pj: Pj, journal: Path) -> None:
    """Wednesday 25 Nov 12:00: the week so far, compared with Mon-Wed noon of last week."""
    logged(pj, "Last Monday", "--when", "2026-11-16 10:00", env=NOW)
    logged(pj, "Last Thursday", "--when", "2026-11-19 10:00", env=NOW)  # not like for like
    logged(pj, "This Tuesday", "--with", "Ann Lee", "--concern", "Bins", env=NOW)
    week = pj("summary", "--json", env=NOW).json()
    assert week["period"]["so_far"] is True
    assert [d["to_come"] for d in week["per_day"]] == [False] * 3 + [True] * 4
    assert [d["interactions"] for d in week["per_day"]][3:] == [None] * 4
    assert week["previous"]["like_for_like"] is True
    assert week["previous"]["interactions"] == 1  # only last Monday: the same days
    assert week["concerns"]["open"][0]["age_days"] == 0  # raised today, aged to now
    screen = ok(pj("summary", env=NOW)).stdout
    assert "so far" in screen and "to come" in screen
    assert "the same days of the week before" in screen


def test_titles_say_the_real_period(
    pj: Pj, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logged(pj, "Chat", "--when", "2026-11-10 10:00", env=NOW)
    ranged = ok(
        pj("summary", "--since", "2026-11-02", "--until", "2026-11-15", "-f", "markdown", env=NOW)
    ).stdout
    assert ranged.splitlines()[0].startswith("# From Mon 02 Nov to Sun 15 Nov 2026")
    assert "W4" not in ranged.splitlines()[0]
    config = tmp_path / "xdg" / "xdg_config_home" / "patrol-journal" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('week_start = "sunday"\n')
    sunday_week = ok(pj("summary", "--week", "last", "-f", "markdown", env=NOW)).stdout
    assert sunday_week.splitlines()[0].startswith("# Week of Sun 15 Nov to Sat 21 Nov 2026")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-11-02 9:00", "2026-11-02 09:00:00"),
        ("2026-11-02 9pm", "2026-11-02 21:00:00"),
        ("2026-11-02 at 6.15", "2026-11-02 06:15:00"),
        ("2026-11-02, 21:30", "2026-11-02 21:30:00"),
    ],
)
def test_an_iso_day_with_a_time_as_people_type_it(
    pj: Pj, journal: Path, typed: str, stored: str
) -> None:
    """An hour of one digit, a 12-hour time, 'at': the same time as typed (these were
    refused as 'not a valid date or time')."""
    record_id = logged(pj, "Chat", "--when", typed, env=NOW)
    shown = ok(pj("show", record_id, "--json", env=NOW)).json()
    assert shown["current"]["when"].replace("T", " ").startswith(stored)
