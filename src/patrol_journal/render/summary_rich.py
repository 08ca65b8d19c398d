"""The weekly summary for the terminal: rich panels and tables, cut to fit a screen or two."""

from __future__ import annotations

from typing import Any

from patrol_journal.render.summary import (
    HEADLINE,
    TERMINAL_LIMIT,
    change,
    chart,
    compared_with,
    day_count,
    period_title,
    sections,
)


def print_rich(summary: dict[str, Any], limit: int = TERMINAL_LIMIT) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    from patrol_journal.render.terminal import Text, console

    out = console()
    if out.width > 80:
        out.width = 80
    parts: list[Any] = []  # printed at once
    if summary.get("redacted"):
        parts.append(Text("Redacted: names no one; tips counted, not quoted; no notes or ids."))
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
    # The title on a line of its own, wrapped if need be: a panel's title is cut.
    parts.append(Text(period_title(summary), style="bold"))
    parts.append(
        Panel(
            headline,
            subtitle=Text(f"changes against {compared_with(summary)}", style="dim"),
            subtitle_align="left",
        )
    )
    title, chart_bars = chart(summary)
    peak = max((bar["interactions"] or 0 for bar in chart_bars), default=0) or 1
    bars = Table.grid(padding=(0, 1))
    for bar in chart_bars:
        width = round(30 * (bar["interactions"] or 0) / peak)
        bars.add_row(bar["label"], Text("█" * width, style="cyan"), Text(day_count(bar), style=""))
    parts.append(Panel(bars, title=title, title_align="left"))
    for section in sections(summary):
        if not section.total:
            parts.append(Text(f"{section.title}: {section.empty}", style="dim"))
            continue
        shown = Table(title=section.title, title_justify="left", expand=False)
        for number, column in enumerate(section.header):
            shown.add_column(column, overflow="fold", no_wrap=section.names_first and not number)
        for row in section.rows[:limit]:
            shown.add_row(*[Text(str(cell)) for cell in row])
        parts.append(shown)
        if section.more(limit):
            parts.append(
                Text(
                    f"  … and {section.more(limit)} more (-n for more; --json alone has all)",
                    style="dim",
                )
            )
    out.print(Group(*parts))
