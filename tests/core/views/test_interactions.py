"""views.interactions: interactions as they read now, recent and search."""

from __future__ import annotations

from pathlib import Path

from patrol_journal.views.interactions import interaction, recent, search
from tests.core.inline import index_of
from tests.core.views.beat import BEAT


def test_recent_is_newest_first_with_corrections_applied(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        latest = recent(index, 2)
        assert [view.id for view in latest] == ["a000000005", "a000000004"]
        corrected = latest[1]
        assert corrected.place == "Mill Lane Shop"  # the amendment moved it from the Library
        assert corrected.amended == 1
        assert corrected.people == ["Maria Lopez", "Tom Reed"]


def test_one_interaction_carries_its_concerns_and_first_spelling(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        first = interaction(index, "a000000001")
        assert first.concerns == ["c000000001"]
        assert first.tips == ["Van with no plates by the gate"]
        second = interaction(index, "a000000002")
        assert second.people == ["Maria Lopez"]  # typed "maria  lopez": shown as first spelt
        assert second.place == "Elm Park"


def test_search_words_fields_and_filters(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        assert [v.id for v in search(index, "STREETLIGHTS")] == ["a000000001"]  # concern text
        assert [v.id for v in search(index, "plates van")] == ["a000000001"]  # a tip, any order
        assert [v.id for v in search(index, None, kind="business")] == ["a000000003"]
        assert [v.id for v in search(index, None, place_key="library")] == ["a000000005"]
        assert [v.id for v in search(index, "shop", person_key="tom reed")] == [
            "a000000004",
            "a000000003",
        ]
        assert search(index, "nothing like this") == []
