"""`pj trends`: a row a period, each as it was at its end, held to the reference model."""

from __future__ import annotations

import csv
import io
import random
import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from patrol_journal.formats import NAMES
from tests.conftest import Pj, ok
from tests.helpers import printed_pages
from tests.oracle.model import Model

PEOPLE = ["Maria Lopez", "Tom O'Brien", "José García", "Li Wei", "Ann Lee", "Priya Shah"]
PLACES = ["Elm Park", "Mill Lane", "Oak Estate", "Gate 3"]
KINDS = ["chat", "patrol", "meeting", "call"]


def at(moment: datetime) -> dict[str, str]:
    return {"PJ_NOW": moment.strftime("%Y-%m-%d %H:%M")}


def beat(pj: Pj, weeks: int = 16, seed: int = 7) -> datetime:
    """Sixteen weeks of a beat from Monday 2026-08-10: contacts most days (none at all in
    week 5), concerns raised, noted with follow-ups, resolved, reported back and reopened,
    a contact moved to another week by a correction. Returns the moment after the last."""
    chance = random.Random(seed)
    start = datetime(2026, 8, 10, 9, 0)
    concerns: list[tuple[str, str]] = []  # (id, status)
    moment = start
    logged: list[str] = []
    for day in range(weeks * 7):
        if day // 7 == 5:
            continue  # a week with nothing recorded
        for _ in range(chance.randint(0, 3)):
            moment = start + timedelta(days=day, minutes=chance.randint(0, 600))
            args = ["log", f"Contact {day}", "--kind", chance.choice(KINDS), "--json"]
            args += ["--at", chance.choice(PLACES)]
            for person in chance.sample(PEOPLE, chance.randint(0, 2)):
                args += ["--with", person]
            if chance.random() < 0.2:
                args += ["--tip", "A van at night"]
            if chance.random() < 0.2:
                args += ["--shared", "Lock your bike"]
            if chance.random() < 0.15:
                args += ["--concern", f"Problem {day}"]
            result = ok(pj(*args, env=at(moment))).json()
            logged.append(result["id"])
            concerns += [(concern, "open") for concern in result["concerns"]]
        moment = start + timedelta(days=day, hours=11)
        for number, (concern, status) in enumerate(concerns):
            roll = chance.random()
            if status == "open" and roll < 0.1:
                ok(pj("concern", "note", concern, "Chased", "--due", "in 3 days", env=at(moment)))
            elif status == "open" and roll < 0.2:
                ok(pj("concern", "resolve", concern, env=at(moment)))
                concerns[number] = (concern, "resolved")
            elif status == "resolved" and roll < 0.3:
                ok(pj("concern", "report-back", concern, env=at(moment)))
                concerns[number] = (concern, "reported-back")
            elif status == "reported-back" and roll < 0.05:
                ok(pj("concern", "reopen", concern, env=at(moment)))
                concerns[number] = (concern, "open")
    moved = start + timedelta(days=45, hours=2)
    ok(pj("amend", logged[3], "--when", moved.strftime("%Y-%m-%d %H:%M"), env=at(moment)))
    return moment + timedelta(hours=1)


KEYS = (
    "interactions", "people", "new_people", "regulars_kept", "places", "places_of_beat",
    "kinds", "tips", "shared", "concerns_raised", "concerns_resolved",
    "concerns_reported_back", "concerns_open", "median_days_to_resolve",
    "p90_days_to_resolve", "median_days_to_report_back", "report_back_rate", "reopen_rate",
    "overdue_follow_ups",
)  # fmt: skip


