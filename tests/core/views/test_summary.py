"""views.summary: the week as it was at its end."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from patrol_journal.calendar import parse_week
from patrol_journal.views.redact import Redactor, redact_summary
from patrol_journal.views.summary import public, summarise
from tests.core.inline import index_of
from tests.core.views.beat import BEAT

NOW = datetime.fromisoformat("2026-11-20T12:00:00+00:00")


def test_week_45_as_it_was(tmp_path: Path) -> None:
    start, end = parse_week("2026-W45", NOW)
    with index_of(tmp_path, BEAT) as index:
        week = summarise(index, start, end, officer=index.officer)
    assert week["period"]["start"] == "2026-11-02" and week["period"]["end"] == "2026-11-08"
    assert week["totals"] == {
        "interactions": 3,
        "people": 2,
        "new_people": 2,
        "places": 2,
        "tips": 1,
        "shared": 1,
        "concerns_opened": 2,
        "concerns_resolved": 0,
        "concerns_open": 2,  # the lights were resolved the week after: open at this week's end
    }
    assert [d["interactions"] for d in week["per_day"]] == [1, 0, 1, 1, 0, 0, 0]
    assert week["officer"] == "Sam Rivera"


def test_week_46_new_people_not_seen_and_owed(tmp_path: Path) -> None:
    start, end = parse_week("2026-W46", NOW)
    with index_of(tmp_path, BEAT) as index:
        week = summarise(index, start, end)
    assert {p["name"]: p["new"] for p in week["people"]} == {
        "Maria Lopez": False,
        "Tom Reed": False,
        "Ana Diaz": True,
    }
    assert week["totals"]["concerns_resolved"] == 1
    assert [c["id"] for c in week["owed_report_backs"]] == ["c000000001"]
    assert [p["name"] for p in week["not_visited"]] == ["Elm Park"]
    assert week["previous"]["interactions"] == 3


def test_redact_and_public(tmp_path: Path) -> None:
    start, end = parse_week("2026-W45", NOW)
    with index_of(tmp_path, BEAT) as index:
        week = summarise(index, start, end)
        shared = redact_summary(week, Redactor.of(index))
    assert shared["redacted"] is True
    assert shared["tips"] == [{"place": "other places", "count": 1}]
    assert "Maria" not in str(shared) and "Tom Reed" not in str(shared)
    assert shared["people_by_role"] == "fewer than 3 people"  # no role, no count
    assert "key" not in str(public(week)["people"])


def test_the_redactor_takes_names_out_of_text_whatever_their_spelling() -> None:
    redactor = Redactor(["José García", "Maria Lopez", "Tom Park"])
    # "Park" is Tom's name too: taken out wherever it stands (over-matching is safe).
    assert redactor.text("JOSE garcia said Maria's gate is broken at Elm Park") == (
        "[name] said [name]'s gate is broken at Elm [name]"
    )
    assert redactor.text("Tom saw it") == "[name] saw it"  # short names are names
    assert redactor.text("Ask Lopez, or josé") == "Ask [name], or [name]"


def test_the_contacts_chart_stacks_every_interaction_of_a_day_by_kind() -> None:
    from patrol_journal.render.summary_files import _stacked

    days = [
        {"label": "Mon", "kinds": {"patrol": 2, "chat": 1}, "to_come": False},
        {"label": "Tue", "kinds": {"chat": 6}, "to_come": False},
        {"label": "Wed", "kinds": {}, "to_come": False},
        {"label": "Thu", "kinds": {}, "to_come": True},
    ]
    bars, legend = _stacked(days)
    monday, tuesday, wednesday, thursday = bars
    assert [(p["kind"], p["count"]) for p in monday["pieces"]] == [("patrol", 2), ("chat", 1)]
    assert sum(p["height"] for p in monday["pieces"]) == monday["height"] == 50
    assert monday["pieces"][0]["y"] == 115 - 33  # the most frequent kind at the bottom
    assert monday["pieces"][1]["y"] + monday["pieces"][1]["height"] == monday["pieces"][0]["y"]
    assert tuesday["height"] == 100 and tuesday["total"] == 6  # the fullest day: the top
    assert (wednesday["pieces"], wednesday["total"]) == ([], 0)
    assert (thursday["pieces"], thursday["total"]) == ([], "")  # still to come: no figure
    assert [kind for kind, _ in legend] == ["chat", "patrol"]  # in the order of the kinds
    assert len({colour for _, colour in legend}) == 2
