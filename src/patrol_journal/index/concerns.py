"""Concern steps folded into the `concerns` table: their current state, after each refresh."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from patrol_journal.lifecycle import fold_concern

# A concern's steps in the order they happened: its raise, then by WHEN, then in the order
# the journals were read; and the latest first (a step at the moment of the raise comes
# after it). Every query of `concern_events` that orders steps uses one of these.
STEP_ORDER = "action != 'raise', ts, seq"
LATEST_STEP_FIRST = "action = 'raise', ts DESC, seq DESC"


def settle_concerns(db: sqlite3.Connection, concern_ids: set[str], *, fresh: bool) -> None:
    """Fold the events of the concerns this refresh touched into their current state."""
    if not concern_ids:
        return
    events: dict[str, list[Any]] = {}
    rows: Iterable[Any]
    if fresh:  # every concern: one pass over all events
        rows = db.execute(
            "SELECT concern_id, action, ts, at, due_ts, due_at, referred_to, unresolved "
            f"FROM concern_events ORDER BY concern_id, {STEP_ORDER}"
        )
    else:
        rows = (
            row
            for concern_id in concern_ids
            for row in db.execute(
                "SELECT concern_id, action, ts, at, due_ts, due_at, referred_to, unresolved "
                f"FROM concern_events WHERE concern_id = ? ORDER BY {STEP_ORDER}",
                (concern_id,),
            )
        )
    for row in rows:
        if row[0] in concern_ids:
            events.setdefault(row[0], []).append(row[1:])
    updates = []
    for concern_id, steps in events.items():
        state = fold_concern(steps)
        updates.append(
            (
                state["status"],
                state["status_ts"],
                state["resolved_ts"],
                state["reported_ts"],
                state["last_ts"],
                state["last_at"],
                state["due_ts"],
                state["due_at"],
                state["referred_to"],
                state["updates"],
                concern_id,
            )
        )
    db.executemany(
        "UPDATE concerns SET status = ?, status_ts = ?, resolved_ts = ?, reported_ts = ?, "
        "last_ts = ?, last_at = ?, due_ts = ?, due_at = ?, referred_to = ?, updates = ? "
        "WHERE id = ?",
        updates,
    )
