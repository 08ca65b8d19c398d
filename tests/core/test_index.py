"""The index answers exactly what a full parse of the journal answers."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patrol_journal.index.files import index_path
from patrol_journal.index.store import Index
from patrol_journal.journal.read import read as read_journal
from patrol_journal.journal.write import append, create
from patrol_journal.model import Amendment, Interaction
from patrol_journal.recording import InteractionInput, amendment_records, interaction_records
from patrol_journal.views.interactions import interactions
from patrol_journal.vocab import clean_text, name_key

NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)


def reference(path: Path) -> list[dict[str, Any]]:
    """Effective interactions from a full parse: corrections applied in file order."""
    current: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    first_spelling: dict[str, str] = {}
    place_spelling: dict[str, str] = {}
    for record in read_journal(path).records:
        if isinstance(record, Interaction) and record.id not in current:
            current[record.id] = record.model_dump(
                include={"when", "kind", "text", "people", "place", "tips", "shared", "tags"}
            )
            order.append(record.id)
        elif isinstance(record, Amendment) and record.amends in current:
            current[record.amends].update(record.changes())
        names = getattr(record, "people", None) or []
        for name in names:
            first_spelling.setdefault(name_key(name), clean_text(name))
        place = getattr(record, "place", None)
        if place:
            place_spelling.setdefault(name_key(place), clean_text(place))
    result = []
    for record_id in order:
        item = current[record_id]
        people = list(dict.fromkeys(first_spelling[name_key(n)] for n in item["people"]))
        place = place_spelling[name_key(item["place"])] if item["place"] else None
        result.append(
            {
                "id": record_id,
                "when": item["when"],
                "kind": item["kind"],
                "text": item["text"],
                "people": people,
                "place": place,
                "tips": item["tips"],
            }
        )
    result.sort(key=lambda r: (r["when"], order.index(r["id"])), reverse=True)
    return result


def from_index(path: Path) -> list[dict[str, Any]]:
    with Index.open(path) as index:
        views = interactions(index)
    return [
        {
            "id": v.id,
            "when": v.when,
            "kind": v.kind,
            "text": v.text,
            "people": v.people,
            "place": v.place,
            "tips": v.tips,
        }
        for v in views
    ]


def _log(path: Path, text: str, **fields: Any) -> str:
    records, record_id, _ = interaction_records(InteractionInput(text=text, **fields), NOW)
    append(path, records)
    return record_id


def _new(tmp: Path) -> Path:
    path = tmp / "j.toml"
    create(path, "Officer", NOW)
    return path


def test_appends_are_indexed_incrementally(tmp_path: Path) -> None:
    path = _new(tmp_path)
    _log(path, "one", people=["Maria Lopez"], place="Elm Park")
    with Index.open(path) as index:
        assert index.last_refresh is not None and index.last_refresh.rebuilt
    _log(path, "two", people=["maria  lopez"], place="elm park")
    with Index.open(path) as index:
        report = index.last_refresh
        assert report is not None and not report.rebuilt and report.records == 1
    assert from_index(path) == reference(path)
    assert from_index(path)[0]["people"] == ["Maria Lopez"]
    assert from_index(path)[0]["place"] == "Elm Park"


def test_deleting_the_cache_changes_nothing(tmp_path: Path) -> None:
    path = _new(tmp_path)
    for n in range(5):
        _log(path, f"entry {n}", people=[f"Person {n % 2}"], concerns=[f"c{n}"])
    before = from_index(path)
    shutil.rmtree(index_path(path).parent)
    assert from_index(path) == before == reference(path)


def test_a_hand_edit_in_the_middle_is_picked_up(tmp_path: Path) -> None:
    path = _new(tmp_path)
    for n in range(4):
        _log(path, f"entry {n}")
    from_index(path)
    text = path.read_text()
    path.write_text(text.replace('"entry 1"', '"entry one, edited"'))
    with Index.open(path) as index:
        assert index.last_refresh is not None and index.last_refresh.rebuilt
    assert "entry one, edited" in [row["text"] for row in from_index(path)]
    assert from_index(path) == reference(path)


def test_a_same_length_edit_is_picked_up(tmp_path: Path) -> None:
    path = _new(tmp_path)
    _log(path, "entry A")
    _log(path, "entry B")
    from_index(path)
    stat = os.stat(path)
    path.write_text(path.read_text().replace("entry A", "entry C"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert sorted(row["text"] for row in from_index(path)) == ["entry B", "entry C"]


def test_a_torn_tail_is_reported_not_indexed(tmp_path: Path) -> None:
    path = _new(tmp_path)
    _log(path, "complete")
    _log(path, "torn")
    path.write_bytes(path.read_bytes()[:-15])
    with Index.open(path) as index:
        torn = index.torn_tail
        assert torn is not None and torn.source is not None
        assert [v.text for v in interactions(index)] == ["complete"]
    lines = path.read_text().splitlines()
    assert torn.source.line == len(lines) - lines[::-1].index("[[record]] # sealed")


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    path = _new(tmp_path)
    _log(path, "one")
    from_index(path)
    index_path(path).write_bytes(b"this is not sqlite" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(index_path(path)) + suffix).unlink(missing_ok=True)
    assert [row["text"] for row in from_index(path)] == ["one"]


operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("log"),
            st.sampled_from(["Maria Lopez", "maria lopez", "Tom", "Ana Diaz"]),
            st.sampled_from(["Elm Park", "elm  park", "Mill Lane", None]),
            st.integers(min_value=0, max_value=60),
        ),
        st.tuples(
            st.just("amend"),
            st.integers(min_value=0, max_value=50),
            st.sampled_from(["text", "people", "place", "when"]),
        ),
        st.tuples(st.just("edit"), st.integers(min_value=0, max_value=50)),
        st.tuples(
            st.just("read"),
        ),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_index_and_full_parse_agree(tmp_path_factory: Any, ops: list[tuple[Any, ...]]) -> None:
    path = _new(Path(tmp_path_factory.mktemp("agree")))
    ids: list[str] = []
    for op in ops:
        if op[0] == "log":
            _, who, where, days = op
            ids.append(
                _log(
                    path,
                    f"text {len(ids)}",
                    people=[who],
                    place=where,
                    when=NOW - timedelta(days=days),
                )
            )
        elif op[0] == "amend" and ids:
            target = ids[op[1] % len(ids)]
            change = {
                "text": InteractionInput(text="corrected"),
                "people": InteractionInput(people=["Corrected Person"]),
                "place": InteractionInput(place="Corrected Place"),
                "when": InteractionInput(when=NOW - timedelta(days=99)),
            }[op[2]]
            records, _, _ = amendment_records(target, change, NOW)
            append(path, records)
        elif op[0] == "edit" and ids:
            n = op[1] % len(ids)
            path.write_text(path.read_text().replace(f'"text {n}"', f'"hand edited {n}"'))
        else:
            assert from_index(path) == reference(path)
    assert from_index(path) == reference(path)
    with Index.open(path) as index:
        concerns = index.db.execute("SELECT count(*) FROM concerns").fetchone()[0]
    assert concerns == 0
    assert json.dumps(from_index(path), default=str) == json.dumps(reference(path), default=str)


def test_a_reused_id_counts_once_however_far_back_the_first(tmp_path: Path) -> None:
    """The first record with an id counts, whether the other is in the rows not written
    yet or long written (more than a batch of rows apart): a cold build and a refresh."""
    path = _new(tmp_path)
    batch: list[dict[str, Any]] = []
    for n in range(6000):
        entry = InteractionInput(text=f"entry {n}", people=[f"Person {n % 7}"], place="Elm Park")
        batch.extend(interaction_records(entry, NOW - timedelta(minutes=n))[0])
    first, last = batch[0], batch[-1]
    append(path, [*batch, {**first, "text": "a copy of the first"}])
    append(path, [{**last, "text": "a copy of the last", "people": ["Someone Else"]}])
    shown = from_index(path)
    assert len(shown) == 6000
    assert {"a copy of the first", "a copy of the last"}.isdisjoint(r["text"] for r in shown)
    assert shown == reference(path)
    append(path, [{**batch[2999], "text": "a later copy"}])
    with Index.open(path) as index:
        assert index.last_refresh is not None and not index.last_refresh.rebuilt
        met = dict(index.db.execute("SELECT key, met FROM people").fetchall())
    assert from_index(path) == reference(path)
    assert "someone else" not in met and sum(met.values()) == 6000


def test_seen_ids_answer_exactly_when_the_filter_is_crowded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Bloom filter planned for far fewer ids says "maybe" often: every answer is still
    exact, for ids written, ids pending and ids never added."""
    import sqlite3
    import string

    from patrol_journal.index import seen as seen_ids
    from patrol_journal.index.seen import SeenIds

    monkeypatch.setattr(seen_ids, "SMALLEST", 1 << 14)  # most answers are "maybe"
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE interactions (id TEXT PRIMARY KEY)")
    seen = SeenIds(db, "interactions", fresh=True, expected=0)
    letters = string.ascii_lowercase
    added = [f"{a}{b}{c}{d}" for a in letters for b in letters for c in letters for d in "ab"]
    for number, record_id in enumerate(added):
        seen.add(record_id)
        if number % 5000 == 4999:  # written, as a flush writes them
            db.executemany(
                "INSERT INTO interactions VALUES (?)", [(i,) for i in added[: number + 1]][-5000:]
            )
            seen.written()
    assert all(record_id in seen for record_id in added)
    absent = [record_id[:3] + "z" for record_id in added]
    assert not any(record_id in seen for record_id in absent)
