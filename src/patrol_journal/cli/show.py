"""`pj show`: one record with its history."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state
from patrol_journal.cli.complete import complete_record_id
from patrol_journal.cli.root import app
from patrol_journal.index.ids import resolve_id


@app.command()
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="An id or a unique prefix of one.",
            shell_complete=complete_record_id,
        ),
    ],
    json_: JsonOpt = False,
) -> None:
    """One record with its full history: corrections, concerns and their events."""
    from patrol_journal.views.history import record_history

    run = state(ctx)
    with run.open_shared_index() as index:
        full_id = resolve_id(index, record_id)
        history = record_history(index, full_id, run.now())
    if json_:
        emit_json(history)
        return
    from patrol_journal.render.history import print_history

    print_history(history)
