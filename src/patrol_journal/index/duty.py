"""Shifts, pass-downs and their acknowledgements, applied to their index rows: a shift's
start opens its row and its end (`shift` pointing at the start) closes it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from patrol_journal.calendar import due_bounds
from patrol_journal.vocab import clean_text, name_key

if TYPE_CHECKING:
    from patrol_journal.index.apply import Applier


def _names(values: list[str]) -> str:
    return json.dumps([clean_text(value) for value in values], ensure_ascii=False)


def _key(name: str | None) -> str | None:
    return name_key(name) if name else None


def apply_shift(applier: Applier, seq: int, line: int, data: dict[str, Any]) -> None:
    """On duty: a row of its own. Off duty: the row of the start it names (or, none
    named, the officer's last shift begun before it) closed."""
    when: datetime = data["when"]
    if data["duty"] == "on":
        applier.rows["shifts"].append(
            (
                data["id"],
                seq,
                line,
                applier.officer,
                int(when.timestamp()),
                when.isoformat(),
                clean_text(data["post"]) if data.get("post") else None,
                _key(data.get("post")),
                clean_text(data["relieving"]) if data.get("relieving") else None,
                _names(data.get("partners", [])),
                json.dumps(data.get("equipment", []), ensure_ascii=False),
                data.get("note"),
            )
        )
        return
    applier.flush()
    start = data.get("shift")
    if start is None:
        found = applier.db.execute(
            "SELECT id FROM shifts WHERE officer = ? AND start_ts <= ? AND end_id IS NULL "
            "ORDER BY start_ts DESC, seq DESC LIMIT 1",
            (applier.officer, int(when.timestamp())),
        ).fetchone()
        start = found[0] if found is not None else None
    if start is None:
        return  # an end of no shift: `check` reports it
    applier.db.execute(
        "UPDATE shifts SET end_id = ?, end_ts = ?, end_at = ?, handed_to = ?, "
        "equipment_out = ?, summary = ? WHERE id = ? AND officer = ? AND end_id IS NULL "
        "AND start_ts < ?",
        (
            data["id"],
            int(when.timestamp()),
            when.isoformat(),
            clean_text(data["handed_to"]) if data.get("handed_to") else None,
            json.dumps(data.get("equipment", []), ensure_ascii=False),
            data.get("note"),
            start,
            applier.officer,
            int(when.timestamp()),
        ),
    )


def apply_passdown(applier: Applier, seq: int, data: dict[str, Any]) -> None:
    when: datetime = data["when"]
    until = due_bounds(data["until"]) if data.get("until") else (None, None)
    applier.rows["passdowns"].append(
        (
            data["id"],
            seq,
            applier.officer,
            int(when.timestamp()),
            when.isoformat(),
            data["text"],
            clean_text(data["post"]) if data.get("post") else None,
            _key(data.get("post")),
            *until,
            data.get("concern"),
        )
    )


def apply_ack(applier: Applier, seq: int, data: dict[str, Any]) -> None:
    when: datetime = data["when"]
    applier.rows["acks"].append(
        (
            data["id"],
            data["passdown"],
            applier.officer,
            int(when.timestamp()),
            when.isoformat(),
            seq,
        )
    )
