"""Integrity through the command line: torn appends, stale caches, seals that are not a
schema, files that are not TOML, order, odd files, and migrating format 1."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from patrol_journal.journal.format import SEALED_HEADER, seal_of, stored_seal
from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-11-25 12:00"}
EXAMPLE = Path(__file__).parents[2] / "examples" / "elm-park-beat.toml"


def test_a_cut_append_through_the_cli(pj: Pj, journal: Path) -> None:
    logged(pj, "Kept", "--with", "Ann Lee", env=NOW)
    before = journal.read_bytes()
    logged(pj, "Cut", "--with", "Maria Lopez (resident)", "--concern", "Lights", env=NOW)
    after = journal.read_bytes()
    line = before.count(b"\n") + 1
    for cut in range(len(before) + 1, len(after), 37):
        journal.write_bytes(after[:cut])
        checked = pj("check", env=NOW)
        assert checked.exit_code == 1 and f":{line}: error: torn tail" in checked.stderr, cut
        refused = pj("log", "Refused", env=NOW)
        assert refused.exit_code == 1 and "torn tail" in refused.stderr
        assert journal.read_bytes() == after[:cut]
        assert ok(pj("check", "--repair", env=NOW)).stdout.count("moved") == 1
        assert journal.read_bytes() == before
        again = ok(pj("check", "--repair", env=NOW))
        assert "nothing to repair" in again.stdout and journal.read_bytes() == before
        for side in journal.parent.glob("journal.toml.torn-*"):
            side.unlink()


def _same_size_same_time(journal: Path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    stat = os.stat(journal)
    text = journal.read_text()
    assert old in text
    journal.write_text(text.replace(old, new))
    os.utime(journal, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert os.stat(journal).st_size == stat.st_size


@pytest.mark.parametrize(
    ("old", "new", "field", "expected"),
    [
        ("Chat by the swings", "Chat by the slides", "text", "Chat by the slides"),
        ("10:15:00", "11:15:00", "when", "2026-11-20T11:15:00+00:00"),
        ("Maria Lopez", "Maria Lopes", "people", ["Maria Lopes"]),
    ],
)
def test_a_same_size_same_time_edit_is_seen_by_the_next_view(
    pj: Pj, journal: Path, old: str, new: str, field: str, expected: object
) -> None:
    logged(pj, "Chat by the swings", "--with", "Maria Lopez", "--when", "2026-11-20 10:15")
    assert ok(pj("recent", "--json")).json()[0]["text"] == "Chat by the swings"
    _same_size_same_time(journal, old, new)
    assert ok(pj("recent", "--json")).json()[0][field] == expected


def test_a_whole_other_journal_of_the_same_size_is_seen(pj: Pj, journal: Path) -> None:
    logged(pj, "First journal entry", "--when", "2026-11-20 10:15")
    assert ok(pj("recent", "--json")).json()[0]["text"] == "First journal entry"
    other = journal.with_name("other.toml")
    shutil.copyfile(journal, other)
    text = other.read_text().replace("First journal entry", "Other journal entry")
    other.write_text(text)
    stat = os.stat(journal)
    os.replace(other, journal)
    os.utime(journal, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert ok(pj("recent", "--json")).json()[0]["text"] == "Other journal entry"


def test_log_trusts_the_stat_mark_but_not_touch_r(pj: Pj, journal: Path) -> None:
    """`pj log` checks only the file's stat (with its change time): a same-size edit kept
    at the same mtime by `touch -r` still changes the ctime, so it is checked again."""
    logged(pj, "Chat", "--when", "2026-11-20 10:15")
    text = journal.read_text()
    broken = text.replace('kind = "chat"', 'kind = "chit"')
    stat = os.stat(journal)
    journal.write_text(broken)
    os.utime(journal, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    refused = pj("log", "After")
    assert refused.exit_code == 1 and "kind" in refused.stderr
    assert journal.read_text() == broken


def _sealed(journal: Path, body: str) -> str:
    """A record body (without header or seal) sealed onto the end of the journal's chain."""
    text = journal.read_text()
    link = stored_seal(text[text.rindex("seal = ") :]) or ""
    block = f"{SEALED_HEADER}\n{body}"
    return f'{block}seal = "{seal_of(block, link)}"\n'


@pytest.mark.parametrize(
    "body",
    [
        'type = "interaction"\nid = "a000000001"\nkind = "chat"\n',  # no when
        'type = "bogus"\nid = "a000000001"\nwhen = 2026-11-20T10:00:00+00:00\n',
        'type = "interaction"\nid = "a000000001"\nwhen = 2026-11-20T10:00:00+00:00\n'
        'colour = "red"\n',
        'type = "interaction"\nid = "BAD"\nwhen = 2026-11-20T10:00:00+00:00\n',
        'type = "interaction"\nid = "a000000001"\nwhen = 2026-11-20T10:00:00\n',
    ],
)
def test_a_seal_is_not_a_schema(pj: Pj, journal: Path, body: str) -> None:
    logged(pj, "Fine", "--when", "2026-11-20 09:00")
    with journal.open("a") as handle:
        handle.write(_sealed(journal, body))
    checked = pj("check", "--strict")
    assert checked.exit_code == 1 and "error" in checked.stderr
    assert "seal mismatch" not in checked.stderr  # the seal is right; the schema is not
    for view in (["recent"], ["people"], ["summary"], ["concerns"]):
        result = pj(*view)
        assert result.exit_code == 1, view
        assert "internal error" not in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("value", ['"\\ud83d\\ude00"', '"\\ud800"', '"a\x7fb"'])