@pytest.mark.slow
def test_sixteen_weeks_equal_the_reference_model_week_by_week(pj: Pj, journal: Path) -> None:
    now = beat(pj)
    data = ok(pj("trends", "--since", "2026-08-10", "--json", env=at(now))).json()
    assert data["by"] == "week" and len(data["periods"]) == 16
    bounds = [
        (int(datetime.fromisoformat(p["start"]).timestamp()),
         int(datetime.fromisoformat(p["end"]).timestamp()))
        for p in data["periods"]
    ]  # fmt: skip
    bounds[-1] = (
        bounds[-1][0],
        int(datetime.fromisoformat(now.isoformat() + "+00:00").timestamp()),
    )
    expected = Model([(journal, None)]).trends(bounds)
    for number, (period, model) in enumerate(zip(data["periods"], expected, strict=True)):
        assert {key: period[key] for key in KEYS} == model, number
    quiet = data["periods"][5]  # nothing recorded: a row of zeros, not a missing row
    assert (quiet["interactions"], quiet["people"], quiet["tips"]) == (0, 0, 0)
    assert quiet["report_back_rate"] is None
    assert sum(p["interactions"] for p in data["periods"]) == len(
        Model([(journal, None)]).interactions
    )
    # Three weeks in the middle: a short stretch, read by time rather than by person.
    data = ok(
        pj("trends", "--since", "2026-09-21", "--until", "2026-10-11", "--json", env=at(now))
    ).json()
    bounds = [
        (int(datetime.fromisoformat(p["start"]).timestamp()),
         int(datetime.fromisoformat(p["end"]).timestamp()))
        for p in data["periods"]
    ]  # fmt: skip
    assert len(bounds) == 3
    expected = Model([(journal, None)]).trends(bounds)
    for number, (period, model) in enumerate(zip(data["periods"], expected, strict=True)):
        assert {key: period[key] for key in KEYS} == model, number


def test_a_week_with_nothing_is_a_row_of_zeros_and_a_rate_of_nothing_is_null(
    pj: Pj, journal: Path
) -> None:
    ok(pj("log", "First", "--with", "Maria Lopez", env={"PJ_NOW": "2026-11-02 10:00"}))
    ok(pj("log", "Again", "--with", "Maria Lopez", env={"PJ_NOW": "2026-11-20 10:00"}))
    data = ok(
        pj("trends", "--since", "2026-11-02", "--json", env={"PJ_NOW": "2026-11-25 10:00"})
    ).json()
    counts = [(p["start"][:10], p["interactions"], p["new_people"], p["regulars_kept"])
              for p in data["periods"]]  # fmt: skip
    assert counts == [
        ("2026-11-02", 1, 1, 0),
        ("2026-11-09", 0, 0, 0),
        ("2026-11-16", 1, 0, 1),  # met again 18 days later: a regular kept
        ("2026-11-23", 0, 0, 0),
    ]
    assert all(p["report_back_rate"] is None for p in data["periods"])
    assert [p["partial"] for p in data["periods"]] == [False, False, False, True]
    assert set(data["periods"][0]) == {
        "start", "end", "partial", "interactions", "people", "new_people", "regulars_kept",
        "places", "places_of_beat", "kinds", "tips", "shared", "concerns_raised",
        "concerns_resolved", "concerns_reported_back", "concerns_open", "median_days_to_resolve",
        "p90_days_to_resolve", "median_days_to_report_back", "report_back_rate",
        "reopen_rate", "overdue_follow_ups",
    }  # fmt: skip


