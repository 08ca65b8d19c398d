import tomllib
from pathlib import Path

import pytest

from patrol_journal.journal.read import read as read_journal
from patrol_journal.model import ConcernEvent, Interaction, PersonRecord
from tests.conftest import Pj, ok, record_count


def test_log_appends_one_interaction_and_its_concern(pj: Pj, journal: Path) -> None:
    before = journal.read_bytes()
    result = pj(
        "log",
        "Chat by the swings",
        "--with",
        "Maria Lopez",
        "--at",
        "Elm Park",
        "--when",
        "2026-10-27 10:15",
        "--concern",
        "Broken streetlights",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert set(data) == {"id", "concerns"}
    assert len(data["concerns"]) == 1
    after = journal.read_bytes()
    assert after.startswith(before)
    assert record_count(journal) == 2  # the interaction, and the concern it raised
    records = read_journal(journal).records
    interaction, concern = records
    assert isinstance(interaction, Interaction)
    assert interaction.id == data["id"]
    assert interaction.text == "Chat by the swings"
    assert interaction.people == ["Maria Lopez"]
    assert interaction.place == "Elm Park"
    assert interaction.kind == "chat"
    assert interaction.when.isoformat() == "2026-10-27T10:15:00+00:00"
    assert isinstance(concern, ConcernEvent)
    assert concern.id == data["concerns"][0]
    assert concern.action == "raise"
    assert concern.text == "Broken streetlights"
    assert concern.raised_by == ["Maria Lopez"]
    assert concern.interaction == interaction.id
    # the whole file is still valid TOML
    assert len(tomllib.loads(after.decode())["record"]) == 2


def test_log_prints_ids_for_people(pj: Pj, journal: Path) -> None:
    result = pj("log", "Walked the car park", "--kind", "patrol", "--concern", "Gate left open")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Recorded interaction ")
    assert lines[1].startswith("Opened concern ")
    assert lines[1].endswith(": Gate left open")


def test_log_every_option_is_stored(pj: Pj, journal: Path) -> None:
    result = pj(
        "log",
        "Coffee morning at the hall",
        "--kind",
        "event",
        "-w",
        "Tom Reed",
        "-w",
        "Ana Diaz",
        "-a",
        "Community Hall",
        "--tip",
        "Van with no plates on Mill Lane",
        "--shared",
        "Lock bikes to the racks",
        "--shared",
        "Report lights out on 311",
        "-t",
        "outreach",
        "-t",
        "seniors",
        "--when",
        "2026-11-20 09:30",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    (record,) = read_journal(journal).records
    assert isinstance(record, Interaction)
    assert record.kind == "event"
    assert record.people == ["Tom Reed", "Ana Diaz"]
    assert record.place == "Community Hall"
    assert record.tips == ["Van with no plates on Mill Lane"]
    assert record.shared == ["Lock bikes to the racks", "Report lights out on 311"]
    assert record.tags == ["outreach", "seniors"]


def test_concern_by_names_who_raised_it(pj: Pj, journal: Path) -> None:
    result = pj(
        "log",
        "Chat",
        "--with",
        "Maria Lopez",
        "--with",
        "Tom Reed",
        "--concern",
        "Speeding on Elm St",
        "--concern-by",
        "Tom Reed",
        "--json",
    )
    assert result.exit_code == 0
    concern = read_journal(journal).records[1]
    assert isinstance(concern, ConcernEvent)
    assert concern.raised_by == ["Tom Reed"]


def test_inline_role_is_recorded_as_a_person_record(pj: Pj, journal: Path) -> None:
    assert pj("log", "Hello", "--with", "Maria Lopez (resident)").exit_code == 0
    interaction, person = read_journal(journal).records
    assert isinstance(interaction, Interaction) and interaction.people == ["Maria Lopez"]
    assert isinstance(person, PersonRecord)
    assert (person.name, person.role) == ("Maria Lopez", "resident")


def test_names_are_stored_with_whitespace_collapsed(pj: Pj, journal: Path) -> None:
    assert pj("log", "Hi", "--with", "  Maria   Lopez ", "--at", " Elm  Park").exit_code == 0
    (record,) = read_journal(journal).records
    assert isinstance(record, Interaction)
    assert record.people == ["Maria Lopez"]
    assert record.place == "Elm Park"


def test_text_from_standard_input(pj: Pj, journal: Path) -> None:
    result = pj("log", "-", "--at", "Elm Park", input="Line one\nLine two\n")
    assert result.exit_code == 0
    (record,) = read_journal(journal).records
    assert isinstance(record, Interaction)
    assert record.text == "Line one\nLine two"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["log", "x", "--kind", "gossip"], 2, "unknown kind 'gossip'"),
        (["log", "x", "--when", "the day after never"], 2, "cannot understand"),
        (["log", "x", "--when", "2026-13-45"], 2, "not a valid date"),
        (["log", "   "], 2, "nothing to record"),
        (["log", "x", "--with", "   "], 2, "empty"),
        (["log", "x", "--with", "Ma\x07ria"], 2, "control characters"),
        (["log", "x", "--at", ""], 2, "empty"),
        (["log", "x", "--concern", " "], 2, "empty"),
        (["log", "x", "--bogus"], 2, "No such option"),
        (["log", "x", "--kind="], 2, "the kind is empty"),
        (["log", "x", "--kind", "  "], 2, "the kind is empty"),
        (["log", "x", "--concern-by", "Ann Lee"], 2, "no --concern is given"),
        (["log", "x", "--with", ",,"], 2, "empty"),
        (["log", "x", "--with", " , "], 2, "empty"),
        (["log", "x", "--concern", "c", "--concern-by", ","], 2, "empty"),
        (["log", "x", "--tip-from", "Tom Reed"], 2, "no --tip is given"),
        (["log", "x", "--tip-from", ""], 2, "no --tip is given"),
    ],
)
def test_bad_input_is_refused_with_one_line_and_the_journal_untouched(
    pj: Pj, journal: Path, args: list[str], code: int, message: str
) -> None:
    before = journal.read_bytes()
    result = pj(*args)
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert journal.read_bytes() == before


