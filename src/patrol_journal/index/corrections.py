"""A correction of an interaction, applied to its index rows: the columns it replaces, the
people and places it moves, the concerns raised in it, and its search text."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from patrol_journal.fields import PLAIN
from patrol_journal.index.schema import CONCERN_TEXT
from patrol_journal.index.totals import recount_people
from patrol_journal.vocab import AMENDABLE, clean_text, search_text

if TYPE_CHECKING:
    from patrol_journal.index.apply import Applier


def _one(applier: Applier, sql: str, params: tuple[Any, ...]) -> sqlite3.Row | None:
    """The first row of a query, read by column name."""
    cursor = applier.db.cursor()
    cursor.row_factory = sqlite3.Row
    found: sqlite3.Row | None = cursor.execute(sql, params).fetchone()
    return found


def more_json(data: dict[str, Any]) -> str | None:
    """An interaction's fields with no column of their own (`fields.PLAIN`), as JSON."""
    kept = {key: data[key] for key in PLAIN if data.get(key) is not None}
    return json.dumps(kept, ensure_ascii=False) if kept else None


def apply_correction(applier: Applier, seq: int, line: int, data: dict[str, Any]) -> None:
    """An amendment: the fields it gives replace the interaction's, in every row they are in."""
    target = data["amends"]
    if applier.of_another_journal(target):
        return  # another officer's record: `pj check --team` reports it
    applier.db.execute(
        "INSERT OR IGNORE INTO amendments(id, target, seq, line) VALUES (?, ?, ?, ?)",
        (data["id"], target, seq, line),
    )
    applier.flush()
    row = _one(applier, "SELECT ts, place_key, more FROM interactions WHERE id = ?", (target,))
    if row is None:  # points nowhere: `check` reports it
        return
    changes = {key: data[key] for key in AMENDABLE if data.get(key) is not None}
    ts = int(row["ts"])
    old_place = row["place_key"]
    old_people = [
        r[0]
        for r in applier.db.execute(
            "SELECT person_key FROM participants WHERE interaction_id = ?", (target,)
        )
    ]
    columns = _corrected_columns(applier, changes, old_place)
    if changes.keys() & set(PLAIN):
        columns["more"] = more_json(json.loads(row["more"] or "{}") | changes)
    ts = columns.get("ts", ts)
    applier.flush()
    assignments = "".join(f"{column} = ?, " for column in columns)
    applier.db.execute(
        f"UPDATE interactions SET {assignments}amended = amended + 1 WHERE id = ?",
        (*columns.values(), target),
    )
    new_place = columns.get("place_key", old_place)
    if changes.keys() & {"place", "when", "kind"}:  # a visit moved, in place, time or kind
        applier.recount_places.update(place for place in (old_place, new_place) if place)
    if "people" in changes:
        for key in old_people:
            applier.met[key] = applier.met.get(key, 0) - 1
        applier.db.execute("DELETE FROM participants WHERE interaction_id = ?", (target,))
        applier.add_people(target, changes["people"], ts, new_place)
        _reassign_raisers(applier, target, old_people, changes["people"])
    else:  # who stays; where and when they were met follow the correction
        applier.db.execute(
            "UPDATE participants SET place_key = ?, ts = ? WHERE interaction_id = ?",
            (new_place, ts, target),
        )
    if changes.keys() & {"people", "place", "when"}:
        met_now = [applier.person_key(name) for name in changes.get("people", [])]
        _count_again(applier, {*old_people, *met_now})
    _move_concerns(applier, target, (int(row["ts"]), old_place), (ts, new_place), changes)
    if "tags" in changes:
        applier.db.execute("DELETE FROM tags WHERE interaction_id = ?", (target,))
        applier.add_tags(target, changes["tags"])
    applier.flush()
    refresh_search(applier, target)


def _corrected_columns(
    applier: Applier, changes: dict[str, Any], old_place: str | None
) -> dict[str, Any]:
    """The interaction's columns a correction replaces (and the visits it moves)."""
    columns: dict[str, Any] = {}
    if "when" in changes:
        columns["ts"] = int(changes["when"].timestamp())
        columns["at"] = changes["when"].isoformat()
    for field in ("kind", "text"):
        if field in changes:
            columns[field] = changes[field]
    if "place" in changes:
        columns["place_key"] = applier.place_key(changes["place"])
        if old_place is not None:
            applier.visits[old_place] = applier.visits.get(old_place, 0) - 1
        applier.visits[columns["place_key"]] = applier.visits.get(columns["place_key"], 0) + 1
    for field in ("tips", "shared", "tags"):
        if field in changes:
            columns[field] = json.dumps(changes[field], ensure_ascii=False)
    if "tips" in changes:
        columns["n_tips"] = len(changes["tips"])
    if "tip_from" in changes:
        columns["tip_from"] = applier.person_key(changes["tip_from"])
    if "shared" in changes:
        columns["n_shared"] = len(changes["shared"])
    return columns


