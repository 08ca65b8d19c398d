"""`pj brief`: one place before walking it."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import JsonOpt, TeamOpt, emit_json, state
from patrol_journal.cli.complete import complete_place
from patrol_journal.cli.root import app


@app.command()
def brief(
    ctx: typer.Context,
    place: Annotated[
        str, typer.Argument(help="The place you are about to walk.", shell_complete=complete_place)
    ],
    json_: JsonOpt = False,
    team: TeamOpt = False,
) -> None:
    """Before walking a beat: who is usually met there, what is open, what is due."""
    from patrol_journal.config import week_start
    from patrol_journal.views.brief import brief as core
    from patrol_journal.views.names import resolve

    run = state(ctx)
    with run.open_index(team=team) as index:
        data = core(index, resolve(index, place, "place"), run.now(), week_start())
    if json_:
        emit_json(data)
        return
    from patrol_journal.render.brief import print_brief

    print_brief(data, team=team)
