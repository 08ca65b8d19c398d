"""Format 2: an append cut at any byte is torn; a complete record never is."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from patrol_journal.errors import TornTail
from patrol_journal.journal.files import open_existing
from patrol_journal.journal.read import read as read_journal
from patrol_journal.journal.tail import inspect_tail
from patrol_journal.journal.write import append, create, repair_torn_tail
from patrol_journal.recording import InteractionInput, interaction_records

NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)


def _rich_append() -> list[dict[str, object]]:
    """An interaction with a concern, a tip and an inline role: three records, one append."""
    entry = InteractionInput(
        text='Chat by the swings: "lights out", again',
        people=["Maria Lopez (resident)"],
        place="Elm Park",
        concerns=["Streetlights out by the gate"],
        tips=["Van with no plates"],
        when=NOW,
    )
    records, _id, _concerns = interaction_records(entry, NOW)
    assert len(records) == 3
    return records  # type: ignore[return-value]


def _tail_of(path: Path) -> tuple[int | None, int | None]:
    fd = open_existing(path, os.O_RDONLY)
    try:
        tail = inspect_tail(fd, os.fstat(fd).st_size, path)
    finally:
        os.close(fd)
    return tail.torn_offset, tail.torn_line


@pytest.fixture
def before_and_after(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    path = tmp_path / "j.toml"
    create(path, "Sam Rivera", NOW)
    append(path, _rich_append())
    before = path.read_bytes()
    append(path, _rich_append())
    return path, before, path.read_bytes()


def test_an_append_cut_at_every_byte_is_torn_refused_and_repaired(
    before_and_after: tuple[Path, bytes, bytes],
) -> None:
    path, before, after = before_and_after
    line = before.count(b"\n") + 1
    for cut in range(len(before) + 1, len(after)):
        path.write_bytes(after[:cut])
        assert _tail_of(path) == (len(before), line), cut
        with pytest.raises(TornTail):
            append(path, _rich_append())
        assert path.read_bytes() == after[:cut], cut
        repaired = repair_torn_tail(path, NOW)
        assert repaired is not None and repaired.line == line, cut
        assert path.read_bytes() == before, cut
        assert repaired.moved_to.read_bytes() == after[len(before) : cut], cut
        assert repair_torn_tail(path, NOW) is None  # twice: nothing more, no growth
        assert path.read_bytes() == before, cut
        repaired.moved_to.unlink()


def test_the_complete_append_is_not_torn(before_and_after: tuple[Path, bytes, bytes]) -> None:
    path, _before, after = before_and_after
    assert _tail_of(path) == (None, None)
    assert read_journal(path).problems == []
    assert repair_torn_tail(path, NOW) is None
    assert path.read_bytes() == after


HAND_WRITTEN = {
    "a duplicate key": 'type = "interaction"\nid = "a000000001"\nid = "a000000002"\n'
    'when = 2026-11-20T10:00:00Z\ntext = "x"\n',
    "February 30": 'type = "interaction"\nid = "a000000001"\nwhen = 2026-02-30T10:00:00Z\n'
    'text = "x"\n',
    "no when": 'type = "interaction"\nid = "a000000001"\ntext = "x"\n',
    "a bogus type": 'type = "bogus"\nid = "a000000001"\nwhen = 2026-11-20T10:00:00Z\n',
    "an unknown key": 'type = "interaction"\nid = "a000000001"\nwhen = 2026-11-20T10:00:00Z\n'
    'colour = "red"\n',
    "a bad id": 'type = "interaction"\nid = "NOT-AN-ID"\nwhen = 2026-11-20T10:00:00Z\n',
    "a time without offset": 'type = "interaction"\nid = "a000000001"\n'
    "when = 2026-11-20T10:00:00\n",
}


@pytest.mark.parametrize("error", list(HAND_WRITTEN))
def test_a_complete_hand_written_record_with_an_error_is_never_torn(
    before_and_after: tuple[Path, bytes, bytes], error: str
) -> None:
    path, _before, after = before_and_after
    line = after.count(b"\n") + 1
    text = after + b"[[record]]\n" + HAND_WRITTEN[error].encode()
    path.write_bytes(text)
    assert _tail_of(path) == (None, None)
    problems = [p for p in read_journal(path).problems if p.severity == "error"]
    assert problems, error
    assert all("torn" not in p.message for p in problems)
    assert problems[0].source is not None and line <= problems[0].source.line <= line + 5
    assert repair_torn_tail(path, NOW) is None
    assert path.read_bytes() == text


def test_a_hand_written_record_without_a_final_line_end_is_kept(
    before_and_after: tuple[Path, bytes, bytes],
) -> None:
    path, _before, after = before_and_after
    path.write_bytes(
        after + b'[[record]]\ntype = "interaction"\nid = "a000000001"\n'
        b'when = 2026-11-20T10:00:00Z\ntext = "typed by hand"'
    )
    assert _tail_of(path) == (None, None)
    append(path, _rich_append())
    texts = [getattr(r, "text", None) for r in read_journal(path).records]
    assert "typed by hand" in texts
    assert read_journal(path).problems == []


def test_a_stray_carriage_return_in_the_last_record_is_not_a_cut(
    before_and_after: tuple[Path, bytes, bytes],
) -> None:
    path, _before, after = before_and_after
    at = after.rindex(b"Van with no plates")
    edited = after[:at] + b"\r" + after[at:]
    path.write_bytes(edited)
    assert _tail_of(path) == (None, None)
    assert any(p.severity == "error" for p in read_journal(path).problems)  # TOML refuses it
    assert repair_torn_tail(path, NOW) is None and path.read_bytes() == edited