def test_check_refuses_what_toml_refuses(pj: Pj, journal: Path, value: str) -> None:
    logged(pj, "Fine", "--when", "2026-11-20 09:00")
    body = 'type = "interaction"\nid = "a000000001"\nwhen = 2026-11-20T10:00:00+00:00\n'
    body += f"text = {value}\n"
    with journal.open("a") as handle:
        handle.write(_sealed(journal, body))
    checked = pj("check")
    assert checked.exit_code == 1
    assert "TOML" in checked.stderr
    recent = pj("recent")
    assert recent.exit_code == 1 and "internal error" not in recent.stderr


def test_a_correction_before_what_it_corrects_is_reported(pj: Pj, journal: Path) -> None:
    with journal.open("a") as handle:
        handle.write(
            '[[record]]\ntype = "amendment"\nid = "m000000001"\namends = "a000000001"\n'
            'text = "corrected"\n'
            '[[record]]\ntype = "interaction"\nid = "a000000001"\n'
            'when = 2026-11-20T10:00:00+00:00\ntext = "original"\n'
        )
    checked = pj("check")
    assert checked.exit_code == 1
    assert "comes later in the journal" in checked.stderr


def test_a_fifo_is_refused_without_waiting(pj: Pj, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    for command in (["recent"], ["check"], ["log", "x"]):
        result = pj("--journal", str(fifo), *command)
        assert result.exit_code == 1 and "not a regular file" in result.stderr


def test_a_symlink_loop_is_named(pj: Pj, tmp_path: Path) -> None:
    (tmp_path / "a.toml").symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(tmp_path / "a.toml")
    for command in (["init"], ["recent"]):
        result = pj("--journal", str(tmp_path / "a.toml"), *command)
        assert result.exit_code == 1 and "symbolic links" in result.stderr


def test_repair_on_a_full_disk_changes_nothing(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logged(pj, "Kept")
    before = journal.read_bytes()
    logged(pj, "Cut")
    journal.write_bytes(journal.read_bytes()[:-7])
    torn = journal.read_bytes()

    def full(fd: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("patrol_journal.journal.write.write_all", full)
    result = pj("check", "--repair")
    assert result.exit_code == 1 and "No space left" in result.stderr
    assert "internal error" not in result.stderr
    assert journal.read_bytes() == torn
    assert list(journal.parent.glob("journal.toml.torn-*")) == []
    monkeypatch.undo()
    ok(pj("check", "--repair"))
    assert journal.read_bytes() == before


def test_migrate_the_example(pj: Pj, tmp_path: Path, journal_path: Path) -> None:
    from patrol_journal.journal.migrate import migrate  # noqa: F401  (the core, imported)

    old = tmp_path / "old.toml"
    # a format-1 journal: the example as it was before format 2
    shutil.copyfile(Path(__file__).parent / "golden" / "format1-example.toml", old)
    old.chmod(0o600)
    week_before = ok(pj("--journal", str(old), "summary", "--week", "2026-W46", "--json")).json()
    refused = pj("--journal", str(old), "log", "x")
    assert refused.exit_code == 1 and "pj migrate" in refused.stderr
    checked = ok(pj("--journal", str(old), "check"))
    assert "run 'pj migrate'" in checked.stdout
    original = old.read_bytes()
    done = ok(pj("--journal", str(old), "migrate", "--json")).json()
    assert done["from_format"] == 1 and done["to_format"] == 2
    assert done["sealed"] == 54 and done["kept_as_written"] == 0
    assert Path(done["old_file"]).read_bytes() == original
    assert "format = 2" in old.read_text()
    assert ok(pj("--journal", str(old), "check", "--strict")).exit_code == 0
    week_after = ok(pj("--journal", str(old), "summary", "--week", "2026-W46", "--json")).json()
    assert week_after == week_before
    again = pj("--journal", str(old), "migrate")  # already current: said, and not an error
    assert again.exit_code == 0 and "in the current format (2): nothing to migrate" in again.stdout
    ok(pj("--journal", str(old), "log", "After migrating"))


def test_migrate_keeps_hand_written_records_and_refuses_problems(pj: Pj, tmp_path: Path) -> None:
    old = tmp_path / "old.toml"
    shutil.copyfile(Path(__file__).parent / "golden" / "format1-example.toml", old)
    old.chmod(0o600)
    with old.open("a") as handle:
        handle.write(
            '\n[[record]]\ntype = "interaction"\nid = "a000000001"\n'
            'when = 2026-11-20T10:00:00Z\ntext = "typed by hand"\n'
        )
    done = ok(pj("--journal", str(old), "migrate", "--json")).json()
    assert done["kept_as_written"] == 1
    assert "typed by hand" in old.read_text()
    strict = pj("--journal", str(old), "check", "--strict")
    assert "has no seal" in strict.stderr  # kept, and still visible as a hand edit
    broken = tmp_path / "broken.toml"
    shutil.copyfile(Path(__file__).parent / "golden" / "format1-example.toml", broken)
    broken.chmod(0o600)
    with broken.open("a") as handle:
        handle.write('\n[[record]]\ntype = "interaction"\nid = "x"\n')
    before = broken.read_bytes()
    refused = pj("--journal", str(broken), "migrate")
    assert refused.exit_code == 1 and "before migrating" in refused.stderr
    assert broken.read_bytes() == before
    assert not list(tmp_path.glob("broken.toml.format1-*"))
