"""`pj recent`: the last interactions (one record with its history is `pj show`)."""

from __future__ import annotations

from pathlib import Path

from patrol_journal.cli import declare
from patrol_journal.cli.emit import echo, emit_view, format_of
from patrol_journal.cli.state import State


def recent(
    run: State, count: int, json_: bool, format_: str | None, output: Path | None, team: bool
) -> None:
    """The last N interactions, newest first (corrections applied)."""
    from patrol_journal.views.interactions import COLUMNS
    from patrol_journal.views.interactions import recent as latest

    with run.open_index(team=team) as index:
        views = latest(index, count)
    title = f"Last {len(views)} interactions" if len(views) > 1 else "Last interaction"

    def show() -> None:
        from patrol_journal.render.terminal import console, interactions_table

        if not views:
            echo('No interactions yet. Record one with: pj log "..." --with NAME --at PLACE')
            return
        console().print(interactions_table(views, run.now(), title=title, team=team))

    rows = [view.to_json() for view in views]
    chosen = format_of(run, format_, json_, output)
    emit_view(run, rows, title=title, chosen=chosen, output=output, rich=show, columns=COLUMNS)


COUNT = declare.Param(
    "count",
    "-n",
    "--count",
    kind="int",
    default=10,
    minimum=1,
    help="How many interactions to show.",
)
COMMAND = declare.Command(
    "recent",
    (COUNT, declare.JSON, declare.FORMAT, declare.OUTPUT, declare.TEAM),
    recent,
)
