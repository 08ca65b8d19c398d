"""The brief for one place, for the terminal."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from patrol_journal.render.terminal import Text, console, day_text, officers_line, shorten
from patrol_journal.vocab import plural


def print_brief(data: dict[str, Any], *, team: bool = False) -> None:
    out = console()
    out.print(Text(f"Brief: {data['place']}", style="bold"))
    recent = data["visits_last_8_weeks"]
    out.print(
        f"  {plural(data['visits'], 'visit')}, last {day_text(data['last_visit'])}; "
        f"{plural(recent, 'visit')} in the last 8 weeks"
        + (f" (about {data['visits_per_week']:g} a week)" if recent >= 8 else "")
    )
    if data.get("officers"):
        who = officers_line(data["officers"], "visits", "visit", "last_visit")
        out.print(Text(f"  visited by: {who}"))
    if data["people"]:
        title = "Who the team usually meets here" if team else "Who you usually meet here"
        table = Table(title=title, title_justify="left")
        table.add_column("name")
        table.add_column("role")
        table.add_column("here", justify="right")
        table.add_column("last met")
        table.add_column("last talked about", overflow="fold", ratio=1)
        if team:
            table.add_column("with")
        for person in data["people"]:
            table.add_row(
                Text(person["name"]),
                Text(person["role"] or ""),
                str(person["met_here"]),
                day_text(person["last_met"]),
                Text(shorten(person["last_topic"] or "", 60)),
                *([Text(person.get("officer") or "—")] if team else []),
            )
        out.print(table)
    sections = (
        ("Open concerns here", data["open_concerns"]),
        ("Follow-ups due this week or overdue", data["follow_ups_due"]),
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
                    f" (due {day_text(concern['due'])})",
                    style="bold red" if concern["overdue"] else "",
                )
            out.print(line)
    if data["recent_tips"]:
        out.print(Text("Recent tips here:", style="bold"))
        for tip in data["recent_tips"]:
            out.print(Text(f"  {day_text(tip['when'])}  {shorten(tip['text'], 70)}"))
