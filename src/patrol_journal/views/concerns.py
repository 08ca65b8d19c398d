"""Concerns: lists, one concern, who to report back to, states at a moment."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from patrol_journal.calendar import local_date, local_text
from patrol_journal.errors import InvalidTransition, UnknownId, UsageError
from patrol_journal.index.concerns import LATEST_STEP_FIRST, STEP_ORDER
from patrol_journal.index.ids import short_id
from patrol_journal.index.store import Index
from patrol_journal.lifecycle import STATUS_AFTER, fold_concern, transition_problem
from patrol_journal.views.where import Where
from patrol_journal.vocab import PRIORITIES, STATUSES, listed, name_key

_PRIORITY_ORDER = {priority: n for n, priority in enumerate(reversed(PRIORITIES))}  # high first


# The keys of a concern's row, of one to report back on, and of a recurring problem, in
# order (a CSV of none still has its header).
COLUMNS = (
    "id",
    "short_id",
    "text",
    "status",
    "raised_by",
    "place",
    "opened",
    "age_days",
    "updates",
    "last_update",
    "due",
    "overdue",
    "referred_to",
    "priority",
    "category",
    "interaction",
)
REPORT_BACK_COLUMNS = (*COLUMNS, "tell")


def _events(index: Index, concern_id: str, until_ts: int | None = None) -> list[Any]:
    sql = (
        "SELECT action, ts, at, due_ts, due_at, referred_to, unresolved FROM concern_events "
        "WHERE concern_id = ?"
    )
    params: tuple[Any, ...] = (concern_id,)
    if until_ts is not None:
        sql += " AND ts <= ?"
        params += (until_ts,)
    return index.db.execute(f"{sql} ORDER BY {STEP_ORDER}", params).fetchall()


def status_at(index: Index, concern_id: str, moment: datetime) -> str | None:
    """The concern's status at `moment`; None if it had not been raised yet."""
    events = _events(index, concern_id, int(moment.timestamp()))
    if not events:
        return None
    return str(fold_concern(events)["status"])


def states_at(index: Index, moment: datetime, only: tuple[str, ...] = STATUSES) -> dict[str, str]:
    """Every concern raised by `moment` whose status then was one of `only`, with it."""
    at = int(moment.timestamp())
    marks = ",".join("?" * len(only))
    # Nothing has changed the status of these since `moment`: it is their status now.
    states: dict[str, str] = dict(
        index.db.execute(
            f"SELECT id, status FROM concerns WHERE ts <= ? AND status_ts <= ? "
            f"AND status IN ({marks})",
            (at, at, *only),
        ).fetchall()
    )
    for concern_id, action in index.db.execute(
        "SELECT c.id, (SELECT action FROM concern_events e WHERE e.concern_id = c.id "
        "AND e.ts <= ? AND e.action NOT IN ('note', 'amend') "
        f"ORDER BY {LATEST_STEP_FIRST} LIMIT 1) "
        "FROM concerns c WHERE c.ts <= ? AND c.status_ts > ?",
        (at, at, at),
    ):
        status = STATUS_AFTER.get(action or "raise", "open")
        if status in only:
            states[concern_id] = status
    return states


def open_alike(index: Index, text: str) -> list[dict[str, Any]]:
    """Open concerns with the same text (case, accents and spacing aside): a second
    report of one problem, to follow up there rather than open again."""
    wanted = " ".join(fold_text(text).split())
    rows = index.rows(
        "SELECT c.id, c.text, c.at, c.raised_by, pl.name AS place FROM concerns c "
        "LEFT JOIN places pl ON pl.key = c.place_key WHERE c.status = 'open' ORDER BY c.ts"
    )
    return [
        {
            "id": row["id"],
            "short_id": short_id(index, row["id"]),
            "opened": row["at"],
            "raised_by": json.loads(row["raised_by"]),
            "place": row["place"],
        }
        for row in rows
        if " ".join(fold_text(row["text"]).split()) == wanted
    ]


def live_concerns(index: Index) -> dict[str, int]:
    """The concerns still open or owed a report-back (the loops still to close), with
    when each was raised."""
    return dict(
        index.db.execute(
            "SELECT id, ts FROM concerns WHERE status IN ('open', 'resolved')"
        ).fetchall()
    )


def open_count_at(index: Index, at: int) -> int:
    """How many concerns were open at the moment `at` (a Unix time)."""
    return len(states_at(index, datetime.fromtimestamp(at, UTC), only=("open",)))


