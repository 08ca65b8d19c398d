"""What an officer met in a fortnight of real use, each through the command line: times as
officers write them, corrections, counts, and the words the tool says back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-11-28 12:00", "TZ": "Europe/London"}


def _id(pj: Pj, *args: str) -> str:
    return logged(pj, *args, env=NOW)


def _summary(pj: Pj, week: str) -> dict[str, object]:
    result = ok(pj("summary", "--week", week, "--format", "json", env=NOW)).json()
    assert isinstance(result, dict)
    return result


def test_a_follow_up_due_on_a_day_shows_in_both_histories(pj: Pj, journal: Path) -> None:
    """The README's own `--due friday`: a follow-up due on a day, not at a time."""
    interaction = _id(
        pj, "Chat", "--with", "Maria Lopez", "--concern", "Lights out", "--when", "2026-11-23 10:00"
    )
    concern = ok(pj("concerns", "--json", env=NOW)).json()[0]["id"]
    ok(pj("concern", "note", concern, "Council called", "--due", "friday", env=NOW))
    for command in (["concern", "show", concern], ["show", interaction]):
        shown = pj(*command, env=NOW)
        assert shown.exit_code == 0, shown.stderr
        assert "internal error" not in shown.stderr
    assert "Fri 04 Dec 2026" in ok(pj("concern", "show", concern, env=NOW)).stdout


# ----------------------------------------------------------------- time as officers write it


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("28/11/2026 06:00", "2026-11-28T06:00:00+00:00"),
        ("05/11/2026 10:00", "2026-11-05T10:00:00+00:00"),
        ("yesterday 21:30", "2026-11-27T21:30:00+00:00"),
        ("30 Nov 14:00", "2025-11-30T14:00:00+00:00"),
    ],
)
def test_when_as_officers_type_it(pj: Pj, journal: Path, typed: str, stored: str) -> None:
    result = ok(pj("log", "Chat", "--when", typed, env=NOW))
    record = ok(pj("recent", "--json", env=NOW)).json()[0]
    assert record["when"] == stored
    in_words = datetime.fromisoformat(stored).strftime("%a %d %b %Y %H:%M")
    assert result.stdout == f"Recorded interaction {record['id']}, {in_words}\n"


def test_a_due_date_in_day_first_order_is_after_the_concern(pj: Pj, journal: Path) -> None:
    raised = ok(
        pj(
            "concern",
            "raise",
            "Gate",
            "--when",
            "28/11/2026 09:00",
            "--due",
            "04/12/2026",
            "--json",
            env=NOW,
        )
    ).json()
    assert raised["due"] == "2026-12-04"


@pytest.mark.parametrize("day", ["yesterday", "friday", "last friday", "today", "2026-11-20"])
def test_a_day_without_a_time_is_refused_with_a_hint(pj: Pj, journal: Path, day: str) -> None:
    before = journal.read_bytes()
    result = pj("log", "Chat", "--when", day, env=NOW)
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert f"say when, like '{day} 21:30'" in result.stderr
    assert journal.read_bytes() == before


def test_ranges_take_whole_days(pj: Pj, journal: Path) -> None:
    _id(pj, "Late last night", "--when", "yesterday 23:50")
    _id(pj, "This morning", "--when", "today 08:00")
    found = ok(pj("search", "--since", "today", "--json", env=NOW)).json()
    assert [row["text"] for row in found] == ["This morning"]
    week = ok(
        pj("summary", "--since", "yesterday", "--until", "yesterday", "--format", "json", env=NOW)
    ).json()
    assert week["totals"]["interactions"] == 1


def test_an_impossible_day_first_date_names_the_reading(pj: Pj, journal: Path) -> None:
    result = pj("log", "Chat", "--when", "11/28/2026 06:00", env=NOW)
    assert result.exit_code == 2
    assert "read as day/month/year" in result.stderr and "month 28" in result.stderr


def test_the_two_0130s_of_the_night_the_clocks_go_back_read_differently(
    pj: Pj, journal: Path
) -> None:
    env = {**NOW, "PJ_NOW": "2026-10-25 12:00"}
    first = ok(pj("log", "First", "--when", "2026-10-25T01:30:00+01:00", env=env)).stdout
    second = ok(pj("log", "Second", "--when", "2026-10-25T01:30:00+00:00", env=env)).stdout
    assert "Sun 25 Oct 2026 01:30 (+01:00)" in first
    assert "Sun 25 Oct 2026 01:30 (+00:00)" in second
    screen = ok(pj("recent", env=env)).stdout
    assert "01:30 (+01:00)" in screen and "01:30 (+00:00)" in screen


