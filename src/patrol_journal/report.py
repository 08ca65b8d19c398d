"""Pure aggregations over the index, returning plain data for the renderers."""

from __future__ import annotations

from typing import Any

from patrol_journal import query
from patrol_journal.index import Index


def record_history(index: Index, record_id: str) -> dict[str, Any]:
    """One record with its history: an interaction with its corrections and concerns, a
    concern with its events, a person record as it is."""
    found = query.record(index, record_id)
    if found.type == "amendment":
        target = str(found.data["amends"])
        if index.db.execute("SELECT 1 FROM interactions WHERE id = ?", (target,)).fetchone():
            return record_history(index, target)
    if found.type == "concern" and found.data.get("action") != "raise":
        return record_history(index, str(found.data["concern"]))
    if found.type == "interaction":
        current = query.interaction(index, record_id)
        return {
            "id": record_id,
            "type": "interaction",
            "line": found.line,
            "current": current.to_json(),
            "original": found.data,
            "corrections": [item.to_json() for item in query.amendments_of(index, record_id)],
            "concerns": [concern_summary(index, cid) for cid in current.concerns],
        }
    if found.type == "concern":
        return {"type": "concern", "line": found.line, **concern_summary(index, record_id)}
    return {"id": record_id, "type": found.type, "line": found.line, **found.data}


def concern_summary(index: Index, concern_id: str) -> dict[str, Any]:
    row = index.db.execute(
        "SELECT c.text, c.status, c.at, pl.name, c.raised_by, c.priority, c.due_at, c.referred_to "
        "FROM concerns c LEFT JOIN places pl ON pl.key = c.place_key WHERE c.id = ?",
        (concern_id,),
    ).fetchone()
    if row is None:
        return {"id": concern_id, "events": []}
    import json

    return {
        "id": concern_id,
        "text": row[0],
        "status": row[1],
        "opened": row[2],
        "place": row[3],
        "raised_by": json.loads(row[4]),
        "priority": row[5],
        "due": row[6],
        "referred_to": row[7],
        "events": [event.to_json() for event in query.concern_history(index, concern_id)],
    }
