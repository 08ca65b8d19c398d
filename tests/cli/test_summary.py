"""The weekly summary: the week as it was, in every format."""

from __future__ import annotations

import html.parser
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import Pj, ok

GOLDEN = Path(__file__).parent / "golden"
EXAMPLE = Path(__file__).parents[2] / "examples" / "elm-park-beat.toml"
NOW = {"PJ_NOW": "2026-11-25 12:00"}


@pytest.fixture
def three_weeks(pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Weeks 2026-W45..W47 in New York time, with a late Sunday entry."""
    monkeypatch.setenv("TZ", "America/New_York")
    import time

    time.tzset()

    def log(when: str, text: str, *extra: str) -> dict[str, object]:
        result = pj("log", text, "--when", when, *extra, "--json", env=NOW)
        assert result.exit_code == 0, result.stderr
        data: dict[str, object] = result.json()
        return data

    # W45 (Mon 2 Nov .. Sun 8 Nov)
    log("2026-11-02 10:00", "Hello", "--with", "Maria Lopez", "--at", "Elm Park")
    log(
        "2026-11-04 15:00",
        "Shop",
        "--with",
        "Tom Reed",
        "--at",
        "Mill Lane",
        "--tip",
        "Van with no plates",
    )
    raised = log(
        "2026-11-05 11:00",
        "Lights",
        "--with",
        "Maria Lopez",
        "--at",
        "Elm Park",
        "--concern",
        "Streetlights out",
    )
    log(
        "2026-11-08 23:30",
        "Late Sunday round",
        "--with",
        "Tom Reed",
        "--at",
        "Mill Lane",
        "--shared",
        "Lock your car",
    )  # Sunday 23:30 local: still week 45
    # W46 (Mon 9 Nov .. Sun 15 Nov): Maria is missed; a new person
    log(
        "2026-11-10 12:00",
        "Met a student",
        "--with",
        "Ana Diaz",
        "--at",
        "Library",
        "--shared",
        "Lock your car",
    )
    log("2026-11-12 12:00", "Shop again", "--with", "Tom Reed", "--at", "Mill Lane")
    # W47 (Mon 16 Nov .. Sun 22 Nov)
    concern_id = raised["concerns"][0]  # type: ignore[index]
    assert (
        pj("concern", "resolve", concern_id, "--when", "2026-11-17 09:00", env=NOW).exit_code == 0
    )
    log("2026-11-18 10:00", "Told Maria", "--with", "Maria Lopez", "--at", "Elm Park")
    return journal


def _summary(pj: Pj, week: str) -> dict[str, object]:
    result = pj("summary", "--week", week, "--format", "json", env=NOW)
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_totals_of_each_week_exactly(pj: Pj, three_weeks: Path) -> None:
    w45, w46, w47 = (_summary(pj, f"2026-W{n}") for n in (45, 46, 47))
    assert w45["period"] == {
        "start": "2026-11-02",
        "end": "2026-11-08",
        "start_time": "2026-11-02T00:00:00-05:00",
        "end_time": "2026-11-09T00:00:00-05:00",
        "so_far": False,
        "as_of": "2026-11-09T00:00:00-05:00",
        "week_start": 0,
    }
    assert w45["totals"] == {
        "interactions": 4,
        "people": 2,
        "new_people": 2,
        "places": 2,
        "tips": 1,
        "shared": 1,
        "concerns_opened": 1,
        "concerns_resolved": 0,
        "concerns_open": 1,
    }
    assert w46["totals"] == {
        "interactions": 2,
        "people": 2,
        "new_people": 1,
        "places": 2,
        "tips": 0,
        "shared": 1,
        "concerns_opened": 0,
        "concerns_resolved": 0,
        "concerns_open": 1,
    }
    assert w47["totals"] == {
        "interactions": 1,
        "people": 1,
        "new_people": 0,
        "places": 1,
        "tips": 0,
        "shared": 0,
        "concerns_opened": 0,
        "concerns_resolved": 1,
        "concerns_open": 0,
    }
    # the concern resolved in week 47 is still open in week 46's summary
    assert [c["text"] for c in w46["concerns"]["open"]] == ["Streetlights out"]  # type: ignore[index]
    assert [p["name"] for p in w46["not_seen"]] == ["Maria Lopez"]  # type: ignore[union-attr]
    assert [p["name"] for p in w45["not_seen"]] == []  # type: ignore[union-attr]
    assert [c["text"] for c in w47["owed_report_backs"]] == ["Streetlights out"]  # type: ignore[union-attr]
    people46 = {p["name"]: p["new"] for p in w46["people"]}  # type: ignore[union-attr]
    assert people46 == {"Ana Diaz": True, "Tom Reed": False}
    sunday = [d for d in w45["per_day"] if d["weekday"] == "Sun"]  # type: ignore[union-attr]
    assert sunday == [
        {
            "date": "2026-11-08",
            "weekday": "Sun",
            "interactions": 1,
            "contacts": 1,
            "kinds": {"chat": 1},
            "to_come": False,
        }
    ]


def test_summary_json_has_the_contract_keys(pj: Pj, three_weeks: Path) -> None:
    data = _summary(pj, "2026-W45")
    assert set(data) == {
        "period",
        "previous",
        "per_day",
        "not_visited",
        "owed_report_backs",
        "tips",
        "shared",
        "officer",
        "totals",
        "people",
        "places",
        "concerns",
        "follow_ups_due",
        "not_seen",
        "kinds",
        "list_totals",
    }
    assert set(data["concerns"]) == {"opened", "resolved", "reported_back", "open"}  # type: ignore[arg-type]
    assert data["officer"] == "Sam Rivera"


def test_count_bounds_the_lists_and_list_totals_count_them_all(pj: Pj, journal: Path) -> None:
    """`-n` holds each list of concerns, owed report-backs and follow-ups to its first N
    (the oldest), in every format; JSON's `list_totals` counts every row."""
    opened = []
    for day in range(1, 6):
        result = pj(
            "concern",
            "raise",
            f"Concern number {day}",
            "--when",
            f"2026-11-{day + 10:02d} 09:00",
            "--due",
            "2026-11-27",
            "--json",
            env=NOW,
        )
        opened.append(ok(result).json()["id"])
    every = ok(pj("summary", "--json", env=NOW)).json()
    assert [c["id"] for c in every["concerns"]["open"]] == opened
    assert len(every["follow_ups_due"]) == 5
    totals = {
        "concerns": {"opened": 0, "resolved": 0, "reported_back": 0, "open": 5},
        "owed_report_backs": 0,
        "follow_ups_due": 5,
    }
    assert every["list_totals"] == totals
    two = ok(pj("summary", "--json", "-n", "2", env=NOW)).json()
    assert [c["id"] for c in two["concerns"]["open"]] == opened[:2]
    assert two["follow_ups_due"] == every["follow_ups_due"][:2]  # soonest due first
    assert two["list_totals"] == totals
    screen = ok(pj("summary", "--count", "2", env=NOW)).stdout
    assert "Concern number 2" in screen
    assert screen.count("… and 3 more") == 2
    markdown = ok(pj("summary", "--format", "markdown", "-n", "2", env=NOW)).stdout
    assert markdown.count("_… and 3 more._") == 2
    page = ok(pj("summary", "--format", "html", "-n", "4", env=NOW)).stdout
    assert page.count("… and 1 more.") == 2
    # Redacted: numbered over every row, then cut; the lists still say how many more.
    whole = ok(pj("summary", "--redact", "--json", env=NOW)).json()
    cut = ok(pj("summary", "--redact", "--json", "-n", "2", env=NOW)).json()
    assert cut["concerns"]["open"] == whole["concerns"]["open"][:2]
    assert cut["list_totals"] == whole["list_totals"] == totals
    redacted = ok(pj("summary", "--redact", "-n", "2", env=NOW)).stdout
    assert redacted.count("… and 3 more") == 2
    redacted_md = ok(pj("summary", "--redact", "--format", "markdown", "-n", "2", env=NOW)).stdout
    assert redacted_md.count("_… and 3 more._") == 2
    before = journal.read_bytes()
    for bad in ("0", "two", "-1"):
        refused = pj("summary", "-n", bad, env=NOW)
        assert refused.exit_code == 2 and refused.stdout == ""
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert journal.read_bytes() == before


def test_this_and_last_week_and_ranges(pj: Pj, three_weeks: Path) -> None:
    this = _summary(pj, "this")
    assert this["period"]["start"] == "2026-11-23"  # type: ignore[index]
    last = _summary(pj, "last")
    assert last["period"]["start"] == "2026-11-16"  # type: ignore[index]
    ranged = pj("summary", "--since", "2026-11-02", "--until", "2026-11-15", "--json", env=NOW)
    assert json.loads(ranged.stdout)["totals"]["interactions"] == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-W99"], "not a week of 2026"),
        (["--week", "soon"], "not a week"),
        (["--format", "pdf"], "unknown format"),
        (["--week", "last", "--since", "2026-11-01"], "either --week or --since"),
        (["--since", "2026-11-20", "--until", "2026-11-10"], "before --until"),
    ],
)
def test_bad_summary_options(pj: Pj, three_weeks: Path, args: list[str], message: str) -> None:
    result = pj("summary", *args, env=NOW)
    assert result.exit_code == 2
    assert message in result.stderr


