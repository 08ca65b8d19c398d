"""The weekly summary's concerns: each list with every concern's status at the end of
the period, what is owed to residents, and the follow-ups coming due."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from patrol_journal.calendar import shift_days
from patrol_journal.index.concerns import LATEST_STEP_FIRST
from patrol_journal.index.store import Index
from patrol_journal.views import Shown
from patrol_journal.views.concerns import add_who_to_tell, concerns_by_id, status_at


def _status_then(index: Index, concern_id: str, moment: int) -> str:
    """The status of a concern the summary's state map leaves out (reported back by then)."""
    return status_at(index, concern_id, datetime.fromtimestamp(moment, UTC)) or "open"


def _concern_rows(
    index: Index, ids: list[str], states: dict[str, str], moment: int, limit: int | None = None
) -> Shown:
    """The concerns as the summary lists them, oldest first: their status at `moment`, and
    whether they had been reopened by then (a concern resolved and reopened in one week
    is in both). With `limit`, only the first `limit` are made."""
    total = len(ids)
    ids = _oldest(index, ids, limit)
    then = datetime.fromtimestamp(moment, UTC)
    reopened = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        reopened |= {
            row[0]
            for row in index.db.execute(
                f"SELECT DISTINCT concern_id FROM concern_events WHERE concern_id IN ({marks}) "
                "AND action = 'reopen' AND ts <= ?",
                (*chunk, moment),
            )
        }
    rows = Shown(
        {key: row[key] for key in _CONCERN_KEYS}
        | {
            "status": states.get(row["id"]) or _status_then(index, row["id"], moment),
            "reopened": row["id"] in reopened,
        }
        for row in concerns_by_id(index, ids, then, officers=False)
    )
    rows.total = total
    return rows


def _oldest(index: Index, ids: list[str], limit: int | None) -> list[str]:
    """The first `limit` of `ids` in the order the lists show them (when opened, then id),
    or all of them."""
    if limit is None or len(ids) <= limit:
        return ids
    opened: list[tuple[int, str]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        opened += index.db.execute(
            f"SELECT ts, id FROM concerns WHERE id IN ({marks})", chunk
        ).fetchall()
    return [concern_id for _ts, concern_id in sorted(opened)[:limit]]


_CONCERN_KEYS = ("id", "short_id", "text", "raised_by", "place", "opened", "age_days", "priority")


def concern_sections(
    index: Index,
    start: int,
    end: int,
    states: dict[str, str],
    last_moment: datetime,
    limit: int | None = None,
) -> dict[str, Shown]:
    """Concerns opened, resolved and reported back in the period, and those still open at
    its end (oldest first), each with its status then (the first `limit` of each)."""

    def ids_for(action: str) -> list[str]:
        return [
            row[0]
            for row in index.db.execute(
                "SELECT DISTINCT concern_id FROM concern_events WHERE action = ? AND ts >= ? "
                "AND ts < ?",
                (action, start, end),
            )
        ]

    opened = [
        row[0]
        for row in index.db.execute(
            "SELECT id FROM concerns WHERE ts >= ? AND ts < ?", (start, end)
        )
    ]
    still_open = [cid for cid, status in states.items() if status == "open"]
    moment = int(last_moment.timestamp())
    return {
        "opened": _concern_rows(index, opened, states, moment, limit),
        "resolved": _concern_rows(index, ids_for("resolve"), states, moment, limit),
        "reported_back": _concern_rows(index, ids_for("report-back"), states, moment, limit),
        "open": _concern_rows(index, still_open, states, moment, limit),  # oldest first
    }


def owed_report_backs(
    index: Index, states: dict[str, str], end: int, limit: int | None = None
) -> Shown:
    """Concerns resolved by the end of the period and not yet reported back, with who to
    tell and where each is usually met (the first `limit`)."""
    owed = [cid for cid, status in states.items() if status == "resolved"]
    rows = _concern_rows(index, owed, states, end - 1, limit)  # as the period's other lists
    add_who_to_tell(index, rows)
    return rows


def follow_ups_due(
    index: Index, states: dict[str, str], moment: datetime, limit: int | None = None
) -> Shown:
    """Open concerns with a follow-up due by the end of the seven days after `moment` (the
    end of the period, or now for this week), or overdue then (the first `limit`)."""
    end = int(moment.timestamp())
    horizon = int(shift_days(moment, 7).timestamp())
    due = []
    open_ids = {concern_id for concern_id, status in states.items() if status == "open"}
    # Open at `end`: open now and unchanged since, or changed since (each read by an index).
    for concern_id, due_ts, due_at, last_ts in index.db.execute(
        "SELECT id, due_ts, due_at, last_ts FROM concerns WHERE (status = 'open' OR last_ts >= ?) "
        "AND ts < ? AND (due_ts IS NOT NULL OR last_ts >= ?)",
        (end, end, end),
    ):
        if concern_id not in open_ids:
            continue
        if last_ts >= end:  # changed after the period: the due date as it was then
            row = index.db.execute(
                "SELECT due_ts, due_at FROM concern_events WHERE concern_id = ? AND ts < ? "
                f"AND due_ts IS NOT NULL ORDER BY {LATEST_STEP_FIRST} LIMIT 1",
                (concern_id, end),
            ).fetchone()
            due_ts, due_at = (row[0], row[1]) if row else (None, None)
        if due_ts is not None and due_ts < horizon:
            due.append((due_ts, concern_id, due_at))
    due.sort()
    total = len(due)
    due = due if limit is None else due[:limit]
    # Ages to the period's last moment, as every list of the summary counts them.
    rows = {r["id"]: r for r in _concern_rows(index, [d[1] for d in due], states, end - 1)}
    shown = Shown(
        {**rows[cid], "due": due_at, "overdue": due_ts < end} for due_ts, cid, due_at in due
    )
    shown.total = total
    return shown


def first_rows(summary: dict[str, Any], limit: int) -> dict[str, Any]:
    """The summary with each list of concerns, owed report-backs and follow-ups cut to
    its first `limit` rows (`list_totals` still counting them all): for one made whole
    first, as a redacted summary is, its concerns numbered over every row."""
    return summary | {
        "concerns": {key: rows[:limit] for key, rows in summary["concerns"].items()},
        "owed_report_backs": summary["owed_report_backs"][:limit],
        "follow_ups_due": summary["follow_ups_due"][:limit],
    }