# ----------------------------------------------------------------- corrections and counts


def test_a_correction_of_where_and_when_moves_the_meeting_and_its_concern(
    pj: Pj, journal: Path
) -> None:
    record = _id(
        pj,
        "Chat",
        "--with",
        "Ann Lee",
        "--at",
        "Elm Park",
        "--when",
        "2026-11-18 10:00",
        "--concern",
        "Lamp out",
    )
    ok(pj("amend", record, "--at", "St Mary's Church Hall", "--when", "2026-11-25 10:00", env=NOW))
    w47, w48 = _summary(pj, "2026-W47"), _summary(pj, "2026-W48")
    assert w47["totals"] == w47["totals"] | {"interactions": 0, "people": 0, "concerns_opened": 0}
    assert w48["totals"] == w48["totals"] | {"interactions": 1, "people": 1, "concerns_opened": 1}
    brief = ok(pj("brief", "St Mary's Church Hall", "--json", env=NOW)).json()
    assert [c["text"] for c in brief["open_concerns"]] == ["Lamp out"]
    person = ok(pj("person", "Ann Lee", "--json", env=NOW)).json()
    assert person["last_met"] == "2026-11-25T10:00:00+00:00"
    check = ok(pj("check", env=NOW))
    assert "looks like" not in check.stdout + check.stderr


def test_with_takes_several_names_as_the_prompt_does(pj: Pj, journal: Path) -> None:
    record = _id(
        pj,
        "Chat",
        "--with",
        "Tom Reed, Maria Lopez",
        "--with",
        "Li (owner, bakery)",
        "--when",
        "today 09:00",
    )
    found = ok(pj("recent", "--json", env=NOW)).json()[0]
    assert found["id"] == record and found["people"] == ["Tom Reed", "Maria Lopez", "Li"]


def test_retention_keeps_what_is_still_live(pj: Pj, journal: Path) -> None:
    _id(pj, "Chat", "--with", "Ann Lee", "--when", "2026-10-01 10:00", "--concern", "Lamp out")
    result = ok(pj("forget", "--before", "2026-11-01", "--yes", env=NOW))
    assert "Kept 1 concern still open or owed a report-back" in result.stdout
    concern = ok(pj("concerns", "--json", env=NOW)).json()[0]
    assert concern["text"] == "Lamp out" and concern["raised_by"] == ["Ann Lee"]
    assert "[erased]" not in concern["text"]


def test_check_counts_meetings_as_people_does(pj: Pj, journal: Path) -> None:
    for hour in (9, 10, 11):
        _id(
            pj,
            "Chat",
            "--with",
            "Tom Reed",
            "--when",
            f"today {hour:02d}:00",
            "--concern",
            f"Worry {hour}",
        )
    _id(pj, "Chat", "--with", "Tom Reid", "--when", "today 11:30")
    check = ok(pj("check", env=NOW)).stdout
    assert 'person "Tom Reid" (met 1 time) looks like "Tom Reed" (met 3 times)' in check


def test_the_look_alike_note_gives_the_whole_command(pj: Pj, journal: Path) -> None:
    _id(pj, "Chat", "--with", "Siobhán Ó Briain", "--when", "today 09:00")
    result = ok(
        pj(
            "log",
            "Again",
            "--with",
            "Siobhan O'Brien",
            "--with",
            "Tom Reed",
            "--when",
            "today 10:00",
            "--json",
            env=NOW,
        )
    )
    record = result.json()["id"]
    assert (
        f"pj amend {record} --with 'Siobhán Ó Briain' --with 'Tom Reed' to correct" in result.stderr
    )


def test_brief_counts_visits_in_words(pj: Pj, journal: Path) -> None:
    _id(pj, "Walk", "--at", "Elm Park", "--kind", "patrol", "--when", "today 09:00")
    screen = ok(pj("brief", "Elm Park", env=NOW)).stdout
    assert "1 visit, last" in screen and "1 visit in the last 8 weeks" in screen
    assert "a week" not in screen


def test_migrate_of_a_current_journal_is_not_an_error(pj: Pj, journal: Path) -> None:
    result = pj("migrate", env=NOW)
    assert result.exit_code == 0 and "nothing to migrate" in result.stdout


