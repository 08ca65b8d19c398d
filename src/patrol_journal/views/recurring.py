"""Recurring problems: concerns with the same category or similar text, close in time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from patrol_journal.calendar import days_between
from patrol_journal.index.ids import short_id
from patrol_journal.index.store import Index
from patrol_journal.views.concerns import fold_text

# The keys of a recurring problem's row, in order.
RECURRING_COLUMNS = (
    "place",
    "places",
    "count",
    "first",
    "last",
    "span_days",
    "category",
    "open",
    "concerns",
)


def recurring(
    index: Index, now: datetime, window_days: int = 90, similarity: float = 75.0
) -> list[dict[str, Any]]:
    """Concerns with the same category or similar text, each within `window_days` of
    another, wherever they were raised (at one place, several, or none given): one group
    per underlying problem, largest first."""
    from rapidfuzz import fuzz

    rows = index.rows(
        "SELECT c.id, c.text, c.category, c.ts, c.at, pl.name AS place, c.status "
        "FROM concerns c LEFT JOIN places pl ON pl.key = c.place_key ORDER BY c.ts, c.seq"
    )
    parent = {row["id"]: row["id"] for row in rows}

    def find(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    texts = [fold_text(row["text"]) for row in rows]
    for i, first in enumerate(rows):
        for j in range(i + 1, len(rows)):
            second = rows[j]
            if days_between(first["ts"], second["ts"]) > window_days:
                break
            same_category = (
                first["category"] is not None and first["category"] == second["category"]
            )
            if same_category or fuzz.token_set_ratio(texts[i], texts[j]) >= similarity:
                parent[find(second["id"])] = find(first["id"])
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(find(row["id"]), []).append(row)
    result = []
    for members in groups.values():
        if len(members) < 2:
            continue
        places = list(dict.fromkeys(m["place"] for m in members if m["place"]))
        result.append(
            {
                "place": places[0] if len(places) == 1 else None,
                "places": places,
                "count": len(members),
                "first": members[0]["at"],
                "last": members[-1]["at"],
                "span_days": days_between(members[0]["ts"], members[-1]["ts"]),
                "category": members[0]["category"],
                "open": sum(1 for m in members if m["status"] == "open"),
                "concerns": [
                    {
                        "id": m["id"],
                        "short_id": short_id(index, m["id"]),
                        "text": m["text"],
                        "opened": m["at"],
                        "status": m["status"],
                        "place": m["place"],
                    }
                    for m in members
                ],
            }
        )
    result.sort(key=lambda g: (-g["count"], ", ".join(g["places"])))
    return result
