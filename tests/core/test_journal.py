"""The one append path and the one read path."""

import errno
import os
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from patrol_journal.errors import JournalError, JournalParseError, Source, TornTail
from patrol_journal.journal.parse import _fast_parse, parse_block
from patrol_journal.journal.read import read as read_journal
from patrol_journal.journal.write import append, create, repair_torn_tail
from patrol_journal.model import Interaction
from patrol_journal.recording import InteractionInput, interaction_records

NOW = datetime.fromisoformat("2026-11-25T13:00:00+00:00")


def _records(text: str, **fields: object) -> list[dict[str, object]]:
    records, _id, _concerns = interaction_records(InteractionInput(text=text, **fields), NOW)  # type: ignore[arg-type]
    return records


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "j.toml"
    create(target, "Sam Rivera", NOW)
    return target


def test_append_adds_bytes_at_the_end_only(path: Path) -> None:
    before = path.read_bytes()
    append(path, _records("first", people=["Maria"]))
    middle = path.read_bytes()
    append(path, _records("second"))
    after = path.read_bytes()
    assert middle.startswith(before) and after.startswith(middle)
    contents = read_journal(path)
    assert [r.text for r in contents.records if isinstance(r, Interaction)] == ["first", "second"]
    assert contents.problems == []
    assert contents.header is not None and contents.header.officer == "Sam Rivera"


def test_records_know_their_line(path: Path) -> None:
    append(path, _records("first"))
    append(path, _records("second"))
    lines = path.read_text().splitlines()
    starts = [number + 1 for number, line in enumerate(lines) if line.startswith("[[record]]")]
    assert [r.source.line for r in read_journal(path).records if r.source] == starts


def test_a_failed_write_leaves_the_file_byte_identical(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    append(path, _records("kept"))
    before = path.read_bytes()
    real_write = os.write
    calls = {"n": 0}

    def half_then_full(fd: int, data: bytes) -> int:  # type: ignore[override]
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(JournalError) as caught:
        append(path, _records("lost " * 200))
    monkeypatch.undo()
    assert "No space left on device" in str(caught.value)
    assert "unchanged" in str(caught.value)
    assert path.read_bytes() == before


def test_an_interrupted_write_is_a_torn_tail(path: Path) -> None:
    append(path, _records("complete"))
    complete = path.read_bytes()
    append(path, _records("torn away"))
    whole = path.read_bytes()
    cut = len(complete) + (len(whole) - len(complete)) // 2
    path.write_bytes(whole[:cut])
    torn_line = complete.count(b"\n") + 1  # the append's first line
    with pytest.raises(TornTail) as caught:
        append(path, _records("after"))
    assert caught.value.source is not None and caught.value.source.line == torn_line
    assert path.read_bytes() == whole[:cut]
    contents = read_journal(path)
    assert [r.text for r in contents.records if isinstance(r, Interaction)] == ["complete"]
    assert contents.problems[-1].message.startswith("torn tail")


@pytest.mark.parametrize("keep", [2, 5, 11, 40, -1])
def test_a_tail_torn_anywhere_is_noticed(path: Path, keep: int) -> None:
    """Cut the second record after `keep` bytes (-1: all but its last newline)."""
    append(path, _records("complete"))
    complete = path.read_bytes()
    append(path, _records("second one", people=["Maria"], place="Elm Park"))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(complete) + keep] if keep > 0 else whole[:-1])
    with pytest.raises(TornTail):
        append(path, _records("after"))


def test_a_lone_blank_line_at_the_end_is_not_torn(path: Path) -> None:
    append(path, _records("complete"))
    with path.open("ab") as handle:
        handle.write(b"\n")
    append(path, _records("after"))
    assert read_journal(path).problems == []


def test_repair_moves_only_the_torn_bytes(path: Path) -> None:
    append(path, _records("complete"))
    complete = path.read_bytes()
    append(path, _records("torn away"))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 10])
    repaired = repair_torn_tail(path, NOW)
    assert repaired is not None
    assert repaired.moved_to.name.startswith("j.toml.torn-20261125T130000")
    assert path.read_bytes() + repaired.moved_to.read_bytes() == whole[: len(whole) - 10]
    assert path.read_bytes() == complete
    assert repair_torn_tail(path, NOW) is None
    append(path, _records("after repair"))
    assert [r.text for r in read_journal(path).records if isinstance(r, Interaction)] == [
        "complete",
        "after repair",
    ]


def test_a_record_added_by_hand_without_a_seal_is_accepted(path: Path) -> None:
    with path.open("a") as handle:
        handle.write(
            '\n[[record]]\ntype = "interaction"\nid = "aaaaaaaaaa"\n'
            "when = 2026-11-20T10:00:00Z\ntext = 'typed by hand' # a comment\n"
        )
    append(path, _records("after"))
    texts = [r.text for r in read_journal(path).records if isinstance(r, Interaction)]
    assert texts == ["typed by hand", "after"]


def test_a_newer_format_is_refused_naming_the_version(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    path.write_text("[journal]\nformat = 7\n")
    with pytest.raises(JournalParseError) as caught:
        append(path, _records("x"))
    assert "format 7" in str(caught.value)
    assert path.read_text() == "[journal]\nformat = 7\n"


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_bytes(b"")
    with pytest.raises(JournalParseError, match="empty"):
        append(path, _records("x"))
    assert path.read_bytes() == b""


def test_schema_errors_name_the_line_and_field(path: Path) -> None:
    append(path, _records("ok"))
    with path.open("a") as handle:
        handle.write(
            '\n[[record]]\ntype = "interaction"\nid = "bbbbbbbbbb"\nkind = "gossip"\n'
            'when = 2026-11-20T10:00:00Z\nseal = "0000000000000000"\n'
        )
    lines = path.read_text().splitlines()
    kind_line = lines.index('kind = "gossip"') + 1
    problems = read_journal(path).problems
    assert len(problems) == 1
    assert problems[0].source is not None and problems[0].source.line == kind_line
    assert problems[0].message.startswith("kind:")


def test_fast_parser_agrees_with_tomllib_on_what_pj_writes(path: Path) -> None:
    append(
        path,
        _records(
            'quote " backslash \\ newline \n tab \t [[record]] \x01 😀',
            people=['Ana "Ani" Diaz'],
            tips=["a", "b\nc"],
            tags=["x"],
        ),
    )
    text = path.read_text()
    block = text[text.rindex("[[record]] # sealed") :]
    fast = _fast_parse(block)
    assert fast is not None or "\t" in block
    assert parse_block(block, Source(path, 1)) == tomllib.loads(block)["record"][0]
