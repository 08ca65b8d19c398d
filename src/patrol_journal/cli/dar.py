"""`pj dar`: the daily activity report of a shift, derived from what was recorded."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from patrol_journal.cli.common import (
    FormatOpt,
    JsonOpt,
    OutputOpt,
    TeamOpt,
    format_of,
    state,
)
from patrol_journal.cli.complete import complete_person
from patrol_journal.cli.root import app
from patrol_journal.errors import UsageError


@app.command()
def dar(
    ctx: typer.Context,
    shift: Annotated[
        str | None,
        typer.Option("--shift", metavar="ID", help="The shift (a unique prefix of its id)."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="The shift begun that day: 2026-11-28, yesterday."
        ),
    ] = None,
    last: Annotated[
        bool,
        typer.Option("--last", help="The last shift (the default: the open one, or the last)."),
    ] = False,
    tips: Annotated[
        bool, typer.Option("--tips", help="Quote the tips (by default they are counted).")
    ] = False,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact", help="Name no one it met: people counted, names taken out of texts."
        ),
    ] = False,
    officer: Annotated[
        str | None,
        typer.Option(
            "--officer",
            metavar="NAME",
            help="A teammate's shift (with --team).",
            shell_complete=complete_person,
        ),
    ] = None,
    team: TeamOpt = False,
    format_: FormatOpt = None,
    output: OutputOpt = None,
    json_: JsonOpt = False,
) -> None:
    """The daily activity report (DAR) of one shift: its header, every entry in time
    order (marked when written more than 15 minutes after it happened), every hour and
    more with no entry, the closing, and a place to sign. Never typed: made from the
    sealed records, so it says what the journal says."""
    from patrol_journal.views import shifts as core
    from patrol_journal.views.redact import Redactor, redact_dar

    if sum(given is not None for given in (shift, date)) + last > 1:
        raise UsageError("give one of --shift, --date and --last")
    if officer is not None and not team:
        raise UsageError("--officer reads a teammate's journal: give --team as well")
    run = state(ctx)
    chosen = format_of(ctx, format_, json_, output)
    now = run.now()
    with run.open_index(team=team) as index:
        who = officer or index.me
        if officer is not None and not core.shifts(index, "officer = ?", (officer,)):
            raise UsageError(f"no shift of an officer called '{officer}' in the team's journals")
        if shift is not None:
            from patrol_journal.index.ids import resolve_id

            full = resolve_id(index, shift, types=("shift",), listing="pj shift list")
            found = core.shift_by_id(index, full)
        elif date is not None:
            start, end = run.bound(date, end=False), run.bound(date, end=True)
            assert start is not None and end is not None
            found = core.shift_on(index, int(start.timestamp()), int(end.timestamp()) + 1, who)
        else:
            still_open = core.open_shift(index, who) if not last else None
            found = still_open or core.last_shift(index, who)
        data = core.dar(index, found, now, tips=tips)
        if redact:
            data = redact_dar(data, Redactor.of(index))
    _emit(data, chosen, output)


def _emit(data: dict[str, Any], chosen: str, output: Any) -> None:
    from patrol_journal.cli.common import emit_document
    from patrol_journal.render import shifts as shown
    from patrol_journal.render import tables

    title = shown.dar_title(data)
    emit_document(
        data,
        chosen,
        output,
        what="daily activity report",
        rich=lambda: shown.print_dar(data),
        markdown=lambda: tables.to_markdown(shown.dar_tables(data), title),
        html=lambda: tables.to_html(shown.dar_tables(data), title, style=shown.PRINT_STYLE),
        csv=lambda: tables.to_csv(_csv_table(data, title)),
    )


def _csv_table(data: dict[str, Any], title: str) -> Any:
    """The entries and gaps as one CSV: raw values, a gap a row of type "gap"."""
    from datetime import datetime

    from patrol_journal.render import tables
    from patrol_journal.views.shifts import ENTRY_COLUMNS

    rows = [*data["entries"]]
    rows += [
        {"when": gap["from"], "type": "gap", "text": f"no entry until {gap['to']}"}
        for gap in data["gaps"]
    ]
    rows.sort(key=lambda row: datetime.fromisoformat(row["when"]))
    plain = [{key: row.get(key) for key in ENTRY_COLUMNS} for row in rows]
    return tables.rows_table(title, plain, list(ENTRY_COLUMNS))
