"""`pj init`: create a journal."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import state
from patrol_journal.cli.root import app


@app.command()
def init(
    ctx: typer.Context,
    officer: Annotated[
        str | None,
        typer.Option("--officer", "-o", metavar="NAME", help="Your name, shown on summaries."),
    ] = None,
) -> None:
    """Create a new journal (mode 0600). Never overwrites an existing one."""
    from patrol_journal.journal.write import create
    from patrol_journal.recording import check_name

    run = state(ctx)
    location = run.location()
    name = check_name(officer, "the officer's name") if officer is not None else None
    create(location.path, name, run.now())
    typer.echo(f"Created a new journal at {location.path} ({location.detail}).")
    typer.echo(
        "Record your first contact with: "
        'pj log "Chat by the swings" --with "Maria Lopez" --at "Elm Park"'
    )