def _count_again(applier: Applier, people: set[str]) -> None:
    """Where and by whom these people were met, counted again from their meetings
    (a correction can move or remove the latest one: a kept maximum would go stale)."""
    applier.flush()
    for key in people:
        applier.pairs.pop(key, None)
        applier.met_by.pop(key, None)
    recount_people(applier.db, people)


def _move_concerns(
    applier: Applier,
    target: str,
    before: tuple[int, str | None],
    after: tuple[int, str | None],
    changes: dict[str, Any],
) -> None:
    """A correction of when or where an interaction happened reaches the concerns
    raised in it (those raised then and there, not given their own time or place)."""
    if "when" not in changes and "place" not in changes:
        return
    for concern_id, ts, place_key in applier.db.execute(
        "SELECT id, ts, place_key FROM concerns WHERE interaction_id = ?", (target,)
    ).fetchall():
        if "when" in changes and ts == before[0]:
            at = changes["when"].isoformat()
            applier.db.execute(
                "UPDATE concerns SET ts = ?, at = ? WHERE id = ?", (after[0], at, concern_id)
            )
            applier.db.execute(
                "UPDATE concern_events SET ts = ?, at = ? WHERE id = ?",
                (after[0], at, concern_id),
            )
        if "place" in changes and place_key == before[1]:
            applier.db.execute(
                "UPDATE concerns SET place_key = ? WHERE id = ?", (after[1], concern_id)
            )
        applier.touch(concern_id)


def _reassign_raisers(
    applier: Applier, target: str, old_keys: list[str], people: list[str]
) -> None:
    """A correction of who was met reaches the concerns raised in that interaction by
    the people it named (not those given their own raisers with --concern-by)."""
    new_keys = list(dict.fromkeys(applier.person_key(name) for name in people))
    names = json.dumps([clean_text(name) for name in people], ensure_ascii=False)
    for (concern_id,) in applier.db.execute(
        "SELECT id FROM concerns WHERE interaction_id = ?", (target,)
    ).fetchall():
        raisers = {
            row[0]
            for row in applier.db.execute(
                "SELECT person_key FROM concern_raisers WHERE concern_id = ?", (concern_id,)
            )
        }
        if raisers != set(old_keys):
            continue
        applier.db.execute("DELETE FROM concern_raisers WHERE concern_id = ?", (concern_id,))
        applier.db.executemany(
            "INSERT OR IGNORE INTO concern_raisers(concern_id, person_key) VALUES (?, ?)",
            [(concern_id, key) for key in new_keys],
        )
        applier.db.execute("UPDATE concerns SET raised_by = ? WHERE id = ?", (names, concern_id))


def refresh_search(applier: Applier, interaction_id: str) -> None:
    """Recompute an interaction's search text after a correction."""
    row = _one(
        applier,
        "SELECT i.text, pl.name AS place, i.tips, i.shared, i.tags, i.more FROM interactions i "
        "LEFT JOIN places pl ON pl.key = i.place_key WHERE i.id = ?",
        (interaction_id,),
    )
    assert row is not None
    people = [
        r[0]
        for r in applier.db.execute(
            "SELECT pe.name FROM participants p JOIN people pe ON pe.key = p.person_key "
            "WHERE p.interaction_id = ?",
            (interaction_id,),
        )
    ]
    concerns = [  # their texts and notes, folded already
        r[0]
        for r in applier.db.execute(
            "SELECT search FROM concerns WHERE interaction_id = ?", (interaction_id,)
        )
    ]
    fields = {"text": row["text"], "people": people, "place": row["place"]}
    for key in ("tips", "shared", "tags"):
        fields[key] = json.loads(row[key])
    fields |= json.loads(row["more"] or "{}")
    text = search_text(fields)
    if concerns:
        text += "\n" + "\n".join(concerns)
    applier.db.execute("UPDATE interactions SET search = ? WHERE id = ?", (text, interaction_id))
    applier.db.execute(  # the concerns' texts are in already
        "DELETE FROM temp.search_extra WHERE kind = ? AND target = ?",
        (CONCERN_TEXT, interaction_id),
    )