def check_transition(
    index: Index, concern_id: str, action: str, moment: datetime, *, unresolved: bool = False
) -> str:
    """Refuse a step the concern cannot take at `moment`; return its status then."""
    short = short_id(index, concern_id)
    opened = index.db.execute("SELECT ts, at FROM concerns WHERE id = ?", (concern_id,)).fetchone()
    if opened is not None and int(moment.timestamp()) < opened[0]:
        raise InvalidTransition(
            f"concern {short} was raised at {local_text(opened[1])}; --when cannot be before that"
        )
    status = status_at(index, concern_id, moment) or "open"
    problem = transition_problem(status, action, short, unresolved=unresolved)
    if problem is not None:
        raise InvalidTransition(_who_did(index, concern_id, moment, problem))
    return status


def _who_did(index: Index, concern_id: str, moment: datetime, problem: str) -> str:
    """A refused step's reason, with the step that put the concern where it is: who took
    it (in a team) and when ("already resolved, by Bob Stone on Fri 27 Nov 2026 10:00")."""
    found = index.db.execute(
        "SELECT action, at, officer FROM concern_events WHERE concern_id = ? AND ts <= ? "
        f"AND action NOT IN ('note', 'amend') ORDER BY {LATEST_STEP_FIRST} LIMIT 1",
        (concern_id, int(moment.timestamp())),
    ).fetchone()
    if found is None or found[0] == "raise":
        return problem
    who = f"by {found[2]} " if index.team and found[2] else ""
    head, _sep, rest = problem.partition(";")
    return f"{head} ({who}on {local_text(found[1])});{rest}"


_SELECT = (
    "SELECT c.id, c.text, c.status, c.raised_by, pl.name AS place, c.at, c.ts, c.updates, "
    "c.last_at, c.due_at, c.due_ts, c.referred_to, c.priority, c.category, c.interaction_id, "
    "c.place_key, c.resolved_ts, c.reported_ts{team} "
    "FROM concerns c LEFT JOIN places pl ON pl.key = c.place_key"
)
# A team's rows also say who raised each concern and who took its last step.
_TEAM = (
    ", c.officer, (SELECT e.officer FROM concern_events e WHERE e.concern_id = c.id "
    f"ORDER BY {LATEST_STEP_FIRST} LIMIT 1) AS last_officer"
)


def _select(index: Index, officers: bool = True) -> str:
    return _SELECT.format(team=_TEAM if index.team and officers else "")


def _row(index: Index, row: Any, now: datetime, today: date) -> dict[str, Any]:
    """A concern row of `_SELECT` as `pj concerns` gives it (a team's: with officers)."""
    now_ts = int(now.timestamp())
    status = row["status"]
    due_ts = row["due_ts"]
    columns = row.keys()
    team = (
        {"officer": row["officer"], "last_officer": row["last_officer"]}
        if "last_officer" in columns
        else {}
    )
    return team | {
        "id": row["id"],
        "short_id": short_id(index, row["id"]),
        "text": row["text"],
        "status": status,
        "raised_by": json.loads(row["raised_by"]),
        "place": row["place"],
        "opened": row["at"],
        "age_days": max(0, (today - local_date(row["ts"])).days),
        "updates": row["updates"],
        "last_update": row["last_at"],
        "due": row["due_at"] if status == "open" else None,
        "overdue": bool(status == "open" and due_ts is not None and due_ts < now_ts),
        "referred_to": row["referred_to"],
        "priority": row["priority"],
        "category": row["category"],
        "interaction": row["interaction_id"],
    }


def list_concerns(
    index: Index,
    now: datetime,
    *,
    status: str = "open",
    place_key: str | None = None,
    person_key: str | None = None,
    priority: str | None = None,
    overdue: bool = False,
    live: bool = False,
) -> list[dict[str, Any]]:
    """Concerns for `pj concerns`: overdue first, then by priority, then oldest first
    (`live`: only those not yet reported back)."""
    if status != "all" and status not in STATUSES:
        raise UsageError(f"unknown status '{status}': use {listed((*STATUSES, 'all'))}")
    where = Where().given(None if status == "all" else status, "c.status = ?")
    where.given(place_key, "c.place_key = ?").given(priority, "c.priority = ?")
    where.given(person_key, "c.id IN (SELECT concern_id FROM concern_raisers WHERE person_key = ?)")
    if live:
        where.add("c.status != 'reported-back'")
    if overdue:
        where.add(
            "c.status = 'open' AND c.due_ts IS NOT NULL AND c.due_ts < ?", int(now.timestamp())
        )
    sql, params = f"{_select(index)} WHERE {where.sql()}", where.params
    today = local_date(now)
    rows = [_row(index, row, now, today) for row in index.rows(sql, params)]
    rows.sort(key=lambda r: (not r["overdue"], _PRIORITY_ORDER.get(r["priority"], 1), r["opened"]))
    return rows


