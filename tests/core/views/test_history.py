"""views.history and views.brief."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from patrol_journal.views.brief import brief
from patrol_journal.views.history import record_history
from tests.core.inline import index_of
from tests.core.views.beat import BEAT

NOW = datetime.fromisoformat("2026-11-20T12:00:00+00:00")


def test_an_interaction_with_its_correction(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        history = record_history(index, "a000000004", NOW)
        via_correction = record_history(index, "m000000001", NOW)
    assert history == via_correction  # a correction's id shows what it corrects
    assert history["original"]["place"] == "Library"
    assert history["current"]["place"] == "Mill Lane Shop"
    assert [c["id"] for c in history["corrections"]] == ["m000000001"]
    assert history["line"] > 1


def test_a_concern_with_its_steps_in_order(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        history = record_history(index, "c000000003", NOW)  # the id of a step
    assert history["type"] == "concern"
    assert history["id"] == "c000000001"
    assert history["status"] == "resolved"
    assert history["raised_by"] == ["Maria Lopez"]
    assert [event["action"] for event in history["events"]] == ["raise", "resolve"]


def test_brief_of_a_place(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        shop = brief(index, "mill lane shop", NOW)
        park = brief(index, "elm park", NOW)
    assert shop["place"] == "Mill Lane Shop"
    assert shop["visits"] == 2
    assert [p["name"] for p in shop["people"]] == ["Tom Reed", "Maria Lopez"]
    assert [c["id"] for c in shop["open_concerns"]] == ["c000000002"]
    assert [c["id"] for c in shop["follow_ups_due"]] == ["c000000002"]
    assert [c["id"] for c in park["to_report_back"]] == ["c000000001"]
    assert park["recent_tips"][0]["text"] == "Van with no plates by the gate"
