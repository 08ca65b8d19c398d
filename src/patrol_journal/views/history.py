"""One record with its history: an interaction's corrections and concerns, a concern's steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from patrol_journal.errors import UnknownId
from patrol_journal.index.concerns import STEP_ORDER
from patrol_journal.index.store import Index
from patrol_journal.views.concerns import concerns_by_id
from patrol_journal.views.interactions import interaction


class RecordView:
    """One record as written, with where it is in the file."""

    __slots__ = ("data", "id", "line", "type")

    def __init__(self, id: str, type: str, line: int, data: dict[str, Any]) -> None:
        self.id = id
        self.type = type
        self.line = line
        self.data = data

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "line": self.line, **self.data}


def record(index: Index, record_id: str) -> RecordView:
    """One record as written in the journal (read back from its place in the file)."""
    from patrol_journal.journal.read import read_record_at

    row = index.db.execute(
        "SELECT id, type, line, offset, end, source FROM records WHERE id = ? ORDER BY seq LIMIT 1",
        (record_id,),
    ).fetchone()
    if row is None:
        raise UnknownId(f"no record has the id '{record_id}'")
    data = read_record_at(index.path_of(row[5]), row[3], row[4], row[2])
    return RecordView(row[0], row[1], row[2], _without_type(data))


def _without_type(data: dict[str, Any]) -> dict[str, Any]:
    for key in ("type", "id", "seal"):
        data.pop(key, None)
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in data.items()
    }


def _records(index: Index, sql: str, key: str) -> list[RecordView]:
    return [record(index, row[0]) for row in index.db.execute(sql, (key,))]


def amendments_of(index: Index, interaction_id: str) -> list[RecordView]:
    """The corrections of an interaction, in the order they were written."""
    sql = "SELECT id FROM amendments WHERE target = ? ORDER BY seq"
    return _records(index, sql, interaction_id)


def concern_history(index: Index, concern_id: str) -> list[RecordView]:
    """The steps of a concern in the order they happened (by their time, then file order)."""
    sql = f"SELECT id FROM concern_events WHERE concern_id = ? ORDER BY {STEP_ORDER}"
    return _records(index, sql, concern_id)


def record_history(index: Index, record_id: str, now: datetime) -> dict[str, Any]:
    """One record with its history: an interaction with its corrections and concerns, a
    concern with its events, a person record as it is."""
    found = record(index, record_id)
    if found.type == "amendment":
        target = str(found.data["amends"])
        if index.db.execute("SELECT 1 FROM interactions WHERE id = ?", (target,)).fetchone():
            return record_history(index, target, now)
    if found.type == "concern" and found.data.get("action") != "raise":
        return record_history(index, str(found.data["concern"]), now)
    if found.type == "interaction":
        current = interaction(index, record_id)
        return {
            "id": record_id,
            "type": "interaction",
            "line": found.line,
            "current": current.to_json(),
            "original": found.data,
            "corrections": [item.to_json() for item in amendments_of(index, record_id)],
            "concerns": [concern_summary(index, cid, now) for cid in current.concerns],
        }
    if found.type == "concern":
        return {"type": "concern", "line": found.line, **concern_summary(index, record_id, now)}
    return {"id": record_id, "type": found.type, "line": found.line, **found.data}


def concern_summary(index: Index, concern_id: str, now: datetime) -> dict[str, Any]:
    """A concern as it stands, with its steps in the order they happened."""
    found = concerns_by_id(index, [concern_id], now)
    if not found:
        return {"id": concern_id, "events": []}
    return {key: found[0][key] for key in _SUMMARY_KEYS} | {
        "events": [event.to_json() for event in concern_history(index, concern_id)]
    }


_SUMMARY_KEYS = (
    "id",
    "text",
    "status",
    "opened",
    "place",
    "raised_by",
    "priority",
    "category",
    "due",
    "referred_to",
)