def test_output_is_written_atomically_and_never_over_the_journal(
    pj: Pj, three_weeks: Path, tmp_path: Path
) -> None:
    target = tmp_path / "week.md"
    result = pj(
        "summary", "--week", "2026-W45", "--format", "markdown", "--output", str(target), env=NOW
    )
    assert result.exit_code == 0
    assert target.read_text().startswith("# Week 2026-W45")
    before = three_weeks.read_bytes()
    refused = pj("summary", "--output", str(three_weeks), env=NOW)
    assert refused.exit_code == 2 and "journal itself" in refused.stderr
    assert three_weeks.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".week.md")]


def test_redact_names_no_one_and_hides_tips_and_notes(pj: Pj, three_weeks: Path) -> None:
    ok(pj("person", "Tom Reed", "--role", "shop owner", env=NOW))
    ok(pj("person", "Tom Reed", "--note", "Lives above the shop", env=NOW))
    for fmt in ("json", "markdown", "html", "rich"):
        result = pj("summary", "--week", "2026-W45", "--format", fmt, "--redact", env=NOW)
        assert result.exit_code == 0
        for hidden in ("Tom Reed", "Maria Lopez", "Lives above the shop", "Van with no plates"):
            assert hidden not in result.stdout, (fmt, hidden)
        assert "redacted" in result.stdout
    data = json.loads(pj("summary", "--week", "2026-W45", "--json", "--redact", env=NOW).stdout)
    assert data["redacted"] is True
    assert data["tips"] == [{"place": "other places", "count": 1}]  # a single tip: no place
    assert "shop owner" not in json.dumps(data)  # the one shop owner: not even a count
    assert data["people_by_role"] == "fewer than 3 people"