def raised_by_person(
    index: Index, now: datetime, person_key: str, closed: int
) -> tuple[list[dict[str, Any]], int]:
    """The concerns a person raised as their card shows them: every one still live (open,
    or resolved and not yet told; in `list_concerns`' order), then the `closed` most
    recently reported back; and how many were reported back in all. Only those rows are
    made: a resident of many years may have raised thousands."""
    # `+c.status`: from the person's own concerns, not along every concern told
    raised = "c.id IN (SELECT concern_id FROM concern_raisers WHERE person_key = ?)"
    live = list_concerns(index, now, status="all", person_key=person_key, live=True)
    today = local_date(now)
    done = [
        _row(index, row, now, today)
        for row in index.rows(
            f"{_select(index)} WHERE {raised} AND +c.status = 'reported-back' "
            "ORDER BY c.status_ts DESC, c.seq DESC LIMIT ?",
            (person_key, closed),
        )
    ]
    total = index.db.execute(
        f"SELECT count(*) FROM concerns c WHERE {raised} AND +c.status = 'reported-back'",
        (person_key,),
    ).fetchone()[0]
    return live + done, int(total)


def concern(index: Index, concern_id: str, now: datetime) -> dict[str, Any]:
    """One concern as `pj concerns` shows it, its age counted to `now`."""
    found = concerns_by_id(index, [concern_id], now)
    if not found:
        raise UnknownId(f"no concern has the id '{concern_id}'")
    return found[0]


def concerns_by_id(
    index: Index, ids: list[str], now: datetime, *, officers: bool = True
) -> list[dict[str, Any]]:
    """The given concerns as `pj concerns` rows, oldest first, their ages counted to `now`
    (in a team, with who raised each and who took its last step, unless not `officers`)."""
    rows = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows += index.rows(f"{_select(index, officers)} WHERE c.id IN ({marks})", chunk)
    rows.sort(key=lambda row: (row["ts"], row["id"]))
    today = local_date(now)
    return [_row(index, row, now, today) for row in rows]


def to_report_back(
    index: Index, now: datetime, place_key: str | None = None, person_key: str | None = None
) -> list[dict[str, Any]]:
    """Resolved concerns nobody has told the raiser about yet: the officer's to-do list,
    with who to tell and where each of them is usually met."""
    rows = list_concerns(index, now, status="resolved", place_key=place_key, person_key=person_key)
    add_who_to_tell(index, rows)
    rows.sort(key=lambda r: r["last_update"])
    return rows


def add_who_to_tell(index: Index, rows: list[dict[str, Any]]) -> None:
    """Give each concern row `tell`: the people who raised it, in the order they were
    written, and where each of them is usually met (one query for all the rows)."""
    raisers: dict[str, list[str]] = {}
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for concern_id, key in index.db.execute(
            f"SELECT concern_id, person_key FROM concern_raisers WHERE concern_id IN ({marks})",
            chunk,
        ):
            raisers.setdefault(concern_id, []).append(key)
    known = usual_places(index, [key for keys in raisers.values() for key in keys])
    for row in rows:
        written: dict[str, int] = {}
        for name in row["raised_by"]:
            written.setdefault(name_key(name), len(written))
        keys = sorted(raisers.get(row["id"], []), key=lambda key: written.get(key, len(written)))
        row["tell"] = [
            {"name": known.get(key, (key, None))[0], "usually_at": known.get(key, (key, None))[1]}
            for key in keys
        ]


def usual_places(index: Index, person_keys: list[str]) -> dict[str, tuple[str, str | None]]:
    """For each person: their name as shown, and where they are usually met."""
    found: dict[str, tuple[str, str | None]] = {}
    keys = list(dict.fromkeys(person_keys))
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for key, name, place in index.db.execute(
            "SELECT pe.key, pe.name, (SELECT pl.name FROM person_places pp JOIN places pl "
            "ON pl.key = pp.place_key WHERE pp.person_key = pe.key AND pp.n > 0 "
            "ORDER BY pp.n DESC, pp.last_ts DESC, pp.place_key LIMIT 1) FROM people pe "
            f"WHERE pe.key IN ({marks})",
            chunk,
        ):
            found[key] = (name, place)
    return found


def fold_text(text: str) -> str:
    from patrol_journal.vocab import fold

    return fold(text)
