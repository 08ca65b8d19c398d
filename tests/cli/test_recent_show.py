from pathlib import Path

from tests.conftest import Pj, ok


def test_recent_lists_newest_first_by_when_not_file_order(pj: Pj, journal: Path) -> None:
    ok(pj("log", "Tuesday chat", "--when", "2026-11-17 10:00"))
    ok(pj("log", "Monday chat", "--when", "2026-11-16 10:00"))
    ok(pj("log", "Wednesday chat", "--when", "2026-11-18 10:00"))
    texts = [row["text"] for row in pj("recent", "--json").json()]
    assert texts == ["Wednesday chat", "Tuesday chat", "Monday chat"]
    assert [row["text"] for row in pj("recent", "-n", "2", "--json").json()] == texts[:2]


def test_recent_json_keys(pj: Pj, journal: Path) -> None:
    ok(pj("log", "Hi", "--with", "Maria Lopez", "--at", "Elm Park", "--concern", "Lights"))
    (row,) = pj("recent", "--json").json()
    assert set(row) == {
        "id",
        "when",
        "kind",
        "text",
        "people",
        "place",
        "tips",
        "tip_from",
        "shared",
        "tags",
        "concerns",
        "amended",
    }
    assert len(row["concerns"]) == 1


def test_recent_table_shows_the_columns(pj: Pj, journal: Path) -> None:
    ok(
        pj(
            "log",
            "Chat by the swings",
            "--with",
            "Maria Lopez",
            "--at",
            "Elm Park",
            "--when",
            "2026-10-27 10:15",
            "--concern",
            "Lights",
        )
    )
    result = pj("recent")
    assert result.exit_code == 0
    for text in ("Chat by the swings", "Maria Lopez", "Elm Park", "Tue 27 Oct", "10:15"):
        assert text in result.stdout


def test_recent_on_an_empty_journal_says_so(pj: Pj, journal: Path) -> None:
    result = pj("recent")
    assert result.exit_code == 0
    assert result.stdout.startswith("No interactions yet.")


def test_recent_rejects_a_bad_count(pj: Pj, journal: Path) -> None:
    result = pj("recent", "-n", "0")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_show_an_interaction_with_its_concern(pj: Pj, journal: Path) -> None:
    data = pj("log", "Chat", "--with", "Maria", "--concern", "Lights out", "--json").json()
    result = pj("show", data["id"][:5])
    assert result.exit_code == 0
    assert "Chat" in result.stdout
    assert "Lights out" in result.stdout
    history = pj("show", data["id"], "--json").json()
    assert history["type"] == "interaction"
    assert history["concerns"][0]["id"] == data["concerns"][0]
    assert history["concerns"][0]["status"] == "open"


def test_show_a_concern_by_its_id(pj: Pj, journal: Path) -> None:
    data = pj("log", "Chat", "--concern", "Lights out", "--json").json()
    history = pj("show", data["concerns"][0], "--json").json()
    assert history["type"] == "concern"
    assert history["text"] == "Lights out"
    assert [e["action"] for e in history["events"]] == ["raise"]


def test_show_unknown_id(pj: Pj, journal: Path) -> None:
    result = pj("show", "0000000")
    assert result.exit_code == 1
    assert "starting '0000000'" in result.stderr