def test_weeks_and_months_across_the_clocks_change(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A week of 169 hours and a month of 31 days and one hour: each contact in its own."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    ok(pj("log", "Saturday night", env={"PJ_NOW": "2026-10-24T23:30:00+01:00"}))
    ok(pj("log", "Sunday, the hour again", env={"PJ_NOW": "2026-10-25T01:30:00+00:00"}))
    ok(pj("log", "Monday at midnight", env={"PJ_NOW": "2026-10-26T00:00:00+00:00"}))
    ok(pj("log", "First of November", env={"PJ_NOW": "2026-11-01T00:30:00+00:00"}))
    now = {"PJ_NOW": "2026-11-10T12:00:00+00:00"}
    weeks = ok(pj("trends", "--since", "2026-10-19", "--json", env=now)).json()["periods"]
    assert [(p["start"], p["interactions"]) for p in weeks[:2]] == [
        ("2026-10-19T00:00:00+01:00", 2),
        ("2026-10-26T00:00:00+00:00", 2),
    ]
    months = ok(pj("trends", "--by", "month", "--since", "2026-10-01", "--json", env=now)).json()
    assert [(p["start"], p["end"], p["interactions"]) for p in months["periods"]] == [
        ("2026-10-01T00:00:00+01:00", "2026-11-01T00:00:00+00:00", 3),
        ("2026-11-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00", 1),
    ]


def test_every_format_and_the_terminal(pj: Pj, journal: Path) -> None:
    ok(pj("log", "Talked", "--with", "Maria Lopez", "--at", "Elm Park", "--concern", "Lamp out",
          env={"PJ_NOW": "2026-11-02 10:00"}))  # fmt: skip
    now = {"PJ_NOW": "2026-11-25 10:00", "COLUMNS": "160"}
    screen = ok(pj("trends", "--since", "2026-11-02", env=now)).stdout
    assert "contacts" in screen and "█▁▁▁" in screen and "open at the end" in screen
    rows = list(csv.DictReader(io.StringIO(ok(pj("trends", "--format", "csv", "--since",
                                                  "2026-11-02", env=now)).stdout)))  # fmt: skip
    assert [row["interactions"] for row in rows] == ["1", "0", "0", "0"]
    assert rows[0]["kinds.chat"] == "1" and rows[0]["concerns_open"] == "1"
    page = ok(pj("trends", "--format", "html", "--since", "2026-11-02", env=now)).stdout
    assert page.count("<svg") == 18 and "<script" not in page and "http" not in page
    markdown = ok(pj("trends", "--format", "markdown", "--since", "2026-11-02", env=now)).stdout
    assert "| contacts | █▁▁▁ | 1 | 0 |" in markdown
    narrow = ok(pj("trends", "--since", "2026-11-02", env={**now, "COLUMNS": "60"})).stdout
    assert "│ contacts " in narrow and " last " in narrow and "last/first" not in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 60
    bad = pj("trends", "--by", "fortnight", env=now)
    assert bad.exit_code == 2 and bad.stderr.strip() == "--by fortnight: use week or month"


@pytest.mark.parametrize("name", NAMES)
def test_redacted_trends_name_no_one_in_every_format(pj: Pj, journal: Path, name: str) -> None:
    ok(pj("log", "Maria Lopez about the lamp", "--with", "Maria Lopez", "--at", "Elm Park",
          env={"PJ_NOW": "2026-11-02 10:00"}))  # fmt: skip
    out = ok(pj("trends", "--redact", "--format", name, env={"PJ_NOW": "2026-11-25 10:00"})).stdout
    assert "Maria" not in out and "Lopez" not in out


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdfinfo")), reason="needs chromium, pdfinfo"
)
def test_the_trends_page_and_the_busiest_example_week_print_on_few_a4_pages(
    pj: Pj, tmp_path: Path
) -> None:
    example = tmp_path / "beat.toml"
    shutil.copyfile(Path(__file__).parents[2] / "examples" / "elm-park-beat.toml", example)
    example.chmod(0o600)
    now = {"PJ_NOW": "2026-11-25 12:00"}
    busiest = max(
        ok(pj("--journal", str(example), "trends", "--json", env=now)).json()["periods"],
        key=lambda period: period["interactions"],
    )
    week = datetime.fromisoformat(busiest["start"]).strftime("%G-W%V")
    summary = tmp_path / "week.html"
    ok(pj("--journal", str(example), "summary", "--week", week, "--output", str(summary), env=now))
    assert printed_pages(summary, tmp_path) <= 2
    trends = tmp_path / "trends.html"
    ok(pj("--journal", str(example), "trends", "--by", "month", "--since", "2025-12-01",
          "--output", str(trends), env=now))  # fmt: skip
    assert printed_pages(trends, tmp_path) == 1


