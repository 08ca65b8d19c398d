"""Shifts as they stand: who is on duty, since when; the daily activity report (DAR) of
one shift, derived from the sealed records and never typed; pass-downs and who read them.

A record belongs to a shift by its time (its `when` inside the shift), so a backdated
entry written after the shift ended still belongs to it, marked as written later.
"""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta
from typing import Any

from patrol_journal.config import shift_limit_hours
from patrol_journal.errors import UnknownId, UsageError
from patrol_journal.index.ids import short_id
from patrol_journal.index.store import Index

GAP = timedelta(hours=1)  # a longer stretch of a shift with no entry is a row of the DAR
LATE = timedelta(minutes=15)  # an entry written longer after its WHEN is marked so

# The keys of a DAR entry, in order (a CSV of a shift with no entry still has its header).
ENTRY_COLUMNS = (
    "when", "recorded", "late", "type", "id", "kind", "people", "place", "text", "tips",
    "shared", "action", "concern",
)  # fmt: skip

_SHIFT = (
    "SELECT id, seq, officer, start_ts, start_at, post, post_key, relieving, partners, "
    "equipment_in, note, end_id, end_ts, end_at, handed_to, equipment_out, summary FROM shifts"
)


def _row(index: Index, row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "short_id": short_id(index, row["id"]),
        "officer": row["officer"],
        "post": row["post"],
        "start": row["start_at"],
        "end": row["end_at"],
        "relieved": row["relieving"],
        "relieving": row["handed_to"],
        "partners": json.loads(row["partners"]),
        "equipment": {
            "received": json.loads(row["equipment_in"]),
            "handed_over": json.loads(row["equipment_out"] or "[]"),
        },
        "note": row["note"],
        "summary": row["summary"],
        "_officer": row["officer"],
        "_start": row["start_ts"],
        "_end": row["end_ts"],
        "_end_id": row["end_id"],
    }


def public(shift: dict[str, Any]) -> dict[str, Any]:
    """A shift's row without the index's own keys, with its length in hours (None while
    it is open)."""
    hours = round((shift["_end"] - shift["_start"]) / 3600, 2) if shift["_end"] else None
    return {key: value for key, value in shift.items() if not key.startswith("_")} | {
        "hours": hours
    }


