"""The merge driver's join of two copies of one journal, on journals pj wrote."""

from __future__ import annotations

import random
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from patrol_journal.checks import check_contents
from patrol_journal.journal.read import read
from patrol_journal.journal.write import append, create
from patrol_journal.recording import InteractionInput, interaction_records
from patrol_journal.team.layout import merge_team_files
from patrol_journal.team.merge import MergeRefused, merge_journals

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _append(path: Path, text: str, *, concern: str | None = None, minutes: int = 0) -> list[str]:
    when = START + timedelta(minutes=minutes)
    records, _id, _concerns = interaction_records(
        InteractionInput(
            text=text,
            people=["Maria Lopez"],
            place="Elm Park",
            concerns=[concern] if concern else [],
            when=when,
        ),
        now=when,
    )
    append(path, records)
    return [str(record["id"]) for record in records]


def _ids(data: bytes) -> list[str]:
    return re.findall(r'^id = "([0-9a-z]+)"$', data.decode(), re.MULTILINE)


def _sound(tmp_path: Path, data: bytes) -> list[str]:
    """Write the bytes as a journal; the problems `check --strict` finds (none expected)."""
    path = tmp_path / "joined.toml"
    path.write_bytes(data)
    path.chmod(0o600)
    return [str(p) for p in check_contents(read(path), strict=True)]


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.toml"
    create(path, "Sam Rivera", START)
    _append(path, "First round")
    return path


def _copy(base: Path, name: str) -> Path:
    target = base.with_name(name)
    shutil.copy2(base, target)
    return target


def test_both_sides_appends_are_kept_after_the_common_part(base: Path, tmp_path: Path) -> None:
    ours, theirs = _copy(base, "ours.toml"), _copy(base, "theirs.toml")
    mine = _append(ours, "Machine one", concern="Broken lamp", minutes=10)  # 2 records
    other = _append(theirs, "Machine two", minutes=20)
    joined = merge_journals(ours.read_bytes(), theirs.read_bytes())
    common = _ids(base.read_bytes())
    assert _ids(joined) == common + mine + other
    assert joined.startswith(ours.read_bytes())  # ours untouched, theirs after it
    assert _sound(tmp_path, joined) == []
    # The multi-record append keeps its parts.
    assert "[[record]] # sealed, 2 of 2" in joined.decode()


def test_the_same_join_from_either_side_holds_the_same_records(base: Path, tmp_path: Path) -> None:
    ours, theirs = _copy(base, "ours.toml"), _copy(base, "theirs.toml")
    _append(ours, "One")
    _append(theirs, "Two")
    forward = merge_journals(ours.read_bytes(), theirs.read_bytes())
    backward = merge_journals(theirs.read_bytes(), ours.read_bytes())
    assert sorted(_ids(forward)) == sorted(_ids(backward))
    assert _sound(tmp_path, backward) == []


def test_a_side_that_only_grew_is_taken_as_it_is(base: Path) -> None:
    ours, theirs = _copy(base, "ours.toml"), _copy(base, "theirs.toml")
    _append(theirs, "Only here")
    assert merge_journals(ours.read_bytes(), theirs.read_bytes()) == theirs.read_bytes()
    assert merge_journals(theirs.read_bytes(), ours.read_bytes()) == theirs.read_bytes()


def test_records_joined_before_are_not_taken_twice(base: Path, tmp_path: Path) -> None:
    """A rebase replaying two local commits: the first was already joined (and re-sealed),
    the second brings one more append."""
    upstream, local = _copy(base, "upstream.toml"), _copy(base, "local.toml")
    _append(upstream, "Pushed by the other machine")
    first = _append(local, "Local commit one")
    after_first = local.read_bytes()
    second = _append(local, "Local commit two")
    replayed_one = merge_journals(upstream.read_bytes(), after_first)
    replayed_two = merge_journals(replayed_one, local.read_bytes())
    ids = _ids(replayed_two)
    assert ids.count(first[0]) == 1 and ids.count(second[0]) == 1
    assert len(ids) == len(set(ids)) == len(_ids(base.read_bytes())) + 3
    assert _sound(tmp_path, replayed_two) == []


