import os
from pathlib import Path

from tests.conftest import Pj, logged


def test_a_clean_journal_passes(pj: Pj, journal: Path) -> None:
    logged(pj, "Chat", "--with", "Maria", "--concern", "Lights")
    result = pj("check")
    assert result.exit_code == 0
    assert "2 records, 0 errors, 0 warnings" in result.stdout


def test_a_bad_table_header_is_named_with_its_line(pj: Pj, journal: Path) -> None:
    logged(pj, "one")
    with journal.open("a") as handle:
        handle.write("\n[[recrd]\nfoo = 1\n")
    line = len(journal.read_text().splitlines()) - 1
    result = pj("check")
    assert result.exit_code == 1
    assert f"{journal}:{line}:" in result.stderr


def test_a_hand_edit_is_a_warning_and_an_error_when_strict(pj: Pj, journal: Path) -> None:
    logged(pj, "Chat by the swings")
    logged(pj, "Second")
    text = journal.read_text()
    journal.write_text(text.replace("Chat by the swings", "Chat by the slide"))
    edited_line = text.splitlines().index('text = "Chat by the swings"')
    record_line = (
        max(
            i
            for i, line in enumerate(text.splitlines()[:edited_line])
            if line.startswith("[[record]]")
        )
        + 1
    )
    result = pj("check")
    assert result.exit_code == 0
    assert f":{record_line}: warning: seal mismatch" in result.stdout
    strict = pj("check", "--strict")
    assert strict.exit_code == 1
    assert f":{record_line}: error: seal mismatch" in strict.stderr


def test_a_resealed_edit_breaks_the_chain_at_the_next_record(pj: Pj, journal: Path) -> None:
    from patrol_journal.journal.format import SEALED_HEADER, seal_of, stored_seal

    logged(pj, "Chat by the swings")
    logged(pj, "Second")
    text = journal.read_text()
    header, first, second = text.split(f"{SEALED_HEADER}\n")
    edited = (f"{SEALED_HEADER}\n" + first).replace("swings", "slide")
    old_seal = stored_seal(f"{SEALED_HEADER}\n" + first)
    new_seal = seal_of(edited, stored_seal(header) or "")
    assert old_seal is not None
    journal.write_text(header + edited.replace(old_seal, new_seal) + f"{SEALED_HEADER}\n" + second)
    second_line = journal.read_text().splitlines().index(SEALED_HEADER, 12) + 1
    result = pj("check", "--strict")
    assert result.exit_code == 1
    assert f":{second_line}: error: seal mismatch" in result.stderr


def test_duplicate_ids_and_dangling_references(pj: Pj, journal: Path) -> None:
    record_id = logged(pj, "Original")
    text = journal.read_text()
    block = text[text.rindex("[[record]] # sealed") :]
    with journal.open("a") as handle:
        handle.write("\n" + block)
        handle.write(
            '\n[[record]]\ntype = "amendment"\nid = "cccccccccc"\namends = "dddddddddd"\n'
            'text = "x"\n'
        )
        handle.write(
            '\n[[record]]\ntype = "concern"\nid = "eeeeeeeeee"\naction = "resolve"\n'
            'concern = "ffffffffff"\nwhen = 2026-11-20T10:00:00Z\n'
        )
    result = pj("check")
    assert result.exit_code == 1
    assert f"duplicate id '{record_id}'" in result.stderr
    assert "amends 'dddddddddd', which is not an interaction" in result.stderr
    assert "concern 'ffffffffff' is not a concern raised" in result.stderr


def test_loose_permissions_are_a_warning(pj: Pj, journal: Path) -> None:
    os.chmod(journal, 0o644)
    result = pj("check")
    assert result.exit_code == 0
    assert "can be read by other users (mode 0644)" in result.stdout


def test_repair_moves_a_torn_tail_aside(pj: Pj, journal: Path) -> None:
    logged(pj, "Kept")
    kept = journal.read_bytes()
    logged(pj, "Torn")
    whole = journal.read_bytes()
    journal.write_bytes(whole[:-20])
    broken = pj("check")
    assert broken.exit_code == 1
    assert "torn tail" in broken.stderr
    assert pj("log", "refused").exit_code == 1
    fixed = pj("check", "--repair")
    assert fixed.exit_code == 0, fixed.stderr
    assert "moved" in fixed.stdout and ".torn-" in fixed.stdout
    assert journal.read_bytes() == kept
    side = next(journal.parent.glob("journal.toml.torn-*"))
    assert journal.read_bytes() + side.read_bytes() == whole[:-20]
    assert pj("log", "accepted").exit_code == 0
    assert pj("check").exit_code == 0


def test_check_json(pj: Pj, journal: Path) -> None:
    logged(pj, "one")
    data = pj("check", "--json").json()
    assert data["records"] == 1
    assert data["errors"] == 0
    assert data["problems"] == []


def test_a_number_is_not_a_moment(pj: Pj, journal: Path) -> None:
    """`recorded = 2` is not the second second of 1970: the schema refuses it, as the
    quick check does (found by splicing a '#' into `recorded = 2026-...`)."""
    with journal.open("a", encoding="utf-8") as out:
        out.write(
            '\n[[record]]\ntype = "interaction"\nid = "aaaaaaaaaa"\ntext = "x"\n'
            "when = 2026-11-25T13:00:00Z\nrecorded = 2 # 026-11-25 13:00:00+00:00\n"
        )
    result = pj("check")
    assert result.exit_code == 1
    assert "recorded: Input should be a valid datetime" in result.stderr
