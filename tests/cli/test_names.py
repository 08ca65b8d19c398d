"""Names as officers type them: accents, corrections that reach everything, look-alikes."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-11-25 12:00"}


def test_an_accent_only_difference_is_the_same_person_shown_as_first_spelt(
    pj: Pj, journal: Path
) -> None:
    logged(pj, "Chat", "--with", "José García", "--at", "Café Rouge", env=NOW)
    logged(pj, "Again", "--with", "jose  garcia", "--at", "cafe rouge", env=NOW)
    (person,) = ok(pj("people", "--json", env=NOW)).json()
    assert person["name"] == "José García" and person["interactions"] == 2
    (place,) = ok(pj("places", "--json", env=NOW)).json()
    assert place["name"] == "Café Rouge" and place["visits"] == 2
    assert ok(pj("person", "JOSE GARCIA", "--json", env=NOW)).json()["interactions"] == 2


def test_person_zoe_finds_zoe_martin(pj: Pj, journal: Path) -> None:
    logged(pj, "Hello", "--with", "Zoë Martin", env=NOW)
    assert ok(pj("person", "zoe", "--json", env=NOW)).json()["name"] == "Zoë Martin"


def test_search_garcia_finds_garcia_with_its_accent(pj: Pj, journal: Path) -> None:
    logged(pj, "Talked with García about the Café", "--with", "José García", env=NOW)
    found = ok(pj("search", "garcia", "--json", env=NOW)).json()
    assert [row["text"] for row in found] == ["Talked with García about the Café"]
    assert len(ok(pj("search", "CAFE", "--json", env=NOW)).json()) == 1


def test_a_correction_of_who_was_met_reaches_the_concern_they_raised(pj: Pj, journal: Path) -> None:
    record_id = logged(
        pj, "Lights", "--with", "Maria Lopes", "--concern", "Streetlights out", env=NOW
    )
    ok(pj("amend", record_id, "--with", "Maria Lopez", env=NOW))
    (concern,) = ok(pj("concerns", "--json", env=NOW)).json()
    assert concern["raised_by"] == ["Maria Lopez"]
    assert len(ok(pj("concerns", "--with", "Maria Lopez", "--json", env=NOW)).json()) == 1
    checked = ok(pj("check", env=NOW))
    assert "Maria Lopes" not in checked.stdout + checked.stderr


def test_a_concern_with_its_own_raiser_keeps_it_after_a_correction(pj: Pj, journal: Path) -> None:
    record_id = logged(
        pj,
        "Lights",
        "--with",
        "Maria Lopes",
        "--concern",
        "Streetlights out",
        "--concern-by",
        "Tom Reed",
        env=NOW,
    )
    ok(pj("amend", record_id, "--with", "Maria Lopez", env=NOW))
    (concern,) = ok(pj("concerns", "--json", env=NOW)).json()
    assert concern["raised_by"] == ["Tom Reed"]


def test_the_look_alike_note_works_right_after_init_with_current_counts(
    pj: Pj, journal: Path
) -> None:
    logged(pj, "First", "--with", "Maria Lopez", env=NOW)
    slip = pj("log", "Second", "--with", "Maria Lopes", env=NOW)
    assert slip.exit_code == 0
    assert 'looks like "Maria Lopez" (met 1 time)' in slip.stderr
    logged(pj, "Third", "--with", "Maria Lopez", env=NOW)
    again = pj("log", "Fourth", "--with", "Marla Lopez", env=NOW)
    assert 'looks like "Maria Lopez" (met 2 times)' in again.stderr


def test_a_role_alone_is_not_a_name(pj: Pj, journal: Path) -> None:
    before = journal.read_bytes()
    result = pj("log", "Chat", "--with", "(resident)", env=NOW)
    assert result.exit_code == 2
    assert "role without a name" in result.stderr and result.stderr.count("\n") == 1
    assert journal.read_bytes() == before


def test_summary_output_takes_its_format_from_the_extension(
    pj: Pj, journal: Path, tmp_path: Path
) -> None:
    logged(pj, "Chat", "--with", "Ann Lee", env=NOW)
    ok(pj("summary", "--output", str(tmp_path / "week.html"), env=NOW))
    assert (tmp_path / "week.html").read_text().startswith("<!DOCTYPE html>")
    ok(pj("summary", "--output", str(tmp_path / "week.md"), env=NOW))
    assert (tmp_path / "week.md").read_text().startswith("# Week ")
    ok(pj("summary", "--output", str(tmp_path / "week.json"), env=NOW))
    assert (tmp_path / "week.json").read_text().startswith("{")
    ok(pj("summary", "--output", str(tmp_path / "week.txt"), env=NOW))
    assert "Contacts per day" in (tmp_path / "week.txt").read_text()
    refused = pj("summary", "--format", "markdown", "--output", str(tmp_path / "w.html"), env=NOW)
    assert refused.exit_code == 2 and "contradicts" in refused.stderr
    assert not (tmp_path / "w.html").exists()


def test_counts_read_as_english(pj: Pj, journal: Path) -> None:
    logged(pj, "Chat", "--with", "Ann Lee", env=NOW)
    card = ok(pj("person", "Ann Lee", env=NOW)).stdout
    assert "met 1 time," in card
    checked = ok(pj("check", env=NOW)).stdout
    assert "2 records, 0 errors, 0 warnings" in checked or "1 record, 0 errors" in checked
    where = ok(pj("where")).stdout
    assert "chosen by" not in where and "because it is given with --journal" in where
