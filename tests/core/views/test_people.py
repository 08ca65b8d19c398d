"""views.people and views.places: who and where, counted from the index."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from patrol_journal.views.people import people, person_card
from patrol_journal.views.places import places
from tests.core.inline import index_of
from tests.core.views.beat import BEAT

NOW = datetime.fromisoformat("2026-11-20T12:00:00+00:00")


def test_people_counts_first_and_last_met_and_places(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        rows = {row["name"]: row for row in people(index, NOW)}
    assert set(rows) == {"Maria Lopez", "Tom Reed", "Ana Diaz"}
    maria = rows["Maria Lopez"]
    assert (maria["interactions"], maria["role"], maria["open_concerns"]) == (3, "resident", 0)
    assert maria["first_met"] == "2026-11-02T10:00:00+00:00"
    assert maria["last_met"] == "2026-11-10T11:00:00+00:00"
    assert maria["places"] == ["Elm Park", "Mill Lane Shop"]
    assert rows["Tom Reed"]["open_concerns"] == 1


def test_people_not_seen_for_keeps_regulars_only(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        # Ana was met once: never a regular; Maria and Tom were last met on the 10th.
        names = [row["name"] for row in people(index, NOW, not_seen_for=10)]
        assert sorted(names) == ["Maria Lopez", "Tom Reed"]
        assert people(index, NOW, not_seen_for=11) == []


def test_people_with_a_limit_are_the_first_of_everyone(tmp_path: Path) -> None:
    """A terminal makes only the rows it shows: the first of the full list, in every
    order, with every detail, and `total` counting everyone."""
    with index_of(tmp_path, BEAT) as index:
        for sort in ("last", "count", "name"):
            every = people(index, NOW, sort=sort)
            assert every.total == len(every) == 3
            for limit in (1, 2, 3, 5):
                first = people(index, NOW, sort=sort, limit=limit)
                assert first == every[:limit] and first.total == 3
        regulars = people(index, NOW, not_seen_for=10)
        assert people(index, NOW, not_seen_for=10, limit=1) == regulars[:1]


def test_person_card(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        card = person_card(index, "maria lopez", NOW)
    assert card["name"] == "Maria Lopez"
    assert [item["id"] for item in card["timeline"]] == ["a000000004", "a000000002", "a000000001"]
    assert [c["id"] for c in card["concerns"]] == ["c000000001"]
    assert card["to_report_back"] == ["c000000001"]
    assert card["tips"] == [
        {"when": "2026-11-02T10:00:00+00:00", "text": "Van with no plates by the gate"}
    ]


def test_places_visits_people_and_open_concerns(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        rows = {row["name"]: row for row in places(index, NOW)}
        neglected = [row["name"] for row in places(index, NOW, not_visited_for=16)]
    assert rows["Mill Lane Shop"]["visits"] == 2  # the corrected interaction counts here
    assert rows["Library"]["visits"] == 1
    assert rows["Mill Lane Shop"]["people"] == ["Tom Reed", "Maria Lopez"]
    assert rows["Mill Lane Shop"]["open_concerns"] == 1
    assert rows["Elm Park"]["kinds"] == {"chat": 1, "patrol": 1}
    assert neglected == ["Elm Park"]  # last visited on the 4th, sixteen days before the 20th
