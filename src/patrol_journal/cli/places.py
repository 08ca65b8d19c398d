"""`pj places`: the beat, place by place (one place before walking it is `pj brief`)."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import (
    FormatOpt,
    JsonOpt,
    OutputOpt,
    RowsOpt,
    TeamOpt,
    emit_view,
    format_of,
    state,
)
from patrol_journal.cli.root import app


@app.command()
def places(
    ctx: typer.Context,
    not_visited_for: Annotated[
        int | None,
        typer.Option(
            "--not-visited-for",
            metavar="DAYS",
            min=1,
            help="Only places not visited for DAYS days or more: the neglected beat.",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help="last (default), visits or name.")] = "last",
    limit: RowsOpt = 50,
    json_: JsonOpt = False,
    format_: FormatOpt = None,
    output: OutputOpt = None,
    team: TeamOpt = False,
) -> None:
    """Every place: visits, last visit, people met there, open concerns, kinds of contact."""
    from patrol_journal.errors import UsageError
    from patrol_journal.views.places import places as core

    if sort not in ("last", "visits", "name"):
        raise UsageError(f"unknown sort '{sort}': use last, visits or name")
    run = state(ctx)
    with run.open_index(team=team) as index:
        rows = core(index, run.now(), not_visited_for=not_visited_for, sort=sort)

    def show() -> None:
        from patrol_journal.render.places import print_places

        print_places(rows, not_visited_for, limit, team=team)

    chosen = format_of(ctx, format_, json_, output)
    from patrol_journal.views.places import COLUMNS

    emit_view(run, rows, title="Places", chosen=chosen, output=output, rich=show, columns=COLUMNS)
