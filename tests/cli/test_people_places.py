"""People and places: the officer's memory, through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Pj, ok

NOW = {"PJ_NOW": "2026-11-25 12:00"}


@pytest.fixture
def beat(pj: Pj, journal: Path) -> Path:
    """Three weeks on a small beat, with names typed with different case and spacing."""
    entries = [
        ("2026-11-02 10:00", "Maria Lopez", "Elm Park", "Chat by the swings"),
        ("2026-11-04 15:30", "maria  lopez", "elm park", "Asked about the lights"),
        ("2026-11-04 16:00", "Tom Reed", "Mill Lane Shop", "Shop visit"),
        ("2026-11-11 09:15", "MARIA LOPEZ", "Mill Lane Shop", "Bumped into her at the shop"),
        ("2026-11-18 20:00", "Tom Reed", "Mill Lane Shop", "Evening check"),
        ("2026-11-05 12:00", "Ana Diaz", "Library", "First meeting"),
        ("2026-11-24 12:00", "Ana Diaz", "Library", "Second meeting"),
    ]
    for when, who, where, text in entries:
        result = pj("log", text, "--with", who, "--at", where, "--when", when, env=NOW)
        assert result.exit_code == 0, result.stderr
    ok(
        pj(
            "concern",
            "raise",
            "Lights out by the gate",
            "--by",
            "Maria Lopez",
            "--at",
            "Elm Park",
            "--when",
            "2026-11-04 15:30",
            env=NOW,
        )
    )
    ok(pj("person", "Maria Lopez", "--role", "resident", env=NOW))
    ok(pj("person", "Maria Lopez", "--note", "Dog called Rex", env=NOW))
    return journal


def _by_name(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(row["name"]): row for row in rows}


def test_people_counts_first_last_and_places(pj: Pj, beat: Path) -> None:
    rows = _by_name(pj("people", "--json", env=NOW).json())
    assert set(rows) == {"Maria Lopez", "Tom Reed", "Ana Diaz"}
    maria = rows["Maria Lopez"]
    assert set(maria) == {
        "name",
        "days_since",
        "role",
        "interactions",
        "first_met",
        "last_met",
        "places",
        "open_concerns",
    }
    assert maria["role"] == "resident"
    assert maria["interactions"] == 3
    assert maria["first_met"] == "2026-11-02T10:00:00+00:00"
    assert maria["last_met"] == "2026-11-11T09:15:00+00:00"
    assert maria["places"] == ["Elm Park", "Mill Lane Shop"]
    assert maria["open_concerns"] == 1
    assert rows["Tom Reed"]["interactions"] == 2
    assert rows["Tom Reed"]["places"] == ["Mill Lane Shop"]


def test_people_filters(pj: Pj, beat: Path) -> None:
    at_shop = _by_name(pj("people", "--at", "mill lane shop", "--json", env=NOW).json())
    assert {name: row["interactions"] for name, row in at_shop.items()} == {
        "Maria Lopez": 1,
        "Tom Reed": 2,
    }
    week = pj("people", "--since", "2026-11-09", "--until", "2026-11-15", "--json", env=NOW).json()
    assert [row["name"] for row in week] == ["Maria Lopez"]
    by_count = pj("people", "--sort", "count", "--json", env=NOW).json()
    assert by_count[0]["name"] == "Maria Lopez"


def test_not_seen_for_boundaries(pj: Pj, beat: Path) -> None:
    # Maria last met 2026-11-11, 14 days before 2026-11-25; Tom 11-18 (7 days);
    # Ana 11-24 (1 day). Everyone was met at least twice.
    def names(days: int) -> list[str]:
        return [
            r["name"] for r in pj("people", "--not-seen-for", str(days), "--json", env=NOW).json()
        ]

    assert names(14) == ["Maria Lopez"]
    assert names(15) == []
    assert names(7) == ["Maria Lopez", "Tom Reed"]  # oldest first
    assert names(8) == ["Maria Lopez"]
    assert names(1) == ["Maria Lopez", "Tom Reed", "Ana Diaz"]


def test_someone_met_once_is_not_neglected(pj: Pj, journal: Path) -> None:
    ok(pj("log", "Hello", "--with", "Once Only", "--when", "2026-10-01 10:00", env=NOW))
    assert pj("people", "--not-seen-for", "21", "--json", env=NOW).json() == []


def test_places_and_not_visited_for(pj: Pj, beat: Path) -> None:
    rows = _by_name(pj("places", "--json", env=NOW).json())
    assert set(rows) == {"Elm Park", "Mill Lane Shop", "Library"}
    park = rows["Elm Park"]
    assert set(park) == {
        "name",
        "visits",
        "first_visit",
        "last_visit",
        "days_since",
        "people",
        "open_concerns",
        "kinds",
    }
    assert park["visits"] == 2
    assert park["last_visit"] == "2026-11-04T15:30:00+00:00"
    assert park["people"] == ["Maria Lopez"]
    assert park["open_concerns"] == 1
    assert rows["Mill Lane Shop"]["people"] == ["Tom Reed", "Maria Lopez"]
    assert [
        r["name"] for r in pj("places", "--not-visited-for", "21", "--json", env=NOW).json()
    ] == ["Elm Park"]
    assert [
        r["name"] for r in pj("places", "--not-visited-for", "22", "--json", env=NOW).json()
    ] == []


def test_person_card(pj: Pj, beat: Path) -> None:
    card = pj("person", "maria", "--json", env=NOW).json()
    assert set(card) == {
        "name",
        "notes",
        "usual_places",
        "contacts_by_month",
        "times_of_day",
        "tips",
        "shared",
        "to_report_back",
        "role",
        "interactions",
        "first_met",
        "last_met",
        "places",
        "timeline",
        "concerns",
        "concerns_reported_back",
    }
    assert card["name"] == "Maria Lopez"
    assert card["interactions"] == 3
    assert [item["text"] for item in card["timeline"]] == [
        "Bumped into her at the shop",
        "Asked about the lights",
        "Chat by the swings",
    ]
    assert card["notes"][0]["note"] == "Dog called Rex"
    assert card["concerns"][0]["text"] == "Lights out by the gate"
    shown = pj("person", "Maria Lopez", env=NOW)
    assert "Dog called Rex" in shown.stdout and "resident" in shown.stdout


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("Maria Lopz", 1, "did you mean 'Maria Lopez'"),
        ("Lopez Maria", 1, "did you mean 'Maria Lopez'"),
        ("Zebedee", 1, "no person called 'Zebedee'"),
        ("  ", 2, "empty"),
    ],
)
def test_person_name_matching(pj: Pj, beat: Path, name: str, code: int, message: str) -> None:
    result = pj("person", name, env=NOW)
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_prefix_and_ambiguity(pj: Pj, beat: Path) -> None:
    assert pj("person", "tom", "--json", env=NOW).json()["name"] == "Tom Reed"
    ok(pj("log", "Hi", "--with", "Tomasz Nowak", env=NOW))
    ambiguous = pj("person", "tom", env=NOW)
    assert ambiguous.exit_code == 2
    assert "Tom Reed" in ambiguous.stderr and "Tomasz Nowak" in ambiguous.stderr


def test_an_amended_interaction_shows_only_its_corrected_version(pj: Pj, journal: Path) -> None:
    record_id = pj(
        "log",
        "Chat",
        "--with",
        "Maria Lopes",
        "--at",
        "Elm Prak",
        "--when",
        "2026-11-20 10:00",
        "--json",
        env=NOW,
    ).json()["id"]
    ok(pj("amend", record_id, "--with", "Maria Lopez", "--at", "Elm Park", env=NOW))
    assert [r["name"] for r in pj("people", "--json", env=NOW).json()] == ["Maria Lopez"]
    assert [r["name"] for r in pj("places", "--json", env=NOW).json()] == ["Elm Park"]
    assert pj("person", "Maria Lopes", env=NOW).exit_code == 1
    assert [r["id"] for r in pj("search", "elm", "--json", env=NOW).json()] == [record_id]
    assert pj("search", "prak", "--json", env=NOW).json() == []
    assert pj("brief", "Elm Park", "--json", env=NOW).json()["people"][0]["name"] == "Maria Lopez"


def test_near_miss_note_on_log_and_in_check(pj: Pj, beat: Path) -> None:
    ok(pj("recent", env=NOW))  # refresh the index, as any view does
    result = pj("log", "Chat", "--with", "Maria Lopes", env=NOW)
    assert result.exit_code == 0
    assert '"Maria Lopes" looks like "Maria Lopez" (met 3 times)' in result.stderr
    check = pj("check")
    assert check.exit_code == 0
    assert 'person "Maria Lopes" (met 1 time) looks like "Maria Lopez"' in check.stdout


def test_brief(pj: Pj, beat: Path) -> None:
    data = pj("brief", "elm park", "--json", env=NOW).json()
    assert data["place"] == "Elm Park"
    assert data["visits"] == 2
    assert data["people"][0]["name"] == "Maria Lopez"
    # what she last talked about here, not at the shop (where she was met later)
    assert data["people"][0]["last_topic"] == "Asked about the lights"
    assert [c["text"] for c in data["open_concerns"]] == ["Lights out by the gate"]
    shown = pj("brief", "Elm Park", env=NOW)
    assert "Maria Lopez" in shown.stdout and "Lights out by the gate" in shown.stdout


def test_search(pj: Pj, beat: Path) -> None:
    ok(
        pj(
            "log",
            "Talked about the Café",
            "--with",
            "Élodie Martin",
            "--tip",
            "Van by the canal",
            "--tag",
            "Night",
            "--when",
            "2026-11-23 21:00",
            env=NOW,
        )
    )
    assert [r["text"] for r in pj("search", "CAFÉ", "--json").json()] == ["Talked about the Café"]
    assert [r["text"] for r in pj("search", "élodie", "--json").json()] == ["Talked about the Café"]
    assert [r["text"] for r in pj("search", "canal", "--json").json()] == ["Talked about the Café"]
    assert len(pj("search", "--with", "maria lopez", "--json").json()) == 3
    # The concern raised on its own is found beside the interaction.
    assert [(r["type"], r["text"]) for r in pj("search", "lights", "--json").json()] == [
        ("interaction", "Asked about the lights"),
        ("concern", "Lights out by the gate"),
    ]
    assert len(pj("search", "--tag", "night", "--json").json()) == 1
    assert [
        r["text"] for r in pj("search", "--at", "library", "--since", "2026-11-20", "--json").json()
    ] == ["Second meeting"]
    assert pj("search", "nothing-like-this").stdout.startswith("Nothing found")


def test_views_on_an_empty_journal_say_so(pj: Pj, journal: Path) -> None:
    assert pj("people").stdout.startswith("Nobody met yet")
    assert pj("places").stdout.startswith("No places yet")
    assert "No concerns" in pj("concerns").stdout


def test_name_completion_from_the_cache(
    pj: Pj, beat: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_journal.cli.complete import complete_person, complete_place

    ok(pj("recent"))
    monkeypatch.setenv("PATROL_JOURNAL", str(journal_path))
    assert complete_person(None, None, "mar") == ["Maria Lopez"]  # type: ignore[arg-type]
    assert complete_place(None, None, "m") == ["Mill Lane Shop"]  # type: ignore[arg-type]
    assert complete_person(None, None, "MARÍA") == ["Maria Lopez"]  # type: ignore[arg-type]


def test_a_long_known_resident_s_card_shows_what_is_live_and_the_newest(
    pj: Pj, journal: Path
) -> None:
    """The terminal card makes only what it shows: the same newest 20 meetings and tips
    as the full card (JSON), every live concern, the last five closed and how many more."""
    from datetime import datetime

    from patrol_journal.index.store import Index
    from patrol_journal.views.names import resolve
    from patrol_journal.views.people import person_card

    env = {"PJ_NOW": "2026-11-28 18:00"}
    for number in range(30):
        when = f"2026-11-{1 + number // 2:02d} {8 + number % 2 * 10:02d}:00"
        extra = ["--tip", f"Van seen {number}"] if number % 3 == 0 else []
        extra += ["-c", f"Problem {number}"] if number < 9 else []
        ok(pj("log", f"Chat {number}", "-w", "Ann Lee", "--when", when, *extra, env=env))
    # two meetings at the same minute, across the 20th newest
    ok(pj("log", "Same time", "-w", "Ann Lee", "--when", "2026-11-06 08:00", env=env))
    concerns = ok(pj("concerns", "--status", "all", "--json", env=env)).json()
    told = []
    for number, concern in enumerate(concerns[:8]):
        ok(pj("concern", "resolve", concern["id"], env={"PJ_NOW": "2026-11-28 17:00"}))
        later = {"PJ_NOW": f"2026-11-28 17:{10 + number:02d}"}  # the last told: the newest
        ok(pj("concern", "report-back", concern["id"], env=later))
        told.append(concern["id"])
    now = datetime.fromisoformat("2026-11-28T18:00:00+00:00")
    with Index.open(journal) as index:
        key = resolve(index, "Ann Lee", "person")
        full, cut = person_card(index, key, now), person_card(index, key, now, limit=20)
    assert cut["timeline"] == full["timeline"][:20] and len(full["timeline"]) == 31
    assert len(cut["tips"]) >= 5 and cut["tips"] == full["tips"][: len(cut["tips"])]
    assert cut["shared"] == full["shared"][: len(cut["shared"])]
    live = [c for c in full["concerns"] if c["status"] != "reported-back"]
    by_id = {c["id"]: c for c in full["concerns"]}
    assert cut["concerns"] == live + [by_id[cid] for cid in reversed(told[3:])]
    assert cut["concerns_reported_back"] == full["concerns_reported_back"] == 8
    assert cut["interactions"] == 31
    shown = ok(pj("person", "Ann Lee", env={**env, "COLUMNS": "120"})).stdout
    assert shown.count("[reported-back]") == 5 and shown.count("[open]") == 1
    assert "… and 3 more reported back (pj concerns --with 'Ann Lee' --status all)" in shown


def test_the_times_of_day_of_a_card_are_each_meeting_s_local_hour_across_the_clocks(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted by SQLite over each stretch of one UTC offset, they equal the local hour of
    every meeting, the night the clocks go back included."""
    from datetime import datetime

    from patrol_journal.calendar import parts_of_day
    from patrol_journal.index.store import Index
    from patrol_journal.views.names import resolve
    from patrol_journal.views.people import person_card

    env = {"TZ": "Europe/London", "PJ_NOW": "2026-11-28 18:00"}
    times = ["2026-10-24 04:30", "2026-10-25 00:30", "2026-10-25 04:30", "2026-10-26 04:30",
             "2026-10-26 11:59", "2026-10-26 12:00", "2026-10-26 21:59", "2026-10-26 22:00",
             "2026-03-29 04:59", "2026-03-29 05:00"]  # fmt: skip
    for when in times:
        ok(pj("log", "Chat", "-w", "Ann Lee", "--when", when, env=env))
    monkeypatch.setenv("TZ", "Europe/London")
    with Index.open(journal) as index:
        key = resolve(index, "Ann Lee", "person")
        card = person_card(index, key, datetime.fromisoformat("2026-11-28T18:00:00+00:00"))
        meetings = [ts for (ts,) in index.db.execute("SELECT ts FROM participants")]
    assert {p["part"]: p["count"] for p in card["times_of_day"]} == dict(parts_of_day(meetings))
    assert {p["part"]: p["count"] for p in card["times_of_day"]} == {
        "night": 6, "morning": 2, "afternoon": 1, "evening": 1,
    }  # fmt: skip