def test_what_a_review_found(pj: Pj, journal: Path) -> None:
    """A long run of periods stays readable; a correction cannot make days negative; the
    place is named as known; a --since after now is one line."""
    ok(
        pj(
            "log",
            "Seen",
            "--with",
            "Ann Lee",
            "--at",
            "Elm Park",
            env={"PJ_NOW": "2026-11-02 10:00"},
        )
    )
    raised = ok(pj("log", "Dog fouling", "--at", "Elm Park", "--concern", "Dog fouling",
                   "--json", env={"PJ_NOW": "2026-11-03 10:00"})).json()  # fmt: skip
    ok(pj("concern", "resolve", raised["concerns"][0], env={"PJ_NOW": "2026-11-04 12:00"}))
    ok(pj("amend", raised["id"], "--when", "2026-11-04 13:00", env={"PJ_NOW": "2026-11-05 10:00"}))
    now = {"PJ_NOW": "2026-11-25 10:00", "COLUMNS": "100"}
    data = ok(pj("trends", "--since", "2026-11-02", "--json", env=now)).json()
    assert [p["median_days_to_resolve"] for p in data["periods"]] == [0.0, None, None, None]
    screen = ok(pj("trends", "--since", "1990-01-01", env=now)).stdout
    assert "│ contacts " in screen and max(len(line) for line in screen.splitlines()) <= 100
    assert ok(pj("trends", "--at", "elm park", "--json", env=now)).json()["place"] == "Elm Park"
    future = pj("trends", "--since", "2026-12-20", env=now)
    assert future.exit_code == 2 and "is after now" in future.stderr


@pytest.mark.slow
def test_a_team_s_trends_are_per_officer_in_every_format(remote: Path, tmp_path: Path) -> None:
    """Two officers on real git: the totals, then a row an officer, in the terminal,
    Markdown, HTML and CSV (officer "all" for the team's own rows); redacted, no name."""
    from tests.helpers import Officer, clone

    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    for day in range(1, 20):
        alice.log(f"Chat {day}", "-w", "Maria Lopez", now=f"2026-11-{day:02d} 10:00")
        if day % 2:
            bob.log(f"Patrol {day}", "-k", "patrol", now=f"2026-11-{day:02d} 22:00")
    alice.sync()
    bob.sync()
    alice.sync()
    now = "2026-11-27 12:00"
    shown = alice("trends", "--team", "--since", "2026-11-01", now=now)
    assert shown.exit_code == 0, shown.stderr
    assert "By officer" in shown.stdout
    assert "Alice Ward" in shown.stdout and "Bob Stone" in shown.stdout, shown.stdout[-3000:]
    rows = list(csv.DictReader(io.StringIO(alice("trends", "--team", "-f", "csv", now=now).stdout)))
    by = {(row["officer"], row["start"][:10]): row for row in rows}
    assert {row["officer"] for row in rows} == {"all", "Alice Ward", "Bob Stone"}
    week = "2026-11-09"  # Mon 9 .. Sun 15: Alice every day, Bob on 9, 11, 13, 15
    assert (by[("Alice Ward", week)]["interactions"], by[("Bob Stone", week)]["interactions"]) == (
        "7",
        "4",
    )
    assert by[("all", week)]["interactions"] == "11"
    markdown = alice("trends", "--team", "-f", "markdown", now=now).stdout
    assert "By officer" in markdown and "Bob Stone" in markdown
    page = alice("trends", "--team", "-f", "html", now=now).stdout
    assert "<h2>By officer</h2>" in page and page.count("<svg") > 18
    for form in NAMES:
        hidden = alice("trends", "--team", "--redact", "-f", form, now=now)
        assert hidden.exit_code == 0, (form, hidden.stderr)
        assert "Alice" not in hidden.stdout and "Bob" not in hidden.stdout, form