def test_the_summary_says_reopened_and_priority_in_words(pj: Pj, journal: Path) -> None:
    raised = ok(
        pj(
            "concern",
            "raise",
            "Gate broken",
            "--priority",
            "high",
            "--when",
            "2026-11-23 09:00",
            "--json",
            env=NOW,
        )
    ).json()["id"]
    ok(pj("concern", "resolve", raised, "--when", "2026-11-24 09:00", env=NOW))
    ok(pj("concern", "reopen", raised, "--when", "2026-11-25 09:00", env=NOW))
    text = ok(pj("summary", "--week", "2026-W48", "--format", "markdown", env=NOW)).stdout
    resolved = text.split("## Concerns resolved")[1].split("##")[0]
    assert "Gate broken (high priority, reopened, open at the end)" in resolved
    still = text.split("## Still open")[1].split("##")[0]
    assert "Gate broken (high priority, reopened)" in still
    listing = ok(pj("concerns", env=NOW)).stdout
    assert "open, high" in listing and " !" not in listing


def test_a_tip_is_credited_to_who_gave_it(pj: Pj, journal: Path) -> None:
    _id(
        pj,
        "Chat",
        "--with",
        "Ann Lee",
        "--with",
        "Tom Reed",
        "--tip",
        "Van at night",
        "--tip-from",
        "Tom Reed",
        "--when",
        "2026-11-24 10:00",
    )
    _id(
        pj,
        "Chat",
        "--with",
        "Ann Lee",
        "--with",
        "Tom Reed",
        "--tip",
        "Bikes stolen",
        "--when",
        "2026-11-25 10:00",
    )
    _id(pj, "Chat", "--with", "Li", "--tip", "Gate left open", "--when", "2026-11-26 10:00")
    ann = ok(pj("person", "Ann Lee", "--json", env=NOW)).json()
    tom = ok(pj("person", "Tom Reed", "--json", env=NOW)).json()
    li = ok(pj("person", "Li", "--json", env=NOW)).json()
    assert ann["tips"] == []
    assert [t["text"] for t in tom["tips"]] == ["Van at night"]
    assert [t["text"] for t in li["tips"]] == ["Gate left open"]  # the one person met
    tips = _summary(pj, "2026-W48")["tips"]
    assert [(t["text"], t["from"]) for t in tips] == [
        ("Van at night", "Tom Reed"),
        ("Bikes stolen", None),
        ("Gate left open", "Li"),
    ]
    export = ok(pj("person", "Ann Lee", "--export", "--format", "json", env=NOW)).json()
    assert all(not item["tips"] for item in export["interactions"])


def test_search_finds_concerns_raised_on_their_own_and_notes(pj: Pj, journal: Path) -> None:
    alone = ok(
        pj(
            "concern",
            "raise",
            "Fly-tipping on Mill Lane",
            "--when",
            "2026-11-23 09:00",
            "--json",
            env=NOW,
        )
    ).json()["id"]
    ok(pj("concern", "note", alone, "Council ref L-4471", "--when", "2026-11-24 09:00", env=NOW))
    record = _id(
        pj, "Chat", "--with", "Ann Lee", "--concern", "Lamp out", "--when", "2026-11-25 10:00"
    )
    lamp = ok(pj("recent", "--json", env=NOW)).json()[0]["concerns"][0]
    ok(pj("concern", "note", lamp, "Ticket 99-Q", "--when", "2026-11-26 09:00", env=NOW))
    found = ok(pj("search", "L-4471", "--json", env=NOW)).json()
    assert [(r["type"], r["id"], r["matched"]) for r in found] == [("concern", alone, ["note"])]
    found = ok(pj("search", "ticket 99-q", "--json", env=NOW)).json()
    assert [(r["type"], r["id"], r["matched"]) for r in found] == [
        ("interaction", record, ["note"])
    ]
    screen = ok(pj("search", "fly-tipping", env=NOW)).stdout
    assert "Concerns found" in screen and "Fly-tipping on Mill Lane" in screen


def test_the_same_concern_open_twice_is_noted(pj: Pj, journal: Path) -> None:
    first = ok(
        pj(
            "concern",
            "raise",
            "Lamp out by the gate",
            "--by",
            "Ann Lee",
            "--at",
            "Elm Park",
            "--when",
            "2026-11-23 09:00",
            "--json",
            env=NOW,
        )
    ).json()["id"]
    again = ok(
        pj(
            "log",
            "Chat",
            "--with",
            "Tom Reed",
            "--concern",
            "lamp  out by the GATE",
            "--when",
            "2026-11-24 10:00",
            env=NOW,
        )
    )
    assert f"is open already as concern {first[:6]}" in again.stderr or first[:4] in again.stderr
    assert "pj concern note" in again.stderr and "by Ann Lee at Elm Park" in again.stderr


