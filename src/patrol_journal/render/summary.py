"""The weekly summary as rich (terminal), Markdown, JSON and HTML."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

LIMIT = 20  # rows a section shows in Markdown and HTML; JSON always has them all
TERMINAL_LIMIT = 10  # and in the terminal, where the summary should fit a screen or two

HEADLINE = (
    ("interactions", "Interactions"),
    ("people", "People"),
    ("new_people", "New people"),
    ("places", "Places"),
    ("tips", "Tips"),
    ("shared", "Shared"),
    ("concerns_opened", "Concerns opened"),
    ("concerns_resolved", "Resolved"),
    ("concerns_open", "Open at end"),
)


def change(now: int, before: int) -> str:
    if now > before:
        return f"▲{now - before}"
    if now < before:
        return f"▼{before - now}"
    return "="


def period_title(summary: dict[str, Any]) -> str:
    start = date.fromisoformat(summary["period"]["start"])
    end = date.fromisoformat(summary["period"]["end"])
    week = start.isocalendar()
    span = f"{start.strftime('%a %d %b')} to {end.strftime('%a %d %b %Y')}"
    officer = f" — {summary['officer']}" if summary.get("officer") else ""
    return f"Week {week.year}-W{week.week:02d}: {span}{officer}"


def _day(iso: str | None) -> str:
    if not iso:
        return "—"
    return datetime.fromisoformat(iso).strftime("%d %b")


def _people_text(names: list[str]) -> str:
    return ", ".join(names) if names else "—"


# ----------------------------------------------------------------------------- rich


def print_rich(summary: dict[str, Any]) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from patrol_journal.render.terminal import console

    out = console()
    if out.width > 80:
        out.width = 80
    parts: list[Any] = []  # printed at once: one render pass is much cheaper than many
    totals, previous = summary["totals"], summary["previous"]
    headline = Table.grid(padding=(0, 2))
    for _ in range(3):
        headline.add_column()
    cells = [
        Text.assemble(
            (f"{label} ", "bold"),
            str(totals[key]),
            (f" {change(totals[key], previous[key])}", "dim"),
        )
        for key, label in HEADLINE
    ]
    for i in range(0, len(cells), 3):
        headline.add_row(*cells[i : i + 3])
    parts.append(
        Panel(headline, title=Text(period_title(summary), style="bold"), title_align="left")
    )

    peak = max((day["interactions"] for day in summary["per_day"]), default=0) or 1
    bars = Table.grid(padding=(0, 1))
    for day in summary["per_day"]:
        width = round(30 * day["interactions"] / peak)
        bars.add_row(day["weekday"], Text("█" * width, style="cyan"), str(day["interactions"]))
    parts.append(Panel(bars, title="Contacts per day", title_align="left"))

    def table(title: str, columns: list[str], rows: list[list[Any]], empty: str) -> None:
        if not rows:
            parts.append(Text(f"{title}: {empty}", style="dim"))
            return
        shown = Table(title=title, title_justify="left", expand=False)
        for column in columns:
            shown.add_column(column, overflow="fold")
        for row in rows[:TERMINAL_LIMIT]:
            shown.add_row(*[cell if isinstance(cell, Text) else Text(str(cell)) for cell in row])
        parts.append(shown)
        if len(rows) > TERMINAL_LIMIT:
            more = len(rows) - TERMINAL_LIMIT
            parts.append(
                Text(f"  … and {more} more (--format markdown, html or json for all)", style="dim")
            )

    table(
        "People met",
        ["name", "role", "met", "where"],
        [
            [
                Text(p["name"] + (" (new)" if p["new"] else ""), style="bold" if p["new"] else ""),
                p["role"] or "",
                p["interactions"],
                ", ".join(p["places"][:2]),
            ]
            for p in summary["people"]
        ],
        "nobody",
    )
    table(
        "Places visited",
        ["place", "visits", "people"],
        [[p["name"], p["visits"], p["people"]] for p in summary["places"]],
        "none",
    )
    if summary["not_visited"]:
        names = ", ".join(p["name"] for p in summary["not_visited"])
        parts.append(
            Text(f"Beat coverage — not visited this week (visited in the 4 weeks before): {names}")
        )
    concerns = summary["concerns"]
    for key, label in (
        ("opened", "Concerns opened"),
        ("resolved", "Concerns resolved"),
        ("reported_back", "Reported back"),
    ):
        table(
            label,
            ["id", "concern", "raised by", "where"],
            [
                [c["short_id"], c["text"], _people_text(c["raised_by"]), c["place"] or "—"]
                for c in concerns[key]
            ],
            "none",
        )
    table(
        "Still open at the end of the week",
        ["id", "concern", "age", "raised by"],
        [
            [c["short_id"], c["text"], f"{c['age_days']}d", _people_text(c["raised_by"])]
            for c in concerns["open"]
        ],
        "none",
    )
    table(
        "Owed report-backs (resolved, not yet told)",
        ["id", "concern", "tell", "usually at"],
        [
            [
                c["short_id"],
                c["text"],
                _people_text([t["name"] for t in c["tell"]]),
                ", ".join(sorted({t["usually_at"] for t in c["tell"] if t["usually_at"]})) or "—",
            ]
            for c in summary["owed_report_backs"]
        ],
        "none",
    )
    table(
        "Follow-ups due in the coming week",
        ["id", "concern", "due"],
        [
            [c["short_id"], c["text"], _day(c["due"]) + (" overdue" if c["overdue"] else "")]
            for c in summary["follow_ups_due"]
        ],
        "none",
    )
    if summary.get("redacted"):
        table(
            "Tips received",
            ["place", "tips"],
            [[t["place"], t["count"]] for t in summary["tips"]],
            "none",
        )
    else:
        table(
            "Tips received",
            ["when", "where", "tip", "from"],
            [
                [_day(t["when"]), t["place"] or "—", t["text"], _people_text(t["people"])]
                for t in summary["tips"]
            ],
            "none",
        )
    table(
        "Safety information shared",
        ["information", "times", "people reached"],
        [[s["text"], s["times"], s["people_reached"]] for s in summary["shared"]],
        "none",
    )
    table(
        "Not seen this week (regulars of the 4 weeks before)",
        ["name", "role", "last met", "usually at"],
        [
            [p["name"], p["role"] or "", _day(p["last_met"]), p["usually_at"] or "—"]
            for p in summary["not_seen"]
        ],
        "nobody missed",
    )
    out.print(Group(*parts))


# ----------------------------------------------------------------------------- markdown


def _md(text: Any) -> str:
    """Table-cell safe Markdown text: no pipes, no line breaks, no markup characters."""
    value = " ".join(str(text).split())
    for char in "\\`*_[]<>|#":
        value = value.replace(char, "\\" + char)
    return value


def markdown(summary: dict[str, Any]) -> str:
    lines = [f"# {_md(period_title(summary))}", ""]
    totals, previous = summary["totals"], summary["previous"]
    lines += ["| | this week | change |", "|---|---:|---:|"]
    lines += [
        f"| {label} | {totals[key]} | {change(totals[key], previous[key])} |"
        for key, label in HEADLINE
    ]
    lines += ["", "## Contacts per day", ""]
    lines += [f"- {d['weekday']} {d['date']}: {d['interactions']}" for d in summary["per_day"]]

    def section(title: str, header: list[str], rows: list[list[Any]], empty: str) -> None:
        lines.extend(["", f"## {title}", ""])
        if not rows:
            lines.append(f"_{empty}_")
            return
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        lines.extend("| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows[:LIMIT])
        if len(rows) > LIMIT:
            lines.extend(["", f"_… and {len(rows) - LIMIT} more._"])

    section(
        "People met",
        ["name", "role", "met", "where"],
        [
            [
                p["name"] + (" (new)" if p["new"] else ""),
                p["role"] or "",
                p["interactions"],
                ", ".join(p["places"][:2]),
            ]
            for p in summary["people"]
        ],
        "Nobody.",
    )
    section(
        "Places visited",
        ["place", "visits", "people"],
        [[p["name"], p["visits"], p["people"]] for p in summary["places"]],
        "None.",
    )
    section(
        "Beat coverage: not visited this week",
        ["place", "visits in the 4 weeks before"],
        [[p["name"], p["visits_before"]] for p in summary["not_visited"]],
        "Every place of the last four weeks was visited.",
    )
    concerns = summary["concerns"]
    for key, title in (
        ("opened", "Concerns opened"),
        ("resolved", "Concerns resolved"),
        ("reported_back", "Reported back"),
    ):
        section(
            title,
            ["id", "concern", "raised by", "where"],
            [
                [c["short_id"], c["text"], _people_text(c["raised_by"]), c["place"] or "—"]
                for c in concerns[key]
            ],
            "None.",
        )
    section(
        "Still open at the end of the week",
        ["id", "concern", "age (days)", "raised by"],
        [
            [c["short_id"], c["text"], c["age_days"], _people_text(c["raised_by"])]
            for c in concerns["open"]
        ],
        "None.",
    )
    section(
        "Owed report-backs",
        ["id", "concern", "tell"],
        [
            [c["short_id"], c["text"], _people_text([t["name"] for t in c["tell"]])]
            for c in summary["owed_report_backs"]
        ],
        "None.",
    )
    section(
        "Follow-ups due in the coming week",
        ["id", "concern", "due"],
        [
            [c["short_id"], c["text"], _day(c["due"]) + (" (overdue)" if c["overdue"] else "")]
            for c in summary["follow_ups_due"]
        ],
        "None.",
    )
    if summary.get("redacted"):
        section(
            "Tips received",
            ["place", "tips"],
            [[t["place"], t["count"]] for t in summary["tips"]],
            "None.",
        )
    else:
        section(
            "Tips received",
            ["when", "where", "tip", "from"],
            [
                [_day(t["when"]), t["place"] or "—", t["text"], _people_text(t["people"])]
                for t in summary["tips"]
            ],
            "None.",
        )
    section(
        "Safety information shared",
        ["information", "times", "people reached"],
        [[s["text"], s["times"], s["people_reached"]] for s in summary["shared"]],
        "None.",
    )
    section(
        "Not seen this week",
        ["name", "role", "last met", "usually at"],
        [
            [p["name"], p["role"] or "", _day(p["last_met"]), p["usually_at"] or "—"]
            for p in summary["not_seen"]
        ],
        "No regular was missed.",
    )
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- html


def html(summary: dict[str, Any]) -> str:
    """One self-contained page: inline CSS and SVG, no scripts, every user text escaped."""
    from importlib.resources import files

    from jinja2 import Environment, select_autoescape

    template_text = (files("patrol_journal.render") / "templates" / "summary.html").read_text(
        encoding="utf-8"
    )
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    environment.filters["day"] = _day
    environment.filters["people"] = _people_text
    template = environment.from_string(template_text)
    peak = max((d["interactions"] for d in summary["per_day"]), default=0) or 1
    bars = [
        {**day, "height": round(100 * day["interactions"] / peak), "x": 10 + i * 40}
        for i, day in enumerate(summary["per_day"])
    ]
    headline = [
        {
            "label": label,
            "value": summary["totals"][key],
            "change": change(summary["totals"][key], summary["previous"][key]),
        }
        for key, label in HEADLINE
    ]
    return template.render(
        s=summary,
        title=period_title(summary),
        bars=bars,
        headline=headline,
        chart_width=20 + 40 * len(bars),
        limit=LIMIT,
    )