def test_no_text_and_no_terminal_is_a_usage_error(pj: Pj, journal: Path) -> None:
    result = pj("log", "--with", "Maria")
    assert result.exit_code == 2
    assert "nothing to record" in result.stderr


def test_missing_journal_points_to_init(pj: Pj, journal_path: Path) -> None:
    result = pj("log", "Hello")
    assert result.exit_code == 1
    assert "pj init" in result.stderr
    assert not journal_path.exists()


def test_sunday_late_evening_stays_sunday_west_of_utc(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    result = pj("log", "Late round", "--when", "2026-11-22 23:30", "--json")
    assert result.exit_code == 0
    (record,) = read_journal(journal).records
    assert isinstance(record, Interaction)
    assert record.when.isoformat() == "2026-11-22T23:30:00-05:00"
    assert record.when.strftime("%A") == "Sunday"


def test_log_refuses_a_broken_journal_and_leaves_it_alone(pj: Pj, journal: Path) -> None:
    assert pj("log", "First").exit_code == 0
    assert pj("log", "Second").exit_code == 0
    lines = journal.read_text().splitlines()
    broken_line = lines.index("[[record]] # sealed", len(lines) // 2) + 1
    lines[broken_line - 1] = "[[record"
    journal.write_text("\n".join(lines) + "\n")
    before = journal.read_bytes()
    check = pj("check")
    assert check.exit_code == 1
    assert f"{journal}:{broken_line}:" in check.stdout + check.stderr
    result = pj("log", "Third")
    assert result.exit_code == 1
    assert f":{broken_line}:" in result.stderr
    assert journal.read_bytes() == before


def test_text_read_from_standard_input_keeps_line_ends_as_pj_writes_them(
    pj: Pj, journal: Path
) -> None:
    result = pj("log", "-", "--json", input="first line\r\nsecond line\r\n")
    assert result.exit_code == 0, result.stderr
    (shown,) = ok(pj("recent", "--json")).json()
    assert shown["text"] == "first line\nsecond line"
