"""The summary's headline figures: the period's totals, and the same of the period before
(to the same point of it, for a period described so far)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from patrol_journal.calendar import local_date, shift_days
from patrol_journal.index.store import Index
from patrol_journal.views.concerns import open_count_at

# A step `e` that changed its concern's status: a resolve of a concern that was open, a
# report-back of one not yet reported back. (Two officers who both resolve a concern
# before they sync resolved it once: the second resolve changes nothing.)
_BEFORE = (
    "coalesce((SELECT p.action FROM concern_events p WHERE p.concern_id = e.concern_id "
    "AND p.action NOT IN ('note', 'raise', 'amend') AND (p.ts, p.seq) < (e.ts, e.seq) "
    "ORDER BY p.ts DESC, p.seq DESC LIMIT 1), 'raise')"
)
EFFECTIVE = (
    f"((e.action = 'resolve' AND {_BEFORE} IN ('raise', 'reopen')) "
    f"OR (e.action = 'report-back' AND {_BEFORE} != 'report-back'))"
)


def period_before(
    index: Index, start: datetime, end: datetime, cut: datetime, so_far: bool
) -> dict[str, Any]:
    """The totals of the period before, as long (to the same point of it, for a period
    described so far)."""
    days = max(1, (local_date(end - timedelta(seconds=1)) - local_date(start)).days + 1)
    before_start = shift_days(start, -days)
    before_end = shift_days(cut, -days)
    previous: dict[str, Any] = period_counts(
        index, int(before_start.timestamp()), int(before_end.timestamp())
    )
    previous["concerns_open"] = open_count_at(index, int(before_end.timestamp()) - 1)
    return previous | {
        "start": before_start.isoformat(),
        "end": before_end.isoformat(),
        "like_for_like": so_far,
    }


def period_counts(index: Index, start: int, end: int) -> dict[str, int]:
    row = index.db.execute(
        "SELECT count(*), coalesce(sum(n_tips), 0), coalesce(sum(n_shared), 0), "
        "count(DISTINCT place_key) FROM interactions WHERE ts >= ? AND ts < ?",
        (start, end),
    ).fetchone()
    people = index.db.execute(
        "SELECT count(DISTINCT person_key) FROM participants WHERE ts >= ? AND ts < ?",
        (start, end),
    ).fetchone()[0]
    new_people = index.db.execute(
        "SELECT count(*) FROM (SELECT DISTINCT person_key FROM participants "
        "WHERE ts >= ? AND ts < ?) w WHERE (SELECT min(f.ts) FROM participants f "
        "WHERE f.person_key = w.person_key) >= ?",
        (start, end, start),
    ).fetchone()[0]
    opened = index.db.execute(
        "SELECT count(*) FROM concerns WHERE ts >= ? AND ts < ?", (start, end)
    ).fetchone()[0]
    resolved = index.db.execute(
        f"SELECT count(DISTINCT concern_id) FROM concern_events e WHERE {EFFECTIVE} "
        "AND action = 'resolve' AND ts >= ? AND ts < ?",
        (start, end),
    ).fetchone()[0]
    return {
        "interactions": row[0],
        "people": people,
        "new_people": new_people,
        "places": row[3],
        "tips": row[1],
        "shared": row[2],
        "concerns_opened": opened,
        "concerns_resolved": resolved,
    }