@pytest.mark.parametrize("seed", [7, 11, 23, 42])
def test_random_histories_keep_every_record_once(base: Path, tmp_path: Path, seed: int) -> None:
    """Two machines appending in turn and joining in random order, like repeated syncs."""
    rng = random.Random(seed)
    one, two = _copy(base, "one.toml"), _copy(base, "two.toml")
    written: list[str] = _ids(base.read_bytes())
    for step in range(30):
        side = one if rng.random() < 0.5 else two
        written += _append(side, f"step {step}", concern="c" if rng.random() < 0.3 else None)
        if rng.random() < 0.3:  # one side pulls the other
            pulling, other = (one, two) if rng.random() < 0.5 else (two, one)
            pulling.write_bytes(merge_journals(pulling.read_bytes(), other.read_bytes()))
    final = merge_journals(one.read_bytes(), two.read_bytes())
    assert sorted(_ids(final)) == sorted(written)
    assert _sound(tmp_path, final) == []


def test_a_record_changed_on_one_side_is_refused(base: Path) -> None:
    ours, theirs = _copy(base, "ours.toml"), _copy(base, "theirs.toml")
    _append(ours, "Ours")
    _append(theirs, "Theirs")
    changed = theirs.read_text().replace('text = "First round"', 'text = "Changed"')
    theirs.write_text(changed)
    with pytest.raises(MergeRefused, match="is not the same in the two copies"):
        merge_journals(ours.read_bytes(), theirs.read_bytes())


def test_a_torn_copy_and_another_journal_are_refused(base: Path, tmp_path: Path) -> None:
    ours, theirs = _copy(base, "ours.toml"), _copy(base, "theirs.toml")
    _append(theirs, "Theirs")
    torn = theirs.read_bytes()[:-30]
    with pytest.raises(MergeRefused, match="torn"):
        merge_journals(ours.read_bytes(), torn)
    other = tmp_path / "other.toml"
    create(other, "Sam Rivera", START)
    with pytest.raises(MergeRefused, match="different journals"):
        merge_journals(ours.read_bytes(), other.read_bytes())


def test_team_files_keep_every_member(tmp_path: Path) -> None:
    head = '[team]\nname = "Elm Park beat"\nformat = 1\n'
    alice = '\n[[member]]\nofficer = "Alice Ward"\njournal = "journals/alice-ward.toml"\n'
    bob = '\n[[member]]\nofficer = "Bob Stone"\njournal = "journals/bob-stone.toml"\n'
    carol = '\n[[member]]\nofficer = "Carol Díaz"\njournal = "journals/carol-diaz.toml"\n'
    joined = merge_team_files(
        (head + alice + bob).encode(), (head + alice + carol).encode(), tmp_path / "team.toml"
    ).decode()
    assert [line for line in joined.splitlines() if line.startswith("officer")] == [
        'officer = "Alice Ward"',
        'officer = "Bob Stone"',
        'officer = "Carol Díaz"',
    ]


def test_records_that_arrived_in_a_sync_stopped_half_way_are_not_taken_for_yours(
    tmp_path: Path,
) -> None:
    """A sync killed after it wrote the joined journal and before it moved the branch
    leaves the remote's records in your journal but not in your last commit. The next
    sync sees them arrive again: the same records (re-sealed or not) are no takeover; a
    different record under one of your ids still is."""
    from patrol_journal.team.merge import check_arrivals

    common = tmp_path / "common.toml"
    create(common, "Alice Ward", START)
    _append(common, "Shared by both")
    theirs = tmp_path / "theirs.toml"
    shutil.copyfile(common, theirs)
    _append(theirs, "Written on the desk", minutes=5)
    mine = merge_journals(theirs.read_bytes(), common.read_bytes() + b"", name="alice-ward.toml")
    assert check_arrivals(common.read_bytes(), theirs.read_bytes(), mine, name="a.toml") == 0
    # The same id under other words is still refused.
    (desk_id,) = [rid for rid in _ids(theirs.read_bytes()) if rid not in _ids(common.read_bytes())]
    forged = mine.replace(b'text = "Written on the desk"', b'text = "Written elsewhere"')
    with pytest.raises(MergeRefused, match=f"takes the id {desk_id} of one of yours"):
        check_arrivals(common.read_bytes(), theirs.read_bytes(), forged, name="a.toml")
