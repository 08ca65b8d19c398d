"""People, a person's card, places and the brief, for the terminal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.table import Table
from rich.text import Text

from patrol_journal.render.terminal import console, day_text, shorten, when_text


def _day(iso: str | None) -> str:
    return day_text(datetime.fromisoformat(iso)) if iso else "—"


def _more(out: Any, shown: int, total: int) -> None:
    if total > shown:
        out.print(f"… and {total - shown} more (-n {total} to show them all, or --json)")


def print_people(rows: list[dict[str, Any]], not_seen_for: int | None, limit: int = 50) -> None:
    out = console()
    if not rows:
        out.print(
            f"Nobody met twice or more has gone {not_seen_for} days unseen."
            if not_seen_for
            else 'Nobody met yet. Record a meeting with: pj log "..." --with NAME'
        )
        return
    title = (
        f"Not seen for {not_seen_for} days or more: {len(rows)}"
        if not_seen_for
        else f"People met: {len(rows)}"
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
    for row in rows[:limit]:
        table.add_row(
            Text(row["name"]),
            Text(row["role"] or ""),
            str(row["interactions"]),
            _day(row["first_met"]),
            _day(row["last_met"]),
            str(row["days_since"]),
            Text(", ".join(row["places"][:3])),
            str(row["open_concerns"] or ""),
        )
    out.print(table)
    _more(out, min(limit, len(rows)), len(rows))


def print_person(card: dict[str, Any]) -> None:
    out = console()
    heading = Text(card["name"], style="bold")
    if card["role"]:
        heading.append(f" ({card['role']})")
    out.print(heading)
    out.print(
        f"  met {card['interactions']} times, first {_day(card['first_met'])}, "
        f"last {_day(card['last_met'])}"
    )
    if card["usual_places"]:
        where = ", ".join(f"{p['name']} ({p['visits']})" for p in card["usual_places"])
        out.print(Text(f"  usually at: {where}"))
    if card["times_of_day"]:
        out.print("  usually in the " + ", ".join(t["part"] for t in card["times_of_day"][:2]))
    for note in card["notes"]:
        out.print(Text(f"  note ({_day(note['when'])}): {note['note']}"))
    if card["concerns"]:
        out.print(Text("Concerns they raised:", style="bold"))
        for concern in card["concerns"]:
            line = Text(f"  {concern['short_id']} [{concern['status']}] ")
            line.append(shorten(concern["text"], 70))
            if concern["status"] == "resolved":
                line.append("  ← tell them the outcome", style="bold")
            out.print(line)
    for label, items in (("Tips", card["tips"]), ("Safety information shared", card["shared"])):
        if items:
            out.print(Text(f"{label}:", style="bold"))
            for item in items[:5]:
                out.print(Text(f"  {_day(item['when'])}  {shorten(item['text'], 80)}"))
    table = Table(title="Timeline", title_justify="left")
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("kind")
    table.add_column("where")
    table.add_column("what", overflow="fold", ratio=1)
    for item in card["timeline"][:20]:
        table.add_row(
            item["id"][:6],
            when_text(datetime.fromisoformat(item["when"]), with_year=True),
            item["kind"],
            Text(item["place"] or "—"),
            Text(shorten(item["text"], 80)),
        )
    if card["timeline"]:
        out.print(table)
    if card["interactions"] > len(card["timeline"][:20]):
        earlier = card["interactions"] - len(card["timeline"][:20])
        out.print(f"  … and {earlier} earlier (pj person NAME --json for all)")


def print_places(rows: list[dict[str, Any]], not_visited_for: int | None, limit: int = 50) -> None:
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
    for row in rows[:limit]:
        people = ", ".join(row["people"][:4]) + (" …" if len(row["people"]) > 4 else "")
        kinds = ", ".join(f"{kind} {count}" for kind, count in list(row["kinds"].items())[:3])
        table.add_row(
            Text(row["name"]),
            str(row["visits"]),
            _day(row["last_visit"]),
            str(row["days_since"]),
            Text(people),
            str(row["open_concerns"] or ""),
            kinds,
        )
    out.print(table)
    _more(out, min(limit, len(rows)), len(rows))


def print_brief(data: dict[str, Any]) -> None:
    out = console()
    out.print(Text(f"Brief: {data['place']}", style="bold"))
    out.print(
        f"  {data['visits']} visits, last {_day(data['last_visit'])}; "
        f"{data['visits_per_week']} a week over the last 8 weeks"
    )
    if data["people"]:
        table = Table(title="Who you usually meet here", title_justify="left")
        table.add_column("name")
        table.add_column("role")
        table.add_column("here", justify="right")
        table.add_column("last met")
        table.add_column("last talked about", overflow="fold", ratio=1)
        for person in data["people"]:
            table.add_row(
                Text(person["name"]),
                Text(person["role"] or ""),
                str(person["met_here"]),
                _day(person["last_met"]),
                Text(shorten(person["last_topic"] or "", 60)),
            )
        out.print(table)
    sections = (
        ("Open concerns here", data["open_concerns"]),
        ("Follow-ups due this week", data["follow_ups_due"]),
        ("Resolved — tell them", data["to_report_back"]),
    )
    for label, concerns in sections:
        if not concerns:
            continue
        out.print(Text(f"{label}:", style="bold"))
        for concern in concerns:
            line = Text(f"  {concern['short_id']} ")
            line.append(shorten(concern["text"], 60))
            who = ", ".join(concern["raised_by"])
            if who:
                line.append(f" — {who}")
            if concern["due"]:
                line.append(
                    f" (due {_day(concern['due'])})", style="bold red" if concern["overdue"] else ""
                )
            out.print(line)
    if data["recent_tips"]:
        out.print(Text("Recent tips here:", style="bold"))
        for tip in data["recent_tips"]:
            out.print(Text(f"  {_day(tip['when'])}  {shorten(tip['text'], 70)}"))
