"""`pj forget`: a person erased from every byte, the chain whole, everyone else intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-11-25 12:00"}


@pytest.fixture
def beat(pj: Pj, journal: Path) -> Path:
    logged(
        pj,
        "Chat with José about the swings",
        "--with",
        "José García (resident)",
        "--with",
        "Zoë Martin",
        "--at",
        "Elm Park",
        "--concern",
        "José says the gate is broken",
        "--tip",
        "Van seen by José's house",
        "--when",
        "2026-11-23 10:00",
        env=NOW,
    )
    logged(pj, "Tea with Zoë", "--with", "Zoë Martin", "--at", "Café", "--when", "2026-11-24 10:00")
    ok(pj("person", "Jose Garcia", "--note", "Lives at number 4 with his sister", env=NOW))
    return journal


def _every_byte(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in folder.rglob("*") if path.is_file())


def test_forget_leaves_no_trace_and_everything_else(pj: Pj, beat: Path, tmp_path: Path) -> None:
    zoe_before = ok(pj("person", "Zoë Martin", "--json", env=NOW)).json()
    week_before = ok(pj("summary", "--json", env=NOW)).json()["totals"]
    done = ok(pj("forget", "jose garcia", "--yes", "--reason", "Request of 25 Nov", env=NOW))
    assert "records changed" in done.stdout and "backups" in done.stdout
    for hidden in ("José", "Jose", "García", "Garcia", "number 4"):
        assert hidden.encode() not in beat.read_bytes(), hidden
        assert hidden.encode() not in _every_byte(tmp_path / "xdg"), hidden  # the cache
    assert ok(pj("check", "--strict", env=NOW)).exit_code == 0
    zoe_after = ok(pj("person", "Zoë Martin", "--json", env=NOW)).json()
    assert zoe_after["interactions"] == zoe_before["interactions"]
    assert zoe_after["places"] == zoe_before["places"]
    assert ok(pj("summary", "--json", env=NOW)).json()["totals"] == week_before
    text = beat.read_text()
    assert 'type = "erasure"' in text and 'reason = "Request of 25 Nov"' in text
    assert "records_changed = 4" in text
    (concern,) = ok(pj("concerns", "--json", env=NOW)).json()
    assert concern["text"] == "[name] says the gate is broken"


def test_forget_off_a_terminal_needs_yes(pj: Pj, beat: Path) -> None:
    before = beat.read_bytes()
    result = pj("forget", "José García", env=NOW)
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert beat.read_bytes() == before


def test_forget_refuses_a_torn_journal(pj: Pj, beat: Path) -> None:
    logged(pj, "Cut short", "--with", "José García", env=NOW)
    beat.write_bytes(beat.read_bytes()[:-9])
    before = beat.read_bytes()
    result = pj("forget", "José García", "--yes", env=NOW)
    assert result.exit_code == 1 and "incomplete record" in result.stderr
    assert beat.read_bytes() == before


@pytest.mark.parametrize("fails", ["write", "fsync", "rename"])
def test_a_crash_during_the_rewrite_leaves_the_old_journal(
    pj: Pj, beat: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    before = beat.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    target = {
        "write": "patrol_journal.journal.files.write_all",
        "fsync": "patrol_journal.journal.files.os.fsync",
        "rename": "patrol_journal.journal.files.os.replace",
    }[fails]
    monkeypatch.setattr(target, boom)
    result = pj("forget", "José García", "--yes", env=NOW)
    assert result.exit_code == 1 and "unchanged" in result.stderr
    assert beat.read_bytes() == before
    assert [p.name for p in beat.parent.iterdir() if "forgetting" in p.name] == []
    monkeypatch.undo()
    ok(pj("forget", "José García", "--yes", env=NOW))
    assert b"Jos" not in beat.read_bytes()


def test_forget_takes_the_person_out_of_the_copies_beside_the_journal(pj: Pj, beat: Path) -> None:
    side = beat.with_name(f"{beat.name}.torn-20261120T100000")
    side.write_bytes("[[record]]\ntext = 'JOSE garcía was here'\n\xff".encode("utf-8", "replace"))
    result = ok(pj("forget", "José García", "--yes", "--json", env=NOW)).json()
    assert result["copies_scrubbed"] == [str(side)] and str(side) not in result["copies"]
    assert side.read_text() == "[[record]]\ntext = '[name] was here'\n\xff"  # the rest kept
    said = ok(pj("forget", "Zoë Martin", "--yes", env=NOW)).stdout
    assert "Beyond pj's reach" in said and "backups" in said


def test_retention_keeps_old_weeks_adding_up_with_no_names(pj: Pj, journal: Path) -> None:
    for day, who in (
        ("2026-11-02", "Ann Lee"),
        ("2026-11-03", "Bob Marsh"),
        ("2026-11-04", "Ann Lee"),
    ):
        logged(
            pj,
            f"Chat with {who}",
            "--with",
            who,
            "--at",
            "Elm Park",
            "--tip",
            "Van by the gate",
            "--shared",
            "Bus times",
            "--concern",
            f"{who} worried about the lights",
            "--when",
            f"{day} 10:00",
            env=NOW,
        )
    logged(pj, "Recent chat", "--with", "Cara Diaz", "--when", "2026-11-20 10:00", env=NOW)
    # Bob's concern is closed (resolved, and he was told); Ann's are still open.
    concerns = ok(pj("concerns", "--json", env=NOW)).json()
    bobs = next(c["id"] for c in concerns if c["raised_by"] == ["Bob Marsh"])
    ok(pj("concern", "resolve", bobs, "--when", "2026-11-05 10:00", env=NOW))
    ok(pj("concern", "report-back", bobs, "--when", "2026-11-06 10:00", env=NOW))
    old_week = ok(pj("summary", "--week", "2026-W45", "--json", env=NOW)).json()["totals"]
    result = ok(pj("forget", "--before", "2026-11-09", "--yes", "--reason", "Retention", env=NOW))
    assert "Erased the details" in result.stdout
    assert "Kept 2 concerns still open or owed a report-back" in result.stdout
    text = journal.read_text()
    for hidden in ("Bob Marsh", "Van by the gate", "Bus times", "Chat with Ann"):
        assert hidden not in text, hidden
    # The loop with Ann is not closed: her concerns and her name on them are kept.
    assert text.count('"Ann Lee"') == 2 and "Ann Lee worried about the lights" in text
    still = ok(pj("concerns", "--json", env=NOW)).json()
    assert [c["raised_by"] for c in still] == [["Ann Lee"], ["Ann Lee"]]
    assert "Cara Diaz" in text  # after the date: kept
    assert ok(pj("summary", "--week", "2026-W45", "--json", env=NOW)).json()["totals"] == old_week
    assert ok(pj("check", "--strict", env=NOW)).exit_code == 0
    assert 'scope = "before 2026-11-09"' in text


def test_forget_needs_a_name_or_a_date(pj: Pj, journal: Path) -> None:
    assert pj("forget", "--yes").exit_code == 2
    assert pj("forget", "Ann", "--before", "2026-01-01", "--yes").exit_code == 2


def test_forget_reaches_someone_a_correction_took_out_of_every_record(
    pj: Pj, journal: Path
) -> None:
    """The first version of a corrected interaction still holds her: forget finds her by
    it, and so does her subject access export."""
    first = logged(pj, "Walked with Anna Berg", "--with", "Anna Berg", env=NOW)
    ok(pj("amend", first, "Walked alone", "--with", "Omar Haddad", env=NOW))
    assert "Anna" not in ok(pj("people", "--json", env=NOW)).stdout
    export = ok(pj("person", "Anna Berg", "--export", "--json", env=NOW)).json()
    assert [row["part"] for row in export["interactions"]] == ["in an earlier version"]
    result = ok(pj("forget", "Anna Berg", "--yes", env=NOW))
    assert result.stdout.startswith("Erased Anna Berg: 1 record changed;")
    assert b"Anna" not in journal.read_bytes() and b"Berg" not in journal.read_bytes()
    assert ok(pj("check", "--strict", env=NOW)).exit_code == 0


def test_retention_reaches_the_corrections_of_what_it_erases(pj: Pj, journal: Path) -> None:
    """A correction recorded today of an interaction of last week happened last week: its
    names and texts go with the interaction's, and no one is counted twice."""
    first = logged(
        pj,
        "Chat",
        "--with",
        "Kevin Brown",
        "--at",
        "Elm Park",
        "--when",
        "2026-11-24 10:00",
        env=NOW,
    )
    ok(pj("amend", first, "Someone waved", "--with", "Li Wei", env=NOW))
    logged(pj, "Tea", "--with", "Li Wei", "--at", "Café", "--when", "2026-11-23 09:00", env=NOW)
    week = ["summary", "--week", "2026-W48", "--json"]
    before = ok(pj(*week, env=NOW)).json()["totals"]
    ok(pj("forget", "--before", "2026-11-25", "--yes", env=NOW))
    kept = journal.read_text(encoding="utf-8")
    assert "Li Wei" not in kept and "Someone waved" not in kept and "Kevin" not in kept
    after = ok(pj(*week, env=NOW)).json()["totals"]
    assert after["people"] == before["people"] == 1
    assert after["interactions"] == before["interactions"] == 2


