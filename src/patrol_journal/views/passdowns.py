"""Pass-downs: instructions for whoever comes on next, with who read them and when."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from patrol_journal.errors import UnknownId
from patrol_journal.index.ids import short_id
from patrol_journal.index.store import Index

COLUMNS = (
    "id", "text", "post", "written_by", "written", "until", "concern", "expired",
    "acknowledged",
)  # fmt: skip


def passdowns(
    index: Index,
    now: datetime,
    *,
    every: bool = False,
    post_key: str | None = None,
    unread_by: str | None = None,
) -> list[dict[str, Any]]:
    """Pass-downs, newest first: those not expired (`every`: all), at a post (and those
    for no post), those `unread_by` an officer has not acknowledged."""
    ts = int(now.timestamp())
    read: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in index.rows("SELECT passdown_id, officer, at FROM acks ORDER BY ts, seq"):
        read[row["passdown_id"]].append({"officer": row["officer"], "when": row["at"]})
    found = []
    for row in index.rows(
        "SELECT id, officer, at, text, post, post_key, until_ts, until_at, concern_id "
        "FROM passdowns ORDER BY ts DESC, seq DESC"
    ):
        expired = row["until_ts"] is not None and row["until_ts"] <= ts
        if expired and not every:
            continue
        if post_key is not None and row["post_key"] not in (None, post_key):
            continue
        acknowledged = read[row["id"]]
        if unread_by is not None and any(ack["officer"] == unread_by for ack in acknowledged):
            continue
        found.append(
            {
                "id": row["id"],
                "short_id": short_id(index, row["id"]),
                "text": row["text"],
                "post": row["post"],
                "written_by": row["officer"],
                "written": row["at"],
                "until": row["until_at"],
                "concern": row["concern_id"],
                "expired": expired,
                "acknowledged": acknowledged,
            }
        )
    return found


def passdown_of(index: Index, passdown_id: str, *, reader: str) -> dict[str, Any]:
    """One pass-down: its text, who wrote it and when, when it expires, and when `reader`
    first read it (None: not yet)."""
    found = index.rows(
        "SELECT id, text, officer, at, until_ts FROM passdowns WHERE id = ?", (passdown_id,)
    )
    if not found:
        raise UnknownId(f"no pass-down has the id '{passdown_id}'")
    row = found[0]
    read = index.rows(
        "SELECT at FROM acks WHERE passdown_id = ? AND officer = ? ORDER BY ts, seq LIMIT 1",
        (passdown_id, reader),
    )
    return {
        "id": row["id"],
        "text": row["text"],
        "written_by": row["officer"],
        "written": row["at"],
        "expired_at": row["until_ts"],
        "read_at": read[0]["at"] if read else None,
    }
