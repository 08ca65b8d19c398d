"""`pj people`: who the officer has met (one person's card is `pj person`)."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import (
    FormatOpt,
    JsonOpt,
    OutputOpt,
    RowsOpt,
    SinceOpt,
    TeamOpt,
    UntilOpt,
    emit_view,
    format_of,
    state,
)
from patrol_journal.cli.complete import complete_place
from patrol_journal.cli.root import app

NotSeenOpt = Annotated[
    int | None,
    typer.Option(
        "--not-seen-for",
        metavar="DAYS",
        min=1,
        help="Only people met at least twice and not for DAYS days or more: who to look for.",
        show_default=False,
    ),
]


@app.command()
def people(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            "-a",
            metavar="PLACE",
            help="Only meetings at this place.",
            shell_complete=complete_place,
        ),
    ] = None,
    not_seen_for: NotSeenOpt = None,
    sort: Annotated[str, typer.Option("--sort", help="last (default), count or name.")] = "last",
    limit: RowsOpt = 50,
    json_: JsonOpt = False,
    format_: FormatOpt = None,
    output: OutputOpt = None,
    team: TeamOpt = False,
) -> None:
    """Everyone you have met: role, times met, first and last met, where, open concerns."""
    from patrol_journal.errors import UsageError
    from patrol_journal.views.names import resolve
    from patrol_journal.views.people import people as core

    if sort not in ("last", "count", "name"):
        raise UsageError(f"unknown sort '{sort}': use last, count or name")
    run = state(ctx)
    with run.open_index(team=team) as index:
        place_key = resolve(index, at, "place") if at is not None else None
        rows = core(
            index,
            run.now(),
            since=run.bound(since, end=False),
            until=run.bound(until, end=True),
            place_key=place_key,
            not_seen_for=not_seen_for,
            sort=sort,
        )

    def show() -> None:
        from patrol_journal.render.people import print_people

        print_people(rows, not_seen_for, limit, team=team)

    chosen = format_of(ctx, format_, json_, output)
    from patrol_journal.views.people import COLUMNS

    emit_view(run, rows, title="People", chosen=chosen, output=output, rich=show, columns=COLUMNS)
