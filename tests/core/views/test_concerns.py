"""views.concerns and the pure lifecycle: lists, states at a moment, allowed steps."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from patrol_journal.errors import InvalidTransition
from patrol_journal.lifecycle import fold_concern, transition_problem
from patrol_journal.views.concerns import (
    check_transition,
    list_concerns,
    states_at,
    status_at,
    to_report_back,
)
from tests.core.inline import index_of
from tests.core.views.beat import BEAT

NOW = datetime.fromisoformat("2026-11-20T12:00:00+00:00")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_lists_by_status_overdue_first(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        open_rows = list_concerns(index, NOW)
        every = list_concerns(index, NOW, status="all")
        overdue = list_concerns(index, NOW, overdue=True)
        at_park = list_concerns(index, NOW, status="all", place_key="elm park")
        by_tom = list_concerns(index, NOW, status="all", person_key="tom reed")
    assert [r["id"] for r in open_rows] == ["c000000002"]
    assert open_rows[0]["overdue"] and open_rows[0]["priority"] == "high"
    assert open_rows[0]["due"] == "2026-11-10T09:00:00+00:00"
    assert {r["id"]: r["status"] for r in every} == {
        "c000000001": "resolved",
        "c000000002": "open",
    }
    assert [r["id"] for r in overdue] == ["c000000002"]
    assert [r["id"] for r in at_park] == ["c000000001"]
    assert [r["id"] for r in by_tom] == ["c000000002"]


def test_status_at_any_moment(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        assert status_at(index, "c000000001", at("2026-11-01T00:00:00+00:00")) is None
        assert status_at(index, "c000000001", at("2026-11-08T23:59:59+00:00")) == "open"
        assert status_at(index, "c000000001", at("2026-11-11T08:00:00+00:00")) == "resolved"
        assert states_at(index, at("2026-11-08T23:59:59+00:00")) == {
            "c000000001": "open",
            "c000000002": "open",
        }


def test_report_back_list_says_who_to_tell_and_where(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        (row,) = to_report_back(index, NOW)
    assert row["id"] == "c000000001"
    assert row["tell"] == [{"name": "Maria Lopez", "usually_at": "Elm Park"}]


def test_transitions_checked_at_when(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        with pytest.raises(InvalidTransition, match="already resolved"):
            check_transition(index, "c000000001", "resolve", NOW)
        # before it was resolved, resolving it was allowed
        assert check_transition(index, "c000000001", "resolve", at("2026-11-09T00:00:00+00:00"))
        with pytest.raises(InvalidTransition, match="cannot be before"):
            check_transition(index, "c000000001", "note", at("2026-11-01T00:00:00+00:00"))


@pytest.mark.parametrize(
    ("status", "action", "unresolved", "problem"),
    [
        ("open", "resolve", False, None),
        ("resolved", "resolve", False, "already resolved"),
        ("reported-back", "resolve", False, "already resolved and reported back"),
        ("open", "report-back", False, "still open"),
        ("open", "report-back", True, None),
        ("resolved", "report-back", False, None),
        ("reported-back", "report-back", False, "already been reported back"),
        ("open", "reopen", False, "already open"),
        ("resolved", "reopen", False, None),
        ("open", "note", False, None),
    ],
)
def test_transition_rules(status: str, action: str, unresolved: bool, problem: str | None) -> None:
    found = transition_problem(status, action, "c00000", unresolved=unresolved)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_fold_takes_steps_in_time_order() -> None:
    steps = [
        ("raise", 100, "t100", None, None, None, 0),
        ("note", 150, "t150", 400, "t400", "Council", 0),
        ("resolve", 200, "t200", None, None, None, 0),
        ("reopen", 300, "t300", None, None, None, 0),
    ]
    state = fold_concern(steps)
    assert state["status"] == "open"
    assert state["updates"] == 3
    assert state["referred_to"] == "Council"
    assert state["resolved_ts"] is None
    assert state["due_ts"] is None  # the resolve cleared the due date
    assert fold_concern(steps[:3])["status"] == "resolved"