def test_rich_fits_eighty_columns_and_has_no_colour_when_piped(pj: Pj, three_weeks: Path) -> None:
    result = pj("summary", "--week", "2026-W45", env={**NOW, "COLUMNS": "200"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "\x1b[" not in result.stdout
    for heading in ("Contacts per day", "People met", "Tips received"):
        assert heading in result.stdout


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_user_text(pj: Pj, journal: Path) -> None:
    evil = "<script>alert('x')</script> & Co"
    ok(
        pj(
            "log",
            "Chat <b>bold</b>",
            "--with",
            evil,
            "--at",
            "Elm <Park>",
            "--tip",
            "<img src=x onerror=alert(1)>",
            "--when",
            "2026-11-17 10:00",
            env=NOW,
        )
    )
    page = pj("summary", "--week", "2026-W47", "--format", "html", env=NOW).stdout
    collector = _Collector()
    collector.feed(page)
    assert "script" not in collector.tags and "img" not in collector.tags
    assert "&lt;script&gt;" in page
    assert evil in "".join(collector.text)
    assert "<link" not in page and "http" not in page.replace("http-equiv", "")


def _example_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "example.toml"
    shutil.copyfile(EXAMPLE, copy)
    os.chmod(copy, 0o600)
    return copy


@pytest.mark.parametrize(
    ("fmt", "golden"), [("markdown", "example-w46.md"), ("html", "example-w46.html")]
)
def test_golden_files_of_the_example_week(
    fmt: str, golden: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from typer.testing import CliRunner

    from patrol_journal.cli import app

    result = CliRunner().invoke(
        app,
        [
            "--journal",
            str(_example_copy(tmp_path)),
            "summary",
            "--week",
            "2026-W46",
            "--format",
            fmt,
        ],
        env={"PJ_NOW": "2026-11-22 20:00"},
    )
    assert result.exit_code == 0, result.stderr
    expected = GOLDEN / golden
    if os.environ.get("PJ_UPDATE_GOLDEN"):
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")


def test_concern_lists_carry_their_status_at_the_end_of_the_week(pj: Pj, three_weeks: Path) -> None:
    raised = pj(
        "concern", "raise", "Broken bench", "--when", "2026-11-02 09:00", "--json", env=NOW
    ).json()["id"]
    ok(pj("concern", "resolve", raised, "--when", "2026-11-03 09:00", env=NOW))
    ok(pj("concern", "report-back", raised, "--when", "2026-11-04 09:00", env=NOW))
    data = _summary(pj, "2026-W45")
    statuses = {c["text"]: c["status"] for c in data["concerns"]["opened"]}  # type: ignore[index]
    assert statuses == {"Streetlights out": "open", "Broken bench": "reported-back"}
    assert [c["text"] for c in data["concerns"]["reported_back"]] == ["Broken bench"]  # type: ignore[index]
    assert data["totals"]["concerns_open"] == 1  # type: ignore[index]
    assert _summary(pj, "2026-W46")["previous"]["concerns_open"] == 1  # type: ignore[index]


def test_a_concern_is_as_old_in_every_list_of_the_summary(pj: Pj, journal: Path) -> None:
    """Still open, and due for a follow-up: one age, counted to the period's last day."""
    later = {"PJ_NOW": "2026-12-01 09:00"}  # the week is over
    raised = pj(
        "concern",
        "raise",
        "Gate",
        "--at",
        "Park",
        "--when",
        "2026-11-16 10:00",
        "--json",
        env=later,
    )
    assert raised.exit_code == 0, raised.stderr
    note = ["Called", "--due", "2026-11-30", "--when", "2026-11-20 10:00"]
    ok(pj("concern", "note", raised.json()["id"], *note, env=later))
    data = ok(pj("summary", "--week", "2026-W48", "--json", env=later)).json()
    (still_open,) = data["concerns"]["open"]
    (due,) = data["follow_ups_due"]
    assert still_open["age_days"] == due["age_days"] == 13  # 16 Nov to Sun 29 Nov


def test_the_terminal_makes_only_the_rows_it_shows_and_counts_the_rest(
    pj: Pj, journal: Path
) -> None:
    """With more concerns than the terminal shows, it makes the first ten of each list
    (the same ten the full lists start with) and says how many more there are."""
    from patrol_journal.index.store import Index
    from patrol_journal.views.summary import summarise

    env = {"PJ_NOW": "2026-11-20 18:00"}
    ids = []
    for number in range(14):
        when = f"2026-11-{2 + number // 3:02d} {9 + number % 3:02d}:00"
        found = pj(
            "log",
            f"Chat {number}",
            "-w",
            "Ann Lee",
            "-c",
            f"Problem {number}",
            "--when",
            when,
            "--json",
            env=env,
        )
        ids += ok(found).json()["concerns"]
    for concern_id in ids[:12]:
        ok(pj("concern", "resolve", concern_id, "--when", "2026-11-17 10:00", env=env))
    for concern_id in ids[12:]:
        ok(pj("concern", "note", concern_id, "Asked again", "--due", "2026-11-24", env=env))
    from datetime import datetime

    start, end, now = (
        datetime.fromisoformat(f"{moment}+00:00")
        for moment in ("2026-11-16 00:00", "2026-11-23 00:00", "2026-11-20 18:00")
    )
    with Index.open(journal) as index:
        full = summarise(index, start, end, now=now)
        cut = summarise(index, start, end, now=now, limit=10)
    for key in ("owed_report_backs", "follow_ups_due"):
        assert cut[key] == full[key][:10] and cut[key].total == len(full[key])
    for key in ("resolved", "open", "opened"):
        assert cut["concerns"][key] == full["concerns"][key][:10]
        assert cut["concerns"][key].total == len(full["concerns"][key])
    assert len(full["owed_report_backs"]) == 12 and len(full["concerns"]["resolved"]) == 12

    shown = ok(pj("summary", "--week", "2026-W47", env={**env, "COLUMNS": "120"})).stdout
    assert shown.count("… and 2 more") == 2  # resolved, and owed a report-back
    everything = ok(pj("summary", "--week", "2026-W47", "--json", env=env)).json()
    assert len(everything["owed_report_backs"]) == 12  # JSON: every row
