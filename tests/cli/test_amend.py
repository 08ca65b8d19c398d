from pathlib import Path

from patrol_journal.journal.read import read as read_journal
from patrol_journal.model import Amendment
from tests.conftest import Pj, logged


def test_amend_appends_a_correction_and_reads_show_the_corrected_version(
    pj: Pj, journal: Path
) -> None:
    record_id = logged(
        pj,
        "Chat by the swings",
        "--with",
        "Maria Lopes",
        "--at",
        "Elm Park",
        "--when",
        "2026-10-27 10:15",
    )
    before = journal.read_bytes()
    result = pj(
        "amend", record_id[:6], "--with", "Maria Lopez", "--when", "2026-10-27 11:00", "--json"
    )
    assert result.exit_code == 0, result.stderr
    assert result.json()["amends"] == record_id
    assert journal.read_bytes().startswith(before)
    correction = read_journal(journal).records[-1]
    assert isinstance(correction, Amendment)
    assert correction.amends == record_id
    assert correction.people == ["Maria Lopez"]
    assert correction.text is None  # only what was given changes

    (current,) = pj("recent", "--json").json()
    assert current["people"] == ["Maria Lopez"]
    assert current["when"] == "2026-10-27T11:00:00+00:00"
    assert current["text"] == "Chat by the swings"
    assert current["place"] == "Elm Park"
    assert current["amended"] == 1

    history = pj("show", record_id, "--json").json()
    assert history["original"]["people"] == ["Maria Lopes"]
    assert history["current"]["people"] == ["Maria Lopez"]
    assert [c["id"] for c in history["corrections"]] == [correction.id]


def test_amend_twice_the_latest_wins(pj: Pj, journal: Path) -> None:
    record_id = logged(pj, "first text")
    assert pj("amend", record_id, "second text").exit_code == 0
    assert pj("amend", record_id, "third text", "--kind", "call").exit_code == 0
    (current,) = pj("recent", "--json").json()
    assert current["text"] == "third text"
    assert current["kind"] == "call"
    assert current["amended"] == 2


def test_amend_by_the_id_of_a_correction_corrects_the_interaction(pj: Pj, journal: Path) -> None:
    record_id = logged(pj, "first text")
    correction = pj("amend", record_id, "second", "--json").json()["id"]
    assert pj("amend", correction, "third").exit_code == 0
    (current,) = pj("recent", "--json").json()
    assert current["text"] == "third"


def test_amend_with_nothing_to_change_is_refused(pj: Pj, journal: Path) -> None:
    record_id = logged(pj, "text")
    before = journal.read_bytes()
    result = pj("amend", record_id)
    assert result.exit_code == 2
    assert "nothing to correct" in result.stderr
    assert journal.read_bytes() == before


def test_amend_unknown_and_short_ids(pj: Pj, journal: Path) -> None:
    logged(pj, "text")
    before = journal.read_bytes()
    unknown = pj("amend", "zzzzzz", "x")
    assert unknown.exit_code == 1
    assert "no interaction" in unknown.stderr
    short = pj("amend", "ab", "x")
    assert short.exit_code == 2
    assert "too short" in short.stderr
    assert journal.read_bytes() == before


def test_amend_refuses_a_concern_id(pj: Pj, journal: Path) -> None:
    concern_id = pj("log", "x", "--concern", "Noise", "--json").json()["concerns"][0]
    result = pj("amend", concern_id, "y")
    assert result.exit_code == 1
    assert "no interaction or amendment" in result.stderr