def test_recurring_concerns_are_grouped_wherever_they_were_raised(pj: Pj, journal: Path) -> None:
    for place, day in (("Elm Park", 10), ("Mill Lane", 12), (None, 14)):
        args = ["concern", "raise", "Needles found in the bushes", "--when", f"2026-11-{day} 09:00"]
        ok(pj(*args, *(["--at", place] if place else []), env=NOW))
    groups = ok(pj("concerns", "--recurring", "--json", env=NOW)).json()
    assert len(groups) == 1 and groups[0]["count"] == 3
    assert groups[0]["places"] == ["Elm Park", "Mill Lane"]


def test_help_version_and_the_manual_page(pj: Pj, journal: Path) -> None:
    assert ok(pj("version")).stdout.startswith("patrol-journal ")
    assert ok(pj("-V")).stdout == ok(pj("version")).stdout
    assert "Usage: pj concern resolve" in ok(pj("help", "concern", "resolve")).stdout
    assert "<bool>" not in ok(pj("log", "--help")).stdout
    page = ok(pj("help", "--man")).stdout
    assert page.startswith(".TH PJ 1") and r"\fBpj log\fR" in page and "--tip-from" in page
    unknown = pj("help", "nonsense")
    assert unknown.exit_code == 2 and "no command 'pj nonsense'" in unknown.stderr


def test_a_summary_of_a_range_speaks_of_the_period_and_charts_weeks(pj: Pj, journal: Path) -> None:
    _id(pj, "Walk", "--at", "Elm Park", "--when", "2026-10-20 10:00")
    _id(pj, "Chat", "--with", "Ann Lee", "--when", "2026-11-20 10:00")
    for form in ("rich", "markdown", "html"):
        text = ok(
            pj(
                "summary",
                "--since",
                "2026-10-19",
                "--until",
                "2026-11-29",
                "--format",
                form,
                env=NOW,
            )
        ).stdout
        assert "this week" not in text and "coming week" not in text, form
        charted = "Interactions per week, by kind" if form == "html" else "Contacts per week"
        assert charted in text and "per day" not in text, form
    markdown = ok(
        pj(
            "summary",
            "--since",
            "2026-10-19",
            "--until",
            "2026-11-29",
            "--format",
            "markdown",
            env=NOW,
        )
    ).stdout
    chart = markdown.split("## Contacts per week")[1].split("##")[0]
    assert len([line for line in chart.splitlines() if line.startswith("- ")]) == 6
    week = ok(pj("summary", "--week", "2026-W47", "--format", "markdown", env=NOW)).stdout
    assert "## Contacts per day" in week and "not visited this week" in week