def shifts(index: Index, where: str = "", params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Shifts, latest first, matching a SQL condition."""
    sql = f"{_SHIFT} {f'WHERE {where}' if where else ''} ORDER BY start_ts DESC, seq DESC"
    return [_row(index, row) for row in index.rows(sql, params)]


def open_shift(index: Index, officer: str | None = None) -> dict[str, Any] | None:
    """The officer's shift with no end (the latest, if a hand edit left two); the
    officer whose journal it is unless another is named (in a team's index)."""
    found = shifts(index, "officer = ? AND end_id IS NULL", (officer or index.me,))
    return found[0] if found else None


def shift_by_id(index: Index, shift_id: str) -> dict[str, Any]:
    """The shift a record of it names: its start, or its end."""
    found = shifts(index, "id = ? OR end_id = ?", (shift_id, shift_id))
    if not found:
        raise UnknownId(f"no shift has the id '{shift_id}'")
    return found[0]


def shift_on(index: Index, start: int, end: int, officer: str | None = None) -> dict[str, Any]:
    """The last shift begun in [start, end) (a day)."""
    found = shifts(
        index, "officer = ? AND start_ts >= ? AND start_ts < ?", (officer or index.me, start, end)
    )
    if not found:
        raise UsageError("no shift began that day: see them with 'pj shift list'")
    if len(found) > 1:
        from patrol_journal.calendar import in_words

        which = ", ".join(f"{row['short_id']} ({in_words(row['start'])})" for row in found[::-1])
        raise UsageError(f"{len(found)} shifts began that day: {which}; give --shift ID")
    return found[0]


def last_shift(index: Index, officer: str | None = None) -> dict[str, Any]:
    found = shifts(index, "officer = ?", (officer or index.me,))
    if not found:
        raise UsageError("no shift recorded yet: start one with 'pj shift start --post POST'")
    return found[0]


def overlapping(
    index: Index, start: int, end: int | None, officer: str | None = None
) -> dict[str, Any] | None:
    """A shift of the officer's that the span [start, end] (end None: open) would overlap."""
    last = 2**62 if end is None else end
    found = shifts(
        index,
        "officer = ? AND start_ts < ? AND COALESCE(end_ts, ?) > ?",
        (officer or index.me, last, 2**62, start),
    )
    return found[0] if found else None


def _recorded(index: Index, ids: list[str]) -> dict[str, str]:
    """When each record was written (read back from the journal: the index keeps when
    things happened, not when they were written down)."""
    from patrol_journal.journal.read import read_record_at

    found: dict[str, str] = {}
    for record_id in ids:
        rows = index.rows(
            "SELECT offset, end, line, source FROM records WHERE id = ? ORDER BY seq LIMIT 1",
            (record_id,),
        )
        if not rows:
            continue
        row = rows[0]
        data = read_record_at(index.path_of(row["source"]), row["offset"], row["end"], row["line"])
        if isinstance(data.get("recorded"), datetime):
            found[record_id] = data["recorded"].isoformat()
    return found


def _interaction_entries(
    index: Index, span: tuple[int, int], officer: str, tips: bool
) -> list[dict[str, Any]]:
    from patrol_journal.views.interactions import interactions

    views = interactions(
        index, "i.ts BETWEEN ? AND ? AND i.officer = ?", (*span, officer), order="i.ts, i.seq"
    )
    return [
        {
            "when": view.when.isoformat(),
            "type": "interaction",
            "id": view.id,
            "kind": view.kind,
            "people": view.people,
            "place": view.place,
            "text": view.text,
            "tips": view.tips if tips else len(view.tips),
            "shared": view.shared,
            "concern": view.concerns,
        }
        for view in views
    ]


def _step_entries(index: Index, span: tuple[int, int], officer: str) -> list[dict[str, Any]]:
    """Concern steps in the span: a raise says the concern, another step its note."""
    return [
        {
            "when": row["at"],
            "type": "concern",
            "id": row["id"],
            "action": row["action"],
            "text": _step_text(row),
            "concern": row["concern_id"],
            "place": row["place"],
            "people": json.loads(row["raised_by"]) if row["action"] == "raise" else [],
        }
        for row in index.rows(
            "SELECT e.id, e.at, e.action, e.note, e.referred_to, c.text, c.raised_by, "
            "e.concern_id, pl.name AS place "
            "FROM concern_events e JOIN concerns c ON c.id = e.concern_id "
            "LEFT JOIN places pl ON pl.key = c.place_key "
            "WHERE e.ts BETWEEN ? AND ? AND e.officer = ? ORDER BY e.ts, e.seq",
            (*span, officer),
        )
    ]


def _step_text(row: Any) -> str:
    """A raise says the concern; another step its note, and whom it was referred to."""
    if row["action"] == "raise":
        return str(row["text"])
    referred = f"referred to {row['referred_to']}" if row["referred_to"] else ""
    return "; ".join(part for part in (row["note"], referred) if part)


def _other_entries(index: Index, span: tuple[int, int], officer: str) -> list[dict[str, Any]]:
    """Concern steps, person notes, pass-downs written and read, in the span."""
    entries = _step_entries(index, span, officer)
    entries += [
        {
            "when": row["at"],
            "type": "person",
            "id": row["id"],
            "people": [row["name"]],
            "text": "; ".join(part for part in (row["role"], row["note"]) if part),
        }
        for row in index.rows(
            "SELECT n.id, n.at, n.role, n.note, pe.name FROM person_notes n "
            "JOIN people pe ON pe.key = n.person_key "
            "WHERE n.ts BETWEEN ? AND ? AND n.officer = ? ORDER BY n.ts, n.seq",
            (*span, officer),
        )
    ]
    entries += [
        {
            "when": row["at"],
            "type": "passdown",
            "id": row["id"],
            "text": row["text"],
            "place": row["post"],
            "concern": row["concern_id"],
        }
        for row in index.rows(
            "SELECT id, at, text, post, concern_id FROM passdowns "
            "WHERE ts BETWEEN ? AND ? AND officer = ?",
            (*span, officer),
        )
    ]
    entries += [
        {
            "when": row["at"],
            "type": "ack",
            "id": row["id"],
            "text": row["text"] or "",
        }
        for row in index.rows(
            "SELECT a.id, a.at, a.passdown_id, p.text FROM acks a "
            "LEFT JOIN passdowns p ON p.id = a.passdown_id "
            "WHERE a.ts BETWEEN ? AND ? AND a.officer = ?",
            (*span, officer),
        )
    ]
    return entries


def entries(
    index: Index, shift: dict[str, Any], now: datetime, *, tips: bool = False
) -> list[dict[str, Any]]:
    """Every entry of a shift in time order, each with when it was written and whether
    that was later than it happened (more than `LATE`)."""
    end = shift["_end"] if shift["_end"] is not None else int(now.timestamp())
    span = (shift["_start"], end)
    found = _interaction_entries(index, span, shift["_officer"], tips)
    found += _other_entries(index, span, shift["_officer"])
    found.sort(key=lambda entry: datetime.fromisoformat(entry["when"]))
    written = _recorded(index, [entry["id"] for entry in found])
    for entry in found:
        entry["recorded"] = written.get(entry["id"])
        entry["late"] = _late(entry["when"], entry["recorded"])
    return [{key: entry.get(key) for key in ENTRY_COLUMNS} for entry in found]


def written_after(index: Index, shift: dict[str, Any], moment: int, now: datetime) -> int:
    """How many entries of the officer's, from its start to `now`, happened after
    `moment` (an end given there would leave them out of the shift)."""
    span = (moment + 1, int(now.timestamp()))
    found = _interaction_entries(index, span, shift["_officer"], False)
    return len(found) + len(_other_entries(index, span, shift["_officer"]))


def _late(when: str | None, recorded: str | None) -> bool:
    """Whether a record was written down more than `LATE` after it happened."""
    if when is None or recorded is None:
        return False
    return datetime.fromisoformat(recorded) - datetime.fromisoformat(when) > LATE


def gaps(start: datetime, times: list[datetime], end: datetime) -> list[dict[str, str]]:
    """Every stretch of more than `GAP` with no entry, from the start to the end."""
    moments = [start, *sorted(times), end]
    return [
        {"from": before.isoformat(), "to": after.isoformat()}
        for before, after in itertools.pairwise(moments)
        if after - before > GAP
    ]


def _open_at(index: Index, moment: int, officer: str) -> list[str]:
    """The concerns of the officer's journal open at `moment`: raised by then, and their
    last opening or closing step by then a raise or a reopen."""
    last: dict[str, str] = {}
    for row in index.rows(
        "SELECT e.concern_id, e.action FROM concern_events e JOIN concerns c "
        "ON c.id = e.concern_id WHERE c.officer = ? AND e.ts <= ? "
        "AND e.action IN ('raise', 'resolve', 'report-back', 'reopen') ORDER BY e.ts, e.seq",
        (officer, moment),
    ):
        last[row["concern_id"]] = row["action"]
    return [concern for concern, action in last.items() if action in ("raise", "reopen")]


def _closing(index: Index, shift: dict[str, Any], end: datetime) -> dict[str, Any]:
    from patrol_journal.views.concerns import concerns_by_id

    moment = int(end.timestamp())
    carried = concerns_by_id(index, _open_at(index, moment, shift["_officer"]), end, officers=False)
    soon = moment + 24 * 3600
    due = [
        row["id"]
        for row in index.rows(
            "SELECT id FROM concerns WHERE officer = ? AND due_ts > ? AND due_ts <= ?",
            (shift["_officer"], moment, soon),
        )
    ]
    open_now = {row["id"] for row in carried}
    return {
        "summary": shift["summary"],
        "open_concerns": [
            {key: row[key] for key in ("id", "text", "place", "age_days", "due")} for row in carried
        ],
        "follow_ups_due": [
            {key: row[key] for key in ("id", "text", "place", "due")}
            for row in carried
            if row["id"] in due and row["id"] in open_now
        ],
        "passdowns": [
            {"id": row["id"], "text": row["text"], "post": row["post"], "until": row["until_at"]}
            for row in index.rows(
                "SELECT id, text, post, until_at FROM passdowns WHERE officer = ? "
                "AND ts BETWEEN ? AND ? ORDER BY ts, seq",
                (shift["_officer"], shift["_start"], moment),
            )
        ],
    }


def dar(
    index: Index, shift: dict[str, Any], now: datetime, *, tips: bool = False
) -> dict[str, Any]:
    """The daily activity report of one shift: its header, every entry in time order,
    every gap of more than an hour, and its closing (what is carried to the next)."""
    start = datetime.fromisoformat(shift["start"])
    end = datetime.fromisoformat(shift["end"]) if shift["end"] else now
    found = entries(index, shift, now, tips=tips)
    written = _recorded(index, [shift["id"], *([shift["_end_id"]] if shift["_end_id"] else [])])
    return {
        "id": shift["id"],
        "officer": shift["officer"],
        "post": shift["post"],
        "start": shift["start"],
        "end": shift["end"],
        "start_recorded": written.get(shift["id"]),
        "start_late": _late(shift["start"], written.get(shift["id"])),
        "end_recorded": written.get(shift["_end_id"] or ""),
        "end_late": _late(shift["end"], written.get(shift["_end_id"] or "")),
        "hours": round((end - start).total_seconds() / 3600, 2),
        "relieved": shift["relieved"],
        "relieving": shift["relieving"],
        "partners": shift["partners"],
        "equipment": shift["equipment"],
        "note": shift["note"],
        "entries": found,
        "gaps": gaps(start, [datetime.fromisoformat(e["when"]) for e in found], end),
        "closing": _closing(index, shift, end),
    }


def status(index: Index, now: datetime, officer: str | None = None) -> dict[str, Any]:
    """Whether the officer is on duty, since when and where, entries so far, the last
    one, and how long it has been without one."""
    shift = open_shift(index, officer)
    if shift is None:
        return {"on_duty": False}
    found = entries(index, shift, now)
    start = datetime.fromisoformat(shift["start"])
    last = datetime.fromisoformat(found[-1]["when"]) if found else None
    hours = (now - start).total_seconds() / 3600
    return {
        "on_duty": True,
        **public(shift),
        "hours": round(hours, 2),
        "too_long": hours > shift_limit_hours(),
        "entries": len(found),
        "last_entry": last.isoformat() if last is not None else None,
        "hours_without_entry": round((now - (last or start)).total_seconds() / 3600, 2),
    }


def shift_brief(index: Index, now: datetime, post: str | None) -> dict[str, Any]:
    """What an officer coming on duty at `post` reads first: the pass-downs they have
    not acknowledged (for that post and for none), the open concerns at that post,
    follow-ups due by the end of today, and the report-backs owed."""
    from patrol_journal.calendar import add_days, local_date
    from patrol_journal.views.concerns import list_concerns, to_report_back
    from patrol_journal.views.passdowns import passdowns
    from patrol_journal.vocab import name_key

    post_key = name_key(post) if post else None
    open_rows = list_concerns(index, now)
    end_of_today = int(add_days(local_date(now), 1).timestamp())
    due_today = [row for row in open_rows if row["due"] and _due_ts(row["due"]) < end_of_today]
    at_post = [
        row for row in open_rows if post and row["place"] and name_key(row["place"]) == post_key
    ]
    return {
        "post": post,
        "passdowns": passdowns(index, now, post_key=post_key, unread_by=index.me),
        "open_concerns": at_post,
        "follow_ups_due": due_today,
        "to_report_back": to_report_back(index, now),
    }


def _due_ts(stored: str) -> int:
    from patrol_journal.calendar import due_ts

    return due_ts(stored)


def on_duty(index: Index, now: datetime) -> list[dict[str, Any]]:
    """A team's officers on duty now: each one's open shift, as `status` gives it."""
    officers = [
        row["officer"]
        for row in index.rows(
            "SELECT DISTINCT officer FROM shifts WHERE end_id IS NULL ORDER BY officer"
        )
    ]
    return [status(index, now, officer) for officer in officers]
