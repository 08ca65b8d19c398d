"""A concern's steps, applied to its index rows: a raise opens its row, a correction
replaces what it says, and every other step is kept to be settled (`index/concerns.py`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from patrol_journal.calendar import due_bounds
from patrol_journal.index.corrections import refresh_search
from patrol_journal.index.schema import CONCERN_TEXT, NOTE
from patrol_journal.vocab import clean_text, fold

if TYPE_CHECKING:
    from patrol_journal.index.apply import Applier


def apply_step(applier: Applier, seq: int, line: int, data: dict[str, Any]) -> None:
    action = data["action"]
    when: datetime = data["when"]
    ts = int(when.timestamp())
    due_ts, due_at = due_bounds(data["due"]) if data.get("due") else (None, None)
    concern_id = data["id"] if action == "raise" else data.get("concern", "")
    event = (
        data["id"],
        concern_id,
        seq,
        action,
        ts,
        when.isoformat(),
        data.get("note") if action != "raise" else None,
        due_ts,
        due_at,
        data.get("referred_to"),
        int(bool(data.get("unresolved", False))),
        applier.officer,
    )
    if action == "raise":
        _raise(applier, seq, line, data, event)
        return
    if action == "amend" and (
        applier.of_another_journal(concern_id) or not _amend_concern(applier, concern_id, data)
    ):
        return  # only the journal that raised a concern corrects it: `check` reports it
    if data.get("note"):
        applier.searched_with(NOTE, concern_id, data["note"])
    if applier.shared:
        applier.rows["concern_events"].append(event)
        applier.touch(concern_id)
        return
    if concern_id not in applier.concerns:
        return  # points nowhere: `check` reports it
    applier.rows["concern_events"].append(event)
    applier.touch(concern_id)


def _raise(
    applier: Applier, seq: int, line: int, data: dict[str, Any], event: tuple[Any, ...]
) -> None:
    """A concern opened: its row, who raised it, its first step."""
    concern_id = data["id"]
    if not applier.is_new(applier.concerns, concern_id):
        return
    raised_by = data.get("raised_by", [])
    ts, at = event[4], event[5]
    applier.rows["concerns"].append(
        (
            seq,
            concern_id,
            line,
            ts,
            at,
            data.get("text", ""),
            applier.place_key(data.get("place")),
            data.get("priority", "normal"),
            data.get("category"),
            data.get("interaction"),
            json.dumps([clean_text(n) for n in raised_by], ensure_ascii=False),
            ts,
            ts,
            at,
            event[7],
            event[8],
            applier.officer,
            fold(data.get("text", "")),
        )
    )
    applier.rows["concern_raisers"].extend(
        {(concern_id, applier.person_key(name)): None for name in raised_by}
    )
    applier.rows["concern_events"].append(event)
    if data.get("interaction"):
        applier.searched_with(CONCERN_TEXT, data["interaction"], data.get("text", ""))
    if applier.shared:  # steps from other journals may be indexed already
        applier.touch(concern_id)


def _amend_concern(applier: Applier, concern_id: str, data: dict[str, Any]) -> bool:
    """A correction of what a concern says: its text, place, raisers, priority or
    category replaced (the steps before it keep what it said then, in the journal).
    False when the concern is not indexed (yet)."""
    applier.flush()
    if applier.db.execute("SELECT 1 FROM concerns WHERE id = ?", (concern_id,)).fetchone() is None:
        return False
    columns: dict[str, Any] = {}
    if "text" in data:
        columns["text"] = data["text"]
    if "place" in data:
        columns["place_key"] = applier.place_key(data["place"])
    for key in ("priority", "category"):
        if key in data:
            columns[key] = data[key]
    if "raised_by" in data:
        names = [clean_text(name) for name in data["raised_by"]]
        columns["raised_by"] = json.dumps(names, ensure_ascii=False)
        applier.flush()
        applier.db.execute("DELETE FROM concern_raisers WHERE concern_id = ?", (concern_id,))
        applier.db.executemany(
            "INSERT OR IGNORE INTO concern_raisers(concern_id, person_key) VALUES (?, ?)",
            [(concern_id, applier.person_key(name)) for name in data["raised_by"]],
        )
    applier.flush()
    if columns:
        assignments = ", ".join(f"{column} = ?" for column in columns)
        applier.db.execute(
            f"UPDATE concerns SET {assignments} WHERE id = ?", (*columns.values(), concern_id)
        )
    if "text" in data:  # searched as it reads now: its text and every note
        notes = [
            row[0]
            for row in applier.db.execute(
                "SELECT note FROM concern_events WHERE concern_id = ? AND note IS NOT NULL",
                (concern_id,),
            )
        ]
        applier.db.execute(
            "UPDATE concerns SET search = ? WHERE id = ?",
            (fold("\n".join([data["text"], *notes])), concern_id),
        )
        raised_in = applier.db.execute(
            "SELECT interaction_id FROM concerns WHERE id = ?", (concern_id,)
        ).fetchone()[0]
        if raised_in:
            refresh_search(applier, raised_in)
    return True
