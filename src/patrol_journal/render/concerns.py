"""Concern lists for the terminal."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from patrol_journal.render.terminal import Text, console, day_text, shorten
from patrol_journal.vocab import plural

LIMIT = 50


def print_concerns(
    rows: list[dict[str, Any]], title: str, *, report_back: bool = False, team: bool = False
) -> None:
    out = console()
    if not rows:
        out.print(
            "Nothing to report back: every resolved concern has been reported back."
            if report_back
            else "No concerns match."
        )
        return
    table = Table(title=f"{title}: {len(rows)}", title_justify="left")
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("status")
    table.add_column("age", justify="right")
    table.add_column("concern", overflow="fold", ratio=1)
    table.add_column("raised by")
    table.add_column("where")
    if team:
        table.add_column("officer")
    if report_back:
        table.add_column("tell them at")
        table.add_column("resolved")
    else:
        table.add_column("upd", justify="right")
        table.add_column("next due")
    for row in rows[:LIMIT]:
        status = Text(row["status"])
        if row["priority"] != "normal":
            status.append(
                f", {row['priority']}", style="bold red" if row["priority"] == "high" else ""
            )
        cells: list[Any] = [
            row["short_id"],
            status,
            f"{row['age_days']}d",
            Text(shorten(row["text"], 70)),
            Text(", ".join(row["raised_by"]) or "—"),
            Text(row["place"] or "—"),
        ]
        if team:  # who raised it, and who took the last step if someone else did
            officers = row["officer"]
            if row.get("last_officer") and row["last_officer"] != row["officer"]:
                officers += f" → {row['last_officer']}"
            cells.append(Text(officers))
        if report_back:
            places = {t["usually_at"] for t in row.get("tell", []) if t["usually_at"]}
            cells += [Text(", ".join(sorted(places)) or "—"), day_text(row["last_update"])]
        else:
            due = Text(day_text(row["due"]))
            if row["overdue"]:
                due.append(" overdue", style="bold red")
            cells += [str(row["updates"]), due]
        table.add_row(*cells)
    out.print(table)
    if len(rows) > LIMIT:
        out.print(
            f"… and {len(rows) - LIMIT} more: narrow with --at, --with, --priority, "
            "--overdue, or use --json"
        )


def print_recurring(groups: list[dict[str, Any]]) -> None:
    out = console()
    if not groups:
        out.print("No recurring concerns: nothing similar raised twice within 90 days.")
        return
    table = Table(title=f"Recurring concerns: {plural(len(groups), 'group')}", title_justify="left")
    table.add_column("where")
    table.add_column("times", justify="right")
    table.add_column("span")
    table.add_column("open", justify="right")
    table.add_column("concerns (id: text)", overflow="fold", ratio=1)
    for group in groups:
        more = len(group["concerns"]) - 6
        texts = "\n".join(f"{c['short_id']}: {c['text']}" for c in group["concerns"][:6])
        if more > 0:
            texts += f"\n… and {more} more (--json for all)"
        table.add_row(
            Text(", ".join(group["places"]) or "no place given"),
            str(group["count"]),
            f"{day_text(group['first'])} to {day_text(group['last'])}",
            str(group["open"]),
            Text(texts),
        )
    out.print(table)
