"""Concern steps folded into the `concerns` table: their current state, after each refresh."""

from __future__ import annotations

import itertools
import operator
import sqlite3
from collections.abc import Iterable
from typing import Any

from patrol_journal.lifecycle import fold_concern

# A concern's steps in the order they happened: its raise, then by WHEN, then in the order
# the journals were read; and the latest first (a step at the moment of the raise comes
# after it). Every query of `concern_events` that orders steps uses one of these.
STEP_ORDER = "action != 'raise', ts, seq"
LATEST_STEP_FIRST = "action = 'raise', ts DESC, seq DESC"


_EVENTS = "SELECT concern_id, action, ts, at, due_ts, due_at, referred_to, unresolved "
_SETTLE = (
    "UPDATE concerns SET status = ?, status_ts = ?, resolved_ts = ?, reported_ts = ?, "
    "last_ts = ?, last_at = ?, due_ts = ?, due_at = ?, referred_to = ?, updates = ? "
    "WHERE id = ?"
)


def settle_concerns(db: sqlite3.Connection, concern_ids: set[str] | None) -> None:
    """Fold the steps of the concerns a refresh touched (None: of every concern, in one
    pass, a few thousand at a time) into their current state."""
    rows: Iterable[Any]
    if concern_ids is None:
        rows = db.execute(f"{_EVENTS} FROM concern_events ORDER BY concern_id, {STEP_ORDER}")
    else:
        rows = (
            row
            for concern_id in concern_ids
            for row in db.execute(
                f"{_EVENTS} FROM concern_events WHERE concern_id = ? ORDER BY {STEP_ORDER}",
                (concern_id,),
            )
        )
    updates = []
    for concern_id, steps in itertools.groupby(rows, key=operator.itemgetter(0)):
        state = fold_concern([step[1:] for step in steps])
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
        if len(updates) >= 5000:
            db.executemany(_SETTLE, updates)
            updates.clear()
    db.executemany(_SETTLE, updates)