@pytest.mark.parametrize("columns", ["60", "80", "120", "200"])
def test_tables_give_the_text_room_and_titles_are_whole(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    record = _id(
        pj,
        "Long chat about the broken lights on the estate and the van",
        "--with",
        "Maria Lopez, Tom Reed",
        "--at",
        "St Mary's Church Hall",
        "--when",
        "2026-11-26 11:00",
    )
    ok(pj("amend", record, "--kind", "meeting", env=NOW))
    screen = ok(pj("recent", env=NOW)).stdout
    assert all(len(line) <= int(columns) for line in screen.splitlines())
    if int(columns) >= 80:  # the text whole enough to read, its mark unbroken
        assert "(corrected)" in screen
    summary = " ".join(ok(pj("summary", "--week", "2026-W48", env=NOW)).stdout.split())
    assert summary.startswith(
        "Week 2026-W48: Mon 23 Nov to Sun 29 Nov 2026 (so far, to Sat 12:00) — Sam Rivera"
    )


def test_concern_show_and_the_export_speak_in_words(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    concern = ok(
        pj(
            "concern",
            "raise",
            "Bins",
            "--by",
            "Ann Lee",
            "--category",
            "waste",
            "--when",
            "2026-11-23 09:00",
            "--json",
            env=NOW,
        )
    ).json()["id"]
    ok(
        pj(
            "concern",
            "note",
            concern,
            "Council called",
            "--due",
            "2026-11-27 17:00",
            "--when",
            "2026-11-24 09:00",
            env=NOW,
        )
    )
    shown = ok(pj("concern", "show", concern, env=NOW)).stdout
    assert "category: waste" in shown and "Fri 27 Nov 2026 17:00" in shown
    assert "2026-11-27 17:00" not in shown
    for _ in range(2):
        ok(pj("person", "Ann Lee", "--role", "resident", env=NOW))
    _id(pj, "Chat", "--with", "Ann Lee", "--when", "2026-11-25 10:00")
    export = ok(pj("person", "Ann Lee", "--export", env=NOW)).stdout
    assert "Roles recorded: resident\n" in export
    assert "Wed 25 Nov 2026 10:00" in export and "2026-11-25T10:00" not in export
    monkeypatch.setattr("patrol_journal.cli.log.at_a_terminal", lambda: True)
    declined = pj("forget", "Ann Lee", input="n\n", env=NOW)
    assert declined.exit_code == 1 and "Nothing was erased." in declined.stderr
    assert "recorded" not in declined.stderr


def test_a_concern_can_be_corrected_and_keeps_its_history(pj: Pj, journal: Path) -> None:
    concern = ok(
        pj(
            "concern",
            "raise",
            "Lamp out by the gate",
            "--by",
            "Ann Lee",
            "--at",
            "Elm Prak",
            "--when",
            "2026-11-23 09:00",
            "--json",
            env=NOW,
        )
    ).json()["id"]
    ok(pj("concern", "note", concern, "Council ref L-1", "--when", "2026-11-24 09:00", env=NOW))
    fixed = ok(
        pj(
            "concern",
            "amend",
            concern,
            "--text",
            "Two lamps out by the gate",
            "--at",
            "Elm Park",
            "--by",
            "Ann Lee, Tom Reed",
            "--priority",
            "high",
            "--when",
            "2026-11-25 09:00",
            "--json",
            env=NOW,
        )
    ).json()
    assert fixed["text"] == "Two lamps out by the gate" and fixed["place"] == "Elm Park"
    assert fixed["raised_by"] == ["Ann Lee", "Tom Reed"] and fixed["priority"] == "high"
    assert fixed["status"] == "open" and fixed["updates"] == 1  # a correction is not a step
    shown = ok(pj("concern", "show", concern, env=NOW)).stdout
    assert "raise: Lamp out by the gate" in shown  # what it said before, kept
    assert "amend: now reads: Two lamps out by the gate; at Elm Park" in shown
    brief = ok(pj("brief", "Elm Park", "--json", env=NOW)).json()
    assert [c["id"] for c in brief["open_concerns"]] == [concern]
    tom = ok(pj("person", "Tom Reed", "--json", env=NOW)).json()
    assert [c["id"] for c in tom["concerns"]] == [concern]
    assert [r["id"] for r in ok(pj("search", "two lamps", "--json", env=NOW)).json()] == [concern]
    assert ok(pj("check", "--strict", env=NOW)).exit_code == 0
    nothing = pj("concern", "amend", concern, env=NOW)
    assert nothing.exit_code == 2 and "nothing to correct" in nothing.stderr


@pytest.mark.parametrize(
    "by", [["--by", "Zoë Hart", "--by", "Ann Lee"], ["--by", "Zoë Hart, Ann Lee"]]
)
def test_who_to_tell_is_in_the_order_they_were_written(
    pj: Pj, journal: Path, by: list[str]
) -> None:
    raised = ["concern", "raise", "Bins", *by, "--json"]
    concern = ok(pj(*raised, "--when", "2026-11-23 09:00", env=NOW)).json()["id"]
    ok(pj("concern", "resolve", concern, "--when", "2026-11-24 09:00", env=NOW))
    owed = ok(pj("concerns", "--to-report-back", "--json", env=NOW)).json()
    assert owed[0]["raised_by"] == ["Zoë Hart", "Ann Lee"]
    assert [t["name"] for t in owed[0]["tell"]] == ["Zoë Hart", "Ann Lee"]


def test_people_met_as_often_are_listed_by_name(pj: Pj, journal: Path) -> None:
    met = ["--with", "Zoë Hart", "--with", "Maria Lopez", "--with", "Jose Garcia"]
    logged_id = _id(pj, "Chat", *met, "--at", "Corner Shop", "--when", "2026-11-25 10:00")
    ok(pj("amend", logged_id, "--when", "2026-11-25 09:00", env=NOW))
    place = ok(pj("places", "--json", env=NOW)).json()[0]
    assert place["people"] == ["Jose Garcia", "Maria Lopez", "Zoë Hart"]
