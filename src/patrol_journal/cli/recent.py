"""`pj recent`: the last interactions (one record with its history is `pj show`)."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import (
    FormatOpt,
    JsonOpt,
    OutputOpt,
    TeamOpt,
    emit_view,
    format_of,
    state,
)
from patrol_journal.cli.root import app


@app.command()
def recent(
    ctx: typer.Context,
    count: Annotated[
        int, typer.Option("-n", "--count", min=1, help="How many interactions to show.")
    ] = 10,
    json_: JsonOpt = False,
    format_: FormatOpt = None,
    output: OutputOpt = None,
    team: TeamOpt = False,
) -> None:
    """The last N interactions, newest first (corrections applied)."""
    from patrol_journal.views.interactions import COLUMNS
    from patrol_journal.views.interactions import recent as latest

    run = state(ctx)
    with run.open_index(team=team) as index:
        views = latest(index, count)
    title = f"Last {len(views)} interactions" if len(views) > 1 else "Last interaction"

    def show() -> None:
        from patrol_journal.render.terminal import console, interactions_table

        if not views:
            typer.echo('No interactions yet. Record one with: pj log "..." --with NAME --at PLACE')
            return
        console().print(interactions_table(views, run.now(), title=title, team=team))

    rows = [view.to_json() for view in views]
    chosen = format_of(ctx, format_, json_, output)
    emit_view(run, rows, title=title, chosen=chosen, output=output, rich=show, columns=COLUMNS)
