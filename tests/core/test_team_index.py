"""A team's index: every journal of the team in one SQLite file, kept up to date journal by
journal — and always equal to one built from nothing."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from patrol_journal.index.files import team_index_path
from patrol_journal.index.store import Index
from patrol_journal.journal.write import append, create
from patrol_journal.recording import (
    InteractionInput,
    amendment_records,
    concern_event_record,
    interaction_records,
)
from patrol_journal.team.layout import Member, load_team, write_team
from patrol_journal.team.merge import merge_journals

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _log(path: Path, text: str, minutes: int, **fields: Any) -> tuple[str, list[str]]:
    when = START + timedelta(minutes=minutes)
    records, record_id, concerns = interaction_records(
        InteractionInput(text=text, when=when, **fields), now=when
    )
    append(path, records)
    return record_id, concerns


@pytest.fixture
def team_root(tmp_path: Path) -> Path:
    root = tmp_path / "beat"
    (root / "journals").mkdir(parents=True)
    members = []
    for name in ("Alice Ward", "Bob Stone", "Carol Díaz"):
        relative = f"journals/{name.split()[0].lower()}.toml"
        create(root / relative, name, START)
        members.append(Member(name, relative, START))
    write_team(root, "Elm Park beat", START, members)
    return root


def _dump(index: Index) -> dict[str, set[tuple[Any, ...]]]:
    """Every table's rows, without the sequence numbers (which depend on reading order)."""
    tables = [
        row[0] for row in index.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    dumped = {}
    for table in tables:
        if table == "meta":
            continue
        columns = [
            row[1]
            for row in index.db.execute(f"PRAGMA table_info({table})")
            if not row[1].endswith("seq")
        ]
        dumped[table] = set(index.db.execute(f"SELECT {', '.join(columns)} FROM {table}"))
    return dumped


def _fresh(root: Path, own: Path) -> dict[str, set[tuple[Any, ...]]]:
    db = team_index_path(root)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with Index.open_team(own, load_team(root)) as index:
        return _dump(index)


def test_incremental_refreshes_equal_a_fresh_build(team_root: Path) -> None:
    alice, bob, carol = (team_root / "journals" / f"{n}.toml" for n in ("alice", "bob", "carol"))
    visit, concerns = _log(
        alice, "Swings", 0, people=["Ann Lee"], place="Elm Park", concerns=["Broken lamp"]
    )
    index = Index.open_team(alice, load_team(team_root))
    index.close()
    # Bob follows up Alice's concern; Carol meets Ann; Alice corrects her visit.
    append(
        bob,
        [
            concern_event_record(
                concerns[0],
                "resolve",
                when=START + timedelta(hours=1),
                now=START + timedelta(hours=1),
            )
        ],
    )
    _log(carol, "Library", 90, people=["Ann Lee (resident)"], place="Library")
    append(
        alice,
        amendment_records(
            visit, InteractionInput(people=["Ann Lee", "Tom Reed"]), now=START + timedelta(hours=2)
        )[0],
    )
    with Index.open_team(alice, load_team(team_root)) as index:
        incremental = _dump(index)
        status = index.db.execute("SELECT status FROM concerns").fetchone()[0]
    assert status == "resolved"
    assert incremental == _fresh(team_root, alice)


def test_a_journal_changed_in_the_middle_is_read_again_alone(
    team_root: Path, tmp_path: Path
) -> None:
    """The merge driver joins a teammate's appends into the middle of one's own copy (a
    rebase); that journal is read again, the others are not, and the result is exact."""
    alice, bob = team_root / "journals" / "alice.toml", team_root / "journals" / "bob.toml"
    _log(alice, "Base", 0, people=["Ann Lee"], place="Elm Park")
    upstream = tmp_path / "upstream.toml"
    shutil.copyfile(alice, upstream)
    _log(upstream, "From the laptop", 10, people=["Tom Reed"], place="Library")
    _log(alice, "At the desk", 20, people=["Ann Lee"], place="Elm Park", concerns=["Dog off lead"])
    _log(bob, "Bob's round", 30, people=["Tom Reed"], place="Library")
    with Index.open_team(bob, load_team(team_root)):
        pass
    alice.write_bytes(merge_journals(upstream.read_bytes(), alice.read_bytes()))
    with Index.open_team(bob, load_team(team_root)) as index:
        report = index.last_refresh
        incremental = _dump(index)
    assert report is not None and not report.rebuilt
    assert report.records == 4  # Alice's journal alone: base, laptop, desk and its concern
    assert incremental == _fresh(team_root, bob)


def test_a_journal_that_leaves_the_team_leaves_the_index(team_root: Path) -> None:
    alice, carol = team_root / "journals" / "alice.toml", team_root / "journals" / "carol.toml"
    _log(alice, "Swings", 0, people=["Ann Lee"], place="Elm Park")
    _log(carol, "Library", 5, people=["Ann Lee"], place="Library")
    with Index.open_team(alice, load_team(team_root)) as index:
        assert index.db.execute("SELECT met FROM people").fetchone()[0] == 2
    carol.unlink()
    with Index.open_team(alice, load_team(team_root)) as index:
        assert index.db.execute("SELECT met FROM people").fetchone()[0] == 1
        assert _dump(index) == _fresh(team_root, alice)


def test_a_journal_team_toml_does_not_list_is_its_headers_officer(team_root: Path) -> None:
    stray = team_root / "journals" / "zed.toml"
    create(stray, "Zed Okoro", START)
    _log(stray, "Night round", 0, people=["Ann Lee"])
    with Index.open_team(stray, load_team(team_root)) as index:
        officers = {row[0] for row in index.db.execute("SELECT officer FROM interactions")}
    assert officers == {"Zed Okoro"}


@pytest.mark.parametrize("cores", [2, 4])
def test_a_first_build_on_every_core_equals_one_in_this_process(
    team_root: Path, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    """The team's first build copies runs of journals indexed by worker processes: the
    same index as reading the journals one after another — spellings, corrections,
    totals and concern states across journals too."""
    from patrol_journal.index import build

    alice, bob, carol = (team_root / "journals" / f"{n}.toml" for n in ("alice", "bob", "carol"))
    visit, concerns = _log(
        alice, "Swings", 0, people=["José García"], place="Elm Park", concerns=["Broken lamp"]
    )
    _log(bob, "Chat", 30, people=["Jose Garcia (resident)", "Tom Reed"], place="elm park")
    later = START + timedelta(hours=1)
    append(bob, [concern_event_record(concerns[0], "resolve", when=later, now=later)])
    correction = InteractionInput(place="Library")
    append(alice, amendment_records(visit, correction, now=START + timedelta(hours=2))[0])
    _log(carol, "Round", 200, people=["Tom Reed"], place="Library", tips=["Van at night"])
    monkeypatch.setattr(build, "PARALLEL_BYTES", 10**12)
    one_process = _fresh(team_root, alice)
    monkeypatch.setattr(build, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(build.os, "cpu_count", lambda: cores)  # workers even on one core
    used: list[int] = []
    on_every_core = build.build_on_every_core

    def counted(*args: Any, **kwargs: Any) -> list[Path]:
        scratches: list[Path] = on_every_core(*args, **kwargs)
        used.append(len(scratches))
        return scratches

    monkeypatch.setattr(build, "build_on_every_core", counted)
    parallel = _fresh(team_root, alice)
    assert used == [min(3, 4 * cores)]  # runs of journals built by workers
    assert parallel == one_process
    with Index.open_team(alice, load_team(team_root)) as index:
        assert index.last_refresh is not None and index.last_refresh.records == 0  # up to date
        assert index.db.execute("SELECT status FROM concerns").fetchone()[0] == "resolved"
        names = dict(index.db.execute("SELECT key, name FROM people"))
        meta = {key.split(":")[0] for (key,) in index.db.execute("SELECT key FROM meta")}
    assert names["jose garcia"] == "José García"  # as first spelt, in Alice's journal
    assert {"alice.toml", "bob.toml", "carol.toml"} <= meta
    assert not list(team_index_path(team_root).parent.glob("*.run*"))  # scratch files gone
