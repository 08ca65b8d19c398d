"""One screen before walking a place: who is met there, what is open, what is due."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from patrol_journal.calendar import add_days, due_ts, local_date, local_iso, week_containing
from patrol_journal.index.ids import place_name
from patrol_journal.index.store import Index
from patrol_journal.views.interactions import interactions


def brief(index: Index, place_key: str, now: datetime, week_start: int = 0) -> dict[str, Any]:
    """One screen before walking a beat: who is met there, what is open, what is due."""
    from patrol_journal.views.concerns import list_concerns, to_report_back

    name = place_name(index, place_key)
    visits = index.db.execute(
        "SELECT count(*), max(ts), min(ts) FROM interactions WHERE place_key = ?", (place_key,)
    ).fetchone()
    eight_weeks = int(add_days(local_date(now), -56).timestamp())
    recent_visits = index.db.execute(
        "SELECT count(*) FROM interactions WHERE place_key = ? AND ts >= ?",
        (place_key, eight_weeks),
    ).fetchone()[0]
    regulars = _regulars(index, place_key)
    open_here = list_concerns(index, now, status="open", place_key=place_key)
    _start, week_end = week_containing(now, week_start)  # due by the end of this week
    due = [c for c in open_here if c["due"] is not None and due_ts(c["due"]) < week_end.timestamp()]
    tips = [
        {"when": view.when.isoformat(), "text": tip, "people": view.people}
        | ({"officer": view.officer} if view.officer is not None else {})
        for view in interactions(index, "i.place_key = ? AND i.n_tips > 0", (place_key,), limit=5)
        for tip in view.tips
    ]
    team = {}
    if index.team:
        team["officers"] = [
            {"officer": officer, "visits": count, "last_visit": local_iso(last)}
            for officer, count, last in index.db.execute(
                "SELECT officer, count(*), max(ts) FROM interactions WHERE place_key = ? "
                "GROUP BY officer ORDER BY max(ts) DESC",
                (place_key,),
            )
        ]
    return team | {
        "place": name,
        "visits": visits[0],
        "first_visit": local_iso(visits[2]),
        "last_visit": local_iso(visits[1]),
        "visits_per_week": round(recent_visits / 8, 1),
        "visits_last_8_weeks": recent_visits,
        "people": regulars,
        "open_concerns": open_here,
        "follow_ups_due": due,
        "to_report_back": to_report_back(index, now, place_key=place_key),
        "recent_tips": tips,
    }


def _regulars(index: Index, place_key: str) -> list[dict[str, Any]]:
    """Who is met most at a place, with when and what about they were last met there."""
    regulars = []
    for key, person, role, count, last_ts in index.db.execute(
        # the meetings per person and place the index keeps (`person_places`)
        "SELECT pp.person_key, pe.name, pe.role, pp.n, pp.last_ts FROM person_places pp "
        "JOIN people pe ON pe.key = pp.person_key WHERE pp.place_key = ? "
        "ORDER BY pp.n DESC, pp.last_ts DESC, pe.name LIMIT 8",
        (place_key,),
    ):
        found = index.rows(  # what they last talked about here, beside the date met here
            # at the time of the last meeting here (one seek in participants(person_key, ts))
            "SELECT i.text, i.officer FROM participants p "
            "JOIN interactions i ON i.id = p.interaction_id "
            "WHERE p.person_key = ? AND p.ts = ? AND i.place_key = ? "
            "ORDER BY i.seq DESC LIMIT 1",
            (key, last_ts, place_key),
        )
        last = found[0] if found else None
        regulars.append(
            {
                "name": person,
                "role": role,
                "met_here": count,
                "last_met": local_iso(last_ts),
                "last_topic": last["text"] if last else None,
                **({"officer": last["officer"] if last else None} if index.team else {}),
            }
        )
    return regulars