def test_forget_wants_the_whole_name(pj: Pj, beat: Path) -> None:
    """A name found by its start alone ('Zo' for Zoë Martin) is not erased on --yes."""
    before = beat.read_bytes()
    result = pj("forget", "Zo", "--yes", env=NOW)
    assert result.exit_code == 2
    assert result.stderr == (
        "'Zo' is only the start of Zoë Martin's name: give the whole name to erase them "
        "(nothing was changed)\n"
    )
    assert beat.read_bytes() == before


def test_a_copy_beside_the_journal_is_erased_record_by_record(pj: Pj, beat: Path) -> None:
    """In a copy, a record that reads is erased as the journal's is (the person's own
    records become tombstones, a line break written as an escape hides no name, another
    person's name field stays); a torn record at its end loses a name cut in half."""
    ok(pj("person", "José García", "--note", "Nickname Pepe; mobile 07700 900123", env=NOW))
    logged(pj, "Met José\nGarcía by the gate", "--with", "Ng Tran", "--at", "Elm Park", env=NOW)
    whole = beat.read_text(encoding="utf-8")
    copy = beat.with_name(f"{beat.name}.torn-20261128T120000")
    copy.write_text(
        whole + '[[record]]\ntype = "person"\nnote = "e-mail jose.gar', encoding="utf-8"
    )
    result = ok(pj("forget", "José García", "--yes", "--json", env=NOW)).json()
    assert result["copies_scrubbed"] == [str(copy)]
    kept = copy.read_text(encoding="utf-8")
    for gone in ("José", "Jose", "García", "Garcia", "Pepe", "07700", "jose.gar"):
        assert gone not in kept, gone
    assert 'type = "erased"' in kept  # her person records, as in the journal
    assert '"Ng Tran"' in kept  # someone else's name is theirs
    assert kept.count("[[record]]") == whole.count("[[record]]") + 1
