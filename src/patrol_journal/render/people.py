"""People and a person's card, for the terminal."""

from __future__ import annotations

from datetime import datetime
from shlex import quote
from typing import Any

from rich.table import Table

from patrol_journal.render.terminal import (
    Text,
    console,
    day_text,
    more_rows,
    officers_line,
    shorten,
    some_of,
    when_text,
)
from patrol_journal.vocab import plural


def print_people(
    rows: list[dict[str, Any]], not_seen_for: int | None, limit: int = 50, *, team: bool = False
) -> None:
    out = console()
    if not rows:
        out.print(
            f"Nobody met twice or more has gone {not_seen_for} days unseen."
            if not_seen_for
            else 'Nobody met yet. Record a meeting with: pj log "..." --with NAME'
        )
        return
    total = getattr(rows, "total", len(rows))  # the rows may be the first of them
    title = (
        f"Not seen for {not_seen_for} days or more: {total}"
        if not_seen_for
        else f"People met: {total}"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("name")
    table.add_column("role")
    table.add_column("met", justify="right")
    table.add_column("first met")
    table.add_column("last met")
    table.add_column("days", justify="right")
    table.add_column("usually at", overflow="fold", ratio=1)
    table.add_column("open", justify="right")
    if team:
        table.add_column("met by", overflow="fold")
    for row in rows[:limit]:
        table.add_row(
            Text(row["name"]),
            Text(row["role"] or ""),
            str(row["interactions"]),
            day_text(row["first_met"]),
            day_text(row["last_met"]),
            str(row["days_since"]),
            Text(", ".join(row["places"][:3])),
            str(row["open_concerns"] or ""),
            *([Text(some_of(row.get("officers", [])))] if team else []),
        )
    out.print(table)
    more_rows(out, min(limit, len(rows)), total)


def _by_month(months: list[dict[str, Any]]) -> str:
    """The person's contacts over the last twelve months, as a sparkline ("" if none)."""
    if not any(month["contacts"] for month in months):
        return ""
    from patrol_journal.render.trends import sparkline

    bars = sparkline([month["contacts"] for month in months])
    return f"  contacts, last 12 months: {bars} ({months[-1]['contacts']} this month)"


def print_person(card: dict[str, Any]) -> None:
    out = console()
    heading = Text(card["name"], style="bold")
    if card["role"]:
        heading.append(f" ({card['role']})")
    out.print(heading)
    out.print(
        f"  met {plural(card['interactions'], 'time')}, first {day_text(card['first_met'])}, "
        f"last {day_text(card['last_met'])}"
    )
    if card.get("met_by"):
        who = officers_line(card["met_by"], "interactions", "time", "last_met")
        out.print(Text(f"  met by: {who}"))
    if card["usual_places"]:
        where = ", ".join(f"{p['name']} ({p['visits']})" for p in card["usual_places"])
        out.print(Text(f"  usually at: {where}"))
    if card["times_of_day"]:
        out.print("  usually in the " + ", ".join(t["part"] for t in card["times_of_day"][:2]))
    if said := _by_month(card.get("contacts_by_month") or []):
        out.print(said)
    for note in card["notes"]:
        out.print(Text(f"  note ({day_text(note['when'])}): {note['note']}"))
    if card["concerns"]:
        out.print(Text("Concerns they raised:", style="bold"))
        out.print(_concern_lines(card), end="")
    for label, items in (("Tips", card["tips"]), ("Safety information shared", card["shared"])):
        if items:
            out.print(Text(f"{label}:", style="bold"))
            for item in items[:5]:
                out.print(Text(f"  {day_text(item['when'])}  {shorten(item['text'], 80)}"))
    table = Table(title="Timeline", title_justify="left")
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("when", no_wrap=True)
    team = "met_by" in card
    if team:
        table.add_column("officer")
    table.add_column("kind")
    table.add_column("where")
    table.add_column("what", overflow="fold", ratio=1)
    for item in card["timeline"][:20]:
        table.add_row(
            item["id"][:6],
            when_text(datetime.fromisoformat(item["when"]), with_year=True),
            *([Text(item.get("officer") or "—")] if team else []),
            item["kind"],
            Text(item["place"] or "—"),
            Text(shorten(item["text"], 80)),
        )
    if card["timeline"]:
        out.print(table)
    if card["interactions"] > len(card["timeline"][:20]):
        earlier = card["interactions"] - len(card["timeline"][:20])
        out.print(f"  … and {earlier} earlier (pj person NAME --json for all)")


def _concern_lines(card: dict[str, Any]) -> Text:
    """Every concern still live (open, or resolved and not yet told); of those closed, the
    last few told: a resident of many years may have raised hundreds."""
    done = [c for c in card["concerns"] if c["status"] == "reported-back"]
    shown = [c for c in card["concerns"] if c["status"] != "reported-back"] + done[:5]
    more = card.get("concerns_reported_back", len(done)) - len(done[:5])
    lines = Text()
    for concern in shown:
        lines.append(f"  {concern['short_id']} [{concern['status']}] ")
        lines.append(shorten(concern["text"], 70))
        if concern["status"] == "resolved":
            lines.append("  ← tell them the outcome", style="bold")
        lines.append("\n")
    if more > 0:
        lines.append(
            f"  … and {more} more reported back "
            f"(pj concerns --with {quote(card['name'])} --status all)\n",
            style="dim",
        )
    return lines
