"""The views an officer reads: what each says, in words that read right."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-11-25 12:00", "COLUMNS": "140"}  # a Wednesday


def _concern(pj: Pj, *args: str) -> str:
    result = ok(pj("concern", "raise", *args, "--json", env=NOW))
    return str(result.json()["id"])


def test_concern_show_says_who_where_and_how_urgent(pj: Pj, journal: Path) -> None:
    concern_id = _concern(
        pj, "Speeding at school time", "--by", "Tom Reed", "--at", "Mill Lane", "--priority", "high"
    )
    shown = ok(pj("concern", "show", concern_id, env=NOW)).stdout
    assert "raised by: Tom Reed" in shown
    assert "where: Mill Lane" in shown
    assert "priority: high" in shown


def test_recurring_groups_show_ids_and_whole_texts(pj: Pj, journal: Path) -> None:
    long_text = "Streetlights out by the north gate of the park again, the whole row of them"
    first = _concern(pj, long_text, "--at", "Elm Park", "--when", "2026-11-02 10:00")
    second = _concern(pj, long_text + " tonight", "--at", "Elm Park", "--when", "2026-11-16 10:00")
    shown = ok(pj("concerns", "--recurring", env=NOW)).stdout
    assert "1 group" in shown and "1 groups" not in shown
    assert first[:6] in shown and second[:6] in shown
    assert "…" not in shown and "them tonight" in shown  # whole, wrapped rather than cut


def test_search_says_where_it_found_the_words(pj: Pj, journal: Path) -> None:
    logged(pj, "Chat by the swings", "--tip", "Van by the canal", env=NOW)
    logged(pj, "Walked the canal path", "--concern", "Broken light on the canal path", env=NOW)
    rows = {r["text"]: r["matched"] for r in ok(pj("search", "canal", "--json", env=NOW)).json()}
    assert rows == {"Chat by the swings": ["tip"], "Walked the canal path": ["text", "concern"]}
    screen = ok(pj("search", "canal", env=NOW)).stdout
    assert "found in" in screen and "text, concern" in screen


def test_brief_follow_ups_are_this_weeks(pj: Pj, journal: Path) -> None:
    this_week = _concern(
        pj, "Bins", "--at", "Elm Park", "--due", "2026-11-28", "--when", "2026-11-20 10:00"
    )
    next_week = _concern(
        pj, "Gate", "--at", "Elm Park", "--due", "2026-12-01", "--when", "2026-11-20 10:00"
    )
    overdue = _concern(
        pj, "Bench", "--at", "Elm Park", "--due", "2026-11-21", "--when", "2026-11-20 10:00"
    )
    due = [c["id"] for c in ok(pj("brief", "Elm Park", "--json", env=NOW)).json()["follow_ups_due"]]
    assert sorted(due) == sorted([this_week, overdue])
    assert next_week not in due


def test_help_gives_whole_sentences(pj: Pj) -> None:
    screen = ok(pj("--help", env={"COLUMNS": "80"})).stdout
    assert "The week as it was" in screen
    assert "Correct an earlier interaction; its history keeps both versions." in screen
