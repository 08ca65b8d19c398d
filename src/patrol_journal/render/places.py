"""Every place, for the terminal."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from patrol_journal.render.terminal import Text, console, day_text, more_rows, some_of


def print_places(
    rows: list[dict[str, Any]],
    not_visited_for: int | None,
    limit: int = 50,
    *,
    team: bool = False,
) -> None:
    out = console()
    if not rows:
        out.print(
            f"Every place was visited in the last {not_visited_for} days."
            if not_visited_for
            else 'No places yet. Record where you were with: pj log "..." --at PLACE'
        )
        return
    title = (
        f"Not visited for {not_visited_for} days or more: {len(rows)}"
        if not_visited_for
        else f"Places: {len(rows)}"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("place")
    table.add_column("visits", justify="right")
    table.add_column("last visit")
    table.add_column("days", justify="right")
    table.add_column("people met there", overflow="fold", ratio=1)
    table.add_column("open", justify="right")
    table.add_column("kinds")
    if team:
        table.add_column("visited by", overflow="fold")
    for row in rows[:limit]:
        people = ", ".join(row["people"][:4]) + (" …" if len(row["people"]) > 4 else "")
        kinds = ", ".join(f"{kind} {count}" for kind, count in list(row["kinds"].items())[:3])
        table.add_row(
            Text(row["name"]),
            str(row["visits"]),
            day_text(row["last_visit"]),
            str(row["days_since"]),
            Text(people),
            str(row["open_concerns"] or ""),
            kinds,
            *([Text(some_of(row.get("officers", [])))] if team else []),
        )
    out.print(table)
    more_rows(out, min(limit, len(rows)), len(rows))
