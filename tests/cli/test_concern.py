"""The concern lifecycle through the command line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from patrol_journal.index.store import Index
from patrol_journal.views.concerns import status_at
from tests.conftest import Pj, ok

NOW = {"PJ_NOW": "2026-11-25 12:00"}


def _raise(pj: Pj, *args: str) -> str:
    result = pj("concern", "raise", *args, "--json", env=NOW)
    assert result.exit_code == 0, result.stderr
    return str(result.json()["id"])


def _step(pj: Pj, *args: str) -> dict[str, object]:
    result = pj("concern", *args, "--json", env=NOW)
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = result.json()
    return data


def test_a_concern_through_three_weeks(pj: Pj, journal: Path) -> None:
    data = pj(
        "log",
        "Chat by the swings",
        "--with",
        "Maria Lopez",
        "--at",
        "Elm Park",
        "--when",
        "2026-11-03 10:00",
        "--concern",
        "Broken streetlights",
        "--json",
        env=NOW,
    )
    concern_id = data.json()["concerns"][0]
    assert (
        _step(
            pj,
            "note",
            concern_id[:5],
            "Called the council",
            "--due",
            "2026-11-13",
            "--when",
            "2026-11-10 09:00",
        )["status"]
        == "open"
    )
    assert _step(pj, "resolve", concern_id, "--when", "2026-11-12 16:00")["status"] == "resolved"
    assert (
        _step(pj, "report-back", concern_id, "--note", "Told Maria", "--when", "2026-11-18 11:00")[
            "status"
        ]
        == "reported-back"
    )
    with Index.open(journal) as index:
        ends = [
            "2026-11-09T23:59:59+00:00",
            "2026-11-15T23:59:59+00:00",
            "2026-11-22T23:59:59+00:00",
        ]
        assert [status_at(index, concern_id, datetime.fromisoformat(e)) for e in ends] == [
            "open",
            "resolved",
            "reported-back",
        ]
        assert (
            status_at(index, concern_id, datetime.fromisoformat("2026-11-01T00:00:00+00:00"))
            is None
        )
    (row,) = pj("concerns", "--status", "all", "--json", env=NOW).json()
    assert row["status"] == "reported-back"
    assert set(row) == {
        "id",
        "short_id",
        "last_update",
        "overdue",
        "referred_to",
        "priority",
        "category",
        "interaction",
        "text",
        "status",
        "raised_by",
        "place",
        "opened",
        "age_days",
        "updates",
        "due",
    }
    assert row["raised_by"] == ["Maria Lopez"]
    assert row["place"] == "Elm Park"
    assert row["age_days"] == 22
    assert row["updates"] == 3


def test_history_orders_by_when_not_by_file_position(pj: Pj, journal: Path) -> None:
    concern_id = _raise(pj, "Graffiti on the underpass", "--when", "2026-11-02 09:00")
    _step(pj, "resolve", concern_id, "--when", "2026-11-20 10:00")
    _step(pj, "note", concern_id, "Reported to the council", "--when", "2026-11-05 10:00")
    history = pj("concern", "show", concern_id, "--json").json()
    assert [event["action"] for event in history["events"]] == ["raise", "note", "resolve"]


@pytest.mark.parametrize(
    ("setup", "step", "message"),
    [
        ([], ["report-back"], "still open"),
        ([["resolve"]], ["resolve"], "already resolved"),
        ([["resolve"], ["report-back"]], ["report-back"], "already been reported back"),
        ([], ["reopen"], "already open"),
        ([], ["resolve", "--when", "2026-10-01 10:00"], "cannot be before"),
    ],
)
def test_invalid_transitions_are_refused_and_nothing_is_written(
    pj: Pj, journal: Path, setup: list[list[str]], step: list[str], message: str
) -> None:
    concern_id = _raise(pj, "Noise after midnight", "--when", "2026-11-02 09:00")
    for earlier in setup:
        _step(pj, earlier[0], concern_id, *earlier[1:])
    before = journal.read_bytes()
    result = pj("concern", step[0], concern_id, *step[1:], env=NOW)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert journal.read_bytes() == before


def test_report_back_unresolved_is_allowed_explicitly(pj: Pj, journal: Path) -> None:
    concern_id = _raise(pj, "Wants a bigger bin")
    assert (
        _step(
            pj, "report-back", concern_id, "--unresolved", "--note", "Council will not change it"
        )["status"]
        == "reported-back"
    )


def test_reopen_after_resolve(pj: Pj, journal: Path) -> None:
    concern_id = _raise(pj, "Gate broken", "--when", "2026-11-02 10:00")
    _step(pj, "resolve", concern_id, "--when", "2026-11-03 10:00")
    assert (
        _step(pj, "reopen", concern_id, "--note", "Broken again", "--when", "2026-11-10 10:00")[
            "status"
        ]
        == "open"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["resolve", "zzzzzz"], 1, "no concern has an id starting 'zzzzzz'"),
        (["resolve", "ab"], 2, "too short"),
        (["note", "{id}", "  "], 2, "empty"),
        (["raise", "  "], 2, "empty"),
        (["raise", "x", "--priority", "urgent"], 2, "unknown priority"),
        (["note", "{id}", "x", "--due", "whenever"], 2, "cannot understand"),
    ],
)
def test_bad_concern_input(pj: Pj, journal: Path, args: list[str], code: int, message: str) -> None:
    concern_id = _raise(pj, "Something")
    before = journal.read_bytes()
    result = pj("concern", *[a.replace("{id}", concern_id) for a in args], env=NOW)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert journal.read_bytes() == before


def test_overdue_to_report_back_and_recurring_give_exactly_the_expected_ids(
    pj: Pj, journal: Path
) -> None:
    ok(
        pj(
            "log",
            "Hello",
            "--with",
            "Maria Lopez",
            "--at",
            "Elm Park",
            "--when",
            "2026-11-01 10:00",
            env=NOW,
        )
    )
    ok(
        pj(
            "log",
            "Hello",
            "--with",
            "Maria Lopez",
            "--at",
            "Elm Park",
            "--when",
            "2026-11-08 10:00",
            env=NOW,
        )
    )
    overdue = _raise(
        pj, "Broken swing", "--at", "Elm Park", "--due", "2026-11-20", "--when", "2026-11-01 10:00"
    )
    not_yet_due = _raise(
        pj, "Loose paving", "--at", "Elm Park", "--due", "2026-11-30", "--when", "2026-11-01 10:00"
    )
    resolved = _raise(
        pj,
        "Streetlight out on the corner",
        "--by",
        "Maria Lopez",
        "--at",
        "Elm Park",
        "--when",
        "2026-09-01 10:00",
    )
    _step(pj, "resolve", resolved, "--when", "2026-09-10 10:00")
    told = _raise(
        pj,
        "Streetlight out by the gate",
        "--by",
        "Tom",
        "--at",
        "Elm Park",
        "--when",
        "2026-10-15 10:00",
    )
    _step(pj, "resolve", told, "--when", "2026-10-20 10:00")
    _step(pj, "report-back", told, "--when", "2026-10-21 10:00")
    far_apart = _raise(pj, "Streetlight broken", "--at", "Elm Park", "--when", "2025-01-01 10:00")
    other_place = _raise(pj, "Streetlight out", "--at", "Mill Lane", "--when", "2026-10-01 10:00")

    ids = [row["id"] for row in pj("concerns", "--overdue", "--json", env=NOW).json()]
    assert ids == [overdue]
    open_ids = [row["id"] for row in pj("concerns", "--json", env=NOW).json()]
    assert open_ids[0] == overdue and set(open_ids) == {
        overdue,
        not_yet_due,
        far_apart,
        other_place,
    }

    to_tell = pj("concerns", "--to-report-back", "--json", env=NOW).json()
    assert [row["id"] for row in to_tell] == [resolved]
    assert to_tell[0]["tell"] == [{"name": "Maria Lopez", "usually_at": "Elm Park"}]

    # One problem, wherever it was raised: the same streetlight at two places is grouped;
    # one raised a year and a half before is not.
    groups = pj("concerns", "--recurring", "--json", env=NOW).json()
    assert len(groups) == 1
    assert {c["id"] for c in groups[0]["concerns"]} == {resolved, told, other_place}
    assert groups[0]["count"] == 3 and groups[0]["places"] == ["Elm Park", "Mill Lane"]


def test_concerns_filters_by_place_and_person(pj: Pj, journal: Path) -> None:
    a = _raise(pj, "One", "--by", "Maria Lopez", "--at", "Elm Park")
    _raise(pj, "Two", "--by", "Tom Reed", "--at", "Mill Lane")
    assert [r["id"] for r in pj("concerns", "--at", "elm park", "--json").json()] == [a]
    assert [r["id"] for r in pj("concerns", "--with", "maria", "--json").json()] == [a]
    unknown = pj("concerns", "--with", "Nobody")
    assert unknown.exit_code == 1 and "no person called 'Nobody'" in unknown.stderr


def test_concerns_table(pj: Pj, journal: Path) -> None:
    _raise(
        pj, "Broken streetlights", "--by", "Maria Lopez", "--at", "Elm Park", "--priority", "high"
    )
    result = pj("concerns", env=NOW)
    assert "Broken streetlights" in result.stdout and "Maria Lopez" in result.stdout
    empty = pj("concerns", "--to-report-back", env=NOW)
    assert "Nothing to report back" in empty.stdout


def test_what_was_stored_is_said_with_its_escapes_visible(pj: Pj, journal: Path) -> None:
    """click strips what looks like a style from output that is not a terminal: the
    confirmation would hide the escape the concern holds. It shows it, as every view."""
    result = pj("concern", "raise", "Esc \x1b[31m red", "--at", "Park")
    assert result.exit_code == 0, result.stderr
    assert "Esc \\x1b[31m red" in result.stdout and "\x1b" not in result.stdout
