"""`pj search`: find interactions by words, people, places, kinds, tags and dates."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import (
    FormatOpt,
    JsonOpt,
    OutputOpt,
    SinceOpt,
    TeamOpt,
    UntilOpt,
    emit_view,
    format_of,
    state,
)
from patrol_journal.cli.complete import complete_kind, complete_person, complete_place
from patrol_journal.cli.root import app


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        str | None,
        typer.Argument(
            metavar="[QUERY]", help="Words that must all appear (any case).", show_default=False
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            metavar="NAME",
            help="Only with this person.",
            shell_complete=complete_person,
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", "-a", metavar="PLACE", help="Only at this place.", shell_complete=complete_place
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", "-k", help="Only this kind.", shell_complete=complete_kind),
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Only with this tag.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    count: Annotated[int, typer.Option("-n", "--count", min=1, help="At most this many.")] = 50,
    json_: JsonOpt = False,
    format_: FormatOpt = None,
    output: OutputOpt = None,
    team: TeamOpt = False,
) -> None:
    """Find interactions across text, concerns, tips, shared information, names and places."""
    from patrol_journal.recording import check_kind
    from patrol_journal.views.interactions import found_concerns, search
    from patrol_journal.views.names import resolve

    run = state(ctx)
    with run.open_index(team=team) as index:
        concerns = (
            []
            if kind is not None or tag is not None  # concerns have neither
            else found_concerns(
                index,
                words,
                person_key=resolve(index, with_, "person") if with_ is not None else None,
                place_key=resolve(index, at, "place") if at is not None else None,
                since=run.bound(since, end=False),
                until=run.bound(until, end=True),
                limit=count,
            )
        )
        views = search(
            index,
            words,
            person_key=resolve(index, with_, "person") if with_ is not None else None,
            place_key=resolve(index, at, "place") if at is not None else None,
            kind=check_kind(kind) if kind is not None else None,
            tag=tag,
            since=run.bound(since, end=False),
            until=run.bound(until, end=True),
            limit=count,
        )
    from datetime import datetime

    rows = [{"type": "interaction", **view.to_json()} for view in views] + concerns
    # Newest first; at the same moment interactions first (the sort is stable).
    rows.sort(key=lambda row: datetime.fromisoformat(row["when"]), reverse=True)

    def show() -> None:
        from patrol_journal.render.terminal import concerns_found, console, interactions_table

        if not views and not concerns:
            typer.echo("Nothing found.")
            return
        out = console()
        if views:
            title = f"{len(views)} found, newest first"
            out.print(
                interactions_table(
                    views, run.now(), title=title, highlight=(words or "").split(), team=team
                )
            )
        if concerns:
            out.print(concerns_found(concerns, run.now()))

    chosen = format_of(ctx, format_, json_, output)
    from patrol_journal.views.interactions import SEARCH_COLUMNS

    found = rows[:count]
    emit_view(
        run, found, title="Found", chosen=chosen, output=output, rich=show, columns=SEARCH_COLUMNS
    )
