"""`pj team status` for the terminal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.table import Table

from patrol_journal.render.terminal import Text, console, when_text
from patrol_journal.vocab import plural


def print_status(report: dict[str, Any], now: datetime) -> None:
    out = console()
    state = f"on {report['branch']}" if report["branch"] else "not on a branch"
    if report["upstream"]:
        state += f", tracking {report['upstream']}"
        if report["ahead"]:
            state += f", {plural(report['ahead'], 'commit')} not pushed yet"
        if report["behind"]:
            state += f", {plural(report['behind'], 'commit')} fetched, not yet joined"
    else:
        state += ", never synced (run 'pj sync')"
    table = Table(title=f"Team: {report['team']} ({state})", title_justify="left")
    table.add_column("officer")
    table.add_column("journal", no_wrap=True)
    table.add_column("records", justify="right")
    table.add_column("last entry", no_wrap=True)
    table.add_column("last sync", no_wrap=True)
    table.add_column("chain head", style="dim")
    for row in report["journals"]:
        name = row["officer"] + (" (you)" if row["you"] else "")
        synced = _when(row["last_sync"], now)
        if row["unsynced"]:
            synced += " + changes"
        table.add_row(
            Text(name),
            row["journal"].rsplit("/", 1)[-1],
            str(row["records"]),
            _when(row["last_entry"], now),
            synced,
            row["chain_head"] or "—",
        )
    out.print(table)
    for row in report["journals"]:
        for line in row["problems"]:
            out.print(Text(f"! {line}"))
    for line in report["warnings"]:
        out.print(Text(f"! {line}"))


def _when(moment: str | None, now: datetime) -> str:
    if not moment:
        return "—"
    parsed = datetime.fromisoformat(moment)
    return when_text(parsed, with_year=parsed.year != now.year)
